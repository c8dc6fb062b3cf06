/**
 * Power loss: what a cut-off write leaves on disk (a torn last line, a tail of zeros, a file of length zero, a
 * half-written temp file) is found when the hub starts, reported in Chinese and English, and repaired without
 * losing an acknowledged event. Also: an acknowledgement waits for fdatasync, and a JSON file's temp copy is
 * fsynced before it replaces the old one — the two orderings a real power cut would punish.
 */
import { Low } from 'lowdb';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DurableJsonFile } from '../../hub/store/durableJsonFile';
import { openFileEventLog } from '../../hub/store/eventLog';

/** every rename the JSON adapter makes, in order, beside the fsyncs (see fileHandleSpy) */
const ops: string[] = [];
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  return {
    ...real,
    rename: async (from: string, to: string) => {
      ops.push(`rename ${path.basename(from)} → ${path.basename(to)}`);
      return real.rename(from, to);
    },
  };
});

interface Ev {
  id: string;
  day: string;
  n: number;
}
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'relay-power-'));
const DAY = '2026-11-24';
const line = (id: string, seq: number, day = DAY) => JSON.stringify({ id, day, n: seq, seq, hubTime: 1 }) + '\n';

async function fileHandleProto(dir: string): Promise<FileHandle> {
  const probe = await open(path.join(dir, 'probe'), 'w');
  await probe.close();
  return Object.getPrototypeOf(probe) as FileHandle;
}

