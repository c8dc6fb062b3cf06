/**
 * The tablet keeps its own events as it made them (#13). The real store and sync engine (test/faults/nodeKiosk)
 * against a small socket.io hub on a real port that does what the hub does with a kiosk's events: checks each
 * with the strict event schema (a copy carrying `seq` or `hubTime` is refused as malformed), stores by id,
 * answers with seq and hubTime, and feeds the day to every subscriber. Its answers can be lost on the way back.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustodyEvent, StoredEvent } from '../../core/events';
import { parseEvent } from '../../core/events';
import { problem } from '../../core/messages';
import type { ClientToHubEvents, DaySlice, EventResult, HubToClientEvents } from '../../core/protocol';
import { ev, manual } from '../core/fixtures';
import type { NodeKiosk } from '../faults/nodeKiosk';
import { startKiosk, until } from '../faults/nodeKiosk';

const DAY = '2026-11-24';

/** Store by id, answer, feed: the hub's part of the protocol and nothing else. */
class LittleHub {
  readonly log: StoredEvent[] = [];
  /** every event as it arrived in a submission, resends included */
  readonly received: unknown[] = [];
  /** the hub stores and feeds, but its answer never reaches the tablet */
  loseAnswers = false;
  private constructor(
    readonly io: Server<ClientToHubEvents, HubToClientEvents>,
    readonly url: string,
  ) {}

  static async start(): Promise<LittleHub> {
    const http = createServer();
    const io = new Server<ClientToHubEvents, HubToClientEvents>(http);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const hub = new LittleHub(io, `http://127.0.0.1:${(http.address() as AddressInfo).port}`);
    io.on('connection', (socket) => {
      socket.on('subscribeDay', ({ day, sinceSeq }, ack) => {
        void socket.join(day);
        ack({ ok: true, data: hub.slice(day, sinceSeq) });
      });
      socket.on('unsubscribeDay', ({ day }) => {
        void socket.leave(day);
      });
      socket.on('reportStatus', (_req, ack) => ack({ ok: true, data: { hubTime: Date.now() } }));
      socket.on('submitEvents', (events, ack) => {
        const results = events.map((item) => hub.submit(item));
        if (!hub.loseAnswers) ack({ ok: true, data: { results, hubTime: Date.now() } });
      });
    });
    return hub;
  }

  private submit(item: unknown): EventResult {
    this.received.push(structuredClone(item));
    const parsed = parseEvent(item);
    if (!parsed.ok) return { id: null, status: 'rejected', problem: problem('malformed', parsed.issues) };
    const had = this.log.find((e) => e.id === parsed.event.id);
    if (had) return { id: had.id, status: 'duplicate', seq: had.seq, hubTime: had.hubTime };
    const e = this.store(parsed.event);
    return { id: e.id, status: 'stored', seq: e.seq, hubTime: e.hubTime };
  }

  /** Stores and feeds an event, as when another tablet sent it. */
  store(event: CustodyEvent): StoredEvent {
    const e = { ...event, seq: this.log.length + 1, hubTime: Date.now() };
    this.log.push(e);
    this.io.to(e.day).emit('eventsStored', { day: e.day, events: [e], lastSeq: e.seq });
    return e;
  }

  slice(day: string, sinceSeq: number): DaySlice {
    const events = this.log.filter((e) => e.day === day && e.seq > sinceSeq);
    return { day, events, lastSeq: this.log.length };
  }

  /** Every connection drops, as when the Wi-Fi does (not a hub's "go away"): the tablets come back on their own. */
  cut() {
    for (const socket of this.io.sockets.sockets.values()) socket.conn.close();
  }

  async close() {
    await this.io.close();
  }
}

let hub: LittleHub;
const kiosks: NodeKiosk[] = [];
beforeAll(async () => {
  hub = await LittleHub.start();
});
afterAll(async () => {
  for (const k of kiosks) k.close();
  await hub.close();
});

async function kiosk(): Promise<NodeKiosk> {
  const k = await startKiosk({ url: hub.url, deviceId: 'k1', token: 't', day: DAY, name: '看护室平板' });
  kiosks.push(k);
  await until('the kiosk online', () => k.status().online);
  return k;
}

