import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { CARD_ALPHABET, CARD_ID_LENGTH, CARD_RANDOM_CHARS, makeCardId, parseCardId } from '../../core/cardId';
import { lookupCard, reprintCard } from '../../core/cards';
import { indexRoster } from '../../core/roster';
import { card, tinyRoster } from './fixtures';

const QR_ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]+$/;

function randomBytes(seed: number): Uint8Array {
  return Uint8Array.from({ length: 9 }, (_, i) => (seed * 2654435761 + i * 40503) >>> 24);
}

describe('card ids', () => {
  const id = makeCardId('student', 'AB', randomBytes(1));

  it('are short, in QR alphanumeric characters only, and carry at least 60 random bits', () => {
    expect(id).toHaveLength(CARD_ID_LENGTH);
    expect(id).toMatch(QR_ALPHANUMERIC);
    expect(CARD_RANDOM_CHARS * Math.log2(CARD_ALPHABET.length)).toBeGreaterThanOrEqual(60);
  });

  it('keep the QR at version 2 or below even at error correction level H', () => {
    for (const level of ['M', 'Q', 'H'] as const) {
      expect(QRCode.create(id, { errorCorrectionLevel: level }).version).toBeLessThanOrEqual(2);
    }
    expect(QRCode.create(id, { errorCorrectionLevel: 'M' }).version).toBe(1);
  });

  it('carry no personal data: different randomness gives unrelated ids, and only the kind and school tag are fixed', () => {
    const other = makeCardId('student', 'AB', randomBytes(2));
    expect(other.slice(0, 4)).toBe(id.slice(0, 4));
    expect(other.slice(4, -1)).not.toBe(id.slice(4, -1));
    expect(makeCardId('guardian', 'AB', randomBytes(1))[1]).toBe('G');
  });

  it('parse back, tolerating what keyboard scanners add (CR/LF, spaces, lower case)', () => {
    expect(parseCardId(`  ${id.toLowerCase()}\r\n`)).toEqual({
      ok: true,
      cardId: id,
      kind: 'student',
      schoolTag: 'AB',
    });
  });

  it('reject every single-character misread and every swap of neighbours', () => {
    for (let i = 0; i < id.length; i++) {
      for (const ch of CARD_ALPHABET) {
        if (ch === id[i]) continue;
        const typo = id.slice(0, i) + ch + id.slice(i + 1);
        const parsed = parseCardId(typo);
        // A change in the kind letter can still be a well-formed card of the other kind only if the check fits.
        expect(parsed.ok && parsed.cardId === typo, `misread at ${i}: ${typo}`).toBe(false);
      }
      if (i + 1 < id.length && id[i] !== id[i + 1]) {
        const swapped = id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
        expect(parseCardId(swapped).ok, `swap at ${i}`).toBe(false);
      }
    }
  });

  it('reject random text, URLs and other QR payloads', () => {
    for (const junk of ['', 'hello', 'https://example.com/x', '6901234567892', 'RS' + 'A'.repeat(16), '{"id":1}']) {
      expect(parseCardId(junk)).toEqual({ ok: false, code: 'malformed' });
    }
  });
});

describe('CU17 card lookup for this school', () => {
  const index = indexRoster(tinyRoster());

  it('finds the student of a current card', () => {
    expect(lookupCard(index, card('student', 1))).toMatchObject({ ok: true, kind: 'student', student: { id: 'a' } });
  });

  it('a guardian card lists the children it may collect', () => {
    const r = lookupCard(index, card('guardian', 11));
    expect(r.ok && r.kind === 'guardian' ? r.students.map((s) => s.id) : null).toEqual(['a', 'd']);
  });

  it('tells a revoked card, a card from another school and an unknown card apart', () => {
    expect(lookupCard(index, card('student', 99))).toMatchObject({ ok: false, code: 'revoked' });
    expect(lookupCard(index, card('student', 1, 'ZZ'))).toMatchObject({ ok: false, code: 'foreign_school' });
    expect(lookupCard(index, card('student', 42))).toMatchObject({ ok: false, code: 'unknown' });
    expect(lookupCard(index, 'not a card')).toMatchObject({ ok: false, code: 'malformed' });
  });
});

describe('reprinting a card', () => {
  it('gives a new id and revokes the old one, so a lost card collects no child', () => {
    const roster = tinyRoster();
    const old = roster.students.find((s) => s.id === 'a')!.cardId!;
    const { roster: next, cardId } = reprintCard(
      roster,
      { kind: 'student', id: 'a' },
      Uint8Array.from([9, 8, 7, 6, 5, 4, 3, 2, 1]),
      1234,
    );
    expect(cardId).not.toBe(old);
    const index = indexRoster(next);
    expect(lookupCard(index, cardId)).toMatchObject({ ok: true, student: { id: 'a' } });
    expect(lookupCard(index, old)).toMatchObject({ ok: false, code: 'revoked' });
    expect(next.revokedCards).toContainEqual({ cardId: old, ownerId: 'a', revokedAt: 1234 });
  });

  it('works for guardian pickup cards too', () => {
    const roster = tinyRoster();
    const { roster: next, cardId } = reprintCard(
      roster,
      { kind: 'guardian', id: 'ga' },
      Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 1, 1]),
      5,
    );
    expect(cardId[1]).toBe('G');
    expect(lookupCard(indexRoster(next), card('guardian', 11))).toMatchObject({ ok: false, code: 'revoked' });
  });
});
