/**
 * CU21 on the tablet, in real Chromium against a real hub: a teacher who signed in with the hub may sign in
 * again offline for the week the hub's grant covers; past it the tablet says the offline sign-in has expired
 * (and why) instead of taking scans the hub would refuse at the next sync. The tablet's clock is moved with
 * Playwright's clock, so the test means the same on any day.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DaySlice } from '../../core/protocol';
import type { Roster } from '../../core/roster';
import { todayAtSchool } from '../hub/demoEvents';
import type { RunningHub } from '../hub/hubProcess';
import { demoPairingCode, request, startDemoHub } from '../hub/hubProcess';
import { launch } from './browser';
import { KioskPage } from './kioskPage';

let hub: RunningHub;
let browser: Browser;
let roster: Roster;
let admin: string;

beforeAll(async () => {
  ({ hub, admin, roster } = await startDemoHub());
  browser = await launch({ trustCa: path.join(hub.dataDir, 'tls', 'ca.crt') });
});
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

const DAY_MS = 86_400_000;

describe('offline sign-in lasts as long as the hub’s grant', () => {
  it('offline the same teacher signs in again within the week; eight days on the tablet refuses, saying why', async () => {
    const kiosk = await KioskPage.open(browser, hub);
    try {
      await kiosk.pair(demoPairingCode(hub), '一年级看护室');
      await kiosk.chooseCare('g1-whole');
      await kiosk.signIn('care-1a');
      await kiosk.page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      const day = todayAtSchool(roster);
      await expect
        .poll(
          async () =>
            (await request<DaySlice>(hub, 'GET', `/api/events?day=${day}`, { token: admin })).body.events.some(
              (e) => e.type === 'staff_signed_in' && e.staffId === 'care-1a',
            ),
          { timeout: 10_000 },
        )
        .toBe(true);
      await kiosk.page.getByTestId('sign-out').click();
      await kiosk.page.getByTestId('signin-submit').waitFor();
      await hub.kill9();

      // the hub is down: the verifier from this morning's sign-in lets the teacher back in
      await kiosk.signIn('care-1a');
      await kiosk.page.getByTestId('sign-out').waitFor({ timeout: 10_000 });
      await kiosk.page.getByTestId('sign-out').click();
      await kiosk.page.getByTestId('signin-submit').waitFor();

      // a week and a day later, still offline: the right PIN, but the hub would refuse every record
      await kiosk.page.clock.setSystemTime(new Date(Date.now() + 8 * DAY_MS));
      await kiosk.page.getByTestId('signin-staff').selectOption('care-1a');
      await kiosk.page.getByTestId('signin-pin').fill('2468');
      await kiosk.page.getByTestId('signin-submit').click();
      await kiosk.page.getByText('离线登录已过期').waitFor({ timeout: 10_000 });
      await expect.poll(() => kiosk.page.getByTestId('sign-out').count()).toBe(0);
      await expect.poll(() => kiosk.page.getByText('Offline sign-in has expired').count()).toBe(1);
    } finally {
      await kiosk.close();
    }
  });
});
