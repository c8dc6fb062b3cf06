/**
 * AN9 (issue #19, "ratio and rota"): the rota's care teacher for a group has not signed in some minutes after its
 * session began, so a room of children may have no adult: a warning for the duty leader, gone once they sign in.
 */
import { describe, expect, it } from 'vitest';
import { tabletRoster } from '../../core/cardHash';
import { supersede } from '../../core/effectiveDates';
import { reduceDay } from '../../core/reduceDay';
import type { CustodyEvent } from '../../core/events';
import type { Roster } from '../../core/roster';
import { RosterSchema } from '../../core/roster';
import { addDays } from '../../core/time';
import { at, DAY, ev, TEST_CARD_KEY, tinyRoster } from './fixtures';

// DAY is a Tuesday; g1 meets every weekday, sessions 15:30–17:30; the alert comes 10 minutes after the start.
const roster = tinyRoster((r) => {
  r.rotas = { care: [{ groupId: 'g1', weekday: 2, staffId: 'care1' }], gate: [], leader: [], swaps: [] };
});
const warnings = (events: CustodyEvent[], hhmm: string, r = roster, day = DAY) =>
  reduceDay({ roster: r, day, now: at(hhmm, day), events }).anomalies.filter((a) => a.code === 'rota_not_signed_in');

describe('AN9 the rota teacher has not signed in', () => {
  it('AN9: warns 10 minutes after the start, names the teacher and the group, and is gone once they sign in', () => {
    expect(warnings([], '15:39')).toEqual([]);
    expect(warnings([], '15:41')).toEqual([
      {
        key: 'rota_not_signed_in:g1:care1',
        code: 'rota_not_signed_in',
        severity: 'warning',
        since: at('15:40'),
        groupId: 'g1',
        detail: { staffId: 'care1' },
      },
    ]);
    const signIn = ev('staff_signed_in', '15:45', { duty: 'care', groupId: 'g1' }, { staffId: 'care1' });
    expect(warnings([signIn], '15:50')).toEqual([]);
    // A sign-out at the end does not bring it back.
    const signOut = ev('staff_signed_out', '17:31', { duty: 'care', groupId: 'g1' }, { staffId: 'care1' });
    expect(warnings([signIn, signOut], '17:40')).toEqual([]);
    // Signed in for another group does not count for this one.
    expect(
      warnings([ev('staff_signed_in', '15:20', { duty: 'care', groupId: 'g2' }, { staffId: 'care1' })], '15:50'),
    ).toHaveLength(1);
  });

  it("AN9: follows the day's swap, and a sign-in corrected away does not count", () => {
    const swapped = tinyRoster((r) => {
      r.rotas = {
        care: [{ groupId: 'g1', weekday: 2, staffId: 'care1' }],
        gate: [],
        leader: [],
        swaps: [{ day: DAY, duty: 'care', groupId: 'g1', replaces: 'care1', staffId: 't2', note: '病假' }],
      };
    });
    expect(warnings([], '15:50', swapped).map((a) => a.detail?.staffId)).toEqual(['t2']);
    const signIn = ev('staff_signed_in', '15:25', { duty: 'care', groupId: 'g1' }, { staffId: 'care1' });
    const undo = ev('corrected', '15:26', { targetId: signIn.id, reason: '签错人' }, { staffId: 'care1' });
    expect(warnings([signIn, undo], '15:50')).toHaveLength(1);
  });

  it('AN9: nothing on a day the group does not meet, nor before a rota that starts later (R3)', () => {
    const thursday = addDays(DAY, 2); // the fixture's calendar has no service on this Thursday
    const thursdayRota = tinyRoster((r) => {
      r.rotas = { care: [{ groupId: 'g1', weekday: 4, staffId: 'care1' }], gate: [], leader: [], swaps: [] };
    });
    expect(warnings([], '16:00', thursdayRota, thursday)).toEqual([]);
    // The rota entry was saved today to apply from tomorrow: today nobody was on the rota to sign in.
    const empty = tinyRoster((r) => {
      r.rotas = { care: [], gate: [], leader: [], swaps: [] };
    });
    const fromTomorrow = supersede(empty, RosterSchema.parse({ ...empty, rotas: roster.rotas }), addDays(DAY, 1));
    expect(warnings([], '16:00', fromTomorrow)).toEqual([]);
    expect(warnings([], '16:00', fromTomorrow, addDays(DAY, 7))).toHaveLength(1);
    // The leader's page judges it from the tablets' roster: the same rota of the day.
    const onPhone = tabletRoster(fromTomorrow, TEST_CARD_KEY) as unknown as Roster;
    expect(warnings([], '16:00', onPhone)).toEqual([]);
    expect(warnings([], '16:00', onPhone, addDays(DAY, 7))).toHaveLength(1);
  });
});
