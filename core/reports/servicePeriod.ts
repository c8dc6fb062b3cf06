/**
 * R2: which days of a period a report counts. Statistics, fees, teachers' hours and the bureau's figures count a
 * service day only on or after the school's service start: `settings.serviceStartDate` when the office has set
 * it, otherwise the first day with any event in the custody log (before it there is nothing to count, and a
 * 本月 that began before the school used Relay would count every child absent on those days). With neither (an
 * empty log and no date) nothing is counted.
 */
import { isServiceDay } from '../calendar';
import type { Roster } from '../roster';
import { addDays } from '../time';

/** The first day reports count: the set start date, else the first day in the log; undefined when neither. */
export function serviceStart(roster: Pick<Roster, 'settings'>, firstLoggedDay?: string): string | undefined {
  return roster.settings.serviceStartDate || firstLoggedDay || undefined;
}

/** Whether a day is before the school's set service start (unset: no day is). */
export function beforeServiceStart(roster: Pick<Roster, 'settings'>, day: string): boolean {
  const start = roster.settings.serviceStartDate;
  return start !== undefined && start !== '' && day < start;
}

/**
 * The service days of from … to (inclusive) that reports count.
 * @example countedDays(roster, '2026-11-01', '2026-11-30', (await log.days())[0])
 */
export function countedDays(
  roster: Pick<Roster, 'settings' | 'calendar'>,
  from: string,
  to: string,
  firstLoggedDay?: string,
): string[] {
  const start = serviceStart(roster, firstLoggedDay);
  if (start === undefined) return [];
  const days: string[] = [];
  for (let d = from < start ? start : from; d <= to; d = addDays(d, 1)) {
    if (isServiceDay(roster.calendar, d)) days.push(d);
  }
  return days;
}
