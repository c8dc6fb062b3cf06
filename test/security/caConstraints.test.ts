/**
 * The school's CA may vouch only for the hub: a critical name-constraints extension with the hub's names and
 * the private and loopback ranges, pathlen 0, five years. `openssl verify` accepts the hub's own certificate and
 * refuses one for another name or a public address signed with the same key. A data folder whose CA has no
 * constraints (made before them) gets a new CA at start, with a warning that tablets must trust it again; the
 * CA's fingerprint is in the start-up banner and the log.
 */
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CA_CERT_DAYS, caScope, ensureTls } from '../../hub/tls/certificates';
import type { RunningHub } from '../hub/hubProcess';
import { request, startHub, tempDataDir } from '../hub/hubProcess';
import { opensslText, opensslVerify, signServer, unconstrainedCa } from './caTools';

// A fixed moment: openssl is told it with -attime, so nothing depends on today's date or time.
const made = new Date('2026-03-02T01:30:00Z');
const names = { dns: ['localhost', 'School-PC', 'School-PC.local'], ips: ['127.0.0.1', '::1', '192.168.1.20'] };
const tmp = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'relay-ca-')), 'tls');

describe('the CA can vouch only for the hub', () => {
  const dir = tmp();
  const first = ensureTls({ dir, ...names, now: made });

  it('has critical name constraints naming the hub and the private ranges, pathlen 0, five years', async () => {
    const t = await first;
    expect(t.caChange).toBe('first');
    const text = opensslText(t.caCert);
    expect(text).toMatch(/X509v3 Name Constraints: critical/);
    const permitted = /Permitted:\n((?:\s+(?:DNS|IP):.*\n)+)/
      .exec(text)![1]!
      .trim()
      .split(/\s*\n\s*/);
    expect(permitted).toEqual([
      'DNS:localhost',
      'DNS:school-pc',
      'DNS:school-pc.local',
      'IP:10.0.0.0/255.0.0.0',
      'IP:172.16.0.0/255.240.0.0',
      'IP:192.168.0.0/255.255.0.0',
      'IP:127.0.0.0/255.0.0.0',
      'IP:0:0:0:0:0:0:0:1/FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF',
      'IP:FC00:0:0:0:0:0:0:0/FE00:0:0:0:0:0:0:0',
    ]);
    expect(text).not.toMatch(/Excluded:/);
    expect(text).toMatch(/CA:TRUE, pathlen:0/);
    const ca = new X509Certificate(t.caCert);
    const days = (Date.parse(ca.validTo) - Date.parse(ca.validFrom)) / 86_400_000;
    expect(days).toBeLessThanOrEqual(CA_CERT_DAYS + 1);
    expect(CA_CERT_DAYS).toBeLessThanOrEqual(5 * 366);
    expect(t.caFingerprint).toBe(ca.fingerprint256);
    expect(caScope(t.caCert)?.dns).toEqual(['localhost', 'school-pc', 'school-pc.local']);
  });

  it("openssl accepts the hub's certificate and one for its other private addresses", async () => {
    const t = await first;
    expect(opensslVerify(t.caCert, t.cert, made)).toMatchObject({ ok: true });
    const ca = { keyPem: readFileSync(path.join(dir, 'ca.key'), 'utf8'), certPem: t.caCert };
    const lan = signServer(ca, { dns: ['school-pc'], ips: ['10.20.30.40', '172.31.0.9', 'fd00::5'] }, made);
    expect(opensslVerify(t.caCert, lan.certPem, made)).toMatchObject({ ok: true });
  });

  it('openssl refuses a certificate signed with the same key for another site or a public address', async () => {
    const t = await first;
    const ca = { keyPem: readFileSync(path.join(dir, 'ca.key'), 'utf8'), certPem: t.caCert };
    for (const evil of [
      { dns: ['evil.example'] },
      { dns: ['www.baidu.com'] },
      { dns: ['localhost', 'evil.example'] },
      { dns: ['school-pc.evil.example'] },
      { ips: ['8.8.8.8'] },
      { ips: ['172.32.0.1'] },
      { ips: ['2001:db8::1'] },
    ]) {
      const v = opensslVerify(t.caCert, signServer(ca, evil, made).certPem, made);
      expect(v.ok, JSON.stringify(evil)).toBe(false);
      expect(v.out, JSON.stringify(evil)).toMatch(/permitted subtree violation/);
    }
  });

  it('a public address or a name the CA was not made for stays off the server certificate; the CA stays', async () => {
    const t = await first;
    const moved = await ensureTls({
      dir,
      dns: [...names.dns, 'new-name'],
      ips: [...names.ips, '10.0.0.7', '203.0.113.5', '2001:db8::9'],
      now: made,
    });
    expect(moved.action).toBe('renewed');
    expect(moved.caCert).toBe(t.caCert);
    expect(moved.caChange).toBeNull();
    expect(moved.leftOff).toEqual(['new-name', '203.0.113.5', '2001:db8::9']);
    const san = new X509Certificate(moved.cert).subjectAltName!;
    expect(san).toContain('IP Address:10.0.0.7');
    expect(san).not.toMatch(/new-name|203\.0\.113\.5|2001:DB8/i);
    expect(opensslVerify(moved.caCert, moved.cert, made)).toMatchObject({ ok: true });
    // Asked again for the same names, nothing is re-issued.
    const again = await ensureTls({
      dir,
      dns: [...names.dns, 'new-name'],
      ips: [...names.ips, '10.0.0.7', '203.0.113.5', '2001:db8::9'],
      now: made,
    });
    expect(again.action).toBe('reused');
  });
});

