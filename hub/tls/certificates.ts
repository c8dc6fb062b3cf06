/**
 * The school's own certificate authority and the hub's server certificate. Tablets need a secure context for
 * the camera, the service worker and crypto.randomUUID; a clicked-through warning is not enough (Chrome then
 * refuses the service worker). So the hub makes a root CA once, which each tablet trusts once, and a server
 * certificate that meets Apple's rules (RSA 2048, SHA-256, names in the SAN, serverAuth, ≤ 825 days), renewed
 * before it expires or when the PC's names change.
 *
 * The CA can vouch for the hub only: a critical name-constraints extension permits the hub's own names (its
 * hostname, that name's .local, localhost) and the private and loopback address ranges, so a certificate it
 * signs for any other site is refused by every tablet that trusts it, even by someone who has its key. A CA
 * made before this (no constraints) is replaced at start, and the tablets must trust the new one once.
 */
import { createPrivateKey, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { retryBusySync } from '../store/busyRetry';

export interface TlsMaterial {
  key: string;
  cert: string;
  caCert: string;
  caCertDer: Buffer;
  notAfter: Date;
  /** the names and addresses on the server certificate: those asked for that the CA may vouch for */
  names: { dns: string[]; ips: string[] };
  action: 'created' | 'renewed' | 'reused';
  /** the CA's SHA-256 fingerprint, AB:CD:…, as a tablet's certificate screen shows it */
  caFingerprint: string;
  caNotAfter: Date;
  /**
   * Why a new CA was made, when one was: `first` on an empty folder; otherwise the tablets trusted another CA
   * and must trust this one again (`unconstrained`: made before name constraints; `key_missing`: its key is not
   * there or unreadable, as after restoring a backup without it; `expiring`).
   */
  caChange: null | 'first' | 'unconstrained' | 'key_missing' | 'expiring';
  /** names or addresses asked for that the CA may not vouch for, so left off the server certificate */
  leftOff: string[];
}
export interface EnsureTlsOptions {
  dir: string;
  dns: string[];
  ips: string[];
  now: Date;
  /** where keys and serial numbers come from; the default is fresh RSA keys and crypto.randomBytes */
  entropy?: CertEntropy;
}

/** A key pair as the certificate code needs it: PKCS#8 PEM for Node's TLS, forge's objects for signing. */
export interface RsaKeys {
  keyPem: string;
  priv: forge.pki.rsa.PrivateKey;
  pub: forge.pki.rsa.PublicKey;
}
export interface CertEntropy {
  rsaKeys(): RsaKeys;
  serialBytes(): Uint8Array;
}

/**
 * What the HTTPS server offers. TLS 1.3 as Node has it; for TLS 1.2 only ECDHE key exchange (forward secrecy:
 * a stolen key does not open recorded traffic) with AEAD ciphers (GCM, ChaCha20), so no CBC-SHA1 and no plain
 * RSA or DHE. Every browser a school tablet or phone runs offers these.
 */
export const TLS_SERVER_OPTIONS = {
  minVersion: 'TLSv1.2',
  ciphers: [
    'TLS_AES_256_GCM_SHA384',
    'TLS_CHACHA20_POLY1305_SHA256',
    'TLS_AES_128_GCM_SHA256',
    'ECDHE-ECDSA-AES128-GCM-SHA256',
    'ECDHE-RSA-AES128-GCM-SHA256',
    'ECDHE-ECDSA-AES256-GCM-SHA384',
    'ECDHE-RSA-AES256-GCM-SHA384',
    'ECDHE-ECDSA-CHACHA20-POLY1305',
    'ECDHE-RSA-CHACHA20-POLY1305',
  ].join(':'),
  honorCipherOrder: true,
} as const;

export const SERVER_CERT_DAYS = 397;
export const RENEW_BEFORE_DAYS = 30;
/**
 * Five years: about a tablet's life in a school, so a school trusts a CA once per tablet; not ten, since a CA's
 * key is on the hub PC and an old PC given away still holds it. Its name constraints are what keep a stolen key
 * from vouching for other sites; a shorter life would only make teachers redo every tablet more often.
 */
export const CA_CERT_DAYS = 1825;
/** the start-up banner warns this long before the CA is replaced (30 days before it expires) */
export const CA_WARN_DAYS = 90;
const DAY_MS = 86_400_000;

export function localNames(): { dns: string[]; ips: string[] } {
  // Lower case: Windows gives the NetBIOS name in capitals (SCHOOL-PC); DNS names match without case, and the
  // CA's name constraints and the renamed-PC check compare them as written. A Chinese name is no DNS name here
  // (it stays in the CA's common name only); a tablet reaches the hub by its address.
  const host = os.hostname().toLowerCase();
  const dns = [
    ...new Set(
      ['localhost', host, host.includes('.') ? null : `${host}.local`].filter(
        (x): x is string => !!x && /^[A-Za-z0-9.-]+$/.test(x),
      ),
    ),
  ];
  const ips = new Set(['127.0.0.1', '::1']);
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (!a.internal && !a.address.startsWith('fe80')) ips.add(a.address);
  }
  return { dns, ips: [...ips] };
}

