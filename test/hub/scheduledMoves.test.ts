/**
 * RM1 scheduled moves (issue #17): the roster editor's save with a 生效日期 later than the hub's today keeps the
 * class or group change in the roster, and the hub applies it when its own clock (injected here, moved by hand)
 * reaches that day: at start, and on the minute's look. Applied, it is an edit in the history in the clerk's
 * name and every kiosk is told. A past day or one beyond the 120-day window is refused in Chinese and English
 * with nothing changed; 取消 and a child who left drop the move. The hub's handlers run in this process on an
 * in-memory roster, with the clock pinned to a Sunday night in Shanghai whatever the real date is.
 */
import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import { describe, expect, it, vi } from 'vitest';
import { RosterMoveCancelBody, RosterStudentSaveBody } from '../../core/contract/bodies';
import type { Roster } from '../../core/roster';
import { RosterSchema } from '../../core/roster';
import { zonedTimeToEpoch } from '../../core/time';
import type { AccessStore } from '../../hub/accessStore';
import { makeDemoSchool } from '../../hub/demo/demoSchool';
import { createHub } from '../../hub/createHub';
import { rosterWithout } from '../../hub/erasure';
import { createHubContext } from '../../hub/hubContext';
import { HttpProblem } from '../../hub/http';
import { memoryLogger } from '../../hub/logger';
import { startScheduledMoves } from '../../hub/roster/scheduledMoves';
import { rosterEditRoutes } from '../../hub/routes/rosterEdit';
import { RosterStore } from '../../hub/rosterStore';
import { createMemoryEventLog } from '../../hub/store/eventLog';

const TZ = 'Asia/Shanghai';
const CLERK = 'office-1';
/** Sunday 6 December 2026, 23:58 in Shanghai: Monday 12月7日 is two minutes away */
const SUNDAY_NIGHT = zonedTimeToEpoch('2026-12-06', '23:58', TZ);
const MONDAY = '2026-12-07';

async function setUp(first: (r: Roster) => Roster = (r) => r) {
  let now = SUNDAY_NIGHT;
  const clock = () => now;
  const roster = first(makeDemoSchool({ randomBytes: (n) => randomBytes(n) }));
  const rosters = await RosterStore.open(null, () => roster, { clock });
  const logger = memoryLogger();
  const ctx = createHubContext({
    rosters,
    access: {} as AccessStore,
    log: createMemoryEventLog(),
    clock,
    logger,
    version: 'test',
  });
  const told = vi.fn();
  ctx.rosterChanged = told;
  // the editor's handlers are plain functions (no `before` step): called here as mountRoutes calls them
  const routes = rosterEditRoutes(ctx) as unknown as Record<
    'rosterStudentSave' | 'rosterMoveCancel' | 'rosterStudentLeave',
    (call: never) => Promise<unknown>
  >;
  const req = { ip: '192.168.1.20' } as Request;
  const save = (id: string, body: Record<string, unknown>) =>
    routes.rosterStudentSave({
      req,
      params: { id },
      body: RosterStudentSaveBody.parse({ staffId: CLERK, ...body }),
    } as never);
  const cancel = (id: string) =>
    routes.rosterMoveCancel({ req, params: { id }, body: RosterMoveCancelBody.parse({ staffId: CLERK }) } as never);
  const moves = startScheduledMoves(ctx, { every: () => () => {} });
  const student = (id: string) => rosters.roster.students.find((s) => s.id === id)!;
  return {
    rosters,
    logger,
    told,
    save,
    cancel,
    moves,
    student,
    child: rosters.roster.students.find((s) => s.classId === 'c1-1' && s.groupId === 'g1-whole')!,
    clerkName: rosters.roster.staff.find((s) => s.id === CLERK)!.name,
    advance: (ms: number) => {
      now += ms;
    },
    routes,
  };
}

const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HttpProblem);
  return err as HttpProblem;
};

