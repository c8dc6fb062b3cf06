/**
 * Issue #18 finding 5, Windows' file behaviour on Linux: an antivirus scanner, OneDrive or the search indexer
 * holding a file makes a rename or delete fail for a moment with EPERM, EBUSY or EACCES. The hub retries
 * (hub/store/busyRetry.ts); when the file stays held, the operation fails whole and leaves what was there:
 * the roster's JSON file, the roster in memory, the data folder under a restore. Errors are injected into the
 * real fs functions the hub's modules import.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type * as Fs from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { restoreBackup, writeVerifiedBackup, BackupFailed } from '../../hub/backup';
import { pruneArchives } from '../../hub/autoBackup';
import { RosterStore } from '../../hub/rosterStore';
import { DurableJsonFile } from '../../hub/store/durableJsonFile';
import { ensureTls } from '../../hub/tls/certificates';
import { tinyRoster } from '../core/fixtures';

/** how many more times a rename (or rm) of a path matching `match` fails as busy; Infinity = it stays held */
const held = vi.hoisted(() => ({
  rename: [] as { match: RegExp; times: number; code: string }[],
  rm: [] as { match: RegExp; times: number }[],
  noLinks: false,
}));
const busy = (code: string, p: string) =>
  Object.assign(new Error(`${code}: resource busy or locked, '${p}'`), { code });
const take = (list: { match: RegExp; times: number }[], p: string) => {
  const h = list.find((x) => x.match.test(p) && x.times > 0);
  if (h) h.times--;
  return h;
};
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  return {
    ...real,
    // FAT32 and exFAT (a USB stick) have no hard links
    link: async (from: string, to: string) => {
      if (held.noLinks) throw Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' });
      return real.link(from, to);
    },
    rename: async (from: string, to: string) => {
      const h = take(held.rename, String(from)) as { code?: string } | undefined;
      if (h) throw busy(h.code ?? 'EPERM', String(from));
      return real.rename(from, to);
    },
  };
});
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof Fs>();
  return {
    ...real,
    renameSync: (from: string, to: string) => {
      const h = take(held.rename, String(from)) as { code?: string } | undefined;
      if (h) throw busy(h.code ?? 'EBUSY', String(from));
      return real.renameSync(from, to);
    },
    rmSync: (p: string, opts?: Fs.RmOptions) => {
      if (take(held.rm, String(p))) throw busy('EBUSY', String(p));
      return real.rmSync(p, opts);
    },
  };
});

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'relay-busy-'));
afterEach(() => {
  held.rename = [];
  held.rm = [];
  held.noLinks = false;
});

