import { describe, expect, it } from 'vitest';
import { reduceDay } from '../../core/reduceDay';
import { at, card, DAY, ev, tinyRoster } from './fixtures';

const roster = tinyRoster();
const src = (n: number) => ({ kind: 'card', cardId: card('student', n) }) as const;

describe('the day as a whole', () => {
  it('CU2 events are ordered by hub-clock time: a kiosk whose clock is 3 minutes slow still orders correctly', () => {
    // The hand-off kiosk runs 3 minutes slow and knows it (offset +3 min): its 15:29 is 15:32 on the hub's clock.
    const handOff = ev('handed_off', '15:29', { studentId: 'a', source: src(1), toGroupId: 'g1' }, { clockOffsetMs: 180_000 });
    const checkIn = ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' });
    const s = reduceDay({ roster, day: DAY, events: [checkIn, handOff], now: at('16:00') });
    // Check-in (15:31) came before the hand-off (15:32): the hand-off is out of order and the child stays in care.
    expect(s.children.a?.status).toBe('in_care');
    expect(s.children.a?.chain.map((l) => l.type)).toEqual(['checked_in', 'handed_off']);
  });

  it('CU2 only the given day counts', () => {
    const other = ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' }, { day: '2026-11-23' });
    expect(reduceDay({ roster, day: DAY, events: [other], now: at('16:00') }).children.a?.status).toBe('expected');
  });

  it('CU14 a correction voids its target, whatever order they arrive in', () => {
    const wrong = ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' });
    const fix = ev('corrected', '15:33', { targetId: wrong.id, reason: '扫错了学生' });
    for (const events of [[wrong, fix], [fix, wrong]]) {
      const s = reduceDay({ roster, day: DAY, events, now: at('15:35') });
      expect(s.children.a?.status).toBe('expected');
    }
  });

  it('CU15 care teachers on duty are counted per group until they sign out', () => {
    const s = reduceDay({ roster, day: DAY, now: at('16:00'), events: [
      ev('staff_signed_in', '15:20', { duty: 'care', groupId: 'g1' }, { staffId: 'care1' }),
      ev('staff_signed_in', '15:20', { duty: 'gate' }, { staffId: 'gate1' }),
      ev('staff_signed_out', '15:50', { duty: 'gate' }, { staffId: 'gate1' }),
    ] });
    expect(s.groups.g1?.teachers).toBe(1);
    expect(s.onDuty.map((d) => d.staffId)).toEqual(['care1']);
  });

  it('CU16 after the end plus grace a child never seen is absent without a reason', () => {
    expect(reduceDay({ roster, day: DAY, events: [], now: at('17:44') }).children.a?.status).toBe('expected');
    const s = reduceDay({ roster, day: DAY, events: [], now: at('17:45') });
    expect(s.children.a?.status).toBe('absent');
    expect(s.school.absentWithoutReason).toBe(3);
  });

  it('headcounts add up: every expected child is in exactly one place', () => {
    const s = reduceDay({ roster, day: DAY, now: at('16:00'), events: [
      ev('handed_off', '15:31', { studentId: 'a', source: src(1), toGroupId: 'g1' }),
      ev('checked_in', '15:31', { studentId: 'b', source: src(2), groupId: 'g1' }),
      ev('leave_recorded', '08:00', { studentId: 'c', reason: 'sick', note: '' }),
    ] });
    expect(s.school).toMatchObject({ enrolledToday: 3, expected: 2, inTransit: 1, inCare: 1, onLeave: 1, onCampus: 2, awaiting: 0 });
    expect(s.groups.g1).toMatchObject({ expected: 2, inTransit: 1, present: 1, onLeave: 1 });
  });

  it('a day without service expects nobody', () => {
    const s = reduceDay({ roster, day: '2026-11-26', events: [], now: at('16:00', '2026-11-26') });
    expect(s.serviceDay).toMatchObject({ service: false, note: '教师培训' });
    expect(s.school.enrolledToday).toBe(0);
  });
});
