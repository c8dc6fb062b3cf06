/**
 * The school's CA vouches for the hub only. Real Chromium that trusts the hub's CA, as a school tablet does,
 * opens the hub by its name, while a certificate for another site (evil.example, with evil.example mapped to this
 * machine) signed with the same CA's key, which whoever holds a copy of that key could make, is refused. The
 * same certificate under a CA like the hub's before name constraints is accepted, so the refusal is the
 * constraints' doing and not a broken certificate.
 */
import type { AddressInfo } from 'node:net';
import https from 'node:https';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TlsMaterial } from '../../hub/tls/certificates';
import { ensureTls, TLS_SERVER_OPTIONS } from '../../hub/tls/certificates';
import type { Pem } from './caTools';
import { chromiumTrusting, signServer, unconstrainedCa } from './caTools';

// Chromium checks validity against the real clock, so the certificates are made for now; no test reads the time
// of day or the date beyond that.
const now = new Date();
const servers: https.Server[] = [];
let hub: TlsMaterial;
let hubCa: Pem;
let oldCa: Pem;
let browser: Browser;

async function serve(key: string, cert: string, body: string): Promise<number> {
  const server = https.createServer({ ...TLS_SERVER_OPTIONS, key, cert }, (_req, res) => {
    res.setHeader('Content-Type', 'text/plain');
    res.end(body);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** What Chromium shows at this address: the page's text, or the network error it refused the page with. */
async function open(url: string): Promise<{ text?: string; error?: string }> {
  const page = await browser.newPage();
  try {
    const res = await page.goto(url, { waitUntil: 'load' });
    return { text: (await res?.text()) ?? '' };
  } catch (err) {
    return { error: String((err as Error).message) };
  } finally {
    await page.close();
  }
}

beforeAll(async () => {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'relay-ca-browser-')), 'tls');
  hub = await ensureTls({ dir, dns: ['localhost', 'school-pc', 'school-pc.local'], ips: ['127.0.0.1', '::1'], now });
  hubCa = { keyPem: readFileSync(path.join(dir, 'ca.key'), 'utf8'), certPem: hub.caCert };
  oldCa = unconstrainedCa(now);
  browser = await chromiumTrusting(
    [hub.caCert, oldCa.certPem],
    ['evil.example', 'www.evil.example', 'school-pc.local'],
  );
});
afterAll(async () => {
  await browser?.close();
  for (const s of servers) s.close();
});

describe('a tablet that trusts the school CA', () => {
  it("opens the hub with the hub's own certificate, by name and by address", async () => {
    const port = await serve(hub.key, hub.cert, 'the hub');
    expect(await open(`https://localhost:${port}/`)).toEqual({ text: 'the hub' });
    expect(await open(`https://school-pc.local:${port}/`)).toEqual({ text: 'the hub' });
    expect(await open(`https://127.0.0.1:${port}/`)).toEqual({ text: 'the hub' });
  });

  it('refuses a certificate for another site signed with the school CA’s key', async () => {
    const evil = signServer(hubCa, { dns: ['evil.example', 'www.evil.example'] }, now);
    const port = await serve(evil.keyPem, evil.certPem, 'intercepted');
    for (const host of ['evil.example', 'www.evil.example']) {
      const seen = await open(`https://${host}:${port}/`);
      expect(seen.text, host).toBeUndefined();
      expect(seen.error, host).toMatch(/ERR_CERT_/);
    }
    // The hub's own name beside the other site's does not help: the whole certificate is refused.
    const mixed = signServer(hubCa, { dns: ['localhost', 'evil.example'] }, now);
    const mixedPort = await serve(mixed.keyPem, mixed.certPem, 'intercepted');
    expect((await open(`https://localhost:${mixedPort}/`)).error).toMatch(/ERR_CERT_/);
  });

  it('accepts the same certificate from a CA without constraints (the hub’s CA before this change)', async () => {
    const evil = signServer(oldCa, { dns: ['evil.example', 'www.evil.example'] }, now);
    const port = await serve(evil.keyPem, evil.certPem, 'intercepted');
    expect(await open(`https://evil.example:${port}/`)).toEqual({ text: 'intercepted' });
  });
});
