/**
 * Intruders at the door: no token, a revoked or forged one, PIN and password guessing, pages of other sites,
 * a tablet acting outside the station the office gave it, and paths that try to leave the served folders. Every
 * attempt is refused with a clear reason and leaves a line in the hub's log.
 */
import https from 'node:https';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, SubmitResult } from '../../core/protocol';
import type { Roster, Student } from '../../core/roster';
import { randomUUID } from 'node:crypto';
import type { RunningHub } from '../hub/hubProcess';
import { ADMIN_PASSWORD, connectSocket, pairKiosk, readyKiosk, startDemoHub } from '../hub/hubProcess';
import { checkIn, enrolled, todayAtSchool } from '../hub/demoEvents';
import { expectCleanLog, expectProblem, req, storedState } from './hubState';
import { concrete, hubRoutes } from './routes';
import { seeded } from './seeded';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const rng = seeded('access');

let hub: RunningHub;
let admin: string;
let roster: Roster;
let kiosk: { deviceId: string; token: string };
let revoked: { deviceId: string; token: string };
let leader: string;

beforeAll(async () => {
  ({ hub, admin, roster } = await startDemoHub());
  kiosk = await readyKiosk(hub, ['care-1a', 'gate-1'], '门口平板');
  revoked = await pairKiosk(hub, '丢失的平板');
  expect((await req(hub, 'POST', `/api/admin/devices/${revoked.deviceId}/revoke`, { token: admin })).status).toBe(200);
  leader = (
    await req<{ token: string }>(hub, 'POST', '/api/leader/login', { body: { staffId: 'leader-1', pin: '2468' } })
  ).body.token;
});
afterAll(async () => {
  await hub?.stop();
});

const logLines = () =>
  hub
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { msg: string; [k: string]: unknown });
const bodyFor = (method: string) => (method === 'GET' ? undefined : {});

