/**
 * Hub processes for the bench: the real hub (hub/main.ts) or the naive alternative (bench/naiveHub.ts, the same
 * hub with a lowdb store), spawned the way test/hub/hubProcess.ts does it (HTTPS with the hub's own CA, data on
 * disk), but on a port chosen beforehand so that start-up can be timed to the first answer.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningHub } from '../../test/hub/hubProcess';
import { ADMIN_PASSWORD, request } from '../../test/hub/hubProcess';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const REAL_HUB = path.join(ROOT, 'hub/main.ts');
export const NAIVE_HUB = path.join(ROOT, 'bench/naiveHub.ts');

export function benchDir(name: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `relay-bench-${name}-`));
}

export function copyDir(from: string, name: string): string {
  const to = benchDir(name);
  cpSync(from, to, { recursive: true });
  return to;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface BenchHub extends RunningHub {
  /** ms from spawn to the first 200 from /api/health */
  startMs: number;
  rssMb: () => number;
  /** CPU time the hub process has used so far (user + system) */
  cpuMs: () => number;
}

/** Starts a hub and times it from spawn to the first answer over HTTPS. */
export async function spawnHub(
  entry: string,
  dataDir: string,
  opts: { port?: number; env?: Record<string, string>; nodeArgs?: string[]; args?: string[] } = {},
): Promise<BenchHub> {
  const port = opts.port ?? (await freePort());
  const t0 = performance.now();
  const proc = spawn(
    process.execPath,
    [
      ...(opts.nodeArgs ?? []),
      '--import',
      'tsx',
      entry,
      '--data',
      dataDir,
      '--port',
      String(port),
      '--http-port',
      '0',
      '--host',
      '127.0.0.1',
      ...(opts.args ?? []),
    ],
    {
      cwd: ROOT,
      // The demo's own timetable and an empty today whatever the hour, as the tests' hubs: at 21:00 a live demo
      // would write the day so far, and every run would measure a different school.
      env: {
        ...process.env,
        HUB_ADMIN_PASSWORD: ADMIN_PASSWORD,
        NODE_ENV: 'production',
        DEMO_CLOCK: 'school',
        ...opts.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  proc.stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  proc.stderr.on('data', (c: Buffer) => {
    out += c.toString();
  });
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    proc.once('exit', (code) => {
      exitCode = code;
      resolve();
    }),
  );
  const hub: BenchHub = {
    port,
    httpPort: 0,
    dataDir,
    proc,
    startMs: 0,
    clockOffsetMs: 0,
    output: () => out,
    ca: () => readFileSync(path.join(dataDir, 'tls', 'ca.crt')),
    kill9: async () => {
      proc.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (exitCode === undefined) proc.kill('SIGTERM');
      await exited;
    },
    cpuMs: () => {
      // Fields 14 and 15 of /proc/PID/stat, after the command name in parentheses; clock ticks of 10 ms.
      const f = readFileSync(`/proc/${proc.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(f[11]) + Number(f[12])) * 10;
    },
    rssMb: () => {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : Number.NaN;
    },
  };
  // The CA exists only once the hub has made it (first start): poll until it answers.
  for (;;) {
    if (exitCode !== undefined) throw new Error(`hub exited (${exitCode}) before answering:\n${out}`);
    if (performance.now() - t0 > 120_000) {
      proc.kill('SIGKILL');
      throw new Error(`hub did not answer in 120 s:\n${out}`);
    }
    try {
      const r = await request(hub, 'GET', '/api/health');
      if (r.status === 200) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  hub.startMs = performance.now() - t0;
  return hub;
}
