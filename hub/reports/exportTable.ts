/**
 * Exports that open safely and correctly in Excel: a cell that starts with = + - @ (or a tab or CR) cannot run
 * as a formula (CSV: a leading apostrophe; .xlsx: string cells, never formulas), and Chinese opens correctly
 * (CSV with a UTF-8 BOM).
 */
import ExcelJS from 'exceljs';

/** Neutralises spreadsheet formula injection: a leading apostrophe makes Excel show the text as typed. */
export function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export interface Table { title: string; columns: string[]; rows: string[][] }

export function toCsv(table: Table): Buffer {
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [table.columns, ...table.rows].map((r) => r.map((v) => quote(safeCell(v))).join(','));
  return Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');
}

export async function toXlsx(table: Table): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Relay 接力';
  const ws = wb.addWorksheet(table.title.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '));
  ws.addRow([table.title]).font = { bold: true, size: 14 };
  ws.addRow(table.columns).font = { bold: true };
  // Written as string cells, which Excel never evaluates; the text stays exactly as the school typed it.
  for (const r of table.rows) ws.addRow(r);
  ws.columns.forEach((c) => { c.width = 14; });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
