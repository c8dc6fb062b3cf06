/**
 * The hub as a tablet and the office meet it: a real process over HTTPS with its own CA, real files on disk.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { Roster } from '../../core/roster';
import type { DayState } from '../../core/state';
import type { Ack, DaySlice, SubmitResult } from '../../core/protocol';
import type { RunningHub } from './hubProcess';
import { adminToken, connectSocket, pairKiosk, readyKiosk, request, startHub } from './hubProcess';
import { checkIn, enrolled, todayAtSchool } from './demoEvents';

let hub: RunningHub;
let admin: string;
let kiosk: { deviceId: string; token: string };
let roster: Roster;

beforeAll(async () => {
  hub = await startHub();
  admin = await adminToken(hub);
  kiosk = await readyKiosk(hub, ['care-1a', 'gate-1']);
  roster = (await request<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: admin })).body.roster;
});
afterAll(async () => {
  await hub?.stop();
});

function plainGet(
  port: number,
  p: string,
): Promise<{ status: number; location?: string; type?: string; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: p, headers: { host: `127.0.0.1:${port}` } }, (res) => {
        let body = '';
        res.setEncoding('latin1');
        res.on('data', (c: string) => {
          body += c;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location,
            type: res.headers['content-type'],
            body,
          }),
        );
      })
      .on('error', reject);
  });
}

describe('serving', () => {
  it("answers /api/health over HTTPS with a certificate the hub's own CA verifies", async () => {
    const r = await request<{ ok: boolean; version: string; school: string }>(hub, 'GET', '/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, version: '0.1.0', school: '接力演示小学' });
  });

  it('the plain-HTTP port serves only the CA and how to trust it, and redirects everything else to HTTPS', async () => {
    const ca = await plainGet(hub.httpPort, '/ca.crt');
    expect(ca.status).toBe(200);
    expect(ca.type).toBe('application/x-x509-ca-cert');
    const setup = await plainGet(hub.httpPort, '/setup');
    expect(setup.body).toMatch(/iPad/);
    const other = await plainGet(hub.httpPort, '/api/headcount');
    expect(other.status).toBe(308);
    expect(other.location).toBe(`https://127.0.0.1:${hub.port}/api/headcount`);
  });

  it('sends pages and data gzipped to a browser that accepts it, and plain to one that does not', async () => {
    const token = await adminToken(hub);
    const zipped = await request(hub, 'GET', '/api/roster', { token, headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    const html = await request<string>(hub, 'GET', '/kiosk/');
    const script = /<script[^>]+src="([^"]+\.js)"/.exec(html.body)![1]!;
    const page = await request(hub, 'GET', new URL(script, 'https://x/kiosk/').pathname, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect([page.status, page.headers['content-encoding']]).toEqual([200, 'gzip']);
    const plain = await request<{ roster: Roster }>(hub, 'GET', '/api/roster', { token });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.roster.students).toHaveLength(240);
  });

  it('seeds the demo school: about 240 students, whole-class and mixed groups, today a service day', async () => {
    expect(roster.students.length).toBe(240);
    expect(new Set(roster.groups.map((g) => g.kind))).toEqual(new Set(['whole_class', 'mixed']));
    const day = todayAtSchool(roster);
    const r = await request<DayState>(hub, 'GET', `/api/headcount?date=${day}`, { token: admin });
    expect(r.status).toBe(200);
    expect(r.body.serviceDay.service).toBe(true);
    expect(r.body.school.enrolledToday).toBe(enrolled(roster).length);
    expect(hub.output()).toMatch(/demo pairing code: [A-Z0-9]{8}/);
  });
});

describe('access', () => {
  it('refuses every data route without a valid token, and logs the refusal', async () => {
    for (const [method, p] of [
      ['GET', '/api/roster'],
      ['GET', '/api/headcount'],
      ['GET', '/api/events'],
      ['POST', '/api/events'],
    ] as const) {
      const none = await request(hub, method, p, { body: method === 'POST' ? { events: [] } : undefined });
      expect(none.status, `${method} ${p}`).toBe(401);
      const forged = await request(hub, method, p, {
        token: 'forged-token-aaaaaaaaaaaaaaaaaaaaaaaa',
        body: method === 'POST' ? { events: [] } : undefined,
      });
      expect(forged.status).toBe(401);
      expect(forged.body).toMatchObject({ problem: { code: 'unauthorized', zh: expect.stringContaining('配对') } });
    }
    expect(hub.output()).toMatch(/"msg":"refused"/);
  });

  it("kiosks do not get guardians' phone numbers; the office does", async () => {
    const asKiosk = await request<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: kiosk.token });
    expect(asKiosk.body.roster.guardians.every((g) => g.phone === '')).toBe(true);
    expect(roster.guardians.every((g) => /^1\d{10}$/.test(g.phone))).toBe(true);
    expect(hub.output()).not.toMatch(/1[3-9]\d{9}/);
  });

  it('office routes need the admin session, not a kiosk token', async () => {
    expect((await request(hub, 'POST', '/api/admin/pairing-codes', { token: kiosk.token })).status).toBe(403);
  });

  it('a pairing code pairs once', async () => {
    const code = (await request<{ code: string }>(hub, 'POST', '/api/admin/pairing-codes', { token: admin })).body.code;
    expect((await request(hub, 'POST', '/api/pair', { body: { code, name: 'A' } })).status).toBe(201);
    const again = await request(hub, 'POST', '/api/pair', { body: { code, name: 'B' } });
    expect(again.status).toBe(401);
    expect(again.body).toMatchObject({ problem: { code: 'bad_pairing_code' } });
  });

  it('a revoked kiosk is refused and what it sends changes nothing', async () => {
    const k = await pairKiosk(hub, '将被停用');
    const student = enrolled(roster)[5]!;
    expect((await request(hub, 'POST', `/api/admin/devices/${k.deviceId}/revoke`, { token: admin })).status).toBe(200);
    const day = todayAtSchool(roster);
    const before = (await request<DaySlice>(hub, 'GET', `/api/events?day=${day}`, { token: admin })).body.lastSeq;
    const r = await request(hub, 'POST', '/api/events', {
      token: k.token,
      body: { events: [checkIn(roster, student, k.deviceId)] },
    });
    expect(r.status).toBe(401);
    expect((await request<DaySlice>(hub, 'GET', `/api/events?day=${day}`, { token: admin })).body.lastSeq).toBe(before);
  });

  it('PIN and admin password guesses are rate-limited, then locked', async () => {
    // its own tablet: a lock-out ends the locked teacher's sign-in on the tablet it happened on (CU21)
    const kiosk = await pairKiosk(hub, '猜测用平板');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push(
        (
          await request(hub, 'POST', '/api/staff/sign-in', {
            token: kiosk.token,
            body: { staffId: 'care-1a', pin: '0000' },
          })
        ).status,
      );
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    // Locked even with the right PIN, so guessing cannot continue in the background.
    expect(
      (
        await request(hub, 'POST', '/api/staff/sign-in', {
          token: kiosk.token,
          body: { staffId: 'care-1a', pin: '2468' },
        })
      ).status,
    ).toBe(429);
    // Another staff member on the same kiosk is not locked out.
    const ok = await request<{ staff: { name: string } }>(hub, 'POST', '/api/staff/sign-in', {
      token: kiosk.token,
      body: { staffId: 'care-1b', pin: '2468' },
    });
    expect(ok.status).toBe(200);
  });
});

describe('ingest', () => {
  it('CU18 stores an event once: a repeat is a duplicate with the same sequence number', async () => {
    const e = checkIn(roster, enrolled(roster)[0]!, kiosk.deviceId);
    const first = await request<SubmitResult>(hub, 'POST', '/api/events', {
      token: kiosk.token,
      body: { events: [e] },
    });
    expect(first.body.results).toMatchObject([{ id: e.id, status: 'stored' }]);
    const again = await request<SubmitResult>(hub, 'POST', '/api/events', {
      token: kiosk.token,
      body: { events: [e, e] },
    });
    const seq = first.body.results[0]!.status === 'stored' ? (first.body.results[0] as { seq: number }).seq : -1;
    expect(again.body.results).toMatchObject([
      { status: 'duplicate', seq },
      { status: 'duplicate', seq },
    ]);
    const slice = (await request<DaySlice>(hub, 'GET', `/api/events?day=${e.day}`, { token: admin })).body;
    expect(slice.events.filter((x) => x.id === e.id)).toHaveLength(1);
  });

  it('CU17 refuses bad events one by one with a reason in Chinese and English, storing the good ones', async () => {
    const kids = enrolled(roster);
    const good = checkIn(roster, kids[1]!, kiosk.deviceId);
    const notEnrolled = roster.students.find((s) => s.groupId === null)!;
    const bad = [
      { ...checkIn(roster, kids[2]!, kiosk.deviceId), source: { kind: 'card', cardId: 'RSZZ0000000000000X' } },
      { ...checkIn(roster, kids[2]!, kiosk.deviceId), source: { kind: 'card', cardId: kids[3]!.cardId } },
      {
        ...checkIn(roster, kids[2]!, kiosk.deviceId),
        studentId: notEnrolled.id,
        source: { kind: 'manual', reason: '忘带卡' },
      },
      { ...checkIn(roster, kids[2]!, kiosk.deviceId), deviceId: 'kiosk-someone-else' },
      { ...checkIn(roster, kids[2]!, kiosk.deviceId), day: '2020-01-01' },
      { hello: 'world' },
    ];
    const r = await request<SubmitResult>(hub, 'POST', '/api/events', {
      token: kiosk.token,
      body: { events: [good, ...bad] },
    });
    expect(r.body.results.map((x) => x.status)).toEqual([
      'stored',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
    ]);
    expect(r.body.results.slice(1).map((x) => (x.status === 'rejected' ? x.problem.code : x.status))).toEqual([
      'card_malformed',
      'card_mismatch',
      'not_enrolled',
      'device_mismatch',
      'day_out_of_range',
      'malformed',
    ]);
    const rejected = r.body.results[3]!;
    expect(rejected.status === 'rejected' && rejected.problem.zh).toBe('该学生未报名课后服务');
  });

  it('refuses a body that is not JSON, too large, or not a list, without crashing', async () => {
    expect((await request(hub, 'POST', '/api/events', { token: kiosk.token, rawBody: '{"events": [' })).status).toBe(
      400,
    );
    expect(
      (
        await request(hub, 'POST', '/api/events', {
          token: kiosk.token,
          rawBody: JSON.stringify({ events: ['x'.repeat(2_000_000)] }),
        })
      ).status,
    ).toBe(413);
    const notList = await request<SubmitResult>(hub, 'POST', '/api/events', {
      token: kiosk.token,
      body: { events: { id: 1 } },
    });
    expect(notList.body.results).toMatchObject([{ status: 'rejected', problem: { code: 'malformed' } }]);
    expect((await request(hub, 'GET', '/api/health')).status).toBe(200);
  });

  it('the headcount reflects what was stored', async () => {
    const day = todayAtSchool(roster);
    const state = (await request<DayState>(hub, 'GET', `/api/headcount?date=${day}`, { token: kiosk.token })).body;
    expect(state.children[enrolled(roster)[0]!.id]?.status).toBe('in_care');
    expect((await request(hub, 'GET', '/api/headcount?date=2026-02-30', { token: admin })).status).toBe(400);
  });
});

describe('live over socket.io', () => {
  it('a kiosk submits with an acknowledgement and a dashboard gets the stored event; a late subscriber catches up by seq', async () => {
    const day = todayAtSchool(roster);
    const dashboard = connectSocket(hub, admin);
    const tablet = connectSocket(hub, kiosk.token);
    try {
      const sub = (await dashboard.timeout(10_000).emitWithAck('subscribeDay', { day, sinceSeq: 0 })) as Ack<DaySlice>;
      expect(sub.ok).toBe(true);
      const since = sub.ok ? sub.data.lastSeq : 0;
      const live = new Promise<DaySlice>((resolve) => dashboard.on('eventsStored', resolve));
      const e = checkIn(roster, enrolled(roster)[10]!, kiosk.deviceId);
      const ack = (await tablet.timeout(10_000).emitWithAck('submitEvents', [e])) as Ack<SubmitResult>;
      expect(ack).toMatchObject({ ok: true, data: { results: [{ id: e.id, status: 'stored', seq: since + 1 }] } });
      const pushed = await live;
      expect(pushed.events.map((x) => x.id)).toEqual([e.id]);
      expect(pushed.lastSeq).toBe(since + 1);

      const late = connectSocket(hub, kiosk.token);
      const catchUp = (await late
        .timeout(10_000)
        .emitWithAck('subscribeDay', { day, sinceSeq: since })) as Ack<DaySlice>;
      expect(catchUp.ok && catchUp.data.events.map((x) => x.id)).toEqual([e.id]);
      late.close();
    } finally {
      dashboard.close();
      tablet.close();
    }
  });

  it('a socket without a valid token is refused at the handshake', async () => {
    const s = connectSocket(hub, 'nope');
    const err = await new Promise<Error>((resolve) => s.on('connect_error', resolve));
    expect(err.message).toBe('unauthorized');
    s.close();
  });

  it('hostile socket messages get a clear rejection and the hub stays up', async () => {
    const s = connectSocket(hub, kiosk.token);
    try {
      const deep = JSON.parse('['.repeat(500) + ']'.repeat(500)) as unknown[];
      const a = (await s.timeout(10_000).emitWithAck('submitEvents', deep)) as Ack<SubmitResult>;
      expect(a.ok && a.data.results[0]?.status).toBe('rejected');
      const b = (await s
        .timeout(10_000)
        .emitWithAck('subscribeDay', { day: '../../etc', sinceSeq: -1 })) as Ack<DaySlice>;
      expect(b).toMatchObject({ ok: false, problem: { code: 'malformed' } });
      expect((await request(hub, 'GET', '/api/health')).status).toBe(200);
    } finally {
      s.close();
    }
  });
});

describe('restart', () => {
  it('keeps the roster, the paired kiosks and every stored event across a restart', async () => {
    const day = todayAtSchool(roster);
    const before = (await request<DaySlice>(hub, 'GET', `/api/events?day=${day}`, { token: admin })).body;
    await hub.stop();
    hub = await startHub({ dataDir: hub.dataDir });
    const after = (await request<DaySlice>(hub, 'GET', `/api/events?day=${day}`, { token: kiosk.token })).body;
    expect(after.events.map((e) => e.id)).toEqual(before.events.map((e) => e.id));
    const again = (await request<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: await adminToken(hub) })).body
      .roster;
    expect(again.students.map((s) => s.cardId)).toEqual(roster.students.map((s) => s.cardId));
    expect(hub.output()).not.toMatch(/admin password \(shown once/);
  });
});

describe('duty leader access', () => {
  it('a duty leader signs in with a PIN; a teacher without the role cannot', async () => {
    const list = await request<{ leaders: { id: string; name: string }[] }>(hub, 'GET', '/api/leader/staff');
    expect(list.body.leaders.map((l) => l.id)).toEqual(['leader-1', 'office-1']);
    // care-1b, not care-1a: care-1a's PIN was locked by the guessing above, and that lock holds here too.
    expect(
      (await request(hub, 'POST', '/api/leader/login', { body: { staffId: 'care-1b', pin: '2468' } })).status,
    ).toBe(401);
    const ok = await request<{ token: string; deviceId: string }>(hub, 'POST', '/api/leader/login', {
      body: { staffId: 'leader-1', pin: '2468' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.deviceId).toBe('leader:leader-1');
    expect((await request(hub, 'GET', '/api/kiosks', { token: ok.body.token })).status).toBe(200);
    expect((await request(hub, 'GET', '/api/kiosks', { token: kiosk.token })).status).toBe(403);
  });

  it("a leader's phone writes only in that leader's name and under its own device id", async () => {
    const { token } = (
      await request<{ token: string }>(hub, 'POST', '/api/leader/login', { body: { staffId: 'leader-1', pin: '2468' } })
    ).body;
    const day = todayAtSchool(roster);
    const base = {
      id: '',
      day,
      deviceId: 'leader:leader-1',
      staffId: 'leader-1',
      deviceTime: Date.now(),
      type: 'roll_call_ended',
    };
    const r = await request<SubmitResult>(hub, 'POST', '/api/events', {
      token,
      body: {
        events: [
          { ...base, id: '11111111-1111-4111-8111-111111111111' },
          { ...base, id: '22222222-2222-4222-8222-222222222222', staffId: 'office-1' },
          { ...base, id: '33333333-3333-4333-8333-333333333333', deviceId: kiosk.deviceId },
        ],
      },
    });
    expect(r.body.results.map((x) => (x.status === 'rejected' ? x.problem.code : x.status))).toEqual([
      'stored',
      'unknown_staff',
      'device_mismatch',
    ]);
  });
});

describe('tablets managed by the office', () => {
  it('the office renames a tablet and gives it a station, which the tablet can read; a station in a group that does not exist is refused', async () => {
    const token = await adminToken(hub);
    const r = await request(hub, 'PUT', `/api/admin/devices/${kiosk.deviceId}`, {
      token,
      body: { name: '一年级混合班', station: { kind: 'care', ref: 'g1-mixed' } },
    });
    expect(r.status).toBe(200);
    expect((await request(hub, 'GET', '/api/device', { token: kiosk.token })).body).toMatchObject({
      name: '一年级混合班',
      station: { kind: 'care', ref: 'g1-mixed' },
    });
    expect(
      (
        await request(hub, 'PUT', `/api/admin/devices/${kiosk.deviceId}`, {
          token,
          body: { station: { kind: 'care', ref: 'g-nowhere' } },
        })
      ).status,
    ).toBe(400);
    expect(
      (await request(hub, 'PUT', `/api/admin/devices/${kiosk.deviceId}`, { token: kiosk.token, body: { name: 'x' } }))
        .status,
    ).toBe(403);
  });
});

describe('reports', () => {
  it('the daily sign-in sheet of a group, as JSON, CSV with a BOM and .xlsx', async () => {
    const token = await adminToken(hub);
    const child = enrolled(roster)[0]!;
    const day = todayAtSchool(roster);
    const json = await request<{ rows: { studentNo: string; arrival: string }[] }>(
      hub,
      'GET',
      `/api/admin/reports/daily?date=${day}&group=${child.groupId}`,
      { token },
    );
    expect(json.body.rows.find((r) => r.studentNo === child.studentNo)?.arrival).toMatch(/^\d\d:\d\d$/);
    const csv = await request<string>(
      hub,
      'GET',
      `/api/admin/reports/daily?date=${day}&group=${child.groupId}&format=csv`,
      { token },
    );
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(String(csv.body).startsWith('\uFEFF学号,姓名')).toBe(true);
    expect((await request(hub, 'GET', `/api/admin/reports/daily?date=${day}&group=nope`, { token })).status).toBe(404);
    expect(
      (await request(hub, 'GET', `/api/admin/reports/daily?date=${day}&group=${child.groupId}`, { token: kiosk.token }))
        .status,
    ).toBe(403);
  });
});

describe('period statistics', () => {
  it('this week by group, as JSON and .xlsx; a bad grouping is refused', async () => {
    const token = await adminToken(hub);
    const day = todayAtSchool(roster);
    const r = await request<{ rows: { key: string; attendedDays: number }[] }>(
      hub,
      'GET',
      `/api/admin/reports/period?from=${day}&to=${day}&by=group`,
      { token },
    );
    expect(r.status).toBe(200);
    expect(r.body.rows.reduce((n, x) => n + x.attendedDays, 0)).toBeGreaterThan(0);
    const x = await request(hub, 'GET', `/api/admin/reports/period?from=${day}&to=${day}&by=group&format=xlsx`, {
      token,
    });
    expect(x.headers['content-type']).toMatch(/spreadsheetml/);
    expect(
      (await request(hub, 'GET', `/api/admin/reports/period?from=${day}&to=${day}&by=planet`, { token })).status,
    ).toBe(400);
  });
});

describe('fee statements', () => {
  it('a statement per enrolled child, as JSON and .xlsx', async () => {
    const token = await adminToken(hub);
    const day = todayAtSchool(roster);
    const r = await request<{ lines: { studentNo: string; attendedDays: number }[] }>(
      hub,
      'GET',
      `/api/admin/reports/fees?from=${day}&to=${day}`,
      { token },
    );
    expect(r.status).toBe(200);
    expect(r.body.lines).toHaveLength(enrolled(roster).length);
    expect(r.body.lines.find((l) => l.studentNo === enrolled(roster)[0]!.studentNo)?.attendedDays).toBe(1);
    expect(
      (await request(hub, 'GET', `/api/admin/reports/fees?from=${day}&to=${day}&format=xlsx`, { token })).headers[
        'content-type'
      ],
    ).toMatch(/spreadsheetml/);
  });
});

describe('care-teacher hours', () => {
  it('the demo rota with nobody signed in flags every duty as missed', async () => {
    const token = await adminToken(hub);
    const day = todayAtSchool(roster);
    const r = await request<{ rows: { staffId: string; missed: unknown[]; lessonHours: number }[] }>(
      hub,
      'GET',
      `/api/admin/reports/hours?from=${day}&to=${day}`,
      { token },
    );
    expect(r.status).toBe(200);
    const care = r.body.rows.find((x) => x.staffId === 'care-1b')!;
    expect(care.missed).toHaveLength(1);
    expect(care.lessonHours).toBe(0);
  });
});

describe('figures for the education bureau', () => {
  it('per grade and in total', async () => {
    const token = await adminToken(hub);
    const day = todayAtSchool(roster);
    const r = await request<{ rows: { grade: string; studentsServed: number }[] }>(
      hub,
      'GET',
      `/api/admin/reports/bureau?from=${day}&to=${day}`,
      { token },
    );
    expect(r.body.rows.map((x) => x.grade)).toEqual(['1 年级', '3 年级', '合计']);
    expect(r.body.rows.at(-1)!.studentsServed).toBeGreaterThan(0);
  });
});
