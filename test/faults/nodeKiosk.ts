/**
 * A kiosk without the screen: the real IndexedDB store (fake-indexeddb) and the real sync engine, in Node,
 * talking socket.io to a real hub. What a teacher's scan does on the tablet — write event and outbox entry in
 * one transaction, then nudge the engine — is what `scan` does here.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { CustodyEvent, ReleaseHow } from '../../core/events';
import type { DaySlice } from '../../core/protocol';
import { reduceDay } from '../../core/reduceDay';
import type { Roster, Student } from '../../core/roster';
import type { DayState } from '../../core/state';
import { KioskDb } from '../../kiosk/lib/kioskDb';
import type { SyncStatus } from '../../kiosk/lib/syncEngine';
import { SyncEngine } from '../../kiosk/lib/syncEngine';
import type { RunningHub } from '../hub/hubProcess';
import { request } from '../hub/hubProcess';

// The engine asks navigator for the battery level; Node 20 has no navigator at all.
if (!('navigator' in globalThis)) Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true });

let dbCount = 0;

export interface NodeKiosk {
  name: string;
  deviceId: string;
  db: KioskDb;
  engine: SyncEngine;
  /** every id the hub acknowledged to this kiosk (stored or duplicate): the promise the hub made */
  acked: Set<string>;
  /** every event scanned on this kiosk */
  created: CustodyEvent[];
  status: () => SyncStatus;
  /** this tablet's clock minus the hub's; its events carry `deviceTime` on this clock */
  skewMs: number;
  /** scans written in one transaction (one scan, or a whole offline queue at once) */
  scan: (...events: CustodyEvent[]) => Promise<void>;
  close: () => void;
}

export async function startKiosk(opts: {
  url: string;
  deviceId: string;
  token: string;
  day: string;
  name: string;
  skewMs?: number;
}): Promise<NodeKiosk> {
  const db = await KioskDb.open(`fault-kiosk-${process.pid}-${dbCount++}`);
  const acked = new Set<string>();
  const settle = db.acknowledged.bind(db);
  db.acknowledged = async (acks) => {
    for (const a of acks) acked.add(a.id);
    await settle(acks);
  };
  let status: SyncStatus | undefined;
  const engine = new SyncEngine({
    db,
    token: opts.token,
    url: opts.url,
    day: () => opts.day,
    station: () => undefined,
    onChange: () => {},
    onStatus: (s) => {
      status = s;
    },
  });
  const created: CustodyEvent[] = [];
  return {
    name: opts.name,
    deviceId: opts.deviceId,
    db,
    engine,
    acked,
    created,
    skewMs: opts.skewMs ?? 0,
    status: () => status ?? engine.current,
    scan: async (...events) => {
      await db.record(events, Date.now());
      created.push(...events);
      await engine.queued();
    },
    close: () => {
      engine.close();
      db.close();
    },
  };
}

/** One step of the dismissal for a child, as the kiosk at that station would write it. */
export type Step = 'checked_in' | 'sent_to_gate' | 'released' | 'transferred';

export function stepEvent(
  k: Pick<NodeKiosk, 'deviceId' | 'skewMs'>,
  day: string,
  child: Student,
  step: Step,
  opts: { offsetKnown?: boolean; at?: number } = {},
): CustodyEvent {
  const deviceTime = (opts.at ?? Date.now()) + k.skewMs;
  // A kiosk that has talked to the hub knows its offset; one that never has sends 0.
  const clockOffsetMs = opts.offsetKnown === false ? 0 : -k.skewMs;
  const base = {
    id: randomUUID(),
    day,
    deviceId: k.deviceId,
    deviceTime,
    clockOffsetMs,
    studentId: child.id,
    source: { kind: 'card' as const, cardId: child.cardId! },
  };
  switch (step) {
    case 'checked_in':
      return { ...base, staffId: 'care-1a', type: 'checked_in', groupId: child.groupId! };
    case 'sent_to_gate':
      return { ...base, staffId: 'care-1a', type: 'sent_to_gate' };
    case 'released': {
      const how: ReleaseHow = { kind: 'staff_confirmed', collectedBy: '奶奶' };
      return { ...base, staffId: 'gate-1', type: 'released', how };
    }
    case 'transferred':
      return { ...base, staffId: 'care-1a', type: 'transferred', to: { kind: 'nurse' } };
  }
}

