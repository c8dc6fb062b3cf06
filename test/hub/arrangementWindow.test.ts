/**
 * The office's 接送安排 (POST /api/admin/arrangement) on a real demo hub whose clock is pinned to a school
 * afternoon: arrangements take the same days as leave (CU17, CU19), and a refused day says in words what is
 * wrong with it and which days may be arranged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isServiceDay, serviceDay } from '../../core/calendar';
import type { SubmitResult } from '../../core/protocol';
import type { Roster } from '../../core/roster';
import { addDays, isoWeekday, localDay } from '../../core/time';
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

/** The first day from `day` on (stepping by `step`) that is (or is not) a service day. */
function seek(day: string, step: 1 | -1, service: boolean, also: (d: string) => boolean = () => true): string {
  let d = day;
  while (isServiceDay(roster.calendar, d) !== service || !also(d)) d = addDays(d, step);
  return d;
}

async function arrange(day: string, arrangement: unknown) {
  const clerk = roster.staff.find((s) => s.active && s.roles.includes('office'))!;
  const child = roster.students.find((s) => s.groupId !== null)!;
  const r = await request<SubmitResult>(hub, 'POST', '/api/admin/arrangement', {
    token: admin,
    body: { staffId: clerk.id, studentId: child.id, day, arrangement, note: '' },
  });
  expect(r.status).toBe(200);
  return r.body.results[0]!;
}

const early = { kind: 'early_pickup', at: '16:00', collectedBy: '奶奶' };

describe('CU17 CU19 the office arranges a pickup for any day leave may be recorded', () => {
  it("CU19 tomorrow's (the next service day's) early pickup is stored, and a late pickup weeks ahead", async () => {
    expect((await arrange(seek(addDays(today, 1), 1, true), early)).status).toBe('stored');
    const later = seek(addDays(today, 30), 1, true);
    expect((await arrange(later, { kind: 'late_pickup', at: '18:30', collectedBy: '爸爸' })).status).toBe('stored');
  });

  it('CU17 a service day past the window is refused with the window in words', async () => {
    const first = addDays(today, -14);
    const last = addDays(today, 120);
    const ahead = seek(addDays(today, 121), 1, true);
    const r = await arrange(ahead, early);
    expect(r).toMatchObject({ status: 'rejected', problem: { code: 'day_out_of_range', detail: ahead } });
    expect(r.status === 'rejected' && r.problem.zh).toBe(
      `${ahead} 太远：最多提前 120 天：只能安排 ${first} 至 ${last} 之间的课后服务日`,
    );
    const old = seek(addDays(today, -15), -1, true);
    const past = await arrange(old, early);
    expect(past.status === 'rejected' && past.problem.zh).toBe(
      `${old} 已过去超过 14 天：只能安排 ${first} 至 ${last} 之间的课后服务日`,
    );
  });

  it("CU17 a past day without service is named for what it is, not as 'today'", async () => {
    const sunday = seek(addDays(today, -1), -1, false, (d) => isoWeekday(d) === 7);
    const r = await arrange(sunday, early);
    expect(r).toMatchObject({ status: 'rejected', problem: { code: 'not_service_day', detail: sunday } });
    // Named as the calendar has it: 周日, or the holiday it falls in (a run in 寒假 finds only holiday Sundays).
    const verdict = serviceDay(roster.calendar, sunday);
    const named = verdict.reason === 'holiday' ? verdict.note : '周日';
    expect(r.status === 'rejected' && r.problem.zh).toBe(
      `${sunday}（${named}）不是课后服务日：只能安排 ${addDays(today, -14)} 至 ${addDays(today, 120)} 之间的课后服务日`,
    );
    expect(r.status === 'rejected' && r.problem.zh).not.toContain('今天');
  });
});
