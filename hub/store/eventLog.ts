/**
 * The custody log: one append-only NDJSON file per service day, written at its known end (not in O_APPEND mode,
 * which Windows will not truncate). Appends are group-committed (one write and one fdatasync per touched file per
 * flush) and resolve only once durable, so an acknowledgement always means
 * "on disk". A day is read only when first needed; at open only the last byte of every day file is checked, so
 * a line torn by a power cut on any day (leave is written up to 120 days ahead) is found and repaired at start.
 */
import { open, readdir, readFile, truncate, writeFile, mkdir } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { syncDir } from './durableJsonFile';

export interface LogEvent {
  id: string;
  day: string;
}
export type Stored<E> = E & { seq: number; hubTime: number };
export type AppendOutcome =
  { status: 'stored'; seq: number; hubTime: number } | { status: 'duplicate'; seq: number; hubTime: number };

export interface EventLog<E extends LogEvent> {
  append(events: readonly E[], hubTime: number): Promise<AppendOutcome[]>;
  read(day: string, sinceSeq?: number): Promise<Stored<E>[]>;
  lastSeq(day: string): Promise<number>;
  days(): Promise<string[]>;
  readonly recoveries: readonly string[];
  close(): Promise<void>;
}

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.ndjson$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function assertDay(day: string) {
  if (!DAY.test(day)) throw new Error(`invalid day: ${JSON.stringify(day)}`);
}

/**
 * `durable` counts the events known to be on disk; readers never see past it. `nextSeq` is one past the highest
 * seq ever stored: after a line lost in the middle of a file, seqs have a gap and are never handed out twice.
 */
interface Day<E> {
  events: Stored<E>[];
  byId: Map<string, Stored<E>>;
  size: number;
  durable: number;
  nextSeq: number;
  fh?: FileHandle;
  inDir: boolean;
}

/** Index of the first of the first `end` events with a seq above `sinceSeq` (seqs only grow along the file). */
function firstAfter<E>(events: readonly Stored<E>[], end: number, sinceSeq: number): number {
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid]!.seq > sinceSeq) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** In memory, with the same numbering and duplicate rules as the file log (for tests and the kiosk). */
export function createMemoryEventLog<E extends LogEvent>(): EventLog<E> {
  const days = new Map<string, Day<E>>();
  const dayOf = (day: string) => {
    assertDay(day);
    let d = days.get(day);
    if (!d) {
      d = { events: [], byId: new Map(), size: 0, durable: 0, nextSeq: 1, inDir: true };
      days.set(day, d);
    }
    return d;
  };
  return {
    recoveries: [],
    async append(events, hubTime) {
      for (const e of events) assertDay(e.day);
      return events.map((e): AppendOutcome => {
        const d = dayOf(e.day);
        const prior = d.byId.get(e.id);
        if (prior) return { status: 'duplicate', seq: prior.seq, hubTime: prior.hubTime };
        const stored = { ...e, seq: d.events.length + 1, hubTime } as Stored<E>;
        d.events.push(stored);
        d.byId.set(e.id, stored);
        return { status: 'stored', seq: stored.seq, hubTime };
      });
    },
    async read(day, sinceSeq = 0) {
      return dayOf(day).events.slice(Math.max(0, sinceSeq));
    },
    async lastSeq(day) {
      return dayOf(day).events.length;
    },
    async days() {
      return [...days.entries()]
        .filter(([, d]) => d.events.length > 0)
        .map(([k]) => k)
        .sort();
    },
    async close() {},
  };
}

interface Pending<E> {
  events: readonly E[];
  hubTime: number;
  resolve: (o: AppendOutcome[]) => void;
  reject: (err: unknown) => void;
}

/**
 * A day file opened to write at known offsets: read-write, not append mode (so the handle may truncate it on
 * Windows too), created when it does not exist yet.
 */
async function openForWrite(file: string): Promise<FileHandle> {
  try {
    return await open(file, 'r+');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return open(file, 'wx');
  }
}

