/**
 * The school checks every event passes before the hub stores it and before a kiosk writes it to its outbox
 * (core/checkEvent.ts): CU17's references and days, and CU20's stations (core/stations.ts).
 */
import { describe, expect, it } from 'vitest';
import { checkEvent, DEFAULT_CHECK } from '../../core/checkEvent';
import type { AssignedStation } from '../../core/stations';
import { stationProblem } from '../../core/stations';
import type { CustodyEvent } from '../../core/events';
import { indexRoster } from '../../core/roster';
import { card, DAY, ev, manual, tinyRoster } from './fixtures';

const index = indexRoster(tinyRoster());
const ctx = { today: DAY, ...DEFAULT_CHECK };
const check = (e: CustodyEvent) => checkEvent(index, e, ctx);
const code = (e: CustodyEvent) => check(e)?.code;
const src = (n: number) => ({ kind: 'card', cardId: card('student', n) }) as const;

describe('CU17 days', () => {
  it('CU17 a late sync may deliver up to 14 days back, not 15; the refusal names the day', () => {
    expect(DEFAULT_CHECK).toEqual({ maxPastDays: 14, maxFutureDays: 120 });
    const on = (day: string) => ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' }, { day });
    expect(code(on('2026-11-10'))).toBeUndefined();
    expect(check(on('2026-11-09'))).toMatchObject({ code: 'day_out_of_range', detail: '2026-11-09' });
    expect(code(on(DAY))).toBeUndefined();
  });

  it('CU17 leave may be recorded up to 120 days ahead, not 121; nothing but leave and arrangements may be dated tomorrow', () => {
    const leave = (day: string) => ev('leave_recorded', '08:00', { studentId: 'a', reason: 'sick', note: '' }, { day });
    expect(code(leave('2027-03-24'))).toBeUndefined();
    expect(code(leave('2027-03-25'))).toBe('day_out_of_range');
    expect(
      check(ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' }, { day: '2026-11-25' })),
    ).toMatchObject({
      code: 'day_out_of_range',
      detail: '2026-11-25',
      zh: '2026-11-25 还没有到：只能记录 2026-11-10 至 2026-11-24（今天）之间的课后服务日',
    });
  });

  const arrange = (day: string, arrangement: Extract<CustodyEvent, { type: 'arrangement_recorded' }>['arrangement']) =>
    ev('arrangement_recorded', '08:00', { studentId: 'a', arrangement, note: '' }, { day });
  const early = { kind: 'early_pickup', at: '16:00', collectedBy: '奶奶' } as const;

  it("CU17 CU19 an arrangement follows leave's window: tomorrow's early pickup, a late pickup or another way home weeks ahead, up to 120 days, and back to 14", () => {
    expect(code(arrange('2026-11-25', early))).toBeUndefined();
    expect(code(arrange('2026-12-15', { kind: 'late_pickup', at: '18:00', collectedBy: '' }))).toBeUndefined();
    expect(code(arrange('2027-03-24', { kind: 'pickup_change', plan: { kind: 'bus', bus: '2' } }))).toBeUndefined();
    expect(code(arrange('2026-11-10', early))).toBeUndefined();
  });

  it('CU17 an arrangement outside the window is refused saying what is wrong with the day and which days may be arranged', () => {
    expect(check(arrange('2027-03-25', early))).toMatchObject({
      code: 'day_out_of_range',
      detail: '2027-03-25',
      zh: '2027-03-25 太远：最多提前 120 天：只能安排 2026-11-10 至 2027-03-24 之间的课后服务日',
      en: '2027-03-25 is more than 120 days ahead: Arrangements can be made only for service days from 2026-11-10 to 2027-03-24',
    });
    expect(check(arrange('2026-11-09', early))).toMatchObject({
      code: 'day_out_of_range',
      zh: '2026-11-09 已过去超过 14 天：只能安排 2026-11-10 至 2027-03-24 之间的课后服务日',
    });
  });

  it("CU17 a day without service is refused for what it is, not as 'today': a past Sunday, a holiday ahead, today itself", () => {
    expect(check(arrange('2026-11-22', early))).toMatchObject({
      code: 'not_service_day',
      detail: '2026-11-22',
      zh: '2026-11-22（周日）不是课后服务日：只能安排 2026-11-10 至 2027-03-24 之间的课后服务日',
      en: '2026-11-22 (Sunday) is not a service day: Arrangements can be made only for service days from 2026-11-10 to 2027-03-24',
    });
    expect(check(arrange('2026-12-31', early))?.zh).toBe(
      '2026-12-31（元旦）不是课后服务日：只能安排 2026-11-10 至 2027-03-24 之间的课后服务日',
    );
    const sunday = { ...ctx, today: '2026-11-22' };
    expect(
      checkEvent(index, ev('staff_signed_in', '15:00', { duty: 'gate' }, { day: '2026-11-22' }), sunday),
    ).toMatchObject({
      code: 'not_service_day',
      zh: '今天（2026-11-22）不是课后服务日',
    });
  });

  it('CU17 a day in range but without service is refused, naming the day', () => {
    expect(check(ev('staff_signed_in', '15:00', { duty: 'gate' }, { day: '2026-11-22' }))).toMatchObject({
      code: 'not_service_day',
      detail: '2026-11-22',
    });
  });
});

describe('CU17 who and what an event names', () => {
  it('CU17 the submitting staff member must exist and be active; the refusal names them', () => {
    expect(check(ev('staff_signed_in', '15:00', { duty: 'gate' }, { staffId: 'gone' }))).toMatchObject({
      code: 'unknown_staff',
      detail: 'gone',
    });
    expect(code(ev('staff_signed_in', '15:00', { duty: 'gate' }, { staffId: 'nobody' }))).toBe('unknown_staff');
    expect(code(ev('staff_signed_in', '15:00', { duty: 'gate' }, { staffId: 'gate1' }))).toBeUndefined();
  });

  it('CU17 events about no child need no student: roll call, duty, inspections, acknowledgements and corrections pass', () => {
    for (const e of [
      ev('roll_call_started', '16:00', {}),
      ev('roll_call_ended', '16:10', {}),
      ev('staff_signed_in', '15:00', { duty: 'care', groupId: 'g1' }),
      ev('staff_signed_out', '18:00', { duty: 'care' }),
      ev('headcount_inspected', '16:00', { groupId: 'g1', counted: 3, systemCount: 3, note: '' }),
      ev('alert_acknowledged', '16:00', { alertKey: 'lost_in_transit:a', note: '找到了' }),
      ev('corrected', '16:00', { targetId: '00000000-0000-4000-8000-00000000ffff', reason: '扫错' }),
    ])
      expect(code(e), e.type).toBeUndefined();
  });

  it('CU17 the student must be on the roster and enrolled; a scan without a card needs no card check', () => {
    expect(check(ev('leave_recorded', '08:00', { studentId: 'zz', reason: 'sick', note: '' }))).toMatchObject({
      code: 'unknown_student',
      detail: 'zz',
    });
    expect(check(ev('leave_recorded', '08:00', { studentId: 'e', reason: 'sick', note: '' }))).toMatchObject({
      code: 'not_enrolled',
      detail: 'e',
    });
    expect(code(ev('leave_recorded', '08:00', { studentId: 'a', reason: 'sick', note: '' }))).toBeUndefined();
    expect(code(ev('checked_in', '15:31', { studentId: 'a', source: manual, groupId: 'g1' }))).toBeUndefined();
    expect(code(ev('sent_to_gate', '17:20', { studentId: 'a', source: { kind: 'group' } }))).toBeUndefined();
  });

  it("CU17 a scanned card must be this student's card: another child's card or a pickup card is card_mismatch, naming the card", () => {
    expect(check(ev('checked_in', '15:31', { studentId: 'a', source: src(2), groupId: 'g1' }))).toMatchObject({
      code: 'card_mismatch',
      detail: card('student', 2),
    });
    expect(
      code(
        ev('checked_in', '15:31', {
          studentId: 'a',
          source: { kind: 'card', cardId: card('guardian', 11) },
          groupId: 'g1',
        }),
      ),
    ).toBe('card_mismatch');
    expect(check(ev('checked_in', '15:31', { studentId: 'a', source: src(99), groupId: 'g1' }))).toMatchObject({
      code: 'card_revoked',
      detail: card('student', 99),
    });
  });

  it("CU22 a call is made on the guardian's own card, which must list the child", () => {
    const call = (studentId: string, guardianId: string, n: number) =>
      ev('called_to_gate', '17:00', {
        studentId,
        guardianId,
        source: { kind: 'card', cardId: card('guardian', n) },
      });
    expect(code(call('a', 'ga', 11))).toBeUndefined(); // 张爸爸's card lists 张小明
    expect(code(call('b', 'ga', 11))).toBe('card_mismatch'); // but not 李华
    expect(code(call('a', 'gb', 11))).toBe('card_mismatch'); // nor is it 李妈妈's card
    expect(code(ev('called_to_gate', '17:00', { studentId: 'a', source: manual }))).toBeUndefined();
    expect(code(ev('called_to_gate', '17:00', { studentId: 'b', guardianId: 'ga', source: manual }))).toBe(
      'unknown_guardian',
    );
  });

  it('CU17 every group, club and staff member an event names must exist', () => {
    const cases: [CustodyEvent, string | undefined][] = [
      [ev('handed_off', '15:31', { studentId: 'a', source: src(1), toGroupId: 'g9' }), 'unknown_group g9'],
      [ev('handed_off', '15:31', { studentId: 'a', source: src(1), toGroupId: 'g2' }), undefined],
      [
        ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1', jointWithStaffId: 'gone' }),
        'unknown_staff gone',
      ],
      [
        ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1', jointWithStaffId: 'care1' }),
        undefined,
      ],
      [
        ev('transferred', '15:40', { studentId: 'a', source: src(1), to: { kind: 'group', groupId: 'g9' } }),
        'unknown_group g9',
      ],
      [ev('transferred', '15:40', { studentId: 'a', source: src(1), to: { kind: 'group', groupId: 'g2' } }), undefined],
      [
        ev('transferred', '15:40', { studentId: 'a', source: src(1), to: { kind: 'club', clubId: 'chess' } }),
        'unknown_club chess',
      ],
      [
        ev('transferred', '15:40', { studentId: 'a', source: src(1), to: { kind: 'club', clubId: 'choir' } }),
        undefined,
      ],
      [ev('transferred', '15:40', { studentId: 'a', source: src(1), to: { kind: 'nurse' } }), undefined],
      [
        ev('extended_care_started', '17:46', { studentId: 'a', source: src(1), place: '门卫室', adultStaffId: 'gone' }),
        'unknown_staff gone',
      ],
      [
        ev('extended_care_started', '17:46', {
          studentId: 'a',
          source: src(1),
          place: '门卫室',
          adultStaffId: 'gate1',
        }),
        undefined,
      ],
      [ev('headcount_inspected', '16:00', { groupId: 'g9', counted: 1, systemCount: 1, note: '' }), 'unknown_group g9'],
      [ev('staff_signed_in', '15:00', { duty: 'care', groupId: 'g9' }), 'unknown_group g9'],
      [ev('staff_signed_out', '18:00', { duty: 'care', groupId: 'g9' }), 'unknown_group g9'],
      [ev('released', '17:31', { studentId: 'a', source: src(1), how: { kind: 'bus', bus: '9' } }), undefined],
    ];
    for (const [e, want] of cases) {
      const p = check(e);
      expect(p ? `${p.code} ${p.detail}` : undefined, `${e.type} ${JSON.stringify(e)}`).toBe(want);
    }
  });

  it('CU17 a release by pickup card needs a card of this school that belongs to the named guardian', () => {
    const release = (guardianId: string, cardId: string) =>
      check(
        ev('released', '17:31', {
          studentId: 'a',
          source: { kind: 'group' },
          how: { kind: 'guardian_card', guardianId, cardId },
        }),
      );
    expect(release('ga', card('guardian', 11))).toBeUndefined();
    expect(release('gb', card('guardian', 11))).toMatchObject({ code: 'unknown_guardian', detail: 'gb' });
    expect(release('ga', card('student', 1))).toMatchObject({ code: 'unknown_guardian', detail: 'ga' });
    expect(release('ga', card('guardian', 11, 'ZZ'))).toMatchObject({
      code: 'card_foreign_school',
      detail: card('guardian', 11, 'ZZ'),
    });
  });
});

describe('CU20 what a station may record', () => {
  const classroom: AssignedStation = { kind: 'classroom', ref: 'c1' };
  const careG1: AssignedStation = { kind: 'care', ref: 'g1' };
  const gate: AssignedStation = { kind: 'gate' };
  const verdict = (e: CustodyEvent, station: AssignedStation) => {
    const p = stationProblem(index, e, station);
    return p ? `${p.code} ${p.detail}` : 'ok';
  };

  it('CU20 the refusal names the station and what it tried to record', () => {
    const e = ev('released', '17:31', { studentId: 'a', source: src(1), how: { kind: 'walks_alone' } });
    expect(stationProblem(index, e, classroom)).toEqual({
      code: 'station_mismatch',
      zh: '此平板由教导处分配到其他岗位，不能记录这一项',
      en: 'This tablet is assigned to another station: it cannot record this',
      detail: 'classroom c1: released',
    });
    expect(verdict(ev('handed_off', '15:31', { studentId: 'a', source: src(1), toGroupId: 'g1' }), gate)).toBe(
      'station_mismatch gate: handed_off',
    );
  });

  it('CU20 a classroom hands off and records leave for its own class, and hands over jointly only for its own class', () => {
    const mine = 'a',
      theirs = 'd';
    const handOff = (studentId: string) => ev('handed_off', '15:31', { studentId, source: manual, toGroupId: 'g1' });
    const leave = (studentId: string) => ev('leave_recorded', '08:00', { studentId, reason: 'sick', note: '' });
    const joint = (studentId: string) =>
      ev('checked_in', '15:30', { studentId, source: { kind: 'group' }, groupId: 'g1', jointWithStaffId: 'care1' });
    expect([handOff(mine), leave(mine), joint(mine)].map((e) => verdict(e, classroom))).toEqual(['ok', 'ok', 'ok']);
    expect([handOff(theirs), leave(theirs), joint(theirs)].map((e) => verdict(e, classroom))).toEqual([
      'station_mismatch classroom c1: handed_off',
      'station_mismatch classroom c1: leave_recorded',
      'station_mismatch classroom c1: checked_in',
    ]);
    for (const e of [
      ev('checked_in', '15:31', { studentId: mine, source: manual, groupId: 'g1' }),
      ev('sent_to_gate', '17:20', { studentId: mine, source: manual }),
      ev('marked_absent', '15:45', { studentId: mine }),
      ev('extended_care_started', '17:46', { studentId: mine, source: manual, place: '门卫室', adultStaffId: 'gate1' }),
    ])
      expect(verdict(e, classroom), e.type).toBe(`station_mismatch classroom c1: ${e.type}`);
  });

  it("CU20 a care room checks children into its group or a child's own group, moves them, sends them to the gate, marks absence and records early pickups", () => {
    const into = (studentId: string, groupId: string) =>
      ev('checked_in', '15:31', { studentId, source: manual, groupId });
    expect(verdict(into('a', 'g1'), careG1)).toBe('ok');
    expect(verdict(into('d', 'g2'), careG1)).toBe('ok'); // a released child scanned again goes back to its own group
    expect(verdict(into('d', 'g1'), careG1)).toBe('ok'); // another group's child into this room (the leader sees wrong_group)
    expect(verdict(into('a', 'g2'), careG1)).toBe('station_mismatch care g1: checked_in');
    for (const e of [
      ev('transferred', '16:00', { studentId: 'a', source: manual, to: { kind: 'nurse' } }),
      ev('picked_up_early', '16:00', { studentId: 'a', source: manual, collectedBy: '奶奶', reason: '看病' }),
      ev('sent_to_gate', '17:20', { studentId: 'a', source: manual }),
      ev('marked_absent', '15:45', { studentId: 'a' }),
    ])
      expect(verdict(e, careG1), e.type).toBe('ok');
    for (const e of [
      ev('handed_off', '15:31', { studentId: 'a', source: manual, toGroupId: 'g1' }),
      ev('leave_recorded', '08:00', { studentId: 'a', reason: 'sick', note: '' }),
      ev('extended_care_started', '17:46', { studentId: 'a', source: manual, place: '门卫室', adultStaffId: 'gate1' }),
    ])
      expect(verdict(e, careG1), e.type).toBe(`station_mismatch care g1: ${e.type}`);
  });

  it('CU20 the gate releases and starts extended care, and nothing else about a child', () => {
    expect(
      verdict(ev('released', '17:31', { studentId: 'a', source: manual, how: { kind: 'walks_alone' } }), gate),
    ).toBe('ok');
    expect(
      verdict(
        ev('extended_care_started', '17:46', {
          studentId: 'a',
          source: manual,
          place: '门卫室',
          adultStaffId: 'gate1',
        }),
        gate,
      ),
    ).toBe('ok');
    for (const e of [
      ev('picked_up_early', '16:00', { studentId: 'a', source: manual, collectedBy: '奶奶', reason: '看病' }),
      ev('sent_to_gate', '17:20', { studentId: 'a', source: manual }),
      ev('leave_recorded', '08:00', { studentId: 'a', reason: 'sick', note: '' }),
    ])
      expect(verdict(e, gate), e.type).toBe(`station_mismatch gate: ${e.type}`);
  });

  it('CU20 duty sign-in and sign-out are allowed anywhere, a care room only for its own group; safe marks and corrections anywhere', () => {
    for (const station of [classroom, careG1, gate]) {
      expect(verdict(ev('staff_signed_in', '15:00', { duty: 'gate' }), station)).toBe('ok');
      expect(verdict(ev('staff_signed_out', '18:00', { duty: 'class' }), station)).toBe('ok');
      expect(verdict(ev('marked_safe', '16:05', { studentId: 'd', source: manual }), station)).toBe('ok');
      expect(
        verdict(
          ev('corrected', '16:05', { targetId: '00000000-0000-4000-8000-00000000ffff', reason: '扫错' }),
          station,
        ),
      ).toBe('ok');
    }
    expect(verdict(ev('staff_signed_in', '15:00', { duty: 'care', groupId: 'g1' }), careG1)).toBe('ok');
    expect(verdict(ev('staff_signed_out', '18:00', { duty: 'care', groupId: 'g2' }), careG1)).toBe(
      'station_mismatch care g1: staff_signed_out',
    );
    expect(verdict(ev('staff_signed_in', '15:00', { duty: 'care', groupId: 'g2' }), classroom)).toBe('ok');
  });

  it('CU20 a tablet without an assigned station is not limited', () => {
    const release = ev('released', '17:31', { studentId: 'a', source: manual, how: { kind: 'walks_alone' } });
    expect(stationProblem(index, release, null)).toBeUndefined();
    expect(stationProblem(index, release, undefined)).toBeUndefined();
  });
});
