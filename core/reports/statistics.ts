/**
 * 周统计 / 月汇总: per class, group, grade or the whole school over a period, from each day's reduced state.
 * A child-day counts as attended when the child was received into care; excused absences include leave.
 */
import { isServiceDay } from '../calendar';
import type { Roster } from '../roster';
import type { DayState } from '../state';
import type { ReportDefinition, ReportTable } from './reportTable';
import { fieldColumn, reportTable, UNKNOWN_CLASS, UNKNOWN_GROUP } from './reportTable';
import { beforeServiceStart } from './servicePeriod';

export type GroupBy = 'class' | 'group' | 'grade' | 'school';

export interface PeriodRow {
  key: string;
  label: string;
  /** children expected on at least one day of the period */
  enrolled: number;
  /** child-days expected */
  expectedDays: number;
  attendedDays: number;
  absentWithReason: number;
  absentWithoutReason: number;
  /** child-days that ended in extended care (late pickup) */
  latePickups: number;
  extendedCareMinutes: number;
  /** alerts raised about these children or groups */
  incidents: number;
}

/** The roster's students, classes and groups by id, made once per report: a find per child-day was O(n²) (issue #20). */
interface Lookup {
  students: Map<string, Roster['students'][number]>;
  classes: Map<string, string>;
  groups: Map<string, string>;
}
const lookup = (roster: Roster): Lookup => ({
  students: new Map(roster.students.map((s) => [s.id, s])),
  classes: new Map(roster.classes.map((c) => [c.id, c.name])),
  groups: new Map(roster.groups.map((g) => [g.id, g.name])),
});

function keyOf(roster: Roster, ix: Lookup, by: GroupBy, studentId: string, groupId: string | null): [string, string] | null {
  const s = ix.students.get(studentId);
  if (!s) return null;
  switch (by) {
    case 'school': return ['school', roster.school.name];
    case 'grade': return [`grade-${s.grade}`, `${s.grade} 年级`];
    case 'class': return [s.classId, ix.classes.get(s.classId) ?? UNKNOWN_CLASS];
    case 'group': return groupId ? [groupId, ix.groups.get(groupId) ?? UNKNOWN_GROUP] : null;
  }
}

/**
 * Days before the school's service start are not counted (R2).
 * @example periodStats(roster, days.map((day) => reduceDay({ roster, day, events: log[day], now })), 'class')
 */
export function periodStats(roster: Roster, days: readonly DayState[], by: GroupBy): PeriodRow[] {
  const rows = new Map<string, PeriodRow & { children: Set<string> }>();
  const row = (k: [string, string]) => {
    let r = rows.get(k[0]);
    if (!r) { r = { key: k[0], label: k[1], enrolled: 0, expectedDays: 0, attendedDays: 0, absentWithReason: 0, absentWithoutReason: 0, latePickups: 0, extendedCareMinutes: 0, incidents: 0, children: new Set() }; rows.set(k[0], r); }
    return r;
  };
  const ix = lookup(roster);
  for (const state of days) {
    if (!isServiceDay(roster.calendar, state.day) || beforeServiceStart(roster, state.day)) continue;
    for (const c of Object.values(state.children)) {
      const k = keyOf(roster, ix, by, c.studentId, c.groupId);
      if (!k || !c.expectedToday) continue;
      const r = row(k);
      r.children.add(c.studentId);
      r.expectedDays++;
      const received = c.chain.some((l) => (l.type === 'checked_in' || l.type === 'transferred') && !l.ignored);
      if (received) r.attendedDays++;
      else if (c.status === 'on_leave' || (c.status === 'absent' && c.absence?.reason)) r.absentWithReason++;
      else if (c.status === 'absent') r.absentWithoutReason++;
      if (c.extendedCare) {
        r.latePickups++;
        const end = c.release?.at ?? state.now;
        r.extendedCareMinutes += Math.max(0, Math.round((end - c.extendedCare.since) / 60_000));
      }
    }
    for (const a of state.anomalies) {
      if (a.severity !== 'alert') continue;
      const child = a.studentId ? state.children[a.studentId] : undefined;
      const k = a.studentId ? keyOf(roster, ix, by, a.studentId, child?.groupId ?? null) : by === 'school' ? (['school', roster.school.name] as [string, string]) : by === 'group' && a.groupId ? ([a.groupId, ix.groups.get(a.groupId) ?? UNKNOWN_GROUP] as [string, string]) : null;
      if (k) row(k).incidents++;
    }
  }
  return [...rows.values()].map(({ children, ...r }) => ({ ...r, enrolled: children.size })).sort((a, b) => a.key.localeCompare(b.key));
}

const col = fieldColumn<PeriodRow>();

/** 周统计 / 月汇总: one row per class, group, grade or the school, over the period in the title. */
export const PERIOD_REPORT = {
  title: (school: string, from: string, to: string) => `${school} 课后服务统计 ${from} – ${to}`,
  columns: [
    col('label', '名称', 'Name'), col('enrolled', '报名人数', 'Enrolled', 'number'),
    col('expectedDays', '应到人次', 'Child-days expected', 'number'),
    col('attendedDays', '实到人次', 'Child-days attended', 'number'),
    col('absentWithReason', '有因缺席', 'Absent with a reason', 'number'),
    col('absentWithoutReason', '无因缺席', 'Absent without a reason', 'number'),
    col('latePickups', '延时托管人次', 'Late pickups', 'number'),
    col('extendedCareMinutes', '延时托管分钟', 'Extended-care minutes', 'number'),
    col('incidents', '异常事件', 'Incidents', 'number'),
  ],
} satisfies ReportDefinition<PeriodRow, [string, string, string]>;

/** @example periodTable(roster.school.name, from, to, periodStats(roster, states, 'class')) */
export function periodTable(school: string, from: string, to: string, rows: readonly PeriodRow[]): ReportTable {
  return reportTable(PERIOD_REPORT.title(school, from, to), PERIOD_REPORT.columns, rows);
}

/** @deprecated the columns as [key, 名称] pairs, until the hub builds its file with `periodTable` */
export const PERIOD_COLUMNS: [keyof PeriodRow, string][] = PERIOD_REPORT.columns.map((c) => [c.key, c.zh]);
