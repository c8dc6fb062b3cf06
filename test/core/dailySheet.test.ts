import { describe, expect, it } from 'vitest';
import { dailySheet } from '../../core/reports/dailySheet';
import { reduceDay } from '../../core/reduceDay';
import { at, card, DAY, ev, tinyRoster } from './fixtures';

const roster = tinyRoster();
const src = (n: number) => ({ kind: 'card', cardId: card('student', n) }) as const;

describe('daily sign-in sheet (日出席签到表)', () => {
  it('shows arrival and who received, release and how, leave, and late pickup, from the log alone', () => {
    const state = reduceDay({
      roster,
      day: DAY,
      now: at('19:00'),
      events: [
        ev('checked_in', '15:32', { studentId: 'a', source: src(1), groupId: 'g1' }, { staffId: 'care1' }),
        ev(
          'released',
          '17:35',
          { studentId: 'a', source: src(1), how: { kind: 'staff_confirmed', collectedBy: '妈妈' } },
          { staffId: 'gate1' },
        ),
        ev('checked_in', '15:33', { studentId: 'b', source: src(2), groupId: 'g1' }, { staffId: 'care1' }),
        ev('extended_care_started', '17:50', {
          studentId: 'b',
          source: src(2),
          place: '门卫室',
          adultStaffId: 'gate1',
        }),
        ev('released', '18:20', { studentId: 'b', source: src(2), how: { kind: 'bus', bus: '2' } }),
        ev('leave_recorded', '08:00', { studentId: 'c', reason: 'sick', note: '发烧' }),
      ],
    });
    expect(dailySheet(roster, state, 'g1')).toEqual([
      {
        studentNo: '001',
        name: '张小明',
        className: '一年级1班',
        arrival: '15:32',
        receivedBy: '张老师',
        release: '17:35',
        how: '妈妈',
        absence: '',
        latePickup: '',
      },
      {
        studentNo: '002',
        name: '李华',
        className: '一年级1班',
        arrival: '15:33',
        receivedBy: '张老师',
        release: '18:20',
        how: '校车 2',
        absence: '',
        latePickup: '17:50',
      },
      {
        studentNo: '003',
        name: '王芳',
        className: '一年级1班',
        arrival: '',
        receivedBy: '',
        release: '',
        how: '',
        absence: '请假：发烧',
        latePickup: '',
      },
    ]);
  });
});
