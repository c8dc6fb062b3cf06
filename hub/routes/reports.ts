/** The office's reports: each as JSON for the page, or as a .csv / .xlsx file named for what it is (`?format=`). */
import type { Request, Response } from 'express';
import { DEFAULT_CHECK, dayWindow } from '../../core/checkEvent';
import type { CustodyEvent } from '../../core/events';
import type { Bilingual } from '../../core/messages';
import { problem } from '../../core/messages';
import { badDay, END_DATE, periodRefusal, REPORT_PERIOD, START_DATE } from '../../core/periodWords';
import { reduceDay } from '../../core/reduceDay';
import { bureauFigures, bureauTable } from '../../core/reports/bureau';
import { dailySheet, dailySheetTable } from '../../core/reports/dailySheet';
import { feeStatements, feeStatementTable, feeSummary, feeSummaryTable } from '../../core/reports/fees';
import type { GroupBy } from '../../core/reports/statistics';
import { countedDays } from '../../core/reports/servicePeriod';
import { periodStats, periodTable } from '../../core/reports/statistics';
import { teacherHours, teacherHoursTable } from '../../core/reports/teacherHours';
import type { Roster } from '../../core/roster';
import type { DayState } from '../../core/state';
import { addDays, localDay, zonedTimeToEpoch } from '../../core/time';
import type { HubContext } from '../hubContext';
import { retentionStart } from '../retention';
import type { AreaHandlers } from '../http';
import type { Sent } from '../http';
import { HttpProblem, sendFile } from '../http';
import type { Table } from '../reports/exportTable';
import { toCsv, toXlsx } from '../reports/exportTable';

type Reports = 'dateLimits' | 'reportDaily' | 'reportHours' | 'reportBureau' | 'reportFees' | 'reportPeriod';

/** The longest leave entry (hub/routes/events.ts): its 到 at most this many days after its 从. */
export const MAX_LEAVE_DAYS = 62;

/** How many past days' reduced states the reports keep: the longest statistics period (62 days, ~44 service days). */
const REDUCED_DAYS = 45;
/** How far back the reports are prepared after a start: a month, whichever month the office asks for first. */
const WARM_DAYS = 31;

/** The daily sheet's one date. */
const DATE: Bilingual = { zh: '日期', en: 'The date' };

/** 400 `malformed` in the clerk's words (the code stays, so clients that switch on it still do). */
const refused = (words: Bilingual) => new HttpProblem(400, { ...problem('malformed'), zh: words.zh, en: words.en });

/**
 * A report's 从 … 到 from the query (today when absent), refused in words with the dates: a date that is not one,
 * the end before the start, or longer than `maxDays` after the start.
 */
export function periodQuery(
  dayQuery: (v: unknown) => string,
  fromQ: unknown,
  toQ: unknown,
  maxDays: number,
): { from: string; to: string } {
  for (const [q, which] of [
    [fromQ, START_DATE],
    [toQ, END_DATE],
  ] as const) {
    const bad = q === undefined || q === '' ? undefined : badDay(q, which);
    if (bad) throw refused(bad);
  }
  const from = dayQuery(fromQ),
    to = dayQuery(toQ);
  const bad = periodRefusal(from, to, maxDays, REPORT_PERIOD);
  if (bad) throw refused(bad);
  return { from, to };
}

/** The JSON for the page, or the file when `?format=csv|xlsx` asks for one. */
async function sendReport<T>(req: Request, res: Response, table: Table, fileName: string, json: T): Promise<T | Sent> {
  const format = req.query.format;
  if (format !== 'csv' && format !== 'xlsx') return json;
  const type =
    format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const disposition = `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}.${format}`;
  return sendFile(
    res,
    { 'Content-Type': type, 'Content-Disposition': disposition },
    format === 'csv' ? toCsv(table) : await toXlsx(table),
  );
}

