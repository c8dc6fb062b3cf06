/**
 * Every list the day hands to a screen comes in one order, whatever order the roster, the log or the sign-ins
 * happened to be in: two tablets and the leader's phone must show the same list. The roster here is reversed
 * (students e, d, c, b, a) so that insertion order is never already the answer. Also edges the mutation run
 * (npm run test:mutation) found untested: an empty group that meets today, duties without a group, roll calls.
 */
import { describe, expect, it } from 'vitest';
import { endOfDayProblems, reduceDay } from '../../core/reduceDay';
import { at, card, DAY, ev, manual, tinyRoster } from './fixtures';

const reversed = tinyRoster((r) => {
  r.students.reverse();
});
const src = (n: number) => ({ kind: 'card', cardId: card('student', n) }) as const;
const run = (events: Parameters<typeof reduceDay>[0]['events'], now = at('16:00'), roster = reversed) =>
  reduceDay({ roster, day: DAY, events, now });

describe('CU2 lists in one order, whatever the roster order', () => {
  it('anomalies oldest first, ties by key, though the children come z to a', () => {
    const s = run(
      [
        ev('handed_off', '15:31', { studentId: 'a', source: src(1), toGroupId: 'g1' }),
        ev('handed_off', '15:31', { studentId: 'b', source: src(2), toGroupId: 'g1' }),
        ev('handed_off', '15:30', { studentId: 'c', source: src(3), toGroupId: 'g1' }),
      ],
      at('15:50'),
    );
    expect(s.anomalies.map((a) => a.key)).toEqual(['lost_in_transit:c', 'lost_in_transit:a', 'lost_in_transit:b']);
  });

  it('EOD1 the end-of-day list is by student id', () => {
    const s = run(
      [
        ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' }),
        ev('checked_in', '15:31', { studentId: 'c', source: src(3), groupId: 'g1' }),
      ],
      at('16:00'),
    );
    expect(endOfDayProblems(s).map((p) => p.studentId)).toEqual(['a', 'b', 'c']);
  });

  it('CU15 who is on duty is by start; a re-sign-in moves a teacher to the new start; ties by staff id', () => {
    const s = run([
      ev('staff_signed_in', '15:10', { duty: 'care', groupId: 'g1' }, { staffId: 'care1' }),
      ev('staff_signed_in', '15:15', { duty: 'gate' }, { staffId: 'gate1' }),
      ev('staff_signed_in', '15:20', { duty: 'leader' }, { staffId: 't2' }),
      ev('staff_signed_in', '15:20', { duty: 'class' }, { staffId: 't1' }),
      ev('staff_signed_in', '15:25', { duty: 'care', groupId: 'g1' }, { staffId: 'care1' }),
    ]);
    expect(s.onDuty.map((d) => [d.staffId, d.since])).toEqual([
      ['gate1', at('15:15')],
      ['t1', at('15:20')],
      ['t2', at('15:20')],
      ['care1', at('15:25')],
    ]);
  });

  it('RC3 participants and the safe list are by student id, whoever was marked first', () => {
    const s = run(
      [
        ev('checked_in', '15:31', { studentId: 'b', source: src(2), groupId: 'g1' }),
        ev('checked_in', '15:32', { studentId: 'a', source: src(1), groupId: 'g1' }),
        ev('roll_call_started', '16:00', {}),
        ev('marked_safe', '16:01', { studentId: 'b', source: src(2) }),
        ev('marked_safe', '16:02', { studentId: 'a', source: src(1) }),
      ],
      at('16:05'),
    );
    expect(s.rollCall).toMatchObject({ participants: ['a', 'b'], safe: ['a', 'b'], unaccounted: [] });
  });
});

describe('edges of the day', () => {
  it('CU1 a group that meets today with no child enrolled is still counted, at zero, for the leader to see', () => {
    const withEmpty = tinyRoster((r) => {
      r.groups.push({ id: 'g3', name: '空班', kind: 'mixed', roomId: 'r2', capacity: 20, grades: [1], weekdays: [2] });
    });
    const s = run([], at('16:00'), withEmpty);
    expect(s.groups.g3).toMatchObject({ expected: 0, present: 0, capacity: 3 }); // the room holds 3
    expect(Object.keys(s.groups).sort()).toEqual(['g1', 'g3']);
  });

  it('CU15 AN6 a duty with no group creates no group count, and only care duty counts as a teacher', () => {
    const s = run([
      ev('staff_signed_in', '15:20', { duty: 'gate' }, { staffId: 'gate1' }),
      ev('staff_signed_in', '15:20', { duty: 'care' }, { staffId: 'care1' }),
      ev('staff_signed_in', '15:20', { duty: 'gate', groupId: 'g1' }, { staffId: 't2' }),
    ]);
    expect(Object.keys(s.groups)).toEqual(['g1']);
    expect(s.groups.g1?.teachers).toBe(0); // a gate duty that names a group is not a care teacher there
  });

  it('CU14 a correction is not an inspection, and voids only its target', () => {
    const wrong = ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' });
    const s = run([
      wrong,
      ev('corrected', '15:33', { targetId: wrong.id, reason: '扫错了学生' }),
      ev('roll_call_ended', '15:40', {}),
      ev('alert_acknowledged', '15:41', { alertKey: 'x', note: '已处理' }),
    ]);
    expect(s.inspections).toEqual([]);
    expect(s.rollCall).toBeUndefined();
    expect(s.children.a?.status).toBe('expected');
  });

  it('RC1 a child put on leave during a roll call does not join it; one checked in does', () => {
    const s = run(
      [
        ev('roll_call_started', '16:00', {}),
        ev('leave_recorded', '16:01', { studentId: 'a', reason: 'sick', note: '' }),
        ev('checked_in', '16:02', { studentId: 'b', source: manual, groupId: 'g1' }),
      ],
      at('16:05'),
    );
    expect(s.rollCall?.participants).toEqual(['b']);
  });

  it('RC3 a roll call still running has no end time at all', () => {
    const s = run(
      [
        ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' }),
        ev('roll_call_started', '16:00', {}),
      ],
      at('16:05'),
    );
    expect(s.rollCall && 'endedAt' in s.rollCall).toBe(false);
  });

  it("RC3 an unaccounted child's last seen skips a safe mark from an earlier roll call", () => {
    const s = run(
      [
        ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' }, { staffId: 'care1' }),
        ev('roll_call_started', '15:40', {}),
        ev('marked_safe', '15:41', { studentId: 'a', source: src(1) }, { staffId: 't2' }),
        ev('roll_call_ended', '15:45', {}),
        ev('roll_call_started', '16:00', {}),
      ],
      at('16:05'),
    );
    expect(s.rollCall?.unaccounted).toMatchObject([{ studentId: 'a', last: { type: 'checked_in', staffId: 'care1' } }]);
  });
});