/** Waits until the day's feed has brought the tablet everything the hub holds. */
const fedUp = (k: NodeKiosk) =>
  until('the feed to catch up', async () => (await k.db.get(`lastSeq:${DAY}`)) === hub.log.length);
/** The hub's answer as the tablet should keep it. */
const answer = (e: StoredEvent, status: 'stored' | 'duplicate' | 'in_feed') => ({
  id: e.id,
  day: e.day,
  seq: e.seq,
  hubTime: e.hubTime,
  status,
});
const heldAs = async (k: NodeKiosk, id: string) => (await k.db.eventsOf(DAY)).filter((e) => e.id === id);

describe("the tablet's own events", () => {
  it("after a sync the stored event is the one the tablet made, and the hub's answer is kept beside it", async () => {
    const k = await kiosk();
    const made = ev('checked_in', '15:31', { studentId: 'a', source: manual, groupId: 'g1' }, { deviceId: 'k1' });
    const original = structuredClone(made);
    await k.scan(made);
    await until('the outbox to drain', async () => (await k.db.outboxCount()) === 0);
    await fedUp(k);
    const onHub = hub.log.find((e) => e.id === made.id)!;
    expect(await heldAs(k, made.id), "the feed's copy (with seq) did not replace it").toEqual([original]);
    expect(await k.db.acknowledgement(made.id)).toEqual(answer(onHub, 'stored'));
    expect(k.acked).toEqual(new Set([made.id]));
  });

  it("another tablet's event is kept as the hub sent it, and the day still has one event per id", async () => {
    const k = await kiosk();
    const elsewhere = ev('checked_in', '15:32', { studentId: 'b', source: manual, groupId: 'g1' }, { deviceId: 'k2' });
    const theirs = hub.store(elsewhere);
    await fedUp(k);
    expect(await heldAs(k, theirs.id)).toEqual([theirs]);
    expect(await k.db.acknowledgement(theirs.id)).toBeUndefined();
    const ids = (await k.db.eventsOf(DAY)).map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(hub.log.length);
  });

  it("CU18 an answer lost: the feed's copy leaves the event as made, and the resend is the original", async () => {
    const k = await kiosk();
    // Typed on the tablet with a space either side; the hub trims it, so its copy differs by more than seq.
    const how = { kind: 'staff_confirmed', collectedBy: '奶奶' } as const;
    const released = ev('released', '15:40', { studentId: 'a', source: manual, how });
    const made: CustodyEvent = { ...released, how: { kind: 'staff_confirmed', collectedBy: ' 奶奶 ' } };
    const original = structuredClone(made);
    hub.loseAnswers = true;
    await k.scan(made);
    await until('the hub to store it', () => hub.log.some((e) => e.id === made.id));
    await fedUp(k);
    const onHub = hub.log.find((e) => e.id === made.id)!;
    expect(onHub).not.toEqual({ ...original, seq: onHub.seq, hubTime: onHub.hubTime });
    expect(await k.db.outboxCount(), 'no answer came: it is still to be sent').toBe(1);
    expect(await heldAs(k, made.id)).toEqual([original]);
    expect(await k.db.acknowledgement(made.id)).toEqual(answer(onHub, 'in_feed'));

    hub.loseAnswers = false;
    hub.cut();
    await until('the resend to be answered', async () => (await k.db.outboxCount()) === 0);
    const sent = hub.received.filter((e) => (e as CustodyEvent).id === made.id);
    expect(sent.length, 'sent, then sent again').toBe(2);
    for (const e of sent) expect(e, 'each time the event as the tablet made it').toEqual(original);
    expect(await k.db.rejectedList(), 'the resend was not refused').toEqual([]);
    expect(await heldAs(k, made.id)).toEqual([original]);
    expect(await k.db.acknowledgement(made.id)).toEqual(answer(onHub, 'duplicate'));
    expect(hub.log.filter((e) => e.id === made.id)).toHaveLength(1);
  });
});
