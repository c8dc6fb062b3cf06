/**
 * Reads the office's roster file into a table of strings, as schools really save them: .xlsx (merged cells
 * filled from their first cell, numbers and dates as the sheet shows them) and .csv in UTF-8 with or without a
 * BOM, UTF-16, or GBK (Chinese Excel's default CSV encoding).
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export class TableError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}

/** Bytes to text: a BOM decides; otherwise UTF-8 if it decodes cleanly, else GB18030 (a superset of GBK). */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return iconv.decode(Buffer.from(bytes), 'gb18030');
  }
}

/** RFC 4180 CSV: quoted fields with commas, quotes and line breaks inside; CRLF or LF. Tabs too (a "CSV" saved as text). */
export function parseCsv(text: string): string[][] {
  const delimiter = !text.split('\n', 1)[0]!.includes(',') && text.includes('\t') ? '\t' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((t) => t.text).join('');
  if (typeof value === 'object' && 'result' in value) return cellText(value.result as ExcelJS.CellValue);
  if (typeof value === 'object' && 'text' in value) return String(value.text);
  return '';
}

export async function readXlsx(bytes: Uint8Array): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    throw new TableError(
      '无法读取这个 Excel 文件（请另存为 .xlsx 或 .csv）',
      'Cannot read this Excel file: save it as .xlsx or .csv',
    );
  }
  const sheet = wb.worksheets[0];
  if (!sheet) throw new TableError('Excel 文件中没有工作表', 'The workbook has no sheet');
  const rows: string[][] = [];
  // exceljs's columnCount walks every row: read once, not per cell (3,000 rows took 7–15 s, issue #20).
  const rowCount = sheet.rowCount,
    columnCount = sheet.columnCount;
  for (let r = 1; r <= rowCount; r++) {
    const row = sheet.getRow(r);
    const out: string[] = [];
    for (let c = 1; c <= columnCount; c++) {
      const cell = row.getCell(c);
      // A merged block (a class name spanning many rows) counts for every row it covers.
      out.push(cellText(cell.isMerged ? cell.master.value : cell.value));
    }
    rows.push(out);
  }
  return rows;
}

export const MAX_ROSTER_BYTES = 5_000_000;

export async function readTable(fileName: string, bytes: Uint8Array): Promise<string[][]> {
  if (bytes.length > MAX_ROSTER_BYTES) throw new TableError('文件太大（上限 5 MB）', 'File too large (5 MB at most)');
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (/\.xlsx$/i.test(fileName) || isZip) return readXlsx(bytes);
  if (/\.xls$/i.test(fileName))
    throw new TableError(
      '不支持旧版 .xls，请在 Excel 中另存为 .xlsx',
      'Old .xls files are not supported: save as .xlsx',
    );
  return parseCsv(decodeText(bytes));
}
