/** The tablet's roster (core/cardHash.ts): a keyed hash of each card id, never the id. */
import { describe, expect, it } from 'vitest';
import { parseCardId } from '../../core/cardId';
import { cardHash, cardKeyFromHex, tabletRoster } from '../../core/cardHash';
import { isGuardianCard, lookupCard } from '../../core/cards';
import { indexRoster } from '../../core/roster';
import { card, TEST_CARD_KEY, tinyRoster } from './fixtures';

describe('card hashes', () => {
  it('is HMAC-SHA256 (RFC 4231 test case 1), in hex written as the letters a–p', () => {
    const letters = (hex: string) => hex.replace(/./g, (c) => 'abcdefghijklmnop'[parseInt(c, 16)]!);
    expect(cardKeyFromHex('0b'.repeat(20))).toBe(letters('0b'.repeat(20)));
    expect(cardHash(cardKeyFromHex('0b'.repeat(20)), 'Hi There')).toBe(
      letters('b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'),
    );
  });

  it("the tablet view holds no clerk's name from a pending move (RM1), and the rota of each day (R3, for AN9)", () => {
    const roster = tinyRoster((r) => {
      r.scheduledMoves = [{ studentId: 'a', from: '2026-12-07', groupId: 'g2', by: '钱主任', at: 1 }];
      r.superseded = {
        rotas: [{ until: '2026-11-30', care: [], gate: [{ weekday: 1, staffId: 't2' }], leader: [] }],
        settings: [],
      };
    });
    expect(roster.scheduledMoves).toHaveLength(1);
    const view = tabletRoster(roster, TEST_CARD_KEY);
    expect(view.scheduledMoves).toEqual([]);
    expect(view.superseded).toEqual(roster.superseded);
    expect(JSON.stringify(view)).not.toContain('钱主任');
  });

  it('the tablet view holds no card id, and its hashes do not read as cards', () => {
    const roster = tinyRoster();
    const view = tabletRoster(roster, TEST_CARD_KEY);
    const text = JSON.stringify(view);
    for (const c of [...roster.students, ...roster.guardians, ...roster.revokedCards])
      if (c.cardId) expect(text).not.toContain(c.cardId);
    for (const h of [...Object.values(view.cardHashes.students), ...view.cardHashes.revoked])
      expect(parseCardId(h).ok).toBe(false);
    expect(view.cardHashes.guardians.ga).toBe(cardHash(view.cardHashes.key, card('guardian', 11)));
    // no digit anywhere in the key or the hashes, so nothing in them can look like a phone number
    expect(JSON.stringify(view.cardHashes)).not.toMatch(/"[^"]*[0-9][^"]*"/);
  });

  it('a real card is found in the tablet view as in the real roster; a revoked one is revoked in both; a hash is no card', () => {
    const roster = tinyRoster();
    const real = indexRoster(roster);
    const tablet = indexRoster(tabletRoster(roster, TEST_CARD_KEY));
    for (const code of [card('student', 1), card('guardian', 11), card('student', 99), card('student', 42)]) {
      const [a, b] = [lookupCard(tablet, code), lookupCard(real, code)];
      expect(a.ok ? [a.kind, a.cardId] : [a.code, a.cardId]).toEqual(b.ok ? [b.kind, b.cardId] : [b.code, b.cardId]);
    }
    expect(lookupCard(tablet, card('student', 1))).toMatchObject({ ok: true, cardId: card('student', 1) });
    expect(lookupCard(tablet, card('student', 99))).toMatchObject({ ok: false, code: 'revoked' });
    const ga = tablet.guardians.get('ga')!;
    expect(ga.cardId).toBeNull();
    expect(isGuardianCard(tablet, ga, card('guardian', 11))).toBe(true);
    // The feed gives tablets and leaders the log's card ids as hashes (core/noteMasking.ts), so their reducer's
    // pickup-card check takes the hash; a scan of it is no card, and the hub (real ids) refuses it (cardForgery).
    const hash = tablet.roster.cardHashes!.guardians.ga!;
    expect(isGuardianCard(tablet, ga, hash)).toBe(true);
    expect(lookupCard(tablet, hash)).toMatchObject({ ok: false, code: 'malformed' });
    expect(isGuardianCard(real, real.guardians.get('ga')!, hash)).toBe(false);
  });
});
