/**
 * The office's refusals where the clerk is looking (issue #17), in real Chromium on a 1280×900 window against a
 * real demo hub whose clock, and the page's, is pinned to a school afternoon: a report's period that is too
 * long or backwards is caught before anything is sent, said in plain words right under the button pressed, and
 * the old table goes; the date pickers carry the period's limits; leave's 到 before 从 likewise; and an
 * arrangement is taken for tomorrow while a past Sunday is refused as that Sunday, with the days that may be used.
 */
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isServiceDay } from '../../core/calendar';
import type { Roster } from '../../core/roster';
import { addDays, isoWeekday, localDay } from '../../core/time';
import { recentSchoolAfternoon } from '../fakeClock';
import type { RunningHub } from '../hub/hubProcess';
import { ADMIN_PASSWORD, request, startDemoHub } from '../hub/hubProcess';
import { launch } from './browser';

const VIEWPORT = { width: 1280, height: 900 };
const at = recentSchoolAfternoon();
let hub: RunningHub;
let browser: Browser;
let roster: Roster;
let today: string;
let admin: string;

beforeAll(async () => {
  ({ hub, roster, admin } = await startDemoHub({ clockAt: at }));
  today = localDay(at, roster.settings.timeZone);
  browser = await launch({ trustCa: path.join(hub.dataDir, 'tls', 'ca.crt') });
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

/** The office signed in, the page's clock at the hub's afternoon; `sent` lists the API calls it made. */
async function office(): Promise<{ page: Page; sent: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  await page.clock.setFixedTime(at);
  const sent: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/api/admin/')) sent.push(`${url.pathname}${url.search}`);
  });
  page.on('dialog', (d) => void d.dismiss());
  await page.goto(`https://localhost:${hub.port}/office/`);
  await page.getByTestId('office-password').fill(ADMIN_PASSWORD);
  await page.getByTestId('office-login').click();
  await page.getByTestId('tab-reports').waitFor({ timeout: 10_000 });
  return { page, sent, close: () => context.close() };
}

/** The error shown for a button: in the window, and just under (or beside) the button, not a screen away. */
async function errorBeside(page: Page, button: Locator, error: Locator): Promise<string> {
  await error.waitFor({ timeout: 10_000 });
  const b = (await button.boundingBox())!;
  const e = (await error.boundingBox())!;
  expect(e.y, 'the error starts inside the window').toBeGreaterThanOrEqual(0);
  expect(e.y + e.height, 'the error ends inside the window').toBeLessThanOrEqual(VIEWPORT.height);
  expect(e.y - (b.y + b.height), 'the error is right under the button').toBeLessThan(80);
  expect(e.y - (b.y + b.height)).toBeGreaterThan(-b.height - e.height); // not far above it either
  return (await error.textContent()) ?? '';
}

