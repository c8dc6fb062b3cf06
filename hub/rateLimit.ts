/**
 * Failed attempts per key (a staff member, the pairing codes, the admin password) within a window; past the limit
 * the key is locked for a while. Successes clear the count. Guesses at PINs and 8-character pairing codes must be
 * slow, or they are a matter of minutes. The counts and locks are plain data (`LimiterState`) so the hub can keep
 * them on disk (lockoutStore.ts) and a restart does not clear a lock.
 */
export interface RateLimitOptions {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
  clock: () => number;
}

/** Failure times and lock ends (ms since epoch) per key, as stored in lockouts.json. */
export interface LimiterState {
  failures: Record<string, number[]>;
  lockedUntil: Record<string, number>;
}

export interface RateLimiter {
  /** ms until the key may try again; 0 when it may try now */
  retryAfter(key: string): number;
  /** resolves once the count is saved (at once when nothing is saved) */
  fail(key: string): Promise<void>;
  succeed(key: string): Promise<void>;
  /** the office lifts a lock and forgets the failures; true when the key was locked */
  clear(key: string): Promise<boolean>;
  /** keys locked now, with the ms left */
  locked(): { key: string; retryInMs: number }[];
}

export const emptyLimiterState = (): LimiterState => ({ failures: {}, lockedUntil: {} });

export function createRateLimiter(
  opts: RateLimitOptions & { state?: LimiterState; save?: (state: LimiterState) => Promise<void> },
): RateLimiter {
  const state = opts.state ?? emptyLimiterState();
  // Expired locks and old failures are dropped before each save, so the file stays small.
  const save = () => {
    const now = opts.clock();
    for (const [k, until] of Object.entries(state.lockedUntil)) if (until <= now) delete state.lockedUntil[k];
    for (const [k, times] of Object.entries(state.failures)) {
      const recent = times.filter((t) => now - t < opts.windowMs);
      if (recent.length === 0) delete state.failures[k];
      else state.failures[k] = recent;
    }
    return opts.save ? opts.save(state) : Promise.resolve();
  };
  const retryAfter = (key: string) => Math.max(0, (state.lockedUntil[key] ?? 0) - opts.clock());
  return {
    retryAfter,
    fail(key) {
      const now = opts.clock();
      const recent = (state.failures[key] ?? []).filter((t) => now - t < opts.windowMs);
      recent.push(now);
      if (recent.length >= opts.maxFailures) {
        state.lockedUntil[key] = now + opts.lockMs;
        delete state.failures[key];
      } else {
        state.failures[key] = recent;
      }
      return save();
    },
    succeed(key) {
      if (!(key in state.failures) && !(key in state.lockedUntil)) return Promise.resolve();
      delete state.failures[key];
      delete state.lockedUntil[key];
      return save();
    },
    async clear(key) {
      const had = retryAfter(key) > 0;
      delete state.failures[key];
      delete state.lockedUntil[key];
      await save();
      return had;
    },
    locked() {
      return Object.keys(state.lockedUntil)
        .map((key) => ({ key, retryInMs: retryAfter(key) }))
        .filter((l) => l.retryInMs > 0);
    },
  };
}
