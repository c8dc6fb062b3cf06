/** What a scanned code means for this school: a child, a guardian and the children they may collect, or why not. */
import type { CardKind } from './cardId';
import { makeCardId, parseCardId } from './cardId';
import { cardHash, isCardHash } from './cardHash';
import type { Guardian, Roster, RosterIndex, Student } from './roster';

export type CardLookup =
  | { ok: true; kind: 'student'; cardId: string; student: Student }
  | { ok: true; kind: 'guardian'; cardId: string; guardian: Guardian; students: Student[] }
  | { ok: false; code: 'malformed' | 'foreign_school' | 'revoked' | 'unknown'; cardId?: string };

const ownersCache = new WeakMap<RosterIndex, Map<string, { kind: 'student' | 'guardian'; id: string }>>();

/** Owners by card id (the office's roster) or by card hash (a tablet's, core/cardHash.ts). */
function cardOwners(index: RosterIndex) {
  let owners = ownersCache.get(index);
  if (!owners) {
    owners = new Map();
    const hashes = index.roster.cardHashes;
    if (hashes) {
      for (const [id, h] of Object.entries(hashes.students)) owners.set(h, { kind: 'student', id });
      for (const [id, h] of Object.entries(hashes.guardians)) owners.set(h, { kind: 'guardian', id });
    } else {
      for (const s of index.roster.students) if (s.cardId) owners.set(s.cardId, { kind: 'student', id: s.id });
      for (const g of index.roster.guardians) if (g.cardId) owners.set(g.cardId, { kind: 'guardian', id: g.id });
    }
    ownersCache.set(index, owners);
  }
  return owners;
}

/** What a card id is looked up by in this roster: itself, or its keyed hash in a tablet's roster. */
function cardKey(index: RosterIndex, cardId: string): string {
  const hashes = index.roster.cardHashes;
  // Tablets and leaders get the log's card ids as hashes (core/cardHash.ts withCardHashes): those are their own key.
  return hashes ? (isCardHash(cardId) ? cardId : cardHash(hashes.key, cardId)) : cardId;
}

function isRevoked(index: RosterIndex, cardId: string, key: string): boolean {
  const hashes = index.roster.cardHashes;
  return hashes ? hashes.revoked.includes(key) : index.roster.revokedCards.some((r) => r.cardId === cardId);
}

/** Whether this card id is the guardian's current pickup card, in either form of the roster. */
export function isGuardianCard(index: RosterIndex, guardian: Guardian, cardId: string): boolean {
  const hashes = index.roster.cardHashes;
  return (hashes ? hashes.guardians[guardian.id] : guardian.cardId) === cardKey(index, cardId);
}

/**
 * The card id returned is the one scanned (from the physical card), never a hash: events carry it, and the hub
 * checks it against the real ids.
 * @example lookupCard(indexRoster(roster), 'RS7Q5K2M9XJ0PHT4VC') // { ok: true, kind: 'student', student: … }
 */
export function lookupCard(index: RosterIndex, scanned: string): CardLookup {
  const parsed = parseCardId(scanned);
  if (!parsed.ok) return { ok: false, code: 'malformed' };
  const { cardId } = parsed;
  if (parsed.schoolTag !== index.roster.school.cardTag) return { ok: false, code: 'foreign_school', cardId };
  const key = cardKey(index, cardId);
  if (isRevoked(index, cardId, key)) return { ok: false, code: 'revoked', cardId };
  const owner = cardOwners(index).get(key);
  if (!owner || owner.kind !== parsed.kind) return { ok: false, code: 'unknown', cardId };
  if (owner.kind === 'student') {
    const student = index.students.get(owner.id);
    return student ? { ok: true, kind: 'student', cardId, student } : { ok: false, code: 'unknown', cardId };
  }
  const guardian = index.guardians.get(owner.id);
  if (!guardian) return { ok: false, code: 'unknown', cardId };
  const students = guardian.studentIds.map((id) => index.students.get(id)).filter((s): s is Student => s !== undefined);
  return { ok: true, kind: 'guardian', cardId, guardian, students };
}

/**
 * A new card for a student or guardian: a fresh random id, and the old one revoked so a lost card cannot be
 * used to collect a child. Returns the new roster and the new id.
 * @example const { roster: next, cardId } = reprintCard(roster, { kind: 'student', id: 's1101' }, randomBytes(9), Date.now());
 */
export function reprintCard(
  roster: Roster,
  owner: { kind: CardKind; id: string },
  random: Uint8Array,
  now: number,
): { roster: Roster; cardId: string } {
  const cardId = makeCardId(owner.kind, roster.school.cardTag, random);
  const list = owner.kind === 'student' ? roster.students : roster.guardians;
  const holder = list.find((x) => x.id === owner.id);
  if (!holder) throw new Error(`no ${owner.kind} ${owner.id}`);
  const revokedCards = holder.cardId
    ? [...roster.revokedCards, { cardId: holder.cardId, ownerId: owner.id, revokedAt: now }]
    : roster.revokedCards;
  const replace = <T extends { id: string; cardId: string | null }>(xs: T[]) =>
    xs.map((x) => (x.id === owner.id ? { ...x, cardId } : x));
  return {
    cardId,
    roster:
      owner.kind === 'student'
        ? { ...roster, students: replace(roster.students), revokedCards }
        : { ...roster, guardians: replace(roster.guardians), revokedCards },
  };
}
