/**
 * How long the hub keeps children's records (PIPL: children under 14 are sensitive personal information, so
 * retention is limited) and the daily purge. `settings.retentionSchoolYears` school years are kept, counted
 * from 1 September (a school year in China starts then): 2, the default, is this school year and the one before.
 * Every day file before that, the torn fragments and damaged copies the hub set aside from that time, and the
 * previous roster version (school.json.bak) once it names a child the roster no longer has, are deleted. Today,
 * future days (leave is recorded ahead) and anything inside retention are never touched.
 *
 * The event log caches days it has read and keeps files open, so files are changed only inside
 * `ManagedEventLog.maintain`: appends and reads wait, the log is closed, the files change, it is opened again.
 * Windows refuses to delete or replace a file another program has open (antivirus, a backup tool, Excel):
 * EPERM or EBUSY. Those are retried a few times, then left for the next run; the hub never stops for them.
 */
import { open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { isBusy, retryBusy as retryBusyWith } from './store/busyRetry';
import type { Roster } from '../core/roster';
import { localDay, zonedTimeToEpoch } from '../core/time';
import type { Logger } from './logger';
import type { EventLog, LogEvent } from './store/eventLog';
import { syncDir } from './store/durableJsonFile';

export const AUDIT_FILE = 'privacy-audit.ndjson';
/** the purge looks this often whether the school's day has changed (and retries what Windows kept open) */
export const RETENTION_CHECK_MS = 60 * 60_000;

/**
 * The first day kept: 1 September of the school year `years - 1` before the one `today` is in.
 * @example retentionStart('2026-12-01', 2) // '2025-09-01'; retentionStart('2026-08-31', 2) // '2024-09-01'
 */
export function retentionStart(today: string, years: number): string {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const first = (m >= 9 ? y : y - 1) - (Math.max(1, Math.floor(years)) - 1);
  return `${String(first).padStart(4, '0')}-09-01`;
}

/** The file operations the purge and the erasure use; a test injects Windows' refusals. */
export interface FileOps {
  unlink: (file: string) => Promise<void>;
  rename: (from: string, to: string) => Promise<void>;
  sleep: (ms: number) => Promise<void>;
}
export const nodeFileOps: FileOps = {
  unlink: (f) => unlink(f),
  rename: (a, b) => rename(a, b),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

export { isBusy };

/** Runs `op`, retrying while the file is busy (hub/store/busyRetry.ts), with the ops' sleep; throws the last error. */
export function retryBusy<T>(ops: FileOps, op: () => Promise<T>, tries?: number): Promise<T> {
  return retryBusyWith(op, { ...(tries ? { tries } : {}), sleep: ops.sleep });
}

/** Writes a whole file so that a power cut leaves the old or the new one: temp file, fsync, rename, fsync the folder. */
export async function replaceDurably(ops: FileOps, file: string, data: string | Buffer): Promise<void> {
  const tmp = `${file}.privacy-tmp`;
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await retryBusy(ops, () => ops.rename(tmp, file));
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
  await syncDir(path.dirname(file));
}

/** Appends one line to the privacy audit (erasures and purges), synced before it returns. No child's name goes in. */
export async function appendAudit(dataDir: string, record: Record<string, unknown>): Promise<void> {
  const file = path.join(dataDir, AUDIT_FILE);
  const isNew = !(await stat(file).catch(() => null));
  const fh = await open(file, 'a', 0o600);
  try {
    await fh.write(JSON.stringify(record) + '\n');
    await fh.datasync();
  } finally {
    await fh.close();
  }
  if (isNew) await syncDir(dataDir);
}

/** The event log with a way to change its files safely underneath it (see the file's comment). */
export interface ManagedEventLog<E extends LogEvent> extends EventLog<E> {
  /** whether the log is in files that `maintain` may change (false for the in-memory log of unit tests) */
  readonly inFiles: boolean;
  /** Runs `work` with no append or read under way and the log's files closed; the log is opened again after. */
  maintain<T>(work: () => Promise<T>): Promise<T>;
}

export function managedEventLog<E extends LogEvent>(
  first: EventLog<E>,
  reopen?: () => Promise<EventLog<E>>,
): ManagedEventLog<E> {
  let inner = first;
  let broken = false;
  let gate: Promise<void> | null = null;
  let chain: Promise<unknown> = Promise.resolve();
  const inflight = new Set<Promise<unknown>>();

  async function run<T>(op: (l: EventLog<E>) => Promise<T>): Promise<T> {
    while (gate) await gate;
    if (broken && reopen) {
      inner = await reopen();
      broken = false;
    }
    const p = op(inner);
    inflight.add(p);
    try {
      return await p;
    } finally {
      inflight.delete(p);
    }
  }

  function maintain<T>(work: () => Promise<T>): Promise<T> {
    const mine = chain.then(async () => {
      let release!: () => void;
      gate = new Promise<void>((r) => (release = r));
      try {
        await Promise.allSettled([...inflight]);
        if (!reopen) return await work();
        await inner.close();
        try {
          return await work();
        } finally {
          try {
            inner = await reopen();
          } catch {
            broken = true; // the next append or read tries again
          }
        }
      } finally {
        gate = null;
        release();
      }
    });
    chain = mine.catch(() => {});
    return mine;
  }

  return {
    inFiles: reopen !== undefined,
    get recoveries() {
      return inner.recoveries;
    },
    append: (events, hubTime) => run((l) => l.append(events, hubTime)),
    read: (day, sinceSeq) => run((l) => l.read(day, sinceSeq)),
    lastSeq: (day) => run((l) => l.lastSeq(day)),
    days: () => run((l) => l.days()),
    maintain,
    close: async () => {
      await chain;
      await inner.close();
    },
  };
}

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.ndjson$/;
const TORN_FILE = /^(\d{4}-\d{2}-\d{2})\.ndjson\.torn-\d+$/;
const LEFTOVER_TMP = /\.privacy-tmp$/;
const DAMAGED_COPY = /^[a-z]+\.json\.damaged-(\d+)$/;

export interface PurgeResult {
  today: string;
  keepFrom: string;
  /** day files deleted, by day */
  deletedDays: string[];
  /** other files deleted (torn fragments, damaged copies, leftovers), relative to the data folder */
  deletedFiles: string[];
  /** the previous roster version was replaced because it named children no longer on the roster */
  rosterBackupRefreshed: boolean;
  /** files Windows kept open: left for the next run */
  busy: string[];
}

/** Student ids in a roster file's JSON, or null when it cannot be read. */
async function studentIdsIn(file: string): Promise<Set<string> | null> {
  try {
    const doc = JSON.parse(await readFile(file, 'utf8')) as { roster?: { students?: { id?: unknown }[] } };
    return new Set((doc.roster?.students ?? []).map((s) => String(s.id)));
  } catch {
    return null;
  }
}

/**
 * One purge of the data folder (the event log must be closed: run it inside `maintain`). `today` is the school's
 * day by the injected clock; nothing on or after `retentionStart(today, years)` is deleted, and never today.
 */
export async function purgeExpired(opts: {
  dataDir: string;
  today: string;
  years: number;
  timeZone: string;
  ops?: FileOps;
}): Promise<PurgeResult> {
  const ops = opts.ops ?? nodeFileOps;
  const keepFrom = retentionStart(opts.today, opts.years);
  const keepFromMs = zonedTimeToEpoch(keepFrom, '00:00', opts.timeZone);
  const result: PurgeResult = {
    today: opts.today,
    keepFrom,
    deletedDays: [],
    deletedFiles: [],
    rosterBackupRefreshed: false,
    busy: [],
  };
  const remove = async (rel: string, onDone: () => void) => {
    try {
      await retryBusy(ops, () => ops.unlink(path.join(opts.dataDir, rel)), 3);
      onDone();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      if (!isBusy(err)) throw err;
      result.busy.push(rel);
    }
  };
  const eventsDir = path.join(opts.dataDir, 'events');
  const names = await readdir(eventsDir).catch(() => [] as string[]);
  for (const name of names.sort()) {
    const day = DAY_FILE.exec(name)?.[1];
    const tornDay = TORN_FILE.exec(name)?.[1];
    const rel = `events/${name}`;
    if (day !== undefined) {
      if (day < keepFrom && day < opts.today) await remove(rel, () => result.deletedDays.push(day));
    } else if (tornDay !== undefined) {
      if (tornDay < keepFrom && tornDay < opts.today) await remove(rel, () => result.deletedFiles.push(rel));
    } else if (LEFTOVER_TMP.test(name)) {
      await remove(rel, () => result.deletedFiles.push(rel));
    }
  }
  for (const name of (await readdir(opts.dataDir)).sort()) {
    const at = DAMAGED_COPY.exec(name)?.[1];
    if ((at !== undefined && Number(at) < keepFromMs) || LEFTOVER_TMP.test(name)) {
      await remove(name, () => result.deletedFiles.push(name));
    }
  }
  // A child removed by an import (or erased) stays in school.json.bak, the previous version, until the roster is
  // written again: once it names children school.json does not, it becomes a copy of school.json.
  const school = path.join(opts.dataDir, 'school.json');
  const bak = `${school}.bak`;
  const [now, before] = [await studentIdsIn(school), await studentIdsIn(bak)];
  if (now && before && [...before].some((id) => !now.has(id))) {
    try {
      await replaceDurably(ops, bak, await readFile(school));
      result.rosterBackupRefreshed = true;
    } catch (err) {
      if (!isBusy(err)) throw err;
      result.busy.push('school.json.bak');
    }
  }
  return result;
}

/**
 * The daily purge: once at start, then whenever the school's day changes (looked at every hour), and again at
 * the next look after a file Windows kept open. Each run that deletes anything is logged and audited.
 */
export function startRetention(opts: {
  dataDir: string;
  log: ManagedEventLog<LogEvent>;
  roster: () => Roster;
  clock: () => number;
  logger: Logger;
  ops?: FileOps;
  every?: (fn: () => void, ms: number) => () => void;
}): { runNow: () => Promise<PurgeResult | null>; last: () => PurgeResult | null; stop: () => void } {
  let lastDay = '';
  let pending = false;
  let last: PurgeResult | null = null;
  let running: Promise<PurgeResult | null> | null = null;

  async function runOnce(): Promise<PurgeResult | null> {
    const { settings } = opts.roster();
    const today = localDay(opts.clock(), settings.timeZone);
    try {
      const r = await opts.log.maintain(() =>
        purgeExpired({
          dataDir: opts.dataDir,
          today,
          years: settings.retentionSchoolYears,
          timeZone: settings.timeZone,
          ...(opts.ops ? { ops: opts.ops } : {}),
        }),
      );
      last = r;
      lastDay = today;
      pending = r.busy.length > 0;
      const deleted = r.deletedDays.length + r.deletedFiles.length + (r.rosterBackupRefreshed ? 1 : 0);
      const fields = {
        keepFrom: r.keepFrom,
        days: r.deletedDays.length,
        ...(r.deletedDays.length ? { from: r.deletedDays[0], to: r.deletedDays.at(-1) } : {}),
        files: r.deletedFiles,
        rosterBackupRefreshed: r.rosterBackupRefreshed,
        busy: r.busy,
      };
      if (r.busy.length) opts.logger.warn('retention purge: files busy, retried later', fields);
      else opts.logger.info('retention purge', fields);
      if (deleted > 0) {
        await appendAudit(opts.dataDir, {
          at: new Date(opts.clock()).toISOString(),
          action: 'purge',
          ...fields,
        });
      }
      return r;
    } catch (err) {
      pending = true;
      opts.logger.error('retention purge failed', { error: String(err) });
      return null;
    }
  }

  const runNow = () => {
    running ??= runOnce().finally(() => {
      running = null;
    });
    return running;
  };
  const tick = () => {
    const today = localDay(opts.clock(), opts.roster().settings.timeZone);
    if (today !== lastDay || pending) void runNow();
  };
  const every =
    opts.every ??
    ((fn: () => void, ms: number) => {
      const t = setInterval(fn, ms);
      t.unref();
      return () => clearInterval(t);
    });
  void runNow();
  const stop = every(tick, RETENTION_CHECK_MS);
  return { runNow, last: () => last, stop };
}
