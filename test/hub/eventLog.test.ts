import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { EventLog } from '../../hub/store/eventLog';
import { createMemoryEventLog, openFileEventLog } from '../../hub/store/eventLog';
import type { TestEvent } from './eventLogContract';
import { eventLogContractSuite } from './eventLogContract';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'relay-log-'));

eventLogContractSuite('memory', async () => ({ log: createMemoryEventLog<TestEvent>(), cleanup: async () => {} }), {
  durable: false,
});

eventLogContractSuite(
  'files',
  async () => {
    const dir = tmp();
    let log: EventLog<TestEvent> = await openFileEventLog<TestEvent>(dir);
    return {
      get log() {
        return log;
      },
      reopen: async () => {
        await log.close();
        log = await openFileEventLog<TestEvent>(dir);
        return log;
      },
      cleanup: async () => {
        await log.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
  { durable: true },
);

describe('file log: power loss and corruption', () => {
  const day = '2026-11-24';
  const line = (id: string, seq: number) => JSON.stringify({ id, day, n: 0, seq, hubTime: 1 }) + '\n';

  it('CU18 a torn last line is cut off, kept aside, reported, and the log goes on with the next seq', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, `${day}.ndjson`), line('a', 1) + line('b', 2) + '{"id":"c","day":"2026-11-2');
    const notes: string[] = [];
    const log = await openFileEventLog<TestEvent>(dir, { onRecovery: (n) => notes.push(n) });
    expect((await log.read(day)).map((x) => x.id)).toEqual(['a', 'b']);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/unfinished last line/);
    expect(log.recoveries).toEqual(notes);
    const torn = readdirSync(dir).find((f) => f.includes('.torn-'));
    expect(readFileSync(path.join(dir, torn!), 'utf8')).toBe('{"id":"c","day":"2026-11-2');
    expect(await log.append([{ id: 'c', day, n: 1 }], 2)).toEqual([{ status: 'stored', seq: 3, hubTime: 2 }]);
    await log.close();
    const text = readFileSync(path.join(dir, `${day}.ndjson`), 'utf8');
    expect(
      text
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { id: string }).id),
    ).toEqual(['a', 'b', 'c']);
  });

  it('CU18 an unreadable line in the middle is skipped and reported, the rest is kept', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, `${day}.ndjson`), line('a', 1) + 'garbage\n' + line('b', 2));
    const log = await openFileEventLog<TestEvent>(dir);
    expect((await log.read(day)).map((x) => x.id)).toEqual(['a', 'b']);
    expect(log.recoveries).toEqual([expect.stringMatching(/line 2 is unreadable/)]);
    await log.close();
  });

  it('CU18 only today is read at start: other days open when asked for', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, '2026-11-20.ndjson'), 'garbage\n');
    const log = await openFileEventLog<TestEvent>(dir);
    expect(log.recoveries).toEqual([]);
    await log.read('2026-11-20');
    expect(log.recoveries).toHaveLength(1);
    await log.close();
  });

  it('CU18 group commit: a burst of 1000 single-event appends shares far fewer fsyncs', async () => {
    const dir = tmp();
    const log = await openFileEventLog<TestEvent>(dir);
    await log.append([{ id: 'warm', day, n: 0 }], 1);
    const { open } = await import('node:fs/promises');
    const probe = await open(path.join(dir, 'probe'), 'w');
    const spy = vi.spyOn(Object.getPrototypeOf(probe) as { datasync: () => Promise<void> }, 'datasync');
    await probe.close();
    await Promise.all(Array.from({ length: 1000 }, (_, i) => log.append([{ id: `e${i}`, day, n: i }], 2)));
    expect(spy.mock.calls.length).toBeGreaterThan(0);
    expect(spy.mock.calls.length).toBeLessThan(50);
    spy.mockRestore();
    expect(await log.lastSeq(day)).toBe(1001);
    await log.close();
  });

  it('CU18 a failed write is not acknowledged and leaves no trace in memory or on disk', async () => {
    const dir = tmp();
    const log = await openFileEventLog<TestEvent>(dir);
    await log.append([{ id: 'a', day, n: 0 }], 1);
    const { open } = await import('node:fs/promises');
    const probe = await open(path.join(dir, 'probe'), 'w');
    const spy = vi
      .spyOn(Object.getPrototypeOf(probe) as { datasync: () => Promise<void> }, 'datasync')
      .mockRejectedValueOnce(new Error('EIO: disk gone'));
    await probe.close();
    await expect(log.append([{ id: 'b', day, n: 0 }], 2)).rejects.toThrow(/EIO/);
    spy.mockRestore();
    expect((await log.read(day)).map((x) => x.id)).toEqual(['a']);
    expect(await log.append([{ id: 'b', day, n: 0 }], 3)).toEqual([{ status: 'stored', seq: 2, hubTime: 3 }]);
    await log.close();
    expect(
      readFileSync(path.join(dir, `${day}.ndjson`), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(2);
  });
});