describe('Windows: a file held by another program', () => {
  it('a JSON write whose rename is refused twice is retried and lands', async () => {
    const file = path.join(tmp(), 'access.json');
    const f = new DurableJsonFile<{ n: number }>(file);
    await f.write({ n: 1 });
    held.rename.push({ match: /access\.json\.tmp$/, times: 2, code: 'EPERM' });
    await f.write({ n: 2 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ n: 2 });
    expect(held.rename[0]!.times).toBe(0);
  });

  it('keeps the previous version as .bak on a file system without hard links (FAT32, exFAT)', async () => {
    const file = path.join(tmp(), 'school.json');
    const f = new DurableJsonFile<{ n: number }>(file);
    held.noLinks = true;
    await f.write({ n: 1 });
    await f.write({ n: 2 });
    expect(JSON.parse(readFileSync(`${file}.bak`, 'utf8'))).toEqual({ n: 1 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ n: 2 });
  });

  it('a roster save whose file stays held fails whole: the file, the roster in memory and its version are as before', async () => {
    const dir = tmp();
    const file = path.join(dir, 'school.json');
    const first = tinyRoster();
    const store = await RosterStore.open(file, () => first);
    const version = store.version;
    held.rename.push({ match: /school\.json\.tmp$/, times: Infinity, code: 'EBUSY' });
    const renamed = { ...first, school: { ...first.school, name: '改名后的学校' } };
    await expect(store.replace(renamed, { kind: 'edit', by: '钱主任' })).rejects.toThrow(/EBUSY/);
    held.rename = [];
    expect(store.version).toBe(version);
    expect(store.roster.school.name).toBe(first.school.name);
    expect(store.history).toHaveLength(0);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    // What a restart reads: the roster as it was.
    const reopened = await RosterStore.open(file);
    expect(reopened.roster.school.name).toBe(first.school.name);
    // And once the file is free again, the same save goes through.
    await store.replace(renamed, { kind: 'edit', by: '钱主任' });
    expect((await RosterStore.open(file)).roster.school.name).toBe('改名后的学校');
  });

  it("a restore whose second rename stays refused puts the school's own data folder back", async () => {
    const source = path.join(tmp(), 'data');
    mkdirSync(source);
    await RosterStore.open(path.join(source, 'school.json'), () => tinyRoster());
    const archive = path.join(tmp(), 'b.relaybak');
    writeVerifiedBackup(source, archive, { now: new Date('2026-11-24T08:00:00Z') });

    const dataDir = path.join(tmp(), 'data');
    mkdirSync(dataDir);
    const own = { ...tinyRoster(), school: { ...tinyRoster().school, name: '本校现有数据' } };
    await RosterStore.open(path.join(dataDir, 'school.json'), () => own);
    const before = readFileSync(path.join(dataDir, 'school.json'), 'utf8');
    held.rename.push({ match: /\.restoring$/, times: Infinity, code: 'EBUSY' });
    let failed: unknown;
    try {
      restoreBackup(readFileSync(archive), dataDir, new Date('2026-11-25T08:00:00Z'));
    } catch (err) {
      failed = err;
    }
    expect(failed).toBeInstanceOf(BackupFailed);
    expect((failed as BackupFailed).words.zh).toMatch(/原数据未改动/);
    // Without the way back, the data folder was gone and the next start seeded the demo school.
    expect(readFileSync(path.join(dataDir, 'school.json'), 'utf8')).toBe(before);

    // A scanner that lets go after a moment: the restore goes through.
    held.rename = [{ match: /\.restoring$/, times: 2, code: 'EBUSY' }];
    const done = restoreBackup(readFileSync(archive), dataDir, new Date('2026-11-25T09:00:00Z'));
    expect(done.ok).toBe(true);
    expect(readFileSync(path.join(dataDir, 'school.json'), 'utf8')).not.toBe(before);
  });

  it("the hub's key and certificate are written though a scanner holds them for a moment", async () => {
    const dir = tmp();
    held.rename.push(
      { match: /ca\.key\.tmp$/, times: 1, code: 'EPERM' },
      { match: /server\.crt\.tmp$/, times: 2, code: 'EBUSY' },
    );
    const t = await ensureTls({ dir, dns: ['localhost'], ips: ['127.0.0.1'], now: new Date() });
    expect(t.action).toBe('created');
    expect(existsSync(path.join(dir, 'ca.key'))).toBe(true);
    expect(held.rename.every((h) => h.times === 0)).toBe(true);
  });

  it('the daily backup keeps an old archive a scanner holds and deletes the rest', () => {
    const folder = tmp();
    const names = Array.from(
      { length: 4 },
      (_, i) => `relay-auto-2026-11-${String(10 + i).padStart(2, '0')}T08-00-00-000Z.relaybak`,
    );
    for (const n of names) writeFileSync(path.join(folder, n), 'x');
    const auto = readdirSync(folder);
    expect(auto).toHaveLength(4);
    held.rm.push({ match: new RegExp(names[0]!.replace(/\./g, '\\.') + '$'), times: Infinity });
    const deleted = pruneArchives(folder, 1);
    expect(deleted).toEqual(names.slice(1, 3));
    expect(readdirSync(folder).sort()).toEqual([names[0], names[3]]);
  });
});
