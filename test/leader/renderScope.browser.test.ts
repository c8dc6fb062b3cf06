/**
 * Issue #20, part 2: the duty leader's page over a school of 3,000 children (75 groups of 40) re-renders only
 * what changed. Applying one check-in to the day, as the incremental reducer hands it on (bigSchool.ts), renders
 * that child's group line and the two school numbers that moved, not 75 lines and 8 tiles; a second with nothing
 * new renders none; the end-of-day check folded renders no row (it rendered 3,000 each second); 3,000 open
 * alerts and a roll call's 3,000 unaccounted lay out a first page. Real Chromium, React's production build.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harnessOf, openHarness, rendered } from './renderPage';

let browser: Browser;
let page: Page;
const SHOTS = process.env.RELAY_RENDER_SHOTS;

const h = (fn: string, ...args: unknown[]) => harnessOf(page)(fn, ...args);

beforeAll(async () => {
  ({ browser, page } = await openHarness({ width: 360, height: 800 }));
});
afterAll(async () => {
  await browser?.close();
});

describe('the leader page over 3,000 children', () => {
  it('one check-in renders its own group line and the two numbers that moved; a quiet second renders nothing', async () => {
    expect(rendered(await h('start', 'leader'))).toEqual({ tile: 8, 'group-row': 75 });
    expect(await page.getByTestId('end-of-day').getAttribute('data-n')).toBe('3000');
    expect(rendered(await h('checkIn', 's5'))).toEqual({ tile: 2, 'group-row': 1 });
    await expect.poll(() => page.getByTestId('group-g1').innerText()).toContain('1/40');
    expect(await page.getByTestId('tile-in-care').getAttribute('data-n')).toBe('1');
    expect(rendered(await h('tick'))).toEqual({});
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/leader-3000-360x800.png`, fullPage: false });
  });

  it("in a group's page one check-in renders that child's row; a child of another group renders none", async () => {
    await page.getByTestId('group-g1').click();
    await page.getByTestId('group-view').waitFor();
    expect(rendered(await h('checkIn', 's7'))).toEqual({ tile: 2, 'child-row': 1 });
    expect(rendered(await h('checkIn', 's900'))).toEqual({ tile: 2 });
    expect(rendered(await h('tick'))).toEqual({});
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/leader-3000-group-360x800.png` });
  });

  it('the end-of-day check lays out its rows when opened, a page at a time, and none again for a quiet second', async () => {
    await h('start', 'leader');
    await page.locator('[data-testid=end-of-day] summary').click();
    await expect.poll(() => page.locator('[data-testid=end-of-day] li').count()).toBe(100);
    expect(await page.getByTestId('end-of-day-more').getAttribute('data-rest')).toBe('2900');
    expect(rendered(await h('tick'))).toEqual({});
    // the checked-in child is still to be accounted for, now 看护中: its row alone renders again
    expect(rendered(await h('checkIn', 's1'))).toEqual({ tile: 2, 'group-row': 1, 'eod-row': 1 });
    expect(await page.locator('[data-testid=end-of-day] li').first().innerText()).toContain('看护中');
    await page.getByTestId('end-of-day-more').click();
    await expect.poll(() => page.locator('[data-testid=end-of-day] li').count()).toBe(200);
  });

  it('3,000 open alerts: the first 50 laid out, the rest a tap away; a second or a check-in renders none again', async () => {
    await h('start', 'leader');
    expect(rendered(await h('alerts', 3000))).toEqual({ alert: 50 });
    expect(await page.getByTestId('alerts').getAttribute('data-count')).toBe('3000');
    expect(await page.getByTestId('alerts-more').getAttribute('data-rest')).toBe('2950');
    expect(rendered(await h('tick'))).toEqual({});
    expect(rendered(await h('checkIn', 's8'))).toEqual({ tile: 2, 'group-row': 1 });
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/leader-3000-alerts-360x800.png` });
  });

  it("a roll call's 3,000 unaccounted: a first page; one child found safe renders two rows, not 3,000", async () => {
    await h('start', 'leader');
    expect(rendered(await h('rollCall'))).toEqual({ 'unaccounted-row': 100 });
    expect(await page.getByTestId('unaccounted').getAttribute('data-n')).toBe('3000');
    // the safe child's row goes, the 101st comes into the first page, the safe list gets its first child
    expect(rendered(await h('safe', 's1'))).toEqual({ 'unaccounted-row': 1, 'safe-row': 1 });
    expect(rendered(await h('tick'))).toEqual({});
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/leader-3000-rollcall-360x800.png` });
  });

  it('the lists stay finger-sized at 360 px: every button at least 48 × 48', async () => {
    await h('start', 'leader');
    await h('alerts', 120);
    const small = await page.evaluate(() =>
      [...document.querySelectorAll('button')]
        .map((b) => ({ t: (b.textContent ?? '').slice(0, 20), r: b.getBoundingClientRect() }))
        .filter(({ r }) => r.width > 0 && (r.width < 48 || r.height < 48))
        .map(({ t, r }) => `${t} ${Math.round(r.width)}×${Math.round(r.height)}`),
    );
    expect(small).toEqual([]);
    expect((await page.getByTestId('alerts-more').boundingBox())!.height).toBeGreaterThanOrEqual(48);
  });
});
