/**
 * What the hub serves besides the API: the CA certificate and how to trust it (also over plain HTTP, since a
 * tablet cannot open HTTPS before it trusts the CA), the built pages, and a landing page.
 */
import express from 'express';
import type { IncomingHttpHeaders, IncomingMessage, RequestListener } from 'node:http';
import { problem } from '../core/messages';
import type { Logger } from './logger';
import { cspForHtml } from './securityHeaders';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TlsMaterial } from './tls/certificates';
import { caInstructionsHtml, fingerprintSha256 } from './tls/certificates';

/** `httpsPort` is read per request: with `--port 0` it is known only after listening. */
export interface PagesOptions {
  tls: TlsMaterial;
  httpsPort: () => number;
}

export const DIST_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');
/**
 * The tab icon, from the source folder (common/public, copied into dist/ by the build too), so the landing page and
 * the certificate instructions have it even before the pages are built, on either port. A day's cache: it rarely
 * changes, and a browser asks for it on every page that names none.
 */
const FAVICON_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../common/public/favicon.ico');
const FAVICON_HEADERS = { 'Content-Type': 'image/x-icon', 'Cache-Control': 'public, max-age=86400' };
let favicon: Buffer | undefined;
function faviconBytes(): Buffer {
  favicon ??= readFileSync(FAVICON_FILE);
  return favicon;
}

/**
 * The host a link or redirect names: the request's Host only when it is one of the names or addresses on the
 * hub's certificate (any other would fail TLS anyway, and the Host header is the client's to set), else the
 * hub's first LAN address or name. An attacker's Host never reaches a Location header or a page.
 * @example hubHost(tls, 'evil.example') // '192.168.1.20', the hub's own address
 */
export function hubHost(tls: Pick<TlsMaterial, 'names'>, hostHeader: string | undefined): string {
  const asked = (hostHeader ?? '')
    .toLowerCase()
    .replace(/:\d+$/, '')
    .replace(/^\[(.*)\]$/, '$1');
  // Addresses first: a tablet may not resolve the PC's name (no mDNS on many Android builds).
  const own = [...tls.names.ips, ...tls.names.dns.map((d) => d.toLowerCase())];
  const loopback = (n: string) => n === 'localhost' || n === '::1' || n.startsWith('127.');
  const host = own.includes(asked) ? asked : (own.find((n) => !loopback(n)) ?? 'localhost');
  return host.includes(':') ? `[${host}]` : host;
}

function setupPage(opts: PagesOptions, req: Pick<IncomingMessage, 'headers'>): string {
  const host = hubHost(opts.tls, req.headers.host);
  return caInstructionsHtml({
    caUrl: '/ca.crt',
    httpsUrl: `https://${host}:${opts.httpsPort()}/`,
    fingerprintSha256: fingerprintSha256(opts.tls.caCert),
  });
}

