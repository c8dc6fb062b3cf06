/** Every page has its tab icon (issue #16): `/favicon.ico` was a 404 on every page, in every browser's console. */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from './hubProcess';
import { startHub } from './hubProcess';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let hub: RunningHub;

beforeAll(async () => {
  hub = await startHub();
});
afterAll(async () => {
  await hub?.stop();
});

function get(
  url: string,
  opts: https.RequestOptions,
): Promise<{ status: number; type: string | undefined; body: Buffer }> {
  const lib = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    lib
      .get(url, opts, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body: Buffer.concat(chunks) }),
        );
      })
      .on('error', reject);
  });
}

/** An ICO file: reserved 0, type 1, at least one image, each of them a PNG. */
function expectIcon(body: Buffer) {
  expect(body.readUInt16LE(0)).toBe(0);
  expect(body.readUInt16LE(2)).toBe(1);
  const count = body.readUInt16LE(4);
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const offset = body.readUInt32LE(6 + 16 * i + 12);
    expect(body.subarray(offset, offset + 4).toString('latin1')).toBe('\x89PNG');
  }
}

describe('/favicon.ico', () => {
  it('answers 200 with an image over HTTPS', async () => {
    const r = await get(`https://127.0.0.1:${hub.port}/favicon.ico`, { ca: hub.ca(), servername: 'localhost' });
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^image\//);
    expectIcon(r.body);
  });

  it('and on the plain-HTTP port, where the certificate instructions are read before the CA is trusted', async () => {
    const r = await get(`http://127.0.0.1:${hub.httpPort}/favicon.ico`, {
      headers: { host: `127.0.0.1:${hub.httpPort}` },
    });
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^image\//);
    expectIcon(r.body);
  });

  it('each page names it', () => {
    for (const page of ['kiosk', 'leader', 'office']) {
      const html = readFileSync(path.join(ROOT, page, 'index.html'), 'utf8');
      expect(html, page).toMatch(/<link rel="icon" href="\/favicon\.ico"/);
    }
  });
});
