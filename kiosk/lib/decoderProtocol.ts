/** The messages between the kiosk page and its decoder worker (kiosk/lib/decodeWorker.ts). */
import type { PassName } from './frameEnhance';

/** The first message: zxing-wasm's WebAssembly, fetched by the page (see nativeScanner.ts for why). */
export interface DecoderInit {
  type: 'init';
  wasm: ArrayBuffer;
}

/**
 * The camera's frames themselves, for the worker to take and cut (MediaStreamTrackProcessor's stream,
 * transferred): no frame passes through the page's thread. One stream a camera start (`session`).
 */
export interface DecodeStream {
  type: 'stream';
  session: number;
  frames: ReadableStream<VideoFrame>;
  maxFps: number;
}

/** The camera stopped: the worker stops reading that session's frames. */
export interface DecodeStop {
  type: 'stop';
  session: number;
}

/** Where the browser cannot hand the worker its camera frames (Safari, Firefox): the page cuts each one. */
export interface DecodeRequest {
  type: 'frame';
  session: number;
  id: number;
  /**
   * the scanning region of one camera frame, at the camera's pixels: an ImageBitmap, or its pixels where the
   * browser has no OffscreenCanvas to read a bitmap in a worker (iPadOS before 16.4)
   */
  image: ImageBitmap | ImageData;
}

export type DecoderMessage = DecoderInit | DecodeStream | DecodeStop | DecodeRequest;

export interface DecodeReply {
  session: number;
  /** the frame's id where the page sent it; 0 for a frame the worker took from the stream */
  id: number;
  text: string | null;
  by: 'BarcodeDetector' | 'zxing-wasm';
  /** zxing's pass that read the code (kiosk/lib/frameEnhance.ts), or the last one tried */
  pass?: PassName;
  ms: number;
  width?: number;
  height?: number;
  /** frames the worker took from the stream so far, and those it let go by (more than maxFps) */
  taken?: number;
  skipped?: number;
  /** the decoder could not run (e.g. its WebAssembly did not load) */
  error?: string;
}