function writeAtomic(file: string, data: string, mode: number) {
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w', mode);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  // Windows: a scanner holding the new key or certificate refuses the rename for a moment.
  retryBusySync(() => renameSync(tmp, file));
  try {
    const dfd = openSync(path.dirname(file), 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    /* some platforms cannot fsync a directory */
  }
}

export const SERIAL_BYTES = 16;

/**
 * A certificate serial from random bytes: positive and exactly 16 octets, as DER wants them (RFC 5280 §4.1.2.2).
 * The first octet is kept in 0x40–0x7f. With it free to be 0x00, a serial could start 00 00 …: node-forge strips
 * only one leading zero, OpenSSL then refuses the certificate with "asn1 encoding routines::illegal padding",
 * and a fresh hub failed to start (about once in 33,000 starts; the suite starts some fifty hubs).
 */
export function certificateSerial(random: Uint8Array): string {
  if (random.length !== SERIAL_BYTES)
    throw new Error(`a serial needs ${SERIAL_BYTES} random bytes, got ${random.length}`);
  const b = Buffer.from(random);
  b[0] = 0x40 | (b[0]! & 0x3f);
  return b.toString('hex');
}

export function freshRsaKeys(): RsaKeys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    keyPem,
    priv: forge.pki.privateKeyFromPem(keyPem),
    pub: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  };
}

const SYSTEM_ENTROPY: CertEntropy = { rsaKeys: freshRsaKeys, serialBytes: () => randomBytes(SERIAL_BYTES) };

/**
 * The address ranges the CA may vouch for: private (RFC 1918), loopback and unique-local IPv6. Not link-local
 * (the hub leaves fe80:: off) and no public range, so no internet address either.
 */
export const PERMITTED_IP_RANGES: readonly string[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '127.0.0.0/8',
  '::1/128',
  'fc00::/7',
];
const NAME_CONSTRAINTS_OID = '2.5.29.30';

/** An address as its bytes: 4 for IPv4, 16 for IPv6; null when it is not an address. */
function ipBytes(ip: string): number[] | null {
  if (!ip.includes(':')) {
    const parts = ip.split('.').map(Number);
    return parts.length === 4 && parts.every((n) => Number.isInteger(n) && n >= 0 && n <= 255) ? parts : null;
  }
  const groups = expandV6(ip).split(':');
  if (groups.length !== 8 || !groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return null;
  return groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]);
}

function rangeBytes(cidr: string): { base: number[]; mask: number[] } {
  const [ip, bits] = cidr.split('/') as [string, string];
  const base = ipBytes(ip)!;
  const n = Number(bits);
  const mask = base.map((_, i) => (0xff << (8 - Math.max(0, Math.min(8, n - i * 8)))) & 0xff);
  return { base, mask };
}

const inRange = (ip: number[], r: { base: number[]; mask: number[] }) =>
  ip.length === r.base.length && ip.every((b, i) => (b & r.mask[i]!) === (r.base[i]! & r.mask[i]!));

/** What a CA may vouch for, read from its certificate; null when it has no name constraints at all. */
export interface CaScope {
  dns: string[];
  ips: { base: number[]; mask: number[] }[];
}

const dnsPermitted = (scope: CaScope, name: string) =>
  scope.dns.some((c) => name.toLowerCase() === c || name.toLowerCase().endsWith(`.${c}`));
const ipPermitted = (scope: CaScope, ip: string) => {
  const b = ipBytes(ip);
  return b !== null && scope.ips.some((r) => inRange(b, r));
};

/** The names a CA made now for these names permits: each name in lower case, once. */
const caDnsNames = (dns: string[]) => [...new Set(['localhost', ...dns.map((d) => d.toLowerCase())])];

