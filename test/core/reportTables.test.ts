/**
 * Each report is defined once (title and columns, core/reports/*) and the hub's files and the office's screen are
 * built from that definition. These tests pin that the definitions give exactly the tables the hub built by hand
 * before (hub/createHub.ts, /admin/reports/*): the `hub…` functions below are that code, copied as it was.
 */
import { describe, expect, it } from 'vitest';
import type { BureauFigures } from '../../core/reports/bureau';
import { BUREAU_REPORT, bureauTable } from '../../core/reports/bureau';
import type { SheetRow } from '../../core/reports/dailySheet';
import { DAILY_SHEET_COLUMNS, DAILY_SHEET_REPORT, dailySheetTable } from '../../core/reports/dailySheet';
import type { FeeLine, FeeSummaryRow } from '../../core/reports/fees';
import {
  FEE_STATEMENT_REPORT,
  FEE_SUMMARY_REPORT,
  feeStatementTable,
  feeSummary,
  feeSummaryTable,
  yuan,
} from '../../core/reports/fees';
import type { ReportColumn } from '../../core/reports/reportTable';
import { screenCell, screenColumns } from '../../core/reports/reportTable';
import type { PeriodRow } from '../../core/reports/statistics';
import { PERIOD_COLUMNS, PERIOD_REPORT, periodTable } from '../../core/reports/statistics';
import type { TeacherHours } from '../../core/reports/teacherHours';
import { TEACHER_HOURS_REPORT, teacherHoursTable } from '../../core/reports/teacherHours';

const SCHOOL = '实验小学';
const FROM = '2026-11-02',
  TO = '2026-11-27';

// The hub's tables as createHub.ts built them, copied (line breaks added, `rosters.roster.school.name` → school).
const hubDaily = (school: string, group: { name: string }, day: string, rows: SheetRow[]) => ({
  title: `${school} ${group.name} 日出席签到表 ${day}`,
  columns: DAILY_SHEET_COLUMNS.map(([, zh]) => zh),
  rows: rows.map((r) => DAILY_SHEET_COLUMNS.map(([k]) => r[k])),
});
const hubBureau = (school: string, from: string, to: string, f: BureauFigures) => ({
  title: `${school} 课后服务情况 ${from} – ${to}（服务 ${f.serviceDays} 天，参与教师 ${f.teachers} 人）`,
  columns: ['年级', '报名人数', '服务学生数', '服务人次'],
  rows: f.rows.map((r) => [r.grade, r.enrolled, r.studentsServed, r.studentDays]),
});
const hubSummary = (school: string, from: string, to: string, summary: FeeSummaryRow[]) => ({
  title: `${school} 课后服务收费公示 ${from} – ${to}`,
  columns: ['班级', '人数', '减免人数', '实到人次', '课时', '应收(元)', '已缴(元)', '退费(元)', '补缴(元)'],
  rows: summary.map((r) => [
    r.className,
    r.students,
    r.waived,
    r.attendedDays,
    r.lessonHours,
    r.charged / 100,
    r.paid / 100,
    r.refunds / 100,
    r.topUps / 100,
  ]),
  money: [5, 6, 7, 8],
});
const hubFees = (school: string, from: string, to: string, lines: FeeLine[]) => ({
  title: `${school} 课后服务收费结算 ${from} – ${to}`,
  columns: ['学号', '姓名', '班级', '实到天数', '课时', '减免', '应收(元)', '已缴(元)', '补缴(+)/退费(-)(元)'],
  rows: lines.map((l) => [
    l.studentNo,
    l.name,
    l.className,
    l.attendedDays,
    l.lessonHours,
    l.waived ? '是' : '',
    l.charged / 100,
    l.paid / 100,
    l.balance / 100,
  ]),
  money: [6, 7, 8],
});
const hubPeriod = (school: string, from: string, to: string, rows: PeriodRow[]) => ({
  title: `${school} 课后服务统计 ${from} – ${to}`,
  columns: PERIOD_COLUMNS.map(([, zh]) => zh),
  rows: rows.map((r) => PERIOD_COLUMNS.map(([k]) => r[k])),
});
// The daily and period columns as they were before the definitions (DAILY_SHEET_COLUMNS is now derived from one).
const DAILY_COLUMNS_BEFORE = [
  '学号',
  '姓名',
  '班级',
  '签到时间',
  '接收老师',
  '离校时间',
  '离校方式',
  '请假/缺席',
  '延时托管',
];
const PERIOD_COLUMNS_BEFORE = [
  '名称',
  '报名人数',
  '应到人次',
  '实到人次',
  '有因缺席',
  '无因缺席',
  '延时托管人次',
  '延时托管分钟',
  '异常事件',
];

