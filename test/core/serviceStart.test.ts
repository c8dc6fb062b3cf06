/**
 * R2: reports count no day before the school's service start (settings.serviceStartDate, or, unset, the first day
 * with any event in the log). A 本月 that began before the school used Relay counts only from the start.
 */
import { describe, expect, it } from 'vitest';
import { reduceDay } from '../../core/reduceDay';
import { bureauFigures } from '../../core/reports/bureau';
import { feeStatements } from '../../core/reports/fees';
import { countedDays, serviceStart } from '../../core/reports/servicePeriod';
import { periodStats } from '../../core/reports/statistics';
import { teacherHours } from '../../core/reports/teacherHours';
import type { CustodyEvent } from '../../core/events';
import { RosterSchema } from '../../core/roster';
import { at, card, ev, tinyRoster, tinyRosterInput } from './fixtures';

const START = '2026-11-23'; // a Monday
const MONTH = ['2026-11-01', '2026-11-30'] as const;
const src = (n: number) => ({ kind: 'card', cardId: card('student', n) }) as const;
const withStart = (start: string) =>
  tinyRoster((r) => {
    r.settings = { ...r.settings, serviceStartDate: start, feePerLessonHour: 2, teacherPayPerLessonHour: 50 };
    r.rotas = { care: [{ groupId: 'g1', weekday: 2, staffId: 'care1' }], gate: [], leader: [], swaps: [] };
  });

/** Every service day of November, the days before the start included, each reduced with its events. */
function month(roster: ReturnType<typeof tinyRoster>, events: CustodyEvent[]) {
  const days = countedDays({ ...roster, settings: { ...roster.settings, serviceStartDate: '' } }, ...MONTH, MONTH[0]);
  return days.map((day) => {
    const dayEvents = events.filter((e) => e.day === day);
    return { day, events: dayEvents, state: reduceDay({ roster, day, events: dayEvents, now: at('23:00', day) }) };
  });
}

// a attends on Tuesday the 17th (before the start, a trial) and Tuesday the 24th; care1 signs in on the 24th.
const events = ['2026-11-17', '2026-11-24'].flatMap((day) => [
  ev('staff_signed_in', '15:20', { duty: 'care', groupId: 'g1' }, { staffId: 'care1', day }),
  ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' }, { day }),
]);

describe('R2 reports count from the service start', () => {
  it('the month’s counted days begin at serviceStartDate; unset, at the first day in the log; neither, none', () => {
    const roster = withStart(START);
    // November: weekdays but the 26th (training), and Saturday the 28th (a make-up day).
    expect(countedDays(roster, ...MONTH)).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-27',
      '2026-11-28',
      '2026-11-30',
    ]);
    // The set date wins over an earlier first day in the log (a trial run before the school started).
    expect(serviceStart(roster, '2026-11-10')).toBe(START);
    const unset = withStart('');
    expect(countedDays(unset, ...MONTH, '2026-11-27')).toEqual(['2026-11-27', '2026-11-28', '2026-11-30']);
    expect(countedDays(unset, ...MONTH, undefined)).toEqual([]);
    // A period entirely after the start is counted whole.
    expect(countedDays(roster, '2026-11-24', '2026-11-25')).toEqual(['2026-11-24', '2026-11-25']);
  });

  it('statistics over a month that began before the start count only from it', () => {
    const roster = withStart(START);
    const all = month(roster, events);
    expect(all.length).toBe(21); // 15 service days before the 23rd, 6 from it
    const [school] = periodStats(
      roster,
      all.map((d) => d.state),
      'school',
    );
    const [counted] = periodStats(
      roster,
      all.filter((d) => d.day >= START).map((d) => d.state),
      'school',
    );
    expect(school).toEqual(counted);
    // The trial day's attendance and the 15 earlier days of "absences" are not counted.
    expect(school!.expectedDays).toBe(counted!.expectedDays);
    const [unsetSchool] = periodStats(
      withStart(''),
      all.map((d) => d.state),
      'school',
    );
    expect(unsetSchool!.expectedDays).toBeGreaterThan(school!.expectedDays);
    expect(unsetSchool!.absentWithoutReason).toBeGreaterThan(school!.absentWithoutReason);
  });

  it('fees charge no day before the start', () => {
    const roster = withStart(START);
    const lines = feeStatements(
      roster,
      month(roster, events).map((d) => d.state),
    );
    const a = lines.find((l) => l.name === roster.students.find((s) => s.id === 'a')!.name)!;
    expect(a.attendedDays).toBe(1);
    expect(
      feeStatements(
        withStart(''),
        month(roster, events).map((d) => d.state),
      ).find((l) => l.studentNo === a.studentNo)!.attendedDays,
    ).toBe(2);
  });

  it("teachers' hours credit and flag no day before the start", () => {
    const roster = withStart(START);
    const hours = teacherHours(roster, month(roster, events));
    const care1 = hours.find((h) => h.staffId === 'care1')!;
    expect(care1.dutyDays).toBe(1);
    // Tuesdays from the 23rd: only the 24th, signed in; the 3rd and 10th (before the start) are not "missed".
    expect(care1.missed).toEqual([]);
    const before = teacherHours(withStart(''), month(roster, events)).find((h) => h.staffId === 'care1')!;
    expect(before.dutyDays).toBe(2);
    expect(before.missed.map((m) => m.day)).toEqual(['2026-11-03', '2026-11-10']);
  });

  it("the bureau's figures count service days and student-days only from the start", () => {
    const roster = withStart(START);
    const f = bureauFigures(roster, month(roster, events));
    expect(f.serviceDays).toBe(6);
    expect(f.rows.at(-1)).toMatchObject({ grade: '合计', studentDays: 1, studentsServed: 1 });
  });

  it('a roster saved before the setting existed stays valid, the start unset', () => {
    const input = tinyRosterInput();
    expect('serviceStartDate' in input.settings).toBe(false);
    expect(RosterSchema.parse(input).settings.serviceStartDate).toBe('');
    expect(() => withStart('2026-13-45')).toThrow();
  });
});
