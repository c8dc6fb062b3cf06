/**
 * Exports that open safely and correctly in Excel: a cell that starts with = + - @ (or a tab or CR) cannot run
 * as a formula (CSV: a leading apostrophe; .xlsx: string cells, never formulas), and Chinese opens correctly
 * (CSV with a UTF-8 BOM).
 */
import ExcelJS from 'exceljs';
import type { ReportTable } from '../../core/reports/reportTable';

/** Neutralises spreadsheet formula injection: a leading apostrophe makes Excel show the text as typed. */
export function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * A report as rows of cells, as core/reports defines it. Counts and amounts are numbers, so Excel can sum them
 * (text that looks like a number gets Excel's "number stored as text" warning); `money` lists the columns shown
 * with two decimals (yuan).
 */
export type Table = ReportTable;

const cellText = (v: string | number) => (typeof v === 'number' ? String(v) : safeCell(v));

export function toCsv(table: Table): Buffer {
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const money = new Set(table.money ?? []);
  const lines = [table.columns.map(safeCell), ...table.rows.map((r) => r.map((v, i) => (typeof v === 'number' && money.has(i) ? v.toFixed(2) : cellText(v))))]
    .map((r) => r.map(quote).join(','));
  return Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');
}

export async function toXlsx(table: Table): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Relay 接力';
  const ws = wb.addWorksheet(table.title.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '));
  ws.addRow([table.title]).font = { bold: true, size: 14 };
  ws.addRow(table.columns).font = { bold: true };
  // Text goes in as string cells, which Excel never evaluates: it stays exactly as the school typed it.
  for (const r of table.rows) ws.addRow(r);
  ws.columns.forEach((c) => { c.width = 14; });
  for (const i of table.money ?? []) ws.getColumn(i + 1).numFmt = '0.00';
  return Buffer.from(await wb.xlsx.writeBuffer());
}
