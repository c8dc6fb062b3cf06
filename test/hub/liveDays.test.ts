/**
 * CU23 at the hub: today's state for the headcount, the gate board and the roll-call sheet is kept up to date from
 * the log by sequence number, and is at every answer what a full replay of the stored day gives.
 */
import { describe, expect, it } from 'vitest';
import type { CustodyEvent } from '../../core/events';
import { reduceDay } from '../../core/reduceDay';
import type { Roster } from '../../core/roster';
import { rosterWithout } from '../../hub/erasure';
import { createLiveDays } from '../../hub/liveDays';
import { createMemoryEventLog } from '../../hub/store/eventLog';
import { at, DAY, ev, tinyRoster } from '../core/fixtures';

function setUp() {
  const log = createMemoryEventLog<CustodyEvent>();
  let roster: Roster = tinyRoster();
  const days = createLiveDays(log, () => roster);
  return { log, days, setRoster: (r: Roster) => (roster = r), roster: () => roster };
}

const source = { kind: 'manual', reason: '忘带卡' } as const;

describe('CU23 the hub keeps today up to date', () => {
  it('CU23 each answer adds only what was stored since, and equals a replay of the stored day', async () => {
    const { log, days, roster } = setUp();
    await log.append([ev('handed_off', '15:40', { studentId: 'a', source, toGroupId: 'g1' })], at('15:40'));
    expect((await days.state(DAY, at('15:41'))).children.a?.status).toBe('handed_off');
    // a late one (an offline tablet's outbox) and a new one
    await log.append(
      [
        ev('checked_in', '15:42', { studentId: 'a', source, groupId: 'g1' }),
        ev('handed_off', '15:39', { studentId: 'b', source, toGroupId: 'g1' }),
      ],
      at('15:43'),
    );
    const state = await days.state(DAY, at('15:50'));
    expect(state).toEqual(reduceDay({ roster: roster(), day: DAY, events: await log.read(DAY), now: at('15:50') }));
    expect(state.children.a?.status).toBe('in_care');
    expect(state.eventCount).toBe(3);
    await log.close();
  });

  it('CU23 a new roster judges the stored day afresh (an erased child is gone from it)', async () => {
    const { log, days, setRoster } = setUp();
    await log.append([ev('checked_in', '15:42', { studentId: 'a', source, groupId: 'g1' })], at('15:42'));
    expect((await days.state(DAY, at('15:45'))).children.a).toBeDefined();
    setRoster(rosterWithout(tinyRoster(), 'a'));
    expect((await days.state(DAY, at('15:45'))).children.a).toBeUndefined();
    await log.close();
  });
});
