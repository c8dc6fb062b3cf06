/**
 * The office page shows the school CA's SHA-256 fingerprint, the one the hub printed at start and the one a
 * tablet's certificate details show, in Chinese first and English second, without overflowing a phone's width.
 */
import { X509Certificate } from 'node:crypto';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch } from '../e2e/browser';
import type { RunningHub } from '../hub/hubProcess';
import { ADMIN_PASSWORD, startHub } from '../hub/hubProcess';

let hub: RunningHub;
let browser: Browser;

beforeAll(async () => {
  hub = await startHub();
  browser = await launch({ trustCa: path.join(hub.dataDir, 'tls', 'ca.crt') });
});
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

describe("the office's 学校根证书 section", () => {
  for (const [width, height] of [
    [1280, 800],
    [360, 800],
  ] as const) {
    it(`shows the fingerprint the hub printed and the tablet sees (${width}×${height})`, async () => {
      const fp = new X509Certificate(hub.ca()).fingerprint256;
      expect(hub.output()).toContain(`CA fingerprint (SHA-256): ${fp}`);
      const page = await browser.newPage({ viewport: { width, height } });
      try {
        await page.goto(`https://localhost:${hub.port}/office/`);
        await page.getByTestId('office-password').fill(ADMIN_PASSWORD);
        await page.getByTestId('office-login').click();
        await page.getByTestId('tab-devices').click();
        const shown = page.getByTestId('ca-fingerprint');
        await shown.waitFor();
        expect((await shown.innerText()).trim().split(/\s+/).join(':')).toBe(fp);
        const section = page.locator('.ca-fingerprint');
        const text = await section.innerText();
        expect(text.indexOf('学校根证书')).toBeLessThan(text.indexOf("The school's CA"));
        expect(text).toMatch(/核对 SHA-256 指纹/);
        expect(text).toMatch(/check that the SHA-256 fingerprint/);
        const overflow = await section.evaluate((el) =>
          [el, ...el.querySelectorAll('*')].some(
            (e) => e.getBoundingClientRect().right > window.innerWidth || e.scrollWidth > e.clientWidth + 1,
          ),
        );
        expect(overflow).toBe(false);
      } finally {
        await page.close();
      }
    });
  }
});
