/**
 * The office's layout in real Chromium (issue #16, the visual system): on a 360×800 phone the tab navigation is
 * one compact row (at most 15 % of the screen's height) instead of rows of buttons filling half of it; every tab
 * is a finger's size (48×48 CSS px), can be reached and opened, and the current one is marked for screen readers
 * (aria-current) and to the eye by more than colour (bold and a bar under it). On a tablet and a desktop every
 * tab is in view at once. No tab scrolls the page sideways at any size.
 *
 * The office PC (issue #17): most school PCs run 1366×768 at 100 %, and Windows' taskbar and the browser's bars leave
 * about 1366×657 of page. There, on every tab, nothing lies left or right of the window (a table wider than it
 * scrolls in its own box), every control is 48 px each way, every heading is one line, and the button a clerk
 * came for (登记请假, 保存课后服务班, 下载 the cards, 生成配对码, the retention's 保存) is on the first screen. The
 * student panel of 学生名册 and a new pairing code open inside the window with their buttons in view, and what
 * 保存日历 or 保存教职工 says is in the window, not at the foot of a 2,000 px tab.
 * With RELAY_OFFICE_SHOTS=DIR the home screen and each tab are saved at each size.
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

/**
 * How wide the page scrolls, beside the screen's width: the page itself must never scroll sideways. The screen's,
 * not innerWidth: a phone widens its layout to a page too wide for it (innerWidth 784 on a 360 px phone).
 */
const pageWidth = async (page: Page) => ({
  scroll: await page.evaluate(() => document.scrollingElement!.scrollWidth),
  window: page.viewportSize()!.width,
});

/**
 * What a clerk would meet on a screen too small for the page: boxes left or right of the window (unless inside a box
 * that scrolls or clips them, which is itself checked), controls under 48 px, headings on more than one line.
 */
async function misfits(page: Page, min = 48): Promise<string[]> {
  return page.evaluate((min) => {
    const out: string[] = [];
    const describe = (el: Element) =>
      `<${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? ` ${el.getAttribute('data-testid')}` : ''}${
        el.className && typeof el.className === 'string' ? ` .${el.className.split(' ').join('.')}` : ''
      }> "${(el.textContent ?? el.getAttribute('aria-label') ?? '').replace(/\s+/g, ' ').trim().slice(0, 24)}"`;
    const shown = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
    };
    const clipped = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
        if (getComputedStyle(p).overflowX !== 'visible') return true;
      return false;
    };
    for (const el of document.querySelectorAll('body *')) {
      if (!shown(el) || el.closest('.sr-only')) continue;
      const r = el.getBoundingClientRect();
      if ((r.left < -1 || r.right > window.innerWidth + 1) && !clipped(el))
        out.push(`${describe(el)} at x ${Math.round(r.left)}–${Math.round(r.right)} of ${window.innerWidth}`);
    }
    for (const el of document.querySelectorAll('main button, main select, main input, main summary')) {
      if (!shown(el)) continue;
      // a box to tick is tapped through its label
      const target =
        el instanceof HTMLInputElement && el.type === 'checkbox' && el.closest('label') ? el.closest('label')! : el;
      const r = target.getBoundingClientRect();
      if (r.width + 0.5 < min || r.height + 0.5 < min)
        out.push(`${describe(el)} is ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    for (const h of document.querySelectorAll('main h2, main h3')) {
      if (!shown(h)) continue;
      const range = document.createRange();
      range.selectNodeContents(h);
      const lines = new Set([...range.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.bottom)));
      // Chinese and its smaller English share a line but not a baseline: lines are told apart by more than 8 px
      const tops = [...lines].sort((a, b) => a - b).filter((y, i, all) => i === 0 || y - all[i - 1]! > 8);
      if (tops.length > 1) out.push(`${describe(h)} takes ${tops.length} lines`);
    }
    return out;
  }, min);
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
        const w = await pageWidth(page);
        expect(w.scroll, `tab-${id}: the page scrolls sideways`).toBeLessThanOrEqual(w.window);
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
          const w = await pageWidth(page);
          expect(w.scroll, `tab-${id}: the page scrolls sideways`).toBeLessThanOrEqual(w.window);
          await shot(page, id);
        }
      } finally {
        await close();
      }
    });
  });

/** On the office PC, the button each of these tabs is for: on the first screen, not under the fold. */
const FIRST_SCREEN: Record<string, string> = {
  import: 'roster-file',
  groups: 'save-groups',
  leave: 'leave-submit',
  devices: 'new-pairing-code',
  cards: 'cards-download',
  privacy: 'retention-save',
};

for (const [width, height] of [
  [1366, 657],
  [1366, 768],
] as const)
  describe(`the office PC at ${width}×${height}`, () => {
    it('fits every tab to the window: no sideways scroll, 48 px controls, one-line headings, the main button in view', async () => {
      const { page, close } = await signedIn(width, height);
      try {
        await shot(page, 'home');
        for (const id of TABS) {
          await page.getByTestId(`tab-${id}`).click();
          await expect.poll(async () => (await looks(page, id)).current).toMatch(/^(page|true)$/);
          await page.waitForLoadState('networkidle');
          const w = await pageWidth(page);
          expect(w.scroll, `tab-${id}: the page scrolls sideways`).toBeLessThanOrEqual(w.window);
          expect(await misfits(page), `tab-${id}`).toEqual([]);
          const main = FIRST_SCREEN[id];
          if (main) {
            const b = (await page.getByTestId(main).boundingBox())!;
            expect(b.y + b.height, `tab-${id}: ${main} is below the fold`).toBeLessThanOrEqual(height);
          }
          await shot(page, id);
        }
        // What a save says is in the window, though the tab runs on below: 保存日历, 保存教职工.
        const inWindow = async (testId: string) => {
          const said = page.getByTestId(testId);
          await said.waitFor();
          const b = (await said.boundingBox())!;
          return b.y >= 0 && b.y + b.height <= height;
        };
        await page.getByTestId('tab-calendar').click();
        await page.getByTestId('save-calendar').click();
        expect(await inWindow('save-msg'), 'what 保存日历 said').toBe(true);
        await page.getByTestId('tab-devices').click();
        await page.getByRole('button', { name: /^保存教职工/ }).click();
        expect(await inWindow('devices-msg'), 'what 保存教职工 said').toBe(true);
        // What a tap opens lies in the window: a pairing code, and a child's panel with its save button.
        await page.getByTestId('tab-devices').click();
        await page.getByTestId('new-pairing-code').click();
        await page.getByTestId('pairing-code').waitFor();
        expect(await misfits(page), 'a new pairing code').toEqual([]);
        await page.getByTestId('tab-roster').click();
        await page.locator('button.roster-name').first().click();
        const sheet = page.getByTestId('roster-student');
        await sheet.waitFor();
        expect(await misfits(page), 'the student panel').toEqual([]);
        const save = (await sheet.getByRole('button', { name: /^保存/ }).boundingBox())!;
        expect(save.y + save.height, 'the panel 保存 is below the window').toBeLessThanOrEqual(height);
        await shot(page, 'roster-student');
      } finally {
        await close();
      }
    });
  });
