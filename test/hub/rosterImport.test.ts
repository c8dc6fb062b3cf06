/**
 * Roster files as schools really save them: GBK CSV with a title row, full-width digits and stray spaces,
 * UTF-8 with a BOM and English headers, .xlsx with merged cells, and a file with bad rows that changes nothing.
 */
import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { planImport } from '../../core/rosterImport';
import type { Roster } from '../../core/roster';
import { makeDemoSchool } from '../../hub/demo/demoSchool';
import { pinyinInitials } from '../../hub/roster/initials';
import { planFromFile } from '../../hub/roster/importRoster';
import { decodeText, parseCsv, readTable } from '../../hub/roster/readTable';

const fakeRandom = (n: number) => new Uint8Array(randomBytes(n));
const demo = (): Roster => makeDemoSchool({ randomBytes: fakeRandom });
const opts = { randomBytes: fakeRandom, initials: pinyinInitials, now: 1 };

const GBK_CSV = [
  '接力演示小学课后服务学生花名册,,,,,,',
  '学号,姓名,年级,班级,课后服务班,接送方式,电话',
  '２０２６９００１, 张 三 ,一年级,１班,一年级1班（本班看护）,家长接送,138 0000 0001',
  '',
  '20269002,李四,一年级,(2)班,一年级混合班,校车 2,13800000002',
  '20269003,王五,三年级,3班,三年级混合班,自行回家,13800000003',
  ',,,,,,',
].join('\r\n');

describe('reading roster files', () => {
  it("decodes GBK (Chinese Excel's CSV), UTF-8 with a BOM, and plain UTF-8", () => {
    expect(decodeText(iconv.encode('学号,姓名', 'gbk'))).toBe('学号,姓名');
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('学号,姓名')]))).toBe('学号,姓名');
    expect(decodeText(Buffer.from('学号,姓名'))).toBe('学号,姓名');
  });

  it('parses quoted CSV fields with commas, quotes and line breaks', () => {
    expect(parseCsv('a,"b,c","d ""e""","f\ng"\r\n1,2,3,4')).toEqual([
      ['a', 'b,c', 'd "e"', 'f\ng'],
      ['1', '2', '3', '4'],
    ]);
  });

  it('reads .xlsx with a merged title row and a class merged over many rows', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('花名册');
    ws.addRow(['接力演示小学课后服务学生花名册']);
    ws.mergeCells('A1:E1');
    ws.addRow(['班级', '学号', '姓名', '年级', '课后服务班']);
    ws.addRow(['2班', 20269101, '赵六', 1, '一年级混合班']);
    ws.addRow([null, 20269102, '钱七', 1, '一年级混合班']);
    ws.mergeCells('A3:A4');
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const table = await readTable('roster.xlsx', bytes);
    expect(table[3]).toEqual(['2班', '20269102', '钱七', '1', '一年级混合班']);
    const plan = planImport(demo(), table, opts);
    expect(plan.errors).toEqual([]);
    expect(plan.headerRow).toBe(2);
    expect(plan.added.map((s) => [s.studentNo, s.classId, s.groupId])).toEqual([
      ['20269101', 'c1-2', 'g1-mixed'],
      ['20269102', 'c1-2', 'g1-mixed'],
    ]);
  });

  it('refuses an old .xls and a file that is not a spreadsheet, clearly', async () => {
    await expect(readTable('roster.xls', new Uint8Array([1, 2, 3]))).rejects.toThrow(/xlsx/);
    await expect(readTable('roster.xlsx', new Uint8Array([0x50, 0x4b, 3, 4, 0]))).rejects.toMatchObject({
      zh: expect.stringContaining('无法读取'),
    });
  });
});

