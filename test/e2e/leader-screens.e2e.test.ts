/**
 * What a duty leader sees on the phone, against a real hub whose day is pinned to a weekday at 15:00: a child's
 * chain of custody opens in view and reads in words and tablet names, warnings stand beside alerts with their
 * severity, a headcount inspection confirms what it recorded, and a threshold lowered in the office reaches an
 * open page without a reload. Tablets are driven through the hub's API (as a kiosk would send), so these tests
 * hold whatever the kiosk's screens look like.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustodyEventInput } from '../../core/events';
import type { SubmitResult } from '../../core/protocol';
import type { Roster, Student } from '../../core/roster';
import { localDay } from '../../core/time';
import { enrolled } from '../hub/demoEvents';
import type { RunningHub } from '../hub/hubProcess';
import { connectedSocket, readyKiosk, request, startDemoHub } from '../hub/hubProcess';
import { recentSchoolAfternoon } from '../fakeClock';
import { launch } from './browser';
import { LeaderPage } from './leaderPage';

let hub: RunningHub;
let browser: Browser;
let roster: Roster;
let admin: string;
/** a classroom tablet of 一年级2班 and the tablet in the mixed group's room, as the office named them */
let classroom: { deviceId: string; token: string };
let careRoom: { deviceId: string; token: string };
const CLASSROOM_NAME = '东楼平板A';
const CARE_NAME = '多功能室平板';

/** Now on the hub's (pinned) clock. */
const hubNow = () => Date.now() + hub.clockOffsetMs;

/** An event without its envelope, each type kept apart (a plain Omit would merge the union). */
type Body = CustodyEventInput extends infer E
  ? E extends CustodyEventInput
    ? Omit<E, 'id' | 'day' | 'deviceId' | 'staffId' | 'deviceTime' | 'clockOffsetMs'>
    : never
  : never;
let lastAt = 0;
/** Each event a millisecond after the one before at least, so the reducer's order is the order sent. */
async function send(kiosk: { deviceId: string; token: string }, staffId: string, bodies: Body[]) {
  const events = bodies.map((b) => ({
    id: randomUUID(),
    day: localDay(hubNow(), roster.settings.timeZone),
    deviceId: kiosk.deviceId,
    staffId,
    deviceTime: (lastAt = Math.max(lastAt + 1, hubNow())),
    clockOffsetMs: 0,
    ...b,
  }));
  const r = await request<SubmitResult>(hub, 'POST', '/api/events', { token: kiosk.token, body: { events } });
  expect(r.status).toBe(200);
  expect(r.body.results.map((x) => x.status)).toEqual(events.map(() => 'stored'));
}
const card = (s: Student) => ({ kind: 'card' as const, cardId: s.cardId! });
const handOff = (s: Student): Body => ({ type: 'handed_off', studentId: s.id, source: card(s), toGroupId: s.groupId! });
const checkIn = (s: Student): Body => ({ type: 'checked_in', studentId: s.id, source: card(s), groupId: s.groupId! });

/** Children of 一年级2班 in the mixed group, the first few used by the tests below. */
const nameButton = (leader: LeaderPage, s: Student) =>
  leader.page.getByTestId('group-view').getByRole('button', { name: s.name });
let kids: Student[];

/** With RELAY_LEADER_SHOTS=DIR, the screen as the test left it (the filter's results), for a person to look at. */
async function shot(leader: LeaderPage, name: string) {
  const dir = process.env.RELAY_LEADER_SHOTS;
  if (dir) await leader.page.screenshot({ path: path.join(dir, `leader-${name}.png`) });
}

beforeAll(async () => {
  ({ hub, roster, admin } = await startDemoHub({ clockAt: recentSchoolAfternoon() }));
  browser = await launch({ trustCa: path.join(hub.dataDir, 'tls', 'ca.crt') });
  // Children whose names say who they are (no other child's name holds theirs), so a test can tap a name.
  kids = enrolled(roster).filter(
    (s) =>
      s.classId === 'c1-2' &&
      s.groupId === 'g1-mixed' &&
      !roster.students.some((o) => o.id !== s.id && o.name.includes(s.name)),
  );
  classroom = await readyKiosk(hub, ['t1-2'], CLASSROOM_NAME);
  careRoom = await readyKiosk(hub, ['care-1b'], CARE_NAME);
  // The classroom tablet says which station it is and that it still holds two records it could not send.
  const s = await connectedSocket(hub, classroom.token);
  const ack = await s.timeout(10_000).emitWithAck('reportStatus', { unsent: 2, station: 'classroom' });
  expect(ack.ok).toBe(true);
  s.close();
});
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

