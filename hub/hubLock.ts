/**
 * One writer per data folder: the running hub holds `hub.lock` (its process id). A command-line tool that
 * would change data refuses while a live hub holds it; reading (a dry run, printing cards) always works.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const LOCK = 'hub.lock';

export function takeLock(dataDir: string, info: { port: number }) {
  writeFileSync(
    path.join(dataDir, LOCK),
    JSON.stringify({ pid: process.pid, port: info.port, since: new Date().toISOString() }),
  );
}

export function releaseLock(dataDir: string) {
  rmSync(path.join(dataDir, LOCK), { force: true });
}

/** The running hub's pid and port, or null when none runs (a lock left by a killed hub does not count). */
export function runningHub(dataDir: string): { pid: number; port: number } | null {
  try {
    const lock = JSON.parse(readFileSync(path.join(dataDir, LOCK), 'utf8')) as { pid: number; port: number };
    process.kill(lock.pid, 0);
    // After a crash the pid may belong to another program by now: on Linux, make sure it is a hub.
    if (existsSync('/proc') && !readFileSync(`/proc/${lock.pid}/cmdline`, 'utf8').includes('hub/main')) return null;
    return lock;
  } catch {
    return null;
  }
}