describe('a data folder made before name constraints', () => {
  it('gets a new, constrained CA, said to be new once; the next start reuses it', async () => {
    const dir = tmp();
    mkdirSync(dir, { recursive: true });
    const old = unconstrainedCa(made);
    const oldLeaf = signServer(old, { dns: names.dns, ips: names.ips }, made);
    writeFileSync(path.join(dir, 'ca.key'), old.keyPem);
    writeFileSync(path.join(dir, 'ca.crt'), old.certPem);
    writeFileSync(path.join(dir, 'server.key'), oldLeaf.keyPem);
    writeFileSync(path.join(dir, 'server.crt'), oldLeaf.certPem);
    const t = await ensureTls({ dir, ...names, now: made });
    expect(t.action).toBe('created');
    expect(t.caChange).toBe('unconstrained');
    expect(t.caCert).not.toBe(old.certPem);
    expect(readFileSync(path.join(dir, 'ca.key'), 'utf8')).not.toBe(old.keyPem);
    expect(opensslText(t.caCert)).toMatch(/Name Constraints: critical/);
    expect(opensslVerify(t.caCert, t.cert, made)).toMatchObject({ ok: true });
    const next = await ensureTls({ dir, ...names, now: made });
    expect(next).toMatchObject({ action: 'reused', caChange: null, caCert: t.caCert });
  });

  it('the hub says so at start: a warning in the log and the banner, and the new fingerprint', async () => {
    const dataDir = tempDataDir();
    const tlsDir = path.join(dataDir, 'tls');
    mkdirSync(tlsDir, { recursive: true });
    const now = new Date(); // the hub checks validity against its own clock
    const old = unconstrainedCa(now);
    writeFileSync(path.join(tlsDir, 'ca.key'), old.keyPem);
    writeFileSync(path.join(tlsDir, 'ca.crt'), old.certPem);
    const hubs: RunningHub[] = [];
    try {
      const hub = await startHub({ dataDir });
      hubs.push(hub);
      const ca = hub.ca().toString('utf8');
      expect(ca).not.toBe(old.certPem);
      const fp = new X509Certificate(ca).fingerprint256;
      const out = hub.output();
      expect(out).toMatch(/"msg":"certificate authority replaced","reason":"unconstrained"/);
      expect(out).toContain(`根证书指纹 / CA fingerprint (SHA-256): ${fp}`);
      expect(out).toMatch(/学校根证书已更换：每台平板和手机都要重新打开 http:\/\/.*\/setup 安装并信任新证书/);
      expect(out).toMatch(/The school's CA was replaced: every tablet and phone must trust the new one again/);
      // It serves HTTPS under the new CA (request() trusts only the CA in the data folder).
      expect((await request(hub, 'GET', '/api/health')).status).toBe(200);
      await hub.stop();
      const again = await startHub({ dataDir });
      hubs.push(again);
      expect(again.ca().toString('utf8')).toBe(ca);
      expect(again.output()).toMatch(new RegExp(`"msg":"certificate authority","caFingerprint":"${fp}"`));
      expect(again.output()).toContain(`CA fingerprint (SHA-256): ${fp}`);
      expect(again.output()).not.toMatch(/replaced/);
    } finally {
      for (const h of hubs) await h.stop().catch(() => {});
    }
  });
});
