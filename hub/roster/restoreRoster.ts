/**
 * An earlier roster version made current again (历史版本 → 恢复), with today's cards: a card printed since that
 * version (补办) stays the child's card and the one it replaced stays revoked, a child the restore removes has
 * their card revoked, and a child it brings back gets their own card back.
 */
import type { Roster } from '../../core/roster';

export function restoreRoster(current: Roster, earlier: Roster, now: number): Roster {
  const cardOf = new Map(current.students.map((s) => [s.id, s.cardId]));
  const guardianCardOf = new Map(current.guardians.map((g) => [g.id, g.cardId]));
  const students = earlier.students.map((s) => (cardOf.has(s.id) ? { ...s, cardId: cardOf.get(s.id)! } : s));
  const guardians = earlier.guardians.map((g) =>
    guardianCardOf.has(g.id) ? { ...g, cardId: guardianCardOf.get(g.id)! } : g,
  );
  const active = new Set([...students.map((s) => s.cardId), ...guardians.map((g) => g.cardId)].filter(Boolean));
  const kept = new Set([...students.map((s) => s.id), ...guardians.map((g) => g.id)]);
  const revokedCards = [...earlier.revokedCards, ...current.revokedCards];
  for (const s of current.students)
    if (!kept.has(s.id) && s.cardId) revokedCards.push({ cardId: s.cardId, ownerId: s.id, revokedAt: now });
  for (const g of current.guardians)
    if (!kept.has(g.id) && g.cardId) revokedCards.push({ cardId: g.cardId, ownerId: g.id, revokedAt: now });
  const seen = new Set<string>();
  return {
    ...earlier,
    students,
    guardians,
    revokedCards: revokedCards.filter((c) => !active.has(c.cardId) && !seen.has(c.cardId) && seen.add(c.cardId)),
  };
}
