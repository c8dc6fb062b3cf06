import { describe, expect, it } from 'vitest';
import type { CustodyEvent } from '../../core/events';
import { reduceDay } from '../../core/reduceDay';
import { AnomalyCode } from '../../core/state';
import { at, card, DAY, ev, manual, tinyRoster } from './fixtures';

const roster = tinyRoster();
/** judged at 16:00, inside the session, before any deadline */
function run(events: CustodyEvent[], now = at('16:00'), day = DAY) {
  return reduceDay({ roster, day, events, now });
}
/** what the events themselves raised (time-based anomalies have their own tests in timeRules.test.ts) */
const eventAnomalies = (s: ReturnType<typeof run>) => {
  // Every anomaly is a whole one with a known code, before any filter: a stray entry would reach the leader's list.
  for (const a of s.anomalies) expect(Object.values(AnomalyCode)).toContain((a as { code?: unknown } | null)?.code);
  return s.anomalies.filter((a) => a.eventId !== undefined);
};
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
    const joint = ev('checked_in', '15:31', {
      studentId: 'a',
      source: { kind: 'group' },
      groupId: 'g1',
      jointWithStaffId: 'care1',
    });
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
    const s = run(
      [
        ev('checked_in', '15:31', { studentId: 'b', source: src(2), groupId: 'g1' }),
        ev('sent_to_gate', '17:25', { studentId: 'b', source: { kind: 'group' } }),
        ev('released', '17:31', { studentId: 'b', source: src(2), how: { kind: 'bus', bus: '2' } }),
      ],
      at('17:40'),
    );
    expect(s.children.b).toMatchObject({
      status: 'released',
      release: { how: { kind: 'bus', bus: '2' }, at: at('17:31') },
    });
    expect(eventAnomalies(s)).toEqual([]);
  });

  it('CU8 release of a child never in care is an alert', () => {
    const s = run([
      ev('released', '15:35', {
        studentId: 'a',
        source: src(1),
        how: { kind: 'staff_confirmed', collectedBy: '奶奶' },
      }),
    ]);
    expect(eventAnomalies(s)).toMatchObject([{ code: 'released_without_care', severity: 'alert', studentId: 'a' }]);
  });

  it('CU8 walking alone without permission is an alert; another bus is a warning', () => {
    const s = run(
      [
        ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' }),
        ev('released', '17:31', { studentId: 'a', source: src(1), how: { kind: 'walks_alone' } }),
        ev('checked_in', '15:31', { studentId: 'b', source: src(2), groupId: 'g1' }),
        ev('released', '17:31', { studentId: 'b', source: src(2), how: { kind: 'bus', bus: '1' } }),
        ev('checked_in', '15:31', { studentId: 'c', source: src(3), groupId: 'g1' }),
        ev('released', '17:31', { studentId: 'c', source: src(3), how: { kind: 'walks_alone' } }),
      ],
      at('17:40'),
    );
    const found = eventAnomalies(s).map((a) => [a.studentId, a.code, a.severity]);
    expect(found).toContainEqual(['a', 'release_mismatch', 'alert']);
    expect(found).toContainEqual(['b', 'release_mismatch', 'warning']);
    expect(found.filter(([id]) => id === 'c')).toEqual([]);
  });

  it('CU8 a guardian card releases only the children it lists', () => {
    const how = { kind: 'guardian_card', guardianId: 'gb', cardId: card('guardian', 12) } as const;
    const s = run(
      [
        ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' }),
        ev('released', '17:31', { studentId: 'a', source: src(1), how }),
      ],
      at('17:40'),
    );
    expect(codes(s)).toEqual(['guardian_not_authorised']);
  });

  it('CU9 early pickup releases with who came and why', () => {
    const s = run(
      [
        ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' }),
        ev('picked_up_early', '16:10', { studentId: 'a', source: src(1), collectedBy: '爷爷', reason: '看牙医' }),
      ],
      at('16:20'),
    );
    expect(s.children.a?.release?.early).toEqual({ collectedBy: '爷爷', reason: '看牙医' });
    expect(s.school.released).toBe(1);
  });

  it('CU10 extended care names the adult and the place', () => {
    const s = run(
      [
        ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' }),
        ev('sent_to_gate', '17:25', { studentId: 'a', source: { kind: 'group' } }),
        ev('extended_care_started', '17:46', {
          studentId: 'a',
          source: manual,
          place: '门卫室',
          adultStaffId: 'gate1',
        }),
      ],
      at('18:00'),
    );
    expect(s.children.a).toMatchObject({
      status: 'extended_care',
      extendedCare: { place: '门卫室', adultStaffId: 'gate1' },
    });
    expect(s.anomalies.map((a) => a.code)).not.toContain('left_on_campus');
  });

  it('CU11 a second release and a scan after release change nothing and raise alerts', () => {
    const s = run(
      [
        ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' }),
        ev('released', '17:31', {
          studentId: 'a',
          source: src(1),
          how: { kind: 'staff_confirmed', collectedBy: '妈妈' },
        }),
        ev('released', '17:33', {
          studentId: 'a',
          source: src(1),
          how: { kind: 'staff_confirmed', collectedBy: '爸爸' },
        }),
        ev('checked_in', '17:35', { studentId: 'a', source: src(1), groupId: 'g1' }),
      ],
      at('17:40'),
    );
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
    const s = run(
      [
        ev('arrangement_recorded', '08:00', {
          studentId: 'a',
          arrangement: { kind: 'pickup_change', plan: { kind: 'bus', bus: '1' } },
          note: '',
        }),
        ev('arrangement_recorded', '09:00', {
          studentId: 'a',
          arrangement: { kind: 'pickup_change', plan: { kind: 'walks_alone', permissionOnFile: true } },
          note: '家长电话确认',
        }),
        ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' }),
        ev('released', '17:31', { studentId: 'a', source: src(1), how: { kind: 'walks_alone' } }),
      ],
      at('17:40'),
    );
    expect(codes(s)).toEqual([]);
    expect(s.children.a?.arrangements).toMatchObject([
      { kind: 'pickup_change', plan: { kind: 'walks_alone' }, note: '家长电话确认' },
    ]);
    expect(s.children.a?.status).toBe('released');
  });
});