function nameConstraintsExtension(dns: string[]) {
  const { asn1 } = forge;
  const ctx = asn1.Class.CONTEXT_SPECIFIC;
  const subtree = (base: forge.asn1.Asn1) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [base]);
  const bytes = (xs: number[]) => String.fromCharCode(...xs);
  const permitted = [
    ...dns.map((d) => subtree(asn1.create(ctx, 2, false, d))),
    ...PERMITTED_IP_RANGES.map(rangeBytes).map((r) =>
      subtree(asn1.create(ctx, 7, false, bytes([...r.base, ...r.mask]))),
    ),
  ];
  const value = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [asn1.create(ctx, 0, true, permitted)]);
  return { id: NAME_CONSTRAINTS_OID, name: 'nameConstraints', critical: true, value };
}

/** The permitted names and ranges of a CA certificate; null when it has no critical name constraints. */
export function caScope(certPem: string): CaScope | null {
  try {
    const cert = forge.pki.certificateFromPem(certPem);
    const ext = (cert.extensions as { id: string; critical?: boolean; value: string }[]).find(
      (e) => e.id === NAME_CONSTRAINTS_OID,
    );
    if (!ext?.critical) return null;
    const root = forge.asn1.fromDer(ext.value);
    const permitted = (root.value as forge.asn1.Asn1[]).find(
      (v) => v.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && v.type === 0,
    );
    const scope: CaScope = { dns: [], ips: [] };
    for (const sub of (permitted?.value ?? []) as forge.asn1.Asn1[]) {
      const base = (sub.value as forge.asn1.Asn1[])[0]!;
      const v = base.value as string;
      if (base.type === 2) scope.dns.push(v.toLowerCase());
      if (base.type === 7) {
        const b = [...v].map((c) => c.charCodeAt(0));
        scope.ips.push({ base: b.slice(0, b.length / 2), mask: b.slice(b.length / 2) });
      }
    }
    return scope;
  } catch {
    return null;
  }
}

/**
 * The CA's name as a teacher sees it when trusting it on a tablet: `Relay Local CA (张老师的电脑)`. The computer's
 * name is cut to 40 characters (whole characters, never half a surrogate pair) to stay within X.520's 64.
 */
export function caCommonName(hostname: string): string {
  const host = [...hostname.trim()].slice(0, 40).join('');
  return host ? `Relay Local CA (${host})` : 'Relay Local CA';
}

/**
 * The issuer of a certificate as forge must be given it: forge reads a UTF8String attribute as its UTF-8 bytes
 * but encodes what it is given, so the bytes are decoded first, or the issuer would no longer match the CA.
 */
function issuerOf(ca: forge.pki.Certificate) {
  return ca.subject.attributes.map((a) =>
    (a.valueTagClass as number | undefined) === forge.asn1.Type.UTF8 && typeof a.value === 'string'
      ? { ...a, value: forge.util.decodeUtf8(a.value) }
      : a,
  );
}

function makeCa(now: Date, entropy: CertEntropy, dns: string[]) {
  const keys = entropy.rsaKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.pub;
  cert.serialNumber = certificateSerial(entropy.serialBytes());
  cert.validity.notBefore = new Date(now.getTime() - 3_600_000);
  cert.validity.notAfter = new Date(now.getTime() + CA_CERT_DAYS * DAY_MS);
  const attrs = [
    // UTF8String, not forge's default PrintableString: Windows gives the computer's name as typed (张老师的电脑),
    // and a character outside Latin-1 in a PrintableString threw at every start (issue #18).
    { name: 'commonName', value: caCommonName(os.hostname()), valueTagClass: forge.asn1.Type.UTF8 as number },
    { name: 'organizationName', value: 'Relay' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    // pathLen 0: it signs server certificates only, never another CA.
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    nameConstraintsExtension(caDnsNames(dns)),
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.priv, forge.md.sha256.create());
  return { keyPem: keys.keyPem, certPem: forge.pki.certificateToPem(cert) };
}

function makeLeaf(
  ca: { keyPem: string; certPem: string },
  names: { dns: string[]; ips: string[] },
  now: Date,
  entropy: CertEntropy,
) {
  const keys = entropy.rsaKeys();
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.pub;
  cert.serialNumber = certificateSerial(entropy.serialBytes());
  cert.validity.notBefore = new Date(now.getTime() - 3_600_000);
  cert.validity.notAfter = new Date(now.getTime() + SERVER_CERT_DAYS * DAY_MS);
  cert.setSubject([
    { name: 'commonName', value: names.dns[0] ?? 'localhost' },
    { name: 'organizationName', value: 'Relay' },
  ]);
  cert.setIssuer(issuerOf(caCert));
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [...names.dns.map((value) => ({ type: 2, value })), ...names.ips.map((ip) => ({ type: 7, ip }))],
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.keyPem), forge.md.sha256.create());
  return { keyPem: keys.keyPem, certPem: forge.pki.certificateToPem(cert) };
}

