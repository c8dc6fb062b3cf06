/**
 * Seeded randomness for the fault tests: every run prints its seed, and `FAULT_SEED=<n>` replays a run exactly
 * (kill moments, outage lengths, which kiosk scans which child).
 */
import { prng } from '../../core/prng';

export interface Rng {
  readonly seed: number;
  /** a float in [0, 1) */
  next(): number;
  /** an integer in [min, max] */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

export function faultRng(label: string): Rng {
  const pinned = process.env.FAULT_SEED;
  const seed = pinned !== undefined && pinned !== '' ? Number(pinned) >>> 0 : (Date.now() ^ (process.pid << 8)) >>> 0;
  console.log(`${label}: seed ${seed} (replay with FAULT_SEED=${seed})`);
  const next = prng(seed);
  return {
    seed,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
}
