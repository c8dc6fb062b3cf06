/**
 * What goes on each printed card, built from the roster (apart from how it is drawn: cards/cardsPdf.ts).
 * The QR code carries only the card id; the name is printed for people, not encoded for machines.
 */
import type { PickupPlan, Roster, Student } from '../core/roster';

export type CardData =
  | { kind: 'student'; cardId: string; school: string; name: string; line2: string; line3: string; band: Band }
  | { kind: 'guardian'; cardId: string; school: string; name: string; line2: string; line3: string; band: Band };

export interface Band {
  label: string;
  color: string;
}

/** A colour per pickup plan, so gate duty sees at a glance who goes by bus or alone. */
export function bandFor(plan: PickupPlan): Band {
  switch (plan.kind) {
    case 'guardian':
      return { label: '家长接送', color: '#0a7d38' };
    case 'bus':
      return { label: `校车 ${plan.bus}`, color: '#1d5fa8' };
    case 'walks_alone':
      return { label: '自行回家', color: '#e07000' };
  }
}

export interface CardFilter {
  classId?: string;
  groupId?: string;
  studentIds?: string[];
}

export function selectStudents(roster: Roster, filter: CardFilter = {}): Student[] {
  return roster.students
    .filter((s) => s.cardId !== null)
    .filter((s) => !filter.classId || s.classId === filter.classId)
    .filter((s) => !filter.groupId || s.groupId === filter.groupId)
    .filter((s) => !filter.studentIds || filter.studentIds.includes(s.id))
    .sort((a, b) => a.classId.localeCompare(b.classId) || a.studentNo.localeCompare(b.studentNo));
}

export function studentCards(roster: Roster, filter: CardFilter = {}): CardData[] {
  const className = (id: string) => roster.classes.find((c) => c.id === id)?.name ?? '';
  const groupName = (id: string | null) => (id && roster.groups.find((g) => g.id === id)?.name) || '未报名课后服务';
  return selectStudents(roster, filter).map((s) => ({
    kind: 'student',
    cardId: s.cardId!,
    school: roster.school.name,
    name: s.name,
    line2: className(s.classId),
    line3: groupName(s.groupId),
    band: bandFor(s.pickup),
  }));
}

/** Pickup cards (接送卡) for the guardians of the selected children. */
export function guardianCards(roster: Roster, filter: CardFilter = {}): CardData[] {
  const chosen = new Set(selectStudents(roster, filter).map((s) => s.id));
  const nameOf = (id: string) => roster.students.find((s) => s.id === id)?.name ?? '';
  return roster.guardians
    .filter((g) => g.cardId !== null && g.studentIds.some((id) => chosen.has(id)))
    .map((g) => ({
      kind: 'guardian',
      cardId: g.cardId!,
      school: roster.school.name,
      name: `${g.name}（${g.relation}）`,
      line2: `可接：${g.studentIds.map(nameOf).join('、')}`,
      line3: '接送卡 Pickup card',
      band: { label: '接送卡', color: '#7a1fa2' },
    }));
}
