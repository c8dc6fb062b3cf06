/**
 * The duty leader's phone after a reload (issue #16, finding 1): the session comes back without a sign-in, so
 * no tap has unlocked sound. The first touch anywhere must, a banner must say so until then, and the next
 * alert must be heard, not only felt.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Roster } from '../../core/roster';
import { recentSchoolAfternoon } from '../fakeClock';
import { enrolled } from '../hub/demoEvents';
import type { RunningHub } from '../hub/hubProcess';
import { demoPairingCode, startDemoHub } from '../hub/hubProcess';
import { countTones, soundNeedsATouch } from './autoplay';
import { launch } from './browser';
import { KioskPage } from './kioskPage';
import { LeaderPage } from './leaderPage';

let hub: RunningHub;
let browser: Browser;
let roster: Roster;

beforeAll(async () => {
  // A weekday at 15:00, before the session: the phone's clock moves six minutes on, and nothing else is late.
  ({ hub, roster } = await startDemoHub({ clockAt: recentSchoolAfternoon() }));
  browser = await launch({ trustCa: path.join(hub.dataDir, 'tls', 'ca.crt') });
});
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

describe('duty leader, sound', () => {
  it('after a reload the first touch turns sound on, a banner asks for it until then, and an alert is heard', async () => {
    const kid = enrolled(roster).filter((s) => s.classId === 'c1-3' && s.groupId === 'g1-mixed')[0]!;
    const leader = await LeaderPage.open(browser, hub);
    const kiosk = await KioskPage.open(browser, hub);
    try {
      await leader.login();
      // This Chromium plays sound without a touch; a phone's browser does not (test/e2e/autoplay.ts).
      await leader.context.addInitScript(soundNeedsATouch);
      await leader.context.addInitScript(countTones);
      await leader.page.reload();
      await leader.page.getByTestId('tile-on-campus').waitFor();
      const banner = leader.page.getByTestId('sound-banner');
      await banner.waitFor({ timeout: 5_000 });
      expect(await banner.textContent()).toContain('点一下开启声音');
      // A finger on the banner (raw pointer events: the page re-renders around it as the numbers come in).
      const box = (await banner.boundingBox())!;
      await leader.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await expect.poll(() => banner.count()).toBe(0);

      // A child handed off and not received: six minutes on the phone's clock, an alert, and a tone.
      await kiosk.pair(demoPairingCode(hub), '一年级3班');
      await kiosk.chooseClassroom('c1-3');
      await kiosk.signIn('t1-3');
      await kiosk.scanWithKeyboard(kid.cardId!);
      await kiosk.verdictFor(kid.name);
      await expect.poll(() => leader.tile('in-transit'), { timeout: 10_000 }).toBe(1);
      await leader.page.clock.fastForward('06:00');
      await leader.page.getByTestId(`alert-lost_in_transit:${kid.id}`).waitFor({ timeout: 10_000 });
      const tones = () => leader.page.evaluate(() => (window as unknown as { __tones: number }).__tones);
      await expect.poll(tones, { timeout: 5_000 }).toBeGreaterThan(0);
    } finally {
      await kiosk.close();
      await leader.close();
    }
  });
});
