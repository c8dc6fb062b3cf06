/**
 * R3 through the office in real Chromium (issue #17 finding 7): the rota is saved with a start date, the hub's
 * day (its clock pinned to a school afternoon, the browser's left alone), so last week's pay sheet is what it was;
 * the page says from when it applies and refuses a past start beside the button, saving nothing.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Roster } from '../../core/roster';
import { addDays, isoWeekday, localDay } from '../../core/time';
import { recentSchoolAfternoon } from '../fakeClock';
import type { RunningHub } from '../hub/hubProcess';
import { ADMIN_PASSWORD, request, startDemoHub } from '../hub/hubProcess';
import { launch } from './browser';

const at = recentSchoolAfternoon();
let hub: RunningHub;
let browser: Browser;
let roster: Roster;
let today: string;
let admin: string;
const WD = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

beforeAll(async () => {
  ({ hub, roster, admin } = await startDemoHub({ clockAt: at }));
  today = localDay(at, roster.settings.timeZone);
  browser = await launch({ trustCa: path.join(hub.dataDir, 'tls', 'ca.crt') });
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

const current = async () =>
  (await request<{ version: number; roster: Roster }>(hub, 'GET', '/api/roster', { token: admin })).body;

async function rotaTab(): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 657 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('dialog', (d) => void d.dismiss());
  await page.goto(`https://localhost:${hub.port}/office/`);
  await page.getByTestId('office-password').fill(ADMIN_PASSWORD);
  await page.getByTestId('office-login').click();
  await page.getByTestId('tab-rota').click();
  // The start date defaults to the hub's today once the hub has said it.
  await expect.poll(() => page.getByTestId('save-rota-from').inputValue(), { timeout: 10_000 }).toBe(today);
  return { page, close: () => context.close() };
}

describe('R3 the office saves the rota with a start date', () => {
  it("R3: a rota change for next week applies from that day, says so, and is recorded in the clerk's name", async () => {
    const { page, close } = await rotaTab();
    try {
      expect(await page.getByTestId('save-rota-from').getAttribute('min')).toBe(today);
      expect(await page.getByTestId('save-rota-from').getAttribute('max')).toBe(addDays(today, 120));
      const next = addDays(today, 7);
      await page.getByTestId('rota-g1-mixed-1').selectOption('care-3a');
      await page.getByTestId('save-rota-from').fill(next);
      await page.getByTestId('save-rota-clerk').selectOption('office-1');
      await page.getByTestId('save-rota').click();
      await expect
        .poll(() => page.getByTestId('save-msg').textContent(), { timeout: 10_000 })
        .toContain(`已保存，自 ${next}（${WD[isoWeekday(next)]}） 起生效`);
      await expect
        .poll(() => page.getByTestId('save-rota-in-force').textContent(), { timeout: 10_000 })
        .toContain(`已保存的排班自 ${next}（${WD[isoWeekday(next)]}） 起生效，在此之前仍按原排班`);

      const after = (await current()).roster;
      expect(after.rotas.care).toContainEqual({ groupId: 'g1-mixed', weekday: 1, staffId: 'care-3a' });
      expect(after.superseded.rotas.at(-1)).toMatchObject({ until: addDays(next, -1), care: roster.rotas.care });
      const history = await request<{ history: { by: string; note: string }[] }>(
        hub,
        'GET',
        '/api/admin/roster/history',
        { token: admin },
      );
      expect(history.body.history.at(-1)).toMatchObject({
        by: roster.staff.find((s) => s.id === 'office-1')!.name,
        note: `rotas（自 ${next} 起生效）`,
      });
    } finally {
      await close();
    }
  });

  it('R3: a new pay rate from next week is saved as such; the old rate stays for the days before', async () => {
    const { page, close } = await rotaTab();
    try {
      await page.getByTestId('tab-calendar').click();
      await expect.poll(() => page.getByTestId('save-settings-from').inputValue(), { timeout: 10_000 }).toBe(today);
      const next = addDays(today, 7);
      const old = (await current()).roster.settings.teacherPayPerLessonHour;
      await page.getByTestId('setting-teacherPayPerLessonHour').fill(String(old + 20));
      await page.getByTestId('save-settings-from').fill(next);
      await page.getByTestId('save-settings').click();
      await expect
        .poll(() => page.getByTestId('settings-msg').textContent(), { timeout: 10_000 })
        .toContain(`已保存，自 ${next}（${WD[isoWeekday(next)]}） 起生效；之前的日子按原补贴和收费标准计算`);
      await expect
        .poll(() => page.getByTestId('save-settings-in-force').textContent(), { timeout: 10_000 })
        .toContain(`已保存的补贴和收费标准自 ${next}（${WD[isoWeekday(next)]}） 起生效`);
      const after = (await current()).roster;
      expect(after.settings.teacherPayPerLessonHour).toBe(old + 20);
      expect(after.superseded.settings.at(-1)).toMatchObject({
        until: addDays(next, -1),
        values: { teacherPayPerLessonHour: old },
      });
    } finally {
      await close();
    }
  });

  it('R3: a start date in the past is refused beside the button and nothing is saved', async () => {
    const { page, close } = await rotaTab();
    try {
      const { version } = await current();
      await page.getByTestId('rota-g1-mixed-2').selectOption('care-3b');
      await page.getByTestId('save-rota-from').fill(addDays(today, -3));
      await page.getByTestId('save-rota').click();
      await expect
        .poll(() => page.getByTestId('save-rota-error').textContent(), { timeout: 10_000 })
        .toContain(`生效日期须在 ${today} 至 ${addDays(today, 120)} 之间`);
      const box = await page.getByTestId('save-rota-error').boundingBox();
      expect(box!.y + box!.height).toBeLessThanOrEqual(657);
      expect((await current()).version).toBe(version);
    } finally {
      await close();
    }
  });
});
