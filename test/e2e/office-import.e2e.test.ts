/**
 * Issue #17 in real Chromium against a real hub over HTTPS: a file that would remove most of the school is
 * stopped (确认导入 disabled until the number is typed; the hub refuses without it), a partial file with
 * 只更新文件中的班级 keeps the other classes, and restoring the version before an import from 历史版本 brings the
 * removed children back, cards and all.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RosterHistoryAnswer } from '../../core/contract';
import type { Roster, Student } from '../../core/roster';
import type { RunningHub } from '../hub/hubProcess';
import { ADMIN_PASSWORD, request, startDemoHub } from '../hub/hubProcess';
import { launch } from './browser';

let hub: RunningHub;
let browser: Browser;
let roster: Roster;
let admin: string;

beforeAll(async () => {
  ({ hub, roster, admin } = await startDemoHub());
  browser = await launch({ trustCa: path.join(hub.dataDir, 'tls', 'ca.crt') });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-office-import-'));
/** The office's own file for these children (GBK, as Chinese Excel saves CSV), plus any extra lines. */
function rosterFile(name: string, students: Student[], extra: string[] = []): string {
  const rows = students.map((s) => {
    const group = roster.groups.find((g) => g.id === s.groupId)?.name ?? '';
    const pickup = s.pickup.kind === 'bus' ? '校车' : s.pickup.kind === 'walks_alone' ? '自行回家' : '家长接送';
    return [
      s.studentNo,
      s.name,
      s.grade,
      `${s.classId.split('-')[1]}班`,
      group,
      pickup,
      s.pickup.kind === 'bus' ? s.pickup.bus : '',
      s.pickupWave,
    ].join(',');
  });
  const csv = ['学号,姓名,年级,班级,课后服务班,接送方式,校车,批次', ...rows, ...extra, ''].join('\r\n');
  const file = path.join(dir, name);
  writeFileSync(file, iconv.encode(csv, 'gbk'));
  return file;
}
const current = async () =>
  (await request<{ version: number; roster: Roster }>(hub, 'GET', '/api/roster', { token: admin })).body;
const counts = (page: Page) => page.getByTestId('preview-counts').textContent();

