/**
 * A period the office picks (a report's 从 … 到, a leave's 从 … 到), checked in the page before it is sent, in
 * the same words the hub refuses it with (core/periodWords.ts), so an old page or the API reads the same.
 */
import type { Bilingual } from '../core/messages';
import type { PeriodWhat } from '../core/periodWords';
import { periodRefusal, REPORT_PERIOD } from '../core/periodWords';
import { isValidDay } from '../core/time';

/**
 * Why `from`–`to` cannot be sent, or undefined when it can: a date left empty, the end before the start, or more
 * than `maxDays` days after it (the hub's rule: `to` at most `from` + `maxDays`). `what` is what is done with it.
 *
 * @example periodProblem('2026-12-01', '2026-11-30', 62)?.zh // '结束日期不能早于开始日期：2026-11-30 早于 2026-12-01，…'
 */
export function periodProblem(
  from: string,
  to: string,
  maxDays: number,
  what: PeriodWhat = REPORT_PERIOD,
): Bilingual | undefined {
  if (!isValidDay(from) || !isValidDay(to)) return { zh: '请选择开始和结束日期', en: 'Choose a start and an end date' };
  return periodRefusal(from, to, maxDays, what);
}

/** One line of text for a page: Chinese, then English. */
export const inWords = (b: Bilingual): string => `${b.zh} ${b.en}`;
