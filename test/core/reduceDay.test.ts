import { describe, expect, it } from 'vitest';
import { reduceDay } from '../../core/reduceDay';
import { at, card, DAY, ev, tinyRoster } from './fixtures';

const roster = tinyRoster();
const src = (n: number) => ({ kind: 'card', cardId: card('student', n) }) as const;

describe('the day as a whole', () => {
  it('CU2 events are ordered by hub-clock time: a kiosk whose clock is 3 minutes slow still orders correctly', () => {
    // The hand-off kiosk runs 3 minutes slow and knows it (offset +3 min): its 15:29 is 15:32 on the hub's clock.
    const handOff = ev(
      'handed_off',
      '15:29',
      { studentId: 'a', source: src(1), toGroupId: 'g1' },
      { clockOffsetMs: 180_000 },
    );
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
    for (const events of [
      [wrong, fix],
      [fix, wrong],
    ]) {
      const s = reduceDay({ roster, day: DAY, events, now: at('15:35') });
      expect(s.children.a?.status).toBe('expected');
    }
  });

  it('CU15 care teachers on duty are counted per group until they sign out', () => {
    const s = reduceDay({
      roster,
      day: DAY,
      now: at('16:00'),
      events: [
        ev('staff_signed_in', '15:20', { duty: 'care', groupId: 'g1' }, { staffId: 'care1' }),
        ev('staff_signed_in', '15:20', { duty: 'gate' }, { staffId: 'gate1' }),
        ev('staff_signed_out', '15:50', { duty: 'gate' }, { staffId: 'gate1' }),
      ],
    });
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
    const s = reduceDay({
      roster,
      day: DAY,
      now: at('16:00'),
      events: [
        ev('handed_off', '15:31', { studentId: 'a', source: src(1), toGroupId: 'g1' }),
        ev('checked_in', '15:31', { studentId: 'b', source: src(2), groupId: 'g1' }),
        ev('leave_recorded', '08:00', { studentId: 'c', reason: 'sick', note: '' }),
      ],
    });
    expect(s.school).toMatchObject({
      enrolledToday: 3,
      expected: 2,
      inTransit: 1,
      inCare: 1,
      onLeave: 1,
      onCampus: 2,
      awaiting: 0,
    });
    expect(s.groups.g1).toMatchObject({ expected: 2, inTransit: 1, present: 1, onLeave: 1 });
  });

  it('a day without service expects nobody', () => {
    const s = reduceDay({ roster, day: '2026-11-26', events: [], now: at('16:00', '2026-11-26') });
    expect(s.serviceDay).toMatchObject({ service: false, note: '教师培训' });
    expect(s.school.enrolledToday).toBe(0);
  });
});

