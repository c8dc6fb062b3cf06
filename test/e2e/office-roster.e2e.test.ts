/**
 * 学生名册 Roster (issue #17) in real Chromium over HTTPS: find a child by pinyin initials, fix the name and move
 * them to another class in the app's own panel; the table shows it, and the office's and a kiosk's roster from the
 * hub have it; a newcomer is added with a card, then marked as left after a second tap. The tab and its panel pass
 * the screen audit (48×48 targets, no raw ids, nothing off screen, no browser dialog) at 1366×768 and on a 360×800
 * phone. With RELAY_ROSTER_SHOTS=DIR the screens are saved there.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Roster } from '../../core/roster';
import type { RunningHub } from '../hub/hubProcess';
import { ADMIN_PASSWORD, pairKiosk, request, startDemoHub } from '../hub/hubProcess';
import { launch } from './browser';
import type { Finding, Size } from './audit/screenAudit';
import { auditScreen, watchPage } from './audit/screenAudit';

const SHOTS = process.env.RELAY_ROSTER_SHOTS || undefined;

let hub: RunningHub;
let browser: Browser;
let roster: Roster;
let admin: string;

beforeAll(async () => {
  ({ hub, roster, admin } = await startDemoHub());
  browser = await launch({ trustCa: path.join(hub.dataDir, 'tls', 'ca.crt') });
});
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

async function signedIn(size: Size) {
  const phone = size.width < 600;
  const context = await browser.newContext({
    viewport: { width: size.width, height: size.height },
    locale: 'zh-CN',
    ...(phone ? { isMobile: true, hasTouch: true } : {}),
  });
  const page = await context.newPage();
  const watch = watchPage(page);
  await page.goto(`https://localhost:${hub.port}/office/`);
  await page.getByTestId('office-password').fill(ADMIN_PASSWORD);
  await page.getByTestId('office-login').click();
  await page.getByTestId('tab-roster').click();
  await page.getByTestId('roster-tab').waitFor({ timeout: 10_000 });
  return { page, watch, close: () => context.close() };
}

const audit = (page: Page, watch: ReturnType<typeof watchPage>, size: Size, screen: string) =>
  auditScreen({ app: 'office-roster', screen, size, page, watch, ...(SHOTS ? { screenshotDir: SHOTS } : {}) });

describe('学生名册 Roster', () => {
  it('finds a child by initials, fixes the name and moves them to another class; the hub and a kiosk have it', async () => {
    const size = { name: '1366×768', width: 1366, height: 768 };
    const { page, watch, close } = await signedIn(size);
    const findings: Finding[] = [];
    try {
      // a child whose initials no one else shares, in class 1 of grade 1
      const child = roster.students.find(
        (s) => s.classId === 'c1-1' && roster.students.filter((x) => x.initials.startsWith(s.initials)).length === 1,
      )!;
      const target = roster.classes.find((c) => c.id === 'c1-2')!;
      findings.push(...(await audit(page, watch, size, 'students')));

      await page.getByTestId('roster-search').fill(child.initials);
      await expect.poll(async () => page.getByTestId('roster-count').textContent()).toContain('共 1 名学生');
      const row = page.getByTestId(`roster-row-${child.studentNo}`);
      expect(await row.textContent()).toContain(child.name);
      expect(await row.textContent()).toContain(roster.classes.find((c) => c.id === child.classId)!.name);

      await page.getByTestId(`roster-edit-${child.studentNo}`).click();
      await page.getByTestId('roster-student').waitFor();
      await page.getByTestId('rs-name').fill('张晓明');
      await page.getByTestId('rs-class').selectOption(target.id);
      await page.getByTestId('rs-move-note').waitFor();
      findings.push(...(await audit(page, watch, size, 'edit')));
      await page.getByTestId('rs-save').click();
      await expect
        .poll(async () => page.getByTestId('roster-msg').textContent(), { timeout: 10_000 })
        .toContain('已保存 张晓明');
      await expect.poll(async () => page.getByTestId('roster-student').count()).toBe(0);

      // the new initials find the child, in the new class
      await page.getByTestId('roster-search').fill('zxm');
      await expect.poll(async () => row.textContent(), { timeout: 10_000 }).toContain('张晓明');
      expect(await row.getByTestId('roster-row-class').textContent()).toBe(target.name);

      const office = (await request<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: admin })).body.roster;
      expect(office.students.find((s) => s.id === child.id)).toMatchObject({
        name: '张晓明',
        initials: 'zxm',
        classId: target.id,
        cardId: child.cardId,
      });
      const kiosk = await pairKiosk(hub, '教室平板');
      const tablet = (await request<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: kiosk.token })).body.roster;
      expect(tablet.students.find((s) => s.id === child.id)).toMatchObject({ name: '张晓明', classId: target.id });
      expect(hub.output()).toMatch(/"msg":"roster student changed".*"staffId":"office-1"/);

      // a newcomer, with a card made at once; then marked as left after the preview's second tap
      await page.getByTestId('roster-add').click();
      await page.getByTestId('rs-name').fill('新同学');
      await page.getByTestId('rs-no').fill('20269901');
      await page.getByTestId('rs-class').selectOption(target.id);
      await page.getByTestId('rs-save').click();
      await expect
        .poll(async () => page.getByTestId('roster-msg').textContent(), { timeout: 10_000 })
        .toContain('已添加 新同学');
      const added = (await request<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: admin })).body.roster;
      const newcomer = added.students.find((s) => s.studentNo === '20269901')!;
      expect(newcomer).toMatchObject({ name: '新同学', classId: target.id, cardId: expect.stringMatching(/^RS/) });
      await page.getByTestId('roster-search').fill('20269901');
      await page.getByTestId('roster-edit-20269901').click();
      await page.getByTestId('rs-leave').click();
      await page.getByTestId('rs-leave-preview').waitFor();
      const stillThere = (await request<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: admin })).body.roster;
      expect(stillThere.students.some((s) => s.id === newcomer.id)).toBe(true);
      await page.getByTestId('rs-leave-confirm').click();
      await expect
        .poll(async () => page.getByTestId('roster-msg').textContent(), { timeout: 10_000 })
        .toContain('新同学 已离校');
      await expect.poll(async () => page.getByTestId('roster-none').count()).toBe(1);
      const left = (await request<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: admin })).body.roster;
      expect(left.students.some((s) => s.id === newcomer.id)).toBe(false);
      expect(left.revokedCards.map((c) => c.cardId)).toContain(newcomer.cardId);
    } finally {
      await close();
    }
    expect(findings).toEqual([]);
  });

  it('on a 360×800 phone: the list, a child opened in the panel, the guardians and the staff pass the audit', async () => {
    const size = { name: '360×800', width: 360, height: 800 };
    const { page, watch, close } = await signedIn(size);
    const findings: Finding[] = [];
    try {
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      findings.push(...(await audit(page, watch, size, 'students')));
      const first = roster.students.slice().sort((a, b) => a.studentNo.localeCompare(b.studentNo))[0]!;
      await page.getByTestId(`roster-edit-${first.studentNo}`).tap();
      await page.getByTestId('roster-student').waitFor();
      findings.push(...(await audit(page, watch, size, 'edit')));
      await page.getByTestId('rs-leave').tap();
      await page.getByTestId('rs-leave-preview').waitFor();
      findings.push(
        ...(await auditScreen({
          app: 'office-roster',
          screen: 'leave-preview',
          size,
          page,
          watch,
          opened: [page.getByTestId('rs-leave-confirm')],
          ...(SHOTS ? { screenshotDir: SHOTS } : {}),
        })),
      );
      await page.getByTestId('roster-student-close').tap();
      await page.getByTestId('roster-view-guardians').tap();
      await page.getByTestId('roster-guardians').waitFor();
      findings.push(...(await audit(page, watch, size, 'guardians')));
      await page.getByTestId('roster-view-staff').tap();
      await page.getByTestId('roster-staff').waitFor();
      findings.push(...(await audit(page, watch, size, 'staff')));
    } finally {
      await close();
    }
    expect(findings).toEqual([]);
  });
});
