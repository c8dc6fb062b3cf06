/**
 * The real camera path: Chromium's fake camera plays a video of a card made by cards/, the kiosk decodes it,
 * and the check-in reaches the hub.
 * - At arm's length: a 1280 × 720 camera and a whole student card, as printed, about 40 cm away (15 % of the
 *   frame's width, its code 5 %, 2.7 px a module), off-centre. The kiosk's decoder reads the camera's own pixels in a
 *   worker (kiosk/lib/nativeScanner.ts); shrunk to the on-screen box, as html5-qrcode decodes, it cannot.
 * - The old pipeline (localStorage relay.decoder = html5-qrcode), kept for the benchmark, still reads a card
 *   held close (its bare code filling the scanning square).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { qrBitmap } from '../../cards/qrBitmap';
import type { Roster, Student } from '../../core/roster';
import type { DayState } from '../../core/state';
import { enrolled, todayAtSchool } from '../hub/demoEvents';
import type { RunningHub } from '../hub/hubProcess';
import { adminToken, demoPairingCode, request, startDemoHub, startHub } from '../hub/hubProcess';
import { launch } from './browser';
import { KioskPage } from './kioskPage';
import { writeCardY4m, writeY4m } from './y4m';

let hub: RunningHub;
let browser: Browser | undefined;
let roster: Roster;
let admin: string;

beforeAll(async () => {
  ({ hub, admin, roster } = await startDemoHub());
});
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});
afterAll(async () => {
  await hub?.stop();
});

/** Every URL the kiosk's pages and workers asked for. */
const requested: string[] = [];

const videoFile = (name: string) => path.join(mkdtempSync(path.join(os.tmpdir(), 'relay-cam-')), name);

async function statusOnHub(child: Student) {
  return (await request<DayState>(hub, 'GET', `/api/headcount?date=${todayAtSchool(roster)}`, { token: admin })).body
    .children[child.id];
}

/** Pairs a kiosk for the care room, signs in, switches the camera on, and waits for the child's verdict. */
async function scanWithCamera(video: string, child: Student, setup?: (k: KioskPage) => Promise<void>) {
  browser = await launch({ trustCa: path.join(hub.dataDir, 'tls', 'ca.crt'), fakeCameraFile: video });
  const kiosk = await KioskPage.open(browser, hub);
  kiosk.context.on('request', (r) => requested.push(r.url()));
  kiosk.page.on('console', (m) => {
    if (m.type() === 'error') console.error('[kiosk console]', m.text(), m.location().url);
  });
  await setup?.(kiosk);
  await kiosk.pair(demoPairingCode(hub), '三年级1班');
  await kiosk.chooseCare('g3-whole');
  await kiosk.signIn('care-3a');
  await kiosk.page.getByTestId('camera-toggle').click();
  await expect.poll(async () => (await kiosk.verdict()).name, { timeout: 30_000 }).toBe(child.name);
  expect((await kiosk.verdict()).level).toBe('ok');
  await expect.poll(async () => (await statusOnHub(child))?.status, { timeout: 10_000 }).toBe('in_care');
  return kiosk;
}

