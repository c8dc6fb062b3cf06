/**
 * The decoder worker's passes (kiosk/lib/frameEnhance.ts): what each does to pixels, and that they read what
 * zxing alone does not: a card's code at arm's length, softened by a moving hand. zxing-wasm runs here in node,
 * from the same WebAssembly the kiosk precaches.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { qrBitmap } from '../../cards/qrBitmap';
import {
  enlarge2,
  luminance,
  PASSES,
  passesFor,
  passInput,
  Scratch,
  spreadHighlights,
  toRgba,
  unsharp,
} from '../../kiosk/lib/frameEnhance';
import type { Gray, Rgba } from '../../kiosk/lib/frameEnhance';

const require = createRequire(import.meta.url);

beforeAll(async () => {
  const wasm = readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
  await prepareZXingModule({
    overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer },
    fireImmediately: true,
  });
});

async function read(img: Rgba): Promise<string | null> {
  const r = await readBarcodes(img as unknown as ImageData, {
    formats: ['QRCode'],
    maxNumberOfSymbols: 1,
    tryHarder: true,
  });
  return r.find((x) => x.isValid)?.text ?? null;
}

const gray = (width: number, height: number, f: (x: number, y: number) => number): Gray => {
  const data = new Uint8ClampedArray(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = f(x, y);
  return { width, height, data };
};

/**
 * A card's code as a camera sees it from about 45 cm: `pxPerModule` camera pixels a module (not whole pixels:
 * each pixel averages 4 × 4 samples), printed ink and paper as a camera exposes them (30 and 215, or under a
 * lamp's reflection both near white), a gaussian blur of `sigma` px (a hand moving) and sensor noise, in a
 * 400 × 300 region of desk.
 */
function cameraView(text: string, pxPerModule: number, sigma: number, tones = { ink: 30, paper: 215 }): Gray {
  const code = qrBitmap(text, 1, 2);
  const n = code.width;
  const W = 400,
    H = 300,
    x0 = 120.3,
    y0 = 90.7;
  const at = (x: number, y: number) => {
    const c = Math.floor((x - x0) / pxPerModule),
      r = Math.floor((y - y0) / pxPerModule);
    if (c < -3 || r < -3 || c >= n + 3 || r >= n + 3) return 140; // the desk
    if (c < 0 || r < 0 || c >= n || r >= n) return tones.paper; // the card round the code
    return code.pixels[r * n + c] === 0 ? tones.ink : tones.paper;
  };
  const sharp = gray(W, H, (x, y) => {
    let s = 0;
    for (let j = 0; j < 4; j++) for (let i = 0; i < 4; i++) s += at(x + (i + 0.5) / 4, y + (j + 0.5) / 4);
    return s / 16;
  });
  const r = Math.ceil(sigma * 3);
  const k = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const sum = k.reduce((a, b) => a + b, 0);
  const blurX = gray(
    W,
    H,
    (x, y) => k.reduce((a, w, i) => a + w * sharp.data[y * W + Math.min(W - 1, Math.max(0, x + i - r))]!, 0) / sum,
  );
  let seed = 7;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return (seed / 0x7fffffff - 0.5) * 6;
  };
  return gray(
    W,
    H,
    (x, y) =>
      k.reduce((a, w, i) => a + w * blurX.data[Math.min(H - 1, Math.max(0, y + i - r)) * W + x]!, 0) / sum + noise(),
  ); // (Uint8ClampedArray: what the camera clips at 0 and 255)
}

describe('the decoder passes (kiosk/lib/frameEnhance.ts)', () => {
  it('sharpening leaves flat areas alone and steepens an edge; enlarging doubles the size and keeps the tones', () => {
    const flat = gray(20, 10, () => 128);
    expect([...unsharp(flat, 5).data].every((v) => v === 128)).toBe(true);
    const edge = gray(20, 10, (x) => (x < 10 ? 60 : 180));
    const s = unsharp(edge, 2);
    // the dark side darker and the light side lighter next to the edge, the far ends as they were
    expect(s.data[5 * 20 + 9]!).toBeLessThan(60);
    expect(s.data[5 * 20 + 10]!).toBeGreaterThan(180);
    expect(s.data[5 * 20 + 0]).toBe(60);
    expect(s.data[5 * 20 + 19]).toBe(180);
    const big = enlarge2(edge);
    expect([big.width, big.height]).toEqual([40, 20]);
    expect(big.data[(10 * 40 + 2) * 4]).toBe(60);
    expect(big.data[(10 * 40 + 37) * 4]).toBe(180);
    expect(big.data[(10 * 40 + 37) * 4 + 3]).toBe(255);
    // grey → RGBA → grey is the same image
    expect([...luminance(toRgba(edge).data, 20, 10).data]).toEqual([...edge.data]);
    // near-white tones are spread apart, black and white stay
    const near = spreadHighlights(
      gray(3, 1, (x) => [0, 235, 255][x]!),
      3,
    );
    expect([...near.data]).toEqual([0, 200, 255]);
  });

  it('every frame is tried as it is, sharpened and with its highlights spread; every other frame enlarged too', () => {
    expect(passesFor(0).map((p) => p.name)).toEqual(['as-is', 'sharpened', 'highlights']);
    expect(passesFor(1).map((p) => p.name)).toEqual(['as-is', 'sharpened', 'highlights', 'enlarged']);
    expect(passesFor(2)).toEqual(passesFor(0));
  });

  const pass = (name: string) => PASSES.find((p) => p.name === name)!;
  const id = 'RS7Q5K2M9XJ0PHT4VC';

  it('a softened code at 3.2 px a module: the sharpened pass reads it, as-is does not', async () => {
    const view = cameraView(id, 3.2, 1.6);
    expect(await read(passInput(view, pass('as-is')))).toBeNull();
    expect(await read(passInput(view, pass('sharpened')))).toBe(id);
  });

  it('a code under glare (ink and paper both near white): only the highlights pass reads it', async () => {
    const view = cameraView(id, 3.2, 1, { ink: 225, paper: 250 });
    expect(await read(passInput(view, pass('as-is')))).toBeNull();
    expect(await read(passInput(view, pass('sharpened')))).toBeNull();
    expect(await read(passInput(view, pass('highlights')))).toBe(id);
  });

  it('a blurred code at 2.6 px a module: only the enlarged pass reads it, and not without the enlarging', async () => {
    const view = cameraView(id, 2.6, 1.7);
    for (const p of ['as-is', 'sharpened', 'highlights']) expect(await read(passInput(view, pass(p))), p).toBeNull();
    expect(await read(toRgba(unsharp(view, pass('enlarged').sharpen)))).toBeNull();
    expect(await read(passInput(view, pass('enlarged')))).toBe(id);
  });

  it('buffers kept from frame to frame give the same pixels as fresh ones, pass after pass', () => {
    // As the worker does: one grey image a frame, then each pass from it, all with the same buffers.
    const scratch = new Scratch();
    const views = [
      cameraView(id, 3.2, 1.6),
      cameraView(id, 2.6, 1.7),
      cameraView(id, 3.2, 1, { ink: 225, paper: 250 }),
    ];
    for (const view of views) {
      const grey = luminance(toRgba(view).data, view.width, view.height, scratch);
      for (const p of PASSES) {
        const kept = passInput(grey, p, scratch);
        expect(Buffer.from(kept.data).equals(Buffer.from(passInput(view, p).data)), p.name).toBe(true);
      }
    }
  });
});
