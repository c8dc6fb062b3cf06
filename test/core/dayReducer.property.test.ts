/**
 * CU23 as a property: the incremental reducer, fed the same events in any order, in batches of any size, with
 * repeats, late arrivals, corrections, roll calls and a second copy of an id, gives at every step exactly the day
 * `reduceDay` replays from everything fed so far (CU2). Fixed seeds run every time, fresh ones from a printed seed
 * (RELAY_FUZZ_SEED=<seed> replays a run), as in reduceDay.property.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { DayReducer } from '../../core/dayReducer';
import type { CustodyEvent } from '../../core/events';
import { compareEvents } from '../../core/events';
import { prng } from '../../core/prng';
import { reduceDay } from '../../core/reduceDay';
import { seeded } from '../security/seeded';
import { at, DAY, ev } from './fixtures';
import { randomDay, roster, shuffledWithRepeats } from './randomDay';

const PER_RUN = Number(process.env.RELAY_PROPERTY_SEEDS || 0) || undefined;
const FIXED_SEEDS = [1, 2, 3, 20261202, ...Array.from({ length: 120 }, (_, i) => 5000 + i)].slice(0, PER_RUN);
const rng = seeded('dayReducer property');
const FRESH_SEEDS = Array.from({ length: PER_RUN ?? 40 }, () => rng.int(4_294_967_296));

/** How the events reach a tablet: shuffled, nearly in order (two tablets a moment apart), or in order. */
function arrival(events: CustodyEvent[], rand: () => number): CustodyEvent[] {
  const how = rand();
  if (how < 0.4) return shuffledWithRepeats(events, rand);
  const sorted = [...events].sort(compareEvents);
  if (how < 0.8) {
    // mostly in order: now and then two neighbours swap, or one event comes a few places late
    for (let i = 1; i < sorted.length; i++) {
      if (rand() < 0.15) [sorted[i - 1], sorted[i]] = [sorted[i]!, sorted[i - 1]!];
      if (rand() < 0.05 && i + 3 < sorted.length) sorted.splice(i + 3, 0, ...sorted.splice(i, 1));
    }
    return [...sorted, ...sorted.filter(() => rand() < 0.1)];
  }
  return sorted;
}

/** Now and then a second copy of an id with another time (a kiosk's cache may hold one): the first in order counts. */
function withOtherCopies(events: CustodyEvent[], rand: () => number): CustodyEvent[] {
  const copies = events
    .filter(() => rand() < 0.04)
    .map((e) => ({ ...e, deviceTime: e.deviceTime + Math.floor((rand() - 0.5) * 1_200_000) }));
  return [...events, ...copies];
}

/** Counts across all seeds, so the last test can prove every path of the reducer was taken. */
const paths = { appended: 0, childReplays: 0, checkpointReplays: 0 };

function checkSeed(seed: number, label: string) {
  const rand = prng(seed);
  const events = withOtherCopies(randomDay(rand), rand);
  const stream = arrival(events, rand);
  // The clock moves on between states, now and then back (a hub report asks for an earlier moment): each state is
  // judged at its own instant, so a verdict kept from an earlier one must not outlive its turning point.
  const clock = ['15:20', '15:35', '15:45', '16:00', '16:10', '16:30', '17:00', '17:35', '17:50', '18:00', '18:30'];
  let tick = Math.floor(rand() * 3);
  const nextNow = () =>
    at(clock[(tick = rand() < 0.8 ? Math.min(tick + 1, clock.length - 1) : Math.floor(rand() * clock.length))]!);
  let now = nextNow();
  const reducer = new DayReducer(roster, DAY, { checkpointEvery: 1 + Math.floor(rand() * 8) });
  const seen: CustodyEvent[] = [];
  let before = reducer.state(now);
  for (let i = 0; i < stream.length;) {
    const batch = stream.slice(i, (i += 1 + Math.floor(rand() * (rand() < 0.7 ? 1 : 5))));
    reducer.add(batch);
    seen.push(...batch);
    const clockMoved = rand() < 0.5;
    if (clockMoved) now = nextNow();
    const state = reducer.state(now);
    expect(state, `${label}, after ${seen.length} events`).toEqual(reduceDay({ roster, day: DAY, events: seen, now }));
    // A child no event of the batch was about keeps its very object while the clock stands: a screen comparing by
    // identity skips it.
    const touched = new Set(batch.flatMap((e) => ('studentId' in e ? [e.studentId] : [])));
    // (A correction is about its target's child; another copy of an id about the child of that id.)
    const corrections = batch.some((e) => e.type === 'corrected');
    const recopied = new Set(
      batch.flatMap((e) =>
        seen.some((s) => s.id === e.id && s.deviceTime !== e.deviceTime) && 'studentId' in e ? [e.studentId] : [],
      ),
    );
    if (!corrections && !clockMoved)
      for (const [id, child] of Object.entries(state.children))
        if (!touched.has(id) && !recopied.has(id) && before.children[id])
          expect(child, `${label}: ${id} kept`).toBe(before.children[id]);
    before = state;
  }
  paths.appended += reducer.stats.appended;
  paths.childReplays += reducer.stats.childReplays;
  paths.checkpointReplays += reducer.stats.checkpointReplays;
  // The full mode (the benchmarks' comparison) is the same day too.
  const full = new DayReducer(roster, DAY, { mode: 'full' });
  full.add(stream);
  expect(full.state(now), label).toEqual(reducer.state(now));
}

