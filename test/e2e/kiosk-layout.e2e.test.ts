/**
 * The kiosk's visual system (#16), in real Chromium with the fake camera on a card and a long mixed care group:
 * - while scanning, the verdict and the camera take most of the tablet's screen (before: 22 % at 1280×800);
 * - the result is told by colour, a shape, words and sound together, every level at AAA contrast (axe-core's
 *   color-contrast-enhanced, 7:1);
 * - the station fills the screen and never scrolls away from the verdict; the long list scrolls in its own
 *   column, grouped by class and narrowed by the list filter.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Roster, Student } from '../../core/roster';
import type { DayState } from '../../core/state';
import { dutyOn } from '../../core/rotas';
import { localDay } from '../../core/time';
import { recentSchoolAfternoon } from '../fakeClock';
import type { RunningHub } from '../hub/hubProcess';
import { adminToken, demoPairingCode, request, startHub } from '../hub/hubProcess';
import { stageDay } from './audit/screens';
import { launch } from './browser';
import { KioskPage } from './kioskPage';
import { writeCardY4m } from './y4m';

let hub: RunningHub;
let browser: Browser;
let kiosk: KioskPage;
let child: Student;
let groupSize = 0;
let roster: Roster;

// Evaluated rather than added as a tag: the kiosk's CSP admits no inline script, rightly.
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

beforeAll(async () => {
  // 16:10 on a recent school day, the day staged as the audit stages it: a mixed group of 20-odd in care.
  hub = await startHub({ clockAt: recentSchoolAfternoon() + 70 * 60_000, env: { DEMO_CLOCK: 'school' } });
  const admin = await adminToken(hub);
  roster = (await request<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: admin })).body.roster;
  const staged = await stageDay(hub, roster, admin);
  const day = localDay(Date.now() + hub.clockOffsetMs, roster.settings.timeZone);
  const state = (await request<DayState>(hub, 'GET', `/api/headcount?date=${day}`, { token: admin })).body;
  const inGroup = roster.students.filter((s) => s.groupId === staged.longGroup);
  groupSize = inGroup.filter((s) => state.children[s.id]?.status === 'in_care').length;
  // A child the classroom handed off and the care room has not received: the card in front of the camera.
  child = inGroup.find((s) => state.children[s.id]?.status === 'handed_off')!;
  if (!child) throw new Error('the staged day has no child on the way to the long group');
  const video = path.join(hub.dataDir, 'layout-card.y4m');
  writeCardY4m(video, child.cardId!, { cardShare: 0.2, centre: { x: 0.5, y: 0.5 } });
  browser = await launch({ trustCa: path.join(hub.dataDir, 'tls', 'ca.crt'), fakeCameraFile: video });
  kiosk = await KioskPage.open(browser, hub);
  await kiosk.pair(demoPairingCode(hub), '一年级看护室');
  await kiosk.chooseCare(staged.longGroup);
  await kiosk.signIn(dutyOn(roster, day).care[staged.longGroup]![0]!);
  await kiosk.page.getByTestId('camera-toggle').click();
  await kiosk.page.getByTestId('verdict-name').filter({ hasText: child.name }).waitFor({ timeout: 30_000 });
});
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

type Box = { x: number; y: number; width: number; height: number };
const area = (b: Box | null) => (b ? b.width * b.height : 0);

/** Share of the window the verdict and the camera preview cover, both wholly in view. */
async function scanningShare(page: Page, width: number, height: number): Promise<number> {
  const verdict = (await page.getByTestId('verdict').boundingBox())!;
  const camera = (await page.getByTestId('camera-view').boundingBox())!;
  for (const b of [verdict, camera]) {
    expect(b.y).toBeGreaterThanOrEqual(0);
    expect(b.y + b.height).toBeLessThanOrEqual(height + 0.5);
    expect(b.x + b.width).toBeLessThanOrEqual(width + 0.5);
  }
  return (area(verdict) + area(camera)) / (width * height);
}

async function axeRule(page: Page, rule: string, selector: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  return page.evaluate(
    async ([r, sel]) => {
      const w = window as unknown as {
        axe: {
          run(
            c: unknown,
            o: unknown,
          ): Promise<{ violations: { id: string; nodes: { target: unknown[]; failureSummary?: string }[] }[] }>;
        };
      };
      const res = await w.axe.run(sel, { runOnly: { type: 'rule', values: [r] }, resultTypes: ['violations'] });
      return res.violations.flatMap((v) => v.nodes.map((n) => `${v.id} ${String(n.target[0])}: ${n.failureSummary}`));
    },
    [rule, selector] as const,
  );
}

