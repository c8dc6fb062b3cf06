import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { safeCell, toCsv, toXlsx } from '../../hub/reports/exportTable';

const hostile = ['=HYPERLINK("http://evil","点我")', '+1+1', '-2', '@SUM(A1)', '张三'];
const table = { title: '签到表', columns: ['姓名'], rows: hostile.map((h) => [h]) };

describe('safe exports', () => {
  it('a CSV opens in Excel with Chinese intact (BOM) and no cell can run as a formula', () => {
    const text = toCsv(table).toString('utf8');
    expect(text.startsWith('\uFEFF姓名')).toBe(true);
    const cells = text.slice(1).trim().split('\r\n').slice(1);
    expect(cells).toEqual(['"\'=HYPERLINK(""http://evil"",""点我"")"', "'+1+1", "'-2", "'@SUM(A1)", '张三']);
    expect(safeCell('正常')).toBe('正常');
  });

  it('an .xlsx keeps hostile names as plain text cells, never formulas', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await toXlsx(table)) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const values = hostile.map((_, i) => ws.getRow(i + 3).getCell(1));
    expect(values.map((c) => c.type)).toEqual(hostile.map(() => ExcelJS.ValueType.String));
    expect(values.map((c) => c.value)).toEqual(hostile);
  });

  it('counts and amounts are numbers Excel can sum, amounts with two decimals; only our own numbers are numbers', async () => {
    const money = {
      title: '收费',
      columns: ['姓名', '课时', '退费(元)'],
      rows: [
        ['-2', 3, -0.8],
        ['张三', 2, 12],
      ],
      money: [2],
    };
    expect(toCsv(money).toString('utf8').slice(1).split('\r\n').slice(1, 3)).toEqual(["'-2,3,-0.80", '张三,2,12.00']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await toXlsx(money)) as unknown as ArrayBuffer);
    const row = wb.worksheets[0]!.getRow(3);
    expect([row.getCell(1).type, row.getCell(2).type, row.getCell(3).type]).toEqual([
      ExcelJS.ValueType.String,
      ExcelJS.ValueType.Number,
      ExcelJS.ValueType.Number,
    ]);
    expect(row.getCell(1).value).toBe('-2');
    expect(wb.worksheets[0]!.getColumn(3).numFmt).toBe('0.00');
  });
});
