/** What each station says and records for a scan, decided from local state (no network involved). */
import { describe, expect, it } from 'vitest';
import type { CustodyEvent } from '../../core/events';
import { reduceDay } from '../../core/reduceDay';
import { indexRoster } from '../../core/roster';
import type { Station } from '../../core/stations';
import type { ScanContext } from '../../kiosk/lib/stationRules';
import { arrangementNote, decideScan, decideStudent, needsCall, planToday } from '../../kiosk/lib/stationRules';
import { at, card, DAY, ev, kioskRoster, nextId, tinyRoster } from '../core/fixtures';

// The kiosk holds the hashed roster (no card ids); the cards scanned are the real ones.
const roster = kioskRoster(tinyRoster());
const index = indexRoster(roster);

function ctx(station: Station, events: CustodyEvent[] = [], extra: Partial<ScanContext> = {}): ScanContext {
  return {
    index,
    station,
    day: DAY,
    now: at('16:00'),
    deviceId: 'k1',
    staffId: 't1',
    clockOffsetMs: 0,
    newId: nextId,
    state: reduceDay({ roster, day: DAY, events, now: at('16:00') }),
    ...extra,
  };
}
const cardA = card('student', 1);
const src = { kind: 'card', cardId: cardA } as const;

describe('classroom station', () => {
  it('sends an expected child of this class to its group', () => {
    const v = decideScan(ctx({ kind: 'classroom', classId: 'c1' }), cardA);
    expect(v).toMatchObject({ level: 'ok', title: { zh: '去 一(1)班本班' }, student: { id: 'a' } });
    expect(v.events).toMatchObject([
      { type: 'handed_off', studentId: 'a', toGroupId: 'g1', source: src, deviceId: 'k1', staffId: 't1', day: DAY },
    ]);
  });

  it('refuses a child of another class and records nothing', () => {
    expect(decideScan(ctx({ kind: 'classroom', classId: 'c2' }), cardA)).toMatchObject({ level: 'error', events: [] });
  });

  it('a child already handed off is "already recorded"', () => {
    const v = decideScan(
      ctx({ kind: 'classroom', classId: 'c1' }, [
        ev('handed_off', '15:31', { studentId: 'a', source: src, toGroupId: 'g1' }),
      ]),
      cardA,
    );
    expect(v).toMatchObject({ level: 'info', events: [] });
  });

  it('a child on leave is handed off with a warning for the class teacher', () => {
    const v = decideScan(
      ctx({ kind: 'classroom', classId: 'c1' }, [
        ev('leave_recorded', '08:00', { studentId: 'a', reason: 'sick', note: '' }),
      ]),
      cardA,
    );
    expect(v.level).toBe('warn');
    expect(v.events).toHaveLength(1);
  });
});

describe('care station', () => {
  it('checks a child into this group', () => {
    const v = decideScan(ctx({ kind: 'care', groupId: 'g1' }), cardA);
    expect(v).toMatchObject({ level: 'ok', events: [{ type: 'checked_in', groupId: 'g1' }] });
  });

  it('a child of another group is recorded with a warning that names its group', () => {
    const v = decideScan(ctx({ kind: 'care', groupId: 'g2' }), cardA);
    expect(v).toMatchObject({
      level: 'warn',
      title: { zh: expect.stringContaining('一(1)班本班') },
      events: [{ type: 'checked_in', groupId: 'g2' }],
    });
  });

  it('a released child scanned again is an error and is recorded, so the duty leader hears of it', () => {
    const released = [
      ev('checked_in', '15:31', { studentId: 'a', source: src, groupId: 'g1' }),
      ev('released', '15:50', { studentId: 'a', source: src, how: { kind: 'staff_confirmed', collectedBy: '妈妈' } }),
    ];
    const v = decideScan(ctx({ kind: 'care', groupId: 'g1' }, released), cardA);
    expect(v.level).toBe('error');
    expect(v.events).toHaveLength(1);
  });
});

