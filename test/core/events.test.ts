import { describe, expect, it } from 'vitest';
import { checkEvent, DEFAULT_CHECK } from '../../core/checkEvent';
import { parseEvent } from '../../core/events';
import { indexRoster } from '../../core/roster';
import { card, DAY, ev, tinyRoster } from './fixtures';

const good = ev('checked_in', '15:31', {
  studentId: 'a',
  source: { kind: 'card', cardId: card('student', 1) },
  groupId: 'g1',
});

describe('CU17 events are validated at the edge', () => {
  it('CU17 a well-formed event parses, with the clock offset defaulting to 0', () => {
    const { clockOffsetMs: _omit, ...raw } = good;
    expect(parseEvent(raw)).toMatchObject({ ok: true, event: { clockOffsetMs: 0 } });
  });

  it('CU17 malformed events are refused with a reason naming the field', () => {
    const cases: [unknown, RegExp][] = [
      [{ ...good, id: 'not-a-uuid' }, /id/],
      [{ ...good, type: 'teleported' }, /type/],
      [{ ...good, day: '24/11/2026' }, /day/],
      [{ ...good, deviceTime: 12 }, /deviceTime/],
      [{ ...good, extra: '<script>' }, /extra|Unrecognized/i],
      [{ ...good, source: { kind: 'manual', reason: '' } }, /source/],
      [{ ...good, studentId: { $gt: '' } }, /studentId/],
      [null, /event/],
      ['RS…', /event/],
    ];
    for (const [input, why] of cases) {
      const r = parseEvent(input);
      expect(r.ok, JSON.stringify(input)).toBe(false);
      if (!r.ok) expect(r.issues).toMatch(why);
    }
  });

  const index = indexRoster(tinyRoster());
  const ctx = { today: DAY, ...DEFAULT_CHECK };
  const code = (e: Parameters<typeof checkEvent>[1]) => checkEvent(index, e, ctx)?.code;

  it('CU17 a sensible event passes the school checks', () => {
    expect(code(good)).toBeUndefined();
  });

  it('CU17 scans with a bad card are refused with the card problem, in Chinese and English', () => {
    const withCard = (cardId: string) => ({ ...good, source: { kind: 'card' as const, cardId } });
    expect(code(withCard(card('student', 99)))).toBe('card_revoked');
    expect(code(withCard(card('student', 1, 'ZZ')))).toBe('card_foreign_school');
    expect(code(withCard(card('student', 42)))).toBe('card_unknown');
    expect(code(withCard('hello'))).toBe('card_malformed');
    expect(code(withCard(card('student', 2)))).toBe('card_mismatch');
    expect(checkEvent(index, withCard(card('student', 99)), ctx)).toMatchObject({
      zh: '这张卡已作废（已补办新卡）',
      en: expect.stringMatching(/revoked/),
    });
  });

  it('CU17 unknown or unenrolled students, unknown groups and inactive staff are refused', () => {
    expect(code({ ...good, studentId: 'nobody' })).toBe('unknown_student');
    expect(code({ ...good, studentId: 'e', source: { kind: 'manual', reason: '忘带卡' } })).toBe('not_enrolled');
    expect(code({ ...good, groupId: 'g9' })).toBe('unknown_group');
    expect(code({ ...good, staffId: 'gone' })).toBe('unknown_staff');
  });

  it('CU17 events on a day without service, in the future or too old are refused; leave may be ahead', () => {
    expect(code({ ...good, day: '2026-11-22' })).toBe('not_service_day'); // a Sunday
    expect(code({ ...good, day: '2026-11-25' })).toBe('day_out_of_range');
    expect(code({ ...good, day: '2026-10-01' })).toBe('day_out_of_range');
    expect(
      code(ev('leave_recorded', '08:00', { studentId: 'a', reason: 'sick', note: '' }, { day: '2026-12-01' })),
    ).toBeUndefined();
  });

  it("CU17 a release by guardian card needs that guardian's current card", () => {
    const release = (guardianId: string, cardId: string) =>
      ev('released', '17:31', {
        studentId: 'a',
        source: { kind: 'group' },
        how: { kind: 'guardian_card', guardianId, cardId },
      });
    expect(code(release('ga', card('guardian', 11)))).toBeUndefined();
    expect(code(release('gb', card('guardian', 11)))).toBe('unknown_guardian');
    expect(code(release('ga', card('guardian', 77)))).toBe('card_unknown');
  });
});
