/**
 * Issue #20, part 2, held to the real reducer: renderScope.browser.test.ts and the kiosk's largeLists test build
 * each next DayState by hand, as core/dayReducer.ts promises to hand it on (an untouched child keeps its ChildDay
 * object, counts and anomalies are fresh). Here the states come from a real DayReducer over the 3,000-child
 * school and its afternoon (bigSchool.ts afternoonEvents, ~12,000 events): one more check-in, in order or late
 * (stamped before the last event applied, so the reducer replays that child alone), renders that child's group
 * line, its row and the two numbers that moved, and a quiet state at the same clock renders nothing; a late sign-in,
 * or a late check-in on a roll call's day, refolds from a checkpoint and still hands on every other child's object
 * (its own row alone renders). Were the
 * reducer to hand on fresh children (a copy, a replay that rebuilds them), every row would render again.
 * Real Chromium, React's production build (renderPage.ts).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harnessOf, openHarness, rendered } from './renderPage';

let browser: Browser;
let page: Page;

const h = (fn: string, ...args: unknown[]) => harnessOf(page)(fn, ...args);
interface Diff {
  changed: string[];
  stats: { appended: number; childReplays: number; checkpointReplays: number; eventsRefolded: number };
}
const diff = () => harnessOf(page)('reducerDiff') as unknown as Promise<Diff>;

beforeAll(async () => {
  ({ browser, page } = await openHarness({ width: 360, height: 800 }));
});
afterAll(async () => {
  await browser?.close();
});

describe('the leader page over the real reducer of a 3,000-child afternoon', () => {
  it('one check-in in order renders its group line and the two numbers that moved; a quiet state none', async () => {
    // the six children not seen by 17:00 are six alerts (not handed off)
    expect(rendered(await h('reducerStart', 'leader'))).toEqual({ tile: 8, 'group-row': 75, alert: 6 });
    expect(await page.getByTestId('tile-in-care').getAttribute('data-n')).toBe('2595');
    expect(await page.getByTestId('group-g1').innerText()).toContain('36/40');
    expect(rendered(await h('reducerCheckIn', 's5', '17:00'))).toEqual({ tile: 2, 'group-row': 1 });
    expect(await diff()).toEqual({
      changed: ['s5'],
      stats: { appended: 1, childReplays: 0, checkpointReplays: 0, eventsRefolded: 0 },
    });
    await expect.poll(() => page.getByTestId('group-g1').innerText()).toContain('37/40');
    expect(await page.getByTestId('tile-in-care').getAttribute('data-n')).toBe('2596');
    expect(rendered(await h('reducerTick'))).toEqual({});
    expect((await diff()).changed).toEqual([]);
    // a second later, no turning point passed: still nothing
    expect(rendered(await h('reducerTick', 1_000))).toEqual({});
    expect((await diff()).changed).toEqual([]);
  });

  it('a late check-in (before the last event applied) replays that child alone and renders only its line', async () => {
    await h('reducerStart', 'leader');
    expect(rendered(await h('reducerCheckIn', 's7', '15:45'))).toEqual({ tile: 2, 'group-row': 1 });
    expect(await diff()).toEqual({
      changed: ['s7'],
      stats: { appended: 0, childReplays: 1, checkpointReplays: 0, eventsRefolded: 0 },
    });
    expect(rendered(await h('reducerTick'))).toEqual({});
  });

  it("in a group's page one check-in renders that child's row, in order or late; another group's child none", async () => {
    await h('reducerStart', 'leader');
    await page.getByTestId('group-g1').click();
    await page.getByTestId('group-view').waitFor();
    expect(rendered(await h('reducerCheckIn', 's7', '17:00'))).toEqual({ tile: 2, 'child-row': 1 });
    expect(rendered(await h('reducerCheckIn', 's8', '15:50'))).toEqual({ tile: 2, 'child-row': 1 });
    expect((await diff()).stats.childReplays).toBe(1);
    expect(rendered(await h('reducerCheckIn', 's900', '15:55'))).toEqual({ tile: 2 });
    expect(rendered(await h('reducerTick'))).toEqual({});
  });
});

describe('late events that replay from a checkpoint (not a child of theirs alone)', () => {
  it("a late care sign-in refolds ~900 events yet hands on every child's object: its group line alone", async () => {
    await h('reducerStart', 'leader');
    expect(
      rendered(await h('reducerEvent', 'staff_signed_in', '15:45', { duty: 'care', groupId: 'g1' }, { staffId: 'c3' })),
    ).toEqual({ 'group-row': 1 });
    const d = await diff();
    expect(d.changed).toEqual([]);
    expect(d.stats.checkpointReplays).toBe(1);
    expect(d.stats.eventsRefolded).toBeGreaterThan(500);
    expect(rendered(await h('reducerTick'))).toEqual({});
  });

  it("on a roll call's day a late check-in replays from a checkpoint: that child's row alone", async () => {
    await h('reducerStart', 'leader');
    expect(rendered(await h('reducerEvent', 'roll_call_started', '16:50', {}))).toEqual({ 'unaccounted-row': 100 });
    expect(await page.getByTestId('unaccounted').getAttribute('data-n')).toBe('2595');
    // s1 was not seen: checked in at 15:45 it was on campus when the roll call began, the first unaccounted (ids in order)
    expect(rendered(await h('reducerCheckIn', 's1', '15:45'))).toEqual({ 'unaccounted-row': 1 });
    const d = await diff();
    expect(d.changed).toEqual(['s1']);
    expect(d.stats.checkpointReplays).toBe(1);
    expect(await page.getByTestId('unaccounted').getAttribute('data-n')).toBe('2596');
    expect(rendered(await h('reducerTick'))).toEqual({});
  });
});

describe('the care room over the real reducer of a 3,000-child afternoon', () => {
  it("one check-in renders that child's tile, in order or late; a quiet state none", async () => {
    expect(rendered(await h('reducerStart', 'care'))).toEqual({ 'list-row': 40 });
    expect(rendered(await h('reducerCheckIn', 's1', '17:00'))).toEqual({ 'list-row': 1 });
    expect(rendered(await h('reducerCheckIn', 's5', '15:40'))).toEqual({ 'list-row': 1 });
    expect(rendered(await h('reducerTick'))).toEqual({});
  });
});