describe('the duty leader reads the day', () => {
  it('a child tapped in a long group opens its chain of custody in view; names are thumb-sized targets', async () => {
    const leader = await LeaderPage.open(browser, hub);
    try {
      await leader.login();
      await leader.page.getByTestId('group-g1-mixed').click();
      await nameButton(leader, kids[0]!).waitFor();
      const rows = leader.page.getByTestId('group-view').locator('li button');
      expect(await rows.count()).toBeGreaterThan(30);
      for (const box of await rows.evaluateAll((els) =>
        els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect),
      )) {
        expect(box.width).toBeGreaterThanOrEqual(48);
        expect(box.height).toBeGreaterThanOrEqual(48);
      }
      // The first name at the top of a forty-name list: the chain must not open below the list.
      await nameButton(leader, kids[0]!).click();
      const chain = leader.page.getByTestId('chain');
      await chain.waitFor();
      const box = (await chain.boundingBox())!;
      const vp = leader.page.viewportSize()!;
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height).toBeLessThanOrEqual(vp.height + 1);
      expect(await chain.innerText()).toContain(kids[0]!.name);
      // Closing it is a thumb's target too, and closes it.
      const close = (await leader.page.getByTestId('chain-close').boundingBox())!;
      expect(Math.min(close.width, close.height)).toBeGreaterThanOrEqual(48);
      await leader.page.getByTestId('chain-close').click();
      await chain.waitFor({ state: 'detached' });
    } finally {
      await leader.close();
    }
  });

  it('the chain names what happened, on which tablet and where to; the tablet list names the class', async () => {
    const child = kids[1]!;
    await send(classroom, 't1-2', [handOff(child)]);
    await send(careRoom, 'care-1b', [
      checkIn(child),
      { type: 'transferred', studentId: child.id, source: card(child), to: { kind: 'nurse' } },
    ]);
    const leader = await LeaderPage.open(browser, hub);
    try {
      await leader.login();
      await leader.page.getByTestId('group-g1-mixed').click();
      await nameButton(leader, child).click();
      const chain = leader.page.getByTestId('chain');
      await expect.poll(() => chain.locator('li').count(), { timeout: 10_000 }).toBe(3);
      // Tablet names come with the tablet list, a moment after the page opens.
      await expect.poll(() => chain.locator('li').first().innerText(), { timeout: 10_000 }).toContain(CLASSROOM_NAME);
      const text = await chain.innerText();
      for (const code of ['handed_off', 'checked_in', 'transferred', classroom.deviceId, careRoom.deviceId, 'kiosk-'])
        expect(text).not.toContain(code);
      const lines = await chain.locator('li').allInnerTexts();
      expect(lines[0]).toContain('交出');
      expect(lines[0]).toContain('一年级混合班');
      expect(lines[0]).toContain(CLASSROOM_NAME);
      expect(lines[1]).toContain('签到');
      expect(lines[1]).toContain(CARE_NAME);
      expect(lines[2]).toContain('医务室');
      expect(lines[2]).toContain(CARE_NAME);
      await leader.page.getByTestId('chain-close').click();

      // The tablet list: a classroom tablet says which class it serves.
      await leader.page.getByTestId('kiosks').locator('summary').click();
      const row = leader.page.getByTestId('kiosks').locator('li', { hasText: CLASSROOM_NAME });
      await expect.poll(() => row.innerText(), { timeout: 15_000 }).toContain('一年级2班');
      expect(await row.innerText()).toContain(CLASSROOM_NAME);
    } finally {
      await leader.close();
    }
  });

  it('warnings stand beside alerts with their severity; an inspection confirms the count, the difference and who differs', async () => {
    const [a, b] = [kids[2]!, kids[3]!];
    await send(classroom, 't1-2', [handOff(a), handOff(b)]);
    await send(careRoom, 'care-1b', [checkIn(a), checkIn(b)]);
    const leader = await LeaderPage.open(browser, hub);
    try {
      await leader.login();
      // The tablet holding unsent records is a warning, marked as one.
      const unsent = leader.page.getByTestId(`warning-kiosk_unsent:${classroom.deviceId}`);
      await unsent.waitFor({ timeout: 15_000 });
      const unsentText = await unsent.innerText();
      expect(unsentText).toContain('提醒');
      expect(unsentText).toContain(CLASSROOM_NAME);
      expect(unsentText).toContain('2');

      await leader.page.getByTestId('group-g1-mixed').click();
      const systemCount = async () => Number(await leader.page.getByTestId('inspect-system').getAttribute('data-n'));
      await expect.poll(systemCount, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
      const system = await systemCount();
      await leader.page.getByTestId('inspect-count').fill(String(system - 1));
      await leader.page.getByTestId(`inspect-missing-${b.id}`).check();
      await leader.page.getByTestId('inspect-submit').click();
      const saved = leader.page.getByTestId('inspect-saved');
      await saved.waitFor({ timeout: 10_000 });
      const said = await saved.innerText();
      expect(said).toContain(`系统 ${system}`);
      expect(said).toContain(`实到 ${system - 1}`);
      expect(said).toContain('相差 1');
      expect(said).toContain(b.name);

      // The mismatch stands among the warnings, with the group, both numbers and who was not seen.
      const mismatch = leader.page.locator('[data-testid^="warning-headcount_mismatch:"]');
      await mismatch.waitFor({ timeout: 10_000 });
      const m = await mismatch.innerText();
      expect(m).toContain('提醒');
      expect(m).toContain('一年级混合班');
      expect(m).toContain(b.name);
      expect(m).toMatch(new RegExp(`${system - 1}\\D+${system}|${system}\\D+${system - 1}`));
      expect(await leader.page.getByTestId('warnings').innerText()).not.toMatch(/[a-z]+_[a-z]+/);
    } finally {
      await leader.close();
    }
  });

  it('a long group is grouped by status with counts, and a filter finds a child by name, 学号 or initials', async () => {
    const child = kids[5]!;
    const leader = await LeaderPage.open(browser, hub);
    try {
      await leader.login();
      await leader.page.getByTestId('group-g1-mixed').click();
      const view = leader.page.getByTestId('group-view');
      await nameButton(leader, child).waitFor();
      const rows = view.locator('li button');
      const all = await rows.count();
      expect(all).toBeGreaterThan(30);

      // Grouped by status: each heading says its status in words and how many children are under it, and the
      // counts add up to the whole list.
      const sections = view.locator('[data-testid^="status-"]');
      expect(await sections.count()).toBeGreaterThanOrEqual(2);
      let sum = 0;
      for (const section of await sections.all()) {
        const n = Number(await section.getAttribute('data-n'));
        expect(await section.locator('li button').count()).toBe(n);
        expect(await section.locator('h3').innerText()).toMatch(new RegExp(`^\\p{Script=Han}.*(?<!\\d)${n}$`, 'su'));
        sum += n;
      }
      expect(sum).toBe(all);
      // A group mixing classes says each child's class.
      expect(await nameButton(leader, child).innerText()).toContain('一年级2班');

      // The filter: labelled in both languages, a thumb's target, narrowing the list to the typed child.
      const find = view.getByRole('searchbox', { name: /查找学生.*Find a child/is });
      expect((await find.boundingBox())!.height).toBeGreaterThanOrEqual(48);
      await find.fill(child.name);
      await expect.poll(() => rows.count()).toBe(1);
      expect(await rows.first().innerText()).toContain(child.name);
      await shot(leader, 'group-filtered');
      const shown = view.locator('[data-testid^="status-"]');
      expect(await shown.count()).toBe(1);
      expect(await shown.first().getAttribute('data-n')).toBe('1');
      expect(await shown.first().locator('h3').innerText()).toMatch(/^\p{Script=Han}.*(?<!\d)1$/su);

      // By 学号 and by pinyin initials too.
      await find.fill(child.studentNo);
      await expect.poll(() => rows.allInnerTexts()).toEqual([expect.stringContaining(child.name)]);
      if (child.initials) {
        await find.fill(child.initials);
        await expect.poll(() => rows.allInnerTexts()).toContainEqual(expect.stringContaining(child.name));
        expect(await rows.count()).toBeLessThan(all);
      }

      // Nothing found says so; clearing the filter brings the whole list back.
      await find.fill('不存在的名字');
      await expect.poll(() => rows.count()).toBe(0);
      expect(await view.innerText()).toContain('没有找到');
      expect(await view.innerText()).toContain('No match');
      await shot(leader, 'group-no-match');
      const clear = view.getByRole('button', { name: /清除/ });
      const clearBox = (await clear.boundingBox())!;
      expect(Math.min(clearBox.width, clearBox.height)).toBeGreaterThanOrEqual(48);
      await clear.click();
      expect(await find.inputValue()).toBe('');
      await expect.poll(() => rows.count()).toBe(all);

      // A filtered row still opens the child's chain of custody.
      await find.fill(child.name);
      await rows.first().click();
      await leader.page.getByTestId('chain').waitFor();
      expect(await leader.page.getByTestId('chain').innerText()).toContain(child.name);
    } finally {
      await leader.close();
    }
  });

  it('a transit threshold lowered in the office reaches the open page without a reload', async () => {
    const child = kids[4]!;
    const leader = await LeaderPage.open(browser, hub);
    try {
      await leader.login();
      // A push reaches only a connected page.
      await expect.poll(() => leader.page.getByTestId('leader-online').getAttribute('class')).toBe('online');
      const r = await request(hub, 'PUT', '/api/admin/roster/settings', {
        token: admin,
        body: { value: { ...roster.settings, transitAlertMinutes: 1 } },
      });
      expect(r.status).toBe(200);
      await send(classroom, 't1-2', [handOff(child)]);
      await expect.poll(() => leader.tile('in-transit'), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
      // Two minutes on the phone's clock: past the new threshold (1), well before the old one (5).
      await leader.page.clock.fastForward('02:00');
      await leader.page.getByTestId(`alert-lost_in_transit:${child.id}`).waitFor({ timeout: 10_000 });
    } finally {
      await leader.close();
      await request(hub, 'PUT', '/api/admin/roster/settings', { token: admin, body: { value: roster.settings } });
    }
  });
});
