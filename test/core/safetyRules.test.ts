/**
 * SN1 and SN2 (issue #19, "safety notes at every hand-over"): the office's medical and custody notes, and a release
 * the notes forbid, blocked at the gate and an alert for the duty leader whether it was overridden or not.
 */
import { describe, expect, it } from 'vitest';
import { checkEvent, DEFAULT_CHECK } from '../../core/checkEvent';
import { rosterFor, tabletRoster } from '../../core/cardHash';
import type { CustodyEvent } from '../../core/events';
import { eventForReader } from '../../core/noteMasking';
import { reduceDay } from '../../core/reduceDay';
import { indexRoster, RosterSchema } from '../../core/roster';
import type { Student } from '../../core/roster';
import { hasSafetyNotes, releaseBlock, sameName } from '../../core/safetyRules';
import { at, card, DAY, ev, manual, TEST_CARD_KEY, tinyRoster, tinyRosterInput } from './fixtures';

const notes = (safety: Partial<Student['safety']>) => ({
  safety: { medical: '', custody: '', cardOnly: false, notWith: [], ...safety },
});
const roster = tinyRoster((r) => {
  r.staff.push({ id: 'lead1', name: '钱主任', roles: ['duty_leader'] });
  r.staff.push({ id: 'lead-gone', name: '退休主任', roles: ['duty_leader'], active: false });
  const a = r.students.find((s) => s.id === 'a')!;
  a.safety = {
    medical: '花生过敏 妈妈电话13812345678',
    custody: '法院裁定（2026）沪0101民初123号',
    cardOnly: true,
    notWith: ['王 某某'],
  };
});
const index = indexRoster(roster);
const inCare = ev('checked_in', '15:35', { studentId: 'a', source: manual, groupId: 'g1' }, { staffId: 'care1' });
const release = (
  how: Extract<CustodyEvent, { type: 'released' }>['how'],
  override?: { staffId: string; reason: string },
) =>
  ev(
    'released',
    '17:30',
    { studentId: 'a', source: manual, how, ...(override ? { override } : {}) },
    { staffId: 'gate1' },
  );
const anomalies = (events: CustodyEvent[]) =>
  reduceDay({ roster, day: DAY, now: at('17:31'), events }).anomalies.filter((x) => x.code.startsWith('release_'));

describe('SN1 safety notes on the roster', () => {
  it('SN1: a roster written before safety notes is valid and its children have none', () => {
    const r = RosterSchema.parse(tinyRosterInput());
    expect(r.students[0]!.safety).toEqual({ medical: '', custody: '', cardOnly: false, notWith: [] });
    expect(hasSafetyNotes(r.students[0])).toBe(false);
    expect(hasSafetyNotes(roster.students[0])).toBe(true);
  });

  it('SN1: a note longer than 120 characters, or a sixth barred name, is refused', () => {
    const long = tinyRosterInput();
    long.students[0]!.safety = { medical: '过'.repeat(121) };
    expect(RosterSchema.safeParse(long).success).toBe(false);
    const many = tinyRosterInput();
    many.students[0]!.safety = { notWith: ['甲', '乙', '丙', '丁', '戊', '己'] };
    expect(RosterSchema.safeParse(many).success).toBe(false);
  });

  it('SN1: the gate and the leader get the notes with phone numbers masked; another group’s room gets the medical note only', () => {
    const view = tabletRoster(roster, TEST_CARD_KEY);
    const gate = rosterFor(view, { kind: 'kiosk', station: { kind: 'gate' } }).students.find((s) => s.id === 'a')!;
    expect(gate.safety.medical).toBe('花生过敏 妈妈电话138****5678');
    expect(gate.safety.cardOnly).toBe(true);
    expect(gate.safety.notWith).toEqual(['王 某某']);
    const leader = rosterFor(view, { kind: 'leader' }).students.find((s) => s.id === 'a')!;
    expect(leader.safety.custody).toBe('法院裁定（2026）沪0101民初123号');
    const other = rosterFor(view, { kind: 'kiosk', station: { kind: 'care', groupId: 'g2' } }).students.find(
      (s) => s.id === 'a',
    )!;
    expect(other.safety).toEqual({
      medical: '花生过敏 妈妈电话138****5678',
      custody: '',
      cardOnly: false,
      notWith: [],
    });
  });
});

