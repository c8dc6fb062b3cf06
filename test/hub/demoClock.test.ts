/**
 * The demo is live at any hour (issue #16, finding 16): a newcomer who runs `npm start` at 21:00 on a Saturday
 * or at 06:00 finds children in care and can walk one to the gate, with nothing flagged 滞留 (left on campus)
 * or 未到 (not handed off); at 15:00 on a school day the demo keeps the school's own times. Each hub runs at a
 * faked moment (libfaketime, test/fakeClock.ts), always a recent past one, so the result never depends on the
 * hour the tests run at. (Other tests' hubs run with `DEMO_CLOCK=school`: the demo's own timetable, today empty.)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionTimes, timetableFor } from '../../core/calendar';
import type { CustodyEventInput } from '../../core/events';
import type { SubmitResult } from '../../core/protocol';
import type { Roster } from '../../core/roster';
import { dutyOn } from '../../core/rotas';
import type { DayState } from '../../core/state';
import { isoWeekday, localDay, localTime } from '../../core/time';
import { recentSchoolAfternoon } from '../fakeClock';
import type { RunningHub } from './hubProcess';
import { adminToken, readyKiosk, request, startHub } from './hubProcess';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * `hh`:00 in Shanghai on the latest day that `dayOk` accepts, at least two hours ago (so a certificate the hub
 * makes then is already valid on the real clock) and at most eight days back.
 */
function recentShanghai(hh: number, dayOk: (isoWeekday: number) => boolean, now = Date.now()): number {
  for (let back = 0; back < 9; back++) {
    const day = localDay(now - back * DAY_MS, 'Asia/Shanghai');
    const at = Date.parse(`${day}T${String(hh).padStart(2, '0')}:00:00+08:00`);
    if (dayOk(isoWeekday(day)) && at <= now - 2 * HOUR_MS) return at;
  }
  throw new Error('no such moment in the last eight days');
}

const running: RunningHub[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((h) => h.stop()));
});

/** A demo hub as `npm start` runs it (`--demo-clock live`, the default), its clock at `at`. */
async function demoAt(at: number) {
  const hub = await startHub({ clockAt: at, env: { DEMO_CLOCK: 'live' } });
  running.push(hub);
  const admin = await adminToken(hub);
  const roster = (await request<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: admin })).body.roster;
  const started = { hub, admin, roster };
  const hubNow = () => Date.now() + started.hub.clockOffsetMs;
  const tz = started.roster.settings.timeZone;
  const today = localDay(hubNow(), tz);
  const headcount = async () =>
    (await request<DayState>(started.hub, 'GET', `/api/headcount?date=${today}`, { token: started.admin })).body;
  return { ...started, hubNow, today, tz, headcount };
}

type Demo = Awaited<ReturnType<typeof demoAt>>;

const overdue = (state: DayState) =>
  state.anomalies.filter((a) => a.code === 'left_on_campus' || a.code === 'not_handed_off');

/** A session under way: children in care, nothing overdue, one walked to the gate and released, one handed off. */
async function expectLiveSession(demo: Demo) {
  const { hub, roster, today, hubNow } = demo;
  const nowHhmm = localTime(hubNow(), demo.tz);
  expect(timetableFor(roster.calendar, today).id).toBe(`demo-live-${today}`);
  const first = sessionTimes(roster.calendar, today, 1)!;
  expect(first.start <= nowHhmm && nowHhmm < first.end).toBe(true);

  const before = await demo.headcount();
  expect(before.serviceDay.service).toBe(true);
  const inCare = Object.values(before.children).filter((c) => c.status === 'in_care');
  expect(inCare.length).toBeGreaterThan(40);
  expect(overdue(before)).toEqual([]);

  // The care teacher walks a child to the gate, and gate duty lets the child go with the guardian's card.
  const duty = dutyOn(roster, today);
  const child = roster.students.find((s) => s.id === inCare.find((c) => c.groupId === 'g1-whole')!.studentId)!;
  const care = duty.care['g1-whole']![0]!;
  const gate = duty.gate[0]!;
  const grade3 = roster.students.find((s) => s.groupId === 'g3-mixed' && before.children[s.id]?.status === 'expected')!;
  const classTeacher = roster.classes.find((c) => c.id === grade3.classId)!.headTeacherId!;
  const kiosk = await readyKiosk(hub, [care, gate, classTeacher]);
  const guardian = roster.guardians.find((g) => g.studentIds.includes(child.id))!;
  const event = (staffId: string, body: Record<string, unknown>) =>
    ({
      id: randomUUID(),
      day: today,
      deviceId: kiosk.deviceId,
      staffId,
      deviceTime: hubNow(),
      clockOffsetMs: 0,
      ...body,
    }) as CustodyEventInput;
  const card = { kind: 'card', cardId: child.cardId } as const;
  const r = await request<SubmitResult>(hub, 'POST', '/api/events', {
    token: kiosk.token,
    body: {
      events: [
        event(care, { type: 'sent_to_gate', studentId: child.id, source: card, wave: child.pickupWave }),
        event(gate, {
          type: 'released',
          studentId: child.id,
          source: card,
          how: { kind: 'guardian_card', guardianId: guardian.id, cardId: guardian.cardId },
        }),
        // Grades 3–4 start a little later, as on a school day: their class teacher hands one over now.
        event(classTeacher, {
          type: 'handed_off',
          studentId: grade3.id,
          source: { kind: 'card', cardId: grade3.cardId },
          toGroupId: 'g3-mixed',
        }),
      ],
    },
  });
  expect(r.status).toBe(200);
  expect(r.body.results.map((x) => x.status)).toEqual(['stored', 'stored', 'stored']);
  const after = await demo.headcount();
  expect(after.children[child.id]!.status).toBe('released');
  expect(after.children[grade3.id]!.status).toBe('handed_off');
  expect(overdue(after)).toEqual([]);
}