/** Where each child is, the way a duty leader would compare two screens. */
export function whereabouts(state: DayState): Record<string, string> {
  return Object.fromEntries(
    Object.entries(state.children).map(([id, c]) => [
      id,
      c.place ? `${c.status} ${JSON.stringify(c.place)}` : c.status,
    ]),
  );
}

/** The kiosk's own view: its local log (own scans and what the hub sent) through the shared reducer. */
export async function kioskState(k: NodeKiosk, roster: Roster, day: string, now: number): Promise<DayState> {
  return reduceDay({ roster, day, events: await k.db.eventsOf(day), now });
}

export async function hubEvents(hub: RunningHub, token: string, day: string): Promise<DaySlice['events']> {
  const r = await request<DaySlice>(hub, 'GET', `/api/events?day=${day}`, { token });
  if (r.status !== 200) throw new Error(`events: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.events;
}

export async function hubState(hub: RunningHub, token: string, day: string): Promise<DayState> {
  const r = await request<DayState>(hub, 'GET', `/api/headcount?date=${day}`, { token });
  if (r.status !== 200) throw new Error(`headcount: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Polls until `check` returns true; on time-out, fails with what it was waiting for and the last detail. */
export async function until(
  what: string,
  check: () => Promise<boolean | string> | boolean | string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: boolean | string;
  for (;;) {
    last = await check();
    if (last === true) return;
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${typeof last === 'string' ? `: ${last}` : ''}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The end of every fault test: each outbox is empty, each kiosk holds the hub's whole log, every event is
 * stored exactly once, every acknowledged id is there, and the hub, a clean replay of its log and every kiosk
 * agree on where each child is.
 */
export async function expectConverged(opts: {
  hub: RunningHub;
  token: string;
  roster: Roster;
  day: string;
  kiosks: NodeKiosk[];
}) {
  const { hub, token, roster, day, kiosks } = opts;
  await until(
    'every outbox to drain',
    async () => {
      const left = await Promise.all(kiosks.map(async (k) => `${k.name}: ${await k.db.outboxCount()}`));
      return left.every((l) => l.endsWith(': 0')) || left.join(', ');
    },
    60_000,
  );
  for (const k of kiosks) {
    const refused = (await k.db.rejectedList()).map(
      (r) => `${r.event.type} ${r.problem.code}: ${r.problem.detail ?? ''}`,
    );
    expect(refused, `${k.name}: the hub refused valid scans`).toEqual([]);
  }
  const stored = await hubEvents(hub, token, day);
  const ids = stored.map((e) => e.id);
  expect(new Set(ids).size, 'an event was stored twice').toBe(ids.length);
  expect(
    stored.map((e) => e.seq),
    'seq is not gap-free',
  ).toEqual(stored.map((_, i) => i + 1));
  const have = new Set(ids);
  const created = kiosks.flatMap((k) => k.created.map((e) => e.id));
  expect(
    created.filter((id) => !have.has(id)),
    'scanned on a kiosk but never stored',
  ).toEqual([]);
  const acked = kiosks.flatMap((k) => [...k.acked]);
  expect(
    acked.filter((id) => !have.has(id)),
    'acknowledged but not stored',
  ).toEqual([]);
  await until(
    'every kiosk to hold the whole log',
    async () => {
      const counts = await Promise.all(kiosks.map(async (k) => (await k.db.eventsOf(day)).length));
      return counts.every((n) => n >= stored.length) || `${counts.join(', ')} of ${stored.length}`;
    },
    60_000,
  );
  const state = await hubState(hub, token, day);
  const replay = reduceDay({ roster, day, events: stored, now: state.now });
  expect(whereabouts(state), 'the hub differs from a clean replay of its log').toEqual(whereabouts(replay));
  expect(state.eventCount).toBe(stored.length);
  for (const k of kiosks) {
    const local = await kioskState(k, roster, day, state.now);
    expect(whereabouts(local), `${k.name} differs from the hub`).toEqual(whereabouts(state));
    expect(local.eventCount, `${k.name} applied another number of events`).toBe(state.eventCount);
  }
  return { stored, state };
}
