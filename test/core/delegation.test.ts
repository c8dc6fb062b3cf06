import { describe, expect, it } from 'vitest';
import { reduceDay } from '../../core/reduceDay';
import { cardKeyFromHex } from '../../core/cardHash';
import {
  delegateCodeHash,
  delegateNote,
  delegatePayload,
  delegateRefusal,
  matchDelegateCode,
  parseDelegateInput,
} from '../../core/delegation';
import type { CustodyEvent } from '../../core/events';
import { addDays } from '../../core/time';
import { at, card, DAY, ev, TEST_CARD_KEY, tinyRoster } from './fixtures';

const roster = tinyRoster();
const key = cardKeyFromHex(TEST_CARD_KEY);
const src = (n: number) => ({ kind: 'card', cardId: card('student', n) }) as const;

/** 王阿姨 collects 张小明 (a) today with the code 042917. */
function delegate(studentId = 'a', code = '042917', day = DAY) {
  return ev(
    'arrangement_recorded',
    '08:00',
    {
      studentId,
      arrangement: {
        kind: 'delegate',
        collectedBy: '王阿姨',
        relation: '邻居',
        codeHash: delegateCodeHash(key, day, studentId, code),
      },
    },
    { day },
  );
}
const state = (events: CustodyEvent[], day = DAY) => reduceDay({ roster, day, events, now: at('17:00', day) });
const inCare = (id: string, n: number) => ev('checked_in', '15:31', { studentId: id, source: src(n), groupId: 'g1' });

