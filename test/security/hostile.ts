/**
 * Hostile input for the fuzz tests: garbage JSON, and events that are each broken in exactly one way that the
 * hub must refuse (wrong type, missing or unknown field, oversized text, a foreign card, another device …).
 */
import { randomUUID } from 'node:crypto';
import type { Rng } from './seeded';

/** Text that has broken other systems: markup, formulas, paths, template and SQL syntax, control characters. */
export const HOSTILE_STRINGS: readonly string[] = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '=HYPERLINK("http://evil.example","点我")',
  '=1+2',
  "+cmd|' /C calc'!A0",
  '@SUM(1)',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f',
  '\u0000',
  '\u0000\u0001\u001f',
  '\u202e\u202d',
  '\ud800',
  '\uffff',
  '${7*7}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'prototype',
  "'; DROP TABLE students; --",
  'null',
  'undefined',
  'NaN',
  '-0',
  '1e999',
  '13800138000',
  '　',
  '',
  ' ',
  '\n\r\t',
  '💥'.repeat(40),
  '张'.repeat(300),
  'x'.repeat(5000),
];

const KEYS = [
  'id',
  'day',
  'deviceId',
  'staffId',
  'deviceTime',
  'clockOffsetMs',
  'type',
  'studentId',
  'source',
  'groupId',
  'how',
  'to',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'events',
  'a',
];

function randomText(rng: Rng, max = 40): string {
  if (rng.chance(0.3)) return rng.pick(HOSTILE_STRINGS);
  const alphabets = [
    'abcXYZ019-_.:',
    '学生老师接送卡班',
    '\u0000\u0007\u001b\u007f\u00a0\u2028\u2029',
    '<>"\'&;/\\%{}[]$`',
    '😀🧒🏻‍',
  ];
  const a = rng.pick(alphabets);
  let s = '';
  const n = rng.int(max);
  for (let i = 0; i < n; i++) s += a[rng.int(a.length)];
  return s;
}

/** Any JSON value, up to `depth` levels; objects may carry keys like `__proto__` as their own properties. */
export function randomJson(rng: Rng, depth = 3): unknown {
  const k = rng.int(depth > 0 ? 9 : 6);
  switch (k) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick([0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, -1e-308, Date.now(), 4_102_444_800_001]);
    case 3:
      return rng.int(1_000_000) - 500_000;
    case 4:
    case 5:
      return randomText(rng);
    case 6:
      return Array.from({ length: rng.int(5) }, () => randomJson(rng, depth - 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = rng.int(6); i > 0; i--)
        Object.defineProperty(o, rng.chance(0.6) ? rng.pick(KEYS) : randomText(rng, 8), {
          value: randomJson(rng, depth - 1),
          enumerable: true,
          configurable: true,
          writable: true,
        });
      return o;
    }
  }
}

/** A copy of `e` with its own property `key` (even `__proto__`) set to `value`, as JSON.parse would make it. */
function withKey(e: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...e };
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

function without(e: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...e };
  delete copy[key];
  return copy;
}

export interface Foreign {
  /** the submitting kiosk's device id: events naming another are refused */
  deviceId: string;
  today: string;
  /** a student not enrolled in after-school care */
  notEnrolledId: string;
  /** valid-looking card ids this school must refuse: another school's, revoked, unknown, another child's */
  badCards: readonly string[];
  /** a day more than two weeks back and one in the future */
  badDays: readonly string[];
}

const WRONG_TYPED: readonly unknown[] = [
  null,
  0,
  -1,
  true,
  [],
  {},
  [[[]]],
  { kind: 'card' },
  '',
  'x'.repeat(2000),
  1e308,
];

/**
 * `valid` (an event the hub would store) broken in one way the hub must refuse. Each mutation below makes the
 * event invalid by itself, so every result must be `rejected` whatever else was drawn.
 */
