/**
 * Card ids: what a student card or a guardian pickup card (接送卡) encodes in its QR code.
 *
 *   R S 7Q 5K2M9XJ0PHT4V C
 *   │ │ │  │             └ check character (weighted sum mod 31): a misread or a typo is caught before any lookup
 *   │ │ │  └ 13 random characters = 65 bits, so ids cannot be guessed or enumerated
 *   │ │ └ the school's card tag, so a card from another school is told apart from an unknown one
 *   │ └ S = student card, G = guardian pickup card
 *   └ R = Relay
 *
 * 18 characters, all from Crockford's base32 alphabet, which is a subset of the QR alphanumeric set: the QR
 * stays at version 1 (level M) or 2 (level Q/H), with large modules that decode fast and from far. The code
 * carries no name, class or number: nothing personal is printed into it.
 */

export const CARD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CARD_ID_LENGTH = 18;
export const CARD_RANDOM_CHARS = 13;
/** Random bytes a caller must supply for one id (65 bits are used). */
export const CARD_RANDOM_BYTES = 9;

export const CardKind = { student: 'S', guardian: 'G' } as const;
export type CardKind = keyof typeof CardKind;

const CHECK_MODULUS = 31;

function checkChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += (i + 1) * CARD_ALPHABET.indexOf(body[i]!);
  return CARD_ALPHABET[sum % CHECK_MODULUS]!;
}

/**
 * Makes a card id from caller-supplied randomness (core has no random source of its own).
 * @example makeCardId('student', '7Q', crypto.getRandomValues(new Uint8Array(CARD_RANDOM_BYTES)))
 */
export function makeCardId(kind: CardKind, schoolTag: string, random: Uint8Array): string {
  if (random.length < CARD_RANDOM_BYTES) throw new Error(`card ids need ${CARD_RANDOM_BYTES} random bytes`);
  if (!/^[0-9A-HJKMNP-TV-Z]{2}$/.test(schoolTag))
    throw new Error('school card tag must be 2 characters of the card alphabet');
  let bits = 0n;
  for (let i = 0; i < CARD_RANDOM_BYTES; i++) bits = (bits << 8n) | BigInt(random[i]!);
  let randomPart = '';
  for (let i = 0; i < CARD_RANDOM_CHARS; i++) {
    randomPart += CARD_ALPHABET[Number(bits & 31n)];
    bits >>= 5n;
  }
  const body = `R${CardKind[kind]}${schoolTag}${randomPart}`;
  return body + checkChar(body);
}

export type ParsedCard =
  { ok: true; cardId: string; kind: CardKind; schoolTag: string } | { ok: false; code: 'malformed' };

/**
 * Reads what a camera or a keyboard-wedge scanner delivered. Tolerates what scanners add (whitespace, a
 * trailing CR/LF, lower case from a Caps-Lock-confused scanner) and nothing else.
 */
export function parseCardId(scanned: string): ParsedCard {
  const text = scanned.trim().toUpperCase();
  if (text.length !== CARD_ID_LENGTH || text[0] !== 'R') return { ok: false, code: 'malformed' };
  for (const ch of text) if (!CARD_ALPHABET.includes(ch)) return { ok: false, code: 'malformed' };
  const kindLetter = text[1];
  const kind: CardKind | undefined = kindLetter === 'S' ? 'student' : kindLetter === 'G' ? 'guardian' : undefined;
  if (!kind) return { ok: false, code: 'malformed' };
  if (checkChar(text.slice(0, -1)) !== text.at(-1)) return { ok: false, code: 'malformed' };
  return { ok: true, cardId: text, kind, schoolTag: text.slice(2, 4) };
}
