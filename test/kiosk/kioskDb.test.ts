/**
 * The tablet's store: a recorded scan is in the outbox at once and survives until the hub acknowledges it; the
 * tablet's own events stay as it made them, with the hub's answer beside them.
 */
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import type { CustodyEvent, StoredEvent } from '../../core/events';
import type { Acknowledgement } from '../../kiosk/lib/kioskDb';
import { KioskDb } from '../../kiosk/lib/kioskDb';
import { ev, manual } from '../core/fixtures';

let n = 0;
const open = () => KioskDb.open(`test-${n++}`);

describe('kiosk store', () => {
  it('records events and their outbox entries together, in order', async () => {
    const db = await open();
    const a = ev('checked_in', '15:31', { studentId: 'a', source: manual, groupId: 'g1' });
    const b = ev('checked_in', '15:32', { studentId: 'b', source: manual, groupId: 'g1' });
    await db.record([a], 1);
    await db.record([b], 2);
    expect((await db.outbox()).map((e) => e.id)).toEqual([a.id, b.id]);
    expect(await db.outboxCount()).toBe(2);
    await db.acknowledged([ack(a, 1, 3, 'stored')]);
    expect((await db.outbox()).map((e) => e.id)).toEqual([b.id]);
    expect((await db.eventsOf(a.day)).map((e) => e.id).sort()).toEqual([a.id, b.id].sort());
    expect(await db.eventsOf(a.day)).toContainEqual(a);
    expect(await db.acknowledgement(a.id)).toEqual({ id: a.id, day: a.day, seq: 1, hubTime: 3, status: 'stored' });
    expect(await db.acknowledgement(b.id)).toBeUndefined();
  });

  it("the feed's copy of an own event leaves it as the tablet made it; other tablets' are kept as sent", async () => {
    const db = await open();
    const mine = ev('checked_in', '15:31', { studentId: 'a', source: manual, groupId: 'g1' });
    const theirs = ev('checked_in', '15:32', { studentId: 'b', source: manual, groupId: 'g1' }, { deviceId: 'k2' });
    await db.record([mine], 1);
    // The answer to the submission was lost; the day's feed brings the hub's copies first.
    await db.merge([stored(mine, 7, 900), stored(theirs, 8, 901)]);
    expect(await db.eventsOf(mine.day)).toEqual([mine, stored(theirs, 8, 901)]);
    expect(await db.outbox(), 'the resend is the event as made, with no seq or hubTime').toEqual([mine]);
    expect(await db.acknowledgement(mine.id)).toEqual(ack(mine, 7, 900, 'in_feed'));
    expect(await db.acknowledgement(theirs.id), "no ack for another tablet's event").toBeUndefined();
    // The resend's answer replaces what the feed said; a later feed copy changes neither event nor answer.
    await db.acknowledged([ack(mine, 7, 900, 'duplicate')]);
    await db.merge([stored(mine, 7, 900)]);
    expect(await db.eventsOf(mine.day)).toEqual([mine, stored(theirs, 8, 901)]);
    expect((await db.acknowledgement(mine.id))?.status).toBe('duplicate');
    expect(await db.outboxCount()).toBe(0);
  });

  it('survives closing and opening again (a reload)', async () => {
    const name = `reload-${n++}`;
    const db = await KioskDb.open(name);
    const a = ev('checked_in', '15:31', { studentId: 'a', source: manual, groupId: 'g1' });
    await db.record([a], 1);
    db.close();
    const again = await KioskDb.open(name);
    expect((await again.outbox()).map((e) => e.id)).toEqual([a.id]);
  });

  it('a refused event leaves the outbox and the local state, and is kept to show the teacher', async () => {
    const db = await open();
    const a = ev('checked_in', '15:31', { studentId: 'a', source: manual, groupId: 'g1' });
    await db.record([a], 1);
    await db.refused([{ event: a, problem: { code: 'card_revoked', zh: '这张卡已作废', en: 'revoked' }, at: 5 }]);
    expect(await db.outboxCount()).toBe(0);
    expect(await db.eventsOf(a.day)).toEqual([]);
    expect(await db.acknowledgement(a.id)).toBeUndefined();
    expect((await db.rejectedList()).map((r) => r.problem.code)).toEqual(['card_revoked']);
  });

  it("unpairing keeps events not yet sent: they are the school's record", async () => {
    const db = await open();
    const a = ev('checked_in', '15:31', { studentId: 'a', source: manual, groupId: 'g1' });
    await db.set('pairing', { deviceId: 'k1', token: 't', school: 's', name: 'n' });
    await db.record([a], 1);
    await db.forgetPairing();
    expect(await db.get('pairing')).toBeUndefined();
    expect(await db.outboxCount()).toBe(1);
  });

  it("a tablet on version 1 keeps its events, outbox and the hub's seq and hubTime after the upgrade", async () => {
    const name = `upgrade-${n++}`;
    const { unsent, lostAck, acked, ackedUnseen, theirs, rejected } = await versionOne(name);
    const db = await KioskDb.open(name);
    expect(await db.eventsOf(unsent.day)).toEqual([unsent, lostAck, acked, ackedUnseen, stored(theirs, 9, 802)]);
    expect(await db.outbox(), 'in the order queued, as the tablet made them').toEqual([lostAck, unsent]);
    expect(await db.acknowledgement(lostAck.id)).toEqual(ack(lostAck, 5, 800, 'in_feed'));
    expect(await db.acknowledgement(acked.id)).toEqual(ack(acked, 6, 801, 'in_feed'));
    for (const e of [unsent, ackedUnseen, theirs]) expect(await db.acknowledgement(e.id)).toBeUndefined();
    expect(await db.get('pairing')).toEqual({ deviceId: 'k1', token: 't', school: 's', name: 'n' });
    expect(await db.get(`lastSeq:${unsent.day}`)).toBe(9);
    // A verifier of the old kind (PBKDF2, no `kdf`) is dropped, never checked: kiosk/lib/pin.ts.
    expect(await db.pin('t1')).toBeUndefined();
    expect(await db.rejectedList()).toEqual([rejected]);
    // After the upgrade the feed no longer touches the tablet's own events.
    await db.merge([stored(unsent, 10, 803)]);
    expect(await db.outbox()).toEqual([lostAck, unsent]);
    db.close();
    // Opening again at the new version changes nothing.
    const again = await KioskDb.open(name);
    expect(await again.eventsOf(unsent.day)).toEqual([unsent, lostAck, acked, ackedUnseen, stored(theirs, 9, 802)]);
    again.close();
  });

  it('an upgrade that fails half-way changes nothing: the tablet stays on version 1 with all its data', async () => {
    const name = `upgrade-${n++}`;
    const { lostAck, acked } = await versionOne(name);
    const update = IDBCursor.prototype.update;
    let updates = 0;
    // The first own event is moved, then the second fails.
    IDBCursor.prototype.update = function (this: IDBCursor, value: unknown) {
      if (updates++ === 1) throw new Error('interrupted');
      return update.call(this, value);
    };
    try {
      await expect(KioskDb.open(name)).rejects.toThrow();
    } finally {
      IDBCursor.prototype.update = update;
    }
    expect(updates).toBe(2);
    const v1 = await openDB(name);
    expect(v1.version).toBe(1);
    expect([...v1.objectStoreNames]).not.toContain('acks');
    expect(await v1.get('events', lostAck.id), 'the first move was undone').toEqual(stored(lostAck, 5, 800));
    expect(await v1.count('outbox')).toBe(2);
    v1.close();
    const db = await KioskDb.open(name);
    expect(await db.outbox()).toEqual([lostAck, expect.anything()]);
    expect(await db.acknowledgement(acked.id)).toEqual(ack(acked, 6, 801, 'in_feed'));
    db.close();
  });
});

