/**
 * Issue #20, part 2, on the tablet: a care room of 40 in a school of 3,000 re-renders one child's tile for one
 * check-in, not 40, and none for a quiet second; the search without a card, one letter typed among 3,000
 * children, lays out at most 12 rows and says how many it found, Chinese first; every row and button stays at
 * least 48 × 48 px. Real Chromium at 1280 × 800, React's production build (test/leader/renderPage.ts).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RESULTS } from '../../common/search';
import { LIST_PAGE } from '../../kiosk/ui/childList';
import { harnessOf, openHarness, rendered } from '../leader/renderPage';

let browser: Browser;
let page: Page;
const SHOTS = process.env.RELAY_RENDER_SHOTS;

const h = (fn: string, ...args: unknown[]) => harnessOf(page)(fn, ...args);

/** buttons (and search rows) on screen smaller than a finger: 48 × 48 px */
const tooSmall = () =>
  page.evaluate(() =>
    [...document.querySelectorAll('button, select, input, .results li')]
      .map((b) => ({ t: (b.textContent ?? '').slice(0, 16), r: b.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && (r.width < 48 || r.height < 48))
      .map(({ t, r }) => `${t} ${Math.round(r.width)}×${Math.round(r.height)}`),
  );

beforeAll(async () => {
  ({ browser, page } = await openHarness({ width: 1280, height: 800 }));
});
afterAll(async () => {
  await browser?.close();
});

describe('the care room of a 3,000-child school', () => {
  it("one check-in renders that child's tile, not the room's 40; a quiet second renders none", async () => {
    expect(rendered(await h('start', 'care'))).toEqual({ 'list-row': 40 });
    expect(rendered(await h('checkIn', 's3'))).toEqual({ 'list-row': 1 });
    await expect.poll(() => page.getByTestId('present').getAttribute('data-count')).toBe('1');
    expect(rendered(await h('tick'))).toEqual({});
    expect(await tooSmall()).toEqual([]);
  });
});

describe('the gate of a 3,000-child school at dismissal', () => {
  it('600 waiting lay out a first page of tiles and 再显示 for the rest, not 600 tiles at every scan', async () => {
    await h('start', 'gate');
    const counts = rendered(await h('atGate', 600));
    expect(counts['list-row']).toBe(LIST_PAGE);
    const waiting = page.getByTestId('waiting');
    expect(await waiting.getAttribute('data-count')).toBe('600');
    expect(await waiting.locator('li').count()).toBe(LIST_PAGE);
    const more = page.getByTestId('waiting-more');
    expect(await more.innerText()).toMatch(`再显示 ${LIST_PAGE} 名（还有 ${600 - LIST_PAGE} 名）`);
    await more.click();
    await expect.poll(() => waiting.locator('li').count()).toBe(2 * LIST_PAGE);
    expect(await tooSmall()).toEqual([]);
  });
});

describe('the search without a card over 3,000 children', () => {
  it('one letter lays out at most 12 rows and says how many it found, Chinese first', async () => {
    await h('start', 'search');
    await h(
      'fill',
      Array.from({ length: 25 }, (_, i) => `s${i + 1}`),
    );
    await page.getByTestId('search').fill('z');
    const more = page.getByTestId('search-more');
    await expect.poll(() => more.getAttribute('data-total')).toBe('900');
    expect(await page.locator('.results li').count()).toBe(MAX_RESULTS);
    expect(await more.innerText()).toMatch(/^找到 900 名，只显示前 12 名：请再输入几个字或学号\s*900 found/);
    expect(await tooSmall()).toEqual([]);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/kiosk-search-3000-1280x800.png` });
    // more letters: fewer found, and the line goes once all are shown
    await page.getByTestId('search').fill('zhang');
    await page.getByTestId('search').fill('00012');
    await expect.poll(() => page.locator('.results li').count()).toBe(1);
    expect(await more.count()).toBe(0);
  });
});
