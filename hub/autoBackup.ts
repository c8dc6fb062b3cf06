/**
 * The daily automatic backup (#17): once a school day (by the hub's injected clock, in the school's time zone)
 * the hub writes a checked archive (hub/backup.ts writeVerifiedBackup) into a folder the office chose — another
 * drive or a USB stick — and keeps the newest 14 of its own archives there (`relay-auto-<time>.relaybak`; no
 * other file in the folder is ever touched). The office can also run one now.
 *
 * `backup-log.ndjson` in the data folder is the record, append-only and attributable: every folder change (when,
 * by the office, the name typed, from which address) and every backup made, by the schedule, the office (立即备份
 * or the download) or `npm run backup`. The status the office sees is read from it, and says when no sound
 * backup was made for 7 days. A failed daily backup (the stick removed) is an error in the status and the log,
 * never a crash, and is tried again at the next look (hourly), so a stick put back is used within the hour.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import type { BackupRecord, BackupStatus } from '../core/contract';
import type { MessageCode, Problem } from '../core/messages';
import { problem } from '../core/messages';
import { localDay } from '../core/time';
import { BackupFailed, checkBackup, writeVerifiedBackup } from './backup';
import type { HubDeps } from './hubContext';
import type { Logger } from './logger';
import { retryBusySync } from './store/busyRetry';

export const BACKUP_LOG = 'backup-log.ndjson';
/** archives of the daily backup kept in its folder */
export const AUTO_KEEP = 14;
/** the office is warned when the last sound backup is older than this */
export const STALE_DAYS = 7;
/** how often the hub looks whether today's backup is still to make (or to retry) */
export const AUTO_CHECK_MS = 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

const AUTO_NAME = /^relay-auto-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.relaybak$/;
/** The name of an archive this feature writes, from the hub's clock: names sort by time. */
export const autoFileName = (at: number) => `relay-auto-${new Date(at).toISOString().replace(/[:.]/g, '-')}.relaybak`;

/** Who asked for a change or a backup made by a person. */
export interface Requester {
  /** the clerk it is done in the name of (as leave is entered) */
  staffId?: string;
  ip?: string;
}

type LogLine =
  | ({ action: 'backup' } & BackupRecord)
  | { action: 'settings'; at: number; folder: string | null; by: 'office'; staffId?: string; ip?: string };

