/**
 * The hub's log kept on disk as well as on the console: `data/logs/hub-YYYY-MM-DD.log`, one file per school day,
 * the last 30 kept (issue #18). On Windows the console window is often closed or scrolled away when someone asks
 * what happened this afternoon, and a hub started by Task Scheduler has no console at all. Lines are the
 * console's (phone numbers already masked); written through a stream, so a slow disk never holds the hub up.
 * Not in backups (hub/backup.ts takes only the roster, access, events and certificates).
 */
import { createWriteStream, mkdirSync, readdirSync, rmSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import path from 'node:path';
import { DEFAULT_TIME_ZONE, localDay } from '../core/time';

export const LOG_KEEP_DAYS = 30;
const LOG_NAME = /^hub-(\d{4}-\d{2}-\d{2})\.log$/;

export interface LogFiles {
  write(line: string): void;
  close(): Promise<void>;
}

export function dailyLogFiles(
  dir: string,
  opts: { clock?: () => number; timeZone?: string; keep?: number } = {},
): LogFiles {
  const clock = opts.clock ?? Date.now;
  const keep = opts.keep ?? LOG_KEEP_DAYS;
  let day = '';
  let stream: WriteStream | null = null;
  const open = (today: string) => {
    stream?.end();
    mkdirSync(dir, { recursive: true });
    stream = createWriteStream(path.join(dir, `hub-${today}.log`), { flags: 'a' });
    // A log that cannot be written (the disk full, the folder gone) must not stop the hub: the console has it.
    stream.on('error', () => {});
    day = today;
    // Today's file counts among those kept although its stream has not created it yet.
    const name = `hub-${today}.log`;
    const old = [...new Set([...readdirSync(dir).filter((n) => LOG_NAME.test(n)), name])]
      .sort()
      .slice(0, -keep)
      .filter((n) => n !== name);
    for (const n of old) rmSync(path.join(dir, n), { force: true });
  };
  return {
    write(line) {
      const today = localDay(clock(), opts.timeZone ?? DEFAULT_TIME_ZONE);
      try {
        if (today !== day) open(today);
        stream!.write(line + '\n');
      } catch {
        // as above: the console still has the line
      }
    },
    close: () => new Promise<void>((resolve) => (stream ? stream.end(resolve) : resolve())),
  };
}