describe('gate station', () => {
  const inCare = [
    ev('checked_in', '15:31', { studentId: 'b', source: { kind: 'card', cardId: card('student', 2) }, groupId: 'g1' }),
  ];

  it('releases by the pickup plan: the bus child onto its bus', () => {
    const v = decideScan(ctx({ kind: 'gate' }, inCare), card('student', 2));
    expect(v).toMatchObject({
      level: 'ok',
      detail: { zh: '乘 2 号校车' },
      events: [{ type: 'released', how: { kind: 'bus', bus: '2' } }],
    });
  });

  it('a child never checked in is released with a warning', () => {
    expect(decideScan(ctx({ kind: 'gate' }), cardA)).toMatchObject({
      level: 'warn',
      title: { zh: '从未签到！' },
      events: [{ type: 'released' }],
    });
  });

  it('a guardian card shows the children it may collect, then releases them by card', () => {
    const guardianScan = decideScan(ctx({ kind: 'gate' }), card('guardian', 11));
    expect(guardianScan.guardian?.students.map((s) => s.id)).toEqual(['a', 'd']);
    const match = { guardian: guardianScan.guardian!.guardian, cardId: guardianScan.guardian!.cardId };
    expect(decideScan(ctx({ kind: 'gate' }, inCare, { guardianMatch: match }), cardA).events).toMatchObject([
      { how: { kind: 'guardian_card', guardianId: 'ga' } },
    ]);
    expect(decideScan(ctx({ kind: 'gate' }, inCare, { guardianMatch: match }), card('student', 2))).toMatchObject({
      level: 'error',
      events: [],
    });
  });

  it('never releases twice', () => {
    const done = [
      ...inCare,
      ev('released', '17:31', { studentId: 'b', source: { kind: 'group' }, how: { kind: 'bus', bus: '2' } }),
    ];
    expect(decideScan(ctx({ kind: 'gate' }, done), card('student', 2))).toMatchObject({ level: 'error', events: [] });
  });
});

describe('bad cards at any station', () => {
  it('revoked, foreign, unknown and non-Relay codes are refused with the reason and write nothing', () => {
    for (const [code, zh] of [
      [card('student', 99), '作废'],
      [card('student', 1, 'ZZ'), '其他学校'],
      [card('student', 42), '未登记'],
      ['https://weixin.qq.com/x', '无法识别'],
    ] as const) {
      const v = decideScan(ctx({ kind: 'care', groupId: 'g1' }), code);
      expect(v.level).toBe('error');
      expect(v.title.zh).toContain(zh);
      expect(v.events).toEqual([]);
    }
  });

  it('a pickup card at a classroom is refused', () => {
    expect(decideScan(ctx({ kind: 'classroom', classId: 'c1' }), card('guardian', 11))).toMatchObject({
      level: 'error',
      events: [],
    });
  });
});

describe('emergency roll call at any station', () => {
  it('RC2 a scan marks the child safe, whatever the station; a second scan is already recorded', () => {
    const started = [
      ev('checked_in', '15:31', { studentId: 'a', source: src, groupId: 'g1' }),
      ev('roll_call_started', '15:50', {}),
    ];
    const v = decideScan(ctx({ kind: 'gate' }, started), cardA);
    expect(v).toMatchObject({ level: 'ok', title: { zh: '安全' }, events: [{ type: 'marked_safe', studentId: 'a' }] });
    expect(decideScan(ctx({ kind: 'gate' }, [...started, v.events[0]!]), cardA)).toMatchObject({
      level: 'info',
      events: [],
    });
  });
});

describe('arrangements at the stations', () => {
  it("CU19 the gate releases by today's changed plan, and the care room hears of an early pickup", () => {
    const events = [
      ev('arrangement_recorded', '08:00', {
        studentId: 'a',
        arrangement: { kind: 'pickup_change', plan: { kind: 'bus', bus: '3' } },
        note: '',
      }),
      ev('arrangement_recorded', '08:01', {
        studentId: 'a',
        arrangement: { kind: 'early_pickup', at: '16:30', collectedBy: '奶奶' },
        note: '',
      }),
    ];
    expect(decideScan(ctx({ kind: 'care', groupId: 'g1' }, events), cardA).detail?.zh).toContain('16:30 奶奶提前接');
    const inCare = [...events, ev('checked_in', '15:31', { studentId: 'a', source: src, groupId: 'g1' })];
    expect(decideScan(ctx({ kind: 'gate' }, inCare), cardA).events).toMatchObject([{ how: { kind: 'bus', bus: '3' } }]);
  });
});