/** Appends one line, synced: the log is the only record of who set the folder and what was backed up. */
function appendLine(dataDir: string, line: LogLine): void {
  const fd = openSync(path.join(dataDir, BACKUP_LOG), 'a', 0o600);
  try {
    writeSync(fd, JSON.stringify(line) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Records a backup made outside the schedule (the office's download, `npm run backup`). */
export function recordBackup(dataDir: string, record: BackupRecord): void {
  appendLine(dataDir, { action: 'backup', ...record });
}

/** The office's download, recorded as a backup that went to the browser; a log that cannot be written is only logged. */
export function recordDownload(dataDir: string, bytes: Buffer, at: number, ip: string | undefined, logger: Logger) {
  try {
    const c = checkBackup(bytes);
    recordBackup(dataDir, {
      at,
      kind: 'download',
      ok: c.ok,
      where: '',
      bytes: bytes.length,
      files: c.files.length,
      students: c.students,
      days: c.days,
      by: 'office',
      ...(ip ? { ip } : {}),
    });
  } catch (err) {
    logger.error('backup log not written', { error: String(err) });
  }
}

function readLog(dataDir: string): LogLine[] {
  let text: string;
  try {
    text = readFileSync(path.join(dataDir, BACKUP_LOG), 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').flatMap((l) => {
    if (!l.trim()) return [];
    try {
      return [JSON.parse(l) as LogLine];
    } catch {
      return []; // a torn last line (power cut): the lines before it stand
    }
  });
}

const inside = (child: string, parent: string) => {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};
const refused = (code: MessageCode, detail: string): Problem => problem(code, detail);

/**
 * Why `folder` cannot take the daily backup, or null: a full path of a folder that exists, is not the data folder
 * or inside it (a backup on the same disk is lost with it), and takes a file (written and deleted here).
 */
export function backupFolderProblem(folder: string, dataDir: string): Problem | null {
  if (!path.isAbsolute(folder)) return refused('backup_folder_invalid', folder);
  if (!existsSync(folder)) return refused('backup_folder_missing', folder);
  if (!statSync(folder).isDirectory()) return refused('backup_folder_invalid', folder);
  const real = realpathSync(folder);
  const data = existsSync(dataDir) ? realpathSync(dataDir) : path.resolve(dataDir);
  if (inside(real, data)) return refused('backup_folder_in_data', folder);
  const probe = path.join(folder, `.relay-write-check-${process.pid}`);
  try {
    const fd = openSync(probe, 'w', 0o600);
    closeSync(fd);
    rmSync(probe, { force: true });
  } catch (err) {
    return errorOf(err, folder);
  }
  return null;
}

/** A failure in words for the office: the folder gone, read-only, the drive full, a check that failed. */
function errorOf(err: unknown, folder: string): Problem {
  if (err instanceof BackupFailed) return { ...problem('backup_failed'), ...err.words };
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (code === 'ENOENT' || code === 'ENOTDIR') return refused('backup_folder_missing', folder);
  if (['EACCES', 'EPERM', 'EROFS'].includes(code)) return refused('backup_folder_not_writable', folder);
  if (code === 'ENOSPC' || code === 'EDQUOT') return refused('backup_disk_full', folder);
  return refused('backup_failed', err instanceof Error ? err.message : String(err));
}

/** Deletes the daily backup's oldest archives beyond `keep`; only names it writes, never another file. */
export function pruneArchives(folder: string, keep = AUTO_KEEP): string[] {
  const ours = readdirSync(folder)
    .filter((n) => AUTO_NAME.test(n))
    .sort();
  const old = ours.slice(0, Math.max(0, ours.length - keep));
  // One held by a scanner or a copy to another PC (Windows: EBUSY) stays until the next day's prune.
  return old.filter((n) => {
    try {
      retryBusySync(() => rmSync(path.join(folder, n), { force: true }));
      return true;
    } catch {
      return false;
    }
  });
}

const countArchives = (folder: string | null) => {
  try {
    return folder ? readdirSync(folder).filter((n) => AUTO_NAME.test(n)).length : 0;
  } catch {
    return 0;
  }
};

/** What the hub gives the daily backup: its clock and logger, the school's time zone and staff from the roster. */
export const autoBackupDeps = ({ clock, logger, rosters }: Pick<HubDeps, 'clock' | 'logger' | 'rosters'>) => ({
  clock,
  logger,
  timeZone: () => rosters.roster.settings.timeZone,
  staffName: (id: string) => rosters.roster.staff.find((s) => s.id === id)?.name,
});

export function startAutoBackup(opts: {
  dataDir: string;
  clock: () => number;
  timeZone: () => string;
  logger: Logger;
  /** a staff member's name for the status, from the roster */
  staffName?: (staffId: string) => string | undefined;
  /** the hourly look; tests pass their own and call `tick` */
  every?: (fn: () => void, ms: number) => () => void;
  /** how the archive reaches the disk (tests damage it) */
  write?: (file: string, bytes: Buffer) => void;
}) {
  const { dataDir, clock, logger } = opts;
  /** the last attempt of the schedule or 立即备份, failures included (those are logged once a day per error) */
  let lastRun: BackupRecord | null = null;
  let loggedFailure = '';
  let running: Promise<BackupRecord> | null = null;

  const today = () => localDay(clock(), opts.timeZone());
  const settingsLine = (lines: LogLine[]) =>
    lines.findLast((l): l is Extract<LogLine, { action: 'settings' }> => l.action === 'settings') ?? null;
  const folder = () => settingsLine(readLog(dataDir))?.folder ?? null;

  function attempt(kind: 'auto' | 'now', who: Requester): BackupRecord {
    const at = clock();
    const dir = folder();
    const by = kind === 'auto' ? 'schedule' : 'office';
    const base = { at, kind, by, ...who };
    let record: BackupRecord;
    if (!dir) {
      record = { ...base, ok: false, where: '', error: problem('backup_no_folder') };
    } else {
      try {
        const bad = backupFolderProblem(dir, dataDir);
        if (bad) throw Object.assign(new Error(bad.en), { problem: bad });
        const w = writeVerifiedBackup(dataDir, path.join(dir, autoFileName(at)), {
          now: new Date(at),
          ...(opts.write ? { write: opts.write } : {}),
        });
        let pruned: string[] = [];
        try {
          pruned = pruneArchives(dir);
        } catch (err) {
          logger.warn('backup: old archives not deleted', { folder: dir, error: String(err) });
        }
        record = {
          ...base,
          ok: true,
          where: w.file,
          bytes: w.bytes,
          files: w.files,
          students: w.students,
          days: w.days,
          ...(pruned.length ? { deletedOld: pruned.length } : {}),
        };
      } catch (err) {
        const p = (err as { problem?: Problem }).problem ?? errorOf(err, dir);
        record = { ...base, ok: false, where: dir, error: p };
      }
    }
    lastRun = record;
    const key = `${localDay(at, opts.timeZone())}|${kind}|${record.error?.code ?? ''}|${record.error?.detail ?? ''}`;
    if (record.ok || kind === 'now' || key !== loggedFailure) {
      try {
        recordBackup(dataDir, record);
        loggedFailure = record.ok ? '' : key;
      } catch (err) {
        logger.error('backup log not written', { error: String(err) });
      }
    }
    if (record.ok) logger.info('backup written', { kind, file: record.where, bytes: record.bytes });
    else logger.warn('backup failed', { kind, folder: dir, error: record.error?.en, detail: record.error?.detail });
    return record;
  }

  /** runs one backup, or joins the one under way */
  const run = (kind: 'auto' | 'now', who: Requester) => {
    running ??= Promise.resolve()
      .then(() => attempt(kind, who))
      .finally(() => {
        running = null;
      });
    return running;
  };

  /** The daily backup when a folder is set and today has no sound one from the schedule yet; a failure is retried. */
  function due(): boolean {
    const lines = readLog(dataDir);
    if (!settingsLine(lines)?.folder) return false;
    const day = today();
    return !lines.some(
      (l) => l.action === 'backup' && l.kind === 'auto' && l.ok && localDay(l.at, opts.timeZone()) === day,
    );
  }
  const tick = (): Promise<BackupRecord | null> => (due() ? run('auto', {}) : Promise.resolve(null));

  function status(): BackupStatus {
    const lines = readLog(dataDir);
    const set = settingsLine(lines);
    const backups = lines.filter((l): l is Extract<LogLine, { action: 'backup' }> => l.action === 'backup');
    const strip = ({ action: _a, ...r }: Extract<LogLine, { action: 'backup' }>): BackupRecord => r;
    const lastOkLine = backups.findLast((b) => b.ok);
    const loggedRun = backups.findLast((b) => b.kind === 'auto' || b.kind === 'now');
    const run = lastRun && (!loggedRun || lastRun.at >= loggedRun.at) ? lastRun : loggedRun ? strip(loggedRun) : null;
    const now = clock();
    const dir = set?.folder ?? null;
    return {
      now,
      folder: dir,
      folderSetAt: set?.at ?? null,
      folderSetBy: set
        ? {
            staffId: set.staffId ?? null,
            name: set.staffId ? (opts.staffName?.(set.staffId) ?? null) : null,
            ip: set.ip ?? null,
          }
        : null,
      keep: AUTO_KEEP,
      staleDays: STALE_DAYS,
      lastOk: lastOkLine ? strip(lastOkLine) : null,
      lastRun: run,
      stale: !lastOkLine || now - lastOkLine.at > STALE_DAYS * DAY_MS,
      daysSince: lastOkLine ? Math.floor((now - lastOkLine.at) / DAY_MS) : null,
      archives: countArchives(dir),
    };
  }

  /** The office sets (or with null clears) the folder; refused in words when it cannot take a backup. */
  function setFolder(next: string | null, who: Requester): Problem | null {
    const dir = next === null ? null : path.normalize(next);
    if (dir !== null) {
      const bad = backupFolderProblem(dir, dataDir);
      if (bad) return bad;
    }
    appendLine(dataDir, {
      action: 'settings',
      at: clock(),
      folder: dir,
      by: 'office',
      ...who,
    });
    logger.info('backup folder set', { folder: dir, staffId: who.staffId, ip: who.ip });
    loggedFailure = '';
    return null;
  }

  const every =
    opts.every ??
    ((fn: () => void, ms: number) => {
      const t = setInterval(fn, ms);
      t.unref();
      return () => clearInterval(t);
    });
  const safeTick = () => {
    tick().catch((err: unknown) => logger.error('backup tick failed', { error: String(err) }));
  };
  safeTick();
  const stop = every(safeTick, AUTO_CHECK_MS);

  return { tick, runNow: (who: Requester) => run('now', who), status, setFolder, folder, stop };
}
export type AutoBackup = ReturnType<typeof startAutoBackup>;
