import { describe, expect, it } from 'vitest';
import type { CustodyEvent } from '../../core/events';
import { reduceDay } from '../../core/reduceDay';
import { at, card, DAY, ev, manual, tinyRoster } from './fixtures';

const roster = tinyRoster();
/** judged at 16:00, inside the session, before any deadline */
function run(events: CustodyEvent[], now = at('16:00'), day = DAY) {
  return reduceDay({ roster, day, events, now });
}
/** what the events themselves raised (time-based anomalies have their own tests in timeRules.test.ts) */
const eventAnomalies = (s: ReturnType<typeof run>) => s.anomalies.filter((a) => a.eventId !== undefined);
const codes = (s: ReturnType<typeof run>) => eventAnomalies(s).map((a) => a.code);
const src = (n: number) => ({ kind: 'card', cardId: card('student', n) }) as const;

describe('custody rules, one event at a time', () => {
  it('CU1 enrolled children of groups meeting today start expected; others are not listed', () => {
    const s = run([]);
    expect(Object.keys(s.children).sort()).toEqual(['a', 'b', 'c']); // g2 meets Mon/Wed/Fri, e is not enrolled
    expect(s.children.a?.status).toBe('expected');
    expect(run([], at('16:00', '2026-11-25'), '2026-11-25').children.d?.status).toBe('expected');
  });

  it('CU3 a child whose group does not meet today is tracked when scanned and flagged', () => {
    const s = run([ev('checked_in', '15:40', { studentId: 'd', source: src(4), groupId: 'g1' })]);
    expect(s.children.d?.status).toBe('in_care');
    expect(codes(s)).toContain('not_expected_today');
  });

  it('CU4 hand-off puts an expected child in transit; a repeat changes nothing', () => {
    const first = ev('handed_off', '15:31', { studentId: 'a', source: src(1), toGroupId: 'g1' });
    const s = run([first, ev('handed_off', '15:32', { studentId: 'a', source: src(1), toGroupId: 'g1' })]);
    expect(s.children.a).toMatchObject({ status: 'handed_off', since: at('15:31') });
    expect(eventAnomalies(s)).toEqual([]);
  });

  it('CU4 hand-off of a child already in care is ignored and flagged out of order', () => {
    const s = run([
      ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' }),
      ev('handed_off', '15:33', { studentId: 'a', source: src(1), toGroupId: 'g1' }),
    ]);
    expect(s.children.a?.status).toBe('in_care');
    expect(codes(s)).toEqual(['out_of_order']);
    expect(s.children.a?.chain.map((l) => l.ignored ?? 'applied')).toEqual(['applied', 'out_of_order']);
  });

  it('CU5 check-in receives the child into the group; a joint hand-over is one step with both teachers', () => {
    const joint = ev('checked_in', '15:31', { studentId: 'a', source: { kind: 'group' }, groupId: 'g1', jointWithStaffId: 'care1' });
    const s = run([joint]);
    expect(s.children.a).toMatchObject({ status: 'in_care', place: { kind: 'group', groupId: 'g1' } });
    expect(s.groups.g1?.present).toBe(1);
  });

  it('CU6 a transfer to a club moves the child out of the group room but keeps it in care', () => {
    const s = run([
      ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' }),
      ev('transferred', '15:40', { studentId: 'a', source: src(1), to: { kind: 'club', clubId: 'choir' } }),
    ]);
    expect(s.children.a).toMatchObject({ status: 'in_care', place: { kind: 'club', clubId: 'choir' } });
    expect(s.groups.g1).toMatchObject({ present: 0, away: 1 });
    expect(s.school.inCare).toBe(1);
  });

  it('CU7 sending a child to the gate that was never checked in is flagged', () => {
    const s = run([ev('sent_to_gate', '17:25', { studentId: 'a', source: manual })]);
    expect(s.children.a?.status).toBe('at_gate');
    expect(codes(s)).toEqual(['never_checked_in']);
  });

  it('CU8 release after care records how the child left', () => {
    const s = run([
      ev('checked_in', '15:31', { studentId: 'b', source: src(2), groupId: 'g1' }),
      ev('sent_to_gate', '17:25', { studentId: 'b', source: { kind: 'group' } }),
      ev('released', '17:31', { studentId: 'b', source: src(2), how: { kind: 'bus', bus: '2' } }),
    ], at('17:40'));
    expect(s.children.b).toMatchObject({ status: 'released', release: { how: { kind: 'bus', bus: '2' }, at: at('17:31') } });
    expect(eventAnomalies(s)).toEqual([]);
  });

  it('CU8 release of a child never in care is an alert', () => {
    const s = run([ev('released', '15:35', { studentId: 'a', source: src(1), how: { kind: 'staff_confirmed', collectedBy: '奶奶' } })]);
    expect(eventAnomalies(s)).toMatchObject([{ code: 'released_without_care', severity: 'alert', studentId: 'a' }]);
  });

  it('CU8 walking alone without permission is an alert; another bus is a warning', () => {
    const s = run([
      ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' }),
      ev('released', '17:31', { studentId: 'a', source: src(1), how: { kind: 'walks_alone' } }),
      ev('checked_in', '15:31', { studentId: 'b', source: src(2), groupId: 'g1' }),
      ev('released', '17:31', { studentId: 'b', source: src(2), how: { kind: 'bus', bus: '1' } }),
      ev('checked_in', '15:31', { studentId: 'c', source: src(3), groupId: 'g1' }),
      ev('released', '17:31', { studentId: 'c', source: src(3), how: { kind: 'walks_alone' } }),
    ], at('17:40'));
    const found = eventAnomalies(s).map((a) => [a.studentId, a.code, a.severity]);
    expect(found).toContainEqual(['a', 'release_mismatch', 'alert']);
    expect(found).toContainEqual(['b', 'release_mismatch', 'warning']);
    expect(found.filter(([id]) => id === 'c')).toEqual([]);
  });

  it('CU8 a guardian card releases only the children it lists', () => {
    const how = { kind: 'guardian_card', guardianId: 'gb', cardId: card('guardian', 12) } as const;
    const s = run([
      ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' }),
      ev('released', '17:31', { studentId: 'a', source: src(1), how }),
    ], at('17:40'));
    expect(codes(s)).toEqual(['guardian_not_authorised']);
  });

  it('CU9 early pickup releases with who came and why', () => {
    const s = run([
      ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' }),
      ev('picked_up_early', '16:10', { studentId: 'a', source: src(1), collectedBy: '爷爷', reason: '看牙医' }),
    ], at('16:20'));
    expect(s.children.a?.release?.early).toEqual({ collectedBy: '爷爷', reason: '看牙医' });
    expect(s.school.released).toBe(1);
  });

  it('CU10 extended care names the adult and the place', () => {
    const s = run([
      ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' }),
      ev('sent_to_gate', '17:25', { studentId: 'a', source: { kind: 'group' } }),
      ev('extended_care_started', '17:46', { studentId: 'a', source: manual, place: '门卫室', adultStaffId: 'gate1' }),
    ], at('18:00'));
    expect(s.children.a).toMatchObject({ status: 'extended_care', extendedCare: { place: '门卫室', adultStaffId: 'gate1' } });
    expect(s.anomalies.map((a) => a.code)).not.toContain('left_on_campus');
  });

  it('CU11 a second release and a scan after release change nothing and raise alerts', () => {
    const s = run([
      ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' }),
      ev('released', '17:31', { studentId: 'a', source: src(1), how: { kind: 'staff_confirmed', collectedBy: '妈妈' } }),
      ev('released', '17:33', { studentId: 'a', source: src(1), how: { kind: 'staff_confirmed', collectedBy: '爸爸' } }),
      ev('checked_in', '17:35', { studentId: 'a', source: src(1), groupId: 'g1' }),
    ], at('17:40'));
    expect(s.children.a).toMatchObject({ status: 'released', release: { at: at('17:31') } });
    expect(codes(s)).toEqual(['released_twice', 'scan_after_release']);
  });

  it('CU12 leave makes an expected child not expected, and counts as absent with a reason', () => {
    const s = run([ev('leave_recorded', '08:00', { studentId: 'a', reason: 'sick', note: '发烧' }, { staffId: 't1' })]);
    expect(s.children.a).toMatchObject({ status: 'on_leave', leave: { reason: 'sick', note: '发烧' } });
    expect(s.school).toMatchObject({ onLeave: 1, expected: 2, enrolledToday: 3 });
    expect(s.anomalies.filter((a) => a.code === 'not_handed_off').map((a) => a.studentId)).toEqual(['b', 'c']);
  });

  it('CU12 a child on leave who turns up is received and flagged for the class teacher', () => {
    const s = run([
      ev('leave_recorded', '08:00', { studentId: 'a', reason: 'personal', note: '' }),
      ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' }),
    ]);
    expect(s.children.a?.status).toBe('in_care');
    expect(codes(s)).toEqual(['on_leave_present']);
  });

  it('CU13 roll call marks a never-seen child absent, but a child in transit stays lost, not absent', () => {
    const s = run([
      ev('marked_absent', '15:45', { studentId: 'a' }),
      ev('handed_off', '15:31', { studentId: 'b', source: src(2), toGroupId: 'g1' }),
      ev('marked_absent', '15:45', { studentId: 'b' }),
    ]);
    expect(s.children.a).toMatchObject({ status: 'absent', absence: {} });
    expect(s.children.b?.status).toBe('handed_off');
    expect(s.school.absentWithoutReason).toBe(1);
    expect(codes(s)).toContain('out_of_order');
  });

  it('CU13 an absence with a reason counts as excused', () => {
    const s = run([ev('marked_absent', '15:45', { studentId: 'a', reason: '家长电话请假' })]);
    expect(s.school).toMatchObject({ absentWithReason: 1, absentWithoutReason: 0 });
  });
});

describe('arrangements for the day', () => {
  it('CU19 a change of the way home for today makes walking alone a planned release, and the latest of a kind wins', () => {
    const s = run([
      ev('arrangement_recorded', '08:00', { studentId: 'a', arrangement: { kind: 'pickup_change', plan: { kind: 'bus', bus: '1' } }, note: '' }),
      ev('arrangement_recorded', '09:00', { studentId: 'a', arrangement: { kind: 'pickup_change', plan: { kind: 'walks_alone', permissionOnFile: true } }, note: '家长电话确认' }),
      ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' }),
      ev('released', '17:31', { studentId: 'a', source: src(1), how: { kind: 'walks_alone' } }),
    ], at('17:40'));
    expect(codes(s)).toEqual([]);
    expect(s.children.a?.arrangements).toMatchObject([{ kind: 'pickup_change', plan: { kind: 'walks_alone' }, note: '家长电话确认' }]);
    expect(s.children.a?.status).toBe('released');
  });
});
