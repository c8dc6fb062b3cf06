/**
 * BD1 with a real hub: a gate board pairs with a board code only, its token reads the board (names masked by the
 * hub) and nothing else, and no other token reads the board.
 */
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskName } from '../../core/boardView';
import type { BoardView } from '../../core/boardView';
import { ROUTE_KEYS, ROUTES } from '../../core/contract';
import type { CustodyEventInput } from '../../core/events';
import type { Roster, Student } from '../../core/roster';
import { recentSchoolAfternoon } from '../fakeClock';
import { enrolled, todayAtSchool } from './demoEvents';
import type { RunningHub } from './hubProcess';
import { connectSocket, readyKiosk, request, startDemoHub } from './hubProcess';

let hub: RunningHub;
let admin: string;
let roster: Roster;
let kiosk: { deviceId: string; token: string };
let leader: string;
let board: { deviceId: string; token: string };
let child: Student;

const hubNow = () => Date.now() + hub.clockOffsetMs;
const event = (type: 'checked_in' | 'called_to_gate' | 'sent_to_gate', staffId: string): CustodyEventInput =>
  ({
    id: randomUUID(),
    day: todayAtSchool(roster, hubNow()),
    deviceId: kiosk.deviceId,
    staffId,
    deviceTime: hubNow(),
    clockOffsetMs: 0,
    type,
    studentId: child.id,
    source: { kind: 'manual', reason: '测试' },
    ...(type === 'checked_in' ? { groupId: child.groupId! } : {}),
  }) as CustodyEventInput;
const submit = async (e: CustodyEventInput) => {
  const r = await request<{ results: { status: string }[] }>(hub, 'POST', '/api/events', {
    token: kiosk.token,
    body: { events: [e] },
  });
  expect(r.body.results.map((x) => x.status)).toEqual(['stored']);
};
const boardCode = async () =>
  (await request<{ code: string }>(hub, 'POST', '/api/admin/board-pairing-codes', { token: admin })).body.code;
const boardSocket = (token: string, ns = '/board'): Socket =>
  io(`https://127.0.0.1:${hub.port}${ns}`, {
    auth: { token },
    ca: hub.ca().toString(),
    transports: ['websocket'],
    reconnection: false,
  });
const refusedSocket = (s: Socket) =>
  new Promise<string>((resolve) => {
    s.once('connect', () => resolve('connected'));
    s.once('connect_error', () => resolve('refused'));
  }).finally(() => s.close());

beforeAll(async () => {
  ({ hub, admin, roster } = await startDemoHub({ clockAt: recentSchoolAfternoon() + 60 * 60_000 }));
  kiosk = await readyKiosk(hub, ['care-1a', 'gate-1'], '校门平板');
  leader = (
    await request<{ token: string }>(hub, 'POST', '/api/leader/login', { body: { staffId: 'leader-1', pin: '2468' } })
  ).body.token;
  child = enrolled(roster).find((s) => s.grade === 1 && [...s.name].length === 3)!;
});
afterAll(async () => {
  await hub?.stop();
});

describe('BD1 gate board on the hub', () => {
  it('BD1: a board pairs with a gate board code only, and a board code pairs no kiosk; each mix-up said in words', async () => {
    const kioskCode = (await request<{ code: string }>(hub, 'POST', '/api/admin/pairing-codes', { token: admin })).body
      .code;
    const wrong = await request<{ problem: { zh: string } }>(hub, 'POST', '/api/board/pair', {
      body: { code: kioskCode, name: '校门大屏' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.problem.zh).toContain('这是平板的配对码');
    const code = await boardCode();
    const asKiosk = await request(hub, 'POST', '/api/pair', { body: { code, name: '平板' } });
    expect(asKiosk.status).toBe(401);
    const paired = await request<{ deviceId: string; token: string }>(hub, 'POST', '/api/board/pair', {
      body: { code, name: '校门大屏' },
    });
    expect(paired.status).toBe(201);
    board = paired.body;
    const codes = await request<{ codes: { board: boolean; deviceId: string | null }[] }>(
      hub,
      'GET',
      '/api/admin/pairing-codes',
      { token: admin },
    );
    expect(codes.body.codes.find((c) => c.deviceId === board.deviceId)?.board).toBe(true);
    const devices = await request<{ devices: { id: string; kind: string }[] }>(hub, 'GET', '/api/admin/devices', {
      token: admin,
    });
    expect(devices.body.devices.find((d) => d.id === board.deviceId)?.kind).toBe('board');
  });

  it('BD1: the board token gets the called child with the name masked by the hub, the class, and nothing else', async () => {
    await submit(event('checked_in', 'care-1a'));
    await submit(event('called_to_gate', 'gate-1'));
    const r = await request<BoardView>(hub, 'GET', '/api/board', { token: board.token });
    expect(r.status).toBe(200);
    const className = roster.classes.find((c) => c.id === child.classId)!.name;
    expect(r.body.called).toEqual([expect.objectContaining({ name: maskName(child.name), className, minutes: 0 })]);
    const text = JSON.stringify(r.body);
    for (const secret of [child.name, child.id, child.studentNo, ...roster.guardians.map((g) => g.phone)])
      expect(text).not.toContain(secret);
  });

  it('BD1: every route that takes a token refuses the board token with 403; the main socket refuses it', async () => {
    const swept = ROUTE_KEYS.filter((k) => ROUTES[k].auth !== 'none' && ROUTES[k].auth !== 'board');
    expect(swept.length).toBeGreaterThan(25);
    for (const key of swept) {
      const path = ROUTES[key].path.replace(/:([a-z]+)/g, 'x');
      const r = await request(hub, ROUTES[key].method, path, {
        token: board.token,
        ...(ROUTES[key].method === 'GET' ? {} : { body: {} }),
      });
      expect(r.status, `${ROUTES[key].method} ${path}`).toBe(403);
    }
    expect(await refusedSocket(connectSocket(hub, board.token) as unknown as Socket)).toBe('refused');
  });

  it("BD1: a kiosk's, a leader's and the office's token are refused on the board's route and socket", async () => {
    for (const token of [kiosk.token, leader, admin]) {
      expect((await request(hub, 'GET', '/api/board', { token })).status).toBe(403);
      expect(await refusedSocket(boardSocket(token))).toBe('refused');
    }
    expect((await request(hub, 'GET', '/api/board')).status).toBe(401);
  });

  it('BD1: the board socket gets the view on connecting and again when the room sends the child', async () => {
    const s = boardSocket(board.token);
    const views: BoardView[] = [];
    s.on('boardView', (v: BoardView) => views.push(v));
    await expect.poll(() => views.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(views.at(-1)!.called.map((c) => c.name)).toEqual([maskName(child.name)]);
    await submit(event('sent_to_gate', 'care-1a'));
    await expect
      .poll(() => views.at(-1)!.atGate.map((c) => c.name), { timeout: 10_000 })
      .toEqual([maskName(child.name)]);
    expect(views.at(-1)!.called).toEqual([]);
    s.close();
  });

  it('BD1: a revoked board is refused at once', async () => {
    expect((await request(hub, 'POST', `/api/admin/devices/${board.deviceId}/revoke`, { token: admin })).status).toBe(
      200,
    );
    expect((await request(hub, 'GET', '/api/board', { token: board.token })).status).toBe(401);
    expect(await refusedSocket(boardSocket(board.token))).toBe('refused');
  });
});
