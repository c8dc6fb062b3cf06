/**
 * The school CA's key stays out of backups unless they are encrypted. The office's download (GET
 * /api/admin/backup) and a plain `npm run backup` hold no private key; a hub restored from one into an empty folder
 * starts, serves HTTPS under a new CA, and says that tablets must trust it again; restored over the PC's own folder
 * it keeps the CA the tablets trust. `npm run backup -- --encrypt` seals everything, the CA's key too, with a
 * passphrase: without it, or with a wrong one, a restore changes nothing and says why; with it, the restored hub
 * has the same CA.
 */
import { execFile } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBackup, createBackup } from '../../hub/backup';
import type { RunningHub } from '../hub/hubProcess';
import { downloadBackup, request, startDemoHub, startHub } from '../hub/hubProcess';
import { unconstrainedCa } from './caTools';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PASSPHRASE = 'correct horse battery staple';

function backupCli(args: string[], env: Record<string, string> = {}, stdin?: string) {
  return new Promise<{ code: number; out: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'scripts/backup.ts'), ...args],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, RELAY_BACKUP_PASSPHRASE: '', ...env } },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    );
    child.stdin!.end(stdin ?? '');
  });
}

const fingerprint = (pem: Buffer | string) => new X509Certificate(pem).fingerprint256;
const files = (bytes: Buffer) =>
  (JSON.parse(gunzipSync(bytes).toString('utf8')) as { files: { path: string }[] }).files.map((f) => f.path);

const hubs: RunningHub[] = [];
let hub: RunningHub;
let admin: string;
let original: string;
const work = mkdtempSync(path.join(os.tmpdir(), 'relay-ca-backup-'));

beforeAll(async () => {
  ({ hub, admin } = await startDemoHub());
  hubs.push(hub);
  original = fingerprint(hub.ca());
  writeFileSync(path.join(work, 'office.relaybak'), await downloadBackup(hub, admin));
});
afterAll(async () => {
  for (const h of hubs) await h.stop().catch(() => {});
});

