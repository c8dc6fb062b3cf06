/**
 * Fee statements settled on actual attendance (多退少补): lesson-hours per attended day from the timetable (capped
 * per day), times the rate, capped per semester, nothing for a fee waiver; the balance against what was paid in
 * advance is a refund (negative) or a top-up (positive). Amounts in fen (1/100 yuan) to stay exact.
 */
import { sessionTimes } from '../calendar';
import { settingsOn } from '../effectiveDates';
import type { Roster } from '../roster';
import type { DayState } from '../state';
import type { ReportDefinition, ReportTable } from './reportTable';
import { reportTable } from './reportTable';
import { beforeServiceStart } from './servicePeriod';

export interface FeeLine {
  studentNo: string;
  name: string;
  className: string;
  attendedDays: number;
  lessonHours: number;
  waived: boolean;
  /** fen */
  charged: number;
  paid: number;
  /** charged − paid: positive = the family tops up, negative = the school refunds */
  balance: number;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/** Lesson-hours charged for one attended day of a grade: the session's length in lesson-hours, capped. */
export function chargedLessonHours(roster: Roster, day: string, grade: number): number {
  const t = sessionTimes(roster.calendar, day, grade);
  if (!t) return 0;
  const s = settingsOn(roster, day);
  return Math.min(s.maxChargedLessonHoursPerDay, Math.floor((minutes(t.end) - minutes(t.start)) / s.lessonMinutes));
}

/** Days before the school's service start are not charged (R2). */
export function feeStatements(roster: Roster, allDays: readonly DayState[]): FeeLine[] {
  const s = roster.settings;
  const days = allDays.filter((d) => !beforeServiceStart(roster, d.day));
  // Each day at the rate that applied on it (R3); the cap and the prepayment are the period's, so today's.
  // Per day (and grade), not per child-day: 3,000 children × 22 days made these 66,000 look-ups each (issue #20).
  const rates = new Map<string, number>();
  const rateFen = (day: string) => {
    let r = rates.get(day);
    if (r === undefined) rates.set(day, (r = Math.round(settingsOn(roster, day).feePerLessonHour * 100)));
    return r;
  };
  const hoursOf = new Map<string, number>();
  const lessonHoursOn = (day: string, grade: number) => {
    const k = `${day}|${grade}`;
    let h = hoursOf.get(k);
    if (h === undefined) hoursOf.set(k, (h = chargedLessonHours(roster, day, grade)));
    return h;
  };
  const classNames = new Map(roster.classes.map((c) => [c.id, c.name]));
  const capFen = Math.round(s.semesterFeeCap * 100);
  const paid = Math.round(s.prepaidPerStudent * 100);
  return roster.students.filter((st) => st.groupId !== null).map((st) => {
    let attendedDays = 0, lessonHours = 0, raw = 0;
    for (const state of days) {
      const c = state.children[st.id];
      if (!c || !c.chain.some((l) => (l.type === 'checked_in' || l.type === 'transferred') && !l.ignored)) continue;
      attendedDays++;
      const hours = lessonHoursOn(state.day, st.grade);
      lessonHours += hours;
      if (!st.feeWaiver) raw += hours * rateFen(state.day);
    }
    const charged = capFen > 0 ? Math.min(raw, capFen) : raw;
    return {
      studentNo: st.studentNo, name: st.name, className: classNames.get(st.classId) ?? '',
      attendedDays, lessonHours, waived: st.feeWaiver, charged, paid, balance: charged - paid,
    };
  }).sort((a, b) => a.className.localeCompare(b.className) || a.studentNo.localeCompare(b.studentNo));
}

export { yuan } from './reportTable';

/** One line of the publishable summary (收费公示): per class, no child named. Amounts in fen. */
export interface FeeSummaryRow {
  className: string;
  students: number;
  waived: number;
  attendedDays: number;
  lessonHours: number;
  charged: number;
  paid: number;
  /** what the school pays back (a positive amount) */
  refunds: number;
  /** what families still owe */
  topUps: number;
}

/**
 * The summary a school posts for parents: totals per class and for the school, so the notice board shows how
 * the fee was settled without naming a child or a family that had its fee waived.
 * @example feeSummary(feeStatements(roster, states)).at(-1) // the school's totals, className '合计'
 */
export function feeSummary(lines: readonly FeeLine[]): FeeSummaryRow[] {
  const rows = new Map<string, FeeSummaryRow>();
  const empty = (className: string): FeeSummaryRow => ({ className, students: 0, waived: 0, attendedDays: 0, lessonHours: 0, charged: 0, paid: 0, refunds: 0, topUps: 0 });
  const total = empty('合计');
  for (const l of lines) {
    const row = rows.get(l.className) ?? empty(l.className);
    rows.set(l.className, row);
    for (const r of [row, total]) {
      r.students++;
      if (l.waived) r.waived++;
      r.attendedDays += l.attendedDays;
      r.lessonHours += l.lessonHours;
      r.charged += l.charged;
      r.paid += l.paid;
      if (l.balance < 0) r.refunds -= l.balance; else r.topUps += l.balance;
    }
  }
  return [...rows.values(), total];
}

/** 收费结算: one line per enrolled child, the waiver marked 是, amounts in yuan. */
export const FEE_STATEMENT_REPORT = {
  title: (school: string, from: string, to: string) => `${school} 课后服务收费结算 ${from} – ${to}`,
  columns: [
    { zh: '学号', en: 'Student no.', kind: 'text', cell: (l) => l.studentNo },
    { zh: '姓名', en: 'Name', kind: 'text', cell: (l) => l.name },
    { zh: '班级', en: 'Class', kind: 'text', cell: (l) => l.className },
    { zh: '实到天数', en: 'Days attended', kind: 'number', cell: (l) => l.attendedDays },
    { zh: '课时', en: 'Lesson-hours', kind: 'number', cell: (l) => l.lessonHours },
    { zh: '减免', en: 'Fee waived', kind: 'text', cell: (l) => (l.waived ? '是' : '') },
    { zh: '应收(元)', en: 'Charged (yuan)', kind: 'money', cell: (l) => l.charged },
    { zh: '已缴(元)', en: 'Paid (yuan)', kind: 'money', cell: (l) => l.paid },
    { zh: '补缴(+)/退费(-)(元)', en: 'Top-up (+) / refund (−) (yuan)', kind: 'money', cell: (l) => l.balance },
  ],
} satisfies ReportDefinition<FeeLine, [string, string, string]>;

/** @example feeStatementTable(roster.school.name, from, to, feeStatements(roster, states)) */
export function feeStatementTable(school: string, from: string, to: string, lines: readonly FeeLine[]): ReportTable {
  return reportTable(FEE_STATEMENT_REPORT.title(school, from, to), FEE_STATEMENT_REPORT.columns, lines);
}

/** 收费公示: per class and the school's total, no child named. */
export const FEE_SUMMARY_REPORT = {
  title: (school: string, from: string, to: string) => `${school} 课后服务收费公示 ${from} – ${to}`,
  columns: [
    { zh: '班级', en: 'Class', kind: 'text', cell: (r) => r.className },
    { zh: '人数', en: 'Children', kind: 'number', cell: (r) => r.students },
    { zh: '减免人数', en: 'Fees waived', kind: 'number', cell: (r) => r.waived },
    { zh: '实到人次', en: 'Child-days attended', kind: 'number', cell: (r) => r.attendedDays },
    { zh: '课时', en: 'Lesson-hours', kind: 'number', cell: (r) => r.lessonHours },
    { zh: '应收(元)', en: 'Charged (yuan)', kind: 'money', cell: (r) => r.charged },
    { zh: '已缴(元)', en: 'Paid (yuan)', kind: 'money', cell: (r) => r.paid },
    { zh: '退费(元)', en: 'Refunds (yuan)', kind: 'money', cell: (r) => r.refunds },
    { zh: '补缴(元)', en: 'Top-ups (yuan)', kind: 'money', cell: (r) => r.topUps },
  ],
} satisfies ReportDefinition<FeeSummaryRow, [string, string, string]>;

/** @example feeSummaryTable(roster.school.name, from, to, feeSummary(feeStatements(roster, states))) */
export function feeSummaryTable(school: string, from: string, to: string, rows: readonly FeeSummaryRow[]): ReportTable {
  return reportTable(FEE_SUMMARY_REPORT.title(school, from, to), FEE_SUMMARY_REPORT.columns, rows);
}
