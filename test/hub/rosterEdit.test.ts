/**
 * The roster editor's routes (issue #17) on a real hub over HTTPS: fix one child's name, move a child to another
 * class, add one newcomer (a card id made as an import makes one), mark a child who left (their cards revoked);
 * every change in a clerk's name, logged, and pushed to the kiosks as an import is. Bad input is refused in
 * Chinese and English with nothing changed; only the office may call them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardHash } from '../../core/cardHash';
import { parseCardId } from '../../core/cardId';
import type { Roster } from '../../core/roster';
import { DEMO_PIN } from '../../hub/demo/demoSchool';
import { expectProblem, req, storedState } from '../security/hubState';
import type { RunningHub } from './hubProcess';
import { connectedSocket, pairKiosk, startDemoHub } from './hubProcess';

let hub: RunningHub;
let admin: string;
let roster: Roster;
let kiosk: { deviceId: string; token: string };

const CLERK = 'office-1';

beforeAll(async () => {
  ({ hub, admin, roster } = await startDemoHub());
  kiosk = await pairKiosk(hub, '门口平板');
});
afterAll(async () => {
  await hub?.stop();
});

const asOffice = async () => (await req<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: admin })).body.roster;
const asKiosk = async () =>
  (await req<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: kiosk.token })).body.roster;
const logLines = () =>
  hub
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** A child of class 1 of grade 1 who is not otherwise touched by the other tests. */
const child = (n: number) => roster.students.filter((s) => s.classId === 'c1-1')[n]!;

describe('editing one student', () => {
  it("fixes a child's name: the initials follow, the kiosk is told at once and reads it, the change is logged", async () => {
    const s = child(0);
    const socket = await connectedSocket(hub, kiosk.token);
    try {
      const pushed = new Promise<{ version: number }>((resolve) => socket.once('rosterChanged', resolve));
      const r = await req<{ version: number; student: { name: string; initials: string } }>(
        hub,
        'PUT',
        `/api/admin/roster/students/${s.id}`,
        { token: admin, body: { staffId: CLERK, name: '张晓明' } },
      );
      expect(r.status).toBe(200);
      expect(r.body.student).toMatchObject({ name: '张晓明', initials: 'zxm' });
      expect((await pushed).version).toBe(r.body.version);
    } finally {
      socket.close();
    }
    expect((await asOffice()).students.find((x) => x.id === s.id)).toMatchObject({
      name: '张晓明',
      studentNo: s.studentNo,
      cardId: s.cardId,
    });
    expect((await asKiosk()).students.find((x) => x.id === s.id)?.name).toBe('张晓明');
    const line = logLines().find((l) => l.msg === 'roster student changed');
    expect(line).toMatchObject({ by: 'office', staffId: CLERK, studentNo: s.studentNo, fields: ['name'] });
    expect(typeof line?.at).toBe('string');
    expect(hub.output()).not.toContain('张晓明');
    // The version it replaced is kept, as an edit in the clerk's name: the office can see it and restore it.
    const history = await req<{ history: { kind: string; by: string; version: number }[] }>(
      hub,
      'GET',
      '/api/admin/roster/history',
      { token: admin },
    );
    const clerk = roster.staff.find((x) => x.id === CLERK)!.name;
    expect(history.body.history[0]).toMatchObject({ kind: 'edit', by: clerk });
  });

  it("moves a child to a class of another grade and into that grade's group: the grade follows the class", async () => {
    const s = child(1);
    const r = await req(hub, 'PUT', `/api/admin/roster/students/${s.id}`, {
      token: admin,
      body: { staffId: CLERK, classId: 'c3-1', groupId: 'g3-whole' },
    });
    expect(r.status).toBe(200);
    expect((await asOffice()).students.find((x) => x.id === s.id)).toMatchObject({
      classId: 'c3-1',
      groupId: 'g3-whole',
      grade: 3,
      name: s.name,
    });
    expect((await asKiosk()).students.find((x) => x.id === s.id)?.classId).toBe('c3-1');
  });

  it('changes the way home and takes a child out of after-school service', async () => {
    const s = child(2);
    const r = await req(hub, 'PUT', `/api/admin/roster/students/${s.id}`, {
      token: admin,
      body: { staffId: CLERK, groupId: null, pickup: { kind: 'bus', bus: '3' } },
    });
    expect(r.status).toBe(200);
    expect((await asOffice()).students.find((x) => x.id === s.id)).toMatchObject({
      groupId: null,
      pickup: { kind: 'bus', bus: '3' },
    });
  });
});

