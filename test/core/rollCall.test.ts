import { describe, expect, it } from 'vitest';
import { endOfDayProblems, reduceDay } from '../../core/reduceDay';
import { at, card, DAY, ev, tinyRoster } from './fixtures';

const roster = tinyRoster();
const src = (n: number) => ({ kind: 'card', cardId: card('student', n) }) as const;
const inCare = (id: string, n: number, hhmm = '15:31') => ev('checked_in', hhmm, { studentId: id, source: src(n), groupId: 'g1' });

describe('emergency roll call', () => {
  it('RC1 RC3 everyone on campus at the start must be found; the list shrinks as children are marked safe', () => {
    const start = ev('roll_call_started', '16:00', {}, { staffId: 't1' });
    const events = [inCare('a', 1), inCare('b', 2), start];
    expect(reduceDay({ roster, day: DAY, events, now: at('16:01') }).rollCall).toMatchObject({ participants: ['a', 'b'], unaccounted: [{ studentId: 'a', status: 'in_care' }, { studentId: 'b' }] });
    const s = reduceDay({ roster, day: DAY, now: at('16:03'), events: [...events, ev('marked_safe', '16:02', { studentId: 'a', source: src(1) })] });
    expect(s.rollCall?.unaccounted.map((u) => u.studentId)).toEqual(['b']);
    expect(s.rollCall?.unaccounted[0]?.last).toMatchObject({ type: 'checked_in', staffId: 't1' });
    expect(s.children.a?.status).toBe('in_care'); // RC2: custody unchanged
  });

  it('RC1 a child who arrives during the roll call joins it; one released during it is accounted for', () => {
    const s = reduceDay({ roster, day: DAY, now: at('16:10'), events: [
      inCare('a', 1), ev('roll_call_started', '16:00', {}),
      inCare('c', 3, '16:05'),
      ev('released', '16:06', { studentId: 'a', source: src(1), how: { kind: 'staff_confirmed', collectedBy: '妈妈' } }),
    ] });
    expect(s.rollCall?.participants).toEqual(['a', 'c']);
    expect(s.rollCall?.unaccounted.map((u) => u.studentId)).toEqual(['c']);
  });

  it('RC3 an ended roll call stays in the record with its end time', () => {
    const s = reduceDay({ roster, day: DAY, now: at('16:30'), events: [inCare('a', 1), ev('roll_call_started', '16:00', {}), ev('roll_call_ended', '16:20', {})] });
    expect(s.rollCall?.endedAt).toBe(at('16:20'));
  });
});

describe('acknowledged alerts', () => {
  it('AK1 an acknowledged alert stays listed with who, when and the note', () => {
    const s = reduceDay({ roster, day: DAY, now: at('15:40'), events: [
      ev('handed_off', '15:31', { studentId: 'a', source: src(1), toGroupId: 'g1' }),
      ev('alert_acknowledged', '15:38', { alertKey: 'lost_in_transit:a', note: '在厕所，已找到' }, { staffId: 't2' }),
    ] });
    expect(s.anomalies.find((x) => x.key === 'lost_in_transit:a')?.acknowledged).toMatchObject({ by: 't2', note: '在厕所，已找到', at: at('15:38') });
  });
});

describe('end of day', () => {
  it('EOD1 lists every child not released, not excused and not with a named adult', () => {
    const s = reduceDay({ roster, day: DAY, now: at('18:30'), events: [
      inCare('a', 1),
      ev('released', '17:31', { studentId: 'a', source: src(1), how: { kind: 'staff_confirmed', collectedBy: '妈妈' } }),
      inCare('b', 2),
      ev('leave_recorded', '08:00', { studentId: 'c', reason: 'sick', note: '' }),
    ] });
    expect(endOfDayProblems(s)).toEqual([{ studentId: 'b', status: 'in_care' }]);
  });
});