/** A key and certificate that read back and belong together; anything unreadable counts as missing. */
function readPair(dir: string, name: string): { keyPem: string; certPem: string; x509: X509Certificate } | null {
  try {
    const keyPem = readFileSync(path.join(dir, `${name}.key`), 'utf8');
    const certPem = readFileSync(path.join(dir, `${name}.crt`), 'utf8');
    const x509 = new X509Certificate(certPem);
    return x509.checkPrivateKey(createPrivateKey(keyPem)) ? { keyPem, certPem, x509 } : null;
  } catch {
    return null;
  }
}

function covers(x509: X509Certificate, names: { dns: string[]; ips: string[] }): boolean {
  const san = x509.subjectAltName ?? '';
  const entries = new Set(san.split(', '));
  const normIp = (ip: string) => (ip.includes(':') ? ip.toUpperCase() : ip);
  const ipEntries = new Set([...entries].filter((e) => e.startsWith('IP Address:')).map((e) => normIp(e.slice(11))));
  return (
    names.dns.every((d) => entries.has(`DNS:${d}`)) &&
    names.ips.every((ip) => ipEntries.has(normIp(ip)) || ipEntries.has(normIp(expandV6(ip))))
  );
}

function expandV6(ip: string): string {
  if (!ip.includes(':')) return ip;
  const [head, tail] = ip.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((x) => x.replace(/^0+(?=.)/, '')).join(':');
}

const expiresWithin = (x509: X509Certificate, now: Date, days: number) =>
  new Date(x509.validTo).getTime() - now.getTime() < days * DAY_MS;

/** The hub's own certificate in `<dataDir>/tls`, for this machine's names and addresses (at start and at renewal). */
export const ensureLocalTls = (dataDir: string, now: Date, names = localNames()) =>
  ensureTls({ dir: path.join(dataDir, 'tls'), dns: names.dns, ips: names.ips, now });

export async function ensureTls(opts: EnsureTlsOptions): Promise<TlsMaterial> {
  mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
  const entropy = opts.entropy ?? SYSTEM_ENTROPY;
  const names = { dns: [...new Set(opts.dns)], ips: [...new Set(opts.ips)] };
  let action: TlsMaterial['action'] = 'reused';
  let caChange: TlsMaterial['caChange'] = null;
  let ca = readPair(opts.dir, 'ca');
  let scope = ca ? caScope(ca.certPem) : null;
  if (!ca) caChange = existsSync(path.join(opts.dir, 'ca.crt')) ? 'key_missing' : 'first';
  else if (!scope) caChange = 'unconstrained';
  else if (expiresWithin(ca.x509, opts.now, RENEW_BEFORE_DAYS)) caChange = 'expiring';
  if (caChange !== null || !ca || !scope) {
    const fresh = makeCa(opts.now, entropy, names.dns);
    writeAtomic(path.join(opts.dir, 'ca.key'), fresh.keyPem, 0o600);
    writeAtomic(path.join(opts.dir, 'ca.crt'), fresh.certPem, 0o644);
    ca = { ...fresh, x509: new X509Certificate(fresh.certPem) };
    scope = caScope(fresh.certPem)!;
    action = 'created';
  }
  // A name the CA was not made for (the PC was renamed) or a public address stays off the server certificate:
  // a tablet would refuse the whole certificate for it. The hub is still reached by its private address.
  const allowed = {
    dns: names.dns.filter((d) => dnsPermitted(scope, d)),
    ips: names.ips.filter((ip) => ipPermitted(scope, ip)),
  };
  const leftOff = [
    ...names.dns.filter((d) => !allowed.dns.includes(d)),
    ...names.ips.filter((ip) => !allowed.ips.includes(ip)),
  ];
  let leaf = action === 'created' ? null : readPair(opts.dir, 'server');
  const leafOk =
    leaf !== null &&
    leaf.x509.verify(ca.x509.publicKey) &&
    leaf.x509.checkIssued(ca.x509) &&
    !expiresWithin(leaf.x509, opts.now, RENEW_BEFORE_DAYS) &&
    covers(leaf.x509, allowed);
  if (!leafOk) {
    const fresh = makeLeaf(ca, allowed, opts.now, entropy);
    writeAtomic(path.join(opts.dir, 'server.key'), fresh.keyPem, 0o600);
    writeAtomic(path.join(opts.dir, 'server.crt'), fresh.certPem, 0o644);
    leaf = { ...fresh, x509: new X509Certificate(fresh.certPem) };
    if (action === 'reused') action = 'renewed';
  }
  return {
    key: leaf!.keyPem,
    cert: leaf!.certPem,
    caCert: ca.certPem,
    caCertDer: Buffer.from(ca.x509.raw),
    notAfter: new Date(leaf!.x509.validTo),
    names: allowed,
    action,
    caFingerprint: ca.x509.fingerprint256,
    caNotAfter: new Date(ca.x509.validTo),
    caChange,
    leftOff,
  };
}