describe('planning an import', () => {
  it('a messy GBK CSV: title row, full-width digits, stray spaces, blank rows, bus and walking plans', async () => {
    const roster = demo();
    const plan = await planFromFile(roster, '花名册.csv', iconv.encode(GBK_CSV, 'gbk'), 1);
    expect(plan.errors).toEqual([]);
    expect(plan.headerRow).toBe(2);
    const added = Object.fromEntries(plan.added.map((s) => [s.studentNo, s]));
    expect(added['20269001']).toMatchObject({
      name: '张三',
      initials: 'zs',
      grade: 1,
      classId: 'c1-1',
      groupId: 'g1-whole',
      pickup: { kind: 'guardian' },
    });
    expect(added['20269002']).toMatchObject({ classId: 'c1-2', pickup: { kind: 'bus', bus: '2' } });
    expect(added['20269003']).toMatchObject({ grade: 3, pickup: { kind: 'walks_alone' } });
    // The file lists only these three: everyone else on the demo roster would be removed, and their cards revoked.
    expect(plan.removed).toHaveLength(roster.students.length);
    expect(plan.roster.revokedCards.length).toBe(roster.students.length);
    expect(new Set(plan.added.map((s) => s.cardId)).size).toBe(3);
  });

  it('UTF-8 with a BOM, English headers in another order, numbers stored as text with a trailing .0', async () => {
    const csv =
      '\uFEFFName,Class,Student No,Grade,Care group,Pickup,Bus\n"Zhao, Lei",2,20269401.0,3,三年级混合班,bus,1\n欧阳娜娜,(1)班,20269402,Grade 3,,walk,\n';
    const plan = await planFromFile(demo(), 'roster.csv', new TextEncoder().encode(csv), 1);
    expect(plan.errors).toEqual([]);
    expect(plan.columns).toMatchObject({
      studentNo: 'Student No',
      name: 'Name',
      className: 'Class',
      grade: 'Grade',
      group: 'Care group',
    });
    expect(plan.added.map((s) => [s.studentNo, s.name, s.classId, s.groupId, s.pickup.kind])).toEqual([
      ['20269401', 'Zhao, Lei', 'c3-2', 'g3-mixed', 'bus'],
      ['20269402', '欧阳娜娜', 'c3-1', null, 'walks_alone'],
    ]);
  });

  it('re-importing the current roster changes nothing; a change of group is reported as changed', () => {
    const roster = demo();
    const rows = [
      ['学号', '姓名', '年级', '班级', '课后服务班', '接送方式', '校车', '批次'],
      ...roster.students.map((s) => [
        s.studentNo,
        s.name,
        String(s.grade),
        s.classId.split('-')[1]! + '班',
        roster.groups.find((g) => g.id === s.groupId)?.name ?? '',
        s.pickup.kind === 'bus' ? '校车' : s.pickup.kind === 'walks_alone' ? '自行回家' : '家长接送',
        s.pickup.kind === 'bus' ? s.pickup.bus : '',
        String(s.pickupWave),
      ]),
    ];
    const same = planImport(roster, rows, opts);
    expect(same.errors).toEqual([]);
    expect({
      added: same.added.length,
      changed: same.changed.length,
      removed: same.removed.length,
      unchanged: same.unchanged,
    }).toEqual({ added: 0, changed: 0, removed: 0, unchanged: 240 });
    const who = roster.students.findIndex((s) => s.groupId === 'g1-whole');
    const moved = rows.map((r, i) => (i === who + 1 ? [...r.slice(0, 4), '一年级混合班', ...r.slice(5)] : r));
    const plan = planImport(roster, moved, opts);
    expect(plan.changed.map((c) => [c.after.studentNo, c.fields])).toEqual([
      [roster.students[who]!.studentNo, ['groupId']],
    ]);
    // Cards survive a re-import: reprinting is the only way to a new card.
    expect(plan.roster.students[0]!.cardId).toBe(roster.students[0]!.cardId);
  });

  it('every bad row is reported with its row number, column and reason in Chinese, and nothing is applied', () => {
    const roster = demo();
    const table = [
      ['学号', '姓名', '年级', '班级', '课后服务班', '电话'],
      ['20269201', '好学生', '一年级', '1班', '一年级混合班', ''],
      ['', '无学号', '一年级', '1班', '', ''],
      ['20269202', '坏年级', '十三年级', '1班', '', ''],
      ['20269203', '错组', '一年级', '1班', '火星班', ''],
      ['20269201', '重复', '一年级', '1班', '', ''],
      ['20269204', '错电话', '一年级', '1班', '', '12ab'],
      ['20269205', '=HYPERLINK("x")', '一年级', '甲班', '', ''],
    ];
    const plan = planImport(roster, table, opts);
    expect(plan.errors.map((e) => [e.row, e.column, e.reason.zh])).toEqual([
      [3, '学号', '学号为空'],
      [4, '年级', '无法识别年级（如：一年级、3）'],
      [5, '课后服务班', '没有这个课后服务班，请先在“分组”中建立'],
      [6, '学号', '学号与第 2 行重复'],
      [7, '电话', '电话号码格式不对'],
      [8, '班级', '无法识别班级（如：1班、(2)班）'],
    ]);
    expect(plan.roster).toBe(roster);
  });

  it('a sheet without the needed columns says what is missing', () => {
    expect(
      planImport(
        demo(),
        [
          ['a', 'b'],
          ['1', '2'],
        ],
        opts,
      ).errors[0]?.reason.zh,
    ).toMatch(/学号.*姓名/);
  });

  it('pinyin initials for search come from the name', () => {
    expect(pinyinInitials('张小明')).toBe('zxm');
    expect(pinyinInitials('欧阳娜娜')).toBe('oynn');
  });
});
