/** What each station says and records for a scan, decided from local state (no network involved). */
import { describe, expect, it } from 'vitest';
import type { CustodyEvent } from '../../core/events';
import { reduceDay } from '../../core/reduceDay';
import { indexRoster } from '../../core/roster';
import type { ScanContext, Station } from '../../kiosk/lib/stationRules';
import { decideScan } from '../../kiosk/lib/stationRules';
import { at, card, DAY, ev, nextId, tinyRoster } from '../core/fixtures';

const roster = tinyRoster();
const index = indexRoster(roster);

function ctx(station: Station, events: CustodyEvent[] = [], extra: Partial<ScanContext> = {}): ScanContext {
  return {
    index, station, day: DAY, now: at('16:00'), deviceId: 'k1', staffId: 't1', clockOffsetMs: 0, newId: nextId,
    state: reduceDay({ roster, day: DAY, events, now: at('16:00') }), ...extra,
  };
}
const cardA = card('student', 1);
const src = { kind: 'card', cardId: cardA } as const;

describe('classroom station', () => {
  it('sends an expected child of this class to its group', () => {
    const v = decideScan(ctx({ kind: 'classroom', classId: 'c1' }), cardA);
    expect(v).toMatchObject({ level: 'ok', title: { zh: '去 一(1)班本班' }, student: { id: 'a' } });
    expect(v.events).toMatchObject([{ type: 'handed_off', studentId: 'a', toGroupId: 'g1', source: src, deviceId: 'k1', staffId: 't1', day: DAY }]);
  });

  it('refuses a child of another class and records nothing', () => {
    expect(decideScan(ctx({ kind: 'classroom', classId: 'c2' }), cardA)).toMatchObject({ level: 'error', events: [] });
  });

  it('a child already handed off is "already recorded"', () => {
    const v = decideScan(ctx({ kind: 'classroom', classId: 'c1' }, [ev('handed_off', '15:31', { studentId: 'a', source: src, toGroupId: 'g1' })]), cardA);
    expect(v).toMatchObject({ level: 'info', events: [] });
  });

  it('a child on leave is handed off with a warning for the class teacher', () => {
    const v = decideScan(ctx({ kind: 'classroom', classId: 'c1' }, [ev('leave_recorded', '08:00', { studentId: 'a', reason: 'sick', note: '' })]), cardA);
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
    expect(v).toMatchObject({ level: 'warn', title: { zh: expect.stringContaining('一(1)班本班') }, events: [{ type: 'checked_in', groupId: 'g2' }] });
  });

  it('a released child scanned again is an error and is recorded, so the duty leader hears of it', () => {
    const released = [ev('checked_in', '15:31', { studentId: 'a', source: src, groupId: 'g1' }), ev('released', '15:50', { studentId: 'a', source: src, how: { kind: 'staff_confirmed', collectedBy: '妈妈' } })];
    const v = decideScan(ctx({ kind: 'care', groupId: 'g1' }, released), cardA);
    expect(v.level).toBe('error');
    expect(v.events).toHaveLength(1);
  });
});

describe('gate station', () => {
  const inCare = [ev('checked_in', '15:31', { studentId: 'b', source: { kind: 'card', cardId: card('student', 2) }, groupId: 'g1' })];

  it('releases by the pickup plan: the bus child onto its bus', () => {
    const v = decideScan(ctx({ kind: 'gate' }, inCare), card('student', 2));
    expect(v).toMatchObject({ level: 'ok', detail: { zh: '乘 2 号校车' }, events: [{ type: 'released', how: { kind: 'bus', bus: '2' } }] });
  });

  it('a child never checked in is released with a warning', () => {
    expect(decideScan(ctx({ kind: 'gate' }), cardA)).toMatchObject({ level: 'warn', title: { zh: '从未签到！' }, events: [{ type: 'released' }] });
  });

  it('a guardian card shows the children it may collect, then releases them by card', () => {
    const guardianScan = decideScan(ctx({ kind: 'gate' }), card('guardian', 11));
    expect(guardianScan.guardian?.students.map((s) => s.id)).toEqual(['a', 'd']);
    const match = { guardian: guardianScan.guardian!.guardian, cardId: guardianScan.guardian!.cardId };
    expect(decideScan(ctx({ kind: 'gate' }, inCare, { guardianMatch: match }), cardA).events).toMatchObject([{ how: { kind: 'guardian_card', guardianId: 'ga' } }]);
    expect(decideScan(ctx({ kind: 'gate' }, inCare, { guardianMatch: match }), card('student', 2))).toMatchObject({ level: 'error', events: [] });
  });

  it('never releases twice', () => {
    const done = [...inCare, ev('released', '17:31', { studentId: 'b', source: { kind: 'group' }, how: { kind: 'bus', bus: '2' } })];
    expect(decideScan(ctx({ kind: 'gate' }, done), card('student', 2))).toMatchObject({ level: 'error', events: [] });
  });
});

describe('bad cards at any station', () => {
  it('revoked, foreign, unknown and non-Relay codes are refused with the reason and write nothing', () => {
    for (const [code, zh] of [[card('student', 99), '作废'], [card('student', 1, 'ZZ'), '其他学校'], [card('student', 42), '未登记'], ['https://weixin.qq.com/x', '无法识别']] as const) {
      const v = decideScan(ctx({ kind: 'care', groupId: 'g1' }), code);
      expect(v.level).toBe('error');
      expect(v.title.zh).toContain(zh);
      expect(v.events).toEqual([]);
    }
  });

  it('a pickup card at a classroom is refused', () => {
    expect(decideScan(ctx({ kind: 'classroom', classId: 'c1' }), card('guardian', 11))).toMatchObject({ level: 'error', events: [] });
  });
});

describe('emergency roll call at any station', () => {
  it('RC2 a scan marks the child safe, whatever the station; a second scan is already recorded', () => {
    const started = [ev('checked_in', '15:31', { studentId: 'a', source: src, groupId: 'g1' }), ev('roll_call_started', '15:50', {})];
    const v = decideScan(ctx({ kind: 'gate' }, started), cardA);
    expect(v).toMatchObject({ level: 'ok', title: { zh: '安全' }, events: [{ type: 'marked_safe', studentId: 'a' }] });
    expect(decideScan(ctx({ kind: 'gate' }, [...started, v.events[0]!]), cardA)).toMatchObject({ level: 'info', events: [] });
  });
});

describe('arrangements at the stations', () => {
  it('CU19 the gate releases by today\'s changed plan, and the care room hears of an early pickup', () => {
    const events = [
      ev('arrangement_recorded', '08:00', { studentId: 'a', arrangement: { kind: 'pickup_change', plan: { kind: 'bus', bus: '3' } }, note: '' }),
      ev('arrangement_recorded', '08:01', { studentId: 'a', arrangement: { kind: 'early_pickup', at: '16:30', collectedBy: '奶奶' }, note: '' }),
    ];
    expect(decideScan(ctx({ kind: 'care', groupId: 'g1' }, events), cardA).detail?.zh).toContain('16:30 奶奶提前接');
    const inCare = [...events, ev('checked_in', '15:31', { studentId: 'a', source: src, groupId: 'g1' })];
    expect(decideScan(ctx({ kind: 'gate' }, inCare), cardA).events).toMatchObject([{ how: { kind: 'bus', bus: '3' } }]);
  });
});
