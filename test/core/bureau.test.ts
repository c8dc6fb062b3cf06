import { describe, expect, it } from 'vitest';
import { reduceDay } from '../../core/reduceDay';
import { bureauFigures } from '../../core/reports/bureau';
import { at, card, DAY, ev, tinyRoster } from './fixtures';

describe('figures for the education bureau', () => {
  it('students served per grade and in total, and teachers taking part', () => {
    const roster = tinyRoster((r) => {
      r.classes.push({ id: 'c3', name: '三年级1班', grade: 3, roomId: 'r1', headTeacherId: null });
      r.students[2]!.classId = 'c3';
      r.students[2]!.grade = 3;
    });
    const events = [
      ev('checked_in', '15:31', {
        studentId: 'a',
        source: { kind: 'card', cardId: card('student', 1) },
        groupId: 'g1',
      }),
      ev('checked_in', '15:31', {
        studentId: 'c',
        source: { kind: 'card', cardId: card('student', 3) },
        groupId: 'g1',
      }),
      ev('staff_signed_in', '15:20', { duty: 'care', groupId: 'g1' }, { staffId: 'care1' }),
      ev('staff_signed_in', '15:20', { duty: 'leader' }, { staffId: 't1' }),
    ];
    const f = bureauFigures(roster, [{ state: reduceDay({ roster, day: DAY, events, now: at('18:30') }), events }]);
    expect(f.rows).toEqual([
      { grade: '1 年级', studentsServed: 1, studentDays: 1, enrolled: 3 },
      { grade: '3 年级', studentsServed: 1, studentDays: 1, enrolled: 1 },
      { grade: '合计', studentsServed: 2, studentDays: 2, enrolled: 4 },
    ]);
    expect(f.teachers).toBe(1);
  });
});