describe('a newcomer', () => {
  it('is added with a student card and a guardian pickup card made as an import makes them', async () => {
    const r = await req<{ student: Roster['students'][number]; guardian: Roster['guardians'][number] }>(
      hub,
      'POST',
      '/api/admin/roster/students',
      {
        token: admin,
        body: {
          staffId: CLERK,
          studentNo: '20269901',
          name: '新同学',
          classId: 'c1-2',
          groupId: 'g1-mixed',
          pickup: { kind: 'guardian' },
          guardian: { name: '新家长', relation: '母亲', phone: '13800009901' },
        },
      },
    );
    expect(r.status).toBe(201);
    const card = parseCardId(r.body.student.cardId!);
    expect(card).toMatchObject({ ok: true, kind: 'student', schoolTag: roster.school.cardTag });
    expect(parseCardId(r.body.guardian.cardId!)).toMatchObject({ ok: true, kind: 'guardian' });
    const after = await asOffice();
    expect(after.students.find((s) => s.studentNo === '20269901')).toMatchObject({
      id: 's-20269901',
      name: '新同学',
      initials: 'xtx',
      grade: 1,
      classId: 'c1-2',
      pickupWave: 1,
    });
    expect(after.guardians.find((g) => g.studentIds.includes('s-20269901'))).toMatchObject({ phone: '13800009901' });
    // the kiosk knows the new card (as its keyed hash) at once
    const tablet = await asKiosk();
    expect(tablet.cardHashes!.students['s-20269901']).toBe(cardHash(tablet.cardHashes!.key, r.body.student.cardId!));
    expect(logLines().some((l) => l.msg === 'roster student added' && l.staffId === CLERK)).toBe(true);
  });
});

describe('a child who left', () => {
  it('goes off the roster with their card revoked, and so do the guardians who collect no other child', async () => {
    const s = child(3);
    const guardian = roster.guardians.find((g) => g.studentIds.includes(s.id))!;
    const r = await req<{ revokedCards: number; guardiansRemoved: number }>(
      hub,
      'POST',
      `/api/admin/roster/students/${s.id}/leave`,
      { token: admin, body: { staffId: CLERK, studentNo: s.studentNo } },
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ revokedCards: 2, guardiansRemoved: 1 });
    const after = await asOffice();
    expect(after.students.some((x) => x.id === s.id)).toBe(false);
    expect(after.guardians.some((g) => g.id === guardian.id)).toBe(false);
    expect(after.revokedCards.map((c) => c.cardId)).toEqual(expect.arrayContaining([s.cardId, guardian.cardId]));
    const tablet = await asKiosk();
    expect(tablet.cardHashes!.revoked).toContain(cardHash(tablet.cardHashes!.key, s.cardId!));
    expect(logLines().some((l) => l.msg === 'roster student left' && l.studentNo === s.studentNo)).toBe(true);
  });

  it("is refused when the 学号 sent is not the chosen child's, and nothing changes", async () => {
    const s = child(4);
    const before = storedState(hub);
    const r = await req<{ problem: unknown }>(hub, 'POST', `/api/admin/roster/students/${s.id}/leave`, {
      token: admin,
      body: { staffId: CLERK, studentNo: child(5).studentNo },
    });
    expect(r.status).toBe(409);
    expectProblem(r.body.problem, 'wrong 学号');
    expect(storedState(hub)).toEqual(before);
  });
});

describe('a guardian', () => {
  it('changes phone, name and relation; the kiosk still never sees the phone', async () => {
    const g = roster.guardians.find((x) => x.studentIds.includes(child(6).id))!;
    const r = await req(hub, 'PUT', `/api/admin/roster/guardians/${g.id}`, {
      token: admin,
      body: { staffId: CLERK, phone: '13900001111', relation: '祖母', name: '王奶奶' },
    });
    expect(r.status).toBe(200);
    expect((await asOffice()).guardians.find((x) => x.id === g.id)).toMatchObject({
      phone: '13900001111',
      relation: '祖母',
      name: '王奶奶',
      cardId: g.cardId,
    });
    expect((await asKiosk()).guardians.find((x) => x.id === g.id)?.phone).toBe('');
    expect(hub.output()).not.toContain('13900001111');
  });
});