describe('office: safe import and roster history', () => {
  it('stops a large removal, imports only the classes in a file, and restores the version before an import', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    try {
      await page.goto(`https://localhost:${hub.port}/office/`);
      await page.getByTestId('office-password').fill(ADMIN_PASSWORD);
      await page.getByTestId('office-login').click();
      await page.getByTestId('tab-import').click();

      // 1. Two rows: 238 of 240 children would go. Stopped: the button waits for the number.
      const two = roster.students.filter((s) => s.classId === 'c1-1').slice(1, 3);
      await page.getByTestId('roster-file').setInputFiles(rosterFile('两行.csv', two));
      await expect.poll(() => counts(page), { timeout: 10_000 }).toContain('移除 238');
      const apply = page.getByTestId('apply-import');
      expect(await apply.isDisabled()).toBe(true);
      await expect.poll(() => page.getByTestId('large-removal').textContent()).toContain('238');
      // every removal is listed, a page at a time, by name and class
      await page.getByTestId('preview-removed').locator('summary').click();
      expect(await page.getByTestId('preview-removed-table').locator('tbody tr').count()).toBe(50);
      expect(await page.getByTestId('preview-removed-table-at').textContent()).toContain('第 1 / 5 页');
      const third = roster.students.filter((s) => s.classId === 'c1-1')[0]!;
      expect(await page.getByTestId('preview-removed-table').textContent()).toContain(
        `${third.studentNo}${third.name}一年级1班`,
      );
      await page.getByTestId('preview-removed-table-next').click();
      expect(await page.getByTestId('preview-removed-table-at').textContent()).toContain('第 2 / 5 页');
      await page.getByTestId('confirm-remove').fill('237');
      expect(await apply.isDisabled()).toBe(true);

      // The hub refuses the same file without the count, or with a wrong one, whatever the client.
      const bytes = iconv.encode(
        ['学号,姓名,年级,班级', ...two.map((s) => `${s.studentNo},${s.name},${s.grade},1班`)].join('\r\n'),
        'gbk',
      );
      const preview = await request<{ previewId: string; counts: { removed: number } }>(
        hub,
        'POST',
        '/api/admin/roster/preview?file=two.csv',
        { token: admin, rawBody: Buffer.from(bytes), headers: { 'content-type': 'application/octet-stream' } },
      );
      expect(preview.body.counts.removed).toBe(238);
      for (const body of [{}, { confirmRemove: 237 }]) {
        const refused = await request<{ problem: { code: string; zh: string; en: string } }>(
          hub,
          'POST',
          '/api/admin/roster/apply',
          { token: admin, body: { previewId: preview.body.previewId, ...body } },
        );
        expect(refused.status).toBe(409);
        expect(refused.body.problem).toMatchObject({
          code: 'removal_unconfirmed',
          zh: expect.stringContaining('238'),
          en: expect.stringContaining('238'),
        });
      }
      expect((await current()).roster.students).toHaveLength(240);

      // 2. 一年级1班 only, one child left and one new: with 只更新文件中的班级 the other classes stay.
      const c11 = roster.students.filter((s) => s.classId === 'c1-1');
      await page.getByTestId('only-classes').check();
      await page
        .getByTestId('roster-file')
        .setInputFiles(
          rosterFile('一年级1班.csv', c11.slice(1), ['20269951,新同学,一年级,1班,一年级1班（本班看护）,家长接送,,1']),
        );
      await expect.poll(() => counts(page), { timeout: 10_000 }).toContain('新增 1 · 变更 0 · 移除 1');
      expect(await page.getByTestId('large-removal').count()).toBe(0);
      await page.getByTestId('preview-added').locator('summary').click();
      expect(await page.getByTestId('preview-added-table').textContent()).toContain('新同学');
      await apply.click();
      await expect
        .poll(() => page.getByTestId('import-done').textContent(), { timeout: 10_000 })
        .toContain('新增 1 · 变更 0 · 移除 1 · 作废卡片 1');
      const partial = (await current()).roster;
      expect(partial.students).toHaveLength(240);
      expect(partial.students.some((s) => s.studentNo === c11[0]!.studentNo)).toBe(false);
      for (const s of roster.students.filter((x) => x.classId !== 'c1-1'))
        expect(partial.students.find((x) => x.id === s.id)).toEqual(s);

      // 3. The two-row file for real: the number typed, 238 go and their cards are revoked.
      await page.getByTestId('only-classes').uncheck();
      await page.getByTestId('roster-file').setInputFiles(rosterFile('两行-再次.csv', two));
      await expect.poll(() => counts(page), { timeout: 10_000 }).toContain('移除 238');
      expect(await apply.isDisabled()).toBe(true);
      await page.getByTestId('confirm-remove').fill('238');
      expect(await apply.isDisabled()).toBe(false);
      await apply.click();
      await expect
        .poll(() => page.getByTestId('import-done').textContent(), { timeout: 10_000 })
        .toContain('移除 238 · 作废卡片 238');
      const emptied = await current();
      expect(emptied.roster.students).toHaveLength(2);

      // 4. 历史版本: the version before that import, previewed like an import, restored with a second tap.
      const history = (await request<RosterHistoryAnswer>(hub, 'GET', '/api/admin/roster/history', { token: admin }))
        .body.history;
      // in the name of the clerk chosen as 办理人 (the office's first clerk by default), not the office's sign-in
      const clerk = roster.staff.find((s) => s.id === 'office-1')!.name;
      expect(history[0]).toMatchObject({
        kind: 'import',
        by: clerk,
        counts: { students: 240, removed: 238 },
      });
      await page.getByTestId('history').locator('summary').first().click();
      await page.getByTestId(`history-preview-${history[0]!.version}`).click();
      await expect
        .poll(() => page.getByTestId('restore-counts').textContent(), { timeout: 10_000 })
        .toContain('新增 238 · 变更 0 · 移除 0');
      expect((await current()).version).toBe(emptied.version); // a preview changes nothing
      await page.getByTestId('restore-confirm').click();
      await expect
        .poll(() => page.getByTestId('restore-done').textContent(), { timeout: 10_000 })
        .toContain(`已恢复第 ${history[0]!.version} 版`);
      const back = (await current()).roster;
      expect(back.students).toHaveLength(240);
      expect(back.students).toEqual(partial.students);
      const revoked = new Set(back.revokedCards.map((c) => c.cardId));
      expect(back.students.filter((s) => s.cardId && revoked.has(s.cardId))).toEqual([]);
      // the restore is in the history too, attributable
      const after = (await request<RosterHistoryAnswer>(hub, 'GET', '/api/admin/roster/history', { token: admin })).body
        .history;
      expect(after[0]).toMatchObject({ kind: 'restore', by: clerk });
      expect(dialogs).toBe(0);
    } finally {
      await context.close();
    }
  }, 180_000);
});
