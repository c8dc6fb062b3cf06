/**
 * What the decoder worker (kiosk/lib/decodeWorker.ts) does to a camera frame that did not read as it came: pure
 * pixel work, no browser API, so it runs the same in the worker, in node's tests and in the bench.
 *
 * Why: a card at 40–50 cm puts 2.5–3.5 camera pixels on a module of its code. zxing reads that when the image
 * is sharp, but a hand moving or a lens focused on the room behind softens each module into its neighbours,
 * and a highlight on a glossy card lifts one side of the code towards white. Measured on the reading-distance
 * bench's frames (bench/readingDistance.ts): a blurred card at 40 cm is read after an unsharp mask and not
 * before, and a blurred card at 50 cm, or one with glare, only when the sharpened region is also enlarged 2×
 * (zxing's sampling grid then lands inside modules instead of on their edges).
 */

/** Bytes of an image (over a plain ArrayBuffer, as ImageData takes them). */
export type Pixels = Uint8ClampedArray<ArrayBuffer>;

/** A grey image, one byte a pixel. */
export interface Gray {
  width: number;
  height: number;
  data: Pixels;
}

/** RGBA pixels, an ImageData's shape. */
export interface Rgba {
  width: number;
  height: number;
  data: Pixels;
}

/**
 * Pixel buffers kept from frame to frame: a frame's passes need the same sizes 15 times a second (the enlarged
 * region alone is 10 MB of RGBA at 1280 × 720), and fresh arrays each time would keep a tablet's garbage
 * collector busy. Each use has its own name, so two buffers alive at once are never the same one. Without
 * one (the tests), every call allocates.
 */
export class Scratch {
  private readonly bytes = new Map<string, Pixels>();
  private readonly floats = new Map<string, Float32Array<ArrayBuffer>>();

  u8(name: string, n: number): Pixels {
    let b = this.bytes.get(name);
    if (b?.length !== n) this.bytes.set(name, (b = new Uint8ClampedArray(n)));
    return b;
  }

  f32(name: string, n: number): Float32Array<ArrayBuffer> {
    let b = this.floats.get(name);
    if (b?.length !== n) this.floats.set(name, (b = new Float32Array(n)));
    return b;
  }
}

const fresh = () => new Scratch();

/** RGBA pixels (an ImageData's shape) to grey, with the weights of BT.601 luma (what zxing uses too). */
export function luminance(rgba: Uint8ClampedArray, width: number, height: number, scratch = fresh()): Gray {
  const n = width * height;
  const data = scratch.u8('gray', n);
  for (let i = 0, j = 0; i < n; i++, j += 4) data[i] = (rgba[j]! * 77 + rgba[j + 1]! * 150 + rgba[j + 2]! * 29) >> 8;
  return { width, height, data };
}

/** One box blur of radius 1 along rows (step 1) or columns (step width), edges clamped, into `out`. */
function box3(src: Float32Array, out: Float32Array, width: number, height: number, alongRows: boolean) {
  const lines = alongRows ? height : width,
    len = alongRows ? width : height,
    step = alongRows ? 1 : width,
    lineStep = alongRows ? width : 1;
  for (let l = 0; l < lines; l++) {
    const o = l * lineStep;
    for (let i = 0; i < len; i++) {
      const a = src[o + Math.max(0, i - 1) * step]!,
        b = src[o + i * step]!,
        c = src[o + Math.min(len - 1, i + 1) * step]!;
      out[o + i * step] = (a + b + c) / 3;
    }
  }
}

/**
 * Unsharp mask: each pixel pushed away from its neighbourhood's mean by `amount` times the difference. The
 * neighbourhood is a gaussian of σ ≈ 1.4 px (three box blurs of radius 1 each way, which cost a few additions
 * a pixel instead of a kernel's dozen multiplications): the size of the blur a module at 40 cm suffers.
 */
export function unsharp(img: Gray, amount: number, scratch = fresh()): Gray {
  const { width, height, data } = img;
  const n = width * height;
  const a = scratch.f32('blur', n),
    b = scratch.f32('blur-tmp', n);
  a.set(data);
  for (let pass = 0; pass < 3; pass++) {
    box3(a, b, width, height, true);
    box3(b, a, width, height, false);
  }
  const out = scratch.u8('sharpened', n);
  for (let i = 0; i < n; i++) out[i] = data[i]! + amount * (data[i]! - a[i]!);
  return { width, height, data: out };
}