export function reportRoutes(ctx: HubContext): AreaHandlers<Reports> {
  const { rosters, log, clock, dayQuery } = ctx;

  /**
   * The service days of a period that reports count (R2): none before the school's service start, or, when the
   * office has not set one, before the first day with any event in the log.
   */
  async function reportDays(from: string, to: string): Promise<string[]> {
    const roster = rosters.roster;
    let firstLogged: string | undefined;
    if (!roster.settings.serviceStartDate) {
      for (const d of [...(await log.days())].sort()) {
        if (d > to) break;
        if ((await log.read(d)).length > 0) {
          firstLogged = d;
          break;
        }
      }
    }
    return countedDays(roster, from, to, firstLogged);
  }

  /**
   * Past days reduced, kept while their events and the roster stay the same: the office asks for the same month
   * again and again (月汇总 by class, by grade, then the fees), and a day of a 3,000-child school takes 25–80 ms
   * to reduce (issue #20). A day's log only grows, so its length says whether it changed; a roster saved (an
   * import, an erasure) is a new object and drops everything. At most REDUCED_DAYS days (~2 MB each at 3,000
   * children, ~90 MB in all), the least recently used go first. Today is never kept: it changes by the minute.
   */
  const reduced = new Map<string, { roster: Roster; events: number; state: DayState }>();
  function dayState(
    roster: Roster,
    day: string,
    events: readonly CustodyEvent[],
    now: number,
    keep: boolean,
  ): DayState {
    if (day >= localDay(clock(), roster.settings.timeZone)) return reduceDay({ roster, day, events, now });
    const hit = reduced.get(day);
    reduced.delete(day);
    if (hit && hit.roster === roster && hit.events === events.length) {
      reduced.set(day, hit);
      return hit.state;
    }
    const state = reduceDay({ roster, day, events, now });
    if (!keep) return state;
    reduced.set(day, { roster, events: events.length, state });
    if (reduced.size > REDUCED_DAYS) reduced.delete(reduced.keys().next().value!);
    return state;
  }

  /** Each counted service day of a period reduced; a past day is judged at its end, today at the hub's now. */
  async function periodStates(
    fromQ: unknown,
    toQ: unknown,
    maxDays: number,
  ): Promise<{ from: string; to: string; states: DayState[] }> {
    const { from, to } = periodQuery(dayQuery, fromQ, toQ, maxDays);
    const roster = rosters.roster;
    const states: DayState[] = [];
    const days = await reportDays(from, to);
    // A period longer than what is kept (a semester's fees) uses what is there and keeps nothing more: it would
    // only push out the month the office keeps asking for, and fill the hub's memory.
    const keep = days.length <= REDUCED_DAYS;
    for (const d of days) {
      const endOfDay = zonedTimeToEpoch(d, '23:59', roster.settings.timeZone);
      states.push(dayState(roster, d, await log.read(d), Math.min(clock(), endOfDay), keep));
    }
    return { from, to, states };
  }

  /**
   * The last month's past days reduced in the background, one at a time with the event loop free between them:
   * at 3,000 children a month is ~220,000 events in 22 day files, which the first 月汇总 after a restart read and
   * reduced while the clerk waited (3.3 s, issue #20). Stops when the roster changes (its days would be dropped).
   */
  async function warmLastMonth() {
    const roster = rosters.roster;
    const started = Date.now();
    const today = localDay(clock(), roster.settings.timeZone);
    const days = (await reportDays(addDays(today, -WARM_DAYS), addDays(today, -1))).slice(-REDUCED_DAYS);
    for (const d of days) {
      if (rosters.roster !== roster) return;
      const endOfDay = zonedTimeToEpoch(d, '23:59', roster.settings.timeZone);
      dayState(roster, d, await log.read(d), Math.min(clock(), endOfDay), true);
      await new Promise((resolve) => setImmediate(resolve));
    }
    ctx.logger.info('reports ready for the last month', {
      days: days.length,
      kept: days.filter((d) => reduced.get(d)?.roster === roster).length,
      ms: Date.now() - started,
    });
  }
  if (ctx.warmReportsAfterMs !== undefined) {
    setTimeout(() => {
      warmLastMonth().catch((err: unknown) => ctx.logger.warn('reports not prepared', { error: String(err) }));
    }, ctx.warmReportsAfterMs).unref();
  }

  return {
    /**
     * The hub's today and the days it takes, for the office's date pickers: a report's from the service start (or
     * the oldest day kept, whichever is later) to today; leave and arrangements CU17's window.
     */
    dateLimits: () => {
      const hubTime = clock();
      const settings = rosters.roster.settings;
      const today = localDay(hubTime, settings.timeZone);
      const kept = retentionStart(today, settings.retentionSchoolYears);
      const start = settings.serviceStartDate && settings.serviceStartDate > kept ? settings.serviceStartDate : kept;
      const check = { today, ...DEFAULT_CHECK };
      return {
        hubTime,
        today,
        reports: { first: start < today ? start : today, last: today },
        dated: dayWindow('leave_recorded', check),
        maxLeaveDays: MAX_LEAVE_DAYS,
      };
    },

    /** 日出席签到表 for a group and day: page data as JSON, or .csv / .xlsx for Excel. */
    reportDaily: async ({ req, res }) => {
      const bad = req.query.date === undefined || req.query.date === '' ? undefined : badDay(req.query.date, DATE);
      if (bad) throw refused(bad);
      const day = dayQuery(req.query.date);
      const groupId = String(req.query.group ?? '');
      const group = rosters.roster.groups.find((g) => g.id === groupId);
      if (!group) throw new HttpProblem(404, problem('unknown_group', groupId));
      const state = reduceDay({ roster: rosters.roster, day, events: await log.read(day), now: clock() });
      const rows = dailySheet(rosters.roster, state, groupId);
      const table = dailySheetTable(rosters.roster.school.name, group.name, day, rows);
      const json = { day, group: { id: group.id, name: group.name }, rows };
      return sendReport(req, res, table, `签到表-${group.name}-${day}`, json);
    },

    /** 看护教师课时与补贴: a monthly pay sheet from sign-ins and the rota, missed sign-ins flagged. */
    reportHours: async ({ req, res }) => {
      const { from, to } = periodQuery(dayQuery, req.query.from, req.query.to, 62);
      const days: { day: string; events: CustodyEvent[] }[] = [];
      for (const d of await reportDays(from, to)) days.push({ day: d, events: await log.read(d) });
      const rows = teacherHours(rosters.roster, days);
      const table = teacherHoursTable(rosters.roster.school.name, from, to, rows);
      return sendReport(req, res, table, `教师课时-${from}-${to}`, { from, to, rows });
    },

    /** 教育局报表: the twice-monthly figures, per grade. */
    reportBureau: async ({ req, res }) => {
      const { from, to, states } = await periodStates(req.query.from, req.query.to, 62);
      const withEvents = await Promise.all(states.map(async (state) => ({ state, events: await log.read(state.day) })));
      const f = bureauFigures(rosters.roster, withEvents);
      const table = bureauTable(rosters.roster.school.name, from, to, f);
      return sendReport(req, res, table, `教育局报表-${from}-${to}`, { from, to, ...f });
    },

    /** 收费结算: a statement per child for a period (up to a semester), settled on actual attendance. */
    reportFees: async ({ req, res }) => {
      const { from, to, states } = await periodStates(req.query.from, req.query.to, 200);
      const lines = feeStatements(rosters.roster, states);
      if (req.query.view === 'summary') {
        const summary = feeSummary(lines);
        const table = feeSummaryTable(rosters.roster.school.name, from, to, summary);
        return sendReport(req, res, table, `收费公示-${from}-${to}`, { from, to, days: states.length, summary });
      }
      const table = feeStatementTable(rosters.roster.school.name, from, to, lines);
      const sum = (of: (l: (typeof lines)[number]) => number) => lines.reduce((n, l) => n + of(l), 0);
      const totals = { charged: sum((l) => l.charged), balance: sum((l) => l.balance) };
      return sendReport(req, res, table, `收费结算-${from}-${to}`, { from, to, days: states.length, lines, totals });
    },

    /** 周统计 / 月汇总 over a period (at most 62 days), by class, group, grade or school. */
    reportPeriod: async ({ req, res }) => {
      const by = String(req.query.by ?? 'class') as GroupBy;
      if (!['class', 'group', 'grade', 'school'].includes(by)) {
        const words = {
          zh: '统计方式只能是按班级、按课后服务班、按年级或全校（by=class、group、grade 或 school）',
          en: 'Statistics are by class, care group, grade or whole school (by=class, group, grade or school)',
        };
        throw refused(words);
      }
      const { from, to, states } = await periodStates(req.query.from, req.query.to, 62);
      const roster = rosters.roster;
      const rows = periodStats(roster, states, by);
      const table = periodTable(roster.school.name, from, to, rows);
      return sendReport(req, res, table, `统计-${from}-${to}`, { from, to, by, days: states.length, rows });
    },
  };
}
