/**
 * PIN verifiers for offline sign-in, so a tablet never stores a PIN itself. scrypt (memory-hard, @noble/hashes),
 * N = 2^15, r = 8, p = 1: 32 MiB and about 0.3 s in Chromium and Node on one core of the hub's PC, under 1 s on a
 * school tablet (docs/security.md, "The tablet"). Whoever copies a tablet's store must spend that per PIN tried,
 * with 32 MiB each, instead of the 0.4 ms of the PBKDF2-100k verifiers before it (all PINs in 36 s on one core).
 *
 * A verifier of any other kind (the old PBKDF2 ones) is never checked: KioskDb drops it when it opens, so the
 * teacher signs in online once (the hub checks the PIN) and the tablet keeps a new one.
 */
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { PinVerifier } from './kioskDb';

/** The kind written into every verifier: a change of parameters is a new kind, and old ones stop working offline. */
export const PIN_KDF = 'scrypt-15-8-1';
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1, dkLen: 32 } as const;

const b64 = (bytes: ArrayBuffer | Uint8Array) => btoa(String.fromCharCode(...new Uint8Array(bytes)));

async function derive(pin: string, salt: string): Promise<string> {
  // asyncTick: the page keeps drawing (the spinner turns) while the 32 MiB are filled.
  return b64(await scryptAsync(utf8ToBytes(pin), utf8ToBytes(salt), { ...SCRYPT_PARAMS, asyncTick: 20 }));
}

/** Whether this verifier is of the current kind (an older one is dropped, never checked). */
export const isCurrentVerifier = (v: Pick<PinVerifier, 'kdf'>) => v.kdf === PIN_KDF;

export async function makePinVerifier(staffId: string, pin: string): Promise<PinVerifier> {
  const salt = b64(crypto.getRandomValues(new Uint8Array(16)));
  return { staffId, kdf: PIN_KDF, salt, hash: await derive(pin, salt) };
}

/** Constant-time enough for a local check: both sides are 44 characters of base64. */
function same(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return d === 0;
}

export async function checkPin(v: PinVerifier, pin: string): Promise<boolean> {
  if (!isCurrentVerifier(v)) return false;
  return same(await derive(pin, v.salt), v.hash);
}
