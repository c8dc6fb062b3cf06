/**
 * What the hub serves besides the API: the CA certificate and how to trust it (also over plain HTTP, since a
 * tablet cannot open HTTPS before it trusts the CA), the built pages, and a landing page.
 */
import express from 'express';
import type { IncomingMessage, RequestListener } from 'node:http';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TlsMaterial } from './tls/certificates';
import { caInstructionsHtml, fingerprintSha256 } from './tls/certificates';

/** `httpsPort` is read per request: with `--port 0` it is known only after listening. */
export interface PagesOptions { tls: TlsMaterial; httpsPort: () => number }

export const DIST_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');

function hostOnly(hostHeader: string | undefined): string {
  // Keep only a hostname or address: the Host header is the client's to set and must not inject a URL.
  const host = (hostHeader ?? 'localhost').replace(/:\d+$/, '');
  return /^[A-Za-z0-9.-]+$|^\[[0-9a-fA-F:]+\]$/.test(host) ? host : 'localhost';
}

function setupPage(opts: PagesOptions, req: Pick<IncomingMessage, 'headers'>): string {
  const host = hostOnly(req.headers.host);
  return caInstructionsHtml({
    caUrl: '/ca.crt',
    httpsUrl: `https://${host}:${opts.httpsPort()}/`,
    fingerprintSha256: fingerprintSha256(opts.tls.caCert),
  });
}

const landing = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>接力 Relay</title><style>body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.6}
a{display:block;font-size:1.3rem;margin:.6rem 0}small{color:#666}</style></head><body>
<h1>接力 <small>Relay</small></h1><p>课后服务签到与交接 <small>after-school check-in and hand-over</small></p>
<a href="/kiosk/">平板签到 <small>Kiosk</small></a>
<a href="/leader/">值班领导 <small>Duty leader</small></a>
<a href="/office/">教导处 <small>Office</small></a>
<a href="/setup">安装证书 <small>Trust this hub's certificate</small></a>
<a href="/api/health">服务状态 <small>Health</small></a></body></html>`;

export function mountPages(app: express.Express, opts: PagesOptions) {
  app.get('/ca.crt', (_req, res) => {
    res.set({ 'Content-Type': 'application/x-x509-ca-cert', 'Content-Disposition': 'attachment; filename="relay-ca.crt"' });
    res.send(opts.tls.caCertDer);
  });
  app.get('/setup', (req, res) => { res.type('html').send(setupPage(opts, req)); });
  app.get('/', (_req, res) => { res.type('html').send(landing); });
  if (existsSync(DIST_DIR)) {
    // The leader's page is built beside the kiosk's but served at its own short address.
    app.use('/leader', express.static(path.join(DIST_DIR, 'kiosk', 'leader'), { index: 'index.html', redirect: true }));
    app.use('/office', express.static(path.join(DIST_DIR, 'kiosk', 'office'), { index: 'index.html', redirect: true }));
    app.use(express.static(DIST_DIR, { index: 'index.html', redirect: true }));
  }
}

/** The plain-HTTP port: the CA and its instructions, and a redirect to HTTPS for everything else. */
export function redirectToHttps(opts: PagesOptions): RequestListener {
  return (req, res) => {
    const url = req.url ?? '/';
    if (req.method === 'GET' && url === '/ca.crt') {
      res.writeHead(200, { 'Content-Type': 'application/x-x509-ca-cert', 'Content-Disposition': 'attachment; filename="relay-ca.crt"' });
      res.end(opts.tls.caCertDer);
      return;
    }
    if (req.method === 'GET' && (url === '/setup' || url === '/')) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(setupPage(opts, req));
      return;
    }
    const target = `https://${hostOnly(req.headers.host)}:${opts.httpsPort()}${url.startsWith('/') ? url : '/'}`;
    res.writeHead(308, { Location: target });
    res.end();
  };
}
