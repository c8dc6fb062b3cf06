/**
 * 4. Decode: card QR codes made by cards/ (the same modules as the printed card, cards/qrBitmap.ts) placed on a
 * 640×480 camera frame and made worse in Chromium's canvas (blur, rotation, perspective, low contrast, glare,
 * small in frame, all at once), then a square of 70 % of the short side, in the middle, handed to three
 * decoders on the same frames in the same page (decoders alone; what the kiosk reads at which distance,
 * through its own page and camera, is bench/readingDistance.ts):
 * - html5-qrcode 2.3.8, the kiosk's decoder until #15 (zxing-js inside, TRY_HARDER off; it would use the
 *   browser's BarcodeDetector where one exists, which desktop Linux Chromium does not have);
 * - zxing-wasm (zxing-cpp compiled to WebAssembly, served from the npm package: no network), the kiosk's
 *   decoder since #15 (here on the square as it is, without the kiosk's further passes);
 * - jsQR.
 * The share decoded is the same on every pass (the frames are deterministic); the time per frame is a median
 * over passes.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import http from 'node:http';
import path from 'node:path';
import { qrBitmap } from '../cards/qrBitmap';
import { studentCards } from '../cards/cardData';
import { makeDemoSchool } from '../hub/demo/demoSchool';
import { KEEP_NAMES_SHIM, launchBrowser } from './lib/chromium';
import { ROOT } from './lib/hubs';
import type { Row, SectionResult } from './lib/report';
import { figure, fmt, median, num } from './lib/stats';

const CARDS = 12;
const BASE_MODULE_PX = 10;

export interface Condition {
  name: string;
  modulePx: number;
  blurPx?: number;
  angleDeg?: number;
  keystone?: number;
  contrast?: number;
  glare?: number;
}
export const CONDITIONS: Condition[] = [
  { name: 'clean (8 px/module)', modulePx: 8 },
  { name: 'blur 3 px', modulePx: 8, blurPx: 3 },
  { name: 'rotated 30°', modulePx: 8, angleDeg: 30 },
  { name: 'perspective (top edge 65 % as wide)', modulePx: 8, keystone: 0.65 },
  { name: 'low contrast (20 %)', modulePx: 8, contrast: 0.2 },
  { name: 'glare', modulePx: 8, glare: 0.95 },
  { name: 'small in frame (2.5 px/module)', modulePx: 2.5 },
  { name: 'small (4 px/module) and blurred 1.5 px', modulePx: 4, blurPx: 1.5 },
  { name: 'harder: blur 4.5 px', modulePx: 8, blurPx: 4.5 },
  { name: 'harder: perspective (top edge 45 % as wide)', modulePx: 8, keystone: 0.45 },
  { name: 'harder: low contrast (8 %)', modulePx: 8, contrast: 0.08 },
  { name: 'harder: small (1.8 px/module)', modulePx: 1.8 },
  { name: 'all at once, milder', modulePx: 5, blurPx: 0.8, angleDeg: 15, keystone: 0.9, contrast: 0.5, glare: 0.5 },
];
const DECODERS = ['html5-qrcode (earlier kiosk)', 'zxing-wasm (kiosk)', 'jsQR'] as const;

const FILES: Record<string, [string, string]> = {
  '/html5-qrcode.min.js': ['node_modules/html5-qrcode/html5-qrcode.min.js', 'text/javascript'],
  '/jsQR.js': ['node_modules/jsqr/dist/jsQR.js', 'text/javascript'],
  '/zxing.js': ['node_modules/zxing-wasm/dist/iife/reader/index.js', 'text/javascript'],
  '/zxing_reader.wasm': ['node_modules/zxing-wasm/dist/reader/zxing_reader.wasm', 'application/wasm'],
};
const PAGE = `<!doctype html><meta charset="utf-8"><div id="reader"></div>
<script src="/html5-qrcode.min.js"></script><script src="/jsQR.js"></script><script src="/zxing.js"></script>`;

function serve(): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const f = FILES[req.url ?? ''];
    if (f) {
      res.writeHead(200, { 'content-type': f[1] });
      res.end(readFileSync(path.join(ROOT, f[0])));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(PAGE);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

interface PassResult {
  decoded: Record<string, boolean[]>;
  ms: Record<string, number[]>;
  barcodeDetector: string;
}

type Decode = (canvas: HTMLCanvasElement, img: ImageData) => Promise<string | null>;

export async function decodeBench(o: { runs: number; log: (s: string) => void }): Promise<SectionResult> {
  // Seeded card ids: the same codes, hence the same frames, on every run of the bench.
  let seed = 20261124;
  const seeded = (n: number) =>
    Uint8Array.from({ length: n }, () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed >> 16;
    });
  const roster = makeDemoSchool({ randomBytes: seeded });
  const cards = studentCards(roster)
    .slice(0, CARDS)
    .map((c) => {
      const b = qrBitmap(c.cardId, BASE_MODULE_PX);
      return { text: c.cardId, side: b.width, pixels: Buffer.from(b.pixels).toString('base64') };
    });
  const server = await serve();
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext();
    await context.addInitScript(KEEP_NAMES_SHIM);
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error('[decode page error]', err.message));
    await page.goto(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
    const passes: PassResult[] = [];
    for (let r = 0; r < o.runs; r++) {
      passes.push(
        await page.evaluate(runPass, {
          cards,
          conditions: CONDITIONS,
          decoders: [...DECODERS],
          modulePx: BASE_MODULE_PX,
        }),
      );
      o.log(
        `  decode pass ${r + 1}: ${DECODERS.map((d) => `${d} ${num(passes.at(-1)!.decoded[d]!.filter(Boolean).length)}/${passes.at(-1)!.decoded[d]!.length}`).join(', ')}`,
      );
    }
    const frames = CARDS * CONDITIONS.length;
    const share = (d: string, cond?: number) => {
      const flags = passes[0]!.decoded[d]!;
      const pick = flags.filter((_, i) => cond === undefined || Math.floor(i / CARDS) === cond);
      return pick.filter(Boolean).length / pick.length;
    };
    const msPerFrame = (d: string) => figure(passes.map((p) => p.ms[d]!.reduce((a, b) => a + b, 0) / frames));
    const ours = DECODERS[0];
    const rows: Row[] = DECODERS.map((d, i) => ({
      section: 'Decode',
      what: `${d}: share decoded of ${frames} degraded frames; ms per frame`,
      ours: `${num(share(d) * 100)} %; ${fmt(msPerFrame(d), 'ms')}`,
      ...(i === 0
        ? {}
        : {
            ratio: `${num(median(passes.map((p) => p.ms[ours]!.reduce((a, b) => a + b, 0) / p.ms[d]!.reduce((a, b) => a + b, 0))))}× html5-qrcode's speed`,
          }),
    }));
    const table = [
      '| condition | ' + DECODERS.join(' | ') + ' |',
      '|---|' + DECODERS.map(() => '---|').join(''),
      ...CONDITIONS.map(
        (c, ci) =>
          `| ${c.name} | ${DECODERS.map((d) => `${num(share(d, ci) * 100)} % · ${num(median(passes.map((p) => p.ms[d]!.slice(ci * CARDS, (ci + 1) * CARDS).reduce((a, b) => a + b, 0) / CARDS)))} ms`).join(' | ')} |`,
      ),
      `| **all ${frames} frames** | ${DECODERS.map((d) => `**${num(share(d) * 100)} % · ${num(msPerFrame(d).median)} ms**`).join(' | ')} |`,
    ].join('\n');
    const best = [...DECODERS].sort((a, b) => share(b) - share(a) || msPerFrame(a).median - msPerFrame(b).median)[0]!;
    const gzKb = (f: string) => gzipSync(readFileSync(path.join(ROOT, f))).length / 1024;
    const wasmKb = gzKb(FILES['/zxing_reader.wasm']![0]) + gzKb(FILES['/zxing.js']![0]);
    const verdict =
      best === ours
        ? `html5-qrcode decodes the most frames (${num(share(ours) * 100)} %): the kiosk's move to zxing-wasm (#15) should be looked at again.`
        : `${best} is clearly better: it decodes ${num(share(best) * 100)} % of the frames against ${num(share(ours) * 100)} % for html5-qrcode, at ${num(msPerFrame(best).median)} against ${num(msPerFrame(ours).median)} ms per frame, and it is the one that still reads heavy blur, strong perspective and very low contrast. ` +
          (best.startsWith('zxing-wasm')
            ? `Its cost is size: ${num(wasmKb)} KB gzip (WebAssembly and its loader, shipped inside the npm package and precached, no network needed). ` +
              'The kiosk decodes with it since #15, in a worker, at the camera\'s own resolution and with further passes for blur and glare (kiosk/lib/decodeWorker.ts; "Reading distance" below). jsQR is slower than both.'
            : '');
    return {
      rows,
      notes: [`Decode: ${passes[0]!.barcodeDetector}`],
      extra: `Share decoded · median ms per frame, ${CARDS} student cards per condition, a 336 × 336 square of a 640 × 480 frame with sensor noise, the same frames for each decoder, ${o.runs} passes.\n\n${table}\n\n**Recommendation.** ${verdict}`,
    };
  } finally {
    await browser.close();
    server.close();
  }
}

/** Runs in the page: makes every frame, then has each decoder read it (in a rotating order), timing each. */
async function runPass(a: {
  cards: { text: string; side: number; pixels: string }[];
  conditions: Condition[];
  decoders: string[];
  modulePx: number;
}): Promise<PassResult> {
  const W = 640,
    H = 480,
    CROP = Math.floor(Math.min(W, H) * 0.7);
  const win = window as unknown as {
    __Html5QrcodeLibrary__: {
      Html5Qrcode: new (
        id: string,
        cfg: object,
      ) => { qrcode: { decodeAsync: (c: HTMLCanvasElement) => Promise<{ text: string }> } };
    };
    jsQR: (d: Uint8ClampedArray, w: number, h: number, o: object) => { data: string } | null;
    ZXingWASM: {
      prepareZXingModule: (o: object) => Promise<unknown>;
      readBarcodes: (img: ImageData, o: object) => Promise<{ text: string; isValid: boolean }[]>;
    };
    BarcodeDetector?: { getSupportedFormats: () => Promise<string[]> };
  };
  await win.ZXingWASM.prepareZXingModule({
    overrides: { locateFile: (p: string, prefix: string) => (p.endsWith('.wasm') ? `/${p}` : prefix + p) },
    fireImmediately: true,
  });
  const html5 = new win.__Html5QrcodeLibrary__.Html5Qrcode('reader', {
    formatsToSupport: [0],
    useBarCodeDetectorIfSupported: true,
    verbose: false,
  });
  const decoders: Record<string, Decode> = {
    'html5-qrcode (earlier kiosk)': async (canvas) => {
      try {
        return (await html5.qrcode.decodeAsync(canvas)).text;
      } catch {
        return null;
      }
    },
    'zxing-wasm (kiosk)': async (_c, img) =>
      (await win.ZXingWASM.readBarcodes(img, { formats: ['QRCode'], maxNumberOfSymbols: 1 })).find((x) => x.isValid)
        ?.text ?? null,
    jsQR: async (_c, img) =>
      win.jsQR(img.data, img.width, img.height, { inversionAttempts: 'dontInvert' })?.data ?? null,
  };
  let seed = 12345;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const codeCanvas = (card: { side: number; pixels: string }) => {
    const bytes = Uint8Array.from(atob(card.pixels), (ch) => ch.charCodeAt(0));
    const c = document.createElement('canvas');
    c.width = c.height = card.side;
    const img = c.getContext('2d')!.createImageData(card.side, card.side);
    for (let i = 0; i < bytes.length; i++) {
      const v = bytes[i]!;
      img.data[i * 4] = v;
      img.data[i * 4 + 1] = v;
      img.data[i * 4 + 2] = v;
      img.data[i * 4 + 3] = 255;
    }
    c.getContext('2d')!.putImageData(img, 0, 0);
    return c;
  };
  /**
   * The code on a card tilted away at the top: a true perspective (homography) from the square onto a
   * trapezoid whose top edge is `k` as wide as the bottom and whose top rows are foreshortened.
   */
  const tilted = (code: HTMLCanvasElement, k: number): HTMLCanvasElement => {
    const n = code.width;
    const src = code.getContext('2d')!.getImageData(0, 0, n, n).data;
    // Corners of the trapezoid in the output (same n × n box): TL, TR, BR, BL.
    const inset = (n * (1 - k)) / 2,
      top = n * (1 - k) * 0.5;
    const [x0, y0, x1, y1, x2, y2, x3, y3] = [inset, top, n - inset, top, n, n, 0, n];
    const dx3 = x0 - x1 + x2 - x3,
      dy3 = y0 - y1 + y2 - y3,
      dx1 = x1 - x2,
      dx2 = x3 - x2,
      dy1 = y1 - y2,
      dy2 = y3 - y2;
    const den = dx1 * dy2 - dx2 * dy1;
    const g = (dx3 * dy2 - dx2 * dy3) / den,
      h = (dx1 * dy3 - dx3 * dy1) / den;
    // (u, v) in the unit square → (x, y): x = (a u + b v + c) / (g u + h v + 1), y = (d u + e v + f) / (g u + h v + 1)
    const a = x1 - x0 + g * x1,
      b = x3 - x0 + h * x3,
      c = x0,
      d = y1 - y0 + g * y1,
      e = y3 - y0 + h * y3,
      f = y0;
    // Its inverse (the adjugate of the 3 × 3 matrix), to find for each output pixel where it comes from.
    const A = e - f * h,
      B = c * h - b,
      C = b * f - c * e,
      D = f * g - d,
      E = a - c * g,
      F = c * d - a * f,
      G = d * h - e * g,
      H = b * g - a * h,
      I = a * e - b * d;
    const out = document.createElement('canvas');
    out.width = out.height = n;
    const img = out.getContext('2d')!.createImageData(n, n);
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        const w = G * x + H * y + I;
        const u = (A * x + B * y + C) / w,
          v = (D * x + E * y + F) / w;
        if (u < 0 || u >= 1 || v < 0 || v >= 1) continue;
        const si = (Math.floor(v * n) * n + Math.floor(u * n)) * 4,
          di = (y * n + x) * 4;
        img.data[di] = src[si]!;
        img.data[di + 1] = src[si + 1]!;
        img.data[di + 2] = src[si + 2]!;
        img.data[di + 3] = 255;
      }
    }
    out.getContext('2d')!.putImageData(img, 0, 0);
    return out;
  };
  const frame = (code: HTMLCanvasElement, cond: Condition): HTMLCanvasElement => {
    const f = document.createElement('canvas');
    f.width = W;
    f.height = H;
    const ctx = f.getContext('2d', { willReadFrequently: true })!;
    ctx.fillStyle = 'rgb(150,146,140)';
    ctx.fillRect(0, 0, W, H);
    const size = (code.width / a.modulePx) * cond.modulePx;
    ctx.save();
    ctx.translate(W / 2, H / 2);
    ctx.rotate(((cond.angleDeg ?? 0) * Math.PI) / 180);
    if (cond.blurPx) ctx.filter = `blur(${cond.blurPx}px)`;
    ctx.imageSmoothingEnabled = true;
    // The white card around the code (a credit-card-size card, the code on its right side).
    ctx.fillStyle = '#fff';
    ctx.fillRect(-size * 1.9, -size * 0.75, size * 2.6, size * 1.65);
    if (cond.keystone) ctx.drawImage(tilted(code, cond.keystone), -size / 2, -size / 2, size, size);
    else ctx.drawImage(code, -size / 2, -size / 2, size, size);
    ctx.restore();
    if (cond.glare) {
      const g = ctx.createRadialGradient(
        W / 2 + size * 0.1,
        H / 2 - size * 0.05,
        0,
        W / 2 + size * 0.1,
        H / 2 - size * 0.05,
        size * 0.3,
      );
      g.addColorStop(0, `rgba(255,255,255,${cond.glare})`);
      g.addColorStop(1, 'rgba(255,255,255,0)');
      ctx.globalCompositeOperation = 'screen';
      ctx.fillStyle = g;
      ctx.fillRect(0, 0, W, H);
      ctx.globalCompositeOperation = 'source-over';
    }
    const img = ctx.getImageData(0, 0, W, H);
    const k = cond.contrast ?? 1;
    for (let i = 0; i < img.data.length; i += 4) {
      const noise = (rand() - 0.5) * 16;
      for (let c = 0; c < 3; c++)
        img.data[i + c] = Math.max(0, Math.min(255, 128 + (img.data[i + c]! - 128) * k + noise));
    }
    ctx.putImageData(img, 0, 0);
    // The kiosk decodes only its scanning square in the middle of the frame.
    const crop = document.createElement('canvas');
    crop.width = crop.height = CROP;
    crop
      .getContext('2d', { willReadFrequently: true })!
      .drawImage(f, (W - CROP) / 2, (H - CROP) / 2, CROP, CROP, 0, 0, CROP, CROP);
    return crop;
  };
  const codes = a.cards.map(codeCanvas);
  const decoded: Record<string, boolean[]> = Object.fromEntries(a.decoders.map((d) => [d, []]));
  const ms: Record<string, number[]> = Object.fromEntries(a.decoders.map((d) => [d, []]));
  let turn = 0;
  for (const cond of a.conditions) {
    for (const [ci, code] of codes.entries()) {
      const crop = frame(code, cond);
      const img = crop.getContext('2d')!.getImageData(0, 0, CROP, CROP);
      const order = a.decoders.map((_, i) => a.decoders[(i + turn) % a.decoders.length]!);
      turn++;
      for (const d of order) {
        const t = performance.now();
        const text = await decoders[d]!(crop, img);
        ms[d]!.push(performance.now() - t);
        decoded[d]!.push(text === a.cards[ci]!.text);
      }
    }
  }
  // Put back in condition-major order for every decoder (the order of pushes already is).
  const formats = win.BarcodeDetector ? await win.BarcodeDetector.getSupportedFormats().catch(() => []) : null;
  const barcodeDetector =
    formats === null
      ? "this Chromium has no BarcodeDetector, so html5-qrcode ran its zxing-js decoder, as on most tablets' browsers other than Android Chrome."
      : formats.includes('qr_code')
        ? 'this Chromium has a BarcodeDetector with QR support, so html5-qrcode used it.'
        : `this Chromium has a BarcodeDetector without QR support (${formats.join(', ') || 'no formats'}), so html5-qrcode ran its zxing-js decoder.`;
  return { decoded, ms, barcodeDetector };
}
