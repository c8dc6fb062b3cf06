/**
 * The Content-Security-Policy against the built pages in real Chromium: the kiosk (paired, signed in, camera
 * on), the duty leader's phone and the office, each used as people use them, with no violation reported; and
 * the leader's and the office's 退出, which end the session on the hub.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qrBitmap } from '../../cards/qrBitmap';
import type { Roster } from '../../core/roster';
import { launch } from '../e2e/browser';
import { KioskPage } from '../e2e/kioskPage';
import { LeaderPage } from '../e2e/leaderPage';
import { writeY4m } from '../e2e/y4m';
import { enrolled } from '../hub/demoEvents';
import type { RunningHub } from '../hub/hubProcess';
import { ADMIN_PASSWORD, demoPairingCode, startDemoHub } from '../hub/hubProcess';

let hub: RunningHub;
let roster: Roster;
let browser: Browser;

beforeAll(async () => {
  ({ hub, roster } = await startDemoHub());
  const child = enrolled(roster).find((s) => s.groupId === 'g3-whole')!;
  const video = path.join(mkdtempSync(path.join(os.tmpdir(), 'relay-csp-')), 'card.y4m');
  writeY4m(video, qrBitmap(child.cardId!, 8));
  browser = await launch({ trustCa: path.join(hub.dataDir, 'tls', 'ca.crt'), fakeCameraFile: video });
});
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

/** Every CSP violation the page reports, from the console and from the DOM's securitypolicyviolation event. */
function violations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  void page.exposeFunction('__cspViolation', (text: string) => seen.push(text));
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __cspViolation: (t: string) => void }).__cspViolation(
        `${e.violatedDirective} ${e.blockedURI}`,
      );
    });
  });
  return seen;
}

describe('the built pages satisfy the Content-Security-Policy', () => {
  it('the kiosk: pairing, a care room, a teacher, the camera scanning a card', async () => {
    const kiosk = await KioskPage.open(browser, hub);
    const seen = violations(kiosk.page);
    await kiosk.goto();
    await kiosk.pair(demoPairingCode(hub), '三年级1班');
    await kiosk.chooseCare('g3-whole');
    await kiosk.signIn('care-3a');
    await kiosk.page.getByTestId('camera-toggle').click();
    const child = enrolled(roster).find((s) => s.groupId === 'g3-whole')!;
    await expect.poll(async () => (await kiosk.verdict()).name, { timeout: 30_000 }).toBe(child.name);
    await kiosk.page.waitForTimeout(500);
    expect(seen).toEqual([]);
    await kiosk.close();
  });

  it("the duty leader's phone, signed in", async () => {
    const leader = await LeaderPage.open(browser, hub);
    const seen = violations(leader.page);
    await leader.page.reload();
    await leader.login();
    await leader.page.waitForTimeout(500);
    expect(seen).toEqual([]);
    // 退出 ends the session on the hub too, and is a thumb's target.
    const signOut = leader.page.getByRole('button', { name: /退出/ });
    expect((await signOut.boundingBox())!.height).toBeGreaterThanOrEqual(48);
    await signOut.click();
    await leader.page.getByTestId('leader-login').waitFor();
    await expect.poll(() => hub.output()).toMatch(/"msg":"signed out","who":"leader-1"/);
    await leader.close();
  });

  it('the office, signed in, making a pairing code (its QR image)', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const seen = violations(page);
    await page.goto(`https://localhost:${hub.port}/office/`);
    await page.getByTestId('office-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('office-login').click();
    await page.getByTestId('tab-devices').click();
    await page.getByTestId('new-pairing-code').click();
    await page.locator('img[alt="pairing QR"]').waitFor();
    await page.getByTestId('tab-reports').click();
    await page.getByTestId('daily-show').click();
    await page.waitForTimeout(1000);
    expect(seen).toEqual([]);
    // The office's 退出 ends the session on the hub and shows the sign-in again.
    const signOut = page.getByTestId('office-sign-out');
    expect((await signOut.boundingBox())!.height).toBeGreaterThanOrEqual(48);
    await signOut.click();
    await page.getByTestId('office-password').waitFor();
    await expect.poll(() => hub.output()).toMatch(/"msg":"signed out","who":"office"/);
    await context.close();
  });
});
