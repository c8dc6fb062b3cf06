/**
 * Offline PIN guessing on a tablet: while the hub cannot be reached the tablet checks PINs itself against the
 * verifier of an earlier online sign-in, so it must also count wrong PINs, or anyone holding the tablet could try
 * PIN after PIN. 5 wrong PINs in a row lock that teacher on this tablet for 15 minutes. The count is kept beside
 * the verifier in IndexedDB, so a reload does not clear it; a right PIN, or a fresh online sign-in (which saves a
 * new verifier), starts it again. Online, the hub's own lock-out applies (hub/lockoutStore.ts).
 */
import type { Problem } from '../../core/messages';
import { problem, rateLimited } from '../../core/messages';
import type { PinVerifier } from './kioskDb';
import { checkPin } from './pin';

export const OFFLINE_PIN_LIMIT = { maxFailures: 5, lockMs: 15 * 60_000 };

/** the part of the tablet's store the offline check needs (KioskDb has it) */
export interface PinStore {
  pin(staffId: string): Promise<PinVerifier | undefined>;
  savePin(v: PinVerifier): Promise<void>;
}

/** ms this teacher must still wait on this tablet; 0 when a PIN may be tried */
export const offlineLockLeft = (v: PinVerifier, now: number) => Math.max(0, (v.lockedUntil ?? 0) - now);

/** the verifier after one more wrong PIN: counted, and locked at the limit */
export function afterWrongPin(v: PinVerifier, now: number): PinVerifier {
  const failures = (v.failures ?? 0) + 1;
  if (failures < OFFLINE_PIN_LIMIT.maxFailures) return { ...v, failures };
  return { ...v, failures: 0, lockedUntil: now + OFFLINE_PIN_LIMIT.lockMs };
}

/** offline nobody can lift the tablet's own lock early, but an online sign-in is checked by the hub instead */
const OFFLINE_UNLOCK = { zh: '或等平板连上服务器后再登录', en: 'or sign in once the tablet reaches the hub' };

/** no verifier for this teacher on this tablet, or (signing in) a wrong PIN: the tablet cannot tell which */
export const OFFLINE_UNKNOWN: Problem = {
  code: 'bad_pin',
  zh: '离线时只能用本平板登录过的 PIN',
  en: 'Offline: only PINs used on this tablet before work',
};

/**
 * Checks `pin` for `staffId` with no hub: null when it is right, else why not (locked with the wait in both
 * languages, wrong, or no PIN known on this tablet). Counts the wrong ones in `store`.
 */
export async function checkPinOffline(
  store: PinStore,
  staffId: string,
  pin: string,
  now: number,
  wrong: Problem = problem('bad_pin'),
): Promise<Problem | null> {
  const v = await store.pin(staffId);
  if (!v) return OFFLINE_UNKNOWN;
  const wait = offlineLockLeft(v, now);
  if (wait > 0) return rateLimited(wait, OFFLINE_UNLOCK);
  if (await checkPin(v, pin)) {
    if (v.failures || v.lockedUntil) {
      const { failures: _f, lockedUntil: _l, ...verifier } = v; // the count goes, the verifier (and its kind) stays
      await store.savePin(verifier);
    }
    return null;
  }
  await store.savePin(afterWrongPin(v, now));
  return wrong;
}
