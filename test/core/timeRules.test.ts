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
    expect(find(s, 'lost_in_transit')).toMatchObject([
      { severity: 'alert', studentId: 'a', groupId: 'g1', since: at('15:36'), key: 'lost_in_transit:a' },
    ]);
  });

  it('AN1 the alert clears once the child is received', () => {
    const s = reduceDay({
      roster,
      day: DAY,
      now: at('15:50'),
      events: [handOff, ev('checked_in', '15:45', { studentId: 'a', source: src(1), groupId: 'g1' })],
    });
    expect(find(s, 'lost_in_transit')).toEqual([]);
  });

  it('AN2 an expected child without leave and not handed off 10 minutes after the start is reported', () => {
    expect(find(reduceDay({ roster, day: DAY, events: [], now: at('15:39') }), 'not_handed_off')).toEqual([]);
    expect(
      find(reduceDay({ roster, day: DAY, events: [], now: at('15:40') }), 'not_handed_off').map((a) => a.studentId),
    ).toEqual(['a', 'b', 'c']);
  });

  it('AN3 a child checked in to another group is in the wrong group while it stays there', () => {
    const wrong = ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g2' });
    const s = reduceDay({ roster, day: DAY, events: [wrong], now: at('15:40') });
    expect(find(s, 'wrong_group')).toMatchObject([
      { studentId: 'a', groupId: 'g2', detail: { expectedGroupId: 'g1' } },
    ]);
    const fixed = reduceDay({
      roster,
      day: DAY,
      now: at('15:45'),
      events: [
        wrong,
        ev('transferred', '15:42', { studentId: 'a', source: src(1), to: { kind: 'group', groupId: 'g1' } }),
      ],
    });
    expect(find(fixed, 'wrong_group')).toEqual([]);
  });

  it('AN4 a child still in care after the end plus grace is left on campus (滞留)', () => {
    const inCare = ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' });
    expect(find(reduceDay({ roster, day: DAY, events: [inCare], now: at('17:44') }), 'left_on_campus')).toEqual([]);
    expect(find(reduceDay({ roster, day: DAY, events: [inCare], now: at('17:45') }), 'left_on_campus')).toMatchObject([
      { studentId: 'a', since: at('17:45') },
    ]);
  });

  it('AN5 more children in a room than it holds is over capacity (the smaller of group and room)', () => {
    const small = tinyRoster((r) => {
      r.students.forEach((s) => {
        if (s.groupId === 'g1') s.groupId = 'g2';
      });
      r.groups[1]!.weekdays = [2];
    });
    const events = ['a', 'b', 'c', 'd'].map((id, i) =>
      ev('checked_in', '15:31', { studentId: id, source: src(i + 1), groupId: 'g2' }),
    );
    const s = reduceDay({ roster: small, day: DAY, events, now: at('15:40') });
    expect(find(s, 'over_capacity')).toMatchObject([{ groupId: 'g2', detail: { present: 4, capacity: 3 } }]);
  });

  it('AN6 children present with no care teacher signed in break the ratio', () => {
    const inCare = ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' });
    expect(find(reduceDay({ roster, day: DAY, events: [inCare], now: at('15:40') }), 'teacher_ratio')).toMatchObject([
      { groupId: 'g1', detail: { needed: 1, teachers: 0 } },
    ]);
    const signed = ev('staff_signed_in', '15:20', { duty: 'care', groupId: 'g1' }, { staffId: 'care1' });
    expect(find(reduceDay({ roster, day: DAY, events: [inCare, signed], now: at('15:40') }), 'teacher_ratio')).toEqual(
      [],
    );
  });

  it('AN7 an inspection that counts differently from the system is kept as a warning', () => {
    const s = reduceDay({
      roster,
      day: DAY,
      now: at('16:00'),
      events: [
        ev('headcount_inspected', '15:50', { groupId: 'g1', counted: 2, systemCount: 3, note: '' }, { staffId: 't1' }),
      ],
    });
    expect(s.inspections).toMatchObject([{ counted: 2, systemCount: 3 }]);
    expect(find(s, 'headcount_mismatch')).toMatchObject([{ severity: 'warning', groupId: 'g1' }]);
  });

  it('AN8 a silent kiosk is offline and a kiosk holding records is reported; revoked kiosks are not', () => {
    const s = reduceDay({
      roster,
      day: DAY,
      events: [],
      now: at('16:00'),
      devices: [
        { deviceId: 'k1', name: '校门', lastSeen: at('15:56'), unsent: 0, revoked: false },
        { deviceId: 'k2', name: '一(1)班', lastSeen: at('15:59'), unsent: 4, revoked: false },
        { deviceId: 'k3', name: '旧平板', lastSeen: at('09:00'), unsent: 9, revoked: true },
      ],
    });
    expect(s.anomalies.filter((a) => a.deviceId).map((a) => [a.code, a.deviceId])).toEqual([
      ['kiosk_offline', 'k1'],
      ['kiosk_unsent', 'k2'],
    ]);
  });
});