describe('the demo at any hour (#16)', () => {
  it('at 21:00 on a Saturday a session is under way: children in care, one walked to the gate, nothing 滞留', async () => {
    const demo = await demoAt(recentShanghai(21, (wd) => wd === 6));
    expect(isoWeekday(demo.today)).toBe(6);
    expect(localTime(demo.hubNow(), demo.tz) >= '21:00').toBe(true);
    await expectLiveSession(demo);
  });

  it('at 06:00 a session is under way too', async () => {
    const demo = await demoAt(recentShanghai(6, () => true));
    expect(localTime(demo.hubNow(), demo.tz) < '07:00').toBe(true);
    await expectLiveSession(demo);
  });

  it("at 15:00 on a school day the demo keeps the school's own times, before the session starts", async () => {
    const demo = await demoAt(recentSchoolAfternoon());
    const { roster, today } = demo;
    expect(['winter', 'summer']).toContain(timetableFor(roster.calendar, today).id);
    expect(roster.calendar.timetables.some((t) => t.id.startsWith('demo-live-'))).toBe(false);
    expect(sessionTimes(roster.calendar, today, 1)!.start).toBe('15:30');
    expect(sessionTimes(roster.calendar, today, 3)!.start).toBe('15:55');
    const state = await demo.headcount();
    // A service day (a weekday, or in the demo calendar's winter holiday, opened for the demo).
    expect(state.serviceDay.service).toBe(true);
    // Nobody is in care before the session; nobody is flagged either.
    expect(Object.values(state.children).filter((c) => c.status === 'in_care')).toEqual([]);
    expect(overdue(state)).toEqual([]);
  });
});

describe('the same rule without a hub', () => {
  it("the timetable in force is untouched when the school's own session is live", async () => {
    const { openDemoToday } = await import('../../hub/demo/demoSchool');
    const { makeDemoSchool } = await import('../../hub/demo/demoSchool');
    const roster: Roster = makeDemoSchool({ randomBytes: (n) => randomBytes(n) });
    const tuesday = '2026-12-01';
    const at = (hhmm: string) => Date.parse(`${tuesday}T${hhmm}:00+08:00`);
    expect(openDemoToday(roster, tuesday, at('16:30'), { retime: true })).toBe(roster);
    const evening = openDemoToday(roster, tuesday, at('21:02'), { retime: true });
    expect(sessionTimes(evening.calendar, tuesday, 1)).toMatchObject({ start: '20:40', end: '22:40' });
    expect(sessionTimes(evening.calendar, tuesday, 3)).toMatchObject({ start: '21:05', end: '23:05' });
    // The next day and the days before keep the school's times.
    expect(sessionTimes(evening.calendar, '2026-12-02', 1)!.start).toBe('15:30');
    expect(sessionTimes(evening.calendar, '2026-11-30', 1)!.start).toBe('15:30');
    // Late at night nothing crosses midnight; the day watch (no retime) leaves the times alone.
    const late = openDemoToday(roster, tuesday, at('23:50'), { retime: true });
    expect(sessionTimes(late.calendar, tuesday, 1)).toMatchObject({ start: '23:30', end: '23:59' });
    expect(openDemoToday(roster, tuesday, at('23:50'))).toBe(roster);
  });
});
