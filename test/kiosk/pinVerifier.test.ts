/**
 * The tablet's PIN verifier (#14): scrypt with N = 2^15, r = 8, memory-hard, instead of PBKDF2-100k, which gave a
 * PIN up in 36 s on one core. An old PBKDF2 verifier is dropped when the store opens and never checked: offline,
 * that teacher is told only PINs used on this tablet work, and an online sign-in saves a new one.
 */
import 'fake-indexeddb/auto';
import { scrypt } from '@noble/hashes/scrypt.js';
import { describe, expect, it } from 'vitest';
import { KioskDb } from '../../kiosk/lib/kioskDb';
import { checkPin, makePinVerifier, PIN_KDF, SCRYPT_PARAMS } from '../../kiosk/lib/pin';
import { checkPinOffline, OFFLINE_PIN_LIMIT, OFFLINE_UNKNOWN } from '../../kiosk/lib/pinLockout';
import { dumpStore } from './storeDump';

const T0 = Date.UTC(2026, 11, 1, 7, 30);
let n = 0;

/** A verifier as the code before this one made it: PBKDF2-SHA256, 100 000 iterations, no kind. */
async function oldVerifier(staffId: string, pin: string) {
  const salt = 'c2FsdHNhbHRzYWx0c2FsdA==';
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: new TextEncoder().encode(salt), iterations: 100_000 },
    key,
    256,
  );
  return { staffId, salt, hash: btoa(String.fromCharCode(...new Uint8Array(bits))) };
}

describe('PIN verifiers', () => {
  it('are scrypt N=2^15 r=8 p=1 over a random salt: right PIN yes, wrong PIN no', async () => {
    expect(SCRYPT_PARAMS).toMatchObject({ N: 2 ** 15, r: 8, p: 1 });
    const started = performance.now();
    const v = await makePinVerifier('care-1a', '357159');
    console.log(`scrypt verifier made in ${Math.round(performance.now() - started)} ms (Node, one core)`);
    expect(v.kdf).toBe(PIN_KDF);
    const again = scrypt(new TextEncoder().encode('357159'), new TextEncoder().encode(v.salt), SCRYPT_PARAMS);
    expect(v.hash).toBe(btoa(String.fromCharCode(...again)));
    expect(await checkPin(v, '357159')).toBe(true);
    expect(await checkPin(v, '357158')).toBe(false);
    expect((await makePinVerifier('care-1a', '357159')).salt).not.toBe(v.salt);
  });

  it('an old PBKDF2 verifier is dropped when the store opens and never checked; a new one works', async () => {
    const name = `pin-kdf-${n++}`;
    const db = await KioskDb.open(name);
    const old = await oldVerifier('care-1a', '2468');
    await db.savePin(old);
    expect(await checkPin(old, '2468'), 'never checked, even with the right PIN').toBe(false);
    db.close();
    const reopened = await KioskDb.open(name);
    expect((await dumpStore(name)).pins, 'gone from the store, not only hidden').toEqual([]);
    expect(await reopened.pin('care-1a')).toBeUndefined();
    expect(await checkPinOffline(reopened, 'care-1a', '2468', T0)).toEqual(OFFLINE_UNKNOWN);
    // the teacher signs in online once: the tablet keeps a scrypt verifier, and offline works again
    await reopened.savePin(await makePinVerifier('care-1a', '2468'));
    expect(await checkPinOffline(reopened, 'care-1a', '2468', T0)).toBeNull();
    reopened.close();
  });

  it('the offline lock-out keeps the verifier of the current kind when a right PIN clears the count', async () => {
    const name = `pin-kdf-${n++}`;
    const db = await KioskDb.open(name);
    await db.savePin(await makePinVerifier('care-1a', '2468'));
    for (let i = 0; i < OFFLINE_PIN_LIMIT.maxFailures - 1; i++) await checkPinOffline(db, 'care-1a', '0000', T0);
    expect(await checkPinOffline(db, 'care-1a', '2468', T0)).toBeNull();
    db.close();
    const reopened = await KioskDb.open(name);
    expect(await reopened.pin('care-1a')).toMatchObject({ kdf: PIN_KDF });
    expect((await reopened.pin('care-1a'))?.failures).toBeUndefined();
    reopened.close();
  });
});
