/** Search by name, 学号 or pinyin initials (张小明 → zxm): the fallback when a child has no card. */
import type { Student } from '../core/roster';

export const MAX_RESULTS = 12;

/**
 * Ranks exact and prefix matches first, then substrings; an empty query finds nothing (a list of 240 children is
 * not a search result).
 * @example searchStudents(students, 'zxm') // [张小明, …]
 */
export function searchStudents(students: readonly Student[], query: string, limit = MAX_RESULTS): Student[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const scored: [number, Student][] = [];
  for (const s of students) {
    const name = s.name.toLowerCase();
    const no = s.studentNo.toLowerCase();
    const ini = s.initials.toLowerCase();
    const score =
      name === q || no === q
        ? 0
        : name.startsWith(q) || no.startsWith(q) || ini.startsWith(q)
          ? 1
          : name.includes(q) || no.includes(q)
            ? 2
            : -1;
    if (score >= 0) scored.push([score, s]);
  }
  return scored
    .sort((a, b) => a[0] - b[0] || a[1].studentNo.localeCompare(b[1].studentNo))
    .slice(0, limit)
    .map(([, s]) => s);
}

/**
 * The ids a list filter keeps: every match of `query` among `students` (no cap: the list is already short), or
 * `undefined` for no query, meaning the whole list. The kiosk's lists and the leader's group use it.
 */
export function matchingIds(students: readonly Student[], query: string): Set<string> | undefined {
  if (!query.trim()) return undefined;
  return new Set(searchStudents(students, query, students.length).map((s) => s.id));
}
