import { describe, expect, it } from 'vitest';
import { endOfDayProblems, reduceDay } from '../../core/reduceDay';
import { at, card, DAY, ev, manual, tinyRoster } from './fixtures';

const roster = tinyRoster();
const src = (n: number) => ({ kind: 'card', cardId: card('student', n) }) as const;
const inCare = (id: string, n: number, hhmm = '15:31') =>
  ev('checked_in', hhmm, { studentId: id, source: src(n), groupId: 'g1' });

describe('emergency roll call', () => {
  it('RC1 RC3 everyone on campus at the start must be found; the list shrinks as children are marked safe', () => {
    const start = ev('roll_call_started', '16:00', {}, { staffId: 't1' });
    const events = [inCare('a', 1), inCare('b', 2), start];
    expect(reduceDay({ roster, day: DAY, events, now: at('16:01') }).rollCall).toMatchObject({
      participants: ['a', 'b'],
      unaccounted: [{ studentId: 'a', status: 'in_care' }, { studentId: 'b' }],
    });
    const s = reduceDay({
      roster,
      day: DAY,
      now: at('16:03'),
      events: [...events, ev('marked_safe', '16:02', { studentId: 'a', source: src(1) })],
    });
    expect(s.rollCall?.unaccounted.map((u) => u.studentId)).toEqual(['b']);
    expect(s.rollCall?.unaccounted[0]?.last).toMatchObject({ type: 'checked_in', staffId: 't1' });
    expect(s.children.a?.status).toBe('in_care'); // RC2: custody unchanged
  });

  it('RC1 a child who arrives during the roll call joins it; one released during it is accounted for', () => {
    const s = reduceDay({
      roster,
      day: DAY,
      now: at('16:10'),
      events: [
        inCare('a', 1),
        ev('roll_call_started', '16:00', {}),
        inCare('c', 3, '16:05'),
        ev('released', '16:06', {
          studentId: 'a',
          source: src(1),
          how: { kind: 'staff_confirmed', collectedBy: '妈妈' },
        }),
      ],
    });
    expect(s.rollCall?.participants).toEqual(['a', 'c']);
    expect(s.rollCall?.unaccounted.map((u) => u.studentId)).toEqual(['c']);
  });

  it('RC3 an ended roll call stays in the record with its end time', () => {
    const s = reduceDay({
      roster,
      day: DAY,
      now: at('16:30'),
      events: [inCare('a', 1), ev('roll_call_started', '16:00', {}), ev('roll_call_ended', '16:20', {})],
    });
    expect(s.rollCall?.endedAt).toBe(at('16:20'));
  });
});

describe('acknowledged alerts', () => {
  it('AK1 an acknowledged alert stays listed with who, when and the note', () => {
    const s = reduceDay({
      roster,
      day: DAY,
      now: at('15:40'),
      events: [
        ev('handed_off', '15:31', { studentId: 'a', source: src(1), toGroupId: 'g1' }),
        ev('alert_acknowledged', '15:38', { alertKey: 'lost_in_transit:a', note: '在厕所，已找到' }, { staffId: 't2' }),
      ],
    });
    expect(s.anomalies.find((x) => x.key === 'lost_in_transit:a')?.acknowledged).toMatchObject({
      by: 't2',
      note: '在厕所，已找到',
      at: at('15:38'),
    });
  });
});

describe('end of day', () => {
  it('EOD1 lists every child not released, not excused and not with a named adult', () => {
    const s = reduceDay({
      roster,
      day: DAY,
      now: at('18:30'),
      events: [
        inCare('a', 1),
        ev('released', '17:31', {
          studentId: 'a',
          source: src(1),
          how: { kind: 'staff_confirmed', collectedBy: '妈妈' },
        }),
        inCare('b', 2),
        ev('leave_recorded', '08:00', { studentId: 'c', reason: 'sick', note: '' }),
      ],
    });
    expect(endOfDayProblems(s)).toEqual([{ studentId: 'b', status: 'in_care' }]);
  });
});

