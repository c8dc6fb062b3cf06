/**
 * Issue #18 finding 2: `npm start` in a checkout installed without its development packages (npm ci --omit=dev)
 * failed with MODULE_NOT_FOUND from vite. It now says what is missing and where the release is, and exits ≠ 0.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('npm start without the development packages', () => {
  it('says in Chinese and English what is missing and how to run the hub, and starts nothing', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-nodev-'));
    mkdirSync(path.join(dir, 'scripts'));
    mkdirSync(path.join(dir, 'kiosk'));
    mkdirSync(path.join(dir, 'node_modules', 'express'), { recursive: true });
    copyFileSync(path.join(ROOT, 'scripts', 'start.mjs'), path.join(dir, 'scripts', 'start.mjs'));
    writeFileSync(path.join(dir, 'vite.config.ts'), '');
    writeFileSync(path.join(dir, 'kiosk', 'main.tsx'), '');
    const r = spawnSync(process.execPath, [path.join(dir, 'scripts', 'start.mjs')], {
      cwd: os.tmpdir(),
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('缺少开发工具（vite、tsx）');
    expect(r.stderr).toContain('npm run release');
    expect(r.stderr).not.toMatch(/MODULE_NOT_FOUND|Cannot find/);
  });
});
