/**
 * The roster a tablet or a leader's page holds: no card id in the clear, only a keyed hash of each
 * (HMAC-SHA256 with the school's card key, which the hub keeps in its data folder). A tablet hashes what it scans
 * and compares; the card id itself (the QR string) never leaves the office, so a lost tablet cannot be used to
 * make a guardian's pickup card. The HMAC is synchronous pure TypeScript (@noble/hashes), so a scan stays sync.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import type { CardHashes, Guardian, Roster, Student } from './roster';
import { NO_SAFETY_NOTES } from './roster';
import { maskPhones } from './noteMasking';
import type { CustodyEvent } from './events';
import type { Station } from './stations';

/**
 * Keys and hashes travel as hex written in the letters a–p (0 → a … f → p): with no digit in them, no run of
 * a hash can look like a phone number to the checks and the log's mask that look for one.
 */
const toLetters = (hex: string) => hex.replace(/[0-9a-f]/g, (c) => String.fromCharCode(97 + parseInt(c, 16)));
const fromLetters = (letters: string) => letters.replace(/[a-p]/g, (c) => (c.charCodeAt(0) - 97).toString(16));

/** The card key as a tablet gets it, from the 64 hex characters the hub keeps (32 random bytes). */
export function cardKeyFromHex(keyHex: string): string {
  return toLetters(keyHex);
}

/** Per key: its bytes and the hashes made so far. The reducer checks a guardian card at every replay of the day. */
const keyCache = new Map<string, { bytes: Uint8Array; hashes: Map<string, string> }>();

/**
 * HMAC-SHA256 of a card id under the card key, both in the a–p letters.
 * @example cardHash(cardKeyFromHex('00'.repeat(32)), 'RS7Q5K2M9XJ0PHT4VC') // 64 letters a–p
 */
export function cardHash(key: string, cardId: string): string {
  let k = keyCache.get(key);
  if (!k) {
    k = { bytes: hexToBytes(fromLetters(key)), hashes: new Map() };
    keyCache.set(key, k);
  }
  let h = k.hashes.get(cardId);
  if (h === undefined) {
    h = toLetters(bytesToHex(hmac(sha256, k.bytes, utf8ToBytes(cardId))));
    k.hashes.set(cardId, h);
  }
  return h;
}

/** A roster as a tablet or a leader's page gets it: every card id null, the hashes in `cardHashes`. */
export type TabletRoster = Omit<Roster, 'students' | 'guardians' | 'revokedCards' | 'cardHashes'> & {
  students: (Student & { cardId: null })[];
  guardians: (Guardian & { cardId: null })[];
  revokedCards: [];
  cardHashes: CardHashes;
};

/**
 * The hashed view of a roster, for tablets and leaders; the office keeps the real one (it prints the cards).
 * @example tabletRoster(roster, keyHex).cardHashes.students.s1101 // the HMAC of that student's card id
 */
export function tabletRoster(roster: Roster, keyHex: string): TabletRoster {
  const key = cardKeyFromHex(keyHex);
  const hashes = (xs: { id: string; cardId: string | null }[]) =>
    Object.fromEntries(xs.filter((x) => x.cardId !== null).map((x) => [x.id, cardHash(key, x.cardId!)]));
  const { cardHashes: _old, ...rest } = roster;
  return {
    ...rest,
    students: roster.students.map((s) => ({ ...s, cardId: null })),
    guardians: roster.guardians.map((g) => ({ ...g, cardId: null })),
    revokedCards: [],
    // Pending class moves carry the clerks' names and no tablet uses them (RM1). The rotas kept for past and
    // scheduled days stay (staff ids only): the leader's page judges AN9 with the rota of the day (R3).
    scheduledMoves: [],
    cardHashes: {
      key,
      students: hashes(roster.students),
      guardians: hashes(roster.guardians),
      revoked: roster.revokedCards.map((r) => cardHash(key, r.cardId)),
    },
  };
}

/**
 * Who a tablet roster is for: the duty leader's page, or a kiosk with the station the office gave it (null: none
 * yet, its teacher picks one on the tablet). See docs/security.md, "The tablet".
 */
