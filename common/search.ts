/** Search by name, 学号 or pinyin initials (张小明 → zxm): the fallback when a child has no card. */
import type { Student } from '../core/roster';

export const MAX_RESULTS = 12;

/**
 * A roster made ready to search: each child's name, 学号 and initials lower-cased once, in 学号 order. With 3,000
 * children, doing that on every keystroke (and sorting every match) was most of a search's work.
 */
export interface SearchIndex {
  readonly entries: readonly { student: Student; name: string; no: string; ini: string }[];
}

const indexes = new WeakMap<readonly Student[], SearchIndex>();

/** The index of `students`, made once per list (a roster's students array) and kept while the list lives. */
export function indexStudents(students: readonly Student[]): SearchIndex {
  let index = indexes.get(students);
  if (!index) {
    index = {
      entries: students
        .map((s) => ({
          student: s,
          name: s.name.toLowerCase(),
          no: s.studentNo.toLowerCase(),
          ini: s.initials.toLowerCase(),
        }))
        .sort((a, b) => a.student.studentNo.localeCompare(b.student.studentNo)),
    };
    indexes.set(students, index);
  }
  return index;
}

/** What a search found: the first `limit` matches, best first, and how many there are in all. */
export interface SearchResult {
  found: Student[];
  total: number;
}

/**
 * Ranks exact matches first, then prefixes (of the name, the 学号 or the initials), then substrings, each rank in
 * 学号 order; an empty query finds nothing (a list of 3,000 children is not a search result).
 */
export function searchIndex(index: SearchIndex, query: string, limit = MAX_RESULTS): SearchResult {
  const q = query.trim().toLowerCase();
  if (!q) return { found: [], total: 0 };
  const ranks: Student[][] = [[], [], []];
  for (const e of index.entries) {
    const rank =
      e.name === q || e.no === q
        ? 0
        : e.name.startsWith(q) || e.no.startsWith(q) || e.ini.startsWith(q)
          ? 1
          : e.name.includes(q) || e.no.includes(q)
            ? 2
            : -1;
    if (rank >= 0) ranks[rank]!.push(e.student);
  }
  const all = ranks.flat();
  return { found: all.slice(0, limit), total: all.length };
}

/**
 * The first `limit` matches of `query` among `students`, best first.
 * @example searchStudents(students, 'zxm') // [张小明, …]
 */
export function searchStudents(students: readonly Student[], query: string, limit = MAX_RESULTS): Student[] {
  return searchIndex(indexStudents(students), query, limit).found;
}

/**
 * The ids a list filter keeps: every match of `query` among `students` (no cap: the list is already short), or
 * `undefined` for no query, meaning the whole list. The kiosk's lists and the leader's group use it.
 */
export function matchingIds(students: readonly Student[], query: string): Set<string> | undefined {
  if (!query.trim()) return undefined;
  return new Set(searchStudents(students, query, students.length).map((s) => s.id));
}