/** Lets every pending promise callback and I/O callback run once, without waiting a fixed time. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('power loss: the event log', () => {
  it('CU18 an append is acknowledged only after its bytes are written and fdatasync returned; readers do not see it before', async () => {
    const dir = tmp();
    const log = await openFileEventLog<Ev>(dir);
    const proto = await fileHandleProto(dir);
    const realSync = proto.datasync;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const onDiskAtSync: string[] = [];
    const spy = vi.spyOn(proto, 'datasync').mockImplementation(async function (this: FileHandle) {
      onDiskAtSync.push(readFileSync(path.join(dir, `${DAY}.ndjson`), 'utf8'));
      await gate;
      return realSync.call(this);
    });
    try {
      let acknowledged = false;
      const appended = log.append([{ id: 'a', day: DAY, n: 1 }], 5).then((r) => {
        acknowledged = true;
        return r;
      });
      await vi.waitFor(() => expect(spy).toHaveBeenCalledTimes(1), { timeout: 5_000, interval: 5 });
      for (let i = 0; i < 20; i++) await settle();
      expect(acknowledged, 'acknowledged before fdatasync finished').toBe(false);
      expect(onDiskAtSync[0], 'fdatasync ran before the bytes were written').toContain('"id":"a"');
      expect(await log.read(DAY), 'a reader saw an event that is not durable yet').toEqual([]);
      release();
      expect(await appended).toEqual([{ status: 'stored', seq: 1, hubTime: 5 }]);
      expect((await log.read(DAY)).map((e) => e.id)).toEqual(['a']);
    } finally {
      spy.mockRestore();
      release();
      await log.close();
    }
  });

  it('CU18 torn tails on any day file are found when the log opens, reported in both languages, and the next append reads back', async () => {
    const dir = tmp();
    const older = '2026-11-20';
    const leaveDay = '2027-01-05';
    writeFileSync(path.join(dir, `${DAY}.ndjson`), line('a', 1) + line('b', 2) + '{"id":"c","day":"2026-11-2');
    // delayed allocation after a power cut: the file grew but the last block is zeros
    writeFileSync(
      path.join(dir, `${older}.ndjson`),
      Buffer.concat([Buffer.from(line('o1', 1, older)), Buffer.alloc(300)]),
    );
    writeFileSync(path.join(dir, `${leaveDay}.ndjson`), Buffer.from('{"id":"x"'));
    writeFileSync(path.join(dir, '2026-11-21.ndjson'), '');
    const notes: string[] = [];
    const log = await openFileEventLog<Ev>(dir, { onRecovery: (n) => notes.push(n) });
    // found at open, before anyone asked for those days
    expect(notes).toHaveLength(3);
    for (const day of [DAY, older, leaveDay]) {
      const n = notes.find((x) => x.startsWith(day));
      expect(n, `no note for ${day}`).toBeDefined();
      expect(n).toMatch(/未写完/);
      expect(n).toMatch(/unfinished last line/);
    }
    expect(readdirSync(dir).filter((f) => f.includes('.torn-'))).toHaveLength(3);
    expect(
      await log.append(
        [
          { id: 'c', day: DAY, n: 3 },
          { id: 'o2', day: older, n: 2 },
        ],
        9,
      ),
    ).toEqual([
      { status: 'stored', seq: 3, hubTime: 9 },
      { status: 'stored', seq: 2, hubTime: 9 },
    ]);
    await log.close();
    const again = await openFileEventLog<Ev>(dir);
    expect(again.recoveries).toEqual([]);
    expect((await again.read(DAY)).map((e) => [e.id, e.seq])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    expect((await again.read(older)).map((e) => [e.id, e.seq])).toEqual([
      ['o1', 1],
      ['o2', 2],
    ]);
    expect(await again.read(leaveDay)).toEqual([]);
    await again.close();
  });

  it('CU18 a line lost in the middle leaves a gap: new events never reuse a stored seq, and reading since a seq goes by seq', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, `${DAY}.ndjson`), line('a', 1) + '\u0000'.repeat(40) + '\n' + line('c', 3));
    const log = await openFileEventLog<Ev>(dir);
    expect(log.recoveries).toEqual([]);
    expect((await log.read(DAY)).map((e) => e.seq)).toEqual([1, 3]);
    expect(log.recoveries).toEqual([expect.stringMatching(/line 2 is unreadable/)]);
    expect(await log.lastSeq(DAY)).toBe(3);
    expect(await log.append([{ id: 'd', day: DAY, n: 4 }], 2)).toEqual([{ status: 'stored', seq: 4, hubTime: 2 }]);
    expect((await log.read(DAY, 3)).map((e) => e.id)).toEqual(['d']);
    expect((await log.read(DAY, 1)).map((e) => e.id)).toEqual(['c', 'd']);
    expect((await log.read(DAY, 2)).map((e) => e.id)).toEqual(['c', 'd']);
    expect(await log.lastSeq(DAY)).toBe(4);
    await log.close();
  });
});

describe('power loss: the JSON files (roster, access)', () => {
  const jsonFile = () => path.join(tmp(), 'school.json');

  it('CU18 the temp copy is fsynced before it replaces the file, and the folder after', async () => {
    const f = jsonFile();
    const proto = await fileHandleProto(path.dirname(f));
    const realSync = proto.sync;
    const spy = vi.spyOn(proto, 'sync').mockImplementation(async function (this: FileHandle) {
      ops.push('fsync');
      return realSync.call(this);
    });
    try {
      ops.length = 0;
      await new DurableJsonFile<{ n: number }>(f).write({ n: 1 });
      const renameAt = ops.indexOf('rename school.json.tmp → school.json');
      expect(renameAt, ops.join(', ')).toBeGreaterThan(0);
      expect(ops.slice(0, renameAt), 'the temp file was not fsynced before the rename').toContain('fsync');
      expect(ops.slice(renameAt + 1), 'the folder was not fsynced after the rename').toContain('fsync');
    } finally {
      spy.mockRestore();
    }
  });

  it('CU18 the previous version is kept as .bak, and a zero-length or truncated file is replaced by it, the bad one kept aside', async () => {
    for (const damage of ['', '{"n": 2, "roster": {"stud']) {
      const f = jsonFile();
      const a = new DurableJsonFile<{ n: number }>(f);
      await a.write({ n: 1 });
      await a.write({ n: 2 });
      expect(JSON.parse(readFileSync(`${f}.bak`, 'utf8'))).toEqual({ n: 1 });
      writeFileSync(f, damage);
      const b = new DurableJsonFile<{ n: number }>(f);
      expect(await b.read()).toEqual({ n: 1 });
      expect(b.recoveries).toEqual([expect.stringMatching(/school\.json.*上一版.*previous version/s)]);
      expect(JSON.parse(readFileSync(f, 'utf8'))).toEqual({ n: 1 });
      const aside = readdirSync(path.dirname(f)).find((x) => x.startsWith('school.json.damaged-'));
      expect(aside, 'the damaged file was not kept').toBeDefined();
      expect(readFileSync(path.join(path.dirname(f), aside!), 'utf8')).toBe(damage);
    }
  });

  it('CU18 a missing file with a .bak beside it comes back from the .bak; with neither it is a first start', async () => {
    const f = jsonFile();
    const a = new DurableJsonFile<{ n: number }>(f);
    await a.write({ n: 1 });
    await a.write({ n: 2 });
    rmSync(f);
    const b = new DurableJsonFile<{ n: number }>(f);
    expect(await b.read()).toEqual({ n: 1 });
    expect(b.recoveries).toHaveLength(1);
    expect(await new DurableJsonFile(jsonFile()).read()).toBeNull();
  });

  it('CU18 a damaged file without a .bak is refused in both languages, named, and left as it was', async () => {
    const f = jsonFile();
    writeFileSync(f, '');
    const err = await new DurableJsonFile(f).read().then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/数据文件损坏/);
    expect(err?.message).toMatch(/not valid JSON/);
    expect(err?.message).toContain(f);
    expect(err?.message).toMatch(/npm run backup -- restore/);
    expect(readFileSync(f, 'utf8')).toBe('');
    expect(existsSync(`${f}.bak`)).toBe(false);
  });

  it('CU18 a half-written temp file is removed and reported; lowdb reads the last good version', async () => {
    const f = jsonFile();
    const a = new DurableJsonFile<{ n: number }>(f);
    await a.write({ n: 1 });
    writeFileSync(`${f}.tmp`, '{"n": 2, "x": [1, 2');
    const db = new Low(new DurableJsonFile<{ n: number }>(f), { n: 0 });
    await db.read();
    expect(db.data).toEqual({ n: 1 });
    expect((db.adapter as DurableJsonFile<{ n: number }>).recoveries).toEqual([
      expect.stringMatching(/school\.json\.tmp.*中断.*interrupted write/s),
    ]);
    expect(existsSync(`${f}.tmp`)).toBe(false);
  });
});
