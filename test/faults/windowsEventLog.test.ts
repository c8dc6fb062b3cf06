/**
 * Issue #18 finding 4, Windows' file behaviour on Linux: a day file opened for appending cannot be truncated
 * through that handle on Windows (libuv drops FILE_WRITE_DATA for O_APPEND, so ftruncate gives EPERM), and an
 * antivirus scanner can hold the file so a truncate by path fails too (EBUSY). When a write fails after its
 * bytes reached the file, the log could not cut them off; it then handed the failed batch's sequence numbers to
 * the next batch, and at the next start that acknowledged batch was skipped as out of order: lost. Now the day
 * is read again from disk after a failed write, so every acknowledged event survives a restart either way.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openFileEventLog } from '../../hub/store/eventLog';

/** when set, a truncate by path fails as an antivirus scanner holding the file makes it fail on Windows */
const faults = vi.hoisted(() => ({ pathTruncate: null as string | null, opened: [] as string[] }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  return {
    ...real,
    open: (
      file: Parameters<typeof real.open>[0],
      flags?: Parameters<typeof real.open>[1],
      mode?: Parameters<typeof real.open>[2],
    ) => {
      if (String(file).endsWith('.ndjson')) faults.opened.push(String(flags ?? 'r'));
      return real.open(file, flags, mode);
    },
    truncate: async (...args: Parameters<typeof real.truncate>) => {
      if (faults.pathTruncate)
        throw Object.assign(new Error(`${faults.pathTruncate}: resource busy`), { code: faults.pathTruncate });
      return real.truncate(...args);
    },
  };
});

interface Ev {
  id: string;
  day: string;
}
const DAY = '2026-11-24';
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'relay-win-log-'));
const winError = (code: string) => Object.assign(new Error(`${code}: operation not permitted`), { code });

async function fileHandleProto(dir: string): Promise<FileHandle> {
  const probe = await open(path.join(dir, 'probe'), 'w');
  await probe.close();
  return Object.getPrototypeOf(probe) as FileHandle;
}

/** fdatasync that fails once with EIO when `failNext` is set (the bytes were written, their sync was not). */
function failNextSync(proto: FileHandle): { failNext: boolean } {
  const realSync = proto.datasync;
  const control = { failNext: false };
  vi.spyOn(proto, 'datasync').mockImplementation(async function (this: FileHandle) {
    if (control.failNext) {
      control.failNext = false;
      throw winError('EIO');
    }
    return realSync.call(this);
  });
  return control;
}

afterEach(() => {
  vi.restoreAllMocks();
  faults.pathTruncate = null;
});

describe('the event log under Windows file behaviour', () => {
  it('writes day files at known offsets, never in append mode, so a failed write is really cut off', async () => {
    const dir = tmp();
    const proto = await fileHandleProto(dir);
    const sync = failNextSync(proto);
    faults.opened = [];
    const log = await openFileEventLog<Ev>(dir);
    await log.append([{ id: 'a', day: DAY }], 1);
    sync.failNext = true;
    await expect(log.append([{ id: 'b', day: DAY }], 2)).rejects.toThrow(/EIO/);
    // b was written, then its sync failed: the file holds a alone again.
    const text = readFileSync(path.join(dir, `${DAY}.ndjson`), 'utf8');
    expect(text).toContain('"id":"a"');
    expect(text).not.toContain('"id":"b"');
    await log.append([{ id: 'c', day: DAY }], 3);
    await log.close();
    expect(faults.opened.filter((f) => f.includes('a'))).toEqual([]);
    const reopened = await openFileEventLog<Ev>(dir);
    expect((await reopened.read(DAY)).map((e) => [e.id, e.seq])).toEqual([
      ['a', 1],
      ['c', 2],
    ]);
    await reopened.close();
  });

  for (const pathTruncate of [null, 'EBUSY'] as const) {
    it(`keeps every acknowledged event after a failed write it could not cut off through the append handle${pathTruncate ? ', nor by path' : ''}`, async () => {
      const dir = tmp();
      const proto = await fileHandleProto(dir);
      // Windows: an append-mode handle refuses to truncate.
      vi.spyOn(proto, 'truncate').mockRejectedValue(winError('EPERM'));
      const sync = failNextSync(proto);

      const log = await openFileEventLog<Ev>(dir);
      expect(await log.append([{ id: 'a', day: DAY }], 1)).toMatchObject([{ status: 'stored' }]);
      // b's bytes reach the file, then the sync fails: b is not acknowledged, and cutting it off fails.
      sync.failNext = true;
      faults.pathTruncate = pathTruncate;
      await expect(log.append([{ id: 'b', day: DAY }], 2)).rejects.toThrow(/EIO/);
      faults.pathTruncate = null;
      // c is acknowledged: it must be there after a restart.
      const [c] = await log.append([{ id: 'c', day: DAY }], 3);
      expect(c).toMatchObject({ status: 'stored' });
      // b again, as the kiosk resends it: stored once, never twice.
      await log.append([{ id: 'b', day: DAY }], 4);
      await log.close();
      vi.restoreAllMocks();

      const reopened = await openFileEventLog<Ev>(dir);
      const ids = (await reopened.read(DAY)).map((e) => e.id);
      expect(ids).toContain('a');
      expect(ids).toContain('c');
      expect(ids.filter((id) => id === 'b')).toHaveLength(1);
      expect(reopened.recoveries).toEqual([]);
      const seqs = (await reopened.read(DAY)).map((e) => e.seq);
      expect(new Set(seqs).size).toBe(seqs.length);
      await reopened.close();
    });
  }
});
