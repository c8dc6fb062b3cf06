/**
 * The office's 个人信息 / Privacy tab in real Chromium on a phone-sized screen (360×800): a child chosen by class
 * and name (no id on screen), the erasure preview, a confirm button that stays off until the 学号 is typed again
 * with the operator's name, then the erasure; no browser dialog at any step, every target at least 48 px.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Roster } from '../../core/roster';
import { launch } from '../e2e/browser';
import type { RunningHub } from '../hub/hubProcess';
import { ADMIN_PASSWORD, request, startDemoHub } from '../hub/hubProcess';

let hub: RunningHub;
let admin: string;
let roster: Roster;
let browser: Browser;

beforeAll(async () => {
  ({ hub, admin, roster } = await startDemoHub());
  browser = await launch({ trustCa: path.join(hub.dataDir, 'tls', 'ca.crt') });
});
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

describe('office: 个人信息 / Privacy', () => {
  it('erases a child chosen by class and name after the preview and the 学号 typed again, with no dialog', async () => {
    const cls = roster.classes[0]!;
    const child = roster.students
      .filter((s) => s.classId === cls.id)
      .sort((a, b) => a.studentNo.localeCompare(b.studentNo))[1]!;
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 800 } });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    try {
      await page.goto(`https://localhost:${hub.port}/office/`);
      await page.getByTestId('office-password').fill(ADMIN_PASSWORD);
      await page.getByTestId('office-login').click();
      await page.getByTestId('tab-privacy').click();
      await expect.poll(() => page.getByTestId('retention-status').textContent()).toContain('保存 2 个学年');
      await page.getByTestId('privacy-class').selectOption(cls.id);
      const options = await page.getByTestId('privacy-student').locator('option').allTextContents();
      expect(options).toContain(`${child.name}（学号 ${child.studentNo}）`);
      expect(options.join()).not.toContain(child.id);
      await page.getByTestId('privacy-student').selectOption(child.id);
      await page.getByTestId('erasure-preview').click();
      await expect
        .poll(() => page.getByTestId('erasure-counts').textContent())
        .toMatch(/将删除 \d+ 条记录，涉及 \d+ 天/);
      const confirm = page.getByTestId('erasure-confirm');
      expect(await confirm.isDisabled()).toBe(true);
      await page.getByTestId('erasure-operator').fill('王老师');
      await page.getByTestId('erasure-student-no').fill(`${child.studentNo}9`);
      expect(await confirm.isDisabled()).toBe(true);
      const small = await page.$$eval('.privacy button, .privacy select, .privacy input, .privacy summary', (els) =>
        els
          .map((e) => [e.textContent?.slice(0, 20), e.getBoundingClientRect().height] as const)
          .filter(([, h]) => h < 48),
      );
      expect(small).toEqual([]);
      // still on the roster: nothing happens before the confirmation
      const before = await request<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: admin });
      expect(before.body.roster.students.some((s) => s.id === child.id)).toBe(true);
      await page.getByTestId('erasure-student-no').fill(child.studentNo);
      await confirm.click();
      await expect
        .poll(() => page.getByTestId('erasure-done').textContent())
        .toContain(`学号 ${child.studentNo} 的信息已删除`);
      const after = await request<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: admin });
      expect(after.body.roster.students.some((s) => s.id === child.id)).toBe(false);
      expect(dialogs).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
