/**
 * A real hub in a child process: HTTPS with its own CA, real files in a temp data folder. Tests talk to it the
 * way a tablet would, verifying the certificate chain against the hub's CA.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import type { ClientToHubEvents, HubToClientEvents } from '../../core/protocol';
import type { Roster } from '../../core/roster';
import { fakeClock } from '../fakeClock';
import { DEMO_PIN } from '../../hub/demo/demoSchool';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ADMIN_PASSWORD = 'test-admin-password';

export interface RunningHub {
  port: number;
  httpPort: number;
  dataDir: string;
  proc: ChildProcess;
  /** the hub's clock minus this process's: 0 unless it was started with `clockAt` */
  clockOffsetMs: number;
  output: () => string;
  ca: () => Buffer;
  /** SIGKILL: no chance to flush or close anything */
  kill9: () => Promise<void>;
  stop: () => Promise<void>;
}

export function tempDataDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'relay-hub-'));
}

/** `clockAt`: the hub starts with its wall clock at this moment (libfaketime), which then runs on in real time. */
export async function startHub(
  opts: { dataDir?: string; env?: Record<string, string>; port?: number; clockAt?: number } = {},
): Promise<RunningHub> {
  const dataDir = opts.dataDir ?? tempDataDir();
  const clock = opts.clockAt === undefined ? { offsetMs: 0, env: process.env } : fakeClock(opts.clockAt);
  const proc = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(ROOT, 'hub/main.ts'),
      '--data',
      dataDir,
      '--port',
      String(opts.port ?? 0),
      '--http-port',
      '0',
      '--host',
      '127.0.0.1',
    ],
    {
      cwd: ROOT,
      // The demo's own timetable and an empty today, whatever the hour (test/hub/demoClock.test.ts tests `live`).
      env: {
        ...clock.env,
        HUB_ADMIN_PASSWORD: ADMIN_PASSWORD,
        NODE_ENV: 'production',
        DEMO_CLOCK: 'school',
        ...opts.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const ready = new Promise<{ port: number; httpPort: number }>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /"msg":"hub ready","port":(\d+),"httpPort":(\d+)/.exec(out);
      if (m) resolve({ port: Number(m[1]), httpPort: Number(m[2]) });
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (c: Buffer) => {
      out += c.toString();
    });
    proc.once('exit', (code) => reject(new Error(`hub exited (${code}) before ready:\n${out}`)));
    setTimeout(() => reject(new Error(`hub not ready in 60 s:\n${out}`)), 60_000).unref();
  });
  const { port, httpPort } = await ready;
  return {
    port,
    httpPort,
    dataDir,
    proc,
    clockOffsetMs: clock.offsetMs,
    output: () => out,
    ca: () => readFileSync(path.join(dataDir, 'tls', 'ca.crt')),
    kill9: async () => {
      proc.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
}

/** An HTTPS request that trusts only the hub's own CA, as a configured tablet does. */
export function request<T = unknown>(
  hub: RunningHub,
  method: string,
  urlPath: string,
  opts: { body?: unknown; token?: string; rawBody?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  return new Promise((resolve, reject) => {
    const payload = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
    const req = https.request(
      {
        host: '127.0.0.1',
        port: hub.port,
        path: urlPath,
        method,
        ca: hub.ca(),
        servername: 'localhost',
        headers: {
          ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          ...opts.headers,
        },
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          data += c;
        });
        res.on('end', () => {
          let body: unknown = data;
          try {
            body = JSON.parse(data);
          } catch {
            /* not JSON: keep the text */
          }
          resolve({ status: res.statusCode ?? 0, body: body as T, headers: res.headers });
        });
      },
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** A fresh demo hub with an office session and the roster it serves: how most tests begin. */
export async function startDemoHub(
  opts: { clockAt?: number } = {},
): Promise<{ hub: RunningHub; admin: string; roster: Roster }> {
  const hub = await startHub(opts);
  const admin = await adminToken(hub);
  const roster = (await request<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: admin })).body.roster;
  return { hub, admin, roster };
}

/** The demo school's ready pairing code, as printed at start-up. */
export function demoPairingCode(hub: RunningHub): string {
  const m = /demo pairing code: ([A-Z0-9]{8})/.exec(hub.output());
  if (!m) throw new Error('no demo pairing code in the hub output');
  return m[1]!;
}

export async function adminToken(hub: RunningHub): Promise<string> {
  const r = await request<{ token: string }>(hub, 'POST', '/api/admin/login', { body: { password: ADMIN_PASSWORD } });
  if (r.status !== 200) throw new Error(`admin login failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token;
}

/** Pairs a new kiosk the way the office does: make a code, type it on the tablet. */
export async function pairKiosk(hub: RunningHub, name = '测试平板'): Promise<{ deviceId: string; token: string }> {
  const admin = await adminToken(hub);
  const code = await request<{ code: string }>(hub, 'POST', '/api/admin/pairing-codes', { token: admin });
  const paired = await request<{ deviceId: string; token: string }>(hub, 'POST', '/api/pair', {
    body: { code: code.body.code, name },
  });
  if (paired.status !== 201) throw new Error(`pairing failed: ${paired.status} ${JSON.stringify(paired.body)}`);
  return paired.body;
}

/** The office's one-click backup (`GET /api/admin/backup`), as the bytes of the file. */
export function downloadBackup(hub: RunningHub, token: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    https
      .get(
        {
          host: '127.0.0.1',
          port: hub.port,
          path: '/api/admin/backup',
          ca: hub.ca(),
          servername: 'localhost',
          headers: { authorization: `Bearer ${token}` },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(Buffer.concat(chunks)));
        },
      )
      .on('error', reject);
  });
}

/**
 * A teacher types their PIN on the tablet: the hub checks it and from then on takes that tablet's records in their
 * name (CU21). The demo school's staff all have the demo PIN.
 */
export async function signInStaff(hub: RunningHub, token: string, staffId: string, pin = DEMO_PIN): Promise<void> {
  const r = await request(hub, 'POST', '/api/staff/sign-in', { token, body: { staffId, pin } });
  if (r.status !== 200) throw new Error(`sign-in of ${staffId} failed: ${r.status} ${JSON.stringify(r.body)}`);
}

/** A kiosk paired, with `staff` signed in on it: a tablet ready to record in their names. */
export async function readyKiosk(
  hub: RunningHub,
  staff: readonly string[],
  name = '测试平板',
): Promise<{ deviceId: string; token: string }> {
  const kiosk = await pairKiosk(hub, name);
  for (const s of staff) await signInStaff(hub, kiosk.token, s);
  return kiosk;
}

export function connectSocket(hub: RunningHub, token: string): Socket<HubToClientEvents, ClientToHubEvents> {
  return io(`https://127.0.0.1:${hub.port}`, {
    auth: { token },
    ca: hub.ca().toString(),
    transports: ['websocket'],
    reconnection: false,
  });
}

/**
 * A socket the hub has accepted. Broadcasts (rosterChanged, eventsStored) reach only connected sockets, so a
 * test that waits for one must be connected before it causes it; on a busy machine the handshake can take longer
 * than the request that triggers the broadcast.
 */
export async function connectedSocket(
  hub: RunningHub,
  token: string,
): Promise<Socket<HubToClientEvents, ClientToHubEvents>> {
  const s = connectSocket(hub, token);
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', (err) => {
      s.close();
      reject(err);
    });
  });
  return s;
}