export async function openFileEventLog<E extends LogEvent>(
  dir: string,
  opts: { onRecovery?: (note: string) => void } = {},
): Promise<EventLog<E>> {
  await mkdir(dir, { recursive: true });
  const recoveries: string[] = [];
  const note = (n: string) => {
    recoveries.push(n);
    opts.onRecovery?.(n);
  };
  const opened = new Map<string, Promise<Day<E>>>();
  /** Days a failed write may have left with bytes not known to be durable, or a name not synced into the directory. */
  const suspect = new Set<string>();
  let queue: Pending<E>[] = [];
  let flushing: Promise<void> | null = null;
  let closed = false;

  async function load(day: string): Promise<Day<E>> {
    const file = path.join(dir, `${day}.ndjson`);
    let buf: Buffer;
    let exists = true;
    try {
      buf = await readFile(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      buf = Buffer.alloc(0);
      exists = false;
    }
    const d: Day<E> = { events: [], byId: new Map(), size: buf.length, durable: 0, nextSeq: 1, inDir: exists };
    // Only complete lines count: a write cut short by a crash leaves a tail without its newline (or, after a
    // power cut on some file systems, a tail of zeros). Nothing in it was acknowledged: fdatasync never returned.
    const lastNl = buf.lastIndexOf(0x0a);
    const complete = lastNl < 0 ? 0 : lastNl + 1;
    const lines = buf.subarray(0, complete).toString('utf8').split('\n');
    lines.pop();
    lines.forEach((line, i) => {
      let parsed: Stored<E> | undefined;
      try {
        parsed = JSON.parse(line) as Stored<E>;
      } catch {
        /* handled below */
      }
      if (!parsed || typeof parsed.id !== 'string' || !Number.isInteger(parsed.seq) || parsed.seq < d.nextSeq) {
        note(`${day}：第 ${i + 1} 行无法读取，已跳过 / line ${i + 1} is unreadable and was skipped`);
        return;
      }
      if (d.byId.has(parsed.id)) {
        note(
          `${day}：第 ${i + 1} 行重复了事件 ${parsed.id}，保留第一条 / line ${i + 1} repeats event ${parsed.id}; the first is kept`,
        );
        return;
      }
      d.events.push(parsed);
      d.byId.set(parsed.id, parsed);
      d.nextSeq = parsed.seq + 1;
    });
    if (complete < buf.length) {
      const torn = buf.subarray(complete);
      const tornFile = `${file}.torn-${Date.now()}`;
      await writeFile(tornFile, torn);
      await truncate(file, complete);
      note(
        `${day}：最后一行未写完（${torn.length} 字节，从未确认收到），已移到 ${path.basename(tornFile)} / an unfinished last line (${torn.length} bytes, never acknowledged) was moved to ${path.basename(tornFile)}`,
      );
    }
    d.size = complete;
    d.durable = d.events.length;
    if (complete < buf.length) {
      d.fh = await openForWrite(file);
      await d.fh.sync();
    }
    if (suspect.has(day)) {
      // After a failed write: whatever of it stayed in the file (the cut may have failed) is made durable before a
      // resend is answered from it as a duplicate; an empty file's name is synced into the directory at the next
      // write. If this fails, the day is not used and the next call tries again.
      if (complete > 0) {
        d.fh ??= await openForWrite(file);
        await d.fh.datasync();
        await syncDir(dir);
      } else d.inDir = false;
      suspect.delete(day);
    }
    return d;
  }

  /** Reads the last byte of every day file; a day whose file does not end in a newline is loaded, which repairs it. */
  async function checkTails() {
    for (const name of (await readdir(dir)).filter((f) => DAY_FILE.test(f)).sort()) {
      const fh = await open(path.join(dir, name), 'r');
      let torn = false;
      try {
        const { size } = await fh.stat();
        if (size > 0) {
          const last = Buffer.alloc(1);
          await fh.read(last, 0, 1, size - 1);
          torn = last[0] !== 0x0a;
        }
      } finally {
        await fh.close();
      }
      if (torn) await dayOf(DAY_FILE.exec(name)![1]!);
    }
  }

  function dayOf(day: string): Promise<Day<E>> {
    assertDay(day);
    let p = opened.get(day);
    if (!p) {
      p = load(day);
      opened.set(day, p);
      p.catch(() => opened.delete(day));
    }
    return p;
  }

  async function flush(batch: Pending<E>[]) {
    const touched = new Map<string, { d: Day<E>; lines: string[]; added: Stored<E>[] }>();
    const outcomes: AppendOutcome[][] = [];
    for (const p of batch) {
      const out: AppendOutcome[] = [];
      for (const e of p.events) {
        const d = await dayOf(e.day);
        const prior = d.byId.get(e.id);
        if (prior) {
          out.push({ status: 'duplicate', seq: prior.seq, hubTime: prior.hubTime });
          continue;
        }
        const stored = { ...e, seq: d.nextSeq++, hubTime: p.hubTime } as Stored<E>;
        d.events.push(stored);
        d.byId.set(e.id, stored);
        let t = touched.get(e.day);
        if (!t) {
          t = { d, lines: [], added: [] };
          touched.set(e.day, t);
        }
        t.lines.push(JSON.stringify(stored));
        t.added.push(stored);
        out.push({ status: 'stored', seq: stored.seq, hubTime: p.hubTime });
      }
      outcomes.push(out);
    }
    try {
      await Promise.all(
        [...touched.entries()].map(async ([day, t]) => {
          // Opened on first write, so reading a day that has no log (a dashboard asking) creates no file.
          t.d.fh ??= await openForWrite(path.join(dir, `${day}.ndjson`));
          const data = Buffer.from(t.lines.join('\n') + '\n');
          // At the file's known end, not in append mode: Windows refuses to truncate a file opened for appending,
          // and a failed write is cut off by that truncate below.
          await t.d.fh!.write(data, 0, data.length, t.d.size);
          await t.d.fh!.datasync();
          // A new day file's name lives in the directory: until the directory is synced too, a power cut can
          // lose the whole file although every line in it was synced.
          if (!t.d.inDir) {
            await syncDir(dir);
            t.d.inDir = true;
          }
          t.d.size += data.length;
          t.d.durable = t.d.events.length;
        }),
      );
    } catch (err) {
      // Not durable, so not acknowledged. What the failed write left in the file is cut off through the handle
      // (opened read-write for this: Windows cannot truncate through an append-mode one), else by path; an
      // antivirus scanner holding the file can refuse both. Either way the day is then
      // read again from the file before its next use, so its sequence numbers follow what is really on disk: a
      // batch that stayed is kept (a kiosk resending it finds it stored), a torn tail is repaired by load(), and
      // the next batch never reuses a seq, which at the next start would have dropped it although acknowledged.
      for (const [day, t] of touched) {
        for (const e of t.added) t.d.byId.delete(e.id);
        t.d.events.length -= t.added.length;
        const fh = t.d.fh;
        t.d.fh = undefined;
        const cut = await (fh
          ? fh.truncate(t.d.size).then(
              () => true,
              () => false,
            )
          : Promise.resolve(false));
        await fh?.close().catch(() => {});
        if (!cut) await truncate(path.join(dir, `${day}.ndjson`), t.d.size).catch(() => {});
        suspect.add(day);
        opened.delete(day);
      }
      batch.forEach((p) => p.reject(err));
      return;
    }
    batch.forEach((p, i) => p.resolve(outcomes[i]!));
  }

  function kick() {
    if (flushing || queue.length === 0) return;
    const batch = queue;
    queue = [];
    flushing = flush(batch).finally(() => {
      flushing = null;
      kick();
    });
  }

  await checkTails();

  return {
    recoveries,
    async append(events, hubTime) {
      if (closed) throw new Error('event log is closed');
      for (const e of events) assertDay(e.day);
      return new Promise<AppendOutcome[]>((resolve, reject) => {
        queue.push({ events, hubTime, resolve, reject });
        kick();
      });
    },
    async read(day, sinceSeq = 0) {
      const d = await dayOf(day);
      return d.events.slice(firstAfter(d.events, d.durable, sinceSeq), d.durable);
    },
    async lastSeq(day) {
      const d = await dayOf(day);
      return d.durable > 0 ? d.events[d.durable - 1]!.seq : 0;
    },
    async days() {
      return (await readdir(dir))
        .map((f) => DAY_FILE.exec(f)?.[1])
        .filter((d): d is string => d !== undefined)
        .sort();
    },
    async close() {
      closed = true;
      while (flushing) await flushing;
      for (const p of opened.values()) await (await p).fh?.close();
    },
  };
}
