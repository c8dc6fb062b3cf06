/**
 * The office lifts a teacher's PIN lock-out from the tablets tab, in real Chromium: the button says whether there
 * was a lock, and the teacher signs in on a tablet again at once.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../hub/hubProcess';
import { ADMIN_PASSWORD, pairKiosk, request, startDemoHub } from '../hub/hubProcess';
import { launch } from './browser';

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

describe('office: PIN lock-outs', () => {
  it('a locked teacher is unlocked with one tap, and the button says so; a second tap says there was no lock', async () => {
    const tablet = await pairKiosk(hub, '校门平板');
    const signIn = (pin: string) =>
      request(hub, 'POST', '/api/staff/sign-in', { token: tablet.token, body: { staffId: 'gate-1', pin } });
    for (let i = 0; i < 5; i++) expect((await signIn(String(5000 + i))).status).toBe(401);
    expect((await signIn('2468')).status).toBe(429);

    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      await page.goto(`https://localhost:${hub.port}/office/`);
      await page.getByTestId('office-password').fill(ADMIN_PASSWORD);
      await page.getByTestId('office-login').click();
      await page.getByTestId('tab-devices').click();
      const button = page.getByTestId('unlock-pin-gate-1');
      expect(await button.textContent()).toContain('解除 PIN 锁定');
      await button.click();
      await expect.poll(() => page.textContent('body')).toMatch(/的 PIN 已解除锁定 \/ .*'s PIN is unlocked/);
      expect((await signIn('2468')).status).toBe(200);
      await button.click();
      await expect.poll(() => page.textContent('body')).toMatch(/的 PIN 没有被锁定 \/ .*'s PIN was not locked/);
    } finally {
      await context.close();
    }
  });
});
