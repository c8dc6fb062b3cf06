/**
 * A page whose session is gone (the hub restarted: sessions live in its memory) shows the sign-in at once and says
 * why, on the duty leader's phone and in the office alike, instead of sitting "offline" with old numbers or
 * showing the kiosk's "device not paired" message.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../hub/hubProcess';
import { ADMIN_PASSWORD, startDemoHub, startHub } from '../hub/hubProcess';
import { recentSchoolAfternoon } from '../fakeClock';
import { launch } from './browser';
import { LeaderPage } from './leaderPage';

let hub: RunningHub;
let browser: Browser;

beforeAll(async () => {
  ({ hub } = await startDemoHub({ clockAt: recentSchoolAfternoon() }));
  browser = await launch({ trustCa: path.join(hub.dataDir, 'tls', 'ca.crt') });
});
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

/** Stops the hub and starts it again on the same data and port, its clock where it was: every session ends. */
async function restartHub() {
  const { dataDir, port, clockOffsetMs } = hub;
  await hub.stop();
  hub = await startHub({ dataDir, port, clockAt: Date.now() + clockOffsetMs });
}

describe('a session that is gone', () => {
  it('leader: after a hub restart the phone shows the sign-in at once and says the session expired', async () => {
    const leader = await LeaderPage.open(browser, hub);
    try {
      await leader.login();
      await expect.poll(() => leader.page.getByTestId('leader-online').getAttribute('class')).toBe('online');
      await restartHub();
      // The socket reconnects within 2 s and is refused: the sign-in comes back then, not at the next poll.
      await leader.page.getByTestId('leader-pin').waitFor({ timeout: 8_000 });
      await expect
        .poll(() => leader.page.locator('main, body').first().innerText())
        .toContain('会话已过期，请重新登录');
      expect(await leader.page.getByTestId('tile-on-campus').count()).toBe(0);
      // Signing in again works and brings the numbers back.
      await leader.login();
      await expect.poll(() => leader.page.getByTestId('leader-online').getAttribute('class')).toBe('online');
      expect(await leader.page.locator('body').innerText()).not.toContain('会话已过期');
    } finally {
      await leader.close();
    }
  });

  it("office: after a hub restart the next call returns to the sign-in and says why, not the kiosk's message", async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      await page.goto(`https://localhost:${hub.port}/office/`);
      await page.getByTestId('office-password').fill(ADMIN_PASSWORD);
      await page.getByTestId('office-login').click();
      await page.getByTestId('tab-devices').click();
      await page.getByTestId('new-pairing-code').waitFor();
      await restartHub();
      // 请假's first call (the hub's day for its date pickers) meets the session the restart ended.
      await page.getByTestId('tab-leave').click();
      await page.getByTestId('office-password').waitFor({ timeout: 8_000 });
      const text = await page.locator('body').innerText();
      expect(text).toContain('会话已过期，请重新登录');
      expect(text).not.toContain('设备未配对');
      // And signing in again shows the tablets.
      await page.getByTestId('office-password').fill(ADMIN_PASSWORD);
      await page.getByTestId('office-login').click();
      await page.getByTestId('tab-devices').click();
      await page.getByTestId('new-pairing-code').waitFor();
      expect(await page.locator('body').innerText()).not.toContain('会话已过期');
    } finally {
      await context.close();
    }
  });

  it('office: an open page left alone returns to the sign-in within its session check, without a tap', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    // The page's clock is the test's: the check's interval is passed by moving it on, not by waiting.
    await context.clock.install();
    const page = await context.newPage();
    try {
      await page.goto(`https://localhost:${hub.port}/office/`);
      await page.getByTestId('office-password').fill(ADMIN_PASSWORD);
      await page.getByTestId('office-login').click();
      await page.getByTestId('tab-devices').waitFor();
      await restartHub();
      await page.clock.fastForward('00:16');
      await page.getByTestId('office-password').waitFor({ timeout: 8_000 });
      expect(await page.locator('body').innerText()).toContain('会话已过期，请重新登录');
    } finally {
      await context.close();
    }
  });
});
