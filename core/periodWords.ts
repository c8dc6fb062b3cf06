/**
 * A period's refusal in a clerk's words (issue #17), the same from the hub (a report's or a leave's 从 … 到 sent
 * by the API or an old page) and from the office page that checks it before sending: what is wrong, with the
 * dates, and the dates that may be used. Never the record's terms (from ≤ to, malformed).
 */
import type { Bilingual } from './messages';
import { addDays, isValidDay } from './time';

/** The days from `from` to `to`, both counted: 2026-09-01 to 2026-12-01 is 92. */
export function daysIncluding(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** What is done with the period, in the sentence "一次最多 … 62 天": 查询 a report, 登记 leave. */
export interface PeriodWhat {
  zh: string;
  /** "You can … at most 62 days at a time" */
  en: string;
}
export const REPORT_PERIOD: PeriodWhat = { zh: '查询', en: 'ask for' };
export const LEAVE_PERIOD: PeriodWhat = { zh: '登记请假', en: 'record leave for' };

/**
 * Why `from`–`to` is refused, or undefined: the end before the start, or the end more than `maxDays` days after
 * the start (the hub's rule: `to` at most `from` + `maxDays`). Both must be valid days.
 *
 * @example
 * periodRefusal('2026-09-01', '2026-12-01', 62, REPORT_PERIOD)?.zh
 * // '一次最多查询 62 天（2026-09-01 起最晚到 2026-11-02）：2026-09-01 至 2026-12-01 共 92 天，请缩短'
 * periodRefusal('2026-12-01', '2026-11-30', 62, REPORT_PERIOD)?.zh
 * // '结束日期不能早于开始日期：2026-11-30 早于 2026-12-01，请把结束日期改到 2026-12-01 或以后'
 */
export function periodRefusal(from: string, to: string, maxDays: number, what: PeriodWhat): Bilingual | undefined {
  if (to < from) {
    return {
      zh: `结束日期不能早于开始日期：${to} 早于 ${from}，请把结束日期改到 ${from} 或以后`,
      en: `The end date cannot be before the start date: ${to} is before ${from}; end on ${from} or later`,
    };
  }
  const end = addDays(from, maxDays);
  if (end < to) {
    const n = daysIncluding(from, to);
    return {
      zh: `一次最多${what.zh} ${maxDays} 天（${from} 起最晚到 ${end}）：${from} 至 ${to} 共 ${n} 天，请缩短`,
      en: `You can ${what.en} at most ${maxDays} days at a time (from ${from}, end on ${end} at the latest): ${from} to ${to} is ${n} days, shorten it`,
    };
  }
  return undefined;
}

/**
 * Why a leave's `from`–`to` is outside CU17's window `first`–`last` (both included), or undefined: the window in
 * dates, then the day that is out of it and why.
 *
 * @example
 * leaveWindowRefusal('2027-03-30', '2027-04-02', { first: '2026-11-17', last: '2027-03-31' }, { maxPastDays: 14, maxFutureDays: 120 })?.zh
 * // '请假日期须在 2026-11-17 至 2027-03-31 之间：2027-04-02 太远，最多提前 120 天登记'
 */
export function leaveWindowRefusal(
  from: string,
  to: string,
  window: { first: string; last: string },
  limits: { maxPastDays: number; maxFutureDays: number },
): Bilingual | undefined {
  const range = {
    zh: `请假日期须在 ${window.first} 至 ${window.last} 之间`,
    en: `Leave can be recorded only for days from ${window.first} to ${window.last}`,
  };
  if (from < window.first) {
    return {
      zh: `${range.zh}：${from} 已过去超过 ${limits.maxPastDays} 天`,
      en: `${range.en}: ${from} is more than ${limits.maxPastDays} days ago`,
    };
  }
  if (to > window.last) {
    return {
      zh: `${range.zh}：${to} 太远，最多提前 ${limits.maxFutureDays} 天登记`,
      en: `${range.en}: ${to} is more than ${limits.maxFutureDays} days ahead`,
    };
  }
  return undefined;
}

/**
 * A date given that is not a calendar day (2026-02-30, 2026/9/1, 明天), named with which date it was.
 *
 * @example badDay('2026-02-30', { zh: '开始日期', en: 'The start date' })?.zh // '开始日期 2026-02-30 不是有效的日期：请用 年-月-日，如 2026-09-01'
 */
export function badDay(value: unknown, which: Bilingual): Bilingual | undefined {
  if (typeof value === 'string' && isValidDay(value)) return undefined;
  const shown = typeof value === 'string' ? value.slice(0, 40) : String(value);
  return {
    zh: `${which.zh} ${shown} 不是有效的日期：请用 年-月-日，如 2026-09-01`,
    en: `${which.en} ${shown} is not a date: write it year-month-day, e.g. 2026-09-01`,
  };
}

export const START_DATE: Bilingual = { zh: '开始日期', en: 'The start date' };
export const END_DATE: Bilingual = { zh: '结束日期', en: 'The end date' };
