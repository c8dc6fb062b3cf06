/**
 * The obvious alternative to the day log, for comparison only: one lowdb JSON file holding every event, and
 * for each event `push` then `write` (lowdb's JSONFile rewrites the whole file through a temp file and a rename;
 * it never fsyncs, so it is not even durable, which flatters it). To be generous it keeps an in-memory index
 * by id, so duplicates cost nothing; a naive store that searched the array would be slower still.
 */
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { AppendOutcome, EventLog, LogEvent, Stored } from '../hub/store/eventLog';

export async function openNaiveEventLog<E extends LogEvent>(file: string): Promise<EventLog<E>> {
  const db = new Low<{ events: Stored<E>[] }>(new JSONFile(file), { events: [] });
  await db.read();
  const byId = new Map<string, Stored<E>>();
  const lastSeq = new Map<string, number>();
  for (const e of db.data.events) {
    byId.set(e.id, e);
    lastSeq.set(e.day, Math.max(lastSeq.get(e.day) ?? 0, e.seq));
  }
  return {
    recoveries: [],
    async append(events, hubTime) {
      const out: AppendOutcome[] = [];
      for (const e of events) {
        const prior = byId.get(e.id);
        if (prior) {
          out.push({ status: 'duplicate', seq: prior.seq, hubTime: prior.hubTime });
          continue;
        }
        const seq = (lastSeq.get(e.day) ?? 0) + 1;
        lastSeq.set(e.day, seq);
        const stored = { ...e, seq, hubTime } as Stored<E>;
        byId.set(e.id, stored);
        db.data.events.push(stored);
        await db.write();
        out.push({ status: 'stored', seq, hubTime });
      }
      return out;
    },
    async read(day, sinceSeq = 0) {
      return db.data.events.filter((e) => e.day === day && e.seq > sinceSeq);
    },
    async lastSeq(day) {
      return lastSeq.get(day) ?? 0;
    },
    async days() {
      return [...lastSeq.keys()].sort();
    },
    async close() {},
  };
}