describe('anomalies judged at now, at their edges', () => {
  const roster = tinyRoster();
  const run = (
    events: Parameters<typeof reduceDay>[0]['events'],
    now: number,
    devices?: Parameters<typeof reduceDay>[0]['devices'],
  ) => reduceDay({ roster, day: DAY, events, now, ...(devices ? { devices } : {}) });

  it('AN1 a child not expected today who is lost in transit is reported without a group', () => {
    const s = run([ev('handed_off', '15:31', { studentId: 'd', source: src(4), toGroupId: 'g1' })], at('15:40'));
    expect(find(s, 'lost_in_transit')).toEqual([
      { key: 'lost_in_transit:d', code: 'lost_in_transit', severity: 'alert', since: at('15:36'), studentId: 'd' },
    ]);
  });

  it('AN2 the not-handed-off alert names the child and its group, from the session start plus the threshold; a child on leave or in transit is not reported', () => {
    const s = run(
      [
        ev('leave_recorded', '08:00', { studentId: 'b', reason: 'sick', note: '' }),
        ev('handed_off', '15:31', { studentId: 'c', source: src(3), toGroupId: 'g1' }),
      ],
      at('15:41'),
    );
    expect(find(s, 'not_handed_off')).toEqual([
      {
        key: 'not_handed_off:a',
        code: 'not_handed_off',
        severity: 'alert',
        since: at('15:40'),
        studentId: 'a',
        groupId: 'g1',
      },
    ]);
  });

  it('AN2 AN4 a child whose grade has no session today raises neither alert', () => {
    const grade3 = tinyRoster((r) => {
      r.students[0]!.grade = 3;
    });
    const s = reduceDay({
      roster: grade3,
      day: DAY,
      now: at('19:00'),
      events: [
        ev('handed_off', '15:31', { studentId: 'b', source: src(2), toGroupId: 'g1' }),
        ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' }),
      ],
    });
    expect(find(s, 'not_handed_off')).toEqual([]);
    expect(find(s, 'left_on_campus').map((a) => a.studentId)).toEqual(['b']);
  });

  it('AN3 the wrong-group alert dates from the check-in; a child not expected today is not in a wrong group; a club is not a group', () => {
    const wrong = ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g2' });
    expect(find(run([wrong], at('15:40')), 'wrong_group')).toEqual([
      {
        key: 'wrong_group:a',
        code: 'wrong_group',
        severity: 'alert',
        since: at('15:31'),
        studentId: 'a',
        groupId: 'g2',
        detail: { expectedGroupId: 'g1' },
      },
    ]);
    expect(
      find(
        run([ev('checked_in', '15:31', { studentId: 'd', source: src(4), groupId: 'g1' })], at('15:40')),
        'wrong_group',
      ),
    ).toEqual([]);
    expect(
      find(
        run(
          [ev('transferred', '15:31', { studentId: 'a', source: src(1), to: { kind: 'club', clubId: 'choir' } })],
          at('15:40'),
        ),
        'wrong_group',
      ),
    ).toEqual([]);
  });

  it('AN4 in transit, in care or at the gate after the end plus grace is left on campus (a child not expected today without a group); in extended care it is not', () => {
    const s = run(
      [
        ev('handed_off', '15:31', { studentId: 'a', source: src(1), toGroupId: 'g1' }),
        ev('checked_in', '15:31', { studentId: 'b', source: src(2), groupId: 'g1' }),
        ev('sent_to_gate', '17:30', { studentId: 'b', source: { kind: 'group' } }),
        ev('checked_in', '15:31', { studentId: 'c', source: src(3), groupId: 'g1' }),
        ev('extended_care_started', '17:40', {
          studentId: 'c',
          source: src(3),
          place: '门卫室',
          adultStaffId: 'gate1',
        }),
        ev('checked_in', '15:31', { studentId: 'd', source: src(4), groupId: 'g1' }),
      ],
      at('18:00'),
    );
    expect(find(s, 'left_on_campus')).toEqual([
      {
        key: 'left_on_campus:a',
        code: 'left_on_campus',
        severity: 'alert',
        since: at('17:45'),
        studentId: 'a',
        groupId: 'g1',
      },
      {
        key: 'left_on_campus:b',
        code: 'left_on_campus',
        severity: 'alert',
        since: at('17:45'),
        studentId: 'b',
        groupId: 'g1',
      },
      { key: 'left_on_campus:d', code: 'left_on_campus', severity: 'alert', since: at('17:45'), studentId: 'd' },
    ]);
  });

  it('AN5 a room exactly full is not over capacity; one more is, with the time judged', () => {
    const small = tinyRoster((r) => {
      r.students.forEach((s) => {
        if (s.groupId === 'g1') s.groupId = 'g2';
      });
      r.groups[1]!.weekdays = [2];
    });
    const checkIns = ['a', 'b', 'c', 'd'].map((id, i) =>
      ev('checked_in', '15:31', { studentId: id, source: src(i + 1), groupId: 'g2' }),
    );
    expect(
      find(reduceDay({ roster: small, day: DAY, events: checkIns.slice(0, 3), now: at('15:40') }), 'over_capacity'),
    ).toEqual([]);
    expect(find(reduceDay({ roster: small, day: DAY, events: checkIns, now: at('15:40') }), 'over_capacity')).toEqual([
      {
        key: 'over_capacity:g2',
        code: 'over_capacity',
        severity: 'alert',
        since: at('15:40'),
        groupId: 'g2',
        detail: { present: 4, capacity: 3 },
      },
    ]);
  });

  it('AN6 one care teacher per 30 present: 30 children need one, 31 need two; an empty room needs none', () => {
    const many = tinyRoster((r) => {
      for (let i = 0; i < 28; i++)
        r.students.push({
          id: `x${i}`,
          studentNo: `9${i}`,
          name: `学生${i}`,
          initials: 'x',
          grade: 1,
          classId: 'c1',
          groupId: 'g1',
          pickup: { kind: 'guardian' },
          cardId: null,
        });
    });
    const m = { kind: 'manual', reason: '忘带卡' } as const;
    const ids = ['a', 'b', ...Array.from({ length: 28 }, (_, i) => `x${i}`)];
    const thirty = ids.map((id) => ev('checked_in', '15:31', { studentId: id, source: m, groupId: 'g1' }));
    const teacher = ev('staff_signed_in', '15:20', { duty: 'care', groupId: 'g1' }, { staffId: 'care1' });
    const ratio = (events: Parameters<typeof reduceDay>[0]['events']) =>
      find(reduceDay({ roster: many, day: DAY, events, now: at('15:40') }), 'teacher_ratio');
    expect(ratio([...thirty, teacher])).toEqual([]);
    const thirtyOne = [...thirty, ev('checked_in', '15:32', { studentId: 'c', source: m, groupId: 'g1' }), teacher];
    expect(ratio(thirtyOne)).toEqual([
      {
        key: 'teacher_ratio:g1',
        code: 'teacher_ratio',
        severity: 'warning',
        since: at('15:40'),
        groupId: 'g1',
        detail: { present: 31, teachers: 1, needed: 2 },
      },
    ]);
    expect(ratio([teacher])).toEqual([]);
    expect(ratio([])).toEqual([]);
  });

  it('AN8 a kiosk is offline from exactly its last contact plus the threshold; one never seen is not offline; unsent records are reported since its last contact', () => {
    const devices = [
      { deviceId: 'k1', name: '校门', lastSeen: at('15:57'), unsent: 0, revoked: false },
      { deviceId: 'k2', name: '一(1)班', lastSeen: at('15:58'), unsent: 0, revoked: false },
      { deviceId: 'k3', name: '新平板', lastSeen: null, unsent: 0, revoked: false },
      { deviceId: 'k4', name: '混合班', lastSeen: at('15:59'), unsent: 1, revoked: false },
      { deviceId: 'k5', name: '未连过', lastSeen: null, unsent: 2, revoked: false },
    ];
    expect(run([], at('15:00'), [devices[2]!]).anomalies).toEqual([]); // before the session, a kiosk never seen raises nothing at all
    const s = run([], at('16:00'), devices);
    expect(s.anomalies.filter((a) => a.deviceId)).toEqual([
      {
        key: 'kiosk_unsent:k4',
        code: 'kiosk_unsent',
        severity: 'warning',
        since: at('15:59'),
        deviceId: 'k4',
        detail: { name: '混合班', unsent: 1 },
      },
      {
        key: 'kiosk_offline:k1',
        code: 'kiosk_offline',
        severity: 'alert',
        since: at('16:00'),
        deviceId: 'k1',
        detail: { name: '校门' },
      },
      {
        key: 'kiosk_unsent:k5',
        code: 'kiosk_unsent',
        severity: 'warning',
        since: at('16:00'),
        deviceId: 'k5',
        detail: { name: '未连过', unsent: 2 },
      },
    ]);
    expect(run([], at('16:00')).anomalies.filter((a) => a.deviceId)).toEqual([]);
  });
});
