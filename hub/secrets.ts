/** Secrets at rest: hashes only. Tokens are long random strings, so SHA-256 suffices; PINs and passwords are short, so scrypt. */
import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

export interface PasswordHash {
  salt: string;
  hash: string;
}

const SCRYPT_KEYLEN = 32;

export function hashSecret(secret: string): PasswordHash {
  const salt = randomBytes(16).toString('base64url');
  return { salt, hash: scryptSync(secret, salt, SCRYPT_KEYLEN).toString('base64url') };
}

export function verifySecret(secret: string, stored: PasswordHash): boolean {
  const actual = scryptSync(secret, stored.salt, SCRYPT_KEYLEN);
  const expected = Buffer.from(stored.hash, 'base64url');
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A pairing code a teacher types on a tablet: 8 characters, no 0/O or 1/I/L to misread. */
export function newPairingCode(): string {
  const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
  const bytes = randomBytes(8);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/** An admin password people can read aloud: four groups of four. */
export function newAdminPassword(): string {
  return (
    newPairingCode().slice(0, 4) +
    '-' +
    newPairingCode().slice(0, 4) +
    '-' +
    newPairingCode().slice(0, 4) +
    '-' +
    newPairingCode().slice(0, 4)
  );
}
