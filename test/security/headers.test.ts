/**
 * The low findings of the security review (issue #14): what the HTTPS port offers, the headers every answer
 * carries, where the plain-HTTP port sends a browser, what a sign-in leaves in the log, and signing out on the
 * hub itself. Each runs against the real hub process.
 */
import http from 'node:http';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../hub/hubProcess';
import { DEMO_PIN } from '../../hub/demo/demoSchool';
import { ADMIN_PASSWORD, startDemoHub } from '../hub/hubProcess';
import { req } from './hubState';

let hub: RunningHub;
let admin: string;

beforeAll(async () => {
  ({ hub, admin } = await startDemoHub());
}, 90_000);
afterAll(async () => {
  await hub?.stop();
});

/** A TLS handshake offering only `ciphers` at `version`: the cipher agreed, or the error that refused it. */
function handshake(ciphers: string, version: tls.SecureVersion): Promise<string> {
  return new Promise((resolve) => {
    const socket = tls.connect({
      host: '127.0.0.1',
      port: hub.port,
      ca: hub.ca(),
      servername: 'localhost',
      ciphers,
      minVersion: version,
      maxVersion: version,
    });
    socket.once('secureConnect', () => {
      resolve(socket.getCipher().standardName);
      socket.end();
    });
    socket.once('error', (err) => resolve(`refused: ${err.message}`));
  });
}

describe('TLS', () => {
  it.each(['AES128-SHA', 'ECDHE-RSA-AES128-SHA', 'AES128-GCM-SHA256', 'DHE-RSA-AES128-GCM-SHA256', 'AES256-SHA256'])(
    'TLS 1.2 refuses %s (CBC-SHA1 or no forward secrecy)',
    async (cipher) => {
      expect(await handshake(cipher, 'TLSv1.2')).toMatch(/^refused/);
    },
  );
  it.each(['ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-CHACHA20-POLY1305'])(
    'TLS 1.2 accepts %s',
    async (cipher) => {
      expect(await handshake(cipher, 'TLSv1.2')).toMatch(/^TLS_ECDHE_RSA_WITH_/);
    },
  );
  it('TLS 1.3 is as Node has it', async () => {
    expect(await handshake('TLS_AES_128_GCM_SHA256', 'TLSv1.3')).toBe('TLS_AES_128_GCM_SHA256');
  });
});

describe('headers on every page and API answer', () => {
  const answers: [string, string, boolean][] = [
    ['landing page', '/', false],
    ['certificate page', '/setup', false],
    ['kiosk page', '/kiosk/', false],
    ['leader page', '/leader/', false],
    ['office page', '/office/', false],
    ['service worker', '/sw.js', false],
    ['health', '/api/health', false],
    ['a refused API call', '/api/roster', false],
    ['an API answer', '/api/roster', true],
    ['an unknown API route', '/api/nothing-here', true],
  ];
  it.each(answers)('%s (%s)', async (_what, path, withToken) => {
    const r = await req(hub, 'GET', path, withToken ? { token: admin } : {});
    expect(r.status).toBeLessThan(500);
    expect(r.headers['strict-transport-security']).toBe('max-age=15552000');
    expect(r.headers['permissions-policy']).toBe('camera=(self), microphone=(), geolocation=()');
    const csp = String(r.headers['content-security-policy']);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "connect-src 'self' wss:",
      "img-src 'self' data: blob:",
      "worker-src 'self' blob:",
      "frame-ancestors 'none'",
    ])
      expect(csp).toContain(directive);
    // 'wasm-unsafe-eval' lets the kiosk's QR decoder worker compile WebAssembly and nothing else; no other 'unsafe-…'.
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval';");
    expect(csp.replace("'wasm-unsafe-eval'", '')).not.toContain('unsafe');
  });
});

/** A plain-HTTP GET to the hub's redirect port with the Host header the client chose. */
function plainGet(urlPath: string, host: string): Promise<{ status: number; location?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const r = http.get({ host: '127.0.0.1', port: hub.httpPort, path: urlPath, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
    });
    r.on('error', reject);
  });
}

describe('the plain-HTTP port', () => {
  it('redirects to the host it was asked for when that is one of the hub’s own names', async () => {
    const r = await plainGet('/kiosk/?x=1', `127.0.0.1:${hub.httpPort}`);
    expect(r.status).toBe(308);
    expect(r.location).toBe(`https://127.0.0.1:${hub.port}/kiosk/?x=1`);
    expect((await plainGet('/office/', 'localhost')).location).toBe(`https://localhost:${hub.port}/office/`);
  });
  it.each(['evil.example', 'evil.example:80', '10.66.66.66', 'localhost.evil.example', '[::2]'])(
    'never names an arbitrary Host (%s) in its redirect or its certificate page',
    async (host) => {
      const r = await plainGet('/leader/', host);
      expect(r.status).toBe(308);
      const target = new URL(r.location!);
      expect(target.host).not.toContain(host.replace(/:\d+$/, ''));
      expect(target.protocol).toBe('https:');
      expect(target.port).toBe(String(hub.port));
      expect(target.pathname).toBe('/leader/');
      const setup = await plainGet('/setup', host);
      expect(setup.status).toBe(200);
      expect(setup.body).not.toContain(host.replace(/:\d+$/, ''));
    },
  );
});

/** The hub's log lines with this `msg`, parsed. */
const logLines = (msg: string) =>
  hub
    .output()
    .split('\n')
    .filter((l) => l.includes(`"msg":"${msg}"`))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('what a sign-in and a backup leave in the log', () => {
  it('a successful office sign-in, with the address', async () => {
    expect((await req(hub, 'POST', '/api/admin/login', { body: { password: ADMIN_PASSWORD } })).status).toBe(200);
    // One line a sign-in: startDemoHub's and this one (none of the tests above signs in).
    await expect.poll(() => logLines('admin signed in').length).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(logLines('admin signed in')).toHaveLength(2);
    expect(logLines('admin signed in').at(-1)).toMatchObject({ level: 'info', ip: '127.0.0.1' });
  });
  it("a successful duty leader's sign-in, with who and the address", async () => {
    const r = await req(hub, 'POST', '/api/leader/login', { body: { staffId: 'leader-1', pin: DEMO_PIN } });
    expect(r.status).toBe(200);
    await expect
      .poll(() => logLines('leader signed in').at(-1))
      .toMatchObject({ staffId: 'leader-1', ip: '127.0.0.1' });
    await new Promise((r) => setTimeout(r, 300));
    expect(logLines('leader signed in')).toHaveLength(1);
  });
  it('a backup downloaded, with the address', async () => {
    expect((await req(hub, 'GET', '/api/admin/backup', { token: admin })).status).toBe(200);
    await expect.poll(() => logLines('backup downloaded').at(-1)).toMatchObject({ ip: '127.0.0.1' });
  });
});
