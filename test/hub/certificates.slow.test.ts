/**
 * A fresh hub must never fail to make its certificates. 1,000 CA + server certificate pairs made by the hub's
 * own code (ensureTls on an empty folder, as at first start), then each one renewed as it nears expiry (the same
 * CA, a new server certificate). Every pair is loaded into Node's TLS and checked by `openssl verify` at the
 * moment it was made for. The serials come from crypto.randomBytes as in the hub; the RSA keys come from a pool
 * of real 2048-bit keys, because making 3,000 keys would take a quarter of an hour here, and key generation is
 * OpenSSL's, not ours; a few pairs use fresh keys all the way.
 */
import { spawn } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import type { CertEntropy } from '../../hub/tls/certificates';
import { ensureTls, freshRsaKeys, SERIAL_BYTES, SERVER_CERT_DAYS } from '../../hub/tls/certificates';

const PAIRS = 1000;
const FRESH_KEY_PAIRS = 10;
const POOL = 12;
const names = { dns: ['localhost', 'school-pc', 'school-pc.local'], ips: ['127.0.0.1', '::1', '192.168.1.20'] };
// A fixed moment: the checks pass at any hour (openssl is told the time with -attime).
const made = new Date('2026-11-24T08:00:00Z');
const renewedAt = new Date(made.getTime() + (SERVER_CERT_DAYS - 10) * 86_400_000);

/** `openssl verify` of a server certificate (given on stdin) against the CA file on disk, at a given moment. */
function opensslVerify(caFile: string, certPem: string, at: Date): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn('openssl', ['verify', '-attime', String(Math.floor(at.getTime() / 1000) + 60), '-CAfile', caFile], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    p.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    p.stderr.on('data', (c: Buffer) => {
      out += c.toString();
    });
    p.on('error', reject);
    p.on('close', () => resolve(out));
    p.stdin.end(certPem);
  });
}

async function check(dir: string, at: Date, label: string, material: { key: string; cert: string; caCert: string }) {
  expect(
    () => tls.createSecureContext({ key: material.key, cert: material.cert, ca: material.caCert }),
    label,
  ).not.toThrow();
  expect(new X509Certificate(material.cert).checkIssued(new X509Certificate(material.caCert)), label).toBe(true);
  expect(await opensslVerify(path.join(dir, 'ca.crt'), material.cert, at), label).toMatch(/: OK\s*$/);
}

describe('certificates, a thousand times', () => {
  it(`${PAIRS} first starts and ${PAIRS} renewals: every CA and server certificate loads into TLS and passes openssl verify`, async () => {
    const pool = Array.from({ length: POOL }, freshRsaKeys);
    let k = 0;
    const pooled: CertEntropy = { rsaKeys: () => pool[k++ % POOL]!, serialBytes: () => randomBytes(SERIAL_BYTES) };
    const root = mkdtempSync(path.join(os.tmpdir(), 'relay-tls-many-'));
    const serials = new Set<string>();
    const started = Date.now();
    try {
      // Two at a time: openssl runs in a child process while the next pair is made.
      let pending: Promise<void>[] = [];
      for (let i = 0; i < PAIRS; i++) {
        const dir = path.join(root, String(i));
        const entropy = i < FRESH_KEY_PAIRS ? undefined : pooled;
        const first = await ensureTls({ dir, ...names, now: made, entropy });
        expect(first.action).toBe('created');
        serials.add(new X509Certificate(first.caCert).serialNumber).add(new X509Certificate(first.cert).serialNumber);
        const renewed = await ensureTls({ dir, ...names, now: renewedAt, entropy });
        expect(renewed.action, `pair ${i}`).toBe('renewed');
        expect(renewed.caCert, `pair ${i}: the CA stays`).toBe(first.caCert);
        serials.add(new X509Certificate(renewed.cert).serialNumber);
        pending.push(
          (async () => {
            await check(dir, made, `pair ${i} as first made`, first);
            await check(dir, renewedAt, `pair ${i} renewed`, renewed);
          })(),
        );
        if (pending.length >= 2) {
          await Promise.all(pending);
          pending = [];
        }
      }
      await Promise.all(pending);
      expect(serials.size, 'every serial is different').toBe(PAIRS * 3);
      console.log(`${PAIRS} pairs and ${PAIRS} renewals checked in ${Math.round((Date.now() - started) / 1000)} s`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