/** What the teacher sees and hears, in both languages, and what is written: the whole verdict but the student. */
function shown(v: ReturnType<typeof decideScan>) {
  return {
    level: v.level,
    title: `${v.title.zh} | ${v.title.en}`,
    ...(v.detail ? { detail: `${v.detail.zh} | ${v.detail.en}` } : {}),
    events: v.events.map((e) => e.type),
  };
}
const scan = (station: Station, events: CustodyEvent[], code: string, extra: Partial<ScanContext> = {}) =>
  shown(decideScan(ctx(station, events, extra), code));
const inCareAt = (studentId: string, n: number, groupId = 'g1') =>
  ev('checked_in', '15:31', { studentId, source: { kind: 'card', cardId: card('student', n) }, groupId });

describe('CU20 the classroom station, word for word', () => {
  const c1 = { kind: 'classroom', classId: 'c1' } as const;
  it("CU4 an expected or absent child is sent to its group; the hand-off event carries the scan and the kiosk's envelope", () => {
    expect(scan(c1, [], cardA)).toEqual({
      level: 'ok',
      title: '去 一(1)班本班 | Go to 一(1)班本班',
      events: ['handed_off'],
    });
    expect(scan(c1, [ev('marked_absent', '15:40', { studentId: 'a' })], cardA)).toEqual({
      level: 'ok',
      title: '去 一(1)班本班 | Go to 一(1)班本班',
      events: ['handed_off'],
    });
    const [e] = decideScan(
      ctx(c1, [], {
        now: at('15:45'),
        clockOffsetMs: 1500,
        deviceId: 'k9',
        staffId: 't2',
        newId: () => '00000000-0000-4000-8000-0000000000ee',
      }),
      cardA,
    ).events;
    expect(e).toEqual({
      id: '00000000-0000-4000-8000-0000000000ee',
      day: DAY,
      deviceId: 'k9',
      staffId: 't2',
      deviceTime: at('15:45'),
      clockOffsetMs: 1500,
      type: 'handed_off',
      studentId: 'a',
      source: src,
      toGroupId: 'g1',
    });
  });

  it('CU12 a child on leave is handed off with a word for the class teacher', () => {
    expect(scan(c1, [ev('leave_recorded', '08:00', { studentId: 'a', reason: 'sick', note: '' })], cardA)).toEqual({
      level: 'warn',
      title: '今天请假，已记录交出 | On leave today: hand-off recorded',
      detail: '去 一(1)班本班；请告知班主任 | Go to 一(1)班本班; tell the class teacher',
      events: ['handed_off'],
    });
  });

  it('CU4 a child already handed off, in care or released is not handed off again', () => {
    expect(scan(c1, [ev('handed_off', '15:31', { studentId: 'a', source: src, toGroupId: 'g1' })], cardA)).toEqual({
      level: 'info',
      title: '已记录 | Already recorded',
      detail: '去 一(1)班本班 | Go to 一(1)班本班',
      events: [],
    });
    expect(scan(c1, [inCareAt('a', 1)], cardA)).toEqual({
      level: 'warn',
      title: '已在看护中 | Already in care',
      detail: '无需再交出 | No hand-off needed',
      events: [],
    });
    expect(
      scan(c1, [inCareAt('a', 1), ev('sent_to_gate', '15:40', { studentId: 'a', source: { kind: 'group' } })], cardA),
    ).toMatchObject({ title: '已在看护中 | Already in care', events: [] });
    expect(
      scan(
        c1,
        [
          inCareAt('a', 1),
          ev('released', '15:50', {
            studentId: 'a',
            source: src,
            how: { kind: 'staff_confirmed', collectedBy: '妈妈' },
          }),
        ],
        cardA,
      ),
    ).toEqual({ level: 'error', title: '已离校！ | Already released!', events: [] });
  });

  it("CU20 a child of another class is refused, naming that child's class", () => {
    expect(scan({ kind: 'classroom', classId: 'c2' }, [], cardA)).toEqual({
      level: 'error',
      title: '不是本班学生 | Not in this class',
      detail: '一年级1班 | Scanned in the wrong classroom',
      events: [],
    });
  });

  it('CU20 a pickup card at a classroom or a care room is refused with what to do instead', () => {
    for (const station of [c1, { kind: 'care', groupId: 'g1' } as const]) {
      expect(scan(station, [], card('guardian', 11))).toEqual({
        level: 'error',
        title: '这是接送卡，请扫学生卡 | This is a pickup card: scan the student card',
        events: [],
      });
    }
  });
});

