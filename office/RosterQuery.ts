/** The roster tab's list of students: search, filters, sorting and pages, and the words it shows for each child. */
import type { Roster, Student } from '../core/roster';
import type { Bilingual } from '../core/messages';
import { matchingIds } from '../common/search';

export const PAGE_SIZE = 50;

export type CardState = 'card' | 'reprinted' | 'none';
export type SortKey = 'studentNo' | 'name' | 'class';

export interface StudentFilter {
  q: string;
  grade: string;
  classId: string;
  /** '' any, '-' not enrolled, else a group id */
  groupId: string;
  pickup: '' | Student['pickup']['kind'];
  card: '' | CardState;
  sort: SortKey;
}
export const NO_FILTER: StudentFilter = {
  q: '',
  grade: '',
  classId: '',
  groupId: '',
  pickup: '',
  card: '',
  sort: 'studentNo',
};

/** 有卡 a card; 曾补办 a card, and older ones revoked (reprinted or lost); 无卡 none yet. */
export function cardState(roster: Roster, s: Student): CardState {
  if (!s.cardId) return 'none';
  return roster.revokedCards.some((c) => c.ownerId === s.id) ? 'reprinted' : 'card';
}
export const CARD_WORDS: Record<CardState, Bilingual> = {
  card: { zh: '有卡', en: 'has a card' },
  reprinted: { zh: '有卡（旧卡已作废）', en: 'card; old ones revoked' },
  none: { zh: '无卡', en: 'no card' },
};

export const PICKUP_WORDS: Record<Student['pickup']['kind'], Bilingual> = {
  guardian: { zh: '家长接送', en: 'a guardian collects' },
  bus: { zh: '校车', en: 'school bus' },
  walks_alone: { zh: '自行回家', en: 'walks home' },
};
export function pickupWords(p: Student['pickup']): Bilingual {
  const w = PICKUP_WORDS[p.kind];
  return p.kind === 'bus' ? { zh: `${w.zh} ${p.bus} 号`, en: `${w.en} ${p.bus}` } : w;
}

/** A class's and a group's name by id, never the id itself (a class gone from the roster reads as —). */
export function namer(roster: Roster) {
  const classes = new Map(roster.classes.map((c) => [c.id, c.name]));
  const groups = new Map(roster.groups.map((g) => [g.id, g.name]));
  return {
    className: (id: string) => classes.get(id) ?? '—',
    groupName: (id: string | null) => (id === null ? '不参加 not enrolled' : (groups.get(id) ?? '—')),
  };
}

/** The students the filter keeps, sorted; search by name, 学号 or pinyin initials (common/search.ts). */
export function filterStudents(roster: Roster, f: StudentFilter): Student[] {
  const hits = matchingIds(roster.students, f.q);
  const { className } = namer(roster);
  const kept = roster.students.filter(
    (s) =>
      (!hits || hits.has(s.id)) &&
      (!f.grade || s.grade === Number(f.grade)) &&
      (!f.classId || s.classId === f.classId) &&
      (!f.groupId || (f.groupId === '-' ? s.groupId === null : s.groupId === f.groupId)) &&
      (!f.pickup || s.pickup.kind === f.pickup) &&
      (!f.card || cardState(roster, s) === f.card),
  );
  const byNo = (a: Student, b: Student) => a.studentNo.localeCompare(b.studentNo);
  const order =
    f.sort === 'name'
      ? (a: Student, b: Student) => a.name.localeCompare(b.name, 'zh-CN') || byNo(a, b)
      : f.sort === 'class'
        ? (a: Student, b: Student) =>
            a.grade - b.grade || className(a.classId).localeCompare(className(b.classId), 'zh-CN') || byNo(a, b)
        : byNo;
  return kept.sort(order);
}

/** Page `page` (0-based) of `xs`, and how many pages there are (at least 1). */
export function pageOf<T>(
  xs: readonly T[],
  page: number,
  size = PAGE_SIZE,
): { rows: T[]; pages: number; page: number } {
  const pages = Math.max(1, Math.ceil(xs.length / size));
  const p = Math.min(Math.max(0, page), pages - 1);
  return { rows: xs.slice(p * size, (p + 1) * size), pages, page: p };
}
