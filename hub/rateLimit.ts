/**
 * Failed attempts per key (an address, a device and staff member) within a window; past the limit the key is
 * locked for a while. Successes clear the count. Guesses at 4-digit PINs and 8-character pairing codes must
 * be slow, or they are a matter of minutes.
 */
export interface RateLimitOptions {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
  clock: () => number;
}

export interface RateLimiter {
  /** ms until the key may try again; 0 when it may try now */
  retryAfter(key: string): number;
  fail(key: string): void;
  succeed(key: string): void;
}

export function createRateLimiter(opts: RateLimitOptions): RateLimiter {
  const failures = new Map<string, number[]>();
  const lockedUntil = new Map<string, number>();
  return {
    retryAfter(key) {
      const until = lockedUntil.get(key) ?? 0;
      return Math.max(0, until - opts.clock());
    },
    fail(key) {
      const now = opts.clock();
      const recent = (failures.get(key) ?? []).filter((t) => now - t < opts.windowMs);
      recent.push(now);
      if (recent.length >= opts.maxFailures) {
        lockedUntil.set(key, now + opts.lockMs);
        failures.delete(key);
      } else {
        failures.set(key, recent);
      }
    },
    succeed(key) {
      failures.delete(key);
      lockedUntil.delete(key);
    },
  };
}