/** SHA-256 fingerprint as people compare it on a phone's certificate screen: AB:CD:… */
export function fingerprintSha256(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page a teacher opens on a new tablet (over plain HTTP, before it trusts anything). */
export function caInstructionsHtml(opts: { caUrl: string; httpsUrl: string; fingerprintSha256: string }): string {
  const ca = escapeHtml(opts.caUrl),
    https = escapeHtml(opts.httpsUrl),
    fp = escapeHtml(opts.fingerprintSha256);
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>安装学校证书 · Trust the school certificate</title>
<style>body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:42rem;margin:1.5rem auto;padding:0 1rem;line-height:1.6}
a.button{display:inline-block;padding:.8rem 1.4rem;background:#0a7d38;color:#fff;border-radius:.5rem;text-decoration:none;font-size:1.2rem}
code{word-break:break-all;background:#f3f3f3;padding:.1rem .3rem}h2{margin-top:2rem}.en{color:#555}.warn{border-left:4px solid #c77700;padding-left:.6rem}</style></head><body>
<h1>安装学校证书</h1>
<p>平板要使用摄像头扫码和离线功能，必须先信任本校服务器的证书。每台平板只需做一次。</p>
<p><a class="button" href="${ca}">下载证书 relay-ca.crt</a></p>
<p>核对指纹（SHA-256）：<br><code>${fp}</code></p>
<p class="warn">这一页没有加密，别人可能替换它。安装后请在平板的证书详情里核对指纹，必须与教导处页面“平板与教师 → 学校根证书”或服务器启动屏幕上显示的一致。这个证书只能为本校服务器担保，不能为其他网站担保。</p>
<h2>安卓平板</h2>
<ol><li>点上面的按钮下载证书。</li>
<li>打开“设置 → 安全 → 加密与凭据 → 安装证书 → CA 证书”，选择下载的 relay-ca.crt，确认安装。</li>
<li>华为：设置 → 安全 → 更多安全设置 → 加密和凭据 → 从存储设备安装；小米：设置 → 密码与安全 → 系统安全 → 加密与凭据 → 安装证书。</li></ol>
<h2>iPad / iPhone</h2>
<ol><li>用 Safari 打开本页，点上面的按钮，选择“允许”下载描述文件。</li>
<li>打开“设置 → 通用 → VPN与设备管理”，点下载的描述文件，安装。</li>
<li>打开“设置 → 通用 → 关于本机 → 证书信任设置”，打开 Relay 证书的“完全信任”开关。</li></ol>
<h2>完成后</h2><p>打开 <a href="${https}">${https}</a>，地址栏应显示锁形图标，没有警告。</p>
<hr><div class="en"><h1>Trust the school certificate</h1>
<p>Tablets need to trust this hub's certificate before the camera and offline mode work. Once per tablet.</p>
<p>Download <a href="${ca}">relay-ca.crt</a>. This page is not encrypted and could be replaced: after installing, compare the SHA-256 fingerprint in the tablet's certificate details with the one on the office page (Tablets &amp; staff → The school's CA) or the hub's start-up screen. This certificate can vouch for this hub only, never for another website.</p>
<p><b>Android:</b> Settings → Security → Encryption &amp; credentials → Install a certificate → CA certificate, pick relay-ca.crt (menu names vary by vendor).</p>
<p><b>iPad / iPhone:</b> open this page in Safari, download the profile, then Settings → General → VPN &amp; Device Management → install it; then Settings → General → About → Certificate Trust Settings → enable full trust for the Relay CA.</p>
<p>Then open <a href="${https}">${https}</a>: no warning should appear.</p></div>
</body></html>`;
}
