/**
 * RM1 scheduled moves (issue #17) in real Chromium over HTTPS: in the student sheet a class change gets 生效日期,
 * the hub's today by default and never before it; a day a week ahead keeps the child where they are and shows
 * "12月X日起转入 一年级2班" in the row and the sheet, with 取消 that drops the move. The hub's clock is pinned to a
 * recent school afternoon (libfaketime), so the browser's own date plays no part: the sheet asks the hub for its
 * day (GET /api/admin/date-limits). The sheet with the date and the row with the pending move pass the screen
 * audit (48×48 targets, no raw ids, no browser dialog). With RELAY_ROSTER_SHOTS=DIR the screens are saved there.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DateLimits } from '../../core/contract';
import type { Roster } from '../../core/roster';
import { addDays } from '../../core/time';
import { recentSchoolAfternoon } from '../fakeClock';
import type { RunningHub } from '../hub/hubProcess';
import { ADMIN_PASSWORD, request, startDemoHub } from '../hub/hubProcess';
import { launch } from './browser';
import type { Finding } from './audit/screenAudit';
import { auditScreen, watchPage } from './audit/screenAudit';

const SHOTS = process.env.RELAY_ROSTER_SHOTS || undefined;

let hub: RunningHub;
let browser: Browser;
let roster: Roster;
let admin: string;

beforeAll(async () => {
  ({ hub, roster, admin } = await startDemoHub({ clockAt: recentSchoolAfternoon() }));
  browser = await launch({ trustCa: path.join(hub.dataDir, 'tls', 'ca.crt') });
});
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

const zhDay = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
const officeRoster = async () =>
  (await request<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: admin })).body.roster;

describe('RM1 学生名册: a move from a later day', () => {
  it('RM1: schedules a class change a week ahead, shows it in the row and the sheet, and cancels it', async () => {
    const size = { name: '1366×768', width: 1366, height: 768 };
    const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, locale: 'zh-CN' });
    const page = await context.newPage();
    const watch = watchPage(page);
    const audit = (screen: string) =>
      auditScreen({
        app: 'office-roster-moves',
        screen,
        size,
        page,
        watch,
        ...(SHOTS ? { screenshotDir: SHOTS } : {}),
      });
    const findings: Finding[] = [];
    try {
      const { today } = (await request<DateLimits>(hub, 'GET', '/api/admin/date-limits', { token: admin })).body;
      const from = addDays(today, 7);
      const child = roster.students.find((s) => s.classId === 'c1-1')!;
      const start = roster.classes.find((c) => c.id === 'c1-1')!;
      const target = roster.classes.find((c) => c.id === 'c1-2')!;

      await page.goto(`https://localhost:${hub.port}/office/`);
      await page.getByTestId('office-password').fill(ADMIN_PASSWORD);
      await page.getByTestId('office-login').click();
      await page.getByTestId('tab-roster').click();
      await page.getByTestId('roster-search').fill(child.studentNo);
      await page.getByTestId(`roster-edit-${child.studentNo}`).click();
      await page.getByTestId('roster-student').waitFor();
      await page.getByTestId('rs-class').selectOption(target.id);

      // 生效日期: the hub's today, and nothing before it
      const date = page.getByTestId('rs-from');
      await expect.poll(async () => date.inputValue(), { timeout: 10_000 }).toBe(today);
      expect(await date.getAttribute('min')).toBe(today);
      expect(await page.getByTestId('rs-move-note').textContent()).toContain('保存后立即生效');
      await date.fill(addDays(today, -1));
      await expect.poll(async () => page.getByTestId('rs-move-note').textContent()).toContain('生效日期须在');
      expect(await page.getByTestId('rs-save').isDisabled()).toBe(true);

      await date.fill(from);
      await expect
        .poll(async () => page.getByTestId('rs-move-note').textContent())
        .toContain(`${zhDay(from)}起转入 ${target.name}`);
      findings.push(...(await audit('edit-dated')));
      await page.getByTestId('rs-save').click();
      await expect
        .poll(async () => page.getByTestId('roster-msg').textContent(), { timeout: 10_000 })
        .toContain(`${zhDay(from)}起转入 ${target.name}`);

      // the child stays in the class until that day; the row says where they go and when
      const row = page.getByTestId(`roster-row-${child.studentNo}`);
      const pending = page.getByTestId(`roster-move-${child.studentNo}`);
      await pending.waitFor({ timeout: 10_000 });
      expect(await row.getByTestId('roster-row-class').textContent()).toBe(start.name);
      expect(await pending.textContent()).toContain(`${zhDay(from)}起转入 ${target.name}`);
      expect(await pending.textContent()).not.toContain('c1-2');
      const saved = await officeRoster();
      expect(saved.students.find((s) => s.id === child.id)?.classId).toBe('c1-1');
      expect(saved.scheduledMoves).toMatchObject([{ studentId: child.id, from, classId: 'c1-2', by: '钱主任' }]);
      findings.push(...(await audit('row-pending')));

      // the sheet shows it too, with its own 取消
      await page.getByTestId(`roster-edit-${child.studentNo}`).click();
      await page.getByTestId('rs-pending').waitFor();
      expect(await page.getByTestId('rs-pending').textContent()).toContain(`${zhDay(from)}起转入 ${target.name}`);
      await page.getByTestId('roster-student-close').click();

      await page.getByTestId(`roster-move-${child.studentNo}-cancel`).click();
      await expect
        .poll(async () => page.getByTestId('roster-msg').textContent(), { timeout: 10_000 })
        .toContain('已取消');
      await expect.poll(async () => pending.count(), { timeout: 10_000 }).toBe(0);
      const after = await officeRoster();
      expect(after.scheduledMoves).toEqual([]);
      expect(after.students.find((s) => s.id === child.id)?.classId).toBe('c1-1');
    } finally {
      await context.close();
    }
    expect(findings).toEqual([]);
  });
});