describe('backups and the school CA', () => {
  it("the office's download and a plain backup hold no private key", async () => {
    const dl = readFileSync(path.join(work, 'office.relaybak'));
    expect(checkBackup(dl)).toMatchObject({ ok: true });
    const held = files(dl);
    expect(held).toContain('school.json');
    expect(held).toContain('tls/ca.crt');
    expect(held.filter((f) => f.endsWith('.key'))).toEqual([]);
    expect(gunzipSync(dl).toString('utf8')).not.toMatch(/PRIVATE KEY|LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t/);
    const cli = path.join(work, 'plain.relaybak');
    const made = await backupCli(['--out', cli, '--data', hub.dataDir]);
    expect(made.code, made.out).toBe(0);
    expect(files(readFileSync(cli)).filter((f) => f.endsWith('.key'))).toEqual([]);
  });

  it('restored into an empty folder, the hub starts with a new CA and says tablets must trust it', async () => {
    const target = path.join(work, 'fresh');
    const r = await backupCli(['restore', path.join(work, 'office.relaybak'), '--data', target]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/备份不含根证书私钥.*每台平板和手机都要重新打开 \/setup 信任新证书/);
    expect(r.out).toMatch(/every tablet and phone must trust it again/);
    const restored = await startHub({ dataDir: target });
    hubs.push(restored);
    expect(fingerprint(restored.ca())).not.toBe(original);
    expect(restored.output()).toMatch(/"msg":"certificate authority replaced","reason":"key_missing"/);
    expect(restored.output()).toMatch(
      /The school's CA was replaced: every tablet and phone must trust the new one again/,
    );
    // HTTPS under the new CA: request() trusts only the CA now in the folder, and the roster came back.
    const health = await request(restored, 'GET', '/api/health');
    expect(health.status).toBe(200);
    await expect(
      new Promise((resolve, reject) =>
        https
          .get(
            { host: '127.0.0.1', port: restored.port, path: '/api/health', ca: hub.ca(), servername: 'localhost' },
            resolve,
          )
          .on('error', reject),
      ),
    ).rejects.toThrow(/self-signed|unable to verify|certificate/i);
    await restored.stop();
  });

  it("restored over the PC's own folder, the CA the tablets trust is kept", async () => {
    const target = path.join(work, 'own');
    const own = await backupCli(['restore', path.join(work, 'office.relaybak'), '--data', target]);
    expect(own.code, own.out).toBe(0);
    const first = await startHub({ dataDir: target });
    hubs.push(first);
    const trusted = fingerprint(first.ca());
    await first.stop();
    const again = await backupCli(['restore', path.join(work, 'office.relaybak'), '--data', target]);
    expect(again.code, again.out).toBe(0);
    expect(again.out).toMatch(/保留了本机原有的根证书.*tablets need nothing/);
    const restarted = await startHub({ dataDir: target });
    hubs.push(restarted);
    expect(fingerprint(restarted.ca())).toBe(trusted);
    expect(restarted.output()).not.toMatch(/replaced/);
    await restarted.stop();
  });

  it('a backup from before this change (an unconstrained CA and its key) restores, and the hub replaces that CA', async () => {
    const archive = JSON.parse(gunzipSync(readFileSync(path.join(work, 'office.relaybak'))).toString('utf8')) as {
      files: { path: string; sha256: string; base64: string }[];
    };
    const old = unconstrainedCa(new Date()); // the hub checks validity against its own clock
    const put = (p: string, text: string) => {
      const bytes = Buffer.from(text);
      archive.files = [
        ...archive.files.filter((f) => f.path !== p),
        { path: p, sha256: createHash('sha256').update(bytes).digest('hex'), base64: bytes.toString('base64') },
      ];
    };
    put('tls/ca.crt', old.certPem);
    put('tls/ca.key', old.keyPem);
    const file = path.join(work, 'before.relaybak');
    writeFileSync(file, gzipSync(JSON.stringify(archive)));
    const target = path.join(work, 'before');
    const r = await backupCli(['restore', file, '--data', target]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/⚠ 这个根证书是旧版生成的.*every tablet and phone must trust the new one/);
    const restored = await startHub({ dataDir: target });
    hubs.push(restored);
    expect(fingerprint(restored.ca())).not.toBe(fingerprint(old.certPem));
    expect(restored.output()).toMatch(/"msg":"certificate authority replaced","reason":"unconstrained"/);
    await restored.stop();
  });

  it('an encrypted backup holds the CA key sealed; a wrong or missing passphrase changes nothing', async () => {
    const file = path.join(work, 'sealed.relaybak');
    const made = await backupCli(['--encrypt', '--out', file, '--data', hub.dataDir], {}, `${PASSPHRASE}\n`);
    expect(made.code, made.out).toBe(0);
    const bytes = readFileSync(file);
    const text = gunzipSync(bytes).toString('utf8');
    expect(text).not.toMatch(/PRIVATE KEY|school\.json|tls\/ca\.key/);
    expect(checkBackup(bytes)).toMatchObject({ ok: false, encrypted: true });
    expect(checkBackup(bytes, { passphrase: PASSPHRASE })).toMatchObject({ ok: true, encrypted: true });
    expect(checkBackup(bytes, { passphrase: PASSPHRASE }).files).toContain('tls/ca.key');
    // A passphrase too short is refused before anything is written.
    expect(() => createBackup(hub.dataDir, new Date(0), { passphrase: 'short' })).toThrow(/at least 8/);

    const target = path.join(work, 'sealed-target');
    const wrong = await backupCli(['restore', file, '--data', target], {
      RELAY_BACKUP_PASSPHRASE: 'not the passphrase',
    });
    expect(wrong.code).toBe(1);
    expect(wrong.out).toMatch(/口令不对，或文件已被改动 \/ wrong passphrase, or the file was altered/);
    expect(wrong.out).toMatch(/nothing was changed/);
    expect(existsSync(target)).toBe(false);
    const none = await backupCli(['restore', file, '--data', target]);
    expect(none.code).toBe(1);
    expect(none.out).toMatch(/passphrase/);
    expect(existsSync(target)).toBe(false);
    // A flipped byte in the sealed data is refused the same way.
    const outer = JSON.parse(text) as { encrypted: { data: string } };
    const data = Buffer.from(outer.encrypted.data, 'base64');
    const mid = data.length >> 1;
    data[mid] = data[mid]! ^ 1;
    outer.encrypted.data = data.toString('base64');
    expect(checkBackup(gzipSync(JSON.stringify(outer)), { passphrase: PASSPHRASE })).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/wrong passphrase, or the file was altered/)],
    });
    expect(readdirSync(work)).not.toContain('sealed-target');

    const ok = await backupCli(['restore', file, '--data', target], {}, `${PASSPHRASE}\n`);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toMatch(/根证书来自备份/);
    const restored = await startHub({ dataDir: target });
    hubs.push(restored);
    expect(fingerprint(restored.ca())).toBe(original);
    expect(restored.output()).not.toMatch(/replaced/);
    expect((await request(restored, 'GET', '/api/health')).status).toBe(200);
    await restored.stop();
  });
});