/**
 * Every custody event from every state a child can be in. The day so far happens before 16:00; the event under
 * test comes at 16:30 and the day is judged at 16:40, before any deadline.
 */
describe('each event from each state', () => {
  const inCareA = ev('checked_in', '15:35', { studentId: 'a', source: src(1), groupId: 'g1' });
  const before: Record<string, () => CustodyEvent[]> = {
    expected: () => [],
    on_leave: () => [ev('leave_recorded', '08:00', { studentId: 'a', reason: 'sick', note: '发烧' })],
    absent: () => [ev('marked_absent', '15:45', { studentId: 'a' })],
    handed_off: () => [ev('handed_off', '15:31', { studentId: 'a', source: src(1), toGroupId: 'g1' })],
    in_care: () => [inCareA],
    at_gate: () => [inCareA, ev('sent_to_gate', '15:50', { studentId: 'a', source: { kind: 'group' } })],
    extended_care: () => [
      inCareA,
      ev('extended_care_started', '15:50', { studentId: 'a', source: manual, place: '门卫室', adultStaffId: 'gate1' }),
    ],
    released: () => [
      inCareA,
      ev('released', '15:50', {
        studentId: 'a',
        source: src(1),
        how: { kind: 'staff_confirmed', collectedBy: '妈妈' },
      }),
    ],
  };
  const BEFORE_CARE = ['expected', 'on_leave', 'absent', 'handed_off'];
  /** The day after `from`, then `e`: the child's record, what `e` raised, and how `e` sits in the chain. */
  function after(from: string, e: CustodyEvent) {
    const prior = before[from]!();
    const s = run([...prior, e], at('16:40'));
    const raised = eventAnomalies(s).filter((a) => a.eventId === e.id);
    const earlier = run(prior, at('16:40')).children.a!;
    return { child: s.children.a!, earlier, raised, link: s.children.a!.chain.at(-1)! };
  }
  const codesOf = (raised: { code: string }[]) => raised.map((a) => a.code);

  it('CU7 to the gate: from before care it is flagged never_checked_in; from care it is not; at the gate or in extended care it is a no-op', () => {
    for (const from of Object.keys(before)) {
      const e = ev('sent_to_gate', '16:30', { studentId: 'a', source: { kind: 'group' } });
      const r = after(from, e);
      if (from === 'at_gate' || from === 'extended_care') {
        expect(r.child, from).toEqual({
          ...r.earlier,
          chain: [
            ...r.earlier.chain,
            { eventId: e.id, type: 'sent_to_gate', at: at('16:30'), staffId: 't1', deviceId: 'k1' },
          ],
        });
        expect(r.raised, from).toEqual([]);
      } else if (from === 'released') {
        expect(r.child.status).toBe('released');
        expect(codesOf(r.raised)).toEqual(['scan_after_release']);
      } else {
        expect(r.child, from).toMatchObject({ status: 'at_gate', since: at('16:30') });
        expect(r.child.place, from).toBeUndefined();
        expect(codesOf(r.raised), from).toEqual(BEFORE_CARE.includes(from) ? ['never_checked_in'] : []);
      }
    }
  });

  it('CU7 the never_checked_in warning names the child, the event and when', () => {
    const e = ev('sent_to_gate', '16:30', { studentId: 'a', source: { kind: 'group' } });
    expect(after('expected', e).raised).toEqual([
      {
        key: `never_checked_in:${e.id}`,
        code: 'never_checked_in',
        severity: 'warning',
        since: at('16:30'),
        studentId: 'a',
        eventId: e.id,
      },
    ]);
  });

  it('CU8 a release from before care is released_without_care, naming the state the child was in; from care it is not', () => {
    for (const from of Object.keys(before).filter((f) => f !== 'released')) {
      const e = ev('released', '16:30', {
        studentId: 'a',
        source: src(1),
        how: { kind: 'staff_confirmed', collectedBy: '外婆' },
      });
      const r = after(from, e);
      expect(r.child, from).toMatchObject({
        status: 'released',
        since: at('16:30'),
        release: { how: { kind: 'staff_confirmed', collectedBy: '外婆' }, at: at('16:30') },
      });
      expect(r.child.place, from).toBeUndefined();
      expect(r.raised, from).toEqual(
        BEFORE_CARE.includes(from)
          ? [
              {
                key: `released_without_care:${e.id}`,
                code: 'released_without_care',
                severity: 'alert',
                since: at('16:30'),
                studentId: 'a',
                eventId: e.id,
                detail: { status: from },
              },
            ]
          : [],
      );
    }
  });

  it('CU9 early pickup from before care is released_without_care (alert); from care it is an ordinary early release', () => {
    for (const from of Object.keys(before).filter((f) => f !== 'released')) {
      const e = ev('picked_up_early', '16:30', {
        studentId: 'a',
        source: src(1),
        collectedBy: '爷爷',
        reason: '看牙医',
      });
      const r = after(from, e);
      expect(r.child, from).toMatchObject({ status: 'released', since: at('16:30') });
      expect(r.child.release, from).toEqual({
        how: { kind: 'staff_confirmed', collectedBy: '爷爷' },
        at: at('16:30'),
        early: { collectedBy: '爷爷', reason: '看牙医' },
      });
      expect(r.raised, from).toEqual(
        BEFORE_CARE.includes(from)
          ? [
              {
                key: `released_without_care:${e.id}`,
                code: 'released_without_care',
                severity: 'alert',
                since: at('16:30'),
                studentId: 'a',
                eventId: e.id,
                detail: { status: from },
              },
            ]
          : [],
      );
    }
  });

  it('CU10 extended care from before care (a child handed off but never received included) is flagged never_checked_in; from care it is not', () => {
    for (const from of Object.keys(before).filter((f) => f !== 'released')) {
      const e = ev('extended_care_started', '16:30', {
        studentId: 'a',
        source: manual,
        place: '门卫室',
        adultStaffId: 'gate1',
      });
      const r = after(from, e);
      expect(r.child, from).toMatchObject({
        status: 'extended_care',
        since: at('16:30'),
        extendedCare: { since: at('16:30'), place: '门卫室', adultStaffId: 'gate1' },
      });
      expect(r.child.place, from).toBeUndefined();
      expect(codesOf(r.raised), from).toEqual(BEFORE_CARE.includes(from) ? ['never_checked_in'] : []);
    }
  });

  it('CU11 after release an early pickup is released_twice, any other scan is scan_after_release; both are kept in the chain as ignored', () => {
    const early = after(
      'released',
      ev('picked_up_early', '16:30', { studentId: 'a', source: src(1), collectedBy: '爷爷', reason: '看病' }),
    );
    expect(early.raised).toMatchObject([{ code: 'released_twice', severity: 'alert' }]);
    expect(early.link.ignored).toBe('released_twice');
    expect(early.child.release).toEqual(early.earlier.release);
    for (const e of [
      ev('handed_off', '16:30', { studentId: 'a', source: src(1), toGroupId: 'g1' }),
      ev('transferred', '16:30', { studentId: 'a', source: src(1), to: { kind: 'nurse' } }),
      ev('extended_care_started', '16:30', { studentId: 'a', source: manual, place: '门卫室', adultStaffId: 'gate1' }),
      ev('marked_absent', '16:30', { studentId: 'a' }),
    ]) {
      const r = after('released', e);
      expect(r.child.status, e.type).toBe('released');
      expect(r.raised, e.type).toMatchObject([{ code: 'scan_after_release', severity: 'alert' }]);
      expect(r.link.ignored, e.type).toBe('scan_after_release');
    }
  });

  it('CU11 leave, a safe mark and an arrangement after release are not scans: no alert, and custody is unchanged', () => {
    const leave = after('released', ev('leave_recorded', '16:30', { studentId: 'a', reason: 'other', note: '补记' }));
    expect(leave.raised).toEqual([]);
    expect(leave.child).toMatchObject({ status: 'released', leave: { reason: 'other', note: '补记' } });
    const safe = after('released', ev('marked_safe', '16:30', { studentId: 'a', source: src(1) }));
    expect(safe.raised).toEqual([]);
    expect(safe.link.ignored).toBeUndefined();
    const arranged = after(
      'released',
      ev('arrangement_recorded', '16:30', {
        studentId: 'a',
        arrangement: { kind: 'late_pickup', at: '18:00' },
        note: '',
      }),
    );
    expect(arranged.raised).toEqual([]);
    expect(arranged.child).toMatchObject({ status: 'released', arrangements: [{ kind: 'late_pickup', at: '18:00' }] });
  });

  it('CU12 leave for a child already present is kept and flagged on_leave_present; the child stays where it is', () => {
    for (const from of ['handed_off', 'in_care', 'at_gate', 'extended_care']) {
      const e = ev('leave_recorded', '16:30', { studentId: 'a', reason: 'personal', note: '家长来电' });
      const r = after(from, e);
      expect(r.child, from).toEqual({
        ...r.earlier,
        leave: { reason: 'personal', note: '家长来电', eventId: e.id },
        chain: [...r.earlier.chain, r.link],
      });
      expect(r.raised, from).toEqual([
        {
          key: `on_leave_present:${e.id}`,
          code: 'on_leave_present',
          severity: 'warning',
          since: at('16:30'),
          studentId: 'a',
          eventId: e.id,
        },
      ]);
    }
  });

  it('CU12 leave moves an expected or absent child to on_leave and clears the absence; a second leave replaces the first quietly', () => {
    for (const from of ['expected', 'absent']) {
      const r = after(from, ev('leave_recorded', '16:30', { studentId: 'a', reason: 'sick', note: '' }));
      expect(r.child, from).toMatchObject({
        status: 'on_leave',
        since: at('16:30'),
        leave: { reason: 'sick', note: '' },
      });
      expect(r.child.absence, from).toBeUndefined();
      expect(r.raised, from).toEqual([]);
    }
    const again = after(
      'on_leave',
      ev('leave_recorded', '16:30', { studentId: 'a', reason: 'personal', note: '改为事假' }),
    );
    expect(again.child).toMatchObject({ status: 'on_leave', leave: { reason: 'personal', note: '改为事假' } });
    expect(again.raised).toEqual([]);
  });

  it('CU12 CU4 a child on leave who is handed off moves on and is flagged; a child marked absent who is handed off is no longer absent', () => {
    const fromLeave = after('on_leave', ev('handed_off', '16:30', { studentId: 'a', source: src(1), toGroupId: 'g1' }));
    expect(fromLeave.child).toMatchObject({ status: 'handed_off', since: at('16:30') });
    expect(codesOf(fromLeave.raised)).toEqual(['on_leave_present']);
    const fromAbsent = after('absent', ev('handed_off', '16:30', { studentId: 'a', source: src(1), toGroupId: 'g1' }));
    expect(fromAbsent.child.status).toBe('handed_off');
    expect(fromAbsent.child.absence).toBeUndefined();
    expect(fromAbsent.raised).toEqual([]);
  });

  it('CU4 a hand-off of a child in care, at the gate or in extended care is ignored and flagged out_of_order with the state', () => {
    for (const from of ['in_care', 'at_gate', 'extended_care']) {
      const e = ev('handed_off', '16:30', { studentId: 'a', source: src(1), toGroupId: 'g1' });
      const r = after(from, e);
      expect(r.child, from).toEqual({ ...r.earlier, chain: [...r.earlier.chain, r.link] });
      expect(r.link.ignored).toBe('out_of_order');
      expect(r.raised, from).toEqual([
        {
          key: `out_of_order:${e.id}`,
          code: 'out_of_order',
          severity: 'warning',
          since: at('16:30'),
          studentId: 'a',
          eventId: e.id,
          detail: { status: from },
        },
      ]);
    }
  });

  it('CU5 checking in again to the same group is a no-op; to another group moves the child', () => {
    const same = after('in_care', ev('checked_in', '16:30', { studentId: 'a', source: src(1), groupId: 'g1' }));
    expect(same.child).toEqual({ ...same.earlier, chain: [...same.earlier.chain, same.link] });
    expect(same.child.since).toBe(at('15:35'));
    expect(same.raised).toEqual([]);
    const other = after('in_care', ev('checked_in', '16:30', { studentId: 'a', source: src(1), groupId: 'g2' }));
    expect(other.child).toMatchObject({
      status: 'in_care',
      since: at('16:30'),
      place: { kind: 'group', groupId: 'g2' },
    });
  });

  it('CU5 check-in brings a child back from the gate, extended care or a club into the group room', () => {
    for (const from of ['at_gate', 'extended_care']) {
      const r = after(from, ev('checked_in', '16:30', { studentId: 'a', source: src(1), groupId: 'g1' }));
      expect(r.child, from).toMatchObject({
        status: 'in_care',
        since: at('16:30'),
        place: { kind: 'group', groupId: 'g1' },
      });
    }
    const s = run(
      [
        inCareA,
        ev('transferred', '15:50', { studentId: 'a', source: src(1), to: { kind: 'club', clubId: 'choir' } }),
        ev('checked_in', '16:30', { studentId: 'a', source: src(1), groupId: 'g1' }),
      ],
      at('16:40'),
    );
    expect(s.children.a).toMatchObject({
      status: 'in_care',
      since: at('16:30'),
      place: { kind: 'group', groupId: 'g1' },
    });
    expect(s.groups.g1).toMatchObject({ present: 1, away: 0 });
  });

  it('CU5 CU12 a child on leave or marked absent who is checked in is in care, flagged for leave, and no longer absent', () => {
    const fromLeave = after('on_leave', ev('checked_in', '16:30', { studentId: 'a', source: src(1), groupId: 'g1' }));
    expect(fromLeave.child.status).toBe('in_care');
    expect(codesOf(fromLeave.raised)).toEqual(['on_leave_present']);
    const fromAbsent = after('absent', ev('checked_in', '16:30', { studentId: 'a', source: src(1), groupId: 'g1' }));
    expect(fromAbsent.child.status).toBe('in_care');
    expect(fromAbsent.child.absence).toBeUndefined();
    expect(fromAbsent.raised).toEqual([]);
  });

  it('CU6 CU12 a transfer moves the child into care at the new place, flags leave and clears an absence', () => {
    const nurse = after(
      'at_gate',
      ev('transferred', '16:30', { studentId: 'a', source: src(1), to: { kind: 'nurse' } }),
    );
    expect(nurse.child).toMatchObject({ status: 'in_care', since: at('16:30'), place: { kind: 'nurse' } });
    const fromLeave = after(
      'on_leave',
      ev('transferred', '16:30', { studentId: 'a', source: src(1), to: { kind: 'club', clubId: 'choir' } }),
    );
    expect(codesOf(fromLeave.raised)).toEqual(['on_leave_present']);
    const fromAbsent = after(
      'absent',
      ev('transferred', '16:30', { studentId: 'a', source: src(1), to: { kind: 'group', groupId: 'g1' } }),
    );
    expect(fromAbsent.child).toMatchObject({ status: 'in_care', place: { kind: 'group', groupId: 'g1' } });
    expect(fromAbsent.child.absence).toBeUndefined();
    expect(fromAbsent.raised).toEqual([]);
  });

  it('CU3 a child whose group does not meet today is flagged when received into a group, naming that group, and not again for a club', () => {
    const into = ev('transferred', '15:40', { studentId: 'd', source: src(4), to: { kind: 'group', groupId: 'g1' } });
    const club = ev('transferred', '15:50', { studentId: 'd', source: src(4), to: { kind: 'club', clubId: 'choir' } });
    const s = run([into, club]);
    expect(eventAnomalies(s)).toEqual([
      {
        key: `not_expected_today:${into.id}`,
        code: 'not_expected_today',
        severity: 'warning',
        since: at('15:40'),
        studentId: 'd',
        eventId: into.id,
        detail: { groupId: 'g1' },
      },
    ]);
    expect(s.children.d).toMatchObject({
      status: 'in_care',
      expectedToday: false,
      groupId: null,
      place: { kind: 'club', clubId: 'choir' },
    });
  });

  it("CU13 an absence takes the reason given, else the leave's note, else the leave's reason; from care it is out of order", () => {
    const withNote = after('on_leave', ev('marked_absent', '16:30', { studentId: 'a' }));
    expect(withNote.child).toMatchObject({ status: 'absent', since: at('16:30'), absence: { reason: '发烧' } });
    const given = after('on_leave', ev('marked_absent', '16:30', { studentId: 'a', reason: '家长来电' }));
    expect(given.child.absence?.reason).toBe('家长来电');
    const s = run(
      [
        ev('leave_recorded', '08:00', { studentId: 'a', reason: 'sick', note: '' }),
        ev('marked_absent', '16:30', { studentId: 'a' }),
      ],
      at('16:40'),
    );
    expect(s.children.a?.absence?.reason).toBe('sick');
    const again = after('absent', ev('marked_absent', '16:30', { studentId: 'a', reason: '病假' }));
    expect(again.child).toMatchObject({ status: 'absent', absence: { reason: '病假' } });
    for (const from of ['in_care', 'at_gate', 'extended_care']) {
      const e = ev('marked_absent', '16:30', { studentId: 'a' });
      const r = after(from, e);
      expect(r.child.status, from).toBe(from);
      expect(r.link.ignored, from).toBe('out_of_order');
      expect(r.raised, from).toMatchObject([{ code: 'out_of_order', severity: 'warning', detail: { status: from } }]);
    }
  });

  it('RC2 a safe mark changes nothing about the child and raises nothing', () => {
    for (const from of Object.keys(before)) {
      const r = after(from, ev('marked_safe', '16:30', { studentId: 'a', source: src(1) }));
      expect(r.child, from).toEqual({ ...r.earlier, chain: [...r.earlier.chain, r.link] });
      expect(r.raised, from).toEqual([]);
    }
  });
});

