/**
 * A tablet replaces its month-old token by itself (#14 item 9), in real Chromium against a real hub whose clock
 * libfaketime moves a month on: the kiosk saves the new token, the hub then refuses the old one, and the tablet
 * stays paired and in touch: it is not wiped, and its sign-in still reaches the hub.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_NAME } from '../../kiosk/lib/kioskDb';
import { DUMP_IN_PAGE } from '../kiosk/storeDump';
import type { RunningHub } from '../hub/hubProcess';
import { demoPairingCode, request, startDemoHub, startHub } from '../hub/hubProcess';
import { launch } from './browser';
import { KioskPage } from './kioskPage';

let hub: RunningHub;
let browser: Browser;

beforeAll(async () => {
  ({ hub } = await startDemoHub());
  browser = await launch({ trustCa: path.join(hub.dataDir, 'tls', 'ca.crt') });
});
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

const storedToken = async (kiosk: KioskPage): Promise<string> => {
  const dump = await kiosk.page.evaluate(DUMP_IN_PAGE, DB_NAME);
  const pairing = dump.kv?.find((r) => r.key === 'pairing')?.value as { token: string } | undefined;
  return pairing?.token ?? '';
};

describe('a tablet renews its token', () => {
  it('a month on, the kiosk gets a new token and saves it; the hub refuses the old one, and the tablet carries on', async () => {
    const kiosk = await KioskPage.open(browser, hub);
    try {
      await kiosk.pair(demoPairingCode(hub), '校门平板');
      await kiosk.chooseGate();
      const first = await storedToken(kiosk);
      expect(first).not.toBe('');

      const port = hub.port;
      await hub.stop();
      hub = await startHub({ dataDir: hub.dataDir, port, clockAt: Date.now() + 31 * 86_400_000 });
      await kiosk.page.reload();

      await expect.poll(() => storedToken(kiosk), { timeout: 30_000 }).not.toBe(first);
      const renewed = await storedToken(kiosk);
      await expect
        .poll(async () => (await request(hub, 'GET', '/api/device', { token: first })).status, { timeout: 10_000 })
        .toBe(401);
      expect((await request(hub, 'GET', '/api/device', { token: renewed })).status).toBe(200);

      // still paired and in touch: the PIN sign-in goes to the hub with the new token
      await kiosk.signIn('gate-1');
      expect(await kiosk.page.getByTestId('wiped').count()).toBe(0);
      expect(await storedToken(kiosk)).toBe(renewed);
    } finally {
      await kiosk.close();
    }
  });
});