// A small fixture: a formula-looking name, one fen, a refund and a top-up, a waiver, both kinds of missed duty.
const sheet: SheetRow[] = [
  {
    studentNo: '001',
    name: '张小明',
    className: '一年级1班',
    arrival: '15:32',
    receivedBy: '张老师',
    release: '17:35',
    how: '妈妈',
    absence: '',
    latePickup: '',
  },
  {
    studentNo: '002',
    name: '=李华',
    className: '一年级1班',
    arrival: '15:33',
    receivedBy: '张老师',
    release: '18:20',
    how: '校车 2',
    absence: '',
    latePickup: '17:50',
  },
  {
    studentNo: '003',
    name: '王芳',
    className: '一年级1班',
    arrival: '',
    receivedBy: '',
    release: '',
    how: '',
    absence: '请假：发烧',
    latePickup: '',
  },
];
const period: PeriodRow[] = [
  {
    key: 'c1',
    label: '一年级1班',
    enrolled: 3,
    expectedDays: 15,
    attendedDays: 12,
    absentWithReason: 2,
    absentWithoutReason: 1,
    latePickups: 1,
    extendedCareMinutes: 30,
    incidents: 0,
  },
  {
    key: 'c2',
    label: '一年级2班',
    enrolled: 0,
    expectedDays: 0,
    attendedDays: 0,
    absentWithReason: 0,
    absentWithoutReason: 0,
    latePickups: 0,
    extendedCareMinutes: 0,
    incidents: 2,
  },
];
const lines: FeeLine[] = [
  {
    studentNo: '001',
    name: '张小明',
    className: '一年级1班',
    attendedDays: 3,
    lessonHours: 6,
    waived: false,
    charged: 920,
    paid: 1000,
    balance: -80,
  },
  {
    studentNo: '002',
    name: '=李华',
    className: '一年级1班',
    attendedDays: 1,
    lessonHours: 2,
    waived: true,
    charged: 0,
    paid: 1000,
    balance: -1000,
  },
  {
    studentNo: '004',
    name: '赵四',
    className: '一年级2班',
    attendedDays: 5,
    lessonHours: 10,
    waived: false,
    charged: 1001,
    paid: 1000,
    balance: 1,
  },
];
const summary = feeSummary(lines);
const hours: TeacherHours[] = [
  {
    staffId: 'care1',
    name: '张老师',
    dutyDays: 1,
    lessonHours: 3,
    subsidy: 15_000,
    missed: [
      { day: '2026-11-25', duty: 'care', groupId: 'g1' },
      { day: '2026-11-26', duty: 'gate' },
    ],
    missedText: ['2026-11-25 一年级混合班 看护', '2026-11-26 校门'],
  },
  { staffId: 'gate1', name: '李老师', dutyDays: 1, lessonHours: 1, subsidy: 5_005, missed: [], missedText: [] },
];
const bureau: BureauFigures = {
  rows: [
    { grade: '1 年级', studentsServed: 1, studentDays: 1, enrolled: 3 },
    { grade: '合计', studentsServed: 1, studentDays: 1, enrolled: 3 },
  ],
  teachers: 2,
  serviceDays: 19,
};