describe('CU8 CU19 the release checks', () => {
  const released = (
    studentId: string,
    n: number,
    how: Parameters<typeof ev<'released'>>[2]['how'],
    extra: CustodyEvent[] = [],
  ) => {
    const e = ev('released', '17:31', { studentId, source: src(n), how });
    const s = run([ev('checked_in', '15:31', { studentId, source: src(n), groupId: 'g1' }), ...extra, e], at('17:40'));
    return eventAnomalies(s)
      .filter((a) => a.eventId === e.id)
      .map((a) => ({ code: a.code, severity: a.severity, detail: a.detail }));
  };

  it('CU8 a bus other than the plan, or a bus for a child collected by a guardian, is a warning naming both', () => {
    expect(released('b', 2, { kind: 'bus', bus: '1' })).toEqual([
      { code: 'release_mismatch', severity: 'warning', detail: { plan: 'bus 2', how: 'bus 1' } },
    ]);
    expect(released('a', 1, { kind: 'bus', bus: '1' })).toEqual([
      { code: 'release_mismatch', severity: 'warning', detail: { plan: 'guardian', how: 'bus 1' } },
    ]);
    expect(released('b', 2, { kind: 'bus', bus: '2' })).toEqual([]);
  });

  it('CU8 walking alone without the permission is an alert naming the plan; with it, nothing', () => {
    expect(released('b', 2, { kind: 'walks_alone' })).toEqual([
      { code: 'release_mismatch', severity: 'alert', detail: { plan: 'bus', how: 'walks_alone' } },
    ]);
    expect(released('c', 3, { kind: 'walks_alone' })).toEqual([]);
    expect(released('c', 3, { kind: 'staff_confirmed', collectedBy: '妈妈' })).toEqual([]);
  });

  it("CU8 a guardian card is good only if it is that guardian's current card and lists the child", () => {
    expect(released('a', 1, { kind: 'guardian_card', guardianId: 'ga', cardId: card('guardian', 11) })).toEqual([]);
    expect(released('a', 1, { kind: 'guardian_card', guardianId: 'ga', cardId: card('guardian', 77) })).toEqual([
      { code: 'guardian_not_authorised', severity: 'alert', detail: { guardianId: 'ga' } },
    ]);
    expect(released('a', 1, { kind: 'guardian_card', guardianId: 'gz', cardId: card('guardian', 11) })).toEqual([
      { code: 'guardian_not_authorised', severity: 'alert', detail: { guardianId: 'gz' } },
    ]);
    expect(released('b', 2, { kind: 'guardian_card', guardianId: 'ga', cardId: card('guardian', 11) })).toEqual([
      { code: 'guardian_not_authorised', severity: 'alert', detail: { guardianId: 'ga' } },
    ]);
  });

  it('CU19 only a change of the way home replaces the plan: an early-pickup note recorded first does not', () => {
    const early = ev('arrangement_recorded', '08:00', {
      studentId: 'b',
      arrangement: { kind: 'early_pickup', at: '16:30', collectedBy: '奶奶' },
      note: '',
    });
    const walks = ev('arrangement_recorded', '08:05', {
      studentId: 'b',
      arrangement: { kind: 'pickup_change', plan: { kind: 'walks_alone', permissionOnFile: true } },
      note: '',
    });
    expect(released('b', 2, { kind: 'walks_alone' }, [early, walks])).toEqual([]);
    expect(released('b', 2, { kind: 'walks_alone' }, [early])).toMatchObject([
      { code: 'release_mismatch', severity: 'alert' },
    ]);
  });

  it('CU19 arrangements of different kinds are all kept, each with its note; custody does not move', () => {
    const s = run([
      ev('arrangement_recorded', '08:00', {
        studentId: 'a',
        arrangement: { kind: 'early_pickup', at: '16:30', collectedBy: '奶奶' },
        note: '看牙',
      }),
      ev('arrangement_recorded', '08:05', {
        studentId: 'a',
        arrangement: { kind: 'late_pickup', at: '18:30' },
        note: '',
      }),
    ]);
    expect(s.children.a?.arrangements?.map((a) => [a.kind, a.note])).toEqual([
      ['early_pickup', '看牙'],
      ['late_pickup', ''],
    ]);
    expect(s.children.a).toMatchObject({ status: 'expected', since: null });
    expect(eventAnomalies(s)).toEqual([]);
  });
});

describe("the severity each rule gives: a warning is listed, an alert rings the leader's phone", () => {
  const severities = (s: ReturnType<typeof run>) => eventAnomalies(s).map((a) => `${a.code} ${a.severity}`);

  it('CU12 a child on leave who is checked in or moved raises a warning, not an alert', () => {
    const leave = ev('leave_recorded', '08:00', { studentId: 'a', reason: 'sick', note: '' });
    expect(
      severities(run([leave, ev('checked_in', '15:35', { studentId: 'a', source: src(1), groupId: 'g1' })])),
    ).toEqual(['on_leave_present warning']);
    expect(
      severities(run([leave, ev('transferred', '15:35', { studentId: 'a', source: src(1), to: { kind: 'nurse' } })])),
    ).toEqual(['on_leave_present warning']);
  });

  it('CU10 extended care for a child never checked in is a warning', () => {
    expect(
      severities(
        run([
          ev('extended_care_started', '17:46', {
            studentId: 'a',
            source: manual,
            place: '门卫室',
            adultStaffId: 'gate1',
          }),
        ]),
      ),
    ).toEqual(['never_checked_in warning']);
  });
});
