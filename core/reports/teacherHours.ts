/**
 * 看护教师课时: duty actually served, for the subsidy. A rota duty counts only if the teacher signed in for it
 * that day (a missed sign-in forfeits the day and is flagged); care duty is worth the group's session in
 * lesson-hours, gate or bus duty a set number; duty done without a rota entry (a swap not entered) counts by the
 * time between sign-in and sign-out.
 */
import { sessionTimes } from '../calendar';
import type { CustodyEvent, EventOf } from '../events';
import { occurredAt } from '../events';
import { orderEvents } from '../reduceDay';
import type { Roster } from '../roster';
import { settingsOn } from '../effectiveDates';
import { dutyOn } from '../rotas';
import type { ReportDefinition, ReportTable } from './reportTable';
import { reportTable, UNKNOWN_STAFF } from './reportTable';
import { beforeServiceStart } from './servicePeriod';

export interface MissedDuty { day: string; duty: 'care' | 'gate'; groupId?: string }

export interface TeacherHours {
  /** the roster's record id: for the page to tell rows apart, never shown in a report */
  staffId: string;
  name: string;
  dutyDays: number;
  lessonHours: number;
  missed: MissedDuty[];
  /** each missed sign-in as the pay sheet lists it, with the group by name: `2026-11-23 一年级混合班 看护` */
  missedText: string[];
  /** fen */
  subsidy: number;
}


const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

function careLessonHours(roster: Roster, day: string, groupId: string): number {
  const g = roster.groups.find((x) => x.id === groupId);
  if (!g) return 0;
  const lengths = g.grades.map((grade) => sessionTimes(roster.calendar, day, grade)).filter((t) => t !== undefined).map((t) => minutes(t.end) - minutes(t.start));
  return lengths.length ? Math.floor(Math.max(...lengths) / settingsOn(roster, day).lessonMinutes) : 0;
}

type SignEvent = EventOf<'staff_signed_in'> | EventOf<'staff_signed_out'>;

/** @param days each service day with its events (any order; corrections honoured); none before the service start (R2) */
export function teacherHours(roster: Roster, days: readonly { day: string; events: readonly CustodyEvent[] }[]): TeacherHours[] {
  const out = new Map<string, TeacherHours & { days: Set<string> }>();
  const entry = (staffId: string) => {
    let e = out.get(staffId);
    if (!e) { e = { staffId, name: roster.staff.find((s) => s.id === staffId)?.name ?? UNKNOWN_STAFF, dutyDays: 0, lessonHours: 0, missed: [], missedText: [], subsidy: 0, days: new Set() }; out.set(staffId, e); }
    return e;
  };
  for (const { day, events } of days) {
    if (beforeServiceStart(roster, day)) continue;
    const ordered = orderEvents(events.filter((e) => e.day === day));
    const voided = new Set(ordered.filter((e): e is EventOf<'corrected'> => e.type === 'corrected').map((e) => e.targetId));
    const signs = ordered.filter((e): e is SignEvent => (e.type === 'staff_signed_in' || e.type === 'staff_signed_out') && !voided.has(e.id));
    const signedIn = (staffId: string, duty: string, groupId?: string) => signs.some((e) => e.type === 'staff_signed_in' && e.staffId === staffId && e.duty === duty && (!groupId || e.groupId === groupId));
    // The rota, rate and lesson length of that day (R3): a change made since never reprices a past day.
    const rota = dutyOn(roster, day);
    const settings = settingsOn(roster, day);
    const rateFen = Math.round(settings.teacherPayPerLessonHour * 100);
    const credited = new Set<string>();
    const credit = (staffId: string, hours: number, key: string) => {
      const e = entry(staffId);
      e.lessonHours += hours;
      e.subsidy += hours * rateFen;
      e.days.add(day);
      credited.add(key);
    };
    for (const [groupId, staffIds] of Object.entries(rota.care)) {
      for (const staffId of staffIds) {
        if (signedIn(staffId, 'care', groupId)) credit(staffId, careLessonHours(roster, day, groupId), `${staffId}:care:${groupId}`);
        else entry(staffId).missed.push({ day, duty: 'care', groupId });
      }
    }
    for (const staffId of rota.gate) {
      if (signedIn(staffId, 'gate')) credit(staffId, settings.gateDutyLessonHours, `${staffId}:gate:`);
      else entry(staffId).missed.push({ day, duty: 'gate' });
    }
    // Off-rota duty (an unrecorded swap, bus duty): the time actually signed in, in whole lesson-hours.
    for (const e of signs) {
      if (e.type !== 'staff_signed_in' || e.duty === 'leader' || e.duty === 'class') continue;
      if (credited.has(`${e.staffId}:${e.duty}:${e.groupId ?? ''}`)) continue;
      if (e.duty === 'bus') { credit(e.staffId, settings.gateDutyLessonHours, `${e.staffId}:bus:`); continue; }
      const out = signs.find((x) => x.type === 'staff_signed_out' && x.staffId === e.staffId && x.duty === e.duty && occurredAt(x) > occurredAt(e));
      if (!out) continue;
      credit(e.staffId, Math.floor((occurredAt(out) - occurredAt(e)) / 60_000 / settings.lessonMinutes), `${e.staffId}:${e.duty}:${e.groupId ?? ''}`);
    }
  }
  return [...out.values()]
    .map(({ days, ...e }) => ({ ...e, missedText: e.missed.map((m) => missedDutyText(m, roster)), dutyDays: days.size }))
    .sort((a, b) => a.staffId.localeCompare(b.staffId));
}

/**
 * A missed sign-in as the pay sheet lists it, the group by its name (never its record id): `2026-11-24
 * 一年级混合班 看护`, `2026-11-25 校门`. Without the roster (or for a group since removed), no group is named.
 */
export const missedDutyText = (m: MissedDuty, roster?: Pick<Roster, 'groups'>) => {
  const group = m.duty === 'care' && m.groupId ? roster?.groups.find((g) => g.id === m.groupId)?.name : undefined;
  return [m.day, group, m.duty === 'care' ? '看护' : '校门'].filter(Boolean).join(' ');
};

/**
 * 看护教师课时与补贴: the monthly pay sheet. Teachers by name only: the roster has no 工号 of the school's own, and
 * its staff ids are record ids that no report shows (R1 in core/SPEC.md).
 */
export const TEACHER_HOURS_REPORT = {
  title: (school: string, from: string, to: string) => `${school} 看护教师课时与补贴 ${from} – ${to}`,
  columns: [
    { zh: '姓名', en: 'Name', kind: 'text', cell: (h) => h.name },
    { zh: '值班天数', en: 'Duty days', kind: 'number', cell: (h) => h.dutyDays },
    { zh: '课时', en: 'Lesson-hours', kind: 'number', cell: (h) => h.lessonHours },
    { zh: '补贴(元)', en: 'Subsidy (yuan)', kind: 'money', cell: (h) => h.subsidy },
    { zh: '漏签到', en: 'Missed sign-ins', kind: 'text', cell: (h) => h.missedText.join('；') },
  ],
} satisfies ReportDefinition<TeacherHours, [string, string, string]>;

/** @example teacherHoursTable(roster.school.name, from, to, teacherHours(roster, days)) */
export function teacherHoursTable(
  school: string, from: string, to: string, hours: readonly TeacherHours[],
): ReportTable {
  return reportTable(TEACHER_HOURS_REPORT.title(school, from, to), TEACHER_HOURS_REPORT.columns, hours);
}