describe('headcounts for every state at once', () => {
  // g2 meets on Tuesdays too here, and each state has one child.
  const big = tinyRoster((r) => {
    r.groups[1]!.weekdays = [1, 2, 3, 5];
    const more = [
      ['f', 'g1'],
      ['g', 'g1'],
      ['h', 'g1'],
      ['i', 'g2'],
      ['j', 'g2'],
      ['k', 'g2'],
      ['l', 'g2'],
    ] as const;
    more.forEach(([id, groupId], n) =>
      r.students.push({
        id,
        studentNo: `1${n}`,
        name: `学生${id}`,
        initials: id,
        grade: 1,
        classId: 'c2',
        groupId,
        pickup: { kind: 'guardian' },
        cardId: null,
      }),
    );
  });
  const m = { kind: 'manual', reason: '忘带卡' } as const;
  const inCare = (id: string, groupId = 'g1') => ev('checked_in', '15:35', { studentId: id, source: m, groupId });
  const events = [
    ev('handed_off', '16:35', { studentId: 'b', source: m, toGroupId: 'g1' }),
    inCare('c'),
    inCare('d'), // g2's child in g1's room
    inCare('e'), // not enrolled: tracked, counted where it is, never expected
    inCare('f'),
    ev('transferred', '15:40', { studentId: 'f', source: m, to: { kind: 'club', clubId: 'choir' } }),
    inCare('g'),
    ev('sent_to_gate', '16:20', { studentId: 'g', source: { kind: 'group' } }),
    inCare('h'),
    ev('released', '16:25', { studentId: 'h', source: m, how: { kind: 'staff_confirmed', collectedBy: '妈妈' } }),
    inCare('i', 'g2'),
    ev('extended_care_started', '16:30', { studentId: 'i', source: m, place: '门卫室', adultStaffId: 'gate1' }),
    ev('leave_recorded', '08:00', { studentId: 'j', reason: 'sick', note: '' }),
    ev('marked_absent', '15:50', { studentId: 'k', reason: '家长来电' }),
    ev('marked_absent', '15:50', { studentId: 'l' }),
    ev('staff_signed_in', '15:20', { duty: 'care', groupId: 'g1' }, { staffId: 'care1' }),
  ];
  const day = () => reduceDay({ roster: big, day: DAY, events, now: at('16:40') });

  it('CU1 CU3 the school counts each expected child once, in the one place it is; a child not enrolled is counted in care but never expected', () => {
    expect(day().school).toEqual({
      enrolledToday: 11,
      expected: 10,
      onCampus: 7,
      inTransit: 1,
      inCare: 4,
      atGate: 1,
      released: 1,
      extendedCare: 1,
      onLeave: 1,
      absentWithReason: 1,
      absentWithoutReason: 1,
      awaiting: 1,
    });
  });

  it('CU1 AN3 a group counts its own children by state, and as present whoever is in its room; children in a club are away', () => {
    const zero = {
      expected: 0,
      onLeave: 0,
      inTransit: 0,
      present: 0,
      away: 0,
      atGate: 0,
      released: 0,
      extendedCare: 0,
      absentWithReason: 0,
      absentWithoutReason: 0,
      awaiting: 0,
    };
    expect(day().groups).toEqual({
      g1: {
        ...zero,
        groupId: 'g1',
        expected: 6,
        awaiting: 1,
        inTransit: 1,
        present: 3,
        away: 1,
        atGate: 1,
        released: 1,
        capacity: 45,
        teachers: 1,
      },
      g2: {
        ...zero,
        groupId: 'g2',
        expected: 4,
        onLeave: 1,
        extendedCare: 1,
        absentWithReason: 1,
        absentWithoutReason: 1,
        capacity: 3,
        teachers: 0,
      },
    });
  });
});