describe('SN2 releaseBlock', () => {
  it('SN2: a card-only child leaves only with the guardian card: by hand, by bus, alone or with a 临时代接 adult it is blocked', () => {
    const child = notes({ cardOnly: true });
    expect(releaseBlock(child, { kind: 'staff_confirmed', collectedBy: '家长' })?.zh).toBe(
      '只凭接送卡接走：请扫描家长接送卡',
    );
    expect(releaseBlock(child, { kind: 'bus', bus: '2' })?.code).toBe('card_only');
    expect(releaseBlock(child, { kind: 'walks_alone' })?.code).toBe('card_only');
    expect(releaseBlock(child, { kind: 'guardian_card', guardianId: 'ga', cardId: card('guardian', 11) })).toBeNull();
    // RC4: at the assembly point the leader hands over in person; cards may be left behind.
    expect(releaseBlock(child, { kind: 'reunified', collectedBy: '张爸爸' })).toBeNull();
  });

  it('SN2: a barred adult is blocked by name, spaces, full-width letters and case aside, also with a pickup card', () => {
    const child = notes({ notWith: ['王 某某', 'Li Lei'] });
    expect(releaseBlock(child, { kind: 'staff_confirmed', collectedBy: '王某某' })?.zh).toBe('不得交给 王 某某');
    expect(releaseBlock(child, { kind: 'staff_confirmed', collectedBy: 'ＬＩＬＥＩ' })?.code).toBe('not_with');
    expect(releaseBlock(child, { kind: 'staff_confirmed', collectedBy: '王某' })).toBeNull();
    const named = (id: string) => (id === 'ga' ? '王某某' : undefined);
    expect(releaseBlock(child, { kind: 'guardian_card', guardianId: 'ga', cardId: 'x' }, named)?.code).toBe('not_with');
    expect(sameName('', '')).toBe(false);
  });

  it('SN2: a child without notes is never blocked', () => {
    expect(releaseBlock(notes({}), { kind: 'walks_alone' })).toBeNull();
    expect(releaseBlock(undefined, { kind: 'staff_confirmed', collectedBy: '王某某' })).toBeNull();
  });
});

describe('SN2 in the reducer and at ingest', () => {
  it('SN2: a release against a note without an override is an alert; with the guardian card there is none', () => {
    const found = anomalies([inCare, release({ kind: 'staff_confirmed', collectedBy: '家长' })]);
    expect(found).toMatchObject([{ code: 'release_against_note', severity: 'alert', detail: { rule: 'card_only' } }]);
    const byCard = release({ kind: 'guardian_card', guardianId: 'ga', cardId: card('guardian', 11) });
    expect(anomalies([inCare, byCard])).toEqual([]);
  });

  it('SN2: an overridden release is still an alert for the duty leader, with who allowed it and why', () => {
    const e = release(
      { kind: 'staff_confirmed', collectedBy: '家长' },
      { staffId: 'lead1', reason: '卡丢了，班主任确认是妈妈' },
    );
    const found = anomalies([inCare, e]);
    expect(found).toMatchObject([
      {
        code: 'release_overridden',
        severity: 'alert',
        key: `release_overridden:${e.id}`,
        detail: { rule: 'card_only', leaderId: 'lead1', note: '卡丢了，班主任确认是妈妈' },
      },
    ]);
    expect(reduceDay({ roster, day: DAY, now: at('17:31'), events: [inCare, e] }).children.a!.status).toBe('released');
  });

  it('SN2: the hub refuses an override naming someone who is not an active duty leader (CU17)', () => {
    const ctx = { today: DAY, ...DEFAULT_CHECK };
    const by = (staffId: string) =>
      checkEvent(index, release({ kind: 'staff_confirmed', collectedBy: '家长' }, { staffId, reason: '核实' }), ctx)
        ?.code;
    expect(by('lead1')).toBeUndefined();
    expect(by('gate1')).toBe('override_not_leader');
    expect(by('lead-gone')).toBe('override_not_leader');
    expect(by('nobody')).toBe('override_not_leader');
  });

  it('SN2: the override’s reason reaches the tablets and the leader with phone numbers masked', () => {
    const e = release(
      { kind: 'staff_confirmed', collectedBy: '家长' },
      { staffId: 'lead1', reason: '已电话13812345678确认' },
    );
    expect(eventForReader(e, 'kiosk').override?.reason).toBe('已电话138****5678确认');
    expect(eventForReader(e, 'office').override?.reason).toBe('已电话13812345678确认');
  });
});

describe('SN2 an early pickup from the room', () => {
  it('SN2: an early pickup of a card-only child (by hand, at the room) is an alert; of a child without notes, none', () => {
    const early = (studentId: string) =>
      ev(
        'picked_up_early',
        '16:00',
        { studentId, source: manual, collectedBy: '妈妈', reason: '看病' },
        { staffId: 'care1' },
      );
    const b = ev('checked_in', '15:35', { studentId: 'b', source: manual, groupId: 'g1' }, { staffId: 'care1' });
    const state = reduceDay({ roster, day: DAY, now: at('16:01'), events: [inCare, b, early('a'), early('b')] });
    const found = state.anomalies.filter((x) => x.code === 'release_against_note');
    expect(found).toMatchObject([{ studentId: 'a', severity: 'alert', detail: { rule: 'card_only' } }]);
  });
});