describe('CU23 the incremental reducer equals a full replay', () => {
  for (const seed of FIXED_SEEDS)
    it(`CU23 fixed seed ${seed}: batch by batch, the same day as reduceDay`, () => checkSeed(seed, `seed ${seed}`));
  for (const seed of FRESH_SEEDS)
    it(`CU23 fresh seed ${seed} (run seed ${rng.seed}): batch by batch, the same day as reduceDay`, () =>
      checkSeed(seed, `seed ${seed} — replay the run with RELAY_FUZZ_SEED=${rng.seed}`));

  it('CU23 every path ran: appends, one child replayed, replays from a checkpoint', () => {
    expect(paths.appended).toBeGreaterThan(1000);
    expect(paths.childReplays).toBeGreaterThan(100);
    expect(paths.checkpointReplays).toBeGreaterThan(50);
  });
});

describe('CU23 the incremental reducer, by example', () => {
  const card = { kind: 'manual', reason: '忘带卡' } as const;
  it('CU23 an event in order is applied to the last state: nothing is replayed', () => {
    const r = new DayReducer(roster, DAY);
    r.add([ev('handed_off', '15:40', { studentId: 'a', source: card, toGroupId: 'g1' })]);
    r.add([ev('checked_in', '15:42', { studentId: 'a', source: card, groupId: 'g1' })]);
    expect(r.state(at('15:45')).children.a?.status).toBe('in_care');
    expect(r.stats).toMatchObject({ appended: 2, childReplays: 0, checkpointReplays: 0 });
  });

  it("CU23 a scan that arrives late replays only that child's events", () => {
    const r = new DayReducer(roster, DAY);
    const late = ev('handed_off', '15:40', { studentId: 'a', source: card, toGroupId: 'g1' });
    r.add([ev('checked_in', '15:42', { studentId: 'a', source: card, groupId: 'g1' })]);
    r.add([ev('checked_in', '15:43', { studentId: 'b', source: card, groupId: 'g1' })]);
    const b = r.state(at('15:45')).children.b;
    r.add([late]);
    const state = r.state(at('15:45'));
    expect(state.children.a?.chain.map((l) => l.type)).toEqual(['handed_off', 'checked_in']);
    expect(state.children.b).toBe(b);
    expect(r.stats).toMatchObject({ childReplays: 1, checkpointReplays: 0 });
  });

  it('CU23 a late sign-in replays from the last checkpoint, not from the start of the day', () => {
    const r = new DayReducer(roster, DAY, { checkpointEvery: 2 });
    for (const [i, s] of (['a', 'b', 'c', 'd'] as const).entries())
      r.add([ev('checked_in', `15:4${i * 2}`, { studentId: s, source: card, groupId: 'g1' })]);
    // between the second and third check-in: from the checkpoint after two events, three are folded again
    r.add([ev('staff_signed_in', '15:43', { duty: 'care', groupId: 'g1' }, { staffId: 'care1' })]);
    expect(r.stats.checkpointReplays).toBe(1);
    expect(r.stats.eventsRefolded).toBe(3);
    expect(r.state(at('15:50')).onDuty.map((d) => d.staffId)).toEqual(['care1']);
  });

  it("CU23 another day's events are not the day's", () => {
    const r = new DayReducer(roster, DAY);
    r.add([ev('checked_in', '15:42', { studentId: 'a', source: card, groupId: 'g1' }, { day: '2026-11-25' })]);
    expect(r.eventCount).toBe(0);
  });
});

describe('CU23 a quiet state', () => {
  it('CU23 with no event and the clock standing, the same children record comes back; after an event, a new one', () => {
    const r = new DayReducer(roster, DAY);
    const card = { kind: 'manual', reason: '忘带卡' } as const;
    r.add([ev('checked_in', '15:42', { studentId: 'a', source: card, groupId: 'g1' })]);
    const first = r.state(at('15:45'));
    expect(r.state(at('15:45')).children).toBe(first.children);
    r.add([ev('checked_in', '15:46', { studentId: 'b', source: card, groupId: 'g1' })]);
    const next = r.state(at('15:47'));
    expect(next.children).not.toBe(first.children);
    expect(next.children.a).toBe(first.children.a);
  });
});
