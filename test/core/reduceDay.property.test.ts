/**
 * CU2 as a property: whatever order the same events arrive in, and however often each is re-delivered, every
 * reducer computes the same day; and RC1–RC3 hold of whatever roll call the day holds. Each run checks a fixed set
 * of seeds (past failures stay covered) and fresh ones drawn from a seed printed at the start:
 * RELAY_FUZZ_SEED=<seed> replays that run exactly, as the fuzz tests under test/security do.
 */
import { describe, expect, it } from 'vitest';
import { compareEvents, occurredAt } from '../../core/events';
import { reduceDay } from '../../core/reduceDay';
import { prng } from '../../core/prng';
import { AnomalyCode, ON_CAMPUS } from '../../core/state';
import { seeded } from '../security/seeded';
import { at, DAY } from './fixtures';
import { randomDay, roster, shuffledWithRepeats } from './randomDay';

/**
 * Past failures and a fixed spread, the same on every run; then fresh ones, drawn from the printed seed.
 * RELAY_PROPERTY_SEEDS=<n> runs n of each instead: the mutation run (vitest.mutation.config.ts) runs fewer, since
 * it runs this file once per mutant, and pins the run seed so that every mutant sees the same tests.
 */
const PER_RUN = Number(process.env.RELAY_PROPERTY_SEEDS || 0) || undefined;
const FIXED_SEEDS = [1, 2, 3, 20261124, ...Array.from({ length: 150 }, (_, i) => 1000 + i)].slice(0, PER_RUN);
const rng = seeded('reduceDay property');
const FRESH_SEEDS = Array.from({ length: PER_RUN ?? 60 }, () => rng.int(4_294_967_296));

function checkSeed(seed: number, label: string) {
  const rand = prng(seed);
  const events = randomDay(rand);
  const now = at(rand() < 0.5 ? '16:30' : '18:00');
  const reference = reduceDay({ roster, day: DAY, events, now });
  for (let k = 0; k < 3; k++) {
    const again = reduceDay({ roster, day: DAY, events: shuffledWithRepeats(events, rand), now });
    expect(again, `${label}, shuffle ${k}`).toEqual(reference);
  }
  // Every anomaly is a whole one with a known code and a key no other shares: the leader's list shows each once.
  for (const a of reference.anomalies)
    expect(Object.values(AnomalyCode), label).toContain((a as { code?: unknown } | null)?.code);
  expect(new Set(reference.anomalies.map((a) => a.key)).size, label).toBe(reference.anomalies.length);
  const roll = reference.rollCall;
  const voided = new Set(events.flatMap((e) => (e.type === 'corrected' ? [e.targetId] : [])));
  if (!roll) {
    expect(
      events.some((e) => e.type === 'roll_call_started' && !voided.has(e.id)),
      `${label}: a roll call was started but none is reported`,
    ).toBe(false);
    return;
  }
  // RC1: whoever was on campus just before the roll call started takes part.
  const starts = events.filter(
    (e) => e.type === 'roll_call_started' && occurredAt(e) === roll.startedAt && !voided.has(e.id),
  );
  if (starts.length === 1) {
    const before = reduceDay({
      roster,
      day: DAY,
      events: events.filter((e) => compareEvents(e, starts[0]!) < 0 || e.type === 'corrected'),
      now,
    });
    for (const c of Object.values(before.children))
      if (ON_CAMPUS.includes(c.status)) expect(roll.participants, label).toContain(c.studentId);
  }
  // RC3: the unaccounted are exactly the participants neither marked safe nor released, each with its state now.
  const expected = roll.participants.filter(
    (id) => !roll.safe.includes(id) && reference.children[id]?.status !== 'released',
  );
  expect(
    roll.unaccounted.map((u) => u.studentId),
    label,
  ).toEqual(expected);
  for (const u of roll.unaccounted) expect(u.status, label).toBe(reference.children[u.studentId]?.status);
  // RC2: a safe mark never moves a child.
  const withoutMarks = reduceDay({ roster, day: DAY, events: events.filter((e) => e.type !== 'marked_safe'), now });
  for (const [id, child] of Object.entries(withoutMarks.children)) {
    expect({ ...reference.children[id], chain: [] }, label).toEqual({ ...child, chain: [] });
  }
  if (roll.endedAt === undefined) {
    // RC1: while it runs, everyone on campus now is a participant.
    const onCampus = Object.values(reference.children)
      .filter((c) => ON_CAMPUS.includes(c.status))
      .map((c) => c.studentId);
    for (const id of onCampus) expect(roll.participants, label).toContain(id);
  }
}

describe('CU2 RC1 RC2 RC3 order independence and the roll call, on random days', () => {
  for (const seed of FIXED_SEEDS) {
    it(`CU2 RC3 fixed seed ${seed}: shuffled and re-delivered events give the same day`, () =>
      checkSeed(seed, `seed ${seed}`));
  }
  for (const seed of FRESH_SEEDS) {
    it(`CU2 RC3 fresh seed ${seed} (run seed ${rng.seed}): shuffled and re-delivered events give the same day`, () =>
      checkSeed(seed, `seed ${seed} — replay the run with RELAY_FUZZ_SEED=${rng.seed}`));
  }

  it('CU2 RC1 the generator really produces roll calls, safe marks and corrections', () => {
    const types = new Set(FIXED_SEEDS.flatMap((seed) => randomDay(prng(seed)).map((e) => e.type)));
    for (const t of [
      'roll_call_started',
      'roll_call_ended',
      'marked_safe',
      'corrected',
      'arrangement_recorded',
    ] as const)
      expect(types, t).toContain(t);
    const withRoll = FIXED_SEEDS.filter((seed) => {
      const rand = prng(seed);
      const events = randomDay(rand);
      return reduceDay({ roster, day: DAY, events, now: at('18:00') }).rollCall?.participants.length;
    });
    expect(withRoll.length).toBeGreaterThan(FIXED_SEEDS.length / 4);
  });
});
