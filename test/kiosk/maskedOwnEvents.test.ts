/**
 * The feed a kiosk gets is cut (core/noteMasking.ts): no leave note, phones masked, card ids as hashes. Its own
 * events come back that way too; the tablet keeps them as it made them (CU18: the feed's copy only notes the seq),
 * sends the originals while they are unsent, and once the hub has them keeps their card ids only as hashes.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { cardHash } from '../../core/cardHash';
import type { CustodyEvent, StoredEvent } from '../../core/events';
import { eventForReader } from '../../core/noteMasking';
import type { Roster } from '../../core/roster';
import { KioskDb } from '../../kiosk/lib/kioskDb';
import { ev } from '../core/fixtures';
import { dumpStore } from './storeDump';

const KEY = 'a'.repeat(64);
const CARD = 'RS7Q5K2M9XJ0PHT4VC';
let n = 0;

const stored = (e: CustodyEvent, seq: number): StoredEvent => ({ ...e, seq, hubTime: 1_800_000_000_000 });

describe("a kiosk's own events in the cut feed", () => {
  it('a masked copy of an own leave event is no conflict: the event, the outbox and the resend stay as made', async () => {
    const db = await KioskDb.open(`masked-own-${n++}`);
    const leave = ev('leave_recorded', '08:00', { studentId: 's1', reason: 'sick', note: '发烧 妈妈 13800138000' });
    await db.record([leave], 1);
    const masked = eventForReader(stored(leave, 4), 'kiosk', KEY);
    expect((masked as typeof leave).note).toBe('');
    await db.merge([masked]);
    expect(await db.eventsOf(leave.day)).toEqual([leave]);
    expect(await db.outbox()).toEqual([leave]);
    expect(await db.acknowledgement(leave.id)).toMatchObject({ seq: 4, status: 'in_feed' });
    db.close();
  });

  it('once the hub acknowledges an own scan, the tablet keeps its card id only as the hash; unsent, it is the id', async () => {
    const name = `masked-own-${n++}`;
    const db = await KioskDb.open(name);
    await db.set('roster', { version: 1, roster: { cardHashes: { key: KEY } } as unknown as Roster });
    const scan = ev('checked_in', '15:31', { studentId: 's1', source: { kind: 'card', cardId: CARD }, groupId: 'g1' });
    const release = ev('released', '17:31', {
      studentId: 's1',
      source: { kind: 'card', cardId: CARD },
      how: { kind: 'guardian_card', guardianId: 'ga', cardId: 'RG7Q5K2M9XJ0PHT4VC' },
    });
    await db.record([scan, release], 1);
    expect(await db.outbox(), 'sent as made').toEqual([scan, release]);
    await db.acknowledged([{ id: scan.id, day: scan.day, seq: 1, hubTime: 2, status: 'stored' }]);
    await db.acknowledged([{ id: release.id, day: release.day, seq: 2, hubTime: 3, status: 'duplicate' }]);
    const [a, b] = await db
      .eventsOf(scan.day)
      .then((es) => [es.find((e) => e.id === scan.id)!, es.find((e) => e.id === release.id)!]);
    expect(a).toEqual({ ...scan, source: { kind: 'card', cardId: cardHash(KEY, CARD) } });
    expect(b).toMatchObject({ how: { kind: 'guardian_card', cardId: cardHash(KEY, 'RG7Q5K2M9XJ0PHT4VC') } });
    // a refused scan is kept to show the teacher, its card id hashed too
    const refused = ev('checked_in', '15:40', {
      studentId: 's2',
      source: { kind: 'card', cardId: CARD },
      groupId: 'g1',
    });
    await db.record([refused], 2);
    await db.refused([{ event: refused, problem: { code: 'malformed', zh: '格式', en: 'malformed' }, at: 3 }]);
    expect((await db.rejectedList())[0]!.event).toEqual({
      ...refused,
      source: { kind: 'card', cardId: cardHash(KEY, CARD) },
    });
    const json = JSON.stringify(await dumpStore(name));
    expect(json).not.toContain(CARD);
    expect(json).not.toContain('RG7Q5K2M9XJ0PHT4VC');
    db.close();
  });
});
