/**
 * Lock-outs that survive a restart: the login rate limiter's counts and locks in `lockouts.json` beside the
 * access file, written durably (temp file, fsync, rename) like the rest of the data folder. Without this a
 * restart — or a guesser who can make the hub restart — would clear every lock.
 */
import { Low } from 'lowdb';
import { rename } from 'node:fs/promises';
import { z } from 'zod';
import type { LimiterState, RateLimiter, RateLimitOptions } from './rateLimit';
import { createRateLimiter, emptyLimiterState } from './rateLimit';
import { DurableJsonFile } from './store/durableJsonFile';

const LimiterStateSchema = z.object({
  failures: z.record(z.string(), z.array(z.number())).default({}),
  lockedUntil: z.record(z.string(), z.number()).default({}),
});

/** Login lock keys: one per staff member (kiosk PINs and the leader's login count together), pairing, admin. */
export const lockKeys = {
  staff: (staffId: string) => `staff:${staffId}`,
  pair: 'pair',
  admin: 'admin',
} as const;

/**
 * The limiter backed by `file` (null: in memory). A file that cannot be read at all is set aside and the hub
 * starts with no locks rather than not at all: `notes` says so for the start-up banner.
 */
export async function openLockouts(
  file: string | null,
  opts: RateLimitOptions,
): Promise<{ limiter: RateLimiter; notes: string[] }> {
  if (!file) return { limiter: createRateLimiter(opts), notes: [] };
  const adapter = new DurableJsonFile<LimiterState>(file);
  const db = new Low<LimiterState>(adapter, emptyLimiterState());
  const notes: string[] = [];
  try {
    await db.read();
  } catch (err) {
    const aside = `${file}.damaged-${opts.clock()}`;
    await rename(file, aside).catch(() => {});
    notes.push(
      `lockouts.json 无法读取，已移到一旁，登录锁定从零开始 / lockouts.json could not be read (${(err as Error).message}); it was set aside and login lock-outs start empty`,
    );
  }
  notes.push(...adapter.recoveries);
  const parsed = LimiterStateSchema.safeParse(db.data ?? {});
  db.data = parsed.success ? parsed.data : emptyLimiterState();
  const limiter = createRateLimiter({
    ...opts,
    state: db.data,
    save: async (state) => {
      db.data = state;
      await db.write();
    },
  });
  return { limiter, notes };
}