describe('kiosk camera', () => {
  it('reads a student card at arm’s length (40 cm: the card 15 % of a 1280 × 720 frame, off-centre) and the check-in reaches the hub', async () => {
    const child = enrolled(roster).filter((s) => s.groupId === 'g3-whole')[1]!;
    const video = videoFile('card-40cm.y4m');
    const clip = writeCardY4m(video, child.cardId!, { cardShare: 0.15, centre: { x: 0.66, y: 0.36 } });
    // What the test claims: the card is small and not in the middle.
    expect(clip.cardPx / 1280).toBeCloseTo(0.15, 2);
    expect(clip.symbolShare).toBeGreaterThan(0.045);
    expect(clip.symbolShare).toBeLessThan(0.06);
    expect(clip.pxPerModule).toBeLessThan(3.1);
    const kiosk = await scanWithCamera(video, child);
    const view = kiosk.page.getByTestId('camera-view');
    // Decoded at the camera's resolution, in the worker, from a region most of the frame.
    expect(await view.getAttribute('data-frame')).toBe('1280x720');
    await expect.poll(() => view.getAttribute('data-decoder')).toBe('zxing-wasm');
    expect(await view.getAttribute('data-region')).toBe('1024x612');
    // The worker takes the camera's frames itself: none is cut or copied on the page's thread.
    expect(await view.getAttribute('data-source')).toBe('worker');
    const ms = Number(await view.getAttribute('data-decode-ms'));
    const frames = Number(await view.getAttribute('data-frames'));
    console.log(`[camera] 1280×720, region 1024×612: median ${ms} ms a frame in the worker, ${frames} frames decoded`);
    expect(ms).toBeGreaterThan(0);
    // The decoder came from the hub (the worker from a blob: of the page's origin), not a CDN, and the service
    // worker holds it for offline use.
    const origin = `https://localhost:${hub.port}/`;
    expect(requested.filter((u) => !u.startsWith(origin) && !u.startsWith(`blob:${origin}`))).toEqual([]);
    expect(requested.some((u) => /\/assets\/zxing_reader-[\w-]+\.wasm$/.test(u))).toBe(true);
    await expect
      .poll(
        () =>
          kiosk.page.evaluate(async () => {
            for (const name of await caches.keys()) {
              const keys = await (await caches.open(name)).keys();
              if (keys.some((r) => /zxing_reader-[\w-]+\.wasm/.test(r.url))) return true;
            }
            return false;
          }),
        { timeout: 15_000 },
      )
      .toBe(true);
    // The camera keeps seeing the card; it is recorded once (kiosk/lib/dedupe.ts).
    await kiosk.page.waitForTimeout(1500);
    await expect.poll(() => kiosk.unsent()).toBe(0);
    expect((await statusOnHub(child))!.chain.filter((l) => l.type === 'checked_in')).toHaveLength(1);
    // Nothing of the camera view is outside the page, and its buttons are a finger's size.
    const box = (await view.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(1100);
    const toggle = (await kiosk.page.getByTestId('camera-toggle').boundingBox())!;
    expect(Math.min(toggle.width, toggle.height)).toBeGreaterThanOrEqual(48);
    await kiosk.close();
  });

  it('the camera view fits a tablet either way round and a phone; front or rear camera, remembered; the torch (an old 26 mm card, read without OffscreenCanvas)', async () => {
    const child = enrolled(roster).filter((s) => s.groupId === 'g3-whole')[2]!;
    const video = videoFile('card-40cm-b.y4m');
    // A card printed before the code grew (26 mm with a 4-module quiet zone, 1.8 px a module at 40 cm): still in
    // children's bags.
    writeCardY4m(video, child.cardId!, { cardShare: 0.15, centre: { x: 0.4, y: 0.6 }, qrMm: 26, quietZone: 4 });
    const kiosk = await scanWithCamera(video, child, async (k) => {
      // Chromium's fake camera is a single device; a tablet has two. Say so, so the switch shows. And no
      // OffscreenCanvas on the page, as on iPadOS before 16.4, and no MediaStreamTrackProcessor, as in Safari
      // and Firefox: the page reads the pixels for the worker.
      await k.context.addInitScript(() => {
        delete (window as { OffscreenCanvas?: unknown }).OffscreenCanvas;
        delete (window as { MediaStreamTrackProcessor?: unknown }).MediaStreamTrackProcessor;
        // A rear camera with a torch, as many tablets have (the fake camera has none): what the kiosk asks of it.
        const torch: boolean[] = ((window as unknown as { __torch: boolean[] }).__torch = []);
        const caps = MediaStreamTrack.prototype.getCapabilities;
        MediaStreamTrack.prototype.getCapabilities = function () {
          return { ...caps.call(this), torch: true } as MediaTrackCapabilities;
        };
        const apply = MediaStreamTrack.prototype.applyConstraints;
        MediaStreamTrack.prototype.applyConstraints = function (c?: MediaTrackConstraints) {
          const t = (c?.advanced?.[0] as { torch?: boolean } | undefined)?.torch;
          if (t !== undefined) {
            torch.push(t);
            return Promise.resolve();
          }
          return apply.call(this, c);
        };
        const md = navigator.mediaDevices;
        const list = md.enumerateDevices.bind(md);
        md.enumerateDevices = async () => {
          const all = await list();
          const cams = all.filter((d) => d.kind === 'videoinput');
          return cams.length === 1 ? [...all, { ...cams[0]!.toJSON(), deviceId: 'second' } as MediaDeviceInfo] : all;
        };
      });
      await k.page.reload();
    });
    const page = kiosk.page;
    const view = page.getByTestId('camera-view');
    const shots = process.env.RELAY_CAMERA_SHOTS;
    const fits = async (width: number, height: number, name: string) => {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(300);
      // Nothing sideways off the page; the preview, its aiming frame and every button on it.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      const v = (await view.boundingBox())!;
      expect(v.x).toBeGreaterThanOrEqual(0);
      expect(v.x + v.width).toBeLessThanOrEqual(width);
      expect(v.width).toBeGreaterThan(width * 0.3);
      const aim = (await page.getByTestId('camera-aim').boundingBox())!;
      expect(aim.x).toBeGreaterThanOrEqual(v.x - 0.5);
      expect(aim.x + aim.width).toBeLessThanOrEqual(v.x + v.width + 0.5);
      expect(aim.y + aim.height).toBeLessThanOrEqual(v.y + v.height + 0.5);
      for (const b of await page.locator('.scan-camera button').all()) {
        const r = (await b.boundingBox())!;
        expect(Math.min(r.width, r.height), (await b.textContent()) ?? '').toBeGreaterThanOrEqual(48);
        expect(r.x + r.width).toBeLessThanOrEqual(width);
      }
      // Chinese first on the hint and the buttons.
      expect(await page.getByTestId('camera-hint').textContent()).toMatch(/^把学生卡/);
      if (shots) await page.screenshot({ path: path.join(shots, `camera-${name}-${width}x${height}.png`) });
    };
    // The torch, where the camera has one: on, then off again.
    const torchButton = page.getByTestId('camera-torch');
    await torchButton.click();
    await expect.poll(() => torchButton.getAttribute('aria-pressed')).toBe('true');
    await fits(1280, 800, 'rear');
    await torchButton.click();
    await expect.poll(() => torchButton.getAttribute('aria-pressed')).toBe('false');
    expect(await page.evaluate(() => (window as unknown as { __torch: boolean[] }).__torch)).toEqual([true, false]);
    await fits(800, 1280, 'rear');
    await fits(360, 800, 'rear');
    // The front camera: the preview is a mirror, the choice is kept on this tablet, and decoding goes on.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('camera-switch').click();
    await expect.poll(() => view.getAttribute('class')).toContain('mirrored');
    expect(await page.evaluate(() => localStorage.getItem('relay.camera'))).toBe('front');
    expect(await page.locator('.scan-camera video').evaluate((e) => getComputedStyle(e).transform)).toBe(
      'matrix(-1, 0, 0, 1, 0, 0)',
    );
    const before = Number(await view.getAttribute('data-frames'));
    await expect.poll(async () => Number(await view.getAttribute('data-frames'))).toBeGreaterThan(before);
    expect(await view.getAttribute('data-source')).toBe('page');
    await fits(1280, 800, 'front');
    await page.reload();
    await page.getByTestId('camera-toggle').click();
    await expect.poll(() => view.getAttribute('class')).toContain('mirrored');
    expect(await page.getByTestId('camera-switch').textContent()).toMatch(/^前置 → 后置/);
    await kiosk.close();
  });

  it('offline: with the hub down, the decoder comes from the service worker; the scan is kept and sent once the hub is back', async () => {
    const child = enrolled(roster).filter((s) => s.groupId === 'g3-whole')[3]!;
    const video = videoFile('card-40cm-offline.y4m');
    writeCardY4m(video, child.cardId!, { cardShare: 0.15, centre: { x: 0.3, y: 0.3 } });
    browser = await launch({ trustCa: path.join(hub.dataDir, 'tls', 'ca.crt'), fakeCameraFile: video });
    const kiosk = await KioskPage.open(browser, hub);
    kiosk.page.on('console', (m) => {
      if (m.type() === 'error' && !/ERR_CONNECTION_REFUSED|favicon/.test(m.text() + m.location().url))
        console.error('[kiosk console]', m.text(), m.location().url);
    });
    await kiosk.pair(demoPairingCode(hub), '三年级1班');
    await kiosk.chooseCare('g3-whole');
    await kiosk.signIn('care-3a');
    await kiosk.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await expect.poll(() => kiosk.unsent(), { timeout: 10_000 }).toBe(0);
    // The camera was never on while the hub was up: the worker and its WebAssembly can only come from the
    // service worker's precache.
    const port = hub.port;
    await hub.kill9();
    await kiosk.page.reload();
    await kiosk.page.getByTestId('verdict').waitFor({ timeout: 10_000 });
    await kiosk.page.getByTestId('camera-toggle').click();
    await expect.poll(async () => (await kiosk.verdict()).name, { timeout: 30_000 }).toBe(child.name);
    expect((await kiosk.verdict()).level).toBe('ok');
    await expect.poll(() => kiosk.unsent()).toBe(1);
    hub = await startHub({ dataDir: hub.dataDir, port });
    admin = await adminToken(hub);
    await expect.poll(async () => (await statusOnHub(child))?.status, { timeout: 20_000 }).toBe('in_care');
    await expect.poll(() => kiosk.unsent(), { timeout: 10_000 }).toBe(0);
    await kiosk.close();
  });

  it('the old pipeline (relay.decoder = html5-qrcode) still decodes a card held close', async () => {
    const child = enrolled(roster).filter((s) => s.groupId === 'g3-whole')[0]!;
    const video = videoFile('card-close.y4m');
    // 8 px a module: the code with its quiet zone is 264 px, well inside the scanning square of a 640×480 frame.
    writeY4m(video, qrBitmap(child.cardId!, 8));
    const kiosk = await scanWithCamera(video, child, async (k) => {
      await k.page.evaluate(() => localStorage.setItem('relay.decoder', 'html5-qrcode'));
      await k.page.reload();
    });
    // html5-qrcode's own element and video, not the new view's aiming frame.
    expect(await kiosk.page.locator('#camera-view video').count()).toBe(1);
    expect(await kiosk.page.getByTestId('camera-aim').count()).toBe(0);
    await kiosk.page.waitForTimeout(1500);
    await expect.poll(() => kiosk.unsent()).toBe(0);
    expect((await statusOnHub(child))!.chain.filter((l) => l.type === 'checked_in')).toHaveLength(1);
    await kiosk.close();
  });
});
