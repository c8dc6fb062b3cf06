/**
 * The real camera path: Chromium's fake camera plays a video of a card made by cards/, html5-qrcode decodes
 * it in the kiosk, and the check-in reaches the hub.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qrBitmap } from '../../cards/qrBitmap';
import type { Roster } from '../../core/roster';
import type { DayState } from '../../core/state';
import { enrolled, todayAtSchool } from '../hub/demoEvents';
import type { RunningHub } from '../hub/hubProcess';
import { demoPairingCode, request, startDemoHub } from '../hub/hubProcess';
import { launch } from './browser';
import { KioskPage } from './kioskPage';
import { writeY4m } from './y4m';

let hub: RunningHub;
let browser: Browser;
let roster: Roster;
let admin: string;

beforeAll(async () => {
  ({ hub, admin, roster } = await startDemoHub());
});
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

describe('kiosk camera', () => {
  it('decodes a student card from the camera and the check-in reaches the hub', async () => {
    const child = enrolled(roster).find((s) => s.groupId === 'g3-whole')!;
    const video = path.join(mkdtempSync(path.join(os.tmpdir(), 'relay-cam-')), 'card.y4m');
    // 8 px a module: the code with its quiet zone is 264 px, well inside the scanning square of a 640×480 frame.
    writeY4m(video, qrBitmap(child.cardId!, 8));
    browser = await launch({ trustCa: path.join(hub.dataDir, 'tls', 'ca.crt'), fakeCameraFile: video });
    const kiosk = await KioskPage.open(browser, hub);
    await kiosk.pair(demoPairingCode(hub), '三年级1班');
    await kiosk.chooseCare('g3-whole');
    await kiosk.signIn('care-3a');
    await kiosk.page.getByTestId('camera-toggle').click();
    await expect.poll(async () => (await kiosk.verdict()).name, { timeout: 30_000 }).toBe(child.name);
    const verdict = await kiosk.verdict();
    expect(verdict.level).toBe('ok');
    await expect
      .poll(
        async () =>
          (await request<DayState>(hub, 'GET', `/api/headcount?date=${todayAtSchool(roster)}`, { token: admin })).body
            .children[child.id]?.status,
        { timeout: 10_000 },
      )
      .toBe('in_care');
    // The camera keeps seeing the card ten times a second; it is recorded once.
    await kiosk.page.waitForTimeout(1500);
    await expect.poll(() => kiosk.unsent()).toBe(0);
    const chain = (
      await request<DayState>(hub, 'GET', `/api/headcount?date=${todayAtSchool(roster)}`, { token: admin })
    ).body.children[child.id]!.chain;
    expect(chain.filter((l) => l.type === 'checked_in')).toHaveLength(1);
    await kiosk.close();
  });
});
