/**
 * What the CA tests share: a certificate for any names signed by a given CA key (what an attacker with the
 * key would make), a CA made the way the hub made it before name constraints, `openssl verify`, and Chromium
 * trusting given CAs the way a school tablet does once its certificate is installed (an NSS database in a
 * temporary HOME), with host names mapped to this machine.
 */
import { CHROMIUM, FLAGS } from '../e2e/browser';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { chromium, type Browser } from 'playwright-core';
import { certificateSerial, freshRsaKeys, SERIAL_BYTES } from '../../hub/tls/certificates';

const DAY_MS = 86_400_000;
const serial = () => certificateSerial(randomBytes(SERIAL_BYTES));

export interface Pem {
  keyPem: string;
  certPem: string;
}

/** A server certificate for these names, signed with the CA's key: what someone holding the key could make. */
export function signServer(ca: Pem, names: { dns?: string[]; ips?: string[] }, now: Date): Pem {
  const keys = freshRsaKeys();
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.pub;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(now.getTime() - 3_600_000);
  cert.validity.notAfter = new Date(now.getTime() + 90 * DAY_MS);
  cert.setSubject([{ name: 'commonName', value: names.dns?.[0] ?? names.ips?.[0] ?? 'x' }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        ...(names.dns ?? []).map((value) => ({ type: 2, value })),
        ...(names.ips ?? []).map((ip) => ({ type: 7, ip })),
      ],
    },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.keyPem), forge.md.sha256.create());
  return { keyPem: keys.keyPem, certPem: forge.pki.certificateToPem(cert) };
}

/** A root CA as the hub made it before name constraints: can vouch for anything, ten years. */
export function unconstrainedCa(now: Date, commonName = 'Relay Local CA (old)'): Pem {
  const keys = freshRsaKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.pub;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(now.getTime() - 3_600_000);
  cert.validity.notAfter = new Date(now.getTime() + 3650 * DAY_MS);
  const attrs = [
    { name: 'commonName', value: commonName },
    { name: 'organizationName', value: 'Relay' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.priv, forge.md.sha256.create());
  return { keyPem: keys.keyPem, certPem: forge.pki.certificateToPem(cert) };
}

/** `openssl verify` of a certificate against one CA at a given moment: its output and whether it passed. */
export function opensslVerify(caPem: string, certPem: string, at: Date): { ok: boolean; out: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-verify-'));
  writeFileSync(path.join(dir, 'ca.crt'), caPem);
  writeFileSync(path.join(dir, 'leaf.crt'), certPem);
  const r = spawnSync(
    'openssl',
    [
      'verify',
      '-attime',
      String(Math.floor(at.getTime() / 1000) + 60),
      '-CAfile',
      path.join(dir, 'ca.crt'),
      path.join(dir, 'leaf.crt'),
    ],
    { encoding: 'utf8' },
  );
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

export const opensslText = (pem: string) =>
  execFileSync('openssl', ['x509', '-noout', '-text'], { input: pem, encoding: 'utf8' });

/** Chromium whose NSS database trusts these CAs for websites, with each host mapped to 127.0.0.1. */
export async function chromiumTrusting(caPems: string[], hosts: string[]): Promise<Browser> {
  for (const [file, pkg] of [
    [CHROMIUM, 'chromium'],
    ['/usr/bin/certutil', 'libnss3-tools'],
  ] as const)
    if (!existsSync(file))
      throw new Error(`${file} is missing: run "apt-get install -y ${pkg}" (npm test does this when run as root)`);
  const home = mkdtempSync(path.join(os.tmpdir(), 'relay-ca-home-'));
  const db = path.join(home, '.pki', 'nssdb');
  mkdirSync(db, { recursive: true });
  execFileSync('certutil', ['-d', `sql:${db}`, '-N', '--empty-password']);
  caPems.forEach((pem, i) => {
    const file = path.join(home, `ca${i}.crt`);
    writeFileSync(file, pem);
    execFileSync('certutil', ['-d', `sql:${db}`, '-A', '-t', 'C,,', '-n', `school CA ${i}`, '-i', file]);
  });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [...FLAGS, `--host-resolver-rules=${hosts.map((h) => `MAP ${h} 127.0.0.1`).join(', ')}`],
    env: { ...process.env, HOME: home },
  });
}
