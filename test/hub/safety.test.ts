/**
 * SN2 against a real hub process: a release a safety note forbids is taken with an override only when it names an
 * active duty leader whose PIN the hub itself checked at that tablet for that child (POST /api/staff/verify-leader),
 * and a wrong PIN there counts toward the same lock-out as a sign-in. The office saves the notes with the student.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DayState } from '../../core/state';
import type { SubmitResult } from '../../core/protocol';
import type { Roster, Student } from '../../core/roster';
import { recentSchoolAfternoon } from '../fakeClock';
import { checkIn, enrolled, todayAtSchool } from './demoEvents';
import type { RunningHub } from './hubProcess';
import { adminToken, readyKiosk, request, startDemoHub, startHub } from './hubProcess';

let hub: RunningHub;
let admin: string;
let roster: Roster;
let kids: Student[];
let kiosk: { deviceId: string; token: string };

beforeAll(async () => {
  ({ hub, admin, roster } = await startDemoHub({ clockAt: recentSchoolAfternoon() }));
  kids = enrolled(roster).filter((s) => s.groupId === 'g1-whole');
  kiosk = await readyKiosk(hub, ['care-1a', 'gate-1'], '校门');
});
afterAll(async () => {
  await hub?.stop();
});

const now = () => Date.now() + hub.clockOffsetMs;
const day = () => todayAtSchool(roster, now());

async function submit(events: unknown[]): Promise<string[]> {
  const r = await request<SubmitResult>(hub, 'POST', '/api/events', { token: kiosk.token, body: { events } });
  expect(r.status).toBe(200);
  return r.body.results.map((x) => (x.status === 'rejected' ? x.problem.code : x.status));
}

/** The child checked in, with a card-only note saved by the office. */
async function cardOnlyChild(n: number): Promise<Student> {
  const child = kids[n]!;
  const saved = await request(hub, 'PUT', `/api/admin/roster/students/${child.id}`, {
    token: admin,
    body: { staffId: 'office-1', safety: { medical: '', custody: '', cardOnly: true, notWith: [] } },
  });
  expect(saved.status).toBe(200);
  expect(await submit([{ ...checkIn(roster, child, kiosk.deviceId), day: day(), deviceTime: now() }])).toEqual([
    'stored',
  ]);
  return child;
}

const release = (child: Student, override?: { staffId: string; reason: string }) => ({
  id: randomUUID(),
  day: day(),
  deviceId: kiosk.deviceId,
  staffId: 'gate-1',
  deviceTime: now(),
  clockOffsetMs: 0,
  type: 'released',
  studentId: child.id,
  source: { kind: 'manual', reason: '家长接' },
  how: { kind: 'staff_confirmed', collectedBy: '妈妈' },
  ...(override ? { override } : {}),
});

const verify = (staffId: string, pin: string, studentId: string) =>
  request<{ staff?: { name: string }; code?: string }>(hub, 'POST', '/api/staff/verify-leader', {
    token: kiosk.token,
    body: { staffId, pin, studentId },
  });

describe('SN2 the duty leader override at the hub', () => {
  it('SN2: the office saves the notes with the student and the gate gets them; a note too long is refused, nothing saved', async () => {
    const child = kids[5]!;
    const bad = await request(hub, 'PUT', `/api/admin/roster/students/${child.id}`, {
      token: admin,
      body: { staffId: 'office-1', safety: { medical: '过'.repeat(121), custody: '', cardOnly: false, notWith: [] } },
    });
    expect(bad.status).toBe(400);
    const ok = await request(hub, 'PUT', `/api/admin/roster/students/${child.id}`, {
      token: admin,
      body: {
        staffId: 'office-1',
        safety: { medical: '哮喘 妈妈13812345678', custody: '', cardOnly: false, notWith: [] },
      },
    });
    expect(ok.status).toBe(200);
    const tablet = await request<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: kiosk.token });
    expect(tablet.body.roster.students.find((s) => s.id === child.id)!.safety.medical).toBe('哮喘 妈妈138****5678');
  });

  it('SN2: an override the hub did not check at this tablet is refused; one naming a non-leader is refused', async () => {
    const child = await cardOnlyChild(0);
    expect(await submit([release(child, { staffId: 'leader-1', reason: '家长忘带卡' })])).toEqual([
      'override_not_verified',
    ]);
    expect(await submit([release(child, { staffId: 'gate-1', reason: '我认识家长' })])).toEqual([
      'override_not_leader',
    ]);
    // The gate teacher's own right PIN is no leader's: refused, as any wrong PIN.
    expect((await verify('gate-1', '2468', child.id)).status).toBe(401);
    const state = (await request<DayState>(hub, 'GET', `/api/headcount?date=${day()}`, { token: admin })).body;
    expect(state.children[child.id]!.status).toBe('in_care');
  });

  it('SN2: with the leader’s PIN checked for this child the override is stored and the leader is alerted', async () => {
    const child = await cardOnlyChild(1);
    const other = await cardOnlyChild(2);
    const ok = await verify('leader-1', '2468', child.id);
    expect(ok.status).toBe(200);
    expect(ok.body.staff?.name).toBe('赵校长');
    // The check is for that child only.
    expect(await submit([release(other, { staffId: 'leader-1', reason: '家长忘带卡' })])).toEqual([
      'override_not_verified',
    ]);
    expect(await submit([release(child, { staffId: 'leader-1', reason: '家长忘带卡，已电话核实' })])).toEqual([
      'stored',
    ]);
    const state = (await request<DayState>(hub, 'GET', `/api/headcount?date=${day()}`, { token: admin })).body;
    expect(state.children[child.id]!.status).toBe('released');
    expect(state.anomalies.find((a) => a.studentId === child.id && a.code === 'release_overridden')).toMatchObject({
      severity: 'alert',
      detail: { rule: 'card_only', leaderId: 'leader-1', note: '家长忘带卡，已电话核实' },
    });
  });

  it('SN2: wrong PINs at verify-leader count toward the leader’s lock-out, so the leader’s phone login is locked too', async () => {
    const child = kids[3]!;
    for (let i = 0; i < 5; i++) expect((await verify('office-1', '000000', child.id)).status).toBe(401);
    expect((await verify('office-1', '2468', child.id)).status).toBe(429);
    const login = await request(hub, 'POST', '/api/leader/login', { body: { staffId: 'office-1', pin: '2468' } });
    expect(login.status).toBe(429);
  });
});

describe('SN2 the leader’s check survives the hub', () => {
  it('SN2: a release written after the leader’s PIN was checked is taken even when the hub restarted in between', async () => {
    const child = await cardOnlyChild(3);
    expect((await verify('leader-1', '2468', child.id)).status).toBe(200);
    // The hub goes down (power, an update) before the tablet's release reaches it, and comes back.
    const { dataDir, port } = hub;
    const clockAt = now();
    await hub.kill9();
    hub = await startHub({ dataDir, port, clockAt });
    admin = await adminToken(hub);
    expect(await submit([release(child, { staffId: 'leader-1', reason: '家长忘带卡，已电话核实' })])).toEqual([
      'stored',
    ]);
  });
});
