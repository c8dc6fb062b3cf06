/**
 * The daily trim (#14): a tablet keeps today and the two days before; older events go, the tablet's own only once
 * the hub has acknowledged them, and so does what it holds about children no longer in its roster. The day comes
 * from an injected instant, never from the wall clock.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { CustodyEvent, StoredEvent } from '../../core/events';
import { addDays, localDay } from '../../core/time';
import { KEEP_DAYS, KioskDb } from '../../kiosk/lib/kioskDb';
import { ev, manual } from '../core/fixtures';
import { dumpStore } from './storeDump';

/** Tuesday 1 December 2026, 16:00 in Shanghai: the tablet's "now" in this test. */
const NOW = Date.UTC(2026, 11, 1, 8, 0);
const TODAY = localDay(NOW, 'Asia/Shanghai');

let n = 0;
const checkIn = (day: string, studentId: string, deviceId = 'k1') =>
  ev('checked_in', '15:31', { studentId, source: manual, groupId: 'g1' }, { day, deviceId });
const stored = (e: CustodyEvent, seq: number): StoredEvent => ({ ...e, seq, hubTime: NOW });

describe('the daily trim', () => {
  it('keeps today and 2 days before, never an unacknowledged event, and drops children no longer in the roster', async () => {
    expect(KEEP_DAYS).toBe(3);
    const name = `trim-${n++}`;
    const db = await KioskDb.open(name);
    const old = addDays(TODAY, -3);
    const kept = addDays(TODAY, -2);
    const ownOldAcked = checkIn(old, 'a');
    const ownOldUnsent = checkIn(old, 'b');
    const ownKeptAcked = checkIn(kept, 'a');
    const ownTodayAcked = checkIn(TODAY, 'a');
    const ownGoneAcked = checkIn(kept, 'gone');
    const ownGoneUnsent = checkIn(kept, 'gone');
    const theirsOld = checkIn(old, 'c', 'k2');
    const theirsKept = checkIn(kept, 'c', 'k2');
    const theirsGone = checkIn(kept, 'gone', 'k2');
    // today's events about a child gone from the roster wait for tomorrow's trim (the child may be put back)
    const theirsGoneToday = checkIn(TODAY, 'gone', 'k2');
    await db.record([ownOldAcked, ownOldUnsent, ownKeptAcked, ownTodayAcked, ownGoneAcked, ownGoneUnsent], NOW);
    await db.acknowledged(
      [ownOldAcked, ownKeptAcked, ownTodayAcked, ownGoneAcked].map((e, i) => ({
        id: e.id,
        day: e.day,
        seq: i + 1,
        hubTime: NOW,
        status: 'stored' as const,
      })),
    );
    await db.merge([stored(theirsOld, 7), stored(theirsKept, 8), stored(theirsGone, 9), stored(theirsGoneToday, 10)]);
    const refusedOld = checkIn(old, 'a');
    await db.record([refusedOld], NOW);
    await db.refused([{ event: refusedOld, problem: { code: 'malformed', zh: '格式', en: 'malformed' }, at: NOW }]);
    await db.set(`lastSeq:${old}`, 7);
    await db.set(`lastSeq:${TODAY}`, 9);

    const done = await db.trim(TODAY, new Set(['a', 'b', 'c']));
    expect(done).toEqual({ events: 2, feed: 2, rejected: 1 });
    expect(await db.eventsOf(old), 'only the event the hub has not acknowledged').toEqual([ownOldUnsent]);
    expect((await db.eventsOf(kept)).map((e) => e.id).sort()).toEqual(
      [ownKeptAcked.id, theirsKept.id, ownGoneUnsent.id].sort(),
    );
    expect((await db.eventsOf(TODAY)).map((e) => e.id).sort()).toEqual([ownTodayAcked.id, theirsGoneToday.id].sort());
    expect(await db.acknowledgement(ownOldAcked.id)).toBeUndefined();
    expect(await db.acknowledgement(ownKeptAcked.id)).toBeDefined();
    expect((await db.outbox()).map((e) => e.id).sort()).toEqual([ownOldUnsent.id, ownGoneUnsent.id].sort());
    expect(await db.rejectedList()).toEqual([]);
    expect(await db.get(`lastSeq:${old}`)).toBeUndefined();
    expect(await db.get(`lastSeq:${TODAY}`)).toBe(9);

    // The dump holds nothing of the old day but the unsent event, and nothing about the child who left but unsent.
    const json = JSON.stringify(await dumpStore(name));
    for (const e of [ownOldAcked, theirsOld, ownGoneAcked, theirsGone, refusedOld]) expect(json).not.toContain(e.id);

    // The next day, day −2 goes too (but for its unsent event), and so does yesterday's event about the child gone;
    // once the hub acknowledges the old unsent event, it goes at the next trim.
    await db.trim(addDays(TODAY, 1), new Set(['a', 'b', 'c']));
    expect(await db.eventsOf(kept)).toEqual([ownGoneUnsent]);
    expect((await db.eventsOf(TODAY)).map((e) => e.id)).toEqual([ownTodayAcked.id]);
    await db.acknowledged([{ id: ownOldUnsent.id, day: old, seq: 10, hubTime: NOW, status: 'stored' }]);
    await db.trim(addDays(TODAY, 1), new Set(['a', 'b', 'c']));
    expect(await db.eventsOf(old)).toEqual([]);
    db.close();
  });
});
