/**
 * R2 at the hub: a period that began before the school's service start counts only from it. Unset, the reports
 * count from the first day with any event in the log (the demo hub's last week); set in the settings (as the
 * office's 作息与日历 tab saves it), from that date. The hub's clock is pinned to a school afternoon.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countedDays } from '../../core/reports/servicePeriod';
import type { Roster } from '../../core/roster';
import { addDays, localDay } from '../../core/time';
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

const period = (from: string, to: string) =>
  request<{ days: number; rows: { expectedDays: number; absentWithoutReason: number }[] }>(
    hub,
    'GET',
    `/api/admin/reports/period?from=${from}&to=${to}&by=school`,
    { token: admin },
  );

describe('R2 reports count from the service start', () => {
  it('unset: a month that began before the first logged day counts from that day; set: from the date', async () => {
    const week = pastServiceDays(roster, today, 5);
    const from = addDays(week[0]!, -30);
    expect(roster.settings.serviceStartDate).toBe('');
    const unset = await period(from, today);
    expect(unset.status).toBe(200);
    expect(unset.body.days).toBe(countedDays(roster, from, today, week[0]).length);
    expect(unset.body.days).toBeLessThan(countedDays(roster, from, today, from).length);

    const start = week[2]!;
    const saved = await request(hub, 'PUT', '/api/admin/roster/settings', {
      token: admin,
      body: { value: { ...roster.settings, serviceStartDate: start } },
    });
    expect(saved.status).toBe(200);
    const set = await period(from, today);
    expect(set.body.days).toBe(
      countedDays({ ...roster, settings: { ...roster.settings, serviceStartDate: start } }, from, today).length,
    );
    expect(set.body.rows[0]!.expectedDays).toBeLessThan(unset.body.rows[0]!.expectedDays);

    const bureau = await request<{ serviceDays: number }>(
      hub,
      'GET',
      `/api/admin/reports/bureau?from=${from}&to=${today}`,
      {
        token: admin,
      },
    );
    expect(bureau.body.serviceDays).toBe(set.body.days);
    const hours = await request<{ rows: { missed: { day: string }[] }[] }>(
      hub,
      'GET',
      `/api/admin/reports/hours?from=${from}&to=${today}`,
      { token: admin },
    );
    expect(hours.body.rows.flatMap((r) => r.missed).every((m) => m.day >= start)).toBe(true);

    // Cleared again (the office's empty date field): back to the first logged day.
    const cleared = await request(hub, 'PUT', '/api/admin/roster/settings', {
      token: admin,
      body: { value: { ...roster.settings, serviceStartDate: '' } },
    });
    expect(cleared.status).toBe(200);
    expect((await period(from, today)).body.days).toBe(unset.body.days);
  });
});
