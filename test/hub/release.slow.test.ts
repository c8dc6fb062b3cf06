/**
 * Issue #18 findings 2 and 3: the release a school unpacks runs with production packages only (no vite, tsx or
 * esbuild installed, none run), from any current directory, with its data in the install folder. Built with
 * `npm run release`, installed with `npm ci --omit=dev` as the guide says, started from another folder as Task
 * Scheduler would; its pages are served over HTTPS and its backup tool works. In the slow suite: it builds and
 * installs for real (about a minute).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function get(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('the release', () => {
  it('installs with production packages only and starts from another folder, its data in the install folder', async () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'relay-release-')), 'relay');
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/release.mjs'), '--out', out], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    // The Windows launcher: CRLF, UTF-8 output, run from its own folder.
    const launcher = readFileSync(path.join(out, '启动接力.cmd'), 'utf8');
    expect(launcher.split('\r\n')).toEqual(
      expect.arrayContaining(['chcp 65001 >nul', 'cd /d "%~dp0"', 'node hub\\main.js %*']),
    );
    const zip = readFileSync(`${out}.zip`);
    expect(zip.subarray(0, 4).toString('hex')).toBe('504b0304');
    expect(zip.subarray(-22, -18).toString('hex')).toBe('504b0506');

    execFileSync(npm, ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: out, stdio: 'pipe' });
    for (const dev of ['vite', 'tsx', 'esbuild', 'vitest', 'playwright-core'])
      expect(existsSync(path.join(out, 'node_modules', dev)), `${dev} installed`).toBe(false);

    const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'relay-cwd-'));
    const hub = spawn(
      process.execPath,
      [path.join(out, 'hub', 'main.js'), '--port', '0', '--http-port', '0', '--host', '127.0.0.1'],
      {
        cwd: elsewhere,
        env: {
          ...process.env,
          HUB_ADMIN_PASSWORD: 'release-test-password',
          NODE_ENV: 'production',
          DEMO_CLOCK: 'school',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let log = '';
    try {
      const port = await new Promise<number>((resolve, reject) => {
        const onData = (c: Buffer) => {
          log += c.toString();
          const m = /"msg":"hub ready","port":(\d+)/.exec(log);
          if (m) resolve(Number(m[1]));
        };
        hub.stdout.on('data', onData);
        hub.stderr.on('data', onData);
        hub.once('exit', (code) => reject(new Error(`the release's hub exited (${code}):\n${log}`)));
        setTimeout(() => reject(new Error(`not ready in 60 s:\n${log}`)), 60_000).unref();
      });
      // Its data in the install folder, none in the folder it was started from.
      expect(existsSync(path.join(out, 'data', 'school.json'))).toBe(true);
      expect(existsSync(path.join(elsewhere, 'data'))).toBe(false);
      const ca = readFileSync(path.join(out, 'data', 'tls', 'ca.crt'), 'utf8');
      const page = await get(`https://127.0.0.1:${port}/kiosk/`, ca);
      expect(page.status).toBe(200);
      expect(page.body).toContain('<div id="root"');
      // A tool of the release, from elsewhere too: a backup of the running hub's data, checked.
      const backup = path.join(elsewhere, 'b.relaybak');
      execFileSync(process.execPath, [path.join(out, 'scripts', 'backup.js'), '--out', backup], {
        cwd: elsewhere,
        stdio: 'pipe',
      });
      expect(existsSync(backup)).toBe(true);
      // The day's log on disk too, for a hub with no console (Task Scheduler).
      const logs = path.join(out, 'data', 'logs');
      const today = readdirSync(logs).find((n) => /^hub-\d{4}-\d{2}-\d{2}\.log$/.test(n));
      expect(readFileSync(path.join(logs, today!), 'utf8')).toContain('"msg":"hub ready"');
    } finally {
      hub.kill('SIGTERM');
      await new Promise((r) => hub.once('exit', r));
    }
    // It shut down properly: no lock left behind.
    expect(existsSync(path.join(out, 'data', 'hub.lock'))).toBe(false);
  });
});
