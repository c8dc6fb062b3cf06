import { describe, expect, it } from 'vitest';
import { teacherHours } from '../../core/reports/teacherHours';
import { addDays } from '../../core/time';
import { DAY, ev, tinyRoster } from './fixtures';

describe('care-teacher hours for the subsidy', () => {
  const roster = tinyRoster((r) => {
    r.settings = { ...r.settings, teacherPayPerLessonHour: 50, gateDutyLessonHours: 1, lessonMinutes: 40 };
    r.rotas = {
      care: [2, 3].map((weekday) => ({ groupId: 'g1', weekday, staffId: 'care1' })),
      gate: [{ weekday: 2, staffId: 'gate1' }],
      leader: [],
      swaps: [],
    };
  });
  const wed = addDays(DAY, 1);

  it('credits signed-in rota duty, flags a missed sign-in (no subsidy that day), and counts off-rota duty by time', () => {
    const days = [
      {
        day: DAY,
        events: [
          ev('staff_signed_in', '15:20', { duty: 'care', groupId: 'g1' }, { staffId: 'care1' }),
          ev('staff_signed_in', '17:20', { duty: 'gate' }, { staffId: 'gate1' }),
          // t2 stood in for an hour and a half without a rota entry: 90 minutes = 2 whole lessons of 40
          ev('staff_signed_in', '15:30', { duty: 'care', groupId: 'g2' }, { staffId: 't2' }),
          ev('staff_signed_out', '17:00', { duty: 'care', groupId: 'g2' }, { staffId: 't2' }),
        ],
      },
      { day: wed, events: [] }, // care1 forgot to sign in on Wednesday
    ];
    const byId = Object.fromEntries(teacherHours(roster, days).map((t) => [t.staffId, t]));
    // 15:30–17:30 is 120 minutes = 3 lessons of 40.
    expect(byId.care1).toMatchObject({
      dutyDays: 1,
      lessonHours: 3,
      subsidy: 15_000,
      missed: [{ day: wed, duty: 'care', groupId: 'g1' }],
    });
    expect(byId.gate1).toMatchObject({ lessonHours: 1, subsidy: 5_000, missed: [] });
    expect(byId.t2).toMatchObject({ lessonHours: 2, subsidy: 10_000 });
  });
});