describe('emergency roll call, start to end', () => {
  const run = (events: Parameters<typeof reduceDay>[0]['events'], now = at('16:30')) =>
    reduceDay({ roster, day: DAY, events, now });

  it('RC1 a second start while one is running changes nothing: not who started it, not when, not who must be found', () => {
    const first = [inCare('a', 1), ev('roll_call_started', '16:00', {}, { staffId: 't1' })];
    const again = [
      ...first,
      inCare('b', 2, '16:02'),
      ev('marked_safe', '16:03', { studentId: 'a', source: src(1) }),
      ev('roll_call_started', '16:05', {}, { staffId: 't2' }),
    ];
    expect(run(again).rollCall).toEqual({
      startedAt: at('16:00'),
      startedBy: 't1',
      participants: ['a', 'b'],
      safe: ['a'],
      unaccounted: [
        {
          studentId: 'b',
          status: 'in_care',
          place: { kind: 'group', groupId: 'g1' },
          last: expect.objectContaining({ type: 'checked_in', at: at('16:02') }),
        },
      ],
    });
  });

  it('RC1 only children on campus take part: those expected, on leave, absent or released before the start do not', () => {
    const s = run([
      ev('handed_off', '15:50', { studentId: 'a', source: src(1), toGroupId: 'g1' }),
      ev('leave_recorded', '08:00', { studentId: 'b', reason: 'sick', note: '' }),
      inCare('c', 3),
      ev('sent_to_gate', '15:55', { studentId: 'c', source: { kind: 'group' } }),
      ev('roll_call_started', '16:00', {}),
    ]);
    expect(s.rollCall?.participants).toEqual(['a', 'c']);
    expect(s.rollCall?.unaccounted).toEqual([
      { studentId: 'a', status: 'handed_off', last: expect.objectContaining({ type: 'handed_off' }) },
      { studentId: 'c', status: 'at_gate', last: expect.objectContaining({ type: 'sent_to_gate', at: at('15:55') }) },
    ]);
    const released = run([
      inCare('a', 1),
      ev('released', '15:55', {
        studentId: 'a',
        source: src(1),
        how: { kind: 'staff_confirmed', collectedBy: '妈妈' },
      }),
      ev('extended_care_started', '15:56', { studentId: 'b', source: src(2), place: '门卫室', adultStaffId: 'gate1' }),
      ev('roll_call_started', '16:00', {}),
    ]);
    expect(released.rollCall?.participants).toEqual(['b']);
  });

  it('RC2 RC3 the last hand-over shown for an unaccounted child skips ignored scans and safe marks', () => {
    const s = run([
      inCare('a', 1),
      ev('roll_call_started', '16:00', {}),
      ev('handed_off', '16:01', { studentId: 'a', source: src(1), toGroupId: 'g1' }), // ignored: out of order
    ]);
    expect(s.rollCall?.unaccounted).toMatchObject([{ studentId: 'a', last: { type: 'checked_in', at: at('15:31') } }]);
  });

  it('RC2 a safe mark before the roll call started, or for a child already marked, counts once and only during it', () => {
    const s = run([
      inCare('a', 1),
      inCare('b', 2),
      ev('marked_safe', '15:50', { studentId: 'a', source: src(1) }),
      ev('roll_call_started', '16:00', {}),
      ev('marked_safe', '16:01', { studentId: 'b', source: src(2) }),
      ev('marked_safe', '16:02', { studentId: 'b', source: src(2) }),
    ]);
    expect(s.rollCall).toMatchObject({ safe: ['b'], unaccounted: [{ studentId: 'a' }] });
  });

  it('RC3 after the end nobody joins and nobody is marked; a second end does not move the end time', () => {
    const s = run([
      inCare('a', 1),
      ev('roll_call_started', '16:00', {}),
      ev('roll_call_ended', '16:10', {}),
      inCare('b', 2, '16:12'),
      ev('marked_safe', '16:13', { studentId: 'a', source: src(1) }),
      ev('roll_call_ended', '16:15', {}),
    ]);
    expect(s.rollCall).toMatchObject({
      startedAt: at('16:00'),
      endedAt: at('16:10'),
      participants: ['a'],
      safe: [],
      unaccounted: [{ studentId: 'a' }],
    });
  });

  it('RC1 a roll call started after the last one ended is a new one, of who is on campus then', () => {
    const s = run([
      inCare('a', 1),
      ev('roll_call_started', '16:00', {}, { staffId: 't1' }),
      ev('marked_safe', '16:01', { studentId: 'a', source: src(1) }),
      ev('roll_call_ended', '16:10', {}),
      inCare('b', 2, '16:12'),
      ev('roll_call_started', '16:20', {}, { staffId: 't2' }),
    ]);
    expect(s.rollCall).toEqual({
      startedAt: at('16:20'),
      startedBy: 't2',
      participants: ['a', 'b'],
      safe: [],
      unaccounted: [expect.objectContaining({ studentId: 'a' }), expect.objectContaining({ studentId: 'b' })],
    });
  });

  it('RC1 a day without a roll call has none', () => {
    expect(run([inCare('a', 1), ev('roll_call_ended', '16:10', {})]).rollCall).toBeUndefined();
  });
});

