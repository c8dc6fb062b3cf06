/**
 * The hub's own refusals of a period in a clerk's words (issue #17), for whoever sends it (the API, an old page):
 * a report's period over 62 days or backwards, a leave backwards, too long or outside CU17's window, each with
 * the dates and the range that may be used; never "from ≤ to" or "记录格式不正确". And GET /api/admin/date-limits
 * tells the office the hub's day, on a real demo hub whose clock is pinned to a school afternoon.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DateLimits, LeaveAnswer } from '../../core/contract/answers';
import type { ProblemBody } from '../../core/contract/answers';
import type { SubmitResult } from '../../core/protocol';
import type { Roster } from '../../core/roster';
import { addDays, localDay } from '../../core/time';
import { retentionStart } from '../../hub/retention';
import { recentSchoolAfternoon } from '../fakeClock';
import type { RunningHub } from './hubProcess';
import { request, startDemoHub } from './hubProcess';

let hub: RunningHub;
let admin: string;
let roster: Roster;
let today: string;
const at = recentSchoolAfternoon();
const TECHNICAL = /记录格式不正确|malformed|from ≤ to|two months|Invalid|Too small|arrangement\./;

beforeAll(async () => {
  ({ hub, admin, roster } = await startDemoHub({ clockAt: at }));
  today = localDay(at, roster.settings.timeZone);
}, 90_000);
afterAll(async () => {
  await hub?.stop();
});

const get = (path: string) => request<ProblemBody>(hub, 'GET', path, { token: admin });

async function leave(from: string, to: string) {
  const clerk = roster.staff.find((s) => s.active && s.roles.includes('office'))!;
  const child = roster.students.find((s) => s.groupId !== null)!;
  return request<LeaveAnswer & ProblemBody>(hub, 'POST', '/api/admin/leave', {
    token: admin,
    body: { staffId: clerk.id, studentId: child.id, from, to, reason: 'sick', note: '' },
  });
}

describe('a report period the hub refuses, in words with its dates', () => {
  it('92 days (2026-09-01 to 2026-12-01): the longest period, the last end allowed and the days asked for', async () => {
    for (const report of ['period', 'hours', 'bureau']) {
      const r = await get(`/api/admin/reports/${report}?from=2026-09-01&to=2026-12-01`);
      expect(r.status, report).toBe(400);
      expect(r.body.problem.code).toBe('malformed');
      expect(r.body.problem.zh).toBe(
        '一次最多查询 62 天（2026-09-01 起最晚到 2026-11-02）：2026-09-01 至 2026-12-01 共 92 天，请缩短',
      );
      expect(r.body.problem.en).toBe(
        'You can ask for at most 62 days at a time (from 2026-09-01, end on 2026-11-02 at the latest): 2026-09-01 to 2026-12-01 is 92 days, shorten it',
      );
      expect(`${r.body.problem.zh} ${r.body.problem.en}`).not.toMatch(TECHNICAL);
    }
    // The fees take a semester: 200 days after the start.
    const fees = await get('/api/admin/reports/fees?from=2026-01-01&to=2026-12-01');
    expect(fees.body.problem.zh).toBe(
      '一次最多查询 200 天（2026-01-01 起最晚到 2026-07-20）：2026-01-01 至 2026-12-01 共 335 天，请缩短',
    );
    // The longest allowed is answered.
    expect((await get('/api/admin/reports/period?from=2026-09-01&to=2026-11-02')).status).toBe(200);
  });

  it('the end before the start, and a date that is not one, are named', async () => {
    const r = await get('/api/admin/reports/bureau?from=2026-12-01&to=2026-11-30');
    expect(r.status).toBe(400);
    expect(r.body.problem).toMatchObject({
      code: 'malformed',
      zh: '结束日期不能早于开始日期：2026-11-30 早于 2026-12-01，请把结束日期改到 2026-12-01 或以后',
    });
    expect(r.body.problem.en).not.toMatch(TECHNICAL);
    const bad = await get('/api/admin/reports/period?from=2026-02-30&to=2026-03-02');
    expect(bad.body.problem.zh).toBe('开始日期 2026-02-30 不是有效的日期：请用 年-月-日，如 2026-09-01');
    const daily = await get(`/api/admin/reports/daily?date=2026-13-01&group=${roster.groups[0]!.id}`);
    expect(daily.body.problem.zh).toContain('日期 2026-13-01 不是有效的日期');
    const by = await get('/api/admin/reports/period?from=2026-11-01&to=2026-11-02&by=room');
    expect(by.body.problem.zh).toContain('统计方式只能是按班级、按课后服务班、按年级或全校');
  });
});

describe("a leave the hub refuses whole, in words with its dates and CU17's window", () => {
  const first = () => addDays(today, -14);
  const last = () => addDays(today, 120);

  it('CU17 leave ending past the window names the window and the day, and stores nothing', async () => {
    const r = await leave(addDays(today, 115), addDays(today, 125));
    expect(r.status).toBe(400);
    expect(r.body.problem.code).toBe('day_out_of_range');
    expect(r.body.problem.zh).toBe(
      `请假日期须在 ${first()} 至 ${last()} 之间：${addDays(today, 125)} 太远，最多提前 120 天登记`,
    );
    expect(r.body.problem.en).toBe(
      `Leave can be recorded only for days from ${first()} to ${last()}: ${addDays(today, 125)} is more than 120 days ahead`,
    );
    // Not the days of it inside the window either: refused whole, as the clerk was told.
    for (let d = addDays(today, 115); d <= last(); d = addDays(d, 1)) {
      const stored = await request<{ events: { type: string }[] }>(hub, 'GET', `/api/events?day=${d}`, {
        token: admin,
      });
      expect(
        stored.body.events.filter((e) => e.type === 'leave_recorded'),
        d,
      ).toEqual([]);
    }
    const past = await leave(addDays(today, -20), addDays(today, -10));
    expect(past.body.problem).toMatchObject({
      code: 'day_out_of_range',
      zh: `请假日期须在 ${first()} 至 ${last()} 之间：${addDays(today, -20)} 已过去超过 14 天`,
    });
    // The window's own ends are taken.
    const edge = await leave(last(), last());
    expect(edge.status).toBe(200);
  });

  it('到 before 从, and longer than 62 days after 从, are said with the dates', async () => {
    const back = await leave(addDays(today, 3), addDays(today, 1));
    expect(back.status).toBe(400);
    expect(back.body.problem).toMatchObject({
      code: 'malformed',
      zh: `结束日期不能早于开始日期：${addDays(today, 1)} 早于 ${addDays(today, 3)}，请把结束日期改到 ${addDays(today, 3)} 或以后`,
    });
    const long = await leave(today, addDays(today, 70));
    expect(long.body.problem.zh).toBe(
      `一次最多登记请假 62 天（${today} 起最晚到 ${addDays(today, 62)}）：${today} 至 ${addDays(today, 70)} 共 71 天，请缩短`,
    );
    expect(`${long.body.problem.zh} ${long.body.problem.en}`).not.toMatch(TECHNICAL);
    // A date written another way is named as the date it was meant to be, not as the pattern it failed.
    const slashes = await leave('2026/9/1', today);
    expect(slashes.status).toBe(400);
    expect(slashes.body.problem).toMatchObject({
      code: 'malformed',
      zh: '开始日期 2026/9/1 不是有效的日期：请用 年-月-日，如 2026-09-01',
    });
    expect(slashes.body.problem.detail).toBeUndefined();
  });
});

const early = { kind: 'early_pickup', at: '16:00', collectedBy: '奶奶' };

describe('an arrangement the hub cannot keep, in words', () => {
  async function arrange(arrangement: unknown, day = today) {
    const clerk = roster.staff.find((s) => s.active && s.roles.includes('office'))!;
    const child = roster.students.find((s) => s.groupId !== null)!;
    const r = await request<SubmitResult>(hub, 'POST', '/api/admin/arrangement', {
      token: admin,
      body: { staffId: clerk.id, studentId: child.id, day, arrangement, note: '' },
    });
    expect(r.status).toBe(200);
    const result = r.body.results[0]!;
    expect(result.status).toBe('rejected');
    return result.status === 'rejected' ? result.problem : undefined;
  }

  it('CU19 a bus without its number, a time that is not one, an early pickup without who comes, a bad day', async () => {
    const bus = await arrange({ kind: 'pickup_change', plan: { kind: 'bus', bus: '' } });
    expect(bus).toMatchObject({ code: 'malformed', zh: '改坐校车须写明车号' });
    const time = await arrange({ kind: 'early_pickup', at: '4:30', collectedBy: '奶奶' });
    expect(time?.zh).toBe('接送时间 4:30 不正确：请写 时:分，如 16:30');
    const who = await arrange({ kind: 'early_pickup', at: '16:30', collectedBy: ' ' });
    expect(who?.zh).toBe('提前接须写明接送人');
    const kind = await arrange({ kind: 'holiday' });
    expect(kind?.zh).toBe('接送安排只能是提前接、晚接或改变接送方式');
    const day = await arrange({ kind: 'late_pickup', at: '18:30', collectedBy: '' }, '2026-02-30');
    expect(day?.zh).toBe('日期 2026-02-30 不是有效的日期：请用 年-月-日，如 2026-09-01');
    expect((await arrange(early, '明天'))?.zh).toBe('日期 明天 不是有效的日期：请用 年-月-日，如 2026-09-01');
    for (const p of [bus, time, who, kind, day]) expect(`${p?.zh} ${p?.en} ${p?.detail ?? ''}`).not.toMatch(TECHNICAL);
  });
});

describe("the hub's day for the office", () => {
  it("GET /api/admin/date-limits: the hub's today (its clock, not the caller's), the reports' days and CU17's window", async () => {
    const r = await request<DateLimits>(hub, 'GET', '/api/admin/date-limits', { token: admin });
    expect(r.status).toBe(200);
    const kept = retentionStart(today, roster.settings.retentionSchoolYears);
    const start = roster.settings.serviceStartDate;
    expect(r.body).toMatchObject({
      today,
      reports: { first: start && start > kept ? start : kept, last: today },
      dated: { first: addDays(today, -14), last: addDays(today, 120) },
      maxLeaveDays: 62,
    });
    expect(Math.abs(r.body.hubTime - (Date.now() + hub.clockOffsetMs))).toBeLessThan(60_000);
    expect((await request(hub, 'GET', '/api/admin/date-limits')).status).toBe(401);
  });
});
