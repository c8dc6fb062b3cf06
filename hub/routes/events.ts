/** The custody log: submitting and reading events, the day's headcount, and what the office enters at a desk. */
import { randomUUID } from 'node:crypto';
import { arrangementProblem } from '../../core/arrangementWords';
import { isServiceDay } from '../../core/calendar';
import { DEFAULT_CHECK, dayWindow } from '../../core/checkEvent';
import { problem } from '../../core/messages';
import { badDay, END_DATE, LEAVE_PERIOD, leaveWindowRefusal, periodRefusal, START_DATE } from '../../core/periodWords';
import { addDays } from '../../core/time';
import type { HubContext } from '../hubContext';
import type { AreaHandlers } from '../http';
import { HttpProblem } from '../http';
import { ingest, OFFICE_DEVICE_ID } from '../ingest';
import { cardKeyFromHex } from '../../core/cardHash';
import { dayStateForReader, eventsForReader } from '../../core/noteMasking';
import { readerOf } from '../sockets';
import { MAX_LEAVE_DAYS } from './reports';

type Events = 'submitEvents' | 'events' | 'headcount' | 'leave' | 'arrangement';

/** The one day of an arrangement. */
const DAY = { zh: '日期', en: 'The date' };

export function eventRoutes(ctx: HubContext): AreaHandlers<Events> {
  const { rosters, log, clock, ingestDeps } = ctx;
  return {
    submitEvents: ({ principal, body }) => ingest(ingestDeps, ctx.actorOf(principal), body.events),

    events: async ({ req, principal }) => {
      const day = ctx.dayQuery(req.query.day);
      // Least privilege: a tablet reads today only, so a lost one cannot page through the school's past days.
      if (principal.kind === 'device' && day !== ctx.today()) throw new HttpProblem(403, problem('today_only', day));
      const since = Number(req.query.since ?? 0);
      if (!Number.isInteger(since) || since < 0) {
        throw new HttpProblem(400, problem('malformed', 'since must be a whole number'));
      }
      // Stored whole; each reader gets the copy it may see (a tablet no leave note, phones masked but for the office).
      const events = eventsForReader(
        await log.read(day, since),
        readerOf(principal),
        cardKeyFromHex(ctx.access.cardKey),
      );
      return { day, events, lastSeq: await log.lastSeq(day) };
    },

    headcount: async ({ req, principal }) => {
      const day = ctx.dayQuery(req.query.date);
      if (principal.kind === 'device' && day !== ctx.today()) throw new HttpProblem(403, problem('today_only', day));
      const state = await ctx.days.state(day, clock(), ctx.deviceHealth());
      // Reduced from the log as stored; the notes and card ids it copied out are cut as for the events themselves.
      return dayStateForReader(state, readerOf(principal), cardKeyFromHex(ctx.access.cardKey));
    },

    /** Leave entered by the office for a date range: one leave_recorded per service day, in the clerk's name. */
    leave: async ({ body: r }) => {
      // Refused whole, in words with the dates, before any day is stored: the ingest would only say it day by day.
      const bad =
        badDay(r.from, START_DATE) ??
        badDay(r.to, END_DATE) ??
        periodRefusal(r.from, r.to, MAX_LEAVE_DAYS, LEAVE_PERIOD);
      if (bad) throw new HttpProblem(400, { ...problem('malformed'), ...bad });
      const window = dayWindow('leave_recorded', { today: ctx.today(), ...DEFAULT_CHECK });
      const outside = leaveWindowRefusal(r.from, r.to, window, DEFAULT_CHECK);
      if (outside) throw new HttpProblem(400, { ...problem('day_out_of_range'), ...outside });
      const days: string[] = [];
      for (let d = r.from; d <= r.to; d = addDays(d, 1)) if (isServiceDay(rosters.roster.calendar, d)) days.push(d);
      const events = days.map((day) => ({
        id: randomUUID(),
        day,
        deviceId: OFFICE_DEVICE_ID,
        staffId: r.staffId,
        deviceTime: clock(),
        clockOffsetMs: 0,
        type: 'leave_recorded',
        studentId: r.studentId,
        reason: r.reason,
        note: r.note,
      }));
      return { days, ...(await ingest(ingestDeps, { kind: 'office' }, events)) };
    },

    /** An arrangement for one day (early or late pickup, another way home), in a named clerk's name. */
    arrangement: ({ body: r }) => {
      // Said in words (which field, what it should be), not as the event schema's path; the day as CU17 says it.
      const bad = badDay(r.day, DAY) ?? arrangementProblem(r.arrangement);
      if (bad)
        return {
          results: [{ id: null, status: 'rejected', problem: { ...problem('malformed'), ...bad } }],
          hubTime: clock(),
        };
      const event = {
        id: randomUUID(),
        day: r.day,
        deviceId: OFFICE_DEVICE_ID,
        staffId: r.staffId,
        deviceTime: clock(),
        clockOffsetMs: 0,
        type: 'arrangement_recorded',
        studentId: r.studentId,
        arrangement: r.arrangement,
        note: r.note,
      };
      return ingest(ingestDeps, { kind: 'office' }, [event]);
    },
  };
}