describe('CU20 the care station, word for word', () => {
  const g1 = { kind: 'care', groupId: 'g1' } as const;
  it('CU5 a child of this group is checked in; a child back from a club is "back in the group"; a child already here is not checked in twice', () => {
    expect(scan(g1, [], cardA)).toEqual({ level: 'ok', title: '签到 | Checked in', events: ['checked_in'] });
    expect(
      scan(
        g1,
        [
          inCareAt('a', 1),
          ev('transferred', '15:40', { studentId: 'a', source: src, to: { kind: 'club', clubId: 'choir' } }),
        ],
        cardA,
      ),
    ).toEqual({ level: 'ok', title: '回到本组 | Back in the group', events: ['checked_in'] });
    expect(scan(g1, [inCareAt('a', 1)], cardA)).toEqual({
      level: 'info',
      title: '已签到 | Already checked in',
      events: [],
    });
    expect(scan(g1, [inCareAt('a', 1, 'g2')], cardA)).toEqual({
      level: 'ok',
      title: '回到本组 | Back in the group',
      events: ['checked_in'],
    });
  });

  it('CU12 a child on leave is checked in with a word for the class teacher', () => {
    expect(scan(g1, [ev('leave_recorded', '08:00', { studentId: 'a', reason: 'sick', note: '' })], cardA)).toEqual({
      level: 'warn',
      title: '今天请假，已签到 | On leave today: checked in',
      detail: '请告知班主任 | Tell the class teacher',
      events: ['checked_in'],
    });
  });

  it('AN3 a child of another group is recorded and the teacher told where it belongs; a child with no group today is told so', () => {
    expect(scan({ kind: 'care', groupId: 'g2' }, [], cardA)).toEqual({
      level: 'warn',
      title: '不是本组！应去 一(1)班本班 | Wrong group: belongs to 一(1)班本班',
      detail: '已记录并通知值班领导 | Recorded; the duty leader is told',
      events: ['checked_in'],
    });
    const dHere = ev('checked_in', '15:31', {
      studentId: 'd',
      source: { kind: 'card', cardId: card('student', 4) },
      groupId: 'g1',
    });
    expect(scan({ kind: 'care', groupId: 'g2' }, [dHere], card('student', 4))).toMatchObject({
      level: 'warn',
      title: '不是本组！应去 — | Wrong group: belongs to —',
    });
  });

  it('CU11 a released child scanned again is checked back into its own group, so the duty leader hears of it', () => {
    const released = [
      inCareAt('a', 1),
      ev('released', '15:50', { studentId: 'a', source: src, how: { kind: 'staff_confirmed', collectedBy: '妈妈' } }),
    ];
    const v = decideScan(ctx({ kind: 'care', groupId: 'g2' }, released), cardA);
    expect(shown(v)).toEqual({
      level: 'error',
      title: '已离校！ | Already released!',
      detail: '这名学生已被接走，请核实 | This child was released: check who is here',
      events: ['checked_in'],
    });
    expect(v.events[0]).toMatchObject({ studentId: 'a', groupId: 'g1', source: src });
  });

  it("CU19 the care room hears of today's arrangements, all of them", () => {
    const arrangements = [
      ev('arrangement_recorded', '08:00', {
        studentId: 'a',
        arrangement: { kind: 'early_pickup', at: '16:30', collectedBy: '奶奶' },
        note: '',
      }),
      ev('arrangement_recorded', '08:01', {
        studentId: 'a',
        arrangement: { kind: 'late_pickup', at: '18:30', collectedBy: '舅舅' },
        note: '',
      }),
      ev('arrangement_recorded', '08:02', {
        studentId: 'a',
        arrangement: { kind: 'pickup_change', plan: { kind: 'bus', bus: '3' } },
        note: '',
      }),
    ];
    expect(scan(g1, arrangements, cardA)).toEqual({
      level: 'ok',
      title: '签到 | Checked in',
      detail:
        '今天 16:30 奶奶提前接；今天 18:30 晚接（舅舅）；今天接送方式有变 | early pickup 16:30 by 奶奶; late pickup 18:30; another way home today',
      events: ['checked_in'],
    });
    expect(
      scan(
        g1,
        [
          ev('arrangement_recorded', '08:01', {
            studentId: 'a',
            arrangement: { kind: 'late_pickup', at: '18:30' },
            note: '',
          }),
        ],
        cardA,
      ),
    ).toMatchObject({ detail: '今天 18:30 晚接 | late pickup 18:30' });
  });
});