/** The hub's copy of an event, as its day feed sends it. */
function stored(e: CustodyEvent, seq: number, hubTime: number): StoredEvent {
  return { ...e, seq, hubTime };
}

function ack(e: CustodyEvent, seq: number, hubTime: number, status: Acknowledgement['status']): Acknowledgement {
  return { id: e.id, day: e.day, seq, hubTime, status };
}

/**
 * A tablet's store as version 1 left it: one `events` store, where the feed's copy (seq, hubTime) replaced the
 * tablet's own. `unsent` and `lostAck` are in the outbox (the hub stored `lostAck`, its answer was lost); `acked`
 * was answered and then fed back; `ackedUnseen` answered, its feed copy not yet come; `theirs` another tablet's.
 */
async function versionOne(name: string) {
  const unsent = ev('checked_in', '15:31', { studentId: 'a', source: manual, groupId: 'g1' });
  const lostAck = ev('checked_in', '15:32', { studentId: 'b', source: manual, groupId: 'g1' });
  const acked = ev('sent_to_gate', '15:33', { studentId: 'a', source: manual });
  const ackedUnseen = ev('sent_to_gate', '15:34', { studentId: 'b', source: manual });
  const theirs = ev('checked_in', '15:35', { studentId: 'c', source: manual, groupId: 'g1' }, { deviceId: 'k2' });
  const refusedEvent = ev('checked_in', '15:36', { studentId: 'd', source: manual, groupId: 'g1' });
  const rejected = { event: refusedEvent, problem: { code: 'card_revoked', zh: '作废', en: 'revoked' }, at: 5 };
  const v1 = await openDB(name, 1, {
    upgrade(d) {
      d.createObjectStore('kv');
      d.createObjectStore('events', { keyPath: 'id' }).createIndex('day', 'day');
      d.createObjectStore('outbox', { keyPath: 'id' });
      d.createObjectStore('rejected', { keyPath: 'event.id' });
      d.createObjectStore('pins', { keyPath: 'staffId' });
    },
  });
  await v1.put('kv', { deviceId: 'k1', token: 't', school: 's', name: 'n' }, 'pairing');
  await v1.put('kv', 9, `lastSeq:${unsent.day}`);
  await v1.put('pins', { staffId: 't1', salt: 's', hash: 'h' });
  await v1.put('rejected', rejected);
  const v1Events = [unsent, stored(lostAck, 5, 800), stored(acked, 6, 801), ackedUnseen, stored(theirs, 9, 802)];
  for (const e of v1Events) await v1.put('events', e);
  await v1.put('outbox', { id: unsent.id, day: unsent.day, queuedAt: 2 });
  await v1.put('outbox', { id: lostAck.id, day: lostAck.day, queuedAt: 1 });
  v1.close();

  return { unsent, lostAck, acked, ackedUnseen, theirs, rejected };
}
