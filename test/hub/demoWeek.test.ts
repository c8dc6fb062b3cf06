/**
 * The demo school's last week: what a newcomer's reports are made from. Every event is one a kiosk could
 * really have written (the hub's own checks pass it), and the week holds each thing the office files.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkEvent, DEFAULT_CHECK } from '../../core/checkEvent';
import { CustodyEventSchema } from '../../core/events';
import { reduceDay } from '../../core/reduceDay';
import { feeStatements } from '../../core/reports/fees';
import { periodStats } from '../../core/reports/statistics';
import { teacherHours } from '../../core/reports/teacherHours';
import { indexRoster } from '../../core/roster';
import { zonedTimeToEpoch } from '../../core/time';
import { makeDemoSchool } from '../../hub/demo/demoSchool';
import { demoWeekEvents, pastServiceDays } from '../../hub/demo/demoWeek';

const roster = makeDemoSchool({ randomBytes: (n) => randomBytes(n) });
const today = '2026-11-24'; // a Tuesday
const events = demoWeekEvents(roster, { today, days: 5, newId: randomUUID }).map((e) => CustodyEventSchema.parse(e));
const days = pastServiceDays(roster, today, 5);
const states = days.map((day) =>
  reduceDay({
    roster,
    day,
    events: events.filter((e) => e.day === day),
    now: zonedTimeToEpoch(day, '23:59', roster.settings.timeZone),
  }),
);

describe("the demo school's last week", () => {
  it('covers the five service days before today, skipping the weekend', () => {
    expect(days).toEqual(['2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-23']);
    expect(new Set(events.map((e) => e.day))).toEqual(new Set(days));
  });

  it('holds only events the hub would accept from a kiosk', () => {
    const index = indexRoster(roster);
    expect(events.map((e) => checkEvent(index, e, { today, ...DEFAULT_CHECK })).filter(Boolean)).toEqual([]);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it('accounts for every expected child every day, and leaves nobody on campus', () => {
    const [school] = periodStats(roster, states, 'school');
    expect(school!.attendedDays + school!.absentWithReason + school!.absentWithoutReason).toBe(school!.expectedDays);
    expect(school!.absentWithReason).toBeGreaterThan(0);
    expect(school!.absentWithoutReason).toBeGreaterThan(0);
    expect(school!.latePickups).toBeGreaterThan(0);
    expect(school!.extendedCareMinutes).toBeGreaterThanOrEqual(school!.latePickups * 10);
    expect(school!.incidents).toBe(0);
    for (const s of states) {
      expect(
        Object.values(s.children).filter(
          (c) => c.status !== 'released' && c.status !== 'on_leave' && c.status !== 'absent',
        ),
      ).toEqual([]);
      expect(Object.values(s.children).some((c) => c.release?.early)).toBe(true);
    }
  });

  it("has one missed sign-in, which costs that teacher that day's subsidy", () => {
    const hours = teacherHours(
      roster,
      days.map((day) => ({ day, events: events.filter((e) => e.day === day) })),
    );
    const missed = hours.flatMap((h) => h.missed.map((m) => ({ staffId: h.staffId, ...m })));
    expect(missed).toEqual([{ staffId: 'care-3b', day: '2026-11-17', duty: 'care', groupId: 'g3-mixed' }]);
    const byId = Object.fromEntries(hours.map((h) => [h.staffId, h]));
    // 15:55–17:55 is three 40-minute lesson-hours a day at 50 yuan: four days paid, not five.
    expect(byId['care-3b']).toMatchObject({ dutyDays: 4, lessonHours: 12, subsidy: 4 * 3 * 5_000 });
    expect(byId['care-3a']).toMatchObject({ dutyDays: 5, lessonHours: 15 });
  });

  it('charges fees on attendance, nothing to a waived family', () => {
    const lines = feeStatements(roster, states);
    expect(lines.filter((l) => l.waived).every((l) => l.charged === 0)).toBe(true);
    // 2 charged lesson-hours a day at 2.30 yuan.
    expect(lines.filter((l) => !l.waived).every((l) => l.charged === l.attendedDays * 2 * 230)).toBe(true);
    expect(lines.some((l) => l.waived)).toBe(true);
  });
});
