/**
 * A period the office picks (a report's 从 … 到, a leave's 从 … 到), checked in the page before it is sent, in
 * the words a clerk reads: the hub refuses the same periods, but in its record's terms.
 */
import type { Bilingual } from '../core/messages';
import { addDays, isValidDay } from '../core/time';

/**
 * Why `from`–`to` cannot be sent, or undefined when it can: a date left empty, the end before the start, or more
 * than `maxDays` days after it (the hub's rule: `to` at most `from` + `maxDays`). `what` is what is done with it.
 *
 * @example periodProblem('2026-12-01', '2026-11-30', 62)?.zh // '结束日期不能早于开始日期'
 */
export function periodProblem(
  from: string,
  to: string,
  maxDays: number,
  what: Bilingual = { zh: '查询', en: 'ask for' },
): Bilingual | undefined {
  if (!isValidDay(from) || !isValidDay(to)) return { zh: '请选择开始和结束日期', en: 'Choose a start and an end date' };
  if (to < from) return { zh: '结束日期不能早于开始日期', en: 'The end date cannot be before the start date' };
  if (addDays(from, maxDays) < to) {
    return {
      zh: `一次最多${what.zh} ${maxDays} 天：请把结束日期改到 ${addDays(from, maxDays)} 或以前`,
      en: `You can ${what.en} at most ${maxDays} days at a time: end on ${addDays(from, maxDays)} or earlier`,
    };
  }
  return undefined;
}

/** One line of text for a page: Chinese, then English. */
export const inWords = (b: Bilingual): string => `${b.zh} ${b.en}`;