export function brokenEvent(rng: Rng, valid: Record<string, unknown>, f: Foreign): { event: unknown; why: string } {
  const e = { ...valid, id: randomUUID() };
  const required = Object.keys(valid).filter((k) => k !== 'clockOffsetMs');
  switch (rng.int(16)) {
    case 0: {
      const k = rng.pick(required);
      return { event: without(e, k), why: `missing ${k}` };
    }
    case 1: {
      const k = rng.pick(required);
      const bad = rng.pick(WRONG_TYPED.filter((v) => typeof v !== typeof valid[k]));
      return { event: { ...e, [k]: bad }, why: `${k} of the wrong type` };
    }
    case 2: {
      const k = rng.pick(['__proto__', 'constructor', 'isAdmin', 'seq', 'hubTime', randomText(rng, 12) || 'extra']);
      return { event: withKey(e, k, randomJson(rng, 2)), why: `unknown key ${JSON.stringify(k).slice(0, 20)}` };
    }
    case 3:
      return {
        event: {
          ...e,
          type: rng.pick([
            'released_all',
            'checked_in ',
            'CHECKED_IN',
            '',
            'deleted',
            '__proto__',
            randomText(rng, 10),
          ]),
        },
        why: 'unknown type',
      };
    case 4:
      return {
        event: {
          ...e,
          type: rng.pick([
            'released',
            'transferred',
            'picked_up_early',
            'roll_call_started',
            'corrected',
            'headcount_inspected',
          ]),
        },
        why: 'another type without its fields',
      };
    case 5:
      return {
        event: {
          ...e,
          id: rng.pick([
            '1',
            'not-a-uuid',
            '../../x',
            randomText(rng, 36) || 'y',
            '00000000-0000-0000-0000-00000000000g',
          ]),
        },
        why: 'bad id',
      };
    case 6:
      return {
        event: {
          ...e,
          day: rng.pick([
            '2026-13-01',
            '2026-02-30',
            '../../etc',
            '20261124',
            '',
            randomText(rng, 10) || 'z',
            ...f.badDays,
          ]),
        },
        why: 'bad day',
      };
    case 7:
      return {
        event: { ...e, deviceTime: rng.pick([0, -1, 1.5, 1e20, 1_000_000_000_000, 4_102_444_800_001]) },
        why: 'bad deviceTime',
      };
    case 8:
      return { event: { ...e, clockOffsetMs: rng.pick([1e12, -1e12, 0.5, 8 * 86_400_000]) }, why: 'bad clock offset' };
    case 9:
      return {
        event: {
          ...e,
          deviceId: rng.pick([
            'kiosk-00000000',
            'office',
            'leader:leader-1',
            `${f.deviceId}x`,
            f.deviceId.toUpperCase(),
          ]),
        },
        why: 'another device',
      };
    case 10:
      return {
        event: { ...e, staffId: rng.pick(['ghost', 'admin', 'care-1a ', 'x'.repeat(65), '<script>']) },
        why: 'unknown staff',
      };
    case 11:
      return {
        event: { ...e, studentId: rng.pick([f.notEnrolledId, 's-nobody', '__proto__', 'x'.repeat(70)]) },
        why: 'unknown or not enrolled student',
      };
    case 12:
      return {
        event: {
          ...e,
          source: { kind: 'card', cardId: rng.pick([...f.badCards, randomText(rng, 18) || 'q', 'RSZZ0000000000000X']) },
        },
        why: 'bad card',
      };
    case 13:
      return { event: { ...e, groupId: rng.pick(['g-nowhere', '', 'x'.repeat(65), '../g1']) }, why: 'unknown group' };
    case 14:
      return {
        event: { ...e, source: { kind: 'manual', reason: rng.pick(['', ' ', 'x'.repeat(101), '\n']) } },
        why: 'manual source without a reason',
      };
    default:
      return { event: randomJson(rng, 4), why: 'garbage' };
  }
}

/** JSON nested `depth` levels deep, as text (too deep to build as an object and stringify). */
export function deepJsonText(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}
