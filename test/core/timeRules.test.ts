import { describe, expect, it } from 'vitest';
import { reduceDay } from '../../core/reduceDay';
import { at, card, DAY, ev, tinyRoster } from './fixtures';

const src = (n: number) => ({ kind: 'card', cardId: card('student', n) }) as const;
const find = (s: ReturnType<typeof reduceDay>, code: string) => s.anomalies.filter((a) => a.code === code);

describe('anomalies judged at now', () => {
  const roster = tinyRoster();
  const handOff = ev('handed_off', '15:31', { studentId: 'a', source: src(1), toGroupId: 'g1' });

  it('AN1 a child handed off and not received after 5 minutes is lost in transit', () => {
    expect(find(reduceDay({ roster, day: DAY, events: [handOff], now: at('15:35') }), 'lost_in_transit')).toEqual([]);
    const s = reduceDay({ roster, day: DAY, events: [handOff], now: at('15:36') });
    expect(find(s, 'lost_in_transit')).toMatchObject([{ severity: 'alert', studentId: 'a', groupId: 'g1', since: at('15:36'), key: 'lost_in_transit:a' }]);
  });

  it('AN1 the alert clears once the child is received', () => {
    const s = reduceDay({ roster, day: DAY, now: at('15:50'), events: [handOff, ev('checked_in', '15:45', { studentId: 'a', source: src(1), groupId: 'g1' })] });
    expect(find(s, 'lost_in_transit')).toEqual([]);
  });

  it('AN2 an expected child without leave and not handed off 10 minutes after the start is reported', () => {
    expect(find(reduceDay({ roster, day: DAY, events: [], now: at('15:39') }), 'not_handed_off')).toEqual([]);
    expect(find(reduceDay({ roster, day: DAY, events: [], now: at('15:40') }), 'not_handed_off').map((a) => a.studentId)).toEqual(['a', 'b', 'c']);
  });

  it('AN3 a child checked in to another group is in the wrong group while it stays there', () => {
    const wrong = ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g2' });
    const s = reduceDay({ roster, day: DAY, events: [wrong], now: at('15:40') });
    expect(find(s, 'wrong_group')).toMatchObject([{ studentId: 'a', groupId: 'g2', detail: { expectedGroupId: 'g1' } }]);
    const fixed = reduceDay({ roster, day: DAY, now: at('15:45'), events: [wrong, ev('transferred', '15:42', { studentId: 'a', source: src(1), to: { kind: 'group', groupId: 'g1' } })] });
    expect(find(fixed, 'wrong_group')).toEqual([]);
  });

  it('AN4 a child still in care after the end plus grace is left on campus (滞留)', () => {
    const inCare = ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' });
    expect(find(reduceDay({ roster, day: DAY, events: [inCare], now: at('17:44') }), 'left_on_campus')).toEqual([]);
    expect(find(reduceDay({ roster, day: DAY, events: [inCare], now: at('17:45') }), 'left_on_campus')).toMatchObject([{ studentId: 'a', since: at('17:45') }]);
  });

  it('AN5 more children in a room than it holds is over capacity (the smaller of group and room)', () => {
    const small = tinyRoster((r) => { r.students.forEach((s) => { if (s.groupId === 'g1') s.groupId = 'g2'; }); r.groups[1]!.weekdays = [2]; });
    const events = ['a', 'b', 'c', 'd'].map((id, i) => ev('checked_in', '15:31', { studentId: id, source: src(i + 1), groupId: 'g2' }));
    const s = reduceDay({ roster: small, day: DAY, events, now: at('15:40') });
    expect(find(s, 'over_capacity')).toMatchObject([{ groupId: 'g2', detail: { present: 4, capacity: 3 } }]);
  });

  it('AN6 children present with no care teacher signed in break the ratio', () => {
    const inCare = ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' });
    expect(find(reduceDay({ roster, day: DAY, events: [inCare], now: at('15:40') }), 'teacher_ratio')).toMatchObject([{ groupId: 'g1', detail: { needed: 1, teachers: 0 } }]);
    const signed = ev('staff_signed_in', '15:20', { duty: 'care', groupId: 'g1' }, { staffId: 'care1' });
    expect(find(reduceDay({ roster, day: DAY, events: [inCare, signed], now: at('15:40') }), 'teacher_ratio')).toEqual([]);
  });

  it('AN7 an inspection that counts differently from the system is kept as a warning', () => {
    const s = reduceDay({ roster, day: DAY, now: at('16:00'), events: [ev('headcount_inspected', '15:50', { groupId: 'g1', counted: 2, systemCount: 3, note: '' }, { staffId: 't1' })] });
    expect(s.inspections).toMatchObject([{ counted: 2, systemCount: 3 }]);
    expect(find(s, 'headcount_mismatch')).toMatchObject([{ severity: 'warning', groupId: 'g1' }]);
  });

  it('AN8 a silent kiosk is offline and a kiosk holding records is reported; revoked kiosks are not', () => {
    const s = reduceDay({ roster, day: DAY, events: [], now: at('16:00'), devices: [
      { deviceId: 'k1', name: '校门', lastSeen: at('15:56'), unsent: 0, revoked: false },
      { deviceId: 'k2', name: '一(1)班', lastSeen: at('15:59'), unsent: 4, revoked: false },
      { deviceId: 'k3', name: '旧平板', lastSeen: at('09:00'), unsent: 9, revoked: true },
    ] });
    expect(s.anomalies.filter((a) => a.deviceId).map((a) => [a.code, a.deviceId])).toEqual([['kiosk_offline', 'k1'], ['kiosk_unsent', 'k2']]);
  });
});