describe('CU20 the gate station, word for word', () => {
  const gate = { kind: 'gate' } as const;
  const inCare = [inCareAt('a', 1), inCareAt('b', 2), inCareAt('c', 3)];
  it('CU8 each child goes home the planned way, and the gate says which', () => {
    expect(scan(gate, inCare, cardA)).toEqual({
      level: 'ok',
      title: '放行 | Released',
      detail: '家长接走 | Collected by a guardian',
      events: ['released'],
    });
    expect(scan(gate, inCare, card('student', 2))).toEqual({
      level: 'ok',
      title: '放行 | Released',
      detail: '乘 2 号校车 | Takes bus 2',
      events: ['released'],
    });
    expect(scan(gate, inCare, card('student', 3))).toEqual({
      level: 'ok',
      title: '放行 | Released',
      detail: '自行回家（家长已书面同意） | Walks home (written permission on file)',
      events: ['released'],
    });
    const how = (n: number) =>
      decideScan(ctx(gate, inCare), card('student', n)).events.map((e) => (e.type === 'released' ? e.how : null));
    expect([how(1), how(2), how(3)]).toEqual([
      [{ kind: 'staff_confirmed', collectedBy: '家长' }],
      [{ kind: 'bus', bus: '2' }],
      [{ kind: 'walks_alone' }],
    ]);
  });

  it('CU8 a child never checked in is released with a warning; on leave it says so; the note still says how', () => {
    for (const before of [
      [],
      [ev('handed_off', '15:31', { studentId: 'a', source: src, toGroupId: 'g1' })],
      [ev('marked_absent', '15:40', { studentId: 'a' })],
    ]) {
      expect(scan(gate, before, cardA)).toEqual({
        level: 'warn',
        title: '从未签到！ | Never checked in!',
        detail: '家长接走 | Collected by a guardian',
        events: ['released'],
      });
    }
    expect(scan(gate, [ev('leave_recorded', '08:00', { studentId: 'a', reason: 'sick', note: '' })], cardA)).toEqual({
      level: 'warn',
      title: '今天请假，从未签到 | On leave today, never checked in',
      detail: '家长接走 | Collected by a guardian',
      events: ['released'],
    });
  });

  it('CU8 a pickup card lists who it may collect; a child released on it is recorded by card, and a child never in care is reported to the leader', () => {
    expect(scan(gate, [], card('guardian', 11))).toEqual({
      level: 'info',
      title: '张爸爸（父亲） | Pickup card: 张爸爸',
      detail: '可接：张小明、赵强 | May collect: 张小明, 赵强',
      events: [],
    });
    const g = decideScan(ctx(gate), card('guardian', 11)).guardian!;
    expect(g.cardId).toBe(card('guardian', 11));
    const match = { guardianMatch: { guardian: g.guardian, cardId: g.cardId } };
    expect(scan(gate, inCare, cardA, match)).toEqual({ level: 'ok', title: '放行 | Released', events: ['released'] });
    expect(scan(gate, [], cardA, match)).toEqual({
      level: 'warn',
      title: '从未签到！ | Never checked in!',
      detail: '已放行并通知值班领导 | Released; the duty leader is told',
      events: ['released'],
    });
    expect(scan(gate, inCare, card('student', 2), match)).toEqual({
      level: 'error',
      title: "张爸爸 的接送卡不能接这名学生 | 张爸爸's card does not list this child",
      events: [],
    });
  });

  it('CU11 the gate never releases twice', () => {
    expect(
      scan(
        gate,
        [
          inCareAt('a', 1),
          ev('released', '17:31', {
            studentId: 'a',
            source: src,
            how: { kind: 'staff_confirmed', collectedBy: '妈妈' },
          }),
        ],
        cardA,
      ),
    ).toEqual({
      level: 'error',
      title: '已离校！ | Already released!',
      detail: '不要重复放行 | Do not release twice',
      events: [],
    });
  });

  it("CU19 a change of the way home today replaces the roster's plan at the gate", () => {
    const walk = ev('arrangement_recorded', '08:00', {
      studentId: 'b',
      arrangement: { kind: 'pickup_change', plan: { kind: 'walks_alone', permissionOnFile: true } },
      note: '',
    });
    const early = ev('arrangement_recorded', '07:59', {
      studentId: 'b',
      arrangement: { kind: 'early_pickup', at: '16:30', collectedBy: '奶奶' },
      note: '',
    });
    expect(scan(gate, [...inCare, early, walk], card('student', 2))).toMatchObject({
      detail: '自行回家（家长已书面同意） | Walks home (written permission on file)',
    });
    expect(scan(gate, [...inCare, early], card('student', 2))).toMatchObject({ detail: '乘 2 号校车 | Takes bus 2' });
  });
});

