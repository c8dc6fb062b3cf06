/**
 * A tablet's token is replaced once it is a month old (#14 item 9): a token copied off a tablet, or out of a backup
 * of one, stops working within a month. The old token works until the tablet first uses the new one, so a lost
 * answer never locks a tablet out. A real hub process; its clock is moved with libfaketime (test/fakeClock.ts), so
 * the test means the same on any day.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningHub } from '../hub/hubProcess';
import { pairKiosk, startHub } from '../hub/hubProcess';
import { req } from './hubState';

const DAY_MS = 86_400_000;
let hub: RunningHub | undefined;
afterEach(async () => {
  await hub?.stop();
  hub = undefined;
});

const device = (h: RunningHub, token: string) =>
  req<{ deviceId: string; tokenDue: boolean }>(h, 'GET', '/api/device', { token });
const rotate = (h: RunningHub, token: string) => req<{ token: string }>(h, 'POST', '/api/device/token', { token });

describe('tablet tokens are replaced after a month', () => {
  it('a new tablet’s token is not due; a month on it is, the tablet gets a new one, and once it uses it the old one stops', async () => {
    const start = Date.now();
    hub = await startHub();
    const kiosk = await pairKiosk(hub, '一年级看护室');
    expect((await device(hub, kiosk.token)).body.tokenDue).toBe(false);
    await hub.stop();

    hub = await startHub({ dataDir: hub.dataDir, clockAt: start + 31 * DAY_MS });
    const due = await device(hub, kiosk.token);
    expect(due.status).toBe(200);
    expect(due.body.tokenDue).toBe(true);

    // the answer with the first new token is lost: the tablet asks again, and only the latest one is pending
    const lost = await rotate(hub, kiosk.token);
    expect(lost.status).toBe(201);
    const fresh = await rotate(hub, kiosk.token);
    expect(fresh.body.token).not.toBe(lost.body.token);
    expect((await device(hub, lost.body.token)).status).toBe(401);
    // until the tablet uses the new token, the old one still works
    expect((await device(hub, kiosk.token)).status).toBe(200);

    const used = await device(hub, fresh.body.token);
    expect(used.status).toBe(200);
    expect(used.body).toMatchObject({ deviceId: kiosk.deviceId, tokenDue: false });
    expect((await device(hub, kiosk.token)).status).toBe(401);
    expect((await req(hub, 'GET', '/api/roster', { token: kiosk.token })).status).toBe(401);
    expect((await req(hub, 'GET', '/api/roster', { token: fresh.body.token })).status).toBe(200);

    // kept across a restart: the new token is the tablet's, the old one stays dead
    await hub.stop();
    hub = await startHub({ dataDir: hub.dataDir, clockAt: start + 32 * DAY_MS });
    expect((await device(hub, fresh.body.token)).status).toBe(200);
    expect((await device(hub, kiosk.token)).status).toBe(401);
  });

  it('a revoked tablet cannot get a new token, and a pending one dies with it', async () => {
    hub = await startHub();
    const kiosk = await pairKiosk(hub, '丢失的平板');
    const pending = (await rotate(hub, kiosk.token)).body.token;
    const admin = (
      await req<{ token: string }>(hub, 'POST', '/api/admin/login', {
        body: { password: 'test-admin-password' },
      })
    ).body.token;
    expect((await req(hub, 'POST', `/api/admin/devices/${kiosk.deviceId}/revoke`, { token: admin })).status).toBe(200);
    expect((await rotate(hub, kiosk.token)).status).toBe(401);
    expect((await device(hub, pending)).status).toBe(401);
  });
});
