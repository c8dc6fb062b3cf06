/**
 * The office in real Chromium: sign in, import a messy GBK roster with a preview, enter a leave, print cards.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PairingCodesAnswer } from '../../core/contract';
import type { DaySlice } from '../../core/protocol';
import type { Roster } from '../../core/roster';
import { todayAtSchool } from '../hub/demoEvents';
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
});
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

describe('office', () => {
  it('imports a messy GBK roster after a preview, records a leave, and prints cards', async () => {
    const context = await browser.newContext({ acceptDownloads: true, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    try {
      await page.goto(`https://localhost:${hub.port}/office/`);
      await page.getByTestId('office-password').fill(ADMIN_PASSWORD);
      await page.getByTestId('office-login').click();

      // Everyone already on the roster, plus one new child, with a title row, full-width digits and stray spaces.
      const rows = roster.students.map((s) => {
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
      const csv = [
        '接力演示小学 课后服务学生花名册,,,,,,,',
        '学号,姓名,年级,班级,课后服务班,接送方式,校车,批次',
        ...rows,
        '２０２６９９０１, 新 同学 ,一年级,１班,一年级1班（本班看护）,家长接送,,1',
        '',
      ].join('\r\n');
      const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'relay-office-')), '花名册.csv');
      writeFileSync(file, iconv.encode(csv, 'gbk'));
      await page.getByTestId('roster-file').setInputFiles(file);
      await expect
        .poll(async () => page.getByTestId('preview-counts').textContent(), { timeout: 10_000 })
        .toContain('新增 1 · 变更 0 · 移除 0');
      await page.getByTestId('apply-import').click();
      await page.getByTestId('import-done').waitFor();
      const after = (await request<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: admin })).body.roster;
      expect(after.students.find((s) => s.studentNo === '20269901')).toMatchObject({ name: '新同学', classId: 'c1-1' });

      // A leave for today.
      const child = after.students.find((s) => s.groupId === 'g1-whole')!;
      await page.getByTestId('tab-leave').click();
      await page.getByTestId('leave-search').fill(child.studentNo);
      await page.getByTestId(`leave-pick-${child.id}`).click();
      await page.getByTestId('leave-submit').click();
      await expect
        .poll(async () => page.getByTestId('leave-result').textContent(), { timeout: 10_000 })
        .toContain('已登记 1 天');
      const events = (await request<DaySlice>(hub, 'GET', `/api/events?day=${todayAtSchool(roster)}`, { token: admin }))
        .body.events;
      expect(events.filter((e) => e.type === 'leave_recorded' && e.studentId === child.id)).toHaveLength(1);

      // An arrangement for the same day: grandma collects early.
      await page.getByTestId('arr-who').fill('奶奶');
      await page.getByTestId('arr-submit').click();
      await expect
        .poll(async () => page.getByTestId('arr-result').textContent(), { timeout: 10_000 })
        .toContain('已登记');
      const arranged = (
        await request<DaySlice>(hub, 'GET', `/api/events?day=${todayAtSchool(roster)}`, { token: admin })
      ).body.events;
      expect(arranged.filter((e) => e.type === 'arrangement_recorded' && e.studentId === child.id)).toMatchObject([
        { arrangement: { kind: 'early_pickup', collectedBy: '奶奶' } },
      ]);

      // A rota: Monday's care teacher for the mixed group.
      await page.getByTestId('tab-rota').click();
      await page.getByTestId('rota-g1-mixed-1').selectOption('care-3a');
      await page.getByTestId('save-rota').click();
      await expect
        .poll(async () => page.getByTestId('save-msg').textContent(), { timeout: 10_000 })
        .toContain('已保存');
      const rotas = (await request<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: admin })).body.roster.rotas;
      expect(rotas.care.filter((c) => c.groupId === 'g1-mixed' && c.weekday === 1)).toEqual([
        { groupId: 'g1-mixed', weekday: 1, staffId: 'care-3a' },
      ]);

      // The daily sign-in sheet shows the leave just entered.
      await page.getByTestId('tab-reports').click();
      await page.getByTestId('daily-show').click();
      await expect
        .poll(async () => page.getByTestId('daily-sheet').textContent(), { timeout: 10_000 })
        .toContain('请假');

      // Cards for a class, as a PDF.
      await page.getByTestId('tab-cards').click();
      await page.getByTestId('cards-scope').selectOption('class:c1-1');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('cards-download').click()]);
      const pdf = readFileSync((await download.path())!);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(download.suggestedFilename()).toBe('接力卡片-一年级1班.pdf'); // named for what it holds
    } finally {
      await context.close();
    }
  });

  it('a change that would break the roster (a group in a room that does not exist) is refused and changes nothing', async () => {
    const before = (await request<{ version: number; roster: Roster }>(hub, 'GET', '/api/roster', { token: admin }))
      .body;
    const groups = before.roster.groups.map((g, i) => (i === 0 ? { ...g, roomId: 'room-nowhere' } : g));
    const r = await request<{ problem: { zh: string; detail: string } }>(hub, 'PUT', '/api/admin/roster/groups', {
      token: admin,
      body: { value: groups },
    });
    expect(r.status).toBe(400);
    expect(r.body.problem).toMatchObject({ zh: '内容不正确，未保存', detail: expect.stringContaining('room-nowhere') });
    expect((await request<{ version: number }>(hub, 'GET', '/api/roster', { token: admin })).body.version).toBe(
      before.version,
    );
  });

  it('lists a new pairing code without the code, and cancels it on a second tap', async () => {
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
      await page.getByTestId('tab-devices').click();
      await page.getByTestId('new-pairing-code').click();
      const code = (await page.getByTestId('pairing-code').textContent())!.trim();
      const listed = (
        await request<PairingCodesAnswer>(hub, 'GET', '/api/admin/pairing-codes', { token: admin })
      ).body.codes.find((c) => !c.multiUse && c.usedAt === null && c.cancelledAt === null)!;
      const row = page.getByTestId(`pairing-code-${listed.id}`);
      await expect.poll(async () => row.textContent()).toContain('有效至');
      expect(await page.getByTestId('pairing-codes').textContent()).not.toContain(code);
      // the first tap only asks; the code still pairs nothing else until the second
      await page.getByTestId(`cancel-code-${listed.id}`).click();
      const after = (await request<PairingCodesAnswer>(hub, 'GET', '/api/admin/pairing-codes', { token: admin })).body;
      expect(after.codes.find((c) => c.id === listed.id)!.cancelledAt).toBeNull();
      await page.getByTestId(`cancel-code-confirm-${listed.id}`).click();
      await expect.poll(async () => row.textContent(), { timeout: 10_000 }).toContain('已取消');
      expect(dialogs).toBe(0);
      expect((await request(hub, 'POST', '/api/pair', { body: { code, name: '取消后' } })).status).toBe(401);
    } finally {
      await context.close();
    }
  });

  it('reprinting a card revokes the old one at once', async () => {
    const s = roster.students[3]!;
    const r = await request(hub, 'POST', '/api/admin/cards/reprint', { token: admin, body: { studentIds: [s.id] } });
    expect(r.status).toBe(200);
    const next = (await request<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: admin })).body.roster;
    expect(next.students.find((x) => x.id === s.id)!.cardId).not.toBe(s.cardId);
    expect(next.revokedCards.map((c) => c.cardId)).toContain(s.cardId);
  });
});
