/**
 * Seeded randomness for the fuzz tests: every run prints its seed, and RELAY_FUZZ_SEED=<seed> replays a run
 * exactly (the way tldraw's syncFuzz pins regression seeds).
 */
import { prng } from '../../core/prng';

export interface Rng {
  readonly seed: number;
  /** 0 ≤ x < 1 */
  next(): number;
  int(maxExclusive: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function rngFrom(seed: number): Rng {
  const next = prng(seed);
  return {
    seed,
    next,
    int: (n) => Math.floor(next() * n),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
  };
}

/** A generator for one test file: the pinned seed if RELAY_FUZZ_SEED is set, else a fresh one, printed either way. */
export function seeded(name: string): Rng {
  const pinned = process.env.RELAY_FUZZ_SEED;
  const seed = pinned !== undefined && pinned !== '' ? Number(pinned) >>> 0 : Math.floor(Math.random() * 4_294_967_296);
  console.log(`[${name}] fuzz seed ${seed} — replay with RELAY_FUZZ_SEED=${seed}`);
  return rngFrom(seed);
}
