/**
 * Real Chromium (Debian's package) driven by playwright-core. Tests fail with a clear message when it is not
 * installed; `npm test` installs it first (scripts/ensure-chromium.mjs).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** The flags every test browser runs with (test/security/caTools.ts adds its own name mapping). */
export const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/**
 * A home folder whose NSS database trusts the hub's CA, as a tablet does once the school's certificate is
 * installed. Ignoring certificate errors is not the same: Chromium then refuses the service worker.
 */
function homeTrusting(caFile: string): string {
  if (!existsSync('/usr/bin/certutil'))
    throw new Error(
      'certutil is not installed: run "apt-get install -y libnss3-tools" (npm test does this when run as root)',
    );
  const home = mkdtempSync(path.join(os.tmpdir(), 'relay-chromium-home-'));
  const db = path.join(home, '.pki', 'nssdb');
  mkdirSync(db, { recursive: true });
  execFileSync('certutil', ['-d', `sql:${db}`, '-N', '--empty-password']);
  execFileSync('certutil', ['-d', `sql:${db}`, '-A', '-t', 'C,,', '-n', 'Relay school CA', '-i', caFile]);
  return home;
}

export async function launch(opts: { trustCa: string; fakeCameraFile?: string }): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: run "apt-get update && apt-get install -y chromium" (npm test does this when run as root)`,
    );
  const home = homeTrusting(opts.trustCa);
  const camera = opts.fakeCameraFile
    ? [
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${opts.fakeCameraFile}`,
        '--use-fake-ui-for-media-stream',
      ]
    : [];
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [...FLAGS, ...camera],
    env: { ...process.env, HOME: home },
  });
}
