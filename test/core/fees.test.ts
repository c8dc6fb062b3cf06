import { describe, expect, it } from 'vitest';
import { reduceDay } from '../../core/reduceDay';
import { chargedLessonHours, feeStatements, feeSummary, yuan } from '../../core/reports/fees';
import { addDays } from '../../core/time';
import { at, card, DAY, ev, tinyRoster } from './fixtures';

const src = (n: number) => ({ kind: 'card', cardId: card('student', n) }) as const;

describe('fee statements (多退少补)', () => {
  // 2.30 yuan a lesson-hour, 40-minute lessons, at most 2 charged a day, a 9.20 yuan cap, 10 yuan paid in advance.
  const roster = tinyRoster((r) => {
    r.settings = {
      ...r.settings,
      feePerLessonHour: 2.3,
      lessonMinutes: 40,
      maxChargedLessonHoursPerDay: 2,
      semesterFeeCap: 9.2,
      prepaidPerStudent: 10,
    };
    r.students[1]!.feeWaiver = true;
  });

  it('charges the capped lesson-hours of each attended day, caps the total, waives, and settles against the prepayment', () => {
    // 15:30–17:30 is 3 lesson-hours of 40 minutes, charged as 2.
    expect(chargedLessonHours(roster, DAY, 1)).toBe(2);
    const week = [0, 1, 2, 3].map((i) => addDays(DAY, i)).filter((d) => d !== '2026-11-26'); // Thursday has no service
    const states = week.map((day) =>
      reduceDay({
        roster,
        day,
        now: at('20:00', day),
        events: [
          ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' }, { day }),
          ...(day === DAY
            ? [ev('checked_in', '15:31', { studentId: 'b', source: src(2), groupId: 'g1' }, { day })]
            : []),
        ],
      }),
    );
    const lines = Object.fromEntries(feeStatements(roster, states).map((l) => [l.studentNo, l]));
    // a: 3 days × 2 h × 2.30 = 13.80, capped at 9.20; paid 10.00 → refund 0.80.
    expect(lines['001']).toMatchObject({ attendedDays: 3, lessonHours: 6, charged: 920, paid: 1000, balance: -80 });
    expect(yuan(lines['001']!.balance)).toBe('-0.80');
    // b: waived, attended once → nothing charged, the whole prepayment refunded.
    expect(lines['002']).toMatchObject({ attendedDays: 1, waived: true, charged: 0, balance: -1000 });
    // c: never came → refund everything.
    expect(lines['003']).toMatchObject({ attendedDays: 0, charged: 0, balance: -1000 });

    // The notice for parents: per class and in total (d of the mixed group too), nobody named; refunds apart from top-ups.
    const summary = feeSummary(feeStatements(roster, states));
    expect(summary.at(-1)).toEqual({
      className: '合计',
      students: 4,
      waived: 1,
      attendedDays: 4,
      lessonHours: 8,
      charged: 920,
      paid: 4000,
      refunds: 80 + 3 * 1000,
      topUps: 0,
    });
    expect(JSON.stringify(summary)).not.toMatch(/studentNo|name"/);
  });
});