export type RosterReader = { kind: 'leader' } | { kind: 'kiosk'; station: Station | null };

/** What no page shown to a tablet or a leader uses: policy groups and fee waivers, as their empty defaults. */
const NOT_SHOWN = { priority: [], feeWaiver: false } satisfies Partial<Student>;
/** A pickup plan kept from a station that never shows one (the gate and an unassigned tablet get the real one). */
const PLAN_NOT_SENT: Student['pickup'] = { kind: 'guardian' };

/**
 * The hashed roster cut to what its reader uses. No reader gets priority groups, fee waivers or phone numbers.
 * The leader's page gets every child (it watches the whole school) and guardians only as ids with the children
 * they may collect (the reducer checks pickup cards; the page shows no guardian). A kiosk gets:
 *
 * - the gate, or no station yet: every child with name, 学号, initials, class, group, pickup plan and wave, and
 *   guardians' names, relations and children (a pickup card says whom it may collect);
 * - a classroom or a care room: its own children (its class, its group) with name, 学号, initials, class, group and
 *   wave; every other child by name, class and group only, since an emergency roll call makes every kiosk an
 *   assembly point and a care room must name a child of another group it receives; no pickup plan, and
 *   guardians as ids only (so a pickup card scanned there is told apart from an unknown card).
 *
 * @example rosterFor(view, { kind: 'kiosk', station: { kind: 'care', groupId: 'g1' } }).guardians[0].name // ''
 */
export function rosterFor(view: TabletRoster, reader: RosterReader): TabletRoster {
  const station = reader.kind === 'kiosk' ? reader.station : null;
  const everything = reader.kind === 'kiosk' && (station === null || station.kind === 'gate');
  const own = (s: Student) =>
    station?.kind === 'classroom'
      ? s.classId === station.classId
      : station?.kind === 'care'
        ? s.groupId === station.groupId
        : true;
  const students = view.students.map((s) => {
    // 安全提示 (SN1) go wherever the child is scanned, phone numbers masked; a care room or classroom gets another
    // group's child's medical note only (it may receive the child), not who may not collect them.
    const n = s.safety ?? NO_SAFETY_NOTES;
    const safety = { ...n, medical: maskPhones(n.medical), custody: maskPhones(n.custody) };
    const base = { ...s, ...NOT_SHOWN, safety };
    if (reader.kind === 'leader' || everything) return base;
    if (own(s)) return { ...base, pickup: PLAN_NOT_SENT };
    const medicalOnly = { ...NO_SAFETY_NOTES, medical: safety.medical };
    return { ...base, studentNo: '', initials: '', pickup: PLAN_NOT_SENT, pickupWave: 1, safety: medicalOnly };
  });
  const guardians = view.guardians.map((g) =>
    everything
      ? { ...g, phone: '' }
      : { ...g, name: '', relation: '', phone: '', studentIds: reader.kind === 'leader' ? g.studentIds : [] },
  );
  return { ...view, students, guardians };
}

/** Whether a string is a card hash (64 letters a–p), never a card id (18 characters of the card alphabet). */
export const isCardHash = (s: string) => /^[a-p]{64}$/.test(s);

/**
 * An event with the card ids it carries (the scanned card, a pickup card at a release) replaced by their hashes:
 * what the hub sends tablets and leaders of the log, and what a tablet keeps of its own events once the hub has
 * them. The reducer's pickup-card check takes either form (core/cards.ts `isGuardianCard`).
 * @example withCardHashes(release, key).how.cardId // 64 letters a–p
 */
export function withCardHashes<E extends CustodyEvent>(e: E, key: string): E {
  const h = (id: string) => (isCardHash(id) ? id : cardHash(key, id));
  let out = e;
  if ('source' in e && e.source.kind === 'card') out = { ...out, source: { ...e.source, cardId: h(e.source.cardId) } };
  if (e.type === 'released' && e.how.kind === 'guardian_card')
    out = { ...out, how: { ...e.how, cardId: h(e.how.cardId) } } as E;
  return out;
}