describe('file log: a new day file is in its directory before it is acknowledged', () => {
  const day = '2026-11-24';
  /** Spies on FileHandle.sync (fsync) and datasync, noting whether each was called on a directory or a file, in order. */
  async function syncSpy(dir: string) {
    const { open } = await import('node:fs/promises');
    const probe = await open(path.join(dir, 'probe'), 'w');
    const proto = Object.getPrototypeOf(probe) as {
      sync: () => Promise<void>;
      datasync: () => Promise<void>;
      stat: () => Promise<{ isDirectory(): boolean }>;
    };
    await probe.close();
    rmSync(path.join(dir, 'probe'));
    const calls: string[] = [];
    const faults = { nextDirectorySync: null as Error | null };
    const realSync = proto.sync;
    const realDatasync = proto.datasync;
    const sync = vi.spyOn(proto, 'sync').mockImplementation(async function (this: typeof proto) {
      const isDir = (await this.stat()).isDirectory();
      calls.push(isDir ? 'fsync directory' : 'fsync file');
      const fault = isDir ? faults.nextDirectorySync : null;
      if (fault) {
        faults.nextDirectorySync = null;
        throw fault;
      }
      return realSync.call(this);
    });
    const datasync = vi.spyOn(proto, 'datasync').mockImplementation(async function (this: typeof proto) {
      calls.push('fdatasync file');
      return realDatasync.call(this);
    });
    return {
      calls,
      faults,
      restore: () => {
        sync.mockRestore();
        datasync.mockRestore();
      },
    };
  }

  it('CU18 the first event of a day syncs the file, then the directory, before the append resolves; later ones only the file', async () => {
    const dir = tmp();
    const log = await openFileEventLog<TestEvent>(dir);
    const spy = await syncSpy(dir);
    try {
      const first = log.append([{ id: 'a', day, n: 0 }], 1);
      expect(await first).toEqual([{ status: 'stored', seq: 1, hubTime: 1 }]);
      expect(spy.calls).toEqual(['fdatasync file', 'fsync directory']);
      spy.calls.length = 0;
      await log.append([{ id: 'b', day, n: 0 }], 2);
      expect(spy.calls).toEqual(['fdatasync file']);
    } finally {
      spy.restore();
      await log.close();
    }
  });

  it('CU18 a day file that already exists is not a new directory entry: reopened, its appends sync only the file', async () => {
    const dir = tmp();
    const first = await openFileEventLog<TestEvent>(dir);
    await first.append([{ id: 'a', day, n: 0 }], 1);
    await first.close();
    const log = await openFileEventLog<TestEvent>(dir);
    const spy = await syncSpy(dir);
    try {
      await log.append([{ id: 'b', day, n: 0 }], 2);
      expect(spy.calls).toEqual(['fdatasync file']);
    } finally {
      spy.restore();
      await log.close();
    }
  });

  it('CU18 if the directory cannot be synced (EIO), the event is not acknowledged, and the next append tries again', async () => {
    const dir = tmp();
    const log = await openFileEventLog<TestEvent>(dir);
    const spy = await syncSpy(dir);
    spy.faults.nextDirectorySync = Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
    try {
      await expect(log.append([{ id: 'a', day, n: 0 }], 1)).rejects.toThrow(/EIO/);
      expect(await log.read(day)).toEqual([]);
      spy.calls.length = 0;
      expect(await log.append([{ id: 'a', day, n: 0 }], 2)).toEqual([{ status: 'stored', seq: 1, hubTime: 2 }]);
      expect(spy.calls).toEqual(['fdatasync file', 'fsync directory']);
    } finally {
      spy.restore();
      await log.close();
    }
  });
});

describe('file log: reading creates nothing', () => {
  it('CU18 asking for a day without a log creates no file', async () => {
    const dir = tmp();
    const log = await openFileEventLog<TestEvent>(dir);
    expect(await log.read('1999-01-01')).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
    expect(await log.days()).toEqual([]);
    await log.close();
  });
});