describe('end of day, in detail', () => {
  it('EOD1 extended care needs a named adult, absence needs a reason; a child scanned though not expected today is checked too', () => {
    const s = reduceDay({
      roster,
      day: DAY,
      now: at('18:30'),
      events: [
        inCare('a', 1),
        ev('extended_care_started', '17:46', {
          studentId: 'a',
          source: src(1),
          place: '门卫室',
          adultStaffId: 'gate1',
        }),
        ev('marked_absent', '15:45', { studentId: 'b', reason: '家长来电' }),
        ev('checked_in', '15:31', { studentId: 'd', source: src(4), groupId: 'g1' }),
      ],
    });
    expect(endOfDayProblems(s)).toEqual([
      { studentId: 'c', status: 'absent' },
      { studentId: 'd', status: 'in_care' },
    ]);
    const unnamed = {
      ...s,
      children: {
        ...s.children,
        a: { ...s.children.a!, extendedCare: { since: at('17:46'), place: '门卫室', adultStaffId: '' } },
      },
    };
    expect(endOfDayProblems(unnamed).map((p) => p.studentId)).toEqual(['a', 'c', 'd']);
  });
});

describe('reunification at the assembly point', () => {
  const reunify = (hhmm: string, how: { guardianId?: string; collectedBy: string }, studentId = 'a') =>
    ev('released', hhmm, { studentId, source: manual, how: { kind: 'reunified', ...how } }, { staffId: 't1' });
  const run = (events: Parameters<typeof reduceDay>[0]['events']) =>
    reduceDay({ roster, day: DAY, events, now: at('16:30') });
  const start = () => ev('roll_call_started', '16:00', {});

  it('RC4 a child found safe and handed to a listed guardian is released with who took it, by whom, with no anomaly', () => {
    const s = run([
      inCare('a', 1),
      inCare('b', 2),
      start(),
      ev('marked_safe', '16:02', { studentId: 'a', source: src(1) }),
      reunify('16:10', { guardianId: 'ga', collectedBy: '张爸爸' }),
    ]);
    expect(s.children.a).toMatchObject({
      status: 'released',
      release: { how: { kind: 'reunified', guardianId: 'ga', collectedBy: '张爸爸' }, at: at('16:10') },
    });
    expect(s.children.a?.chain.at(-1)).toMatchObject({ type: 'released', staffId: 't1' });
    expect(s.anomalies.filter((x) => x.studentId === 'a')).toEqual([]);
    expect(s.rollCall?.unaccounted.map((u) => u.studentId)).toEqual(['b']); // RC3: released is accounted for
  });

  it('RC4 a name typed at the assembly point (no roster guardian) is recorded as typed, no anomaly', () => {
    const s = run([
      inCare('a', 1),
      start(),
      ev('marked_safe', '16:02', { studentId: 'a', source: src(1) }),
      reunify('16:10', { collectedBy: '张奶奶' }),
    ]);
    expect(s.children.a?.release?.how).toEqual({ kind: 'reunified', collectedBy: '张奶奶' });
    expect(s.anomalies.filter((x) => x.studentId === 'a')).toEqual([]);
  });

  it('RC4 a reunified release of a child never marked safe is a warning; one to a guardian who does not list the child an alert', () => {
    const s = run([
      inCare('a', 1),
      inCare('b', 2),
      start(),
      reunify('16:10', { guardianId: 'ga', collectedBy: '张爸爸' }, 'b'),
    ]);
    expect(s.children.b?.status).toBe('released');
    expect(s.anomalies.filter((x) => x.studentId === 'b').map((x) => [x.code, x.severity])).toEqual([
      ['guardian_not_authorised', 'alert'],
      ['reunified_not_safe', 'warning'],
    ]);
  });

  it('RC4 a safe mark then a correction of the reunified release puts the child back where it was, still safe', () => {
    const release = reunify('16:10', { guardianId: 'ga', collectedBy: '张爸爸' });
    const s = run([
      inCare('a', 1),
      start(),
      ev('marked_safe', '16:02', { studentId: 'a', source: src(1) }),
      release,
      ev('corrected', '16:11', { targetId: release.id, reason: '点错了' }),
    ]);
    expect(s.children.a?.status).toBe('in_care');
    expect(s.rollCall?.safe).toEqual(['a']);
  });
});