describe('reports defined once: the file tables are exactly what the hub built before', () => {
  it('日出席签到表: title with group and day, the nine columns, cells as the projection gives them', () => {
    expect(DAILY_SHEET_COLUMNS.map(([, zh]) => zh)).toEqual(DAILY_COLUMNS_BEFORE);
    const table = dailySheetTable(SCHOOL, '一年级1班看护', '2026-11-24', sheet);
    expect(table).toStrictEqual(hubDaily(SCHOOL, { name: '一年级1班看护' }, '2026-11-24', sheet));
    expect(table.title).toBe('实验小学 一年级1班看护 日出席签到表 2026-11-24');
    expect(table.rows[1]).toEqual(['002', '=李华', '一年级1班', '15:33', '张老师', '18:20', '校车 2', '', '17:50']);
    expect(table).not.toHaveProperty('money');
  });

  it('周统计 / 月汇总: the label and eight counts as numbers', () => {
    expect(PERIOD_COLUMNS.map(([, zh]) => zh)).toEqual(PERIOD_COLUMNS_BEFORE);
    const table = periodTable(SCHOOL, FROM, TO, period);
    expect(table).toStrictEqual(hubPeriod(SCHOOL, FROM, TO, period));
    expect(table.title).toBe('实验小学 课后服务统计 2026-11-02 – 2026-11-27');
    expect(table.rows[0]).toEqual(['一年级1班', 3, 15, 12, 2, 1, 1, 30, 0]);
  });

  it('收费结算: 减免 as 是, amounts in yuan as numbers (fen / 100), the three amount columns marked money', () => {
    const table = feeStatementTable(SCHOOL, FROM, TO, lines);
    expect(table).toStrictEqual(hubFees(SCHOOL, FROM, TO, lines));
    expect(table.title).toBe('实验小学 课后服务收费结算 2026-11-02 – 2026-11-27');
    expect(table.rows).toEqual([
      ['001', '张小明', '一年级1班', 3, 6, '', 9.2, 10, -0.8],
      ['002', '=李华', '一年级1班', 1, 2, '是', 0, 10, -10],
      ['004', '赵四', '一年级2班', 5, 10, '', 10.01, 10, 0.01],
    ]);
    expect(table.money).toEqual([6, 7, 8]);
  });

  it('收费公示: per class and 合计, no child named, refunds and top-ups apart', () => {
    const table = feeSummaryTable(SCHOOL, FROM, TO, summary);
    expect(table).toStrictEqual(hubSummary(SCHOOL, FROM, TO, summary));
    expect(table.title).toBe('实验小学 课后服务收费公示 2026-11-02 – 2026-11-27');
    expect(table.rows.at(-1)).toEqual(['合计', 3, 1, 9, 18, 19.21, 30, 10.8, 0.01]);
    expect(table.money).toEqual([5, 6, 7, 8]);
  });

  // Changed by R1 (#17): the file used to lead with 工号, the roster's staff id (care1), and list a missed day
  // without its group; no report shows a record id now, and each missed day names its group.
  it('看护教师课时与补贴: no 工号 (R1), the subsidy in yuan, missed sign-ins as "day group 看护|校门" joined with ；', () => {
    const table = teacherHoursTable(SCHOOL, FROM, TO, hours);
    expect(table.title).toBe('实验小学 看护教师课时与补贴 2026-11-02 – 2026-11-27');
    expect(table.columns).toEqual(['姓名', '值班天数', '课时', '补贴(元)', '漏签到']);
    expect(table.rows).toEqual([
      ['张老师', 1, 3, 150, '2026-11-25 一年级混合班 看护；2026-11-26 校门'],
      ['李老师', 1, 1, 50.05, ''],
    ]);
    expect(table.money).toEqual([3]);
  });

  it('教育局报表: the title carries the service days and teachers, one row per grade and 合计', () => {
    const table = bureauTable(SCHOOL, FROM, TO, bureau);
    expect(table).toStrictEqual(hubBureau(SCHOOL, FROM, TO, bureau));
    expect(table.title).toBe('实验小学 课后服务情况 2026-11-02 – 2026-11-27（服务 19 天，参与教师 2 人）');
    expect(table.rows).toEqual([
      ['1 年级', 3, 1, 1],
      ['合计', 3, 1, 1],
    ]);
  });
});

describe('reports defined once: what the office shows on screen', () => {
  const headers = <R>(columns: readonly ReportColumn<R>[]) => screenColumns(columns).map((c) => c.zh);
  const cells = <R>(columns: readonly ReportColumn<R>[], row: R) =>
    screenColumns(columns).map((c) => screenCell(c, row));

  it("shows the file's columns, 减免 included, amounts in yuan with two decimals", () => {
    expect(headers(FEE_STATEMENT_REPORT.columns)).toEqual(feeStatementTable(SCHOOL, FROM, TO, lines).columns);
    expect(cells(FEE_STATEMENT_REPORT.columns, lines[1]!)).toEqual([
      '002',
      '=李华',
      '一年级1班',
      '1',
      '2',
      '是',
      '0.00',
      '10.00',
      '-10.00',
    ]);
    expect(cells(FEE_SUMMARY_REPORT.columns, summary.at(-1)!)).toEqual([
      '合计',
      '3',
      '1',
      '9',
      '18',
      '19.21',
      '30.00',
      '10.80',
      '0.01',
    ]);
    expect(headers(DAILY_SHEET_REPORT.columns)).toEqual(DAILY_COLUMNS_BEFORE);
    expect(cells(PERIOD_REPORT.columns, period[0]!)).toEqual(['一年级1班', '3', '15', '12', '2', '1', '1', '30', '0']);
    expect(yuan(-80)).toBe('-0.80');
  });

  it('shows the pay sheet as the file has it: teachers by name only (R1)', () => {
    expect(headers(TEACHER_HOURS_REPORT.columns)).toEqual(teacherHoursTable(SCHOOL, FROM, TO, hours).columns);
    expect(cells(TEACHER_HOURS_REPORT.columns, hours[0]!)).toEqual([
      '张老师',
      '1',
      '3',
      '150.00',
      '2026-11-25 一年级混合班 看护；2026-11-26 校门',
    ]);
  });

  it('gives every column an English label beside the Chinese', () => {
    const reports = [
      DAILY_SHEET_REPORT,
      PERIOD_REPORT,
      FEE_STATEMENT_REPORT,
      FEE_SUMMARY_REPORT,
      TEACHER_HOURS_REPORT,
      BUREAU_REPORT,
    ];
    const all = reports.flatMap((r) => r.columns as readonly ReportColumn<never>[]);
    for (const c of all) expect(c.en).toMatch(/^[A-Z][\x20-\x7e−]*$/);
  });
});
