/**
 * CU22 and AN10 (issue #19, "parent arrival calls the child"): the gate calls a child from its room when the
 * guardian arrives; the room's answer (sending the child) is what the gate, the board and the leader follow, and a
 * call nobody answers becomes an alert while the parent waits.
 */
import { describe, expect, it } from 'vitest';
import { indexRoster } from '../../core/roster';
import { reduceDay } from '../../core/reduceDay';
import { stationAllows } from '../../core/stations';
import type { CustodyEvent } from '../../core/events';
import { at, card, ev, manual, tinyRoster } from './fixtures';

const roster = tinyRoster();
const state = (events: CustodyEvent[], hhmm: string) => reduceDay({ roster, day: '2026-11-24', now: at(hhmm), events });
const inCare = ev('checked_in', '15:35', { studentId: 'a', source: manual, groupId: 'g1' }, { staffId: 'care1' });
const guardianCard = { kind: 'card', cardId: card('guardian', 11) } as const;
const call = (hhmm: string, extra: { staffId?: string } = {}) =>
  ev(
    'called_to_gate',
    hhmm,
    { studentId: 'a', source: guardianCard, guardianId: 'ga' },
    { staffId: 'gate1', deviceId: 'gate-tab', ...extra },
  );
const unanswered = (events: CustodyEvent[], hhmm: string) =>
  state(events, hhmm).anomalies.filter((a) => a.code === 'call_unanswered');

describe('CU22 called to the gate', () => {
  it('CU22: a call leaves the child in its room and records who called, from where, for which guardian', () => {
    const c = call('17:00');
    const child = state([inCare, c], '17:01').children.a!;
    expect(child.status).toBe('in_care');
    expect(child.place).toEqual({ kind: 'group', groupId: 'g1' });
    expect(child.call).toEqual({ at: at('17:00'), by: 'gate1', deviceId: 'gate-tab', eventId: c.id, guardianId: 'ga' });
    expect(child.chain.map((l) => l.type)).toEqual(['checked_in', 'called_to_gate']);
  });

  it('CU22: sending the child to the gate answers the call; the call stays so the gate can say how long it took', () => {
    const c = call('17:00');
    const sent = ev('sent_to_gate', '17:03', { studentId: 'a', source: manual }, { staffId: 'care1' });
    const child = state([inCare, c, sent], '17:04').children.a!;
    expect(child.status).toBe('at_gate');
    expect(child.call?.answeredAt).toBe(at('17:03'));
    expect(child.call?.at).toBe(at('17:00'));
  });

  it('CU22: a second call while one is open keeps the first moment; a call after the answer is a new call', () => {
    const first = call('17:00');
    const again = call('17:02');
    expect(state([inCare, first, again], '17:03').children.a!.call?.eventId).toBe(first.id);
    const sent = ev('sent_to_gate', '17:03', { studentId: 'a', source: manual }, { staffId: 'care1' });
    const back = ev('checked_in', '17:05', { studentId: 'a', source: manual, groupId: 'g1' }, { staffId: 'care1' });
    const later = call('17:10');
    const child = state([inCare, first, sent, back, later], '17:11').children.a!;
    expect(child.call).toMatchObject({ eventId: later.id, at: at('17:10') });
    expect(child.call?.answeredAt).toBeUndefined();
  });

  it('CU22: a child already at the gate is answered at once; release, early pickup and extended care answer too', () => {
    const sent = ev('sent_to_gate', '16:55', { studentId: 'a', source: manual }, { staffId: 'care1' });
    expect(state([inCare, sent, call('17:00')], '17:01').children.a!.call?.answeredAt).toBe(at('17:00'));
    const early = ev(
      'picked_up_early',
      '17:02',
      { studentId: 'a', source: manual, collectedBy: '妈妈', reason: '看病' },
      { staffId: 'care1' },
    );
    expect(state([inCare, call('17:00'), early], '17:30').children.a!.call?.answeredAt).toBe(at('17:02'));
    const extended = ev(
      'extended_care_started',
      '17:04',
      { studentId: 'a', source: manual, place: '门卫室', adultStaffId: 'gate1' },
      { staffId: 'gate1' },
    );
    expect(unanswered([inCare, call('17:00'), extended], '17:30')).toEqual([]);
  });

  it('CU22/CU20: only the gate may call; a classroom or a care room may not', () => {
    const index = indexRoster(roster);
    const c = call('17:00');
    expect(stationAllows(index, { kind: 'gate' }, c)).toBe(true);
    expect(stationAllows(index, { kind: 'care', groupId: 'g1' }, c)).toBe(false);
    expect(stationAllows(index, { kind: 'classroom', classId: 'c1' }, c)).toBe(false);
  });
});

describe('AN10 a call nobody answers', () => {
  it('AN10: an alert callAnswerMinutes (5) after the call, filed under the room the child is in', () => {
    const c = call('17:00');
    expect(unanswered([inCare, c], '17:04')).toEqual([]);
    expect(unanswered([inCare, c], '17:06')).toEqual([
      {
        key: `call_unanswered:${c.id}`,
        code: 'call_unanswered',
        severity: 'alert',
        since: at('17:05'),
        studentId: 'a',
        groupId: 'g1',
        eventId: c.id,
      },
    ]);
  });

  it('AN10: sending the child clears it; the threshold is the school setting', () => {
    const c = call('17:00');
    const sent = ev('sent_to_gate', '17:07', { studentId: 'a', source: manual }, { staffId: 'care1' });
    expect(unanswered([inCare, c, sent], '17:10')).toEqual([]);
    const patient = tinyRoster((r) => {
      r.settings = { ...r.settings, callAnswerMinutes: 10 };
    });
    const r = reduceDay({ roster: patient, day: '2026-11-24', now: at('17:08'), events: [inCare, c] });
    expect(r.anomalies.filter((a) => a.code === 'call_unanswered')).toEqual([]);
  });

  it('AN10: a child called from a club room is still filed under its own group; a corrected call raises nothing', () => {
    const club = ev(
      'transferred',
      '16:00',
      { studentId: 'a', source: manual, to: { kind: 'club', clubId: 'choir' } },
      { staffId: 'care1' },
    );
    const c = call('17:00');
    const [alert] = unanswered([inCare, club, c], '17:06');
    expect(alert).toMatchObject({ studentId: 'a', groupId: 'g1' });
    const undo = ev('corrected', '17:01', { targetId: c.id, reason: '扫错卡' }, { staffId: 'gate1' });
    expect(unanswered([inCare, c, undo], '17:30')).toEqual([]);
  });
});
