/**
 * The office's backup routes (#17) against the real hub: the daily backup's folder set in a clerk's name (refused
 * in words when it cannot take a backup), one backup now, and the status with the last backup of any kind.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BackupRecord, BackupStatus, ProblemBody } from '../../core/contract';
import { BACKUP_LOG } from '../../hub/autoBackup';
import { checkBackup } from '../../hub/backup';
import type { RunningHub } from './hubProcess';
import { downloadBackup, pairKiosk, request, startDemoHub } from './hubProcess';

describe('backup routes', () => {
  const hubs: RunningHub[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    for (const h of hubs) await h.stop().catch(() => {});
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('the office sets the folder, gets a checked backup there at once, runs one now and sees the last one', async () => {
    const { hub, admin } = await startDemoHub();
    hubs.push(hub);
    const usb = mkdtempSync(path.join(os.tmpdir(), 'relay-usb-'));
    dirs.push(usb);

    const none = await request<BackupStatus>(hub, 'GET', '/api/admin/backup/status', { token: admin });
    expect(none.status).toBe(200);
    expect(none.body).toMatchObject({ folder: null, lastOk: null, stale: true });

    // a kiosk may not
    const kiosk = await pairKiosk(hub);
    const body = { folder: usb, staffId: 'office-1' };
    expect((await request(hub, 'PUT', '/api/admin/backup/settings', { token: kiosk.token, body })).status).toBe(403);
    expect((await request(hub, 'POST', '/api/admin/backup/run', { body: { staffId: 'office-1' } })).status).toBe(401);

    // refused in words: a folder that is not there, one inside the data folder, a clerk who is not on the roster
    const put = (b: unknown) =>
      request<BackupStatus & ProblemBody>(hub, 'PUT', '/api/admin/backup/settings', { token: admin, body: b });
    const missing = await put({ folder: path.join(usb, 'gone'), staffId: 'office-1' });
    expect(missing.status).toBe(400);
    expect(missing.body.problem).toMatchObject({ code: 'backup_folder_missing', zh: expect.stringMatching(/U 盘/) });
    expect((await put({ folder: path.join(hub.dataDir, 'events'), staffId: 'office-1' })).body.problem.code).toBe(
      'backup_folder_in_data',
    );
    expect((await put({ folder: usb, staffId: 'nobody' })).body.problem.code).toBe('unknown_staff');
    expect((await put({ folder: usb })).status).toBe(400);
    expect(readdirSync(usb)).toEqual([]);

    const set = await put(body);
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({
      folder: usb,
      stale: false,
      archives: 1,
      folderSetBy: { staffId: 'office-1', name: '钱主任' },
      lastRun: { kind: 'auto', ok: true },
    });

    const now = await request<{ record: BackupRecord; status: BackupStatus }>(hub, 'POST', '/api/admin/backup/run', {
      token: admin,
      body: { staffId: 'office-1' },
    });
    expect(now.status).toBe(200);
    expect(now.body.record).toMatchObject({ ok: true, kind: 'now', by: 'office', staffId: 'office-1' });
    expect(now.body.record.students).toBeGreaterThan(0);
    expect(checkBackup(readFileSync(now.body.record.where)).ok).toBe(true);
    expect(now.body.status).toMatchObject({ archives: 2, lastOk: { kind: 'now' } });

    // the download is a backup too, to the office's browser
    await downloadBackup(hub, admin);
    const after = await request<BackupStatus>(hub, 'GET', '/api/admin/backup/status', { token: admin });
    expect(after.body.lastOk).toMatchObject({ kind: 'download', ok: true, by: 'office' });
    expect(after.body.lastRun).toMatchObject({ kind: 'now' });

    // each change is in the log with who and when
    const log = readFileSync(path.join(hub.dataDir, BACKUP_LOG), 'utf8').trim().split('\n');
    expect(JSON.parse(log[0]!)).toMatchObject({ action: 'settings', folder: usb, by: 'office', staffId: 'office-1' });
    expect(JSON.parse(log[0]!).ip).toMatch(/127\.0\.0\.1/);

    // the stick pulled: 立即备份 answers with the error in words, and the hub goes on
    rmSync(usb, { recursive: true });
    const failed = await request<{ record: BackupRecord }>(hub, 'POST', '/api/admin/backup/run', {
      token: admin,
      body: { staffId: 'office-1' },
    });
    expect(failed.status).toBe(200);
    expect(failed.body.record).toMatchObject({ ok: false, error: { code: 'backup_folder_missing' } });
    expect((await request(hub, 'GET', '/api/health')).status).toBe(200);

    // '' turns the daily backup off
    expect((await put({ folder: '', staffId: 'office-1' })).body).toMatchObject({ folder: null });
  });
});
