/**
 * The school's CA and the hub's server certificate must satisfy the strictest client (iOS): RSA ≥ 2048,
 * SHA-256, every name in the SAN, serverAuth, ≤ 825 days, and a chain a TLS client verifies.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import tls from 'node:tls';
import type { CertEntropy } from '../../hub/tls/certificates';
import {
  caInstructionsHtml,
  certificateSerial,
  ensureTls,
  fingerprintSha256,
  freshRsaKeys,
  SERIAL_BYTES,
} from '../../hub/tls/certificates';

const names = { dns: ['localhost', 'school-pc', 'school-pc.local'], ips: ['127.0.0.1', '::1', '192.168.1.20'] };
// The handshake checks validity against the real clock, so the certificates are made for now.
const now = new Date();
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'relay-tls-'));

function text(pem: string): string {
  return execFileSync('openssl', ['x509', '-noout', '-text'], { input: pem, encoding: 'utf8' });
}

describe('local CA and server certificate', () => {
  const dir = tmp();
  const first = ensureTls({ dir, ...names, now });

  it("meets Apple's rules for TLS server certificates", async () => {
    const t = await first;
    expect(t.action).toBe('created');
    const leaf = new X509Certificate(t.cert);
    const ca = new X509Certificate(t.caCert);
    const leafText = text(t.cert);
    expect(leafText).toMatch(/Signature Algorithm: sha256WithRSAEncryption/);
    expect(leafText).toMatch(/Public-Key: \(2048 bit\)/);
    expect(leafText).toMatch(/TLS Web Server Authentication/);
    expect(leafText).toMatch(/CA:FALSE/);
    for (const d of names.dns) expect(leaf.subjectAltName).toContain(`DNS:${d}`);
    expect(leaf.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(leaf.subjectAltName).toContain('IP Address:192.168.1.20');
    expect(leaf.subjectAltName).toMatch(/IP Address:0:0:0:0:0:0:0:1|IP Address:::1/);
    const days = (Date.parse(leaf.validTo) - Date.parse(leaf.validFrom)) / 86_400_000;
    expect(days).toBeLessThanOrEqual(825);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(text(t.caCert)).toMatch(/CA:TRUE/);
    expect(text(t.caCert)).toMatch(/Signature Algorithm: sha256WithRSAEncryption/);
    expect(t.caCertDer.equals(Buffer.from(ca.raw))).toBe(true);
  });

  it('a TLS client that trusts only the CA connects by name and by address', async () => {
    const t = await first;
    const server = https.createServer({ key: t.key, cert: t.cert }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const get = (servername?: string) =>
      new Promise<string>((resolve, reject) => {
        https
          .get(
            { host: '127.0.0.1', port, ca: t.caCert, ...(servername ? { servername } : {}), rejectUnauthorized: true },
            (res) => {
              let body = '';
              res.on('data', (c: Buffer) => {
                body += c.toString();
              });
              res.on('end', () => resolve(body));
            },
          )
          .on('error', reject);
      });
    try {
      expect(await get('localhost')).toBe('ok');
      expect(await get('school-pc.local')).toBe('ok');
      expect(await get()).toBe('ok');
      await expect(get('evil.example')).rejects.toThrow(/altnames|Hostname/i);
    } finally {
      server.close();
    }
  });

  it('keeps private keys readable by the owner only', async () => {
    await first;
    for (const f of ['ca.key', 'server.key']) expect(statSync(path.join(dir, f)).mode & 0o077).toBe(0);
  });

  it('reuses what is valid, and re-issues the server certificate with the same CA when the address changes or expiry nears', async () => {
    const t = await first;
    const same = await ensureTls({ dir, ...names, now });
    expect(same.action).toBe('reused');
    expect(same.cert).toBe(t.cert);
    const moved = await ensureTls({ dir, dns: names.dns, ips: [...names.ips, '10.0.0.7'], now });
    expect(moved.action).toBe('renewed');
    expect(moved.caCert).toBe(t.caCert);
    expect(new X509Certificate(moved.cert).subjectAltName).toContain('IP Address:10.0.0.7');
    const later = await ensureTls({
      dir,
      dns: names.dns,
      ips: [...names.ips, '10.0.0.7'],
      now: new Date(now.getTime() + 380 * 86_400_000),
    });
    expect(later.action).toBe('renewed');
    expect(later.caCert).toBe(t.caCert);
  });

  it('a corrupt server certificate is replaced without a crash', async () => {
    const t = await first;
    writeFileSync(path.join(dir, 'server.crt'), 'not a certificate');
    const fixed = await ensureTls({ dir, ...names, now });
    expect(fixed.action).toBe('renewed');
    expect(fixed.caCert).toBe(t.caCert);
  });

  it('the set-up page shows the fingerprint and escapes what it is given', async () => {
    const t = await first;
    const fp = fingerprintSha256(t.caCert);
    expect(fp).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const html = caInstructionsHtml({
      caUrl: '/ca.crt',
      httpsUrl: 'https://x/"><script>alert(1)</script>',
      fingerprintSha256: fp,
    });
    expect(html).toContain(fp);
    expect(html).toContain('证书信任设置');
    expect(html).not.toContain('<script>alert(1)</script>');
  });
});

describe('serial numbers', () => {
  it('are positive, 16 octets and never start with a zero octet, whatever the random bytes', () => {
    for (let first = 0; first < 256; first++) {
      for (const rest of [0x00, 0x7f, 0x80, 0xff]) {
        const hex = certificateSerial(Uint8Array.from({ length: SERIAL_BYTES }, (_, i) => (i === 0 ? first : rest)));
        expect(hex).toMatch(/^[0-9a-f]{32}$/);
        const lead = parseInt(hex.slice(0, 2), 16);
        expect(lead, `first random byte ${first}`).toBeGreaterThanOrEqual(0x40);
        expect(lead, `first random byte ${first}`).toBeLessThan(0x80);
      }
    }
    expect(() => certificateSerial(new Uint8Array(8))).toThrow(/16/);
  });

  // The cause of a fresh hub failing to start with "asn1 encoding routines::illegal padding": random bytes that
  // begin 00 00 gave a serial node-forge encoded with a leading zero OpenSSL refuses.
  it('the unluckiest random bytes still give a CA and a server certificate that OpenSSL and Node accept', async () => {
    const keys = freshRsaKeys();
    const patterns = [
      [0x00, 0x00, 0x00],
      [0x00, 0x00, 0x7f],
      [0x80, 0x00, 0x01],
      [0xff, 0xff, 0xff],
      [0x7f, 0xff, 0x80],
    ];
    for (const p of patterns) {
      const bytes = Uint8Array.from({ length: SERIAL_BYTES }, (_, i) => p[Math.min(i, p.length - 1)]!);
      const entropy: CertEntropy = { rsaKeys: () => keys, serialBytes: () => bytes };
      const d = tmp();
      const t = await ensureTls({ dir: d, ...names, now, entropy });
      const label = Buffer.from(bytes).toString('hex');
      expect(() => tls.createSecureContext({ key: t.key, cert: t.cert, ca: t.caCert }), label).not.toThrow();
      expect(new X509Certificate(t.cert).checkIssued(new X509Certificate(t.caCert)), label).toBe(true);
      expect(
        execFileSync('openssl', ['verify', '-CAfile', path.join(d, 'ca.crt'), path.join(d, 'server.crt')], {
          encoding: 'utf8',
        }),
        label,
      ).toMatch(/: OK/);
    }
  });
});
