/** PIN verifiers for offline sign-in: PBKDF2 in WebCrypto, so a tablet never stores a PIN itself. */
import type { PinVerifier } from './kioskDb';

const ITERATIONS = 100_000;

const b64 = (bytes: ArrayBuffer | Uint8Array) => btoa(String.fromCharCode(...new Uint8Array(bytes)));

async function derive(pin: string, salt: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: new TextEncoder().encode(salt), iterations: ITERATIONS },
    key,
    256,
  );
  return b64(bits);
}

export async function makePinVerifier(staffId: string, pin: string): Promise<PinVerifier> {
  const salt = b64(crypto.getRandomValues(new Uint8Array(16)));
  return { staffId, salt, hash: await derive(pin, salt) };
}

export async function checkPin(v: PinVerifier, pin: string): Promise<boolean> {
  return (await derive(pin, v.salt)) === v.hash;
}
