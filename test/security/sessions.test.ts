/**
 * Signing out on the hub and the idle timeout: an office or leader token stops working when its holder signs
 * out (and the sockets it opened are cut), and when it has not been used for a while; a tablet cannot use the
 * route. The timeouts run on an injected clock; the sign-out on the real hub process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_SESSION_MS, AccessStore, LEADER_IDLE_MS, OFFICE_IDLE_MS } from '../../hub/accessStore';
import { DEMO_PIN } from '../../hub/demo/demoSchool';
import type { RunningHub } from '../hub/hubProcess';
import { adminToken, connectedSocket, pairKiosk, startDemoHub } from '../hub/hubProcess';
import { req } from './hubState';

const MINUTE_MS = 60_000;

async function storeAt(start: number) {
  const clock = { now: start };
  const store = await AccessStore.open(null, () => clock.now);
  return { store, clock };
}

describe('idle timeout (injected clock)', () => {
  it('an office session ends after 30 minutes unused, and lasts while it is used', async () => {
    const { store, clock } = await storeAt(1_000_000);
    expect(OFFICE_IDLE_MS).toBe(30 * MINUTE_MS);
    const busy = store.newAdminSession();
    const idle = store.newAdminSession();
    for (let i = 0; i < 5; i++) {
      clock.now += 20 * MINUTE_MS;
      expect(store.isAdminSession(busy)).toBe(true);
    }
    expect(store.isAdminSession(idle)).toBe(false);
    // Once ended, using it again does not bring it back.
    clock.now -= 90 * MINUTE_MS;
    expect(store.isAdminSession(idle)).toBe(false);
  });

  it('an office session unused for 29 minutes still works; at 30 it does not', async () => {
    const { store, clock } = await storeAt(5_000_000);
    const a = store.newAdminSession();
    const b = store.newAdminSession();
    clock.now += OFFICE_IDLE_MS - 1;
    expect(store.isAdminSession(a)).toBe(true);
    clock.now += 1;
    expect(store.isAdminSession(b)).toBe(false);
  });

  it("a duty leader's session outlasts a dismissal with the phone in a pocket, and ends after 4 hours unused", async () => {
    const { store, clock } = await storeAt(2_000_000);
    const pocket = store.newLeaderSession('leader-1');
    const forgotten = store.newLeaderSession('leader-1');
    clock.now += 3 * 60 * MINUTE_MS;
    expect(store.leaderForToken(pocket)).toBe('leader-1');
    clock.now += LEADER_IDLE_MS - 3 * 60 * MINUTE_MS;
    expect(store.leaderForToken(forgotten)).toBeNull();
    expect(store.leaderForToken(pocket)).toBe('leader-1');
  });

  it('no session, however busy, lasts beyond 12 hours', async () => {
    const { store, clock } = await storeAt(3_000_000);
    const office = store.newAdminSession();
    const leader = store.newLeaderSession('leader-1');
    const end = clock.now + ADMIN_SESSION_MS;
    while (clock.now + 10 * MINUTE_MS < end) {
      clock.now += 10 * MINUTE_MS;
      expect([store.isAdminSession(office), store.leaderForToken(leader)]).toEqual([true, 'leader-1']);
    }
    clock.now = end;
    expect([store.isAdminSession(office), store.leaderForToken(leader)]).toEqual([false, null]);
  });

  it('endSession ends that session only', async () => {
    const { store } = await storeAt(4_000_000);
    const [o1, o2] = [store.newAdminSession(), store.newAdminSession()];
    const [l1, l2] = [store.newLeaderSession('leader-1'), store.newLeaderSession('office-1')];
    expect(store.endSession(o1)).toBe(true);
    expect(store.endSession(l1)).toBe(true);
    expect(store.endSession(l1)).toBe(false);
    expect([store.isAdminSession(o1), store.isAdminSession(o2)]).toEqual([false, true]);
    expect([store.leaderForToken(l1), store.leaderForToken(l2)]).toEqual([null, 'office-1']);
  });
});

describe('POST /api/session/sign-out on the real hub', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    ({ hub } = await startDemoHub());
  }, 90_000);
  afterAll(async () => {
    await hub?.stop();
  });

  const leaderToken = async () =>
    (
      await req<{ token: string }>(hub, 'POST', '/api/leader/login', {
        body: { staffId: 'leader-1', pin: DEMO_PIN },
      })
    ).body.token;

  it('the office signs out: its token is refused at once, another office session is not', async () => {
    const [token, other] = [await adminToken(hub), await adminToken(hub)];
    expect((await req(hub, 'GET', '/api/admin/devices', { token })).status).toBe(200);
    expect(await req(hub, 'POST', '/api/session/sign-out', { token })).toMatchObject({
      status: 200,
      body: { ok: true },
    });
    expect((await req(hub, 'GET', '/api/admin/devices', { token })).status).toBe(401);
    expect((await req(hub, 'POST', '/api/session/sign-out', { token })).status).toBe(401);
    expect((await req(hub, 'GET', '/api/admin/devices', { token: other })).status).toBe(200);
    await expect.poll(() => hub.output()).toMatch(/"msg":"signed out","who":"office","ip":"127.0.0.1"/);
  });

  it("a duty leader signs out: the token is refused and the phone's socket is cut", async () => {
    const token = await leaderToken();
    const socket = await connectedSocket(hub, token);
    const cut = new Promise<string>((resolve) => socket.once('disconnect', (why) => resolve(why)));
    expect((await req(hub, 'GET', '/api/kiosks', { token })).status).toBe(200);
    expect((await req(hub, 'POST', '/api/session/sign-out', { token })).status).toBe(200);
    expect(await cut).toBe('io server disconnect');
    expect((await req(hub, 'GET', '/api/kiosks', { token })).status).toBe(401);
    await expect.poll(() => hub.output()).toMatch(/"msg":"signed out","who":"leader-1"/);
  });

  it('a tablet cannot use it (403) and keeps its own token; no token gets 401', async () => {
    const kiosk = await pairKiosk(hub);
    expect((await req(hub, 'POST', '/api/session/sign-out', { token: kiosk.token })).status).toBe(403);
    expect((await req(hub, 'GET', '/api/device', { token: kiosk.token })).status).toBe(200);
    expect((await req(hub, 'POST', '/api/session/sign-out')).status).toBe(401);
  });
});
