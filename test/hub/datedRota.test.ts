/**
 * R3 at the hub (issue #17 finding 7): the office changes the rota or the pay rate today, and last week's pay sheet
 * is what it was. The hub dates a change by its own clock (pinned here to a school afternoon), refuses a start
 * date in the past, and records the clerk who saved it in the roster's history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Roster } from '../../core/roster';
import { addDays, isoWeekday, localDay } from '../../core/time';
import { pastServiceDays } from '../../hub/demo/demoWeek';
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

interface HoursRow {
  name: string;
  subsidy: number;
  lessonHours: number;
  missed: { day: string; groupId?: string }[];
}
const hours = async (from: string, to: string) => {
  const r = await request<{ rows: HoursRow[] }>(hub, 'GET', `/api/admin/reports/hours?from=${from}&to=${to}`, {
    token: admin,
  });
  expect(r.status).toBe(200);
  return r.body.rows;
};
const current = async () =>
  (await request<{ version: number; roster: Roster }>(hub, 'GET', '/api/roster', { token: admin })).body;
const put = (section: string, body: Record<string, unknown>) =>
  request<{ version: number; from?: string; problem?: { zh: string } }>(hub, 'PUT', `/api/admin/roster/${section}`, {
    token: admin,
    body,
  });

describe('R3 the hub dates rota and pay changes', () => {
  it("R3: a new pay rate and a new group with teachers, saved today, leave last week's pay sheet as it was", async () => {
    const week = pastServiceDays(roster, today, 5);
    const from = week[0]!,
      to = addDays(today, -1);
    const before = await hours(from, to);
    expect(before.some((r) => r.subsidy > 0)).toBe(true);

    const rate = await put('settings', {
      value: { ...roster.settings, teacherPayPerLessonHour: roster.settings.teacherPayPerLessonHour * 3 },
      staffId: 'office-1',
    });
    expect(rate.status).toBe(200);
    expect(rate.body.from).toBe(today);

    // A group created today, with a teacher on every weekday: last week it had no teacher to miss a sign-in.
    const now = await current();
    const g = now.roster.groups[0]!;
    const added = { ...g, id: 'g-new-today', name: '新开托管班' };
    expect((await put('groups', { value: [...now.roster.groups, added] })).status).toBe(200);
    const after = await current();
    const care = [1, 2, 3, 4, 5].map((weekday) => ({ groupId: added.id, weekday, staffId: 'care-3b' }));
    const rota = await put('rotas', {
      value: { ...after.roster.rotas, care: [...after.roster.rotas.care, ...care] },
      staffId: 'office-1',
    });
    expect(rota.status).toBe(200);

    const again = await hours(from, to);
    expect(again).toEqual(before);
    expect(again.flatMap((r) => r.missed).some((m) => m.groupId === added.id)).toBe(false);
    // From today the new rota and rate are the roster's: today counts the new group's teacher as on duty.
    if (isoWeekday(today) <= 5) {
      const todays = await hours(today, today);
      expect(
        todays
          .find((r) => r.name === roster.staff.find((s) => s.id === 'care-3b')!.name)!
          .missed.some((m) => m.groupId === added.id),
      ).toBe(true);
    }

    const history = await request<{ history: { by: string; note: string }[] }>(
      hub,
      'GET',
      '/api/admin/roster/history',
      { token: admin },
    );
    const office1 = roster.staff.find((s) => s.id === 'office-1')!.name;
    // Newest first: the rota (钱主任), the groups (no clerk named: 教导处), the rate (钱主任); the demo's own
    // entries (a new day opened) may lie beyond them.
    const [rotaSave, groupsSave, rateSave] = history.body.history;
    expect([rotaSave, groupsSave, rateSave].map((h) => h!.by)).toEqual([office1, '教导处 office', office1]);
    expect(rotaSave!.note).toBe(`rotas（自 ${today} 起生效）`);
    expect(rateSave!.note).toBe(`settings（自 ${today} 起生效）`);
    expect(groupsSave!.note).toBe('groups');
  });

  it('R3: a start date in the past is refused with the allowed range, and nothing changes', async () => {
    const { version, roster: r } = await current();
    const refused = await put('settings', {
      value: { ...r.settings, teacherPayPerLessonHour: 1 },
      from: addDays(today, -7),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.problem?.zh).toContain(`生效日期须在 ${today} 至 ${addDays(today, 120)} 之间`);
    const beyond = await put('rotas', { value: { ...r.rotas, gate: [] }, from: addDays(today, 121) });
    expect(beyond.status).toBe(400);
    const notDated = await put('groups', { value: r.groups, from: today });
    expect(notDated.status).toBe(400);
    expect((await current()).version).toBe(version);
  });

  it('R3: a rota change entered for next week applies from that day, not before', async () => {
    const { roster: r } = await current();
    const next = addDays(today, 7);
    const saved = await put('rotas', { value: { ...r.rotas, gate: [] }, from: next });
    expect(saved.status).toBe(200);
    expect(saved.body.from).toBe(next);
    const after = (await current()).roster;
    expect(after.rotas.gate).toEqual([]);
    // Up to the day before, the gate rota that was saved stays in force.
    expect(after.superseded.rotas.at(-1)).toMatchObject({ until: addDays(next, -1), gate: r.rotas.gate });
  });
});
