import { describe, expect, it } from 'vitest';
import { reduceDay } from '../../core/reduceDay';
import { rollCallSheet } from '../../core/reports/rollCallSheet';
import { ON_CAMPUS } from '../../core/state';
import { at, card, DAY, ev, tinyRoster } from './fixtures';

/** The tiny school with eight more children in 一(1)班本班, so every way of being on campus, or not, has one. */
const roster = tinyRoster((r) => {
  for (const [i, id] of ['f', 'g', 'h', 'i', 'j', 'k', 'l', 'm'].entries())
    r.students.push({
      id,
      studentNo: `10${i}`,
      name: `学生${id.toUpperCase()}`,
      initials: id,
      grade: 1,
      classId: i % 2 ? 'c2' : 'c1',
      groupId: 'g1',
      pickup: { kind: 'guardian' },
      cardId: card('student', 20 + i),
    });
});
const src = { kind: 'manual', reason: '忘带卡' } as const;
const inCare = (id: string, hhmm = '15:31', staffId = 'care1') =>
  ev('checked_in', hhmm, { studentId: id, source: src, groupId: 'g1' }, { staffId });

/** One afternoon: some in care, some moved, some at the gate, some gone home, on leave, absent or in transit. */
const events = [
  inCare('a'),
  inCare('b'),
  ev('released', '16:10', { studentId: 'b', source: src, how: { kind: 'staff_confirmed', collectedBy: '李妈妈' } }),
  ev('leave_recorded', '08:00', { studentId: 'c', reason: 'sick', note: '' }),
  ev('handed_off', '16:12', { studentId: 'f', source: src, toGroupId: 'g1' }, { staffId: 't1' }),
  inCare('g'),
  ev('transferred', '15:40', { studentId: 'g', source: src, to: { kind: 'club', clubId: 'choir' } }),
  inCare('h'),
  ev('transferred', '15:50', { studentId: 'h', source: src, to: { kind: 'nurse' } }),
  inCare('i'),
  ev('sent_to_gate', '16:05', { studentId: 'i', source: { kind: 'group' } }),
  inCare('j'),
  ev(
    'extended_care_started',
    '16:08',
    { studentId: 'j', source: src, place: '门卫室', adultStaffId: 'gate1' },
    { staffId: 'gate1' },
  ),
  ev('marked_absent', '15:45', { studentId: 'k', reason: '家长来电' }),
  inCare('l', '15:33', 't2'),
  // m: expected, never seen; e: not enrolled; d: its group does not meet on a Tuesday
];
const now = at('16:15');
const state = reduceDay({ roster, day: DAY, events, now });
const ids = (s: ReturnType<typeof rollCallSheet>) => s.rooms.flatMap((r) => r.children.map((c) => c.studentId));

describe('the paper roll call sheet (紧急点名表)', () => {
  it('RC1 the paper roll lists exactly the children on campus: not those released, on leave, absent or expected', () => {
    const sheet = rollCallSheet(state, roster, now);
    const onCampus = Object.values(state.children)
      .filter((c) => ON_CAMPUS.includes(c.status))
      .map((c) => c.studentId);
    expect(ids(sheet).sort()).toEqual([...onCampus].sort());
    expect(ids(sheet).sort()).toEqual(['a', 'f', 'g', 'h', 'i', 'j', 'l']);
    expect(sheet.total).toBe(7);
    expect(state.school.onCampus).toBe(7);
    expect(sheet).toMatchObject({ school: '测试小学', day: DAY, at: '16:15' });
  });

  it('RC1 one section per room in the order a runner walks: care rooms, clubs, nurse, in transit, gate, extended care', () => {
    const sheet = rollCallSheet(state, roster, now);
    expect(sheet.rooms.map((r) => [r.title, r.children.map((c) => c.name)])).toEqual([
      ['一(1)班本班 · 一(1)班', ['张小明', '学生L']],
      ['合唱 · 音乐教室', ['学生G']],
      ['医务室', ['学生H']],
      ['在路上（已交出，未签到）', ['学生F']],
      ['校门', ['学生I']],
      ['延时托管', ['学生J']],
    ]);
  });

  it('RC3 each child carries the last hand-over: what, the staff member by name, HH:MM; class and 学号, no internal id', () => {
    const sheet = rollCallSheet(state, roster, now);
    const row = (id: string) => sheet.rooms.flatMap((r) => r.children).find((c) => c.studentId === id)!;
    expect(row('a')).toMatchObject({
      name: '张小明',
      className: '一年级1班',
      studentNo: '001',
      last: { what: '签到', by: '张老师', at: '15:31' },
      safe: false,
    });
    expect(row('l').last).toEqual({ what: '签到', by: '李老师', at: '15:33' });
    expect(row('f').last).toEqual({ what: '交出', by: '王老师', at: '16:12' });
    expect(row('j').last).toEqual({ what: '延时托管（门卫室）', by: '孙师傅', at: '16:08' });
    const printed = JSON.stringify(
      sheet.rooms.map((r) => ({ ...r, key: '', children: r.children.map((c) => ({ ...c, studentId: '' })) })),
    );
    for (const code of ['care1', 'gate1', 'c1', 'g1', 'choir']) expect(printed).not.toContain(`"${code}"`);
  });

  it('RC2 during a roll call the sheet says who is already found safe, and a child safe stays listed where it is', () => {
    const s = reduceDay({
      roster,
      day: DAY,
      now: at('16:20'),
      events: [
        ...events,
        ev('roll_call_started', '16:16', {}),
        ev('marked_safe', '16:18', { studentId: 'a', source: src }),
        ev('marked_safe', '16:18', { studentId: 'i', source: src }),
      ],
    });
    const sheet = rollCallSheet(s, roster, at('16:20'));
    expect(sheet.rollCall).toEqual({ startedAt: '16:16', safe: 2 });
    const safe = sheet.rooms.flatMap((r) => r.children.filter((c) => c.safe).map((c) => c.studentId));
    expect(safe).toEqual(['a', 'i']);
    expect(sheet.rooms[0]!.children[0]!.last?.what).toBe('签到'); // the safe mark is not the last hand-over
  });

  it('RC1 a day with nobody on campus gives an empty sheet with 0, not a missing one', () => {
    const sheet = rollCallSheet(reduceDay({ roster, day: DAY, events: [], now }), roster, now);
    expect(sheet).toMatchObject({ total: 0, rooms: [] });
    expect(sheet.rollCall).toBeUndefined();
  });
});
