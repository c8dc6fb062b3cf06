/** Which days have service and when each grade's session runs, read from the office's calendar. */
import type { Calendar, Roster, SessionTimes } from './roster';
import { isoWeekday, zonedTimeToEpoch } from './time';

export type ServiceDayVerdict =
  | { service: true; reason: 'weekday' | 'exception'; note?: string }
  | { service: false; reason: 'weekend' | 'holiday' | 'exception'; note?: string };

/** Exceptions win over holidays, holidays over the weekday rule (a make-up working Saturday is an exception). */
export function serviceDay(calendar: Calendar, day: string): ServiceDayVerdict {
  const exception = calendar.exceptions.find((e) => e.day === day);
  if (exception) {
    return exception.service
      ? { service: true, reason: 'exception', note: exception.note }
      : { service: false, reason: 'exception', note: exception.note };
  }
  const holiday = calendar.holidays.find((h) => h.from <= day && day <= h.to);
  if (holiday) return { service: false, reason: 'holiday', note: holiday.name };
  return calendar.serviceWeekdays.includes(isoWeekday(day))
    ? { service: true, reason: 'weekday' }
    : { service: false, reason: 'weekend' };
}

export function isServiceDay(calendar: Calendar, day: string): boolean {
  return serviceDay(calendar, day).service;
}

/** The timetable in force on a day: the latest switch on or before it (summer/winter), else the first. */
export function timetableFor(calendar: Calendar, day: string) {
  const applicable = calendar.switches.filter((s) => s.from <= day).sort((a, b) => (a.from < b.from ? -1 : 1));
  const id = applicable.at(-1)?.timetableId;
  return calendar.timetables.find((t) => t.id === id) ?? calendar.timetables[0]!;
}

/** Session times for a grade on a day, or undefined when the timetable has none for that grade. */
export function sessionTimes(calendar: Calendar, day: string, grade: number): SessionTimes | undefined {
  return timetableFor(calendar, day).sessions.find((s) => s.grades.includes(grade));
}

export interface SessionWindow {
  startMs: number;
  endMs: number;
}

/**
 * Windows already worked out, per calendar object (a roster is replaced whole, never edited in place). The
 * reducer asks for every child's window at every recompute, and each answer costs two time-zone conversions
 * through Intl: for 3,000 children that was most of a recompute (issue #20).
 */
const windowMemo = new WeakMap<Calendar, Map<string, SessionWindow | undefined>>();

/** The session of a grade on a day as instants in the school's zone. */
export function sessionWindow(roster: Roster, day: string, grade: number): SessionWindow | undefined {
  const tz = roster.settings.timeZone;
  let memo = windowMemo.get(roster.calendar);
  if (!memo) windowMemo.set(roster.calendar, (memo = new Map()));
  const key = `${tz}|${day}|${grade}`;
  if (memo.has(key)) return memo.get(key);
  const times = sessionTimes(roster.calendar, day, grade);
  const w = times && { startMs: zonedTimeToEpoch(day, times.start, tz), endMs: zonedTimeToEpoch(day, times.end, tz) };
  memo.set(key, w);
  return w;
}
