/**
 * Debian's Chromium with the flags of test/e2e/browser.ts, trusting the hub's CA through an NSS database in
 * its home folder (ignoring certificate errors instead would make Chromium refuse the service worker). Also
 * as a persistent profile that can be closed and started again: a real cold start of the kiosk.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { CHROMIUM } from '../../test/e2e/browser';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

const homes: string[] = [];
/** Removes the browser home folders this process made (their NSS databases and profiles). */
export function removeBrowserHomes() {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
}

function homeTrusting(caFile: string): string {
  if (!existsSync('/usr/bin/certutil'))
    throw new Error('certutil is not installed: run "apt-get install -y libnss3-tools"');
  const home = mkdtempSync(path.join(os.tmpdir(), 'relay-bench-home-'));
  homes.push(home);
  const db = path.join(home, '.pki', 'nssdb');
  mkdirSync(db, { recursive: true });
  execFileSync('certutil', ['-d', `sql:${db}`, '-N', '--empty-password']);
  execFileSync('certutil', ['-d', `sql:${db}`, '-A', '-t', 'C,,', '-n', 'Relay school CA', '-i', caFile]);
  return home;
}

/**
 * tsx compiles the bench with esbuild's keepNames, which wraps named functions in `__name(...)`; functions sent
 * to page.evaluate carry that call into the page, so the page gets a harmless `__name`.
 */
export const KEEP_NAMES_SHIM = { content: 'globalThis.__name = (f) => f;' };

function check() {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is not installed at ${CHROMIUM}: run "apt-get install -y chromium"`);
}

/** `fakeCameraFile`: a .y4m that Chromium's fake camera plays (read again each time a camera is opened). */
export async function launchBrowser(caFile?: string, opts: { fakeCameraFile?: string } = {}): Promise<Browser> {
  check();
  const env = caFile ? { ...process.env, HOME: homeTrusting(caFile) } : process.env;
  const camera = opts.fakeCameraFile
    ? [
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${opts.fakeCameraFile}`,
        '--use-fake-ui-for-media-stream',
      ]
    : [];
  return chromium.launch({ executablePath: CHROMIUM, args: [...FLAGS, ...camera], env: env as Record<string, string> });
}

/** A tablet's browser with its own profile on disk: close it and launch again for a cold start. */
export function tabletProfile(caFile: string): { launch: () => Promise<BrowserContext>; dir: string } {
  check();
  const home = homeTrusting(caFile);
  const dir = path.join(home, 'profile');
  return {
    dir: home,
    launch: async () => {
      const context = await chromium.launchPersistentContext(dir, {
        executablePath: CHROMIUM,
        args: FLAGS,
        env: { ...process.env, HOME: home } as Record<string, string>,
        viewport: { width: 1100, height: 800 },
        locale: 'zh-CN',
        permissions: ['camera'],
      });
      await context.addInitScript(KEEP_NAMES_SHIM);
      return context;
    },
  };
}
