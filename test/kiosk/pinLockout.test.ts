/**
 * Offline PIN guessing on a tablet: 5 wrong PINs in a row lock that teacher on this tablet for 15 minutes, said in
 * both languages, and the lock survives a reload (the count lives in IndexedDB beside the PIN verifier).
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { KioskDb } from '../../kiosk/lib/kioskDb';
import { makePinVerifier } from '../../kiosk/lib/pin';
import { checkPinOffline, OFFLINE_PIN_LIMIT, OFFLINE_UNKNOWN } from '../../kiosk/lib/pinLockout';

let n = 0;
const T0 = Date.UTC(2026, 11, 1, 7, 30);

async function tabletWith(pins: Record<string, string>) {
  const name = `pin-lockout-${n++}`;
  const db = await KioskDb.open(name);
  for (const [staffId, pin] of Object.entries(pins)) await db.savePin(await makePinVerifier(staffId, pin));
  return { db, name };
}

describe('offline PIN lock-out on the tablet', () => {
  it('5 wrong PINs lock the teacher for 15 minutes, even with the right PIN, and a reload keeps the lock', async () => {
    const { db, name } = await tabletWith({ 'care-1a': '2468', 'care-1b': '2468' });
    for (let i = 0; i < OFFLINE_PIN_LIMIT.maxFailures; i++)
      expect((await checkPinOffline(db, 'care-1a', String(1000 + i), T0 + i * 1000))?.code).toBe('bad_pin');
    const locked = await checkPinOffline(db, 'care-1a', '2468', T0 + 5000);
    expect(locked).toMatchObject({ code: 'rate_limited' });
    expect(locked!.zh).toContain('15 分钟后可以再试');
    expect(locked!.en).toContain('try again in 15 min');
    // another teacher on the same tablet is not locked
    expect(await checkPinOffline(db, 'care-1b', '2468', T0 + 5000)).toBeNull();

    db.close();
    const reloaded = await KioskDb.open(name);
    expect((await checkPinOffline(reloaded, 'care-1a', '2468', T0 + 10 * 60_000))?.code).toBe('rate_limited');
    // the lock runs from the fifth wrong PIN: 15 minutes after it, the right PIN works again
    const lastWrong = T0 + 4000;
    expect((await checkPinOffline(reloaded, 'care-1a', '2468', lastWrong + OFFLINE_PIN_LIMIT.lockMs - 1))?.code).toBe(
      'rate_limited',
    );
    expect(await checkPinOffline(reloaded, 'care-1a', '2468', lastWrong + OFFLINE_PIN_LIMIT.lockMs)).toBeNull();
    expect(await reloaded.pin('care-1a')).not.toHaveProperty('lockedUntil');
    reloaded.close();
  });

  it('a right PIN clears the count: 4 wrong, right, 4 wrong is not a lock', async () => {
    const { db } = await tabletWith({ 'care-1a': '2468' });
    for (let i = 0; i < 4; i++) await checkPinOffline(db, 'care-1a', '1111', T0 + i);
    expect(await checkPinOffline(db, 'care-1a', '2468', T0 + 10)).toBeNull();
    for (let i = 0; i < 4; i++)
      expect((await checkPinOffline(db, 'care-1a', '1111', T0 + 20 + i))?.code).toBe('bad_pin');
    expect(await checkPinOffline(db, 'care-1a', '2468', T0 + 30)).toBeNull();
    db.close();
  });

  it('a teacher who never signed in online on this tablet cannot sign in offline, and says so', async () => {
    const { db } = await tabletWith({});
    expect(await checkPinOffline(db, 'care-1a', '2468', T0, OFFLINE_UNKNOWN)).toEqual(OFFLINE_UNKNOWN);
    db.close();
  });
});
