import { describe, expect, it } from 'vitest';
import { reduceDay } from '../../core/reduceDay';
import { periodStats } from '../../core/reports/statistics';
import { addDays } from '../../core/time';
import { at, card, DAY, ev, tinyRoster } from './fixtures';

const roster = tinyRoster();
const src = (n: number) => ({ kind: 'card', cardId: card('student', n) }) as const;

describe('weekly and monthly statistics', () => {
  it('counts attended days, absences with and without reason, late pickups and their minutes', () => {
    // Tuesday: a attends and is collected late (17:50 → 18:20); b on leave; c never comes (absent, no reason).
    const tue = reduceDay({
      roster,
      day: DAY,
      now: at('20:00'),
      events: [
        ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' }),
        ev('extended_care_started', '17:50', {
          studentId: 'a',
          source: src(1),
          place: '门卫室',
          adultStaffId: 'gate1',
        }),
        ev('released', '18:20', {
          studentId: 'a',
          source: src(1),
          how: { kind: 'staff_confirmed', collectedBy: '爸爸' },
        }),
        ev('leave_recorded', '08:00', { studentId: 'b', reason: 'sick', note: '' }),
      ],
    });
    // Wednesday: everyone attends (g2's child d too, whose group meets on Wednesdays).
    const wedDay = addDays(DAY, 1);
    const wed = reduceDay({
      roster,
      day: wedDay,
      now: at('20:00', wedDay),
      events: ['a', 'b', 'c']
        .map((id, i) =>
          ev('checked_in', '15:31', { studentId: id, source: src(i + 1), groupId: 'g1' }, { day: wedDay }),
        )
        .concat([ev('checked_in', '15:31', { studentId: 'd', source: src(4), groupId: 'g2' }, { day: wedDay })]),
    });
    const school = periodStats(roster, [tue, wed], 'school');
    expect(school).toEqual([
      {
        key: 'school',
        label: '测试小学',
        enrolled: 4,
        expectedDays: 7,
        attendedDays: 5,
        absentWithReason: 1,
        absentWithoutReason: 1,
        latePickups: 1,
        extendedCareMinutes: 30,
        incidents: 4,
      },
    ]);
    // The 4 incidents: on Wednesday nobody was collected by 20:00, so each child is left on campus (AN4).
    const byGroup = periodStats(roster, [tue, wed], 'group');
    expect(byGroup.map((r) => [r.key, r.enrolled, r.attendedDays])).toEqual([
      ['g1', 3, 4],
      ['g2', 1, 1],
    ]);
  });
});
