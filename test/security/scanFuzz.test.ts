/**
 * Whatever a camera or a USB scanner delivers at a kiosk: random text, other QR codes (payment codes, links, a
 * contact card), near misses of real cards, revoked cards and another school's cards. Each gets a clear
 * message in Chinese and English at every station, and never an event.
 */
import { describe, expect, it } from 'vitest';
import { CARD_ALPHABET, makeCardId } from '../../core/cardId';
import { reprintCard } from '../../core/cards';
import { messages } from '../../core/messages';
import { reduceDay } from '../../core/reduceDay';
import { indexRoster } from '../../core/roster';
import { localDay } from '../../core/time';
import type { Station } from '../../core/stations';
import { makeDemoSchool } from '../../hub/demo/demoSchool';
import { decideScan } from '../../kiosk/lib/stationRules';
import { HOSTILE_STRINGS } from './hostile';
import { seeded } from './seeded';
import { kioskRoster } from '../core/fixtures';

const rng = seeded('scan fuzz');
const bytes = (n: number) => Uint8Array.from({ length: n }, () => rng.int(256));
let roster = makeDemoSchool({ randomBytes: bytes });
const lost = roster.students.filter((s) => s.groupId !== null).slice(0, 5);
for (const s of lost) roster = reprintCard(roster, { kind: 'student', id: s.id }, bytes(9), 1).roster;
roster = reprintCard(roster, { kind: 'guardian', id: roster.guardians[0]!.id }, bytes(9), 1).roster;
// The kiosk holds the hashed roster (no card ids); the codes scanned are built from the real one.
const tablet = kioskRoster(roster);
const index = indexRoster(tablet);
// A Tuesday afternoon in term, when the demo's groups meet: on a weekend or holiday a real card rightly gets
// "今天不参加课后服务" and no event, which is not what the last test checks.
const now = Date.parse('2026-11-24T16:30:00+08:00');
const day = localDay(now, roster.settings.timeZone);
const state = reduceDay({ roster: tablet, day, events: [], now });
const cardMessages = new Set<string>(
  ['card_malformed', 'card_foreign_school', 'card_revoked', 'card_unknown'].map(
    (c) => messages[c as keyof typeof messages].zh,
  ),
);
const stations: Station[] = [
  { kind: 'classroom', classId: roster.classes[0]!.id },
  { kind: 'care', groupId: roster.groups[0]!.id },
  { kind: 'gate' },
];

function randomCode(): string {
  const valid = rng.pick(roster.students.filter((s) => s.cardId)).cardId!;
  switch (rng.int(9)) {
    case 0:
      return rng.pick(HOSTILE_STRINGS);
    case 1: {
      let s = '';
      for (let i = rng.int(60); i > 0; i--) s += String.fromCharCode(rng.int(0x3000));
      return s;
    }
    case 2:
      return rng.pick([
        'https://weixin.qq.com/r/abc',
        'wxp://f2f0abcdef',
        'https://qr.alipay.com/fkx12345',
        'http://evil.example/?c=' + valid,
        'BEGIN:VCARD\nFN:张三\nTEL:13800138000\nEND:VCARD',
        '6901234567892',
        'WIFI:T:WPA;S:school;P:secret;;',
        '{"studentId":"s-1"}',
      ]);
    case 3: {
      const i = rng.int(valid.length);
      const c = CARD_ALPHABET[(CARD_ALPHABET.indexOf(valid[i]!) + 1 + rng.int(30)) % 32]!;
      return valid.slice(0, i) + c + valid.slice(i + 1);
    }
    case 4:
      return valid.slice(0, rng.int(valid.length)) || 'R';
    case 5:
      return valid + rng.pick(['X', '0', valid, ' R', '\t1']);
    case 6:
      return makeCardId(
        rng.pick(['student', 'guardian'] as const),
        rng.pick(['ZZ', '00', 'AB', '7Q']).replace(roster.school.cardTag, 'ZY'),
        bytes(9),
      );
    case 7:
      return makeCardId('student', roster.school.cardTag, bytes(9));
    default:
      return rng.pick(roster.revokedCards).cardId;
  }
}

describe("scanning what is not one of this school's cards", () => {
  it('3 000 random, foreign, revoked and near-miss codes: an error with the reason at every station, and no event', () => {
    let n = 0;
    for (let i = 0; i < 3000; i++) {
      const code = randomCode();
      for (const station of stations) {
        const ctx = {
          index,
          state,
          station,
          day,
          now,
          deviceId: 'k1',
          staffId: 'care-1a',
          clockOffsetMs: 0,
          newId: () => `id-${n++}`,
        };
        const v = decideScan(ctx, code);
        const label = `${JSON.stringify(code).slice(0, 60)} at ${station.kind} (seed ${rng.seed})`;
        expect(v.level, label).toBe('error');
        expect(v.events, label).toEqual([]);
        expect(v.student, label).toBeUndefined();
        expect(cardMessages.has(v.title.zh), label).toBe(true);
        expect(v.title.en.length).toBeGreaterThan(0);
      }
    }
  });

  it('each kind is told apart: revoked, another school, unknown, not a card', () => {
    const ctx = {
      index,
      state,
      station: { kind: 'gate' } as Station,
      day,
      now,
      deviceId: 'k1',
      staffId: 'gate-1',
      clockOffsetMs: 0,
      newId: () => 'x',
    };
    expect(decideScan(ctx, roster.revokedCards[0]!.cardId).title.zh).toBe(messages.card_revoked.zh);
    expect(
      decideScan(ctx, makeCardId('student', roster.school.cardTag === 'ZZ' ? 'ZY' : 'ZZ', bytes(9))).title.zh,
    ).toBe(messages.card_foreign_school.zh);
    expect(decideScan(ctx, makeCardId('student', roster.school.cardTag, bytes(9))).title.zh).toBe(
      messages.card_unknown.zh,
    );
    expect(decideScan(ctx, 'https://weixin.qq.com/r/abc').title.zh).toBe(messages.card_malformed.zh);
    // and a real card still works, in the scanner's lower case too
    const kid = roster.students.find((s) => s.groupId !== null && s.cardId && !lost.some((l) => l.id === s.id))!;
    expect(decideScan(ctx, kid.cardId!.toLowerCase()).events).toHaveLength(1);
  });
});
