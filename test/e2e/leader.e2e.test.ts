/**
 * A kiosk and the duty leader's phone against a real hub: scans show up in the headcount, a child handed off
 * and not arrived raises an alert once the threshold passes (the phone's clock is moved, not waited for), and
 * an emergency roll call counts down to zero as children are scanned.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Roster } from '../../core/roster';
import { enrolled } from '../hub/demoEvents';
import type { RunningHub } from '../hub/hubProcess';
import { demoPairingCode, startDemoHub } from '../hub/hubProcess';
import { recentSchoolAfternoon } from '../fakeClock';
import { launch } from './browser';
import { KioskPage } from './kioskPage';
import { LeaderPage } from './leaderPage';

let hub: RunningHub;
let browser: Browser;
let roster: Roster;

beforeAll(async () => {
  // The school's clock is pinned to a weekday at 15:00, before the session: the phone's clock is moved six minutes
  // on below, which at 23:55 would cross into another day, and after 15:40 every child not yet handed off is an alert.
  ({ hub, roster } = await startDemoHub({ clockAt: recentSchoolAfternoon() }));
  browser = await launch({ trustCa: path.join(hub.dataDir, 'tls', 'ca.crt') });
});
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

describe('duty leader, live', () => {
  it('sees hand-offs live, is alerted when a child does not arrive, and runs an emergency roll call to the end', async () => {
    const kids = enrolled(roster)
      .filter((s) => s.classId === 'c1-2' && s.groupId === 'g1-mixed')
      .slice(0, 2);
    const leader = await LeaderPage.open(browser, hub);
    const kiosk = await KioskPage.open(browser, hub);
    try {
      await leader.login();
      await kiosk.pair(demoPairingCode(hub), '一年级2班');
      await kiosk.chooseClassroom('c1-2');
      await kiosk.signIn('t1-2');

      // A scan on the kiosk changes the leader's numbers.
      for (const k of kids) {
        await kiosk.scanWithKeyboard(k.cardId!);
        await kiosk.verdictFor(k.name);
      }
      await expect.poll(() => leader.tile('in-transit'), { timeout: 10_000 }).toBe(2);
      await expect.poll(() => leader.tile('on-campus')).toBe(2);
      // Not yet lost: the threshold has not passed, and at 15:00 nothing else is wrong either.
      expect(await leader.page.getByTestId(`alert-lost_in_transit:${kids[0]!.id}`).count()).toBe(0);
      expect(await leader.page.locator('[data-testid^="alert-"]').count()).toBe(0);

      // Six minutes later on the leader's clock, nobody has received them: lost between rooms.
      await leader.page.clock.fastForward('06:00');
      const alert = leader.page.getByTestId(`alert-lost_in_transit:${kids[0]!.id}`);
      await alert.waitFor({ timeout: 10_000 });
      expect(await alert.getAttribute('data-code')).toBe('lost_in_transit');
      await leader.page.getByTestId(`ack-lost_in_transit:${kids[0]!.id}`).click();
      await leader.page.getByTestId('ack-note').fill('在卫生间，已找到');
      await leader.page.getByTestId('ack-submit').click();
      await alert.waitFor({ state: 'detached', timeout: 10_000 });

      // Emergency roll call: both children must be found; scanning them at the kiosk counts down to zero.
      // A second tap, in the page (no browser dialog), starts it.
      await leader.page.getByTestId('roll-call-start').click();
      await leader.page.getByTestId('roll-call-confirm').click();
      await expect.poll(() => leader.unaccounted(), { timeout: 10_000 }).toBe(2);
      await kiosk.page.getByTestId('roll-call-banner').waitFor({ timeout: 10_000 });
      for (const [i, k] of kids.entries()) {
        await kiosk.scanWithKeyboard(k.cardId!);
        await expect.poll(async () => (await kiosk.verdict()).title, { timeout: 10_000 }).toContain('安全');
        await expect.poll(() => leader.unaccounted(), { timeout: 10_000 }).toBe(1 - i);
      }
      await leader.page.getByTestId('roll-call-end').click();
      await leader.page.getByTestId('tile-on-campus').waitFor({ timeout: 10_000 });
      // After the roll call the kiosk is a classroom again: the same card is "already recorded", not "safe".
      await kiosk.page.waitForTimeout(4_500);
      await kiosk.scanWithKeyboard(kids[0]!.cardId!);
      await expect.poll(async () => (await kiosk.verdict()).title, { timeout: 10_000 }).toContain('已记录');
    } finally {
      await Promise.all([leader.close(), kiosk.close()]);
    }
  });
});