describe('refusals', () => {
  it('bad input is refused in Chinese and English, and nothing is changed', async () => {
    const s = child(7);
    const g = roster.guardians.find((x) => x.studentIds.includes(s.id))!;
    const newcomer = {
      staffId: CLERK,
      studentNo: '20269902',
      name: '又一个',
      classId: 'c1-1',
      groupId: null,
      pickup: { kind: 'guardian' },
    };
    const before = storedState(hub);
    const version = (await req<{ version: number }>(hub, 'GET', '/api/roster', { token: admin })).body.version;
    const attempts: [string, string, unknown, number][] = [
      ['PUT', `/api/admin/roster/students/${s.id}`, { staffId: CLERK, classId: 'c9-9' }, 400],
      ['PUT', `/api/admin/roster/students/${s.id}`, { staffId: CLERK, groupId: 'no-such-group' }, 400],
      ['PUT', `/api/admin/roster/students/${s.id}`, { staffId: CLERK, name: '   ' }, 400],
      ['PUT', `/api/admin/roster/students/${s.id}`, { staffId: CLERK, studentNo: child(8).studentNo }, 409],
      ['PUT', `/api/admin/roster/students/${s.id}`, { staffId: CLERK, studentNo: '12 34' }, 400],
      ['PUT', `/api/admin/roster/students/${s.id}`, { staffId: CLERK, pickup: { kind: 'walks_alone' } }, 400],
      ['PUT', `/api/admin/roster/students/${s.id}`, { staffId: CLERK }, 400],
      ['PUT', `/api/admin/roster/students/${s.id}`, { staffId: 'nobody', name: '李四' }, 400],
      ['PUT', `/api/admin/roster/students/${s.id}`, { name: '李四' }, 400],
      ['PUT', '/api/admin/roster/students/s-none', { staffId: CLERK, name: '李四' }, 404],
      ['POST', '/api/admin/roster/students', { ...newcomer, studentNo: s.studentNo }, 409],
      ['POST', '/api/admin/roster/students', { ...newcomer, classId: 'c9-9' }, 400],
      [
        'POST',
        '/api/admin/roster/students',
        { ...newcomer, guardian: { name: '家长', relation: '父亲', phone: 'x' } },
        400,
      ],
      ['POST', '/api/admin/roster/students/s-none/leave', { staffId: CLERK, studentNo: '1' }, 404],
      ['PUT', `/api/admin/roster/guardians/${g.id}`, { staffId: CLERK, phone: 'call me' }, 400],
      ['PUT', '/api/admin/roster/guardians/gd-none', { staffId: CLERK, phone: '13800000000' }, 404],
    ];
    for (const [method, url, body, status] of attempts) {
      const r = await req<{ problem: unknown }>(hub, method, url, { token: admin, body });
      expect(r.status, `${method} ${url} ${JSON.stringify(body)}`).toBe(status);
      expectProblem(r.body.problem, `${method} ${url}`);
    }
    expect(storedState(hub)).toEqual(before);
    expect((await req<{ version: number }>(hub, 'GET', '/api/roster', { token: admin })).body.version).toBe(version);
  });

  it('only the office may edit: a kiosk and a duty leader get 403, no token 401', async () => {
    const s = child(9);
    const leader = (
      await req<{ token: string }>(hub, 'POST', '/api/leader/login', { body: { staffId: 'leader-1', pin: DEMO_PIN } })
    ).body.token;
    const before = storedState(hub);
    const calls: [string, string, unknown][] = [
      ['PUT', `/api/admin/roster/students/${s.id}`, { staffId: CLERK, name: '李四' }],
      ['POST', `/api/admin/roster/students/${s.id}/leave`, { staffId: CLERK, studentNo: s.studentNo }],
      [
        'POST',
        '/api/admin/roster/students',
        {
          staffId: CLERK,
          studentNo: '20269903',
          name: '王五',
          classId: 'c1-1',
          groupId: null,
          pickup: { kind: 'guardian' },
        },
      ],
      ['PUT', `/api/admin/roster/guardians/gd-${s.id}`, { staffId: CLERK, phone: '13800000000' }],
    ];
    for (const [method, url, body] of calls) {
      for (const token of [kiosk.token, leader]) {
        const r = await req<{ problem: unknown }>(hub, method, url, { token, body });
        expect(r.status, `${method} ${url}`).toBe(403);
        expect(r.body.problem).toMatchObject({ code: 'admin_required' });
      }
      expect((await req(hub, method, url, { body })).status).toBe(401);
    }
    expect(storedState(hub)).toEqual(before);
  });
});