describe('the kiosk while scanning (#16 visual system)', () => {
  it.each([
    [1280, 800],
    [800, 1280],
  ])('at %i×%i the verdict and the camera take most of the screen, and the page itself never scrolls', async (w, h) => {
    const page = kiosk.page;
    await page.setViewportSize({ width: w, height: h });
    if (process.env.RELAY_LAYOUT_SHOTS) {
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(process.env.RELAY_LAYOUT_SHOTS, `kiosk-scanning-${w}x${h}.png`) });
    }
    await expect.poll(() => scanningShare(page, w, h)).toBeGreaterThanOrEqual(0.5);
    // The child's name reads across a room: 48 px type at the least.
    const px = await page.getByTestId('verdict-name').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    expect(px).toBeGreaterThanOrEqual(48);
    // The station fits the window: the lists scroll in their column, the verdict never scrolls away.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(h + 1);
    const list = page.getByTestId('present');
    expect(Number(await list.getAttribute('data-count'))).toBeGreaterThanOrEqual(groupSize);
  });

  it('every result is told by colour, its own shape and words, each at AAA contrast; the sound differs by level', async () => {
    const page = kiosk.page;
    await page.setViewportSize({ width: 1280, height: 800 });
    // The card leaves the camera: what is on screen is the result set here, not a new read of it.
    await page.getByTestId('camera-toggle').click();
    await page
      .getByTestId('camera-view')
      .and(page.locator('.on'))
      .waitFor({ state: 'detached' })
      .catch(() => {});
    // What each tone is (pitch, waveform): recorded as the oscillators start.
    await page.evaluate(() => {
      const w = window as unknown as { __toneKinds: string[] };
      w.__toneKinds = [];
      const start = OscillatorNode.prototype.start;
      OscillatorNode.prototype.start = function (this: OscillatorNode, ...args: [number?]) {
        w.__toneKinds.push(`${this.type} ${this.frequency.value}`);
        return start.apply(this, args);
      };
    });
    const shapes = new Map<string, string>();
    const sounds = new Map<string, string>();
    for (const level of ['ok', 'info', 'warn', 'error'] as const) {
      const before = await page.evaluate(() => (window as unknown as { __tones: number }).__tones);
      await page.evaluate(() => ((window as unknown as { __toneKinds: string[] }).__toneKinds = []));
      await page.evaluate(
        ([lv, name]) =>
          (window as unknown as { relayKiosk: { notify(v: unknown): void } }).relayKiosk.notify({
            level: lv,
            title: { zh: `结果 ${lv}`, en: `result ${lv}` },
            detail: { zh: name, en: name },
          }),
        [level, child.name] as const,
      );
      const verdict = page.getByTestId('verdict');
      await expect.poll(() => verdict.getAttribute('data-level')).toBe(level);
      const icon = verdict.locator('svg.icon');
      shapes.set(level, (await icon.getAttribute('data-icon')) ?? '');
      // The shape is drawn large enough to tell at a glance, and the words are there.
      expect(Math.min(...Object.values((await icon.boundingBox())!).slice(2))).toBeGreaterThanOrEqual(56);
      expect(await page.getByTestId('verdict-title').textContent()).toContain(`结果 ${level}`);
      expect(await axeRule(page, 'color-contrast-enhanced', '[data-testid="verdict"]')).toEqual([]);
      // A tone for it (the unlocked audio started an oscillator).
      await expect
        .poll(() => page.evaluate(() => (window as unknown as { __tones: number }).__tones))
        .toBeGreaterThan(before);
      sounds.set(
        level,
        (await page.evaluate(() => (window as unknown as { __toneKinds: string[] }).__toneKinds)).join(),
      );
    }
    expect(new Set(shapes.values()).size, JSON.stringify([...shapes])).toBe(4);
    // Heard without looking: four different sounds (pitch, waveform or count).
    expect(new Set(sounds.values()).size, JSON.stringify([...sounds])).toBe(4);
  });

  it('the long group is read class by class and narrowed by the filter, and shows everyone again', async () => {
    const page = kiosk.page;
    await page.setViewportSize({ width: 1280, height: 800 });
    const present = page.getByTestId('present');
    const all = Number(await present.getAttribute('data-count'));
    // A mixed group: a heading per class, each with its count, adding up to the group.
    const headings = present.getByTestId('present-class');
    expect(await headings.count()).toBeGreaterThanOrEqual(2);
    let sum = 0;
    for (const h of await headings.locator('h4 b').all()) sum += Number(await h.textContent());
    expect(sum).toBe(all);
    // Tiles, several a row: the list is not one long column.
    const tops = await present
      .locator('li')
      .evaluateAll((els) => els.slice(0, 4).map((e) => e.getBoundingClientRect().top));
    expect(new Set(tops.map(Math.round)).size).toBeLessThan(tops.length);
    // The child's pinyin initials find just them (and whoever shares them).
    await page.getByTestId('list-filter').fill(child.initials);
    await expect.poll(() => present.getAttribute('data-shown').then(Number)).toBeLessThan(all);
    await expect.poll(() => page.getByTestId(`present-${child.id}`).isVisible()).toBe(true);
    expect(await present.locator('h3').textContent()).toMatch(new RegExp(`\\d+ / ${all}`));
    await page.getByTestId('list-filter-clear').click();
    await expect.poll(() => present.getAttribute('data-shown').then(Number)).toBe(all);
    expect(await page.getByTestId('list-filter').inputValue()).toBe('');
  });
});
