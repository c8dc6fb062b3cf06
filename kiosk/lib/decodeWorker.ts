/**
 * The kiosk's QR decoder, in a Web Worker so decoding never holds up the page. It gets the scanning region of
 * a camera frame at the camera's own pixels (an ImageBitmap, transferred, not copied) and answers with the
 * text of the card's code or null. The browser's BarcodeDetector is tried first where it exists and reads QR
 * codes (Android Chrome); otherwise, or when it finds nothing, zxing-wasm (zxing-cpp as WebAssembly) reads the
 * pixels. The WebAssembly comes in the first message, fetched by the page from the hub (and precached by the
 * service worker, vite.config.ts): this worker fetches nothing, and zxing-wasm's default, a CDN, is never asked.
 */
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import type { DecodeReply, DecodeRequest, DecoderInit } from './decoderProtocol';

interface DetectorLike {
  detect(image: ImageBitmap | ImageData): Promise<{ rawValue: string }[]>;
}
interface DetectorClass {
  new (opts: { formats: string[] }): DetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<DecoderInit | DecodeRequest>) => void) | null;
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

function pixels(bitmap: ImageBitmap): ImageData {
  if (!canvas || canvas.width !== bitmap.width || canvas.height !== bitmap.height)
    canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(bitmap, 0, 0);
  return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
}

async function decode(image: ImageBitmap | ImageData): Promise<{ text: string | null; by: DecodeReply['by'] }> {
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
  const results = await readBarcodes(image instanceof ImageData ? image : pixels(image), {
    formats: ['QRCode'],
    maxNumberOfSymbols: 1,
    tryHarder: true,
  });
  return { text: results.find((r) => r.isValid)?.text ?? null, by: 'zxing-wasm' };
}

scope.onmessage = (e) => {
  if (e.data.type === 'init') {
    prepare(e.data.wasm);
    return;
  }
  const { id, image } = e.data;
  const t0 = performance.now();
  decode(image)
    .then(({ text, by }) =>
      scope.postMessage({ id, text, by, ms: performance.now() - t0, width: image.width, height: image.height }),
    )
    .catch((err: unknown) =>
      scope.postMessage({ id, text: null, by: 'zxing-wasm', ms: performance.now() - t0, error: String(err) }),
    )
    .finally(() => {
      if (!(image instanceof ImageData)) image.close();
    });
};
