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

/** The card key: 32 random bytes as 64 hex characters. */
export const CARD_KEY_PATTERN = /^[0-9a-f]{64}$/;

const keyCache = new Map<string, Uint8Array>();

/**
 * @example cardHash('00'.repeat(32), 'RS7Q5K2M9XJ0PHT4VC') // 64 hex characters
 */
export function cardHash(keyHex: string, cardId: string): string {
  let key = keyCache.get(keyHex);
  if (!key) {
    key = hexToBytes(keyHex);
    keyCache.set(keyHex, key);
  }
  return bytesToHex(hmac(sha256, key, utf8ToBytes(cardId)));
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
  const hashes = (xs: { id: string; cardId: string | null }[]) =>
    Object.fromEntries(xs.filter((x) => x.cardId !== null).map((x) => [x.id, cardHash(keyHex, x.cardId!)]));
  const { cardHashes: _old, ...rest } = roster;
  void _old;
  return {
    ...rest,
    students: roster.students.map((s) => ({ ...s, cardId: null })),
    guardians: roster.guardians.map((g) => ({ ...g, cardId: null })),
    revokedCards: [],
    cardHashes: {
      key: keyHex,
      students: hashes(roster.students),
      guardians: hashes(roster.guardians),
      revoked: roster.revokedCards.map((r) => cardHash(keyHex, r.cardId)),
    },
  };
}
