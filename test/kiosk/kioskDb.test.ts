/** The tablet's store: a recorded scan is in the outbox at once and survives until the hub acknowledges it. */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
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
    await db.acknowledged([a.id]);
    expect((await db.outbox()).map((e) => e.id)).toEqual([b.id]);
    expect((await db.eventsOf(a.day)).map((e) => e.id).sort()).toEqual([a.id, b.id].sort());
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
    expect((await db.rejectedList()).map((r) => r.problem.code)).toEqual(['card_revoked']);
  });

  it('unpairing keeps events not yet sent: they are the school\'s record', async () => {
    const db = await open();
    const a = ev('checked_in', '15:31', { studentId: 'a', source: manual, groupId: 'g1' });
    await db.set('pairing', { deviceId: 'k1', token: 't', school: 's', name: 'n' });
    await db.record([a], 1);
    await db.forgetPairing();
    expect(await db.get('pairing')).toBeUndefined();
    expect(await db.outboxCount()).toBe(1);
  });
});
