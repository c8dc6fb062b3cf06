/**
 * The reports keep past days reduced (hub/routes/reports.ts, issue #20: a day of a 3,000-child school takes
 * 25–80 ms to reduce, and the office asks for the same month again and again). A day's state is kept only while
 * its log and the roster are unchanged: leave the office records afterwards for a past day (it may, up to 14
 * days back) shows in the next report. The hub's clock is pinned to a school afternoon.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Roster } from '../../core/roster';
import type { DayState } from '../../core/state';
import { localDay } from '../../core/time';
import { DEMO_HISTORY_DAYS, pastServiceDays } from '../../hub/demo/demoWeek';
import { recentSchoolAfternoon } from '../fakeClock';
import type { RunningHub } from './hubProcess';
import { request, startDemoHub } from './hubProcess';

let hub: RunningHub;
let admin: string;
let roster: Roster;
let today: string;
const at = recentSchoolAfternoon();

beforeAll(async () => {
  ({ hub, admin, roster } = await startDemoHub({ clockAt: at }));
  today = localDay(at, roster.settings.timeZone);
}, 90_000);
afterAll(async () => {
  await hub?.stop();
});

type Row = { expectedDays: number; absentWithReason: number; absentWithoutReason: number };
const statistics = async (day: string) =>
  (
    await request<{ rows: Row[] }>(hub, 'GET', `/api/admin/reports/period?from=${day}&to=${day}&by=school`, {
      token: admin,
    })
  ).body.rows[0]!;

describe('reports keep past days reduced only while nothing changed', () => {
  it('leave recorded afterwards for a past day shows in the next report', async () => {
    const day = pastServiceDays(roster, today, 5)[2]!;
    const before = await statistics(day);
    // the same answer twice: the second from the kept state
    expect(await statistics(day)).toEqual(before);
    const state = (await request<DayState>(hub, 'GET', `/api/headcount?date=${day}`, { token: admin })).body;
    const absent = Object.values(state.children).find(
      (c) => c.expectedToday && c.status === 'absent' && !c.absence?.reason,
    );
    expect(absent, 'the demo week has a child absent without a reason').toBeDefined();

    const clerk = roster.staff.find((s) => s.active && s.roles.includes('office'))!;
    const recorded = await request(hub, 'POST', '/api/admin/leave', {
      token: admin,
      body: { staffId: clerk.id, studentId: absent!.studentId, from: day, to: day, reason: 'sick', note: '' },
    });
    expect(recorded.status).toBe(200);
    const after = await statistics(day);
    expect(after.absentWithoutReason).toBe(before.absentWithoutReason - 1);
    expect(after.absentWithReason).toBe(before.absentWithReason + 1);
  }, 60_000);
});

describe('reports are prepared after a start', () => {
  it("the last month's past days are reduced in the background: each day of the demo's seeded week", async () => {
    // Waits for the condition, not a time: the hub logs it once done (main.ts starts it 5 s after the start).
    const ready = () =>
      hub
        .output()
        .split('\n')
        .find((l) => l.includes('reports ready for the last month'));
    const deadline = Date.now() + 60_000;
    while (!ready() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(ready(), 'the hub prepared the reports').toBeDefined();
    // R2: nothing before the first logged day counts, so the month holds just the demo's seeded past days
    expect(ready()).toMatch(new RegExp(`"days":${DEMO_HISTORY_DAYS}\\b`));
    // …each of them kept reduced, so the first 月汇总 after the start finds them
    expect(ready()).toMatch(new RegExp(`"kept":${DEMO_HISTORY_DAYS}\\b`));
  }, 90_000);
});
