/**
 * Issue #18 finding 1: Windows gives the computer's name as typed, often in Chinese (张老师的电脑). The CA's common
 * name carries it, and encoding it as forge's default PrintableString threw at every start, so the hub could not
 * start at all on such a PC. The name is a UTF8String now, the server certificate's issuer matches it byte for
 * byte, and a TLS client that trusts only the CA connects.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { caCommonName, ensureTls, localNames } from '../../hub/tls/certificates';

const names = { dns: ['localhost'], ips: ['127.0.0.1'] };

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a computer named in Chinese', () => {
  it('makes a CA named for it and a server certificate a TLS client verifies', async () => {
    vi.spyOn(os, 'hostname').mockReturnValue('张老师的电脑');
    // The handshake checks validity against the real clock, so the certificates are made for now.
    const t = await ensureTls({ dir: mkdtempSync(path.join(os.tmpdir(), 'relay-tls-zh-')), ...names, now: new Date() });
    const ca = new X509Certificate(t.caCert);
    const leaf = new X509Certificate(t.cert);
    expect(ca.subject).toContain('CN=Relay Local CA (张老师的电脑)');
    expect(leaf.issuer).toBe(ca.subject);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);

    const server = https.createServer({ key: t.key, cert: t.cert }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const body = await new Promise<string>((resolve, reject) => {
        https
          .get(
            { host: '127.0.0.1', port: (server.address() as AddressInfo).port, ca: t.caCert, servername: 'localhost' },
            (res) => {
              let b = '';
              res.on('data', (c: Buffer) => (b += c.toString()));
              res.on('end', () => resolve(b));
            },
          )
          .on('error', reject);
      });
      expect(body).toBe('ok');
    } finally {
      server.close();
    }
  });

  it('offers a NetBIOS name in capitals (SCHOOL-PC) in lower case, and a Chinese one not as a DNS name', () => {
    vi.spyOn(os, 'hostname').mockReturnValue('SCHOOL-PC');
    expect(localNames().dns).toEqual(['localhost', 'school-pc', 'school-pc.local']);
    vi.spyOn(os, 'hostname').mockReturnValue('张老师的电脑');
    expect(localNames().dns).toEqual(['localhost']);
  });

  it('keeps whole characters when it cuts a long name, and names the CA without one', () => {
    expect(caCommonName('𠮷'.repeat(50))).toBe(`Relay Local CA (${'𠮷'.repeat(40)})`);
    expect(caCommonName('  ')).toBe('Relay Local CA');
  });
});
