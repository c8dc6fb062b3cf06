/**
 * The office takes "today" from the hub, not from the PC's clock (issue #17): in real Chromium against a real demo
 * hub whose clock is pinned to a school afternoon a week back, with the page's clock forty days ahead of the hub
 * (an office PC set wrong), the reports' and the leave's date defaults, their pickers' min and max and the range
 * written beside them all follow the hub's day. Only when the hub does not answer do they follow the browser.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DateLimits } from '../../core/contract/answers';
import type { Roster } from '../../core/roster';
import { addDays, localDay } from '../../core/time';
import { recentSchoolAfternoon } from '../fakeClock';
import type { RunningHub } from '../hub/hubProcess';
import { ADMIN_PASSWORD, request, startDemoHub } from '../hub/hubProcess';
import { launch } from './browser';

const DAY_MS = 86_400_000;
/** A weekday afternoon a week or more back: the hub's day is never the machine's, whatever the hour or day. */
const hubAt = recentSchoolAfternoon() - 7 * DAY_MS;
/** The office PC's clock: forty days after the hub's. */
const pcAt = hubAt + 40 * DAY_MS;
let hub: RunningHub;
let browser: Browser;
let roster: Roster;
let hubToday: string;
let pcToday: string;
let limits: DateLimits;

beforeAll(async () => {
  let admin: string;
  ({ hub, roster, admin } = await startDemoHub({ clockAt: hubAt }));
  hubToday = localDay(hubAt, roster.settings.timeZone);
  pcToday = localDay(pcAt, roster.settings.timeZone);
  limits = (await request<DateLimits>(hub, 'GET', '/api/admin/date-limits', { token: admin })).body;
  browser = await launch({ trustCa: path.join(hub.dataDir, 'tls', 'ca.crt') });
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

/** The office signed in on a PC whose clock says `pcAt`; `hubSilent`: the hub's date limits never answer. */
async function office(hubSilent = false): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.clock.setFixedTime(pcAt);
  if (hubSilent) await page.route('**/api/admin/date-limits', (r) => r.abort());
  await page.goto(`https://localhost:${hub.port}/office/`);
  await page.getByTestId('office-password').fill(ADMIN_PASSWORD);
  await page.getByTestId('office-login').click();
  await page.getByTestId('tab-reports').waitFor({ timeout: 10_000 });
  return { page, close: () => context.close() };
}

const attrs = (page: Page, testId: string) =>
  page
    .getByTestId(testId)
    .evaluate((el: HTMLInputElement) => ({ value: el.value, min: el.min || undefined, max: el.max || undefined }));

describe("the office's dates follow the hub's day", () => {
  it("reports: the defaults, the pickers' limits and the range beside them are the hub's day, not the PC's", async () => {
    expect(pcToday).not.toBe(hubToday);
    expect(limits.today).toBe(hubToday);
    const { page, close } = await office();
    try {
      await page.getByTestId('tab-reports').click();
      await expect
        .poll(() => attrs(page, 'period-to'), { timeout: 10_000 })
        .toEqual({
          value: hubToday,
          min: addDays(hubToday, -6),
          max: hubToday, // not after today: the hub's
        });
      expect(await attrs(page, 'period-from')).toEqual({
        value: addDays(hubToday, -6),
        min: limits.reports.first > addDays(hubToday, -200) ? limits.reports.first : addDays(hubToday, -200),
        max: hubToday,
      });
      expect(await attrs(page, 'daily-date')).toEqual({ value: hubToday, min: limits.reports.first, max: hubToday });
      const range = (await page.getByTestId('period-range').textContent()) ?? '';
      expect(range).toContain(`可选 ${limits.reports.first} 至 ${hubToday}（今天）`);
      expect(range).not.toContain(pcToday);
      expect(await page.getByTestId('daily-range').textContent()).toContain(
        `可选 ${limits.reports.first} 至 ${hubToday}`,
      );

      // 本月 is the hub's month.
      await page.getByTestId('period-month').click();
      const monthStart = `${hubToday.slice(0, 8)}01`;
      expect((await attrs(page, 'period-from')).value).toBe(
        monthStart < limits.reports.first ? limits.reports.first : monthStart,
      );
      expect((await attrs(page, 'period-to')).value).toBe(hubToday);
    } finally {
      await close();
    }
  }, 90_000);

  it("leave: 从 and 到 start at the hub's today, and the pickers offer CU17's window around it, written beside them", async () => {
    const { page, close } = await office();
    try {
      await page.getByTestId('tab-leave').click();
      const first = addDays(hubToday, -14);
      const last = addDays(hubToday, 120);
      await expect
        .poll(() => attrs(page, 'leave-from'), { timeout: 10_000 })
        .toEqual({ value: hubToday, min: first, max: last });
      expect(await attrs(page, 'leave-to')).toEqual({ value: hubToday, min: hubToday, max: addDays(hubToday, 62) });
      const range = (await page.getByTestId('leave-range').textContent()) ?? '';
      expect(range).toContain(`请假和接送安排可登记 ${first} 至 ${last} 之间的课后服务日（今天 ${hubToday}）`);
      expect(range).not.toContain(pcToday);
    } finally {
      await close();
    }
  }, 90_000);

  it("without the hub's answer, the page falls back to the PC's day", async () => {
    const { page, close } = await office(true);
    try {
      await page.getByTestId('tab-leave').click();
      expect(await attrs(page, 'leave-from')).toEqual({
        value: pcToday,
        min: addDays(pcToday, -14),
        max: addDays(pcToday, 120),
      });
    } finally {
      await close();
    }
  }, 90_000);
});