describe('tokens', () => {
  it("only health, pairing (a kiosk's, a gate board's) and the two sign-ins are open; every /admin route is for the office", () => {
    const routes = hubRoutes();
    expect(routes.length).toBeGreaterThan(25);
    expect(
      routes
        .filter((r) => r.auth === 'none')
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    ).toEqual([
      'GET /api/health',
      'GET /api/leader/staff',
      'POST /api/admin/login',
      'POST /api/board/pair',
      'POST /api/leader/login',
      'POST /api/pair',
    ]);
    expect(
      routes.filter((r) => r.path.startsWith('/api/admin/') && r.path !== '/api/admin/login' && r.auth !== 'admin'),
    ).toEqual([]);
  });

  it("every other route refuses no token, a forged token, a revoked kiosk's token and a malformed header with 401, and logs each", async () => {
    const forged = Array.from({ length: 3 }, () =>
      Buffer.from(Array.from({ length: 32 }, () => rng.int(256))).toString('base64url'),
    );
    const routes = hubRoutes().filter((r) => r.auth !== 'none');
    const before = storedState(hub);
    for (const route of routes) {
      const url = concrete(route, { id: kiosk.deviceId, section: 'rooms' });
      const attempts: { token?: string; headers?: Record<string, string> }[] = [
        {},
        { token: rng.pick(forged) },
        { token: revoked.token },
        { token: `${admin}x` },
        { token: admin.slice(0, -1) },
        { headers: { authorization: `bearer ${admin}` } },
        { headers: { authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}` } },
        { headers: { authorization: `Bearer  ${admin}` } },
        { headers: { cookie: `token=${admin}` } },
      ];
      for (const a of attempts) {
        const r = await req<{ problem: unknown }>(
          hub,
          route.method,
          url + (a.headers?.cookie ? `?token=${admin}` : ''),
          { ...a, body: bodyFor(route.method) },
        );
        expect(r.status, `${route.method} ${url} ${JSON.stringify(a).slice(0, 60)}`).toBe(401);
        expect(r.body.problem).toMatchObject({ code: 'unauthorized' });
      }
    }
    const refused = logLines().filter((l) => l.msg === 'refused');
    for (const route of routes)
      expect(
        refused.some((l) => l.path === concrete(route, { id: kiosk.deviceId, section: 'rooms' }).slice(4)),
        route.path,
      ).toBe(true);
    expect(storedState(hub)).toEqual(before);
  });

  it('office routes refuse a kiosk and a duty leader with 403; kiosk-only and leader-only routes refuse the others', async () => {
    for (const route of hubRoutes().filter((r) => r.auth === 'admin')) {
      const url = concrete(route, { id: kiosk.deviceId, section: 'rooms' });
      for (const token of [kiosk.token, leader]) {
        const r = await req<{ problem: unknown }>(hub, route.method, url, { token, body: bodyFor(route.method) });
        expect(r.status, `${route.method} ${url}`).toBe(403);
        expectProblem(r.body.problem, url);
      }
    }
    expect((await req(hub, 'GET', '/api/kiosks', { token: kiosk.token })).status).toBe(403);
    expect((await req(hub, 'GET', '/api/device', { token: leader })).status).toBe(403);
    expect(logLines().some((l) => l.msg === 'refused' && l.reason === 'not admin')).toBe(true);
  });

  it('a revoked tablet cannot open a socket, and one open when it is revoked is cut off', async () => {
    const s = connectSocket(hub, revoked.token);
    expect((await new Promise<Error>((resolve) => s.on('connect_error', resolve))).message).toBe('unauthorized');
    s.close();
    const k = await pairKiosk(hub, '将被停用');
    const open = connectSocket(hub, k.token);
    await new Promise<void>((resolve) => open.once('connect', () => resolve()));
    const closed = new Promise<void>((resolve) => open.once('disconnect', () => resolve()));
    expect((await req(hub, 'POST', `/api/admin/devices/${k.deviceId}/revoke`, { token: admin })).status).toBe(200);
    await closed;
    open.close();
    expect(hub.output()).toMatch(/"msg":"socket refused"/);
  });
});

describe('other sites', () => {
  const origin = () => `https://localhost:${hub.port}`;
  const host = () => `localhost:${hub.port}`;

  it("a request from a page of another site is refused, with no CORS header, even with a valid token; the hub's own pages are served", async () => {
    for (const evil of [
      'https://evil.example',
      `https://localhost:${hub.port}.evil.example`,
      'null',
      `http://127.0.0.1:${hub.port + 1}`,
      'file://',
    ]) {
      for (const [method, url] of [
        ['GET', '/api/roster'],
        ['POST', '/api/events'],
        ['POST', '/api/admin/login'],
        ['GET', '/api/health'],
      ] as const) {
        const r = await req<{ problem: unknown }>(hub, method, url, {
          token: admin,
          body: method === 'POST' ? { events: [] } : undefined,
          headers: { origin: evil, host: host() },
        });
        expect(r.status, `${evil} ${url}`).toBe(403);
        expect(r.body.problem).toMatchObject({ code: 'cross_origin', zh: expect.any(String), en: expect.any(String) });
        expect(r.headers['access-control-allow-origin']).toBeUndefined();
      }
      const preflight = await req(hub, 'OPTIONS', '/api/events', {
        headers: {
          origin: evil,
          host: host(),
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      expect(preflight.headers['access-control-allow-headers']).toBeUndefined();
    }
    const same = await req(hub, 'GET', '/api/roster', { token: admin, headers: { origin: origin(), host: host() } });
    expect(same.status).toBe(200);
    expect(same.headers['access-control-allow-origin']).toBeUndefined();
    expect(logLines().some((l) => l.msg === 'cross-origin refused' && l.origin === 'https://evil.example')).toBe(true);
  });

  it('socket.io refuses a handshake from another site, over WebSocket and long-polling, and adds no CORS header', async () => {
    for (const transport of ['websocket', 'polling'] as const) {
      const s = io(`https://127.0.0.1:${hub.port}`, {
        auth: { token: kiosk.token },
        ca: hub.ca().toString(),
        transports: [transport],
        reconnection: false,
        extraHeaders: { origin: 'https://evil.example' },
      });
      const outcome = await new Promise<string>((resolve) => {
        s.once('connect', () => resolve('connected'));
        s.once('connect_error', (e) => resolve(`refused: ${e.message}`));
      });
      s.close();
      expect(outcome, transport).toMatch(/^refused/);
    }
    const poll = await new Promise<{ status: number; acao: unknown }>((resolve, reject) => {
      https
        .get(
          {
            host: '127.0.0.1',
            port: hub.port,
            path: '/socket.io/?EIO=4&transport=polling',
            ca: hub.ca(),
            servername: 'localhost',
            headers: { origin: 'https://evil.example' },
          },
          (res) => {
            res.resume();
            resolve({ status: res.statusCode ?? 0, acao: res.headers['access-control-allow-origin'] });
          },
        )
        .on('error', reject);
    });
    expect(poll.status).toBe(403);
    expect(poll.acao).toBeUndefined();
    // the hub's own page (same origin) connects
    const own = io(`https://127.0.0.1:${hub.port}`, {
      auth: { token: kiosk.token },
      ca: hub.ca().toString(),
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { origin: `https://127.0.0.1:${hub.port}` },
    });
    await new Promise<void>((resolve, reject) => {
      own.once('connect', () => resolve());
      own.once('connect_error', reject);
    });
    own.close();
    expect(hub.output()).toMatch(/"msg":"socket cross-origin refused"/);
  });
});

describe('stations', () => {
  const day = () => todayAtSchool(roster);
  const envelope = (k: { deviceId: string }, staffId = 'care-1a') => ({
    id: randomUUID(),
    day: day(),
    deviceId: k.deviceId,
    staffId,
    deviceTime: Date.now(),
    clockOffsetMs: 0,
  });
  const submit = async (token: string, events: unknown[]) =>
    (await req<SubmitResult>(hub, 'POST', '/api/events', { token, body: { events } })).body.results.map((r) =>
      r.status === 'rejected' ? r.problem.code : r.status,
    );
  const assign = async (deviceId: string, station: unknown) =>
    expect((await req(hub, 'PUT', `/api/admin/devices/${deviceId}`, { token: admin, body: { station } })).status).toBe(
      200,
    );
  const kid = (pred: (s: Student) => boolean) => enrolled(roster).slice(20).find(pred)!;

  it('a tablet the office put at the gate releases children but cannot hand off, check in, or start a roll call; over HTTP and socket.io', async () => {
    const k = await readyKiosk(hub, ['care-1a', 'gate-1'], '校门平板');
    await assign(k.deviceId, { kind: 'gate' });
    const a = kid(() => true);
    const release = {
      ...envelope(k, 'gate-1'),
      type: 'released',
      studentId: a.id,
      source: { kind: 'manual', reason: '忘带卡' },
      how: { kind: 'staff_confirmed', collectedBy: '妈妈' },
    };
    const handOff = {
      ...envelope(k, 'gate-1'),
      type: 'handed_off',
      studentId: a.id,
      source: { kind: 'manual', reason: 'x' },
      toGroupId: a.groupId,
    };
    const checkInIt = { ...checkIn(roster, a, k.deviceId, 'gate-1') };
    const roll = { ...envelope(k, 'gate-1'), type: 'roll_call_started' };
    const duty = { ...envelope(k, 'gate-1'), type: 'staff_signed_in', duty: 'gate' };
    expect(await submit(k.token, [handOff, checkInIt, roll, duty, release])).toEqual([
      'station_mismatch',
      'station_mismatch',
      'leader_only',
      'stored',
      'stored',
    ]);
    const s = connectSocket(hub, k.token);
    try {
      const ack = (await s
        .timeout(10_000)
        .emitWithAck('submitEvents', [{ ...handOff, id: randomUUID() }])) as Ack<SubmitResult>;
      expect(ack).toMatchObject({
        ok: true,
        data: {
          results: [{ status: 'rejected', problem: { code: 'station_mismatch', zh: expect.stringContaining('岗位') } }],
        },
      });
    } finally {
      s.close();
    }
    expect(
      logLines().some(
        (l) =>
          l.msg === 'events refused' &&
          l.by === k.deviceId &&
          (l.counts as Record<string, number>).station_mismatch === 2 &&
          (l.counts as Record<string, number>).leader_only === 1,
      ),
    ).toBe(true);
  });

  it('a classroom tablet hands off and records leave for its own class only; a care tablet checks children into its own group only', async () => {
    const k = await readyKiosk(hub, ['care-1a', 'gate-1'], '教室平板');
    const mine = kid(() => true);
    await assign(k.deviceId, { kind: 'classroom', ref: mine.classId });
    const other = kid((s) => s.classId !== mine.classId);
    const handOff = (s: Student) => ({
      ...envelope(k, 'care-1a'),
      type: 'handed_off',
      studentId: s.id,
      source: { kind: 'manual', reason: '忘带卡' },
      toGroupId: s.groupId,
    });
    const leave = (s: Student) => ({
      ...envelope(k, 'care-1a'),
      type: 'leave_recorded',
      studentId: s.id,
      reason: 'sick',
      note: '',
    });
    const release = {
      ...envelope(k, 'care-1a'),
      type: 'released',
      studentId: mine.id,
      source: { kind: 'manual', reason: 'x' },
      how: { kind: 'walks_alone' },
    };
    expect(await submit(k.token, [handOff(other), leave(other), release, handOff(mine), leave(mine)])).toEqual([
      'station_mismatch',
      'station_mismatch',
      'station_mismatch',
      'stored',
      'stored',
    ]);

    const c = await readyKiosk(hub, ['care-1a', 'gate-1'], '看护平板');
    const child = kid((s) => s.id !== mine.id && s.id !== other.id);
    const otherGroup = roster.groups.find((g) => g.id !== child.groupId)!;
    await assign(c.deviceId, { kind: 'care', ref: otherGroup.id });
    const into = (groupId: string) => ({ ...checkIn(roster, child, c.deviceId), groupId });
    const thirdGroup = roster.groups.find((g) => g.id !== child.groupId && g.id !== otherGroup.id)!;
    const released = {
      ...envelope(c),
      type: 'released',
      studentId: child.id,
      source: { kind: 'manual', reason: 'x' },
      how: { kind: 'walks_alone' },
    };
    // into another group than the tablet's (or the child's own) is refused; into the tablet's group is a warning case the kiosk records
    expect(await submit(c.token, [into(thirdGroup.id), released, into(otherGroup.id)])).toEqual([
      'station_mismatch',
      'station_mismatch',
      'stored',
    ]);

    // taking the station away restores the tablet's own choice, as for a tablet never given one
    await assign(k.deviceId, null);
    expect(await submit(k.token, [handOff(other)])).toEqual(['stored']);
  });
});

describe('paths', () => {
  it('no encoding of ../, backslash or NUL reaches a file outside the pages, and each attempt is logged', async () => {
    const dist = path.join(ROOT, 'dist');
    const toData = path.relative(dist, path.join(hub.dataDir, 'access.json')).split(path.sep);
    const probes = [
      '/../package.json',
      '/..%2fpackage.json',
      '/%2e%2e/package.json',
      '/%2E%2E%2Fpackage.json',
      '/kiosk/..%2f..%2fpackage.json',
      '/kiosk/%2e%2e%2f%2e%2e%2fhub%2fmain.ts',
      '/leader/..%5c..%5cpackage.json',
      '/office/..\\..\\package.json',
      '/kiosk/..\\..\\hub\\main.ts',
      '/kiosk/index.html%00.png',
      '/%00',
      '/%252e%252e/package.json',
      '/kiosk/%c0%ae%c0%ae/package.json',
      '/kiosk/%ff',
      '/.%2e/package.json',
      '/' + toData.map((p) => encodeURIComponent(p)).join('%2f'),
      '/' + toData.join('/'),
      '/kiosk/' + toData.map(() => '%2e%2e').join('/') + '/etc/passwd',
      '/api/admin/devices/..%2f..%2fhealth/revoke',
      '/api/..%2fapi/health',
      '/ca.crt/..%2f..%2fpackage.json',
      '/setup/%2e%2e/%2e%2e/data/access.json',
    ];
    for (const p of probes) {
      const r = await req<string | { problem?: unknown }>(hub, 'GET', p, { token: admin });
      const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
      expect([400, 404], p).toContain(r.status);
      expect(text, p).not.toMatch(/"tokenHash"|"name": "relay"|createHub|root:x:0|adminPassword/);
    }
    const refused = logLines().filter((l) => l.msg === 'path refused');
    expect(refused.length).toBeGreaterThanOrEqual(probes.length - 2);
    // the pages themselves still load
    expect((await req(hub, 'GET', '/kiosk/')).status).toBe(200);
    expect((await req(hub, 'GET', '/ca.crt')).status).toBe(200);
  });
});

// Last: these lock this address out of the admin login for 15 minutes.
describe('guessing', () => {
  it("PIN guesses at the duty leader's login: 5 wrong, then locked even with the right PIN, and logged", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push(
        (await req(hub, 'POST', '/api/leader/login', { body: { staffId: 'office-1', pin: String(1000 + i) } })).status,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const right = await req<{ problem: unknown }>(hub, 'POST', '/api/leader/login', {
      body: { staffId: 'office-1', pin: '2468' },
    });
    expect(right.status).toBe(429);
    expect(right.body.problem).toMatchObject({ code: 'rate_limited', zh: expect.stringContaining('稍后') });
    expect(logLines().filter((l) => l.msg === 'leader login refused').length).toBeGreaterThanOrEqual(5);
    expect(logLines().some((l) => l.msg === 'locked out' && String(l.key).includes('office-1'))).toBe(true);
  });

  it('pairing-code guesses: 5 wrong codes from one address, then that address is locked', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await req(hub, 'POST', '/api/pair', { body: { code: `WRONG${i}XX`, name: '入侵者' } })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect(logLines().filter((l) => l.msg === 'pairing refused')).toHaveLength(5);
  });

  it('admin password guesses: 5 wrong, then locked even with the right password', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await req(hub, 'POST', '/api/admin/login', { body: { password: `guess-${i}` } })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await req(hub, 'POST', '/api/admin/login', { body: { password: ADMIN_PASSWORD } })).status).toBe(429);
    expect(logLines().filter((l) => l.msg === 'admin login refused')).toHaveLength(5);
    // sessions already open keep working: the lock is on guessing, not on the office
    expect((await req(hub, 'GET', '/api/admin/devices', { token: admin })).status).toBe(200);
  });
});

describe('after the intrusions', () => {
  it('the log holds every refusal but no phone number, token or password, and no error', () => {
    expectCleanLog(hub, [admin, kiosk.token, revoked.token, leader, ADMIN_PASSWORD]);
  });
});