/**
 * Highlights spread out: each tone raised to the power `gamma` (a table of 256). Where a glossy card reflects a
 * lamp, its code's ink and paper both come out near white (ink 235, paper 255 after the camera clips), too
 * little difference for zxing's binarizer, which takes an 8 × 8 block with less than 24 levels between its
 * darkest and lightest pixel for a flat one. Raised to the power 3, those 20 levels become about 50; dark ink
 * elsewhere only gets darker.
 */
export function spreadHighlights(img: Gray, gamma: number, scratch = fresh()): Gray {
  const table = gammaTable(gamma);
  const out = scratch.u8('highlights', img.data.length);
  for (let i = 0; i < out.length; i++) out[i] = table[img.data[i]!]!;
  return { width: img.width, height: img.height, data: out };
}

/** The 256-entry lookup of one gamma, built once: the highlights pass runs on every third frame or so. */
const gammaTables = new Map<number, Uint8ClampedArray>();
function gammaTable(gamma: number): Uint8ClampedArray {
  let table = gammaTables.get(gamma);
  if (!table) {
    table = new Uint8ClampedArray(256);
    for (let i = 0; i < 256; i++) table[i] = 255 * (i / 255) ** gamma;
    gammaTables.set(gamma, table);
  }
  return table;
}

/** The grey image enlarged 2× by bilinear interpolation, as RGBA (what zxing-wasm takes, as an ImageData). */
export function enlarge2(img: Gray, scratch = fresh()): Rgba {
  const { width, height, data } = img;
  const W = width * 2,
    H = height * 2;
  const out = scratch.u8('enlarged', W * H * 4);
  for (let y = 0; y < H; y++) {
    // Pixel centres: output pixel y sits at source (y + 0.5) / 2 − 0.5.
    const sy = Math.max(0, (y - 0.5) / 2),
      y0 = Math.min(height - 1, Math.floor(sy)),
      y1 = Math.min(height - 1, y0 + 1),
      fy = sy - y0;
    for (let x = 0; x < W; x++) {
      const sx = Math.max(0, (x - 0.5) / 2),
        x0 = Math.min(width - 1, Math.floor(sx)),
        x1 = Math.min(width - 1, x0 + 1),
        fx = sx - x0;
      const top = data[y0 * width + x0]! * (1 - fx) + data[y0 * width + x1]! * fx;
      const bottom = data[y1 * width + x0]! * (1 - fx) + data[y1 * width + x1]! * fx;
      const v = top * (1 - fy) + bottom * fy;
      const o = (y * W + x) * 4;
      out[o] = out[o + 1] = out[o + 2] = v;
      out[o + 3] = 255;
    }
  }
  return { width: W, height: H, data: out };
}

/** A grey image as RGBA. */
export function toRgba(img: Gray, scratch = fresh()): Rgba {
  const out = scratch.u8('rgba', img.width * img.height * 4);
  for (let i = 0, j = 0; i < img.data.length; i++, j += 4) {
    out[j] = out[j + 1] = out[j + 2] = img.data[i]!;
    out[j + 3] = 255;
  }
  return { width: img.width, height: img.height, data: out };
}

/**
 * The passes a frame goes through, cheapest first, until one reads: as the camera gave it (a card held close
 * and sharp, most scans), sharpened (a soft card at 40 cm), with its highlights spread and sharpened (glare),
 * then sharpened hard and enlarged (a soft card at 50 cm; about three times the work of the others together,
 * so only on every other frame: such a card is read a frame later instead of every empty frame costing it).
 */
export const PASSES = [
  { name: 'as-is', gamma: 1, sharpen: 0, enlarge: false },
  { name: 'sharpened', gamma: 1, sharpen: 2, enlarge: false },
  { name: 'highlights', gamma: 3, sharpen: 2, enlarge: false },
  { name: 'enlarged', gamma: 1, sharpen: 5, enlarge: true },
] as const;
export type Pass = (typeof PASSES)[number];
export type PassName = Pass['name'];

/** Which passes frame number `n` gets: every frame the first three, odd frames the enlarged one too. */
export function passesFor(n: number): readonly Pass[] {
  return n % 2 === 1 ? PASSES : PASSES.filter((p) => !p.enlarge);
}

/** A frame's grey pixels as pass `pass` gives them to zxing (the as-is pass reads the frame itself). */
export function passInput(gray: Gray, pass: Pass, scratch = fresh()): Rgba {
  let g = pass.gamma !== 1 ? spreadHighlights(gray, pass.gamma, scratch) : gray;
  if (pass.sharpen) g = unsharp(g, pass.sharpen, scratch);
  return pass.enlarge ? enlarge2(g, scratch) : toRgba(g, scratch);
}
