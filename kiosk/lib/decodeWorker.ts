/**
 * The kiosk's QR decoder, in a Web Worker so decoding never holds up the page.
 *
 * Where the browser can (Chromium: MediaStreamTrackProcessor), the page hands over the camera's stream of
 * frames and this worker takes them itself, cuts the scanning region at the camera's pixels and decodes it: no
 * frame is copied on the page's thread (cutting a 1280 × 720 frame there took 20–40 ms on a CPU slowed 4×, a
 * long task every frame). Elsewhere the page sends the region of each frame (an ImageBitmap, transferred).
 *
 * Each region is read by the browser's BarcodeDetector first where it exists and reads QR codes (Android
 * Chrome), then by zxing-wasm (zxing-cpp as WebAssembly) in passes from kiosk/lib/frameEnhance.ts: as it is,
 * sharpened, with its highlights spread (glare), and on every other frame sharpened and enlarged, until one
 * reads. The WebAssembly comes in the
 * first message, fetched by the page from the hub (and precached by the service worker, vite.config.ts): this
 * worker fetches nothing, and zxing-wasm's default, a CDN, is never asked.
 */
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import type { DecodeReply, DecoderMessage } from './decoderProtocol';
import { luminance, passesFor, passInput, Scratch } from './frameEnhance';
import type { Gray, PassName, Rgba } from './frameEnhance';
import { FrameGate, scanRegion } from './scanGeometry';

interface DetectorLike {
  detect(image: ImageBitmap | ImageData): Promise<{ rawValue: string }[]>;
}
interface DetectorClass {
  new (opts: { formats: string[] }): DetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<DecoderMessage>) => void) | null;
  postMessage(msg: DecodeReply): void;
  BarcodeDetector?: DetectorClass;
};

let zxingReady: Promise<unknown> | null = null;

/** zxing-wasm from the bytes the page sent. */
function prepare(wasm: ArrayBuffer) {
  zxingReady = prepareZXingModule({
    overrides: {
      wasmBinary: wasm,
      // Named but never fetched (the bytes are given); without it zxing-wasm would name its CDN.
      locateFile: (file: string) => file,
    },
    fireImmediately: true,
  });
}

const detectorReady: Promise<DetectorLike | null> = (async () => {
  try {
    const D = scope.BarcodeDetector;
    if (!D || !(await D.getSupportedFormats()).includes('qr_code')) return null;
    return new D({ formats: ['qr_code'] });
  } catch {
    return null;
  }
})();

let canvas: OffscreenCanvas | null = null;

function context(width: number, height: number): OffscreenCanvasRenderingContext2D {
  if (!canvas || canvas.width !== width || canvas.height !== height) canvas = new OffscreenCanvas(width, height);
  return canvas.getContext('2d', { willReadFrequently: true })!;
}

function bitmapPixels(bitmap: ImageBitmap): ImageData {
  const ctx = context(bitmap.width, bitmap.height);
  ctx.drawImage(bitmap, 0, 0);
  return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
}

/** The scanning region of a camera frame, at its own pixels. */
function framePixels(frame: VideoFrame): ImageData {
  const r = scanRegion({ width: frame.displayWidth, height: frame.displayHeight });
  const ctx = context(r.width, r.height);
  ctx.drawImage(frame, r.x, r.y, r.width, r.height, 0, 0, r.width, r.height);
  return ctx.getImageData(0, 0, r.width, r.height);
}

interface Read {
  text: string | null;
  by: DecodeReply['by'];
  pass?: PassName;
}

async function zxing(image: Rgba): Promise<string | null> {
  const results = await readBarcodes(new ImageData(image.data, image.width, image.height), {
    formats: ['QRCode'],
    maxNumberOfSymbols: 1,
    tryHarder: true,
  });
  return results.find((r) => r.isValid)?.text ?? null;
}

const scratch = new Scratch();