const landing = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>接力 Relay</title><style>body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.6}
a{display:flex;align-items:center;gap:.4rem;min-height:48px;font-size:1.3rem;margin:.3rem 0}small{color:#666}</style></head><body>
<h1>接力 <small>Relay</small></h1><p>课后服务签到与交接 <small>after-school check-in and hand-over</small></p>
<a href="/kiosk/">平板签到 <small>Kiosk</small></a>
<a href="/leader/">值班领导 <small>Duty leader</small></a>
<a href="/office/">教导处 <small>Office</small></a>
<a href="/board/">校门大屏 <small>Gate board</small></a>
<a href="/setup">安装证书 <small>Trust this hub's certificate</small></a>
<a href="/api/health">服务状态 <small>Health</small></a></body></html>`;

/**
 * Whether a request comes from a page of this hub (or from no page at all: a tablet's app, curl, a test). A
 * browser names the page's origin on every cross-site request, so one naming another site is refused.
 * @example sameOrigin({ host: 'hub:8443', origin: 'https://evil.example' }) // false
 */
export function sameOrigin(headers: IncomingHttpHeaders): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.host === (headers.host ?? '').toLowerCase();
  } catch {
    return false; // "null" (a sandboxed frame, a file) or garbage
  }
}

/** Decodes a path as often as it is encoded (%252e → %2e → .); null when it does not decode. */
function decodedPath(raw: string): string | null {
  let p = raw;
  for (let i = 0; i < 4; i++) {
    let next: string;
    try {
      next = decodeURIComponent(p);
    } catch {
      return null;
    }
    if (next === p) return p;
    p = next;
  }
  return p;
}

/**
 * Refuses, and logs, a path that tries to leave the folder it names: `..` segments however encoded, backslashes
 * (Windows separators) and NUL bytes. express.static would refuse most of these too, but silently; a school's IT
 * person should see someone probing.
 */
export function refuseTraversal(logger: Logger): express.RequestHandler {
  return (req, res, next) => {
    const raw = req.originalUrl.split('?')[0] ?? '';
    const p = decodedPath(raw);
    if (p !== null && !/[\\\0]/.test(p) && !/(^|\/)\.\.(\/|$)/.test(p)) {
      next();
      return;
    }
    logger.warn('path refused', { path: raw.slice(0, 200), ip: req.ip });
    res.status(400).json({ problem: problem('bad_path') });
  };
}

export function mountPages(app: express.Express, opts: PagesOptions) {
  app.get('/ca.crt', (_req, res) => {
    res.set({
      'Content-Type': 'application/x-x509-ca-cert',
      'Content-Disposition': 'attachment; filename="relay-ca.crt"',
    });
    res.send(opts.tls.caCertDer);
  });
  app.get('/setup', (req, res) => {
    const html = setupPage(opts, req);
    res.set('Content-Security-Policy', cspForHtml(html)).type('html').send(html);
  });
  app.get('/favicon.ico', (_req, res) => {
    res.set(FAVICON_HEADERS).send(faviconBytes());
  });
  const landingCsp = cspForHtml(landing);
  app.get('/', (_req, res) => {
    res.set('Content-Security-Policy', landingCsp).type('html').send(landing);
  });
  if (existsSync(DIST_DIR)) {
    // The leader's and the office's pages are apps of their own (leader/, office/), each at its own short address.
    app.use('/leader', express.static(path.join(DIST_DIR, 'leader'), { index: 'index.html', redirect: true }));
    app.use('/office', express.static(path.join(DIST_DIR, 'office'), { index: 'index.html', redirect: true }));
    // the gate board (BD1): a TV or spare tablet at the gate, paired with a board code
    app.use('/board', express.static(path.join(DIST_DIR, 'board'), { index: 'index.html', redirect: true }));
    // Where these pages were first served: a bookmark on a leader's phone or the office PC still arrives.
    app.get(['/kiosk/leader', '/kiosk/leader/'], (_req, res) => {
      res.redirect(301, '/leader/');
    });
    app.get(['/kiosk/office', '/kiosk/office/'], (_req, res) => {
      res.redirect(301, '/office/');
    });
    app.use(express.static(DIST_DIR, { index: 'index.html', redirect: true }));
  }
}

/** The plain-HTTP port: the CA and its instructions, and a redirect to HTTPS for everything else. */
export function redirectToHttps(opts: PagesOptions): RequestListener {
  return (req, res) => {
    const url = req.url ?? '/';
    if (req.method === 'GET' && url === '/ca.crt') {
      res.writeHead(200, {
        'Content-Type': 'application/x-x509-ca-cert',
        'Content-Disposition': 'attachment; filename="relay-ca.crt"',
      });
      res.end(opts.tls.caCertDer);
      return;
    }
    if (req.method === 'GET' && url === '/favicon.ico') {
      res.writeHead(200, FAVICON_HEADERS);
      res.end(faviconBytes());
      return;
    }
    if (req.method === 'GET' && (url === '/setup' || url === '/')) {
      const html = setupPage(opts, req);
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': cspForHtml(html) });
      res.end(html);
      return;
    }
    const target = `https://${hubHost(opts.tls, req.headers.host)}:${opts.httpsPort()}${url.startsWith('/') ? url : '/'}`;
    res.writeHead(308, { Location: target });
    res.end();
  };
}
