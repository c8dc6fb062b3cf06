/**
 * Lock-outs that hold: PIN failures count per staff member on every tablet and at the leader's login, the lock
 * survives a hub restart, only a tablet may test a PIN, new PINs must be long and not guessable, and the office
 * can lift a lock. Runs against a real hub process; the lock lasts 15 minutes, far longer than these tests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPinProblem } from '../../core/pinRules';
import type { RunningHub } from '../hub/hubProcess';
import { adminToken, pairKiosk, startDemoHub, startHub } from '../hub/hubProcess';
import { expectCleanLog, expectProblem, req } from './hubState';

let hub: RunningHub;
let admin: string;
let tabletA: { deviceId: string; token: string };
let tabletB: { deviceId: string; token: string };

beforeAll(async () => {
  ({ hub, admin } = await startDemoHub());
  tabletA = await pairKiosk(hub, '一年级教室');
  tabletB = await pairKiosk(hub, '校门');
});
afterAll(async () => {
  await hub?.stop();
});

const signIn = (tablet: { token: string }, staffId: string, pin: string) =>
  req<{ problem?: { code: string; zh: string; en: string } }>(hub, 'POST', '/api/staff/sign-in', {
    token: tablet.token,
    body: { staffId, pin },
  });
const leaderLogin = (staffId: string, pin: string) =>
  req<{ token?: string; problem?: { code: string; zh: string; en: string } }>(hub, 'POST', '/api/leader/login', {
    body: { staffId, pin },
  });
const setPin = (staffId: string, pin: string) =>
  req<{ problem?: { code: string; zh: string; en: string } }>(hub, 'POST', `/api/admin/staff/${staffId}/pin`, {
    token: admin,
    body: { pin },
  });

describe('only a tablet tests a PIN', () => {
  it("a duty leader's session and the office's are refused at /api/staff/sign-in with 403, and nothing is counted", async () => {
    const leader = (await leaderLogin('leader-1', '2468')).body.token!;
    for (const token of [leader, admin]) {
      for (let i = 0; i < 6; i++) {
        const r = await req<{ problem: unknown }>(hub, 'POST', '/api/staff/sign-in', {
          token,
          body: { staffId: 'care-1b', pin: String(100000 + i) },
        });
        expect(r.status).toBe(403);
        expectProblem(r.body.problem, 'sign-in with a person session');
      }
    }
    // none of those were PIN checks: care-1b is not locked
    expect((await signIn(tabletA, 'care-1b', '2468')).status).toBe(200);
  });
});

describe('failures count per staff member', () => {
  it('5 wrong PINs on one tablet lock that teacher on a second tablet and at the leader login, even with the right PIN', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await signIn(tabletA, 'leader-1', String(1000 + i))).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const other = await signIn(tabletB, 'leader-1', '2468');
    expect(other.status).toBe(429);
    expect(other.body.problem).toMatchObject({ code: 'rate_limited' });
    // the wait is said in both languages
    expect(other.body.problem!.zh).toMatch(/1[45] 分钟后/);
    expect(other.body.problem!.en).toMatch(/try again in 1[45] min/);
    expect((await leaderLogin('leader-1', '2468')).status).toBe(429);
    // another teacher on the same tablets is not locked
    expect((await signIn(tabletA, 'care-1a', '2468')).status).toBe(200);
  });

  it('failures at the leader login and on a tablet add up to one count', async () => {
    for (let i = 0; i < 3; i++) expect((await leaderLogin('office-1', String(2000 + i))).status).toBe(401);
    for (let i = 0; i < 2; i++) expect((await signIn(tabletB, 'office-1', String(3000 + i))).status).toBe(401);
    expect((await signIn(tabletA, 'office-1', '2468')).status).toBe(429);
  });

  it('the office lifts a lock: the teacher signs in on a tablet and at the leader login again', async () => {
    const unlocked = await req<{ ok: boolean; wasLocked: boolean }>(hub, 'POST', '/api/admin/staff/leader-1/unlock', {
      token: admin,
    });
    expect(unlocked).toMatchObject({ status: 200, body: { ok: true, wasLocked: true } });
    expect((await signIn(tabletB, 'leader-1', '2468')).status).toBe(200);
    expect((await leaderLogin('leader-1', '2468')).status).toBe(200);
    // a teacher who was not locked: said so
    const again = await req<{ wasLocked: boolean }>(hub, 'POST', '/api/admin/staff/care-1a/unlock', { token: admin });
    expect(again.body.wasLocked).toBe(false);
    expect((await req(hub, 'POST', '/api/admin/staff/nobody/unlock', { token: admin })).status).toBe(404);
    expect((await req(hub, 'POST', '/api/admin/staff/leader-1/unlock', { token: tabletA.token })).status).toBe(403);
    expect(hub.output()).toMatch(/"msg":"PIN unlocked","staffId":"leader-1","wasLocked":true/);
  });
});

describe('new PINs', () => {
  it('a short or guessable new PIN is refused with a reason in both languages, and the old PIN still works', async () => {
    for (const [pin, code] of [
      ['1357', 'pin_too_short'],
      ['24680', 'pin_too_short'],
      ['000000', 'pin_weak'],
      ['111111', 'pin_weak'],
      ['123456', 'pin_weak'],
      ['654321', 'pin_weak'],
      ['123123', 'pin_weak'],
      ['12345678', 'pin_weak'],
    ] as const) {
      const r = await setPin('gate-2', pin);
      expect(r.status, pin).toBe(400);
      expect(r.body.problem, pin).toMatchObject({ code });
      expect(r.body.problem!.zh, pin).toContain('未修改');
      expect(r.body.problem!.en, pin).toContain('nothing was changed');
    }
    expect((await signIn(tabletA, 'gate-2', '2468')).status).toBe(200);
  });

  it('a good 6-digit PIN is set; the old one no longer signs in', async () => {
    expect((await setPin('gate-2', '305918')).status).toBe(200);
    expect((await signIn(tabletA, 'gate-2', '305918')).status).toBe(200);
    expect((await signIn(tabletA, 'gate-2', '2468')).status).toBe(401);
  });

  it("the staff member's id digits are refused, and so are common shapes", () => {
    expect(newPinProblem('20180931', 't20180931')).toBe('pin_weak');
    expect(newPinProblem('201809', 't20180931')).toBe('pin_weak');
    expect(newPinProblem('520131', 'care-1a')).toBe('pin_weak');
    expect(newPinProblem('890123', 'care-1a')).toBe('pin_weak');
    expect(newPinProblem('121212', 'care-1a')).toBe('pin_weak');
    expect(newPinProblem('305918', 't20180931')).toBeNull();
    expect(newPinProblem('12a456', 'care-1a')).toBe('pin_too_short');
  });
});

describe('a restart', () => {
  it('keeps a lock: a teacher locked before the hub restarts is still locked after, on any tablet', async () => {
    for (let i = 0; i < 5; i++) expect((await signIn(tabletA, 'gate-1', String(4000 + i))).status).toBe(401);
    expect((await signIn(tabletA, 'gate-1', '2468')).status).toBe(429);
    await hub.stop();
    hub = await startHub({ dataDir: hub.dataDir });
    admin = await adminToken(hub);
    const after = await signIn(tabletB, 'gate-1', '2468');
    expect(after.status).toBe(429);
    expect(after.body.problem!.en).toMatch(/try again in 1[45] min/);
    expect((await leaderLogin('gate-1', '2468')).status).toBe(429);
    // office-1, locked above by failures at the leader login and on a tablet together, is still locked
    expect((await signIn(tabletB, 'office-1', '2468')).status).toBe(429);
    expect((await signIn(tabletB, 'care-1a', '2468')).status).toBe(200);
  });

  it('keeps the pairing-code lock, which counts every address together', async () => {
    for (let i = 0; i < 5; i++)
      expect((await req(hub, 'POST', '/api/pair', { body: { code: `WRONG${i}XX`, name: '入侵者' } })).status).toBe(401);
    await hub.stop();
    hub = await startHub({ dataDir: hub.dataDir });
    const r = await req<{ problem: unknown }>(hub, 'POST', '/api/pair', { body: { code: 'WRONG9XX', name: '入侵者' } });
    expect(r.status).toBe(429);
    expectCleanLog(hub);
  });
});
