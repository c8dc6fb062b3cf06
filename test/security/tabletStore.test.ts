/**
 * A tablet keeps only what its station needs (#14). The roster the hub gives each reader (GET /api/roster), and
 * that roster as a kiosk's store holds it: no priority group, fee waiver, phone number or card id anywhere; a care
 * room's or a classroom's own children in full, every other child by name, class and group only, no pickup plans
 * or guardians; the gate and an unassigned tablet every child with what the gate shows; the leader no guardian
 * names. The store's dump goes through the real KioskDb (fake-indexeddb).
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TabletRoster } from '../../core/cardHash';
import type { Roster } from '../../core/roster';
import { KioskDb } from '../../kiosk/lib/kioskDb';
import type { RunningHub } from '../hub/hubProcess';
import { connectedSocket, pairKiosk, startDemoHub } from '../hub/hubProcess';
import { dumpStore } from '../kiosk/storeDump';
import { req } from './hubState';

describe('the roster each reader gets', () => {
  let hub: RunningHub;
  let admin: string;
  let roster: Roster;
  const got: Record<string, TabletRoster> = {};
  let groupId: string;
  let classId: string;
  beforeAll(async () => {
    ({ hub, admin, roster } = await startDemoHub());
    groupId = roster.groups.find((g) => g.kind === 'mixed')!.id;
    classId = roster.classes[0]!.id;
    const stations = {
      care: { kind: 'care', ref: groupId },
      classroom: { kind: 'classroom', ref: classId },
      gate: { kind: 'gate' },
      none: null,
    } as const;
    for (const [name, station] of Object.entries(stations)) {
      const k = await pairKiosk(hub, `${name} 平板`);
      if (station) {
        const r = await req(hub, 'PUT', `/api/admin/devices/${k.deviceId}`, { token: admin, body: { station } });
        expect(r.status).toBe(200);
      }
      got[name] = (await req<{ roster: TabletRoster }>(hub, 'GET', '/api/roster', { token: k.token })).body.roster;
    }
    const leader = await req<{ token: string }>(hub, 'POST', '/api/leader/login', {
      body: { staffId: 'leader-1', pin: '2468' },
    });
    got.leader = (
      await req<{ roster: TabletRoster }>(hub, 'GET', '/api/roster', { token: leader.body.token })
    ).body.roster;
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('the office roster has what must not leave it (the premise)', () => {
    expect(roster.students.some((s) => s.priority.length > 0)).toBe(true);
    expect(roster.students.some((s) => s.feeWaiver)).toBe(true);
    expect(roster.guardians.every((g) => g.phone.length > 0)).toBe(true);
  });

  it('no tablet or leader gets a priority group, a fee waiver, a phone number or a card id', () => {
    const secrets = [
      ...roster.guardians.map((g) => g.phone),
      ...roster.students.map((s) => s.cardId!),
      ...roster.guardians.map((g) => g.cardId!),
      ...roster.revokedCards.map((r) => r.cardId),
    ].filter(Boolean);
    for (const [who, r] of Object.entries(got)) {
      expect(r.students.filter((s) => s.priority.length > 0 || s.feeWaiver).length, who).toBe(0);
      expect(r.guardians.filter((g) => g.phone !== '').length, who).toBe(0);
      const json = JSON.stringify(r);
      expect(json, who).not.toContain('left_behind');
      expect(
        secrets.filter((x) => json.includes(x)),
        who,
      ).toEqual([]);
      expect(r.students.length, `${who}: every child, for a roll call at any kiosk`).toBe(roster.students.length);
    }
  });

  it("a care room gets its own group's children in full, the others by name, class and group only, no pickup plans or guardians", () => {
    const r = got.care!;
    const office = new Map(roster.students.map((s) => [s.id, s]));
    const own = r.students.filter((s) => s.groupId === groupId);
    expect(own.length).toBeGreaterThan(0);
    for (const s of own) {
      const o = office.get(s.id)!;
      expect([s.name, s.studentNo, s.classId, s.groupId, s.pickupWave]).toEqual([
        o.name,
        o.studentNo,
        o.classId,
        o.groupId,
        o.pickupWave,
      ]);
    }
    for (const s of r.students.filter((x) => x.groupId !== groupId)) {
      const o = office.get(s.id)!;
      expect([s.name, s.classId, s.groupId]).toEqual([o.name, o.classId, o.groupId]);
      expect([s.studentNo, s.initials]).toEqual(['', '']);
    }
    expect(new Set(r.students.map((s) => JSON.stringify(s.pickup)))).toEqual(new Set(['{"kind":"guardian"}']));
    expect(r.guardians.every((g) => g.name === '' && g.relation === '' && g.studentIds.length === 0)).toBe(true);
    // the card hashes stay: a scan still finds every child, and a pickup card is told apart from an unknown one
    expect(Object.keys(r.cardHashes.students).length).toBe(roster.students.filter((s) => s.cardId).length);
    expect(Object.keys(r.cardHashes.guardians).length).toBe(roster.guardians.filter((g) => g.cardId).length);
  });

  it('a classroom gets its own class in full, the others by name, class and group only', () => {
    const r = got.classroom!;
    const own = r.students.filter((s) => s.classId === classId);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((s) => s.studentNo !== '')).toBe(true);
    expect(r.students.filter((s) => s.classId !== classId).every((s) => s.studentNo === '')).toBe(true);
    expect(r.guardians.every((g) => g.name === '')).toBe(true);
  });

  it('the gate and an unassigned tablet get every child with the pickup plan and who may collect, without phones', () => {
    for (const who of ['gate', 'none']) {
      const r = got[who]!;
      const office = new Map(roster.students.map((s) => [s.id, s]));
      for (const s of r.students) {
        const o = office.get(s.id)!;
        expect([s.studentNo, s.pickup, s.pickupWave], who).toEqual([o.studentNo, o.pickup, o.pickupWave]);
      }
      const guardians = new Map(roster.guardians.map((g) => [g.id, g]));
      for (const g of r.guardians) {
        const o = guardians.get(g.id)!;
        expect([g.name, g.relation, g.studentIds, g.phone], who).toEqual([o.name, o.relation, o.studentIds, '']);
      }
    }
  });

  it("the leader's page gets every child's plan and the guardians' children for the reducer, no guardian names", () => {
    const r = got.leader!;
    const office = new Map(roster.guardians.map((g) => [g.id, g]));
    for (const g of r.guardians)
      expect([g.name, g.relation, g.studentIds]).toEqual(['', '', office.get(g.id)!.studentIds]);
    expect(r.students.map((s) => s.pickup)).toEqual(roster.students.map((s) => s.pickup));
  });

  it("a care room's store, dumped, holds no more than that roster: no card id, phone, priority or fee waiver", async () => {
    const db = await KioskDb.open(`tablet-store-${process.pid}`);
    await db.set('roster', { version: 1, roster: got.care! as unknown as Roster });
    const dump = await dumpStore(`tablet-store-${process.pid}`);
    db.close();
    const json = JSON.stringify(dump);
    for (const s of roster.students.filter((x) => x.groupId !== groupId)) expect(json).not.toContain(s.studentNo);
    for (const s of roster.students) expect(json).not.toContain(s.cardId!);
    for (const g of roster.guardians) {
      expect(json).not.toContain(g.phone);
      expect(json).not.toContain(`"name":"${g.name}","relation"`);
    }
    expect(json).not.toMatch(/"feeWaiver":true|left_behind|migrant|low_income|disabled/);
  });

  it('a station the office gives a tablet later reaches it at once: the hub tells it to load its roster again, now cut to that station', async () => {
    const k = await pairKiosk(hub, '后来分配的平板');
    const socket = await connectedSocket(hub, k.token);
    try {
      const told = new Promise<number>((resolve) => socket.once('rosterChanged', (r) => resolve(r.version)));
      const r = await req(hub, 'PUT', `/api/admin/devices/${k.deviceId}`, {
        token: admin,
        body: { station: { kind: 'care', ref: groupId } },
      });
      expect(r.status).toBe(200);
      expect(typeof (await told)).toBe('number');
      const now = (await req<{ roster: TabletRoster }>(hub, 'GET', '/api/roster', { token: k.token })).body.roster;
      expect(now.students.map((x) => x.studentNo)).toEqual(got.care!.students.map((x) => x.studentNo));
    } finally {
      socket.close();
    }
  });
});
