/**
 * The office's layout in real Chromium (issue #16, the visual system): on a 360×800 phone the tab navigation is
 * one compact row (at most 15 % of the screen's height) instead of rows of buttons filling half of it; every tab
 * is a finger's size (48×48 CSS px), can be reached and opened, and the current one is marked for screen readers
 * (aria-current) and to the eye by more than colour (bold and a bar under it). On a tablet and a desktop every
 * tab is in view at once. With RELAY_OFFICE_SHOTS=DIR the home screen and each tab are saved at each size.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../hub/hubProcess';
import { ADMIN_PASSWORD, startDemoHub } from '../hub/hubProcess';
import { launch } from './browser';

const SHOTS = process.env.RELAY_OFFICE_SHOTS || undefined;
const TABS = ['import', 'roster', 'groups', 'calendar', 'rota', 'leave', 'devices', 'cards', 'reports', 'privacy'];

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

async function signedIn(width: number, height: number): Promise<{ page: Page; close: () => Promise<void> }> {
  const phone = width < 600;
  const context = await browser.newContext({
    viewport: { width, height },
    locale: 'zh-CN',
    ...(phone ? { isMobile: true, hasTouch: true } : {}),
  });
  const page = await context.newPage();
  page.on('dialog', (d) => void d.dismiss());
  await page.goto(`https://localhost:${hub.port}/office/`);
  await page.getByTestId('office-password').fill(ADMIN_PASSWORD);
  await page.getByTestId('office-login').click();
  await page.getByTestId('tab-import').waitFor({ timeout: 10_000 });
  return { page, close: () => context.close() };
}

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  const vp = page.viewportSize()!;
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: path.join(SHOTS, `office-${name}-${vp.width}x${vp.height}.png`) });
  // and what lies below the fold, a screen at a time
  const tall = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = vp.height, n = 2; y < tall && n <= 6; y += vp.height, n++)
    await page.screenshot({
      path: path.join(SHOTS, `office-${name}-${vp.width}x${vp.height}-${n}.png`),
      fullPage: true,
      clip: { x: 0, y, width: vp.width, height: Math.min(vp.height, tall - y) },
    });
}

/** How a tab is drawn: what marks the current one, beyond its colours. */
async function looks(page: Page, id: string) {
  return page.getByTestId(`tab-${id}`).evaluate((el) => {
    const s = getComputedStyle(el);
    const after = getComputedStyle(el, '::after');
    return {
      current: el.getAttribute('aria-current') ?? el.getAttribute('aria-selected'),
      weight: Number(s.fontWeight),
      underline: s.textDecorationLine.includes('underline'),
      // a bar under it: a thick bottom border, an inset shadow, or a drawn ::after
      bar:
        parseFloat(s.borderBottomWidth) >= 3 ||
        /inset/.test(s.boxShadow) ||
        (after.content !== 'none' && after.content !== 'normal' && parseFloat(after.height) >= 3),
    };
  });
}

describe('the office on a phone (360×800)', () => {
  it('shows the tabs in one compact row; each is 48×48, can be reached and opened, and the current one is marked', async () => {
    const { page, close } = await signedIn(360, 800);
    try {
      await shot(page, 'home');
      const nav = page.locator('main.office nav');
      const tabs = page.locator('main.office nav [data-testid^="tab-"]');
      expect(await tabs.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).toEqual(
        TABS.map((t) => `tab-${t}`),
      );
      const navBox = (await nav.boundingBox())!;
      expect(navBox.height, `the nav is ${Math.round(navBox.height)} px of 800`).toBeLessThanOrEqual(800 * 0.15);
      // The page itself never scrolls sideways: only the row of tabs does.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

      for (const id of TABS) {
        const tab = page.getByTestId(`tab-${id}`);
        await tab.scrollIntoViewIfNeeded();
        const b = (await tab.boundingBox())!;
        expect(b.width, `tab-${id} width`).toBeGreaterThanOrEqual(48);
        expect(b.height, `tab-${id} height`).toBeGreaterThanOrEqual(48);
        // reached: wholly on the screen once scrolled to, inside the nav's row
        expect(b.x, `tab-${id} left`).toBeGreaterThanOrEqual(-1);
        expect(b.x + b.width, `tab-${id} right`).toBeLessThanOrEqual(361);
        const nb = (await nav.boundingBox())!;
        expect(b.y).toBeGreaterThanOrEqual(nb.y - 1);
        expect(b.y + b.height).toBeLessThanOrEqual(nb.y + nb.height + 1);
        await tab.tap();
        // opened: marked current (and no other), its page below the nav
        await expect.poll(async () => (await looks(page, id)).current).toMatch(/^(page|true)$/);
        const marked = await page
          .locator('main.office nav [aria-current="page"], main.office nav [aria-selected="true"]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
        expect(marked).toEqual([`tab-${id}`]);
        await expect.poll(async () => page.locator('main.office > section').count()).toBeGreaterThan(0);
        expect((await page.locator('main.office > section').first().textContent())!.trim()).not.toBe('');
        // marked to the eye not by colour alone: bold and a bar, where the others are neither
        const cur = await looks(page, id);
        const other = await looks(page, id === 'import' ? 'groups' : 'import');
        expect(cur.weight, `tab-${id} bold`).toBeGreaterThanOrEqual(600);
        expect(cur.underline || cur.bar, `tab-${id} underlined`).toBe(true);
        expect(other.weight).toBeLessThan(600);
        expect(other.underline || other.bar).toBe(false);
        // the current tab in view after the tap, even at the far end of the row
        const after = (await tab.boundingBox())!;
        expect(after.x).toBeGreaterThanOrEqual(-1);
        expect(after.x + after.width).toBeLessThanOrEqual(361);
        await shot(page, id);
      }
    } finally {
      await close();
    }
  });
});

for (const [width, height] of [
  [800, 1280],
  [1280, 800],
] as const)
  describe(`the office at ${width}×${height}`, () => {
    it('shows every tab at once, each 48×48, the current one marked', async () => {
      const { page, close } = await signedIn(width, height);
      try {
        await shot(page, 'home');
        // nothing in the row hidden to one side
        const nav = page.locator('main.office nav');
        expect(await nav.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
        for (const id of TABS) {
          const b = (await page.getByTestId(`tab-${id}`).boundingBox())!;
          expect(b.width).toBeGreaterThanOrEqual(48);
          expect(b.height).toBeGreaterThanOrEqual(48);
          expect(b.x).toBeGreaterThanOrEqual(0);
          expect(b.x + b.width).toBeLessThanOrEqual(width);
          expect(b.y + b.height).toBeLessThanOrEqual(height * 0.4);
        }
        expect((await looks(page, 'import')).current).toMatch(/^(page|true)$/);
        for (const id of TABS) {
          await page.getByTestId(`tab-${id}`).click();
          await expect.poll(async () => (await looks(page, id)).current).toMatch(/^(page|true)$/);
          await shot(page, id);
        }
      } finally {
        await close();
      }
    });
  });