describe('any station', () => {
  it('CU1 a child not enrolled is refused; a child whose group does not meet today is told so', () => {
    expect(scan({ kind: 'care', groupId: 'g1' }, [], card('student', 5))).toEqual({
      level: 'error',
      title: '该学生未报名课后服务 | The student is not enrolled in after-school service',
      events: [],
    });
    expect(scan({ kind: 'care', groupId: 'g1' }, [], card('student', 4))).toEqual({
      level: 'warn',
      title: '今天不参加课后服务 | Not in after-school service today',
      detail: '混合班今天不开班 | Their group does not meet today',
      events: [],
    });
  });

  it('RC2 during a roll call a scan marks the child safe, recording the scan; once the roll call has ended the station works as before', () => {
    const started = [inCareAt('a', 1), ev('roll_call_started', '15:50', {})];
    expect(scan({ kind: 'classroom', classId: 'c1' }, started, cardA)).toEqual({
      level: 'ok',
      title: '安全 | Safe',
      detail: '紧急点名 | Emergency roll call',
      events: ['marked_safe'],
    });
    expect(decideScan(ctx({ kind: 'care', groupId: 'g1' }, started), cardA).events).toMatchObject([
      { type: 'marked_safe', studentId: 'a', source: src },
    ]);
    const marked = [...started, ev('marked_safe', '15:52', { studentId: 'a', source: src })];
    expect(scan({ kind: 'gate' }, marked, cardA)).toEqual({
      level: 'info',
      title: '已确认安全 | Already marked safe',
      events: [],
    });
    expect(scan({ kind: 'gate' }, [...marked, ev('roll_call_ended', '15:58', {})], cardA)).toMatchObject({
      level: 'ok',
      title: '放行 | Released',
      events: ['released'],
    });
  });
});

describe("CU19 today's way home and the note said at the scan", () => {
  const student = roster.students[0]!;
  const dayWith = (events: CustodyEvent[]) => reduceDay({ roster, day: DAY, events, now: at('16:00') }).children.a;

  it("CU19 with no record of the child yet, or no change, the plan is the roster's and nothing is said", () => {
    expect(planToday(student, undefined)).toEqual(student.pickup);
    expect(arrangementNote(undefined)).toBeUndefined();
    const late = dayWith([
      ev('arrangement_recorded', '08:00', {
        studentId: 'a',
        arrangement: { kind: 'late_pickup', at: '18:00' },
        note: '',
      }),
    ]);
    expect(planToday(student, late)).toEqual(student.pickup);
    expect(arrangementNote(late)).toEqual({ zh: '今天 18:00 晚接', en: 'late pickup 18:00' });
  });

  it('CU19 a change of the way home replaces the plan and is said', () => {
    const bus = dayWith([
      ev('arrangement_recorded', '08:00', {
        studentId: 'a',
        arrangement: { kind: 'pickup_change', plan: { kind: 'bus', bus: '3' } },
        note: '',
      }),
    ]);
    expect(planToday(student, bus)).toEqual({ kind: 'bus', bus: '3' });
    expect(arrangementNote(bus)).toEqual({ zh: '今天接送方式有变', en: 'another way home today' });
  });
});

