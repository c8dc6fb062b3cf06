/**
 * Issue #18 finding 6: whether a hub holds the data folder, judged by its port, without signals. On Windows
 * process.kill(pid, 0) answers EPERM for a hub running elevated or as a service (read as "not running", so a
 * tool wrote under a live hub), and a pid left behind may be another program's by now (which blocked the next
 * start with no hint).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lockHint, runningHub, takeLock } from '../../hub/hubLock';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'relay-lock-'));
const writeLock = (dir: string, lock: object) => writeFileSync(path.join(dir, 'hub.lock'), JSON.stringify(lock));

/** A listening socket, standing for a live hub (or one frozen by a click in its console window: it still accepts). */
async function listener(): Promise<{ port: number; close: () => void }> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { port: (s.address() as AddressInfo).port, close: () => s.close() };
}
/** A port nothing listens on: one the system gave out and took back. */
async function freePort(): Promise<number> {
  const l = await listener();
  l.close();
  return l.port;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the hub lock', () => {
  it('a hub listening on its port holds the folder, even where signals say EPERM (elevated, a service)', async () => {
    const dir = tmp();
    vi.spyOn(process, 'kill').mockImplementation(() => {
      throw Object.assign(new Error('kill EPERM'), { code: 'EPERM' });
    });
    const hub = await listener();
    try {
      writeLock(dir, { pid: 4242, port: hub.port, since: '2026-11-24T08:00:00.000Z' });
      expect(await runningHub(dir)).toMatchObject({ pid: 4242 });
    } finally {
      hub.close();
    }
  });

  it('a lock whose hub is gone (killed, its window closed) does not count, whoever has its pid now', async () => {
    const dir = tmp();
    // The pid of a live process (this one): another program by now, on Windows where /proc cannot tell.
    writeLock(dir, { pid: process.pid, port: await freePort(), since: '2026-11-23T08:00:00.000Z' });
    expect(await runningHub(dir)).toBeNull();
  });

  it('a pid no process has means the hub is gone, though another program now listens on its old port', async () => {
    const dir = tmp();
    const other = await listener();
    try {
      writeLock(dir, { pid: 2 ** 22 + 12_345, port: other.port, since: '2026-11-23T08:00:00.000Z' });
      expect(await runningHub(dir)).toBeNull();
    } finally {
      other.close();
    }
  });

  it('knocks at the address the hub listens on', async () => {
    const dir = tmp();
    const knocked: string[] = [];
    const probe = async (port: number, host: string) => (knocked.push(`${host}:${port}`), true);
    writeLock(dir, { pid: process.pid, port: 8443, host: '0.0.0.0', since: '' });
    await runningHub(dir, { probe });
    writeLock(dir, { pid: process.pid, port: 8443, host: '192.168.1.20', since: '' });
    await runningHub(dir, { probe });
    expect(knocked).toEqual(['127.0.0.1:8443', '192.168.1.20:8443']);
  });

  it('the hub removes its lock when it stops; the refusal says how to get out', async () => {
    const dir = tmp();
    const lock = takeLock(dir, { port: 8443, host: '0.0.0.0' }, () => Date.parse('2026-11-24T09:00:00Z'));
    expect(JSON.parse(readFileSync(path.join(dir, 'hub.lock'), 'utf8'))).toEqual({
      pid: process.pid,
      port: 8443,
      host: '0.0.0.0',
      since: '2026-11-24T09:00:00.000Z',
    });
    const held = await runningHub(dir, { probe: async () => true });
    expect(lockHint(dir, held!)).toContain(`删除 ${path.join(dir, 'hub.lock')}`);
    lock.release();
    expect(await runningHub(dir, { probe: async () => true })).toBeNull();
  });
});
