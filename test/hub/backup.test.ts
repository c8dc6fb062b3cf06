/**
 * A backup taken from a running hub, restored into an empty folder, gives a hub with the same reports; a
 * damaged backup or a running hub means nothing is replaced.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { SubmitResult } from '../../core/protocol';
import { checkBackup } from '../../hub/backup';
import { addDays } from '../../core/time';
import { checkIn, enrolled, todayAtSchool } from './demoEvents';
import type { RunningHub } from './hubProcess';
import { adminToken, downloadBackup, readyKiosk, request, startDemoHub, startHub } from './hubProcess';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);
async function backupCli(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/backup.ts'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('backup and restore', () => {
  const hubs: RunningHub[] = [];
  afterAll(async () => {
    for (const h of hubs) await h.stop().catch(() => {});
  });

  it('a backup restored into an empty hub gives the same reports; a damaged one changes nothing', async () => {
    const { hub, admin, roster } = await startDemoHub();
    hubs.push(hub);
    const kiosk = await readyKiosk(hub, ['care-1a', 'gate-1']);
    const kids = enrolled(roster).slice(0, 12);
    const stored = await request<SubmitResult>(hub, 'POST', '/api/events', {
      token: kiosk.token,
      body: { events: kids.map((k) => checkIn(roster, k, kiosk.deviceId)) },
    });
    expect(stored.body.results.every((r) => r.status === 'stored')).toBe(true);
    const day = todayAtSchool(roster);
    // The demo's seeded last week and today's check-ins, in statistics, fees and teachers' hours. Its history is
    // the last five service days within 31 days (pastServiceDays): in a holiday they lie weeks back, not within 7.
    const from = addDays(day, -31);
    const report = async (h: RunningHub, token: string) =>
      Promise.all(
        ['period', 'fees', 'hours'].map(
          async (r) =>
            (await request(h, 'GET', `/api/admin/reports/${r}?from=${from}&to=${day}&by=group`, { token })).body,
        ),
      );
    let logged = 0;
    for (let d = from; d <= day; d = addDays(d, 1))
      logged += (await request<{ events: unknown[] }>(hub, 'GET', `/api/events?day=${d}`, { token: admin })).body.events
        .length;
    expect(logged).toBeGreaterThan(1000);
    const before = await report(hub, admin);

    const dl = await downloadBackup(hub, admin);
    const check = checkBackup(dl);
    expect(check).toMatchObject({ ok: true, events: logged });
    expect(check.files).toContain('school.json');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-restore-'));
    const file = path.join(dir, 'b.relaybak');
    writeFileSync(file, dl);

    // Restoring over a running hub is refused.
    const refused = await backupCli(['restore', file, '--data', hub.dataDir]);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/正在运行/);

    // A damaged backup is refused and the target folder stays as it was.
    const archive = JSON.parse(gunzipSync(dl).toString('utf8')) as { files: { path: string; base64: string }[] };
    const school = archive.files.find((f) => f.path === 'school.json')!;
    school.base64 = Buffer.from('{"broken":').toString('base64');
    const bad = path.join(dir, 'bad.relaybak');
    writeFileSync(bad, gzipSync(Buffer.from(JSON.stringify(archive))));
    const target = path.join(dir, 'restored');
    const badRestore = await backupCli(['restore', bad, '--data', target]);
    expect(badRestore.code).toBe(1);
    expect(badRestore.out).toMatch(/checksum mismatch: school.json/);
    expect(existsSync(target)).toBe(false);

    // The sound one restores into an empty folder, and a hub there gives the same reports.
    const ok = await backupCli(['restore', file, '--data', target]);
    expect(ok.code, ok.out).toBe(0);
    const again = await startHub({ dataDir: target });
    hubs.push(again);
    expect(await report(again, await adminToken(again))).toEqual(before);
    // The office's backup holds no CA key (test/security/caBackup.test.ts): the restored hub made a new CA.
    expect(readFileSync(path.join(target, 'tls', 'ca.crt'), 'utf8')).not.toBe(
      readFileSync(path.join(hub.dataDir, 'tls', 'ca.crt'), 'utf8'),
    );
    expect(again.output()).toMatch(/certificate authority replaced/);
  });
});
