/**
 * The days the hub is asked about again and again (today's headcount, the gate board every 20 s, the roll-call
 * sheet), kept up to date (CU23): each answer applies only the events stored since the last one, read from the
 * log by sequence number, instead of replaying the whole day. A new roster (an edit, an import, an erasure) or a
 * log that went back (a restore) starts the day again from the log.
 */
import { DayReducer } from '../core/dayReducer';
import type { CustodyEvent } from '../core/events';
import type { Roster } from '../core/roster';
import type { DayState, DeviceHealth } from '../core/state';
import type { EventLog } from './store/eventLog';

/** Today, and the day before for the reports an office runs in the morning: older days are reduced once. */
const KEEP_DAYS = 2;

interface LiveDay {
  reducer: DayReducer;
  lastSeq: number;
}

export interface LiveDays {
  /** The day at `now` as stored so far. */
  state(day: string, now: number, devices?: readonly DeviceHealth[]): Promise<DayState>;
}

export function createLiveDays(log: EventLog<CustodyEvent>, roster: () => Roster): LiveDays {
  const days = new Map<string, LiveDay>();
  return {
    async state(day, now, devices) {
      const r = roster();
      let live = days.get(day);
      if (!live || live.reducer.roster !== r || (await log.lastSeq(day)) < live.lastSeq) {
        live = { reducer: new DayReducer(r, day), lastSeq: 0 };
        days.set(day, live);
        while (days.size > KEEP_DAYS) days.delete(days.keys().next().value!);
      }
      const since = live.lastSeq;
      const fresh = await log.read(day, since);
      // Two answers may read at once: the reducer takes each event once, and the later seq wins.
      live.reducer.add(fresh);
      live.lastSeq = Math.max(live.lastSeq, fresh.at(-1)?.seq ?? since);
      return live.reducer.state(now, devices);
    },
  };
}
