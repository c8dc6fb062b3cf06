/**
 * The office's 备份 Backups panel (#17) in real Chromium against a real hub: the warning while there is no
 * backup, a folder that is not there refused in words, the daily backup's folder set (today's backup made at
 * once), 立即备份, and the USB stick pulled shown as an error; every control a finger's size, no browser dialog.
 * With RELAY_BACKUP_SHOTS=DIR the panel is saved before, after a backup and after the stick is pulled.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../hub/hubProcess';
import { ADMIN_PASSWORD, startDemoHub } from '../hub/hubProcess';
import { launch } from './browser';

let hub: RunningHub;
let browser: Browser;
const SHOTS = process.env.RELAY_BACKUP_SHOTS || undefined;
const usb = mkdtempSync(path.join(os.tmpdir(), 'relay-usb-'));

beforeAll(async () => {
  ({ hub } = await startDemoHub());
  browser = await launch({ trustCa: path.join(hub.dataDir, 'tls', 'ca.crt') });
});
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  rmSync(usb, { recursive: true, force: true });
});

describe('office backups', () => {
  it('warns without a backup, refuses a missing folder, backs up daily and now, and shows a pulled stick', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
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
      const panel = page.getByTestId('backup-panel');
      await panel.waitFor();

      // no backup yet: said, Chinese first
      await expect.poll(() => page.getByTestId('backup-stale').textContent()).toMatch(/^还没有任何备份.*No backup yet/);
      expect(await page.getByTestId('backup-now').isDisabled()).toBe(true);
      if (SHOTS) await panel.screenshot({ path: path.join(SHOTS, 'backup-none.png') });
      for (const id of ['backup-folder-input', 'backup-clerk', 'backup-save', 'backup-now']) {
        const box = await page.getByTestId(id).boundingBox();
        expect(box!.height, id).toBeGreaterThanOrEqual(48);
        expect(box!.width, id).toBeGreaterThanOrEqual(48);
      }

      // a folder that is not there: refused in words, nothing set
      await page.getByTestId('backup-folder-input').fill(path.join(usb, 'gone'));
      await page.getByTestId('backup-save').click();
      await expect
        .poll(() => panel.getByRole('alert').allTextContents())
        .toContainEqual(
          expect.stringMatching(/备份文件夹不存在（U 盘或移动硬盘是否已拔出？）[\s\S]*was the USB stick/),
        );

      // the stick's folder: today's backup is made at once and shown
      await page.getByTestId('backup-folder-input').fill(usb);
      await page.getByTestId('backup-save').click();
      await expect.poll(() => page.getByTestId('backup-folder').textContent()).toContain(usb);
      await expect
        .poll(() => page.getByTestId('backup-last').textContent())
        .toMatch(/^上次备份：.*（每日自动备份），保存到 .*relay-auto-.*名学生.*天的记录。Last backup:/);
      expect(await page.getByTestId('backup-stale').count()).toBe(0);
      expect(readdirSync(usb).filter((n) => n.startsWith('relay-auto-'))).toHaveLength(1);

      // 立即备份 Back up now
      await page.getByTestId('backup-now').click();
      await expect.poll(() => page.getByTestId('backup-last').textContent()).toMatch(/^上次备份：.*（立即备份）/);
      expect(await panel.getByRole('status').allTextContents()).toContain('已完成备份 Backup done');
      expect(readdirSync(usb).filter((n) => n.startsWith('relay-auto-'))).toHaveLength(2);
      if (SHOTS) await panel.screenshot({ path: path.join(SHOTS, 'backup-done.png') });

      // the stick pulled: the error in words, the page and the hub go on
      rmSync(usb, { recursive: true });
      await page.getByTestId('backup-now').click();
      await expect
        .poll(() => page.getByTestId('backup-result').textContent())
        .toMatch(/备份失败：备份文件夹不存在.*failed: The backup folder does not exist/);
      expect(existsSync(usb)).toBe(false);
      if (SHOTS) await panel.screenshot({ path: path.join(SHOTS, 'backup-failed.png') });
      expect(dialogs).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