describe('one-day delegation (临时代接)', () => {
  it('DG1 the right code finds its child today, typed or scanned from the slip', () => {
    const arr = delegate();
    const s = state([inCare('a', 1), arr]);
    expect(matchDelegateCode(s, key, '042917')).toMatchObject({
      ok: true,
      studentId: 'a',
      arrangement: { collectedBy: '王阿姨', relation: '邻居', eventId: arr.id },
    });
    expect(matchDelegateCode(s, key, ' 042 917 ')).toMatchObject({ ok: true, studentId: 'a' });
    expect(matchDelegateCode(s, key, delegatePayload(DAY, '042917'))).toMatchObject({ ok: true, studentId: 'a' });
  });

  it("DG1 a code is its own child's only: another child's code, or a hash copied to another child, finds nothing", () => {
    const s = state([inCare('a', 1), inCare('b', 2), delegate('a', '042917'), delegate('b', '555111')]);
    expect(matchDelegateCode(s, key, '555111')).toMatchObject({ ok: true, studentId: 'b' });
    expect(matchDelegateCode(s, key, '123456')).toEqual({ ok: false, reason: 'unknown' });
    // The hash of a's code put into b's arrangement does not open b: the child is in the hash.
    const copied = ev('arrangement_recorded', '09:00', {
      studentId: 'b',
      arrangement: { kind: 'delegate', collectedBy: '某人', codeHash: delegateCodeHash(key, DAY, 'a', '042917') },
    });
    const t = state([inCare('a', 1), inCare('b', 2), copied]);
    expect(matchDelegateCode(t, key, '042917')).toEqual({ ok: false, reason: 'unknown' });
  });

  it("DG1 yesterday's code does not work today, typed or from its slip", () => {
    const yesterday = addDays(DAY, -1);
    const s = state([inCare('a', 1)]); // today's events: yesterday's arrangement is not among them
    expect(matchDelegateCode(s, key, '042917')).toEqual({ ok: false, reason: 'unknown' });
    expect(matchDelegateCode(s, key, delegatePayload(yesterday, '042917'))).toEqual({
      ok: false,
      reason: 'other_day',
      day: yesterday,
    });
    // Even an event of yesterday's hash given today matches nothing: the day is in the hash.
    const old = ev('arrangement_recorded', '08:00', {
      studentId: 'a',
      arrangement: {
        kind: 'delegate',
        collectedBy: '王阿姨',
        codeHash: delegateCodeHash(key, yesterday, 'a', '042917'),
      },
    });
    expect(matchDelegateCode(state([inCare('a', 1), old]), key, '042917')).toEqual({ ok: false, reason: 'unknown' });
    expect(delegateRefusal({ ok: false, reason: 'other_day', day: yesterday }).zh).toBe(
      `这是 ${yesterday} 的接送码，今天不能用`,
    );
  });

  it('DG1 the code works once: after the release it is refused as used', () => {
    const arr = delegate();
    const release = ev('released', '16:40', {
      studentId: 'a',
      source: { kind: 'manual', reason: '临时代接码' },
      how: { kind: 'delegate', arrangementId: arr.id, collectedBy: '王阿姨' },
    });
    const s = state([inCare('a', 1), arr, release]);
    expect(s.children.a?.status).toBe('released');
    expect(s.children.a?.release?.how).toEqual({ kind: 'delegate', arrangementId: arr.id, collectedBy: '王阿姨' });
    expect(s.anomalies.filter((a) => a.studentId === 'a')).toEqual([]);
    expect(matchDelegateCode(s, key, '042917')).toEqual({ ok: false, reason: 'used', studentId: 'a' });
  });

  it('DG1 a corrected (voided) arrangement opens nothing, and a new one replaces the old code', () => {
    const arr = delegate('a', '042917');
    const voided = ev('corrected', '09:00', { targetId: arr.id, reason: '登记错了' });
    expect(matchDelegateCode(state([inCare('a', 1), arr, voided]), key, '042917')).toEqual({
      ok: false,
      reason: 'unknown',
    });
    const again = ev('arrangement_recorded', '10:00', {
      studentId: 'a',
      arrangement: { kind: 'delegate', collectedBy: '李叔叔', codeHash: delegateCodeHash(key, DAY, 'a', '777000') },
    });
    const s = state([inCare('a', 1), arr, again]);
    expect(matchDelegateCode(s, key, '042917')).toEqual({ ok: false, reason: 'unknown' });
    expect(matchDelegateCode(s, key, '777000')).toMatchObject({ ok: true, arrangement: { collectedBy: '李叔叔' } });
  });

  it('DG1 a delegate release without that arrangement for this child today is an alert', () => {
    const arrForB = delegate('b', '555111');
    const release = ev('released', '16:40', {
      studentId: 'a',
      source: { kind: 'manual', reason: '临时代接码' },
      how: { kind: 'delegate', arrangementId: arrForB.id, collectedBy: '王阿姨' },
    });
    const s = state([inCare('a', 1), inCare('b', 2), arrForB, release]);
    expect(s.anomalies).toContainEqual(
      expect.objectContaining({ code: 'guardian_not_authorised', severity: 'alert', studentId: 'a' }),
    );
  });

  it('DG1 what the gate may type or scan: 6 digits, or the slip payload with its day', () => {
    expect(parseDelegateInput('12345')).toBeNull();
    expect(parseDelegateInput('1234567')).toBeNull();
    expect(parseDelegateInput('RS7Q5K2M9XJ0PHT4VC')).toBeNull();
    expect(parseDelegateInput('rd20261124042917')).toEqual({ code: '042917', day: '2026-11-24' });
    expect(matchDelegateCode(state([]), key, 'abc')).toEqual({ ok: false, reason: 'malformed' });
    // The slip's QR says nothing of the child: no name, class or number, only the day and the code.
    expect(delegatePayload(DAY, '042917')).toBe('RD20261124042917');
  });
});

describe('DG1 what the lists say', () => {
  it('DG1 a child with a delegate today is listed as 今天由 王阿姨 代接; without one, nothing', () => {
    const s = state([inCare('a', 1), delegate('a')]);
    expect(delegateNote(s.children.a)).toEqual({ zh: '今天由 王阿姨 代接', en: 'collected by 王阿姨 today' });
    expect(delegateNote(s.children.b)).toBeUndefined();
  });
});