describe('RM1 a move from a later day', () => {
  it("RM1: kept, not applied, the day before; applied as the hub clock crosses midnight, in the clerk's name", async () => {
    const h = await setUp();
    const { child } = h;
    const r = (await h.save(child.id, { classId: 'c1-2', groupId: 'g1-mixed', from: MONDAY })) as {
      student: { classId: string };
      scheduled?: unknown;
    };
    expect(r.student.classId).toBe('c1-1');
    expect(r.scheduled).toMatchObject({ studentId: child.id, from: MONDAY, classId: 'c1-2', groupId: 'g1-mixed' });
    expect(h.rosters.roster.scheduledMoves).toEqual([
      { studentId: child.id, from: MONDAY, classId: 'c1-2', groupId: 'g1-mixed', by: h.clerkName, at: SUNDAY_NIGHT },
    ]);
    expect(h.rosters.history[0]).toMatchObject({ kind: 'edit', by: h.clerkName, note: 'roster move scheduled' });

    // Sunday 23:59: still Sunday at the school, nothing moves
    h.advance(60_000);
    expect(await h.moves.tick()).toBe(0);
    expect(h.student(child.id)).toMatchObject({ classId: 'c1-1', groupId: 'g1-whole' });

    // 00:00 Monday in Shanghai
    h.advance(60_000);
    const before = h.rosters.version;
    h.told.mockClear();
    expect(await h.moves.tick()).toBe(1);
    expect(h.student(child.id)).toMatchObject({ classId: 'c1-2', grade: 1, groupId: 'g1-mixed', name: child.name });
    expect(h.rosters.roster.scheduledMoves).toEqual([]);
    expect(h.rosters.version).toBe(before + 1);
    expect(h.rosters.history[0]).toMatchObject({
      kind: 'edit',
      by: h.clerkName,
      note: 'roster scheduled move applied',
      replacedAt: SUNDAY_NIGHT + 120_000,
    });
    expect(h.told).toHaveBeenCalledTimes(1);
    const line = h.logger.records.find((l) => l.msg === 'roster scheduled move applied');
    expect(line?.fields).toMatchObject({ by: 'schedule', studentNos: [child.studentNo], today: MONDAY });
    expect(JSON.stringify(h.logger.records)).not.toContain(child.name);

    // applied once: the next minute's look finds nothing to do
    h.advance(60_000);
    expect(await h.moves.tick()).toBe(0);
  });

  it('RM1: a move into another grade takes the grade along; out of service is a move to no group', async () => {
    const h = await setUp();
    const [a, b] = h.rosters.roster.students.filter((s) => s.classId === 'c1-1');
    await h.save(a!.id, { classId: 'c3-1', groupId: 'g3-whole', from: MONDAY });
    await h.save(b!.id, { groupId: null, from: MONDAY });
    expect(h.rosters.roster.scheduledMoves.find((m) => m.studentId === b!.id)).toMatchObject({ groupId: null });
    expect(h.rosters.roster.scheduledMoves.find((m) => m.studentId === b!.id)).not.toHaveProperty('classId');
    h.advance(2 * 60_000);
    expect(await h.moves.tick()).toBe(2);
    expect(h.student(a!.id)).toMatchObject({ classId: 'c3-1', grade: 3, groupId: 'g3-whole' });
    expect(h.student(b!.id)).toMatchObject({ classId: 'c1-1', groupId: null });
    // two moves by one clerk: one save, one history entry
    expect(h.rosters.history.filter((x) => x.note === 'roster scheduled move applied')).toHaveLength(1);
  });

  it('RM1: the date of today applies now; other fields of a dated save are saved now', async () => {
    const h = await setUp();
    const [a, b] = h.rosters.roster.students.filter((s) => s.classId === 'c1-1');
    await h.save(a!.id, { classId: 'c1-2', from: '2026-12-06' });
    expect(h.student(a!.id).classId).toBe('c1-2');
    await h.save(b!.id, { name: '张晓明', classId: 'c1-3', from: MONDAY });
    expect(h.student(b!.id)).toMatchObject({ name: '张晓明', classId: 'c1-1' });
    expect(h.rosters.roster.scheduledMoves).toHaveLength(1);
  });

  it('RM1: a past day and a day beyond 120 days are refused in Chinese and English, nothing saved', async () => {
    const h = await setUp();
    const { child } = h;
    const version = h.rosters.version;
    const past = await refusal(h.save(child.id, { classId: 'c1-2', from: '2026-12-05' }));
    expect(past.status).toBe(400);
    expect(past.body.zh).toContain('12月5日 已经过去');
    expect(past.body.en).toContain('has passed');
    const far = await refusal(h.save(child.id, { classId: 'c1-2', from: '2027-04-06' }));
    expect(far.body.zh).toContain('最多提前 120 天');
    expect(far.body.en).toContain('120 days ahead');
    const nonsense = await refusal(h.save(child.id, { classId: 'c1-2', from: '2027-02-30' }));
    expect(nonsense.body.zh).toContain('不是有效日期');
    // the 120th day is still fine
    await h.save(child.id, { classId: 'c1-2', from: '2027-04-05' });
    expect(h.rosters.version).toBe(version + 1);
    expect(h.student(child.id).classId).toBe('c1-1');
  });

  it("RM1: 取消 drops the move as an edit in the clerk's name; on the day nothing moves", async () => {
    const h = await setUp();
    const { child } = h;
    await h.save(child.id, { classId: 'c1-2', from: MONDAY });
    expect(await h.cancel(child.id)).toMatchObject({ ok: true, cancelled: true });
    expect(h.rosters.roster.scheduledMoves).toEqual([]);
    expect(h.rosters.history[0]).toMatchObject({ kind: 'edit', by: h.clerkName, note: 'roster move cancelled' });
    expect(await h.cancel(child.id)).toMatchObject({ ok: true, cancelled: false });
    h.advance(2 * 60_000);
    expect(await h.moves.tick()).toBe(0);
    expect(h.student(child.id).classId).toBe('c1-1');
  });

  it('RM1: a later save replaces the pending move; a class changed now drops it', async () => {
    const h = await setUp();
    const { child } = h;
    await h.save(child.id, { classId: 'c1-2', from: MONDAY });
    await h.save(child.id, { classId: 'c1-3', from: '2026-12-14' });
    expect(h.rosters.roster.scheduledMoves).toMatchObject([{ classId: 'c1-3', from: '2026-12-14' }]);
    await h.save(child.id, { classId: 'c1-2' });
    expect(h.rosters.roster.scheduledMoves).toEqual([]);
    expect(h.student(child.id).classId).toBe('c1-2');
  });

  it('RM1: a child marked as left takes their move along', async () => {
    const h = await setUp();
    const { child } = h;
    await h.save(child.id, { classId: 'c1-2', from: MONDAY });
    await h.routes.rosterStudentLeave({
      req: { ip: '192.168.1.20' } as Request,
      params: { id: child.id },
      body: { staffId: CLERK, studentNo: child.studentNo },
    } as never);
    expect(h.rosters.roster.scheduledMoves).toEqual([]);
  });

  it('RM1: an erased child leaves no move behind, in the roster or in any kept version', async () => {
    const h = await setUp();
    const { child } = h;
    await h.save(child.id, { classId: 'c1-2', from: MONDAY });
    await h.save(child.id, { classId: 'c1-3', from: '2026-12-14' });
    expect(JSON.stringify(h.rosters.history)).toContain(child.id);
    await h.rosters.replace(rosterWithout(h.rosters.roster, child.id), { kind: 'erasure', forgetStudentId: child.id });
    expect(h.rosters.roster.scheduledMoves).toEqual([]);
    expect(JSON.stringify(h.rosters.history)).not.toContain(child.id);
  });

  it('RM1: the roster refuses a move to a class or group it has not got, or two moves for one child', async () => {
    const roster = makeDemoSchool({ randomBytes: (n) => randomBytes(n) });
    const s = roster.students[0]!;
    const move = { studentId: s.id, from: MONDAY, by: '钱主任', at: SUNDAY_NIGHT };
    const bad = (moves: unknown[]) =>
      RosterSchema.safeParse({ ...roster, scheduledMoves: moves }).error?.issues.map((i) => i.message);
    expect(bad([{ ...move, classId: 'nope' }])).toEqual(['scheduled move to unknown class nope']);
    expect(bad([{ ...move, groupId: 'nope' }])).toEqual(['scheduled move to unknown group nope']);
    expect(
      bad([
        { ...move, classId: 'c1-2' },
        { ...move, groupId: null },
      ]),
    ).toEqual(['two scheduled moves for one child']);
    expect(bad([move])).toEqual(['a move names a class or a group']);
    // a roster saved before moves existed stays valid; a move of a child no longer on the roster is dropped
    const { scheduledMoves: _none, ...old } = roster;
    expect(RosterSchema.parse(old).scheduledMoves).toEqual([]);
    expect(
      RosterSchema.parse({ ...roster, scheduledMoves: [{ ...move, studentId: 'gone', classId: 'c1-2' }] })
        .scheduledMoves,
    ).toEqual([]);
  });

  it('RM1: a hub started on or after the day applies the move at start', async () => {
    let now = zonedTimeToEpoch('2026-12-08', '07:30', TZ);
    const base = makeDemoSchool({ randomBytes: (n) => randomBytes(n) });
    const child = base.students.find((s) => s.classId === 'c1-1')!;
    const roster = RosterSchema.parse({
      ...base,
      scheduledMoves: [{ studentId: child.id, from: MONDAY, classId: 'c1-2', by: '钱主任', at: SUNDAY_NIGHT }],
    });
    const rosters = await RosterStore.open(null, () => roster, { clock: () => now });
    const hub = createHub({
      rosters,
      access: {} as AccessStore,
      log: createMemoryEventLog(),
      clock: () => now,
      logger: memoryLogger(),
      version: 'test',
    });
    try {
      await vi.waitFor(() => expect(rosters.roster.students.find((s) => s.id === child.id)?.classId).toBe('c1-2'));
      expect(rosters.history[0]).toMatchObject({ kind: 'edit', by: '钱主任' });
      now += 60_000;
    } finally {
      await hub.close();
    }
  });
});
