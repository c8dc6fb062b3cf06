/**
 * One writer per data folder: the running hub holds `hub.lock` (its process id, address and port). A command-line
 * tool that would change data refuses while a live hub holds it; reading (a dry run, printing cards) always works.
 *
 * Whether the hub is alive is judged by its port (issue #18 finding 6): a live hub always listens on it, even one
 * frozen by a click in its console window (QuickEdit), and one that was killed or closed with its window does
 * not; a pid that no process has is the only signal answer trusted, as "gone". On Windows `process.kill(pid, 0)` answered EPERM for a hub running elevated or as a
 * service, which read as "not running", so a tool wrote under a live hub; and a pid left behind may be another
 * program's by now, which blocked the next start with no hint.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const LOCK = 'hub.lock';

export interface LockInfo {
  pid: number;
  port: number;
  /** the address the hub listens on; absent in a lock from before it was recorded (all addresses) */
  host?: string;
  since: string;
}

/** Writes the lock; `release` removes it. `clock` is the hub's (tests pin it). */
export function takeLock(
  dataDir: string,
  info: { port: number; host?: string },
  clock: () => number = Date.now,
): { release: () => void } {
  const lock: LockInfo = {
    pid: process.pid,
    port: info.port,
    ...(info.host ? { host: info.host } : {}),
    since: new Date(clock()).toISOString(),
  };
  writeFileSync(path.join(dataDir, LOCK), JSON.stringify(lock));
  return { release: () => releaseLock(dataDir) };
}

export function releaseLock(dataDir: string) {
  rmSync(path.join(dataDir, LOCK), { force: true });
}

/** Whether something accepts a connection on `port` of this computer within `ms`. */
export function listening(port: number, host = '127.0.0.1', ms = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(ms, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const gone = (pid: number) => {
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
};

/** Where to knock: the hub's own address, or this computer's loopback when it listens on all of them. */
const knockAt = (host: string | undefined) => (!host || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host);

/**
 * The running hub's lock, or null when none runs (a lock left by a hub that did not shut down does not count).
 * `probe` is for tests.
 */
export async function runningHub(
  dataDir: string,
  opts: { probe?: (port: number, host: string) => Promise<boolean> } = {},
): Promise<LockInfo | null> {
  let lock: LockInfo;
  try {
    lock = JSON.parse(readFileSync(path.join(dataDir, LOCK), 'utf8')) as LockInfo;
  } catch {
    return null;
  }
  if (!Number.isInteger(lock.port)) return null;
  // The one answer a signal gives reliably everywhere: no such process (ESRCH), so the hub is gone, and its port
  // may already be another program's. Any other answer (alive, EPERM) is settled by the port.
  if (Number.isInteger(lock.pid) && gone(lock.pid)) return null;
  return (await (opts.probe ?? listening)(lock.port, knockAt(lock.host))) ? lock : null;
}

/** What to tell someone whose start or tool met a live hub, Chinese then English, with the way out. */
export function lockHint(dataDir: string, lock: LockInfo): string {
  const file = path.join(dataDir, LOCK);
  return (
    `另一个接力服务正在使用这个数据文件夹（进程 ${lock.pid}，端口 ${lock.port}，自 ${lock.since} 起）。如确认没有接力服务在运行（例如电脑刚重启），删除 ${file} 后再试。\n` +
    `Another hub (pid ${lock.pid}, port ${lock.port}, since ${lock.since}) uses this data folder. If you are sure none runs (the PC was just restarted, say), delete ${file} and try again.`
  );
}