describe('office refusals in view and in plain words', () => {
  it('a report period over 62 days or backwards: the words under the button, nothing sent, the old table gone', async () => {
    const { page, sent, close } = await office();
    try {
      await page.getByTestId('tab-reports').click();
      const from = page.getByTestId('period-from');
      const to = page.getByTestId('period-to');
      await from.fill(addDays(today, -6));
      await to.fill(today);
      // The pickers carry the period's limits: the end not before the start nor after today (the hub's), the
      // start not after the end.
      expect(await to.getAttribute('min')).toBe(addDays(today, -6));
      expect(await to.getAttribute('max')).toBe(today);
      expect(await from.getAttribute('max')).toBe(today);

      await page.getByTestId('period-show').click();
      await page.getByTestId('period-stats').waitFor({ timeout: 10_000 });

      // 70 days: refused in the page, under 查看, in plain words; the week's table no longer shows.
      await from.fill(addDays(today, -70));
      const asked = sent.length;
      const show = page.getByTestId('period-show');
      await show.click();
      const words = await errorBeside(page, show, page.getByTestId('period-error').locator('.error'));
      expect(words).toContain('一次最多查询 62 天');
      expect(words).not.toMatch(/记录格式不正确|malformed|from ≤ to/);
      expect(await page.getByTestId('period-stats').count()).toBe(0);
      expect(sent.slice(asked)).toEqual([]);

      // The end before the start, for the pay sheet further down: said under that report's own button; the
      // refusal under 查看 above went with the period it was about.
      await from.fill(today);
      expect(await page.getByTestId('period-error').locator('.error').count()).toBe(0);
      await to.fill(addDays(today, -1));
      const hours = page.getByTestId('hours-show');
      await hours.click();
      const backwards = await errorBeside(page, hours, page.getByTestId('hours-error').locator('.error'));
      expect(backwards).toContain('结束日期不能早于开始日期');
      expect(sent.slice(asked)).toEqual([]);

      // Downloading is checked the same way, under the bureau's buttons.
      const bureau = page.getByTestId('bureau-xlsx');
      await bureau.click();
      expect(await errorBeside(page, bureau, page.getByTestId('bureau-error').locator('.error'))).toContain(
        '结束日期不能早于开始日期',
      );
      expect(sent.slice(asked)).toEqual([]);
    } finally {
      await close();
    }
  }, 90_000);

  it("leave's 到 before 从 is said under 登记请假 before anything is sent; tomorrow's early pickup is taken; a past Sunday is named", async () => {
    const { page, sent, close } = await office();
    try {
      await page.getByTestId('tab-leave').click();
      const child = roster.students.find((s) => s.groupId !== null)!;
      await page.getByTestId('leave-search').fill(child.studentNo);
      await page.getByTestId(`leave-pick-${child.id}`).click();
      const from = page.getByTestId('leave-from');
      expect(await from.getAttribute('min')).toBe(addDays(today, -14));
      expect(await from.getAttribute('max')).toBe(addDays(today, 120));

      let next = addDays(today, 1);
      while (!isServiceDay(roster.calendar, next)) next = addDays(next, 1);
      await from.fill(addDays(next, 2));
      await page.getByTestId('leave-to').fill(next);
      const asked = sent.length;
      const submit = page.getByTestId('leave-submit');
      await submit.click();
      const words = await errorBeside(page, submit, page.getByTestId('leave-error').locator('.error'));
      expect(words).toContain('结束日期不能早于开始日期');
      expect(sent.slice(asked)).toEqual([]);

      // The next service day's early pickup (from 从): stored. A new date clears the refusal of the old one.
      await from.fill(next);
      expect(await page.getByTestId('leave-error').locator('.error').count()).toBe(0);
      await page.getByTestId('arr-who').fill('奶奶');
      await page.getByTestId('arr-submit').click();
      await expect
        .poll(async () => page.getByTestId('arr-result').textContent(), { timeout: 10_000 })
        .toContain('已登记');

      // Last Sunday: that Sunday is named, with the days that may be arranged, under 登记安排.
      let sunday = addDays(today, -1);
      while (isoWeekday(sunday) !== 7) sunday = addDays(sunday, -1);
      await from.fill(sunday);
      const arr = page.getByTestId('arr-submit');
      await arr.click();
      const refused = await errorBeside(page, arr, page.getByTestId('arr-error').locator('.error'));
      expect(refused).toContain(
        `${sunday}（周日）不是课后服务日：只能安排 ${addDays(today, -14)} 至 ${addDays(today, 120)} 之间的课后服务日`,
      );
      expect(refused).not.toContain('今天');
    } finally {
      await close();
    }
  }, 90_000);

  it('a group over 45 is named with its field beside 保存课后服务班; the picker offers .xls; a switch day and the pay rate are set', async () => {
    const { page, close } = await office();
    const saved = async () =>
      (await request<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: admin })).body.roster;
    try {
      // Groups: 50 children in the first group is refused by the hub, said with the group's name and the column.
      await page.getByTestId('tab-groups').click();
      const group = roster.groups[0]!;
      await page.getByLabel(`${group.name} 人数上限 capacity`, { exact: true }).fill('50');
      const saveGroups = page.getByTestId('save-groups');
      await saveGroups.click();
      const words = await errorBeside(page, saveGroups, page.getByTestId('groups-error').locator('.error'));
      expect(words).toContain(`${group.name}：人数上限最多 45 人`);
      expect(words).not.toMatch(/groups\.\d|Too big|内容不正确/);
      expect((await saved()).groups[0]!.capacity).toBe(group.capacity);

      // Import: the file picker shows .xls files, so the hub's "save it as .xlsx" answer can be reached.
      await page.getByTestId('tab-import').click();
      const accept = (await page.getByTestId('roster-file').getAttribute('accept')) ?? '';
      expect(accept.split(',')).toEqual(expect.arrayContaining(['.xlsx', '.xls', '.csv']));

      // Calendar: a new 冬令时 switch day is added and saved.
      await page.getByTestId('tab-calendar').click();
      await page.getByTestId('switch-from').fill('2027-10-08');
      await page.getByTestId('switch-timetable').selectOption('winter');
      await page.getByTestId('switch-add').click();
      await page.getByTestId('save-calendar').click();
      await expect
        .poll(async () => (await saved()).calendar.switches, { timeout: 10_000 })
        .toContainEqual({ from: '2027-10-08', timetableId: 'winter' });

      // The care teachers' pay rate: over 500 is refused beside the button in the label's words, 60 is saved.
      const pay = page.getByTestId('setting-teacherPayPerLessonHour');
      await pay.fill('600');
      const saveSettings = page.getByTestId('save-settings');
      await saveSettings.click();
      expect(await errorBeside(page, saveSettings, page.getByTestId('settings-error').locator('.error'))).toContain(
        '看护老师每课时补贴（元）：请填 0 到 500 之间的数',
      );
      await pay.fill('60');
      await page.getByTestId('setting-gateDutyLessonHours').fill('1.5');
      await saveSettings.click();
      await expect
        .poll(async () => (await saved()).settings, { timeout: 10_000 })
        .toMatchObject({ teacherPayPerLessonHour: 60, gateDutyLessonHours: 1.5 });
    } finally {
      await close();
    }
  }, 90_000);
});