/** Frame number `n`'s pixels through the detector, then zxing's passes until one reads. */
async function decode(image: ImageData, n: number): Promise<Read> {
  const detector = await detectorReady;
  if (detector) {
    try {
      const found = await detector.detect(image);
      if (found[0]?.rawValue) return { text: found[0].rawValue, by: 'BarcodeDetector' };
    } catch {
      /* fall through to zxing-wasm */
    }
  }
  if (!zxingReady) throw new Error('the decoder has no WebAssembly');
  await zxingReady;
  let gray: Gray | null = null;
  let last: PassName = 'as-is';
  for (const pass of passesFor(n)) {
    last = pass.name;
    let input: Rgba = image;
    if (pass.name !== 'as-is')
      input = passInput((gray ??= luminance(image.data, image.width, image.height, scratch)), pass, scratch);
    const text = await zxing(input);
    if (text) return { text, by: 'zxing-wasm', pass: pass.name };
  }
  return { text: null, by: 'zxing-wasm', pass: last };
}

/** Frames decoded (for passesFor: alternate frames get the enlarged pass), across sessions. */
let frameNo = 0;
/** The camera start whose frames are being read; a stop or a newer start ends the older reader. */
let session = 0;
let reader: ReadableStreamDefaultReader<VideoFrame> | null = null;

async function readStream(own: number, frames: ReadableStream<VideoFrame>, maxFps: number) {
  reader?.cancel().catch(() => undefined);
  const r = (reader = frames.getReader());
  // The page's own gate (scanGeometry.ts), so both paths drop frames by one rule; here a frame is decoded before
  // the next is read, so only the rate limit ever drops one.
  const gate = new FrameGate(maxFps);
  try {
    for (;;) {
      const { value: frame, done } = await r.read();
      if (done) return;
      if (own !== session) {
        frame.close();
        return;
      }
      const t0 = performance.now();
      // Not more often than maxFps: an old tablet stays cool. Frames the camera made while a frame was being
      // decoded were dropped by the stream itself (it keeps one), so this one is always the newest.
      if (!gate.tryTake(t0)) {
        frame.close();
        continue;
      }
      let image: ImageData;
      try {
        image = framePixels(frame);
      } finally {
        frame.close();
      }
      try {
        const read = await decode(image, frameNo++).finally(() => gate.done());
        if (own !== session) return;
        scope.postMessage({
          session: own,
          id: 0,
          ...read,
          ms: performance.now() - t0,
          width: image.width,
          height: image.height,
          taken: gate.sent,
          skipped: gate.dropped,
        });
      } catch (err) {
        scope.postMessage({ session: own, id: 0, text: null, by: 'zxing-wasm', ms: 0, error: String(err) });
        return;
      }
    }
  } catch (err) {
    // The stream ends with an error when its camera track is stopped under a read; that is the page's stop.
    if (own === session)
      scope.postMessage({ session: own, id: 0, text: null, by: 'zxing-wasm', ms: 0, error: String(err) });
  } finally {
    if (reader === r) reader = null;
    r.cancel().catch(() => undefined);
  }
}

scope.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'init') {
    prepare(m.wasm);
    return;
  }
  if (m.type === 'stream') {
    session = m.session;
    void readStream(m.session, m.frames, m.maxFps);
    return;
  }
  if (m.type === 'stop') {
    if (m.session === session) {
      session = 0;
      reader?.cancel().catch(() => undefined);
    }
    return;
  }
  const { id, image } = m;
  const t0 = performance.now();
  const pixels = image instanceof ImageData ? image : bitmapPixels(image);
  if (!(image instanceof ImageData)) image.close();
  decode(pixels, frameNo++)
    .then((read) =>
      scope.postMessage({
        session: m.session,
        id,
        ...read,
        ms: performance.now() - t0,
        width: pixels.width,
        height: pixels.height,
      }),
    )
    .catch((err: unknown) =>
      scope.postMessage({
        session: m.session,
        id,
        text: null,
        by: 'zxing-wasm',
        ms: performance.now() - t0,
        error: String(err),
      }),
    );
};