describe('CU22 the gate calls a child from its room', () => {
  const gate = { kind: 'gate' } as const;
  const guardianCard = card('guardian', 11); // 张爸爸: 张小明 (a) and 赵强 (d)

  it('CU22 a pickup card calls each of its children still in a room, once, with the card and the guardian', () => {
    const v = decideScan(ctx(gate, [inCareAt('a', 1)]), guardianCard);
    expect(shown(v)).toEqual({
      level: 'info',
      title: '张爸爸（父亲） | Pickup card: 张爸爸',
      detail: '可接：张小明、赵强；已呼叫 张小明，正送来校门 | May collect: 张小明, 赵强; called 张小明 to the gate',
      events: ['called_to_gate'],
    });
    expect(v.events[0]).toMatchObject({
      studentId: 'a',
      guardianId: 'ga',
      source: { kind: 'card', cardId: guardianCard },
      deviceId: 'k1',
      staffId: 't1',
    });
    // The same card again while the call is open records nothing new.
    expect(scan(gate, [inCareAt('a', 1), v.events[0]!], guardianCard).events).toEqual([]);
  });

  it('CU22 a child already at the gate or released is not called; during a roll call nobody is', () => {
    const sent = ev('sent_to_gate', '15:40', { studentId: 'a', source: { kind: 'group' } });
    expect(scan(gate, [inCareAt('a', 1), sent], guardianCard).events).toEqual([]);
    const roll = ev('roll_call_started', '15:45', {}, { staffId: 'leader' });
    expect(scan(gate, [inCareAt('a', 1), roll], guardianCard).events).toEqual([]);
  });

  it('CU22 a child found by search at the gate while in a room is called, not released; "arrived" releases', () => {
    const events = [inCareAt('a', 1)];
    const student = index.students.get('a')!;
    const manualSrc = { kind: 'manual', reason: '家长报姓名' } as const;
    const v = decideStudent(ctx(gate, events), student, manualSrc);
    expect(shown(v)).toEqual({
      level: 'info',
      title: '已呼叫，请稍候 | Called: please wait',
      detail: '已通知 一(1)班本班 送到校门；到了再放行 | 一(1)班本班 is told to send the child; release on arrival',
      events: ['called_to_gate'],
    });
    // Asked again three minutes later: no second call, and the gate hears how long the parent has waited.
    const later = ctx(gate, [...events, v.events[0]!], { now: at('16:03') });
    expect(shown(decideStudent(later, student, manualSrc))).toMatchObject({
      title: '已呼叫（3 分钟前） | Called 3 min ago',
      events: [],
    });
    // The child stands at the gate now: released the planned way (guardian).
    expect(shown(decideStudent(later, student, manualSrc, true))).toMatchObject({
      level: 'ok',
      events: ['released'],
    });
    // A student card at the gate means the child is here: it releases as before.
    expect(scan(gate, events, cardA).events).toEqual(['released']);
  });

  it('CU22 needsCall: in a room or on the way to one, with no open call', () => {
    const a = index.students.get('a')!;
    expect(needsCall(ctx(gate, []), a)).toBe(false); // expected, not here yet
    expect(needsCall(ctx(gate, [inCareAt('a', 1)]), a)).toBe(true);
    const handed = ev('handed_off', '15:31', { studentId: 'a', source: src, toGroupId: 'g1' });
    expect(needsCall(ctx(gate, [handed]), a)).toBe(true);
  });
});

describe('DG1 at the stations', () => {
  it("DG1 a child collected by a delegate today: the care room's scan says who comes", () => {
    const arranged = ev('arrangement_recorded', '08:00', {
      studentId: 'a',
      arrangement: { kind: 'delegate', collectedBy: '王阿姨', relation: '邻居' },
      note: '',
    });
    const child = reduceDay({ roster, day: DAY, events: [arranged], now: at('16:00') }).children.a;
    expect(arrangementNote(child)).toEqual({ zh: '今天由 王阿姨 代接', en: 'collected by 王阿姨 today' });
  });
});
