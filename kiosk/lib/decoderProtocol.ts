/** The messages between the kiosk page and its decoder worker (kiosk/lib/decodeWorker.ts). */

/** The first message: zxing-wasm's WebAssembly, fetched by the page (see nativeScanner.ts for why). */
export interface DecoderInit {
  type: 'init';
  wasm: ArrayBuffer;
}

export interface DecodeRequest {
  type: 'frame';
  id: number;
  /**
   * the scanning region of one camera frame, at the camera's pixels: an ImageBitmap, or its pixels where the
   * browser has no OffscreenCanvas to read a bitmap in a worker (iPadOS before 16.4)
   */
  image: ImageBitmap | ImageData;
}

export interface DecodeReply {
  id: number;
  text: string | null;
  by: 'BarcodeDetector' | 'zxing-wasm';
  ms: number;
  width?: number;
  height?: number;
  /** the decoder could not run (e.g. its WebAssembly did not load) */
  error?: string;
}
