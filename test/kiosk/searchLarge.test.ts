/**
 * Issue #20: the search without a card over a school of 3,000 children. The roster is made ready once (each
 * child's name, 学号 and initials lower-cased and put in 学号 order), not on every keystroke; one letter finds
 * hundreds and gives back the first few and how many there are; the ranking is the one a short list had.
 */
import { describe, expect, it } from 'vitest';
import type { Student } from '../../core/roster';
import { indexStudents, MAX_RESULTS, matchingIds, searchIndex, searchStudents } from '../../common/search';
import { bigRoster } from '../leader/bigSchool';

const roster = bigRoster();

describe('search over 3,000 children', () => {
  it('reads each child once for the index, then never again however many letters are typed', () => {
    let reads = 0;
    const students: Student[] = roster.students.map((s) => {
      const copy = { ...s };
      Object.defineProperty(copy, 'name', {
        get: () => {
          reads++;
          return s.name;
        },
      });
      return copy;
    });
    const index = indexStudents(students);
    expect(reads).toBe(3000);
    for (const q of ['z', 'zh', 'zha', '张', '张小', '00', '001', '0012', 'zxm']) searchIndex(index, q);
    for (const q of ['l', 'li', '李']) searchStudents(students, q);
    expect(reads).toBe(3000);
    expect(indexStudents(students)).toBe(index);
  });

  it('one letter: the first 12 and how many in all, in 学号 order within a rank', () => {
    const { found, total } = searchIndex(indexStudents(roster.students), 'z');
    const all = roster.students.filter((s) => s.initials.startsWith('z'));
    expect(total).toBe(all.length);
    expect(total).toBeGreaterThan(500);
    expect(found).toHaveLength(MAX_RESULTS);
    expect(found.map((s) => s.studentNo)).toEqual(all.slice(0, MAX_RESULTS).map((s) => s.studentNo));
  });

  it('ranks an exact 学号 first, then prefixes, then names that merely contain the letters', () => {
    const index = indexStudents(roster.students);
    expect(searchIndex(index, '00012').found[0]!.studentNo).toBe('00012');
    const s = roster.students[41]!; // 李… in 学号 order, after the 张… and 王… before it
    const hits = searchIndex(index, s.name, 3000);
    expect(hits.found[0]).toBe(s);
    const contains = searchIndex(index, s.name.slice(1), 3000).found;
    // a given name alone: no name starts with it, every hit contains it, still in 学号 order
    expect(contains.every((x) => x.name.includes(s.name.slice(1)))).toBe(true);
    expect(contains.map((x) => x.studentNo)).toEqual([...contains.map((x) => x.studentNo)].sort());
    expect(searchIndex(index, '  ')).toEqual({ found: [], total: 0 });
  });

  it("a list filter still keeps every match (a 45-child room's filter is not capped)", () => {
    const room = roster.students.filter((s) => s.groupId === 'g1');
    const ids = matchingIds(room, '小')!;
    expect(ids.size).toBe(room.filter((s) => s.name.includes('小')).length);
    expect(ids.size).toBeGreaterThan(MAX_RESULTS);
  });
});