describe('the day as a whole, in detail', () => {
  const run = (events: Parameters<typeof reduceDay>[0]['events'], now = at('16:00'), day = DAY) =>
    reduceDay({ roster, day, events, now });

  it('CU1 a group that does not meet today has no count; one a child is checked into anyway gets one', () => {
    expect(Object.keys(run([]).groups)).toEqual(['g1']);
    expect(Object.keys(run([], at('16:00', '2026-11-25'), '2026-11-25').groups).sort()).toEqual(['g1', 'g2']);
    const s = run([ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g2' })]);
    expect(s.groups.g2).toMatchObject({ present: 1, expected: 0, capacity: 3 });
    expect(s.groups.g1).toMatchObject({ present: 0, expected: 3 });
  });

  it('CU1 on a holiday nobody is expected and no group counts, even for a group that meets that weekday', () => {
    const s = run([], at('16:00', '2026-12-31'), '2026-12-31'); // a Thursday in the New Year holiday
    expect(s.children).toEqual({});
    expect(s.groups).toEqual({});
    expect(s.serviceDay.service).toBe(false);
  });

  it('CU1 on a make-up Saturday only groups meeting on Saturdays are expected', () => {
    const saturday = tinyRoster((r) => {
      r.groups[1]!.weekdays = [6];
    });
    const s = reduceDay({ roster: saturday, day: '2026-11-28', events: [], now: at('16:00', '2026-11-28') });
    expect(Object.keys(s.children)).toEqual(['d']);
    expect(Object.keys(s.groups)).toEqual(['g2']);
  });

  it('CU3 a child whose group does not meet today is listed only once scanned, with no group and not expected', () => {
    const s = run([ev('checked_in', '15:31', { studentId: 'd', source: src(4), groupId: 'g1' })]);
    expect(s.children.d).toMatchObject({ studentId: 'd', groupId: null, expectedToday: false, status: 'in_care' });
    expect(s.school).toMatchObject({ enrolledToday: 3, expected: 3, inCare: 1 });
  });

  it("CU2 each event is a link in the child's chain: who, on which device, when on the hub's clock", () => {
    const e = ev(
      'checked_in',
      '15:31',
      { studentId: 'a', source: src(1), groupId: 'g1' },
      { staffId: 'care1', deviceId: 'k7', clockOffsetMs: 60_000 },
    );
    expect(run([e]).children.a?.chain).toEqual([
      { eventId: e.id, type: 'checked_in', at: at('15:32'), staffId: 'care1', deviceId: 'k7' },
    ]);
    expect(run([e]).children.a?.since).toBe(at('15:32'));
  });

  it('CU2 a repeated id is applied once, the first in (time, id) order; the day counts it once', () => {
    const first = ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' });
    const sameId = ev('checked_in', '15:40', { studentId: 'a', source: src(1), groupId: 'g2' }, { id: first.id });
    for (const events of [
      [first, sameId],
      [sameId, first, first],
    ]) {
      const s = run(events);
      expect(s.children.a).toMatchObject({ since: at('15:31'), place: { kind: 'group', groupId: 'g1' } });
      expect(s.children.a?.chain).toHaveLength(1);
      expect(s.eventCount).toBe(1);
    }
  });

  it('CU2 events at the same instant are applied in id order', () => {
    const [lo, hi] = ['00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000a2'];
    const toGate = ev('sent_to_gate', '16:00', { studentId: 'a', source: { kind: 'group' } }, { id: hi });
    const inCare = ev('checked_in', '16:00', { studentId: 'a', source: src(1), groupId: 'g1' }, { id: lo });
    expect(run([toGate, inCare], at('16:10')).children.a?.status).toBe('at_gate');
  });

  it("CU14 a voided event leaves no trace in the child's chain, and a correction cannot itself be voided", () => {
    const wrong = ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' });
    const fix = ev('corrected', '15:33', { targetId: wrong.id, reason: '扫错了学生' });
    const undo = ev('corrected', '15:35', { targetId: fix.id, reason: '撤销更正' });
    const s = run([wrong, fix, undo]);
    expect(s.children.a).toMatchObject({ status: 'expected', chain: [] });
    expect(s.eventCount).toBe(3);
  });

  it("a scan of a child the roster no longer has (a kiosk's stale cache) is skipped without harm", () => {
    const s = run([
      ev('checked_in', '15:31', { studentId: 'zz', source: { kind: 'manual', reason: '忘带卡' }, groupId: 'g1' }),
      ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' }),
    ]);
    expect(Object.keys(s.children).sort()).toEqual(['a', 'b', 'c']);
    expect(s.groups.g1?.present).toBe(1);
  });

  it('CU15 who is on duty: a later sign-in for the same duty replaces the earlier, sign-out ends only that duty, sorted by start', () => {
    const s = run([
      ev('staff_signed_in', '15:20', { duty: 'care', groupId: 'g1' }, { staffId: 'care1', deviceId: 'k1' }),
      ev('staff_signed_in', '15:25', { duty: 'care', groupId: 'g2' }, { staffId: 'care1', deviceId: 'k2' }),
      ev('staff_signed_in', '15:10', { duty: 'gate' }, { staffId: 'gate1', deviceId: 'k3' }),
      ev('staff_signed_in', '15:10', { duty: 'leader' }, { staffId: 't1', deviceId: 'k4' }),
      ev('staff_signed_in', '15:05', { duty: 'class' }, { staffId: 't2', deviceId: 'k5' }),
      ev('staff_signed_out', '15:30', { duty: 'class' }, { staffId: 't2', deviceId: 'k5' }),
      ev('staff_signed_out', '15:30', { duty: 'care' }, { staffId: 'gate1', deviceId: 'k3' }),
    ]);
    expect(s.onDuty).toEqual([
      { staffId: 'gate1', duty: 'gate', since: at('15:10'), deviceId: 'k3' },
      { staffId: 't1', duty: 'leader', since: at('15:10'), deviceId: 'k4' },
      { staffId: 'care1', duty: 'care', groupId: 'g2', since: at('15:25'), deviceId: 'k2' },
    ]);
    expect(s.groups.g1?.teachers).toBe(0);
  });

  it("CU15 AN6 only care duty with a group counts towards that group's teachers", () => {
    const s = run([
      ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' }),
      ev('staff_signed_in', '15:20', { duty: 'gate' }, { staffId: 'gate1' }),
      ev('staff_signed_in', '15:20', { duty: 'care' }, { staffId: 'care1' }),
    ]);
    expect(s.groups.g1?.teachers).toBe(0);
    expect(s.anomalies.map((a) => a.code)).toContain('teacher_ratio');
  });

  it('AN7 an inspection is kept with who counted, when and the note; a count that agrees raises nothing', () => {
    const same = ev(
      'headcount_inspected',
      '15:50',
      { groupId: 'g1', counted: 0, systemCount: 0, note: '无人' },
      { staffId: 't2' },
    );
    const off = ev(
      'headcount_inspected',
      '15:55',
      { groupId: 'g1', counted: 2, systemCount: 3, note: '' },
      { staffId: 't2' },
    );
    const s = run([same, off]);
    expect(s.inspections).toEqual([
      { eventId: same.id, groupId: 'g1', counted: 0, systemCount: 0, staffId: 't2', at: at('15:50'), note: '无人' },
      { eventId: off.id, groupId: 'g1', counted: 2, systemCount: 3, staffId: 't2', at: at('15:55'), note: '' },
    ]);
    expect(s.anomalies.filter((a) => a.code === 'headcount_mismatch')).toEqual([
      {
        key: `headcount_mismatch:${off.id}`,
        code: 'headcount_mismatch',
        severity: 'warning',
        since: at('15:55'),
        groupId: 'g1',
        eventId: off.id,
        detail: { counted: 2, systemCount: 3 },
      },
    ]);
  });

  it('AK1 an acknowledgement is kept whole and attached to the anomaly with its key; others stay unacknowledged', () => {
    const ack = ev('alert_acknowledged', '15:38', { alertKey: 'lost_in_transit:a', note: '在厕所' }, { staffId: 't2' });
    const s = run(
      [
        ev('handed_off', '15:31', { studentId: 'a', source: src(1), toGroupId: 'g1' }),
        ev('handed_off', '15:31', { studentId: 'b', source: src(2), toGroupId: 'g1' }),
        ack,
      ],
      at('15:40'),
    );
    expect(s.acknowledgements).toEqual({
      'lost_in_transit:a': { by: 't2', at: at('15:38'), note: '在厕所', eventId: ack.id },
    });
    expect(s.anomalies.find((a) => a.key === 'lost_in_transit:b')?.acknowledged).toBeUndefined();
  });

  it('anomalies are listed oldest first, ties by key', () => {
    const s = run(
      [
        ev('handed_off', '15:33', { studentId: 'c', source: src(3), toGroupId: 'g1' }),
        ev('handed_off', '15:31', { studentId: 'b', source: src(2), toGroupId: 'g1' }),
        ev('handed_off', '15:31', { studentId: 'a', source: src(1), toGroupId: 'g1' }),
        ev('checked_in', '15:31', { studentId: 'd', source: src(4), groupId: 'g1' }),
      ],
      at('15:50'),
    );
    expect(s.anomalies.map((a) => a.key)).toEqual([
      expect.stringMatching(/^not_expected_today:/),
      'lost_in_transit:a',
      'lost_in_transit:b',
      'lost_in_transit:c',
      'teacher_ratio:g1',
    ]);
  });

  it('CU16 at the deadline a never-seen child becomes absent since the deadline; a child on leave or not expected today does not', () => {
    const s = run(
      [
        ev('leave_recorded', '08:00', { studentId: 'b', reason: 'sick', note: '' }),
        ev('arrangement_recorded', '08:00', {
          studentId: 'd',
          arrangement: { kind: 'late_pickup', at: '18:00' },
          note: '',
        }),
      ],
      at('17:45'),
    );
    expect(s.children.a).toMatchObject({ status: 'absent', since: at('17:45'), absence: {} });
    expect(s.children.b?.status).toBe('on_leave');
    expect(s.children.d).toMatchObject({ status: 'expected', expectedToday: false });
  });

  it('CU16 a child whose grade has no session today is never settled absent', () => {
    const grade3 = tinyRoster((r) => {
      r.students[0]!.grade = 3;
    });
    const s = reduceDay({ roster: grade3, day: DAY, events: [], now: at('23:00') });
    expect(s.children.a?.status).toBe('expected');
    expect(s.children.b?.status).toBe('absent');
  });

  it('the day says when it was judged and how many events it applied', () => {
    const s = run(
      [
        ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' }),
        ev('checked_in', '15:31', { studentId: 'b', source: src(2), groupId: 'g1' }, { day: '2026-11-23' }),
      ],
      at('16:05'),
    );
    expect(s).toMatchObject({ day: DAY, now: at('16:05'), eventCount: 1 });
  });
});
