/**
 * The kiosk's camera scanner: decodes at the camera's own resolution, so a card reads at arm's length (30–50
 * cm), where it is about 15 % of the frame's width.
 *
 * Why not html5-qrcode here: it draws each frame onto a canvas the size of its on-screen box (the camera image
 * shrunk about 2.9× on a tablet) and decodes that canvas, in its own loop on the page's thread, with no way to
 * hand it frames or to get them from it. Taking frames from its <video> beside it would run two decoders per
 * frame. The camera part it gave us is a thin layer over getUserMedia (the camera list, start and stop, the
 * torch), so this owns the camera directly: getUserMedia asks for 1280 × 720 (what the device has nearest),
 * and a Web Worker (kiosk/lib/decodeWorker.ts: BarcodeDetector, then zxing-wasm) decodes each frame's scanning
 * region (kiosk/lib/scanGeometry.ts) at native pixels. Where the browser can hand a camera's frames to a worker
 * (MediaStreamTrackProcessor, Chromium), the worker takes them itself and the page's thread never touches a
 * frame; elsewhere the region is cut here from the playing <video> with createImageBitmap and transferred. One
 * frame is in flight at a time; frames that arrive meanwhile are dropped.
 *
 * Offline: the page fetches the worker's script and zxing-wasm's WebAssembly itself and hands them over (the
 * worker from a blob: URL, the WebAssembly as bytes in the first message). In Chromium a dedicated worker's
 * script was not served by the kiosk's service worker with the hub down (the worker failed to load), while the
 * page's own fetches are; so everything comes from the precache, and the worker fetches nothing.
 *
 * html5-qrcode is still the old pipeline (kiosk/lib/cameraScanner.ts), kept for the benchmark: localStorage
 * relay.decoder = html5-qrcode.
 *
 * Every start and stop goes through one promise chain, as in cameraScanner.ts: React's StrictMode mounts twice,
 * and a stop during a start must not leave a camera track open.
 */
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import type { DecodeReply, DecodeRequest, DecoderInit, DecodeStop, DecodeStream } from './decoderProtocol';
import workerUrl from './decodeWorker.ts?worker&url';
import { FrameGate, RecentTimes, scanRegion } from './scanGeometry';
import type { Rect, Size } from './scanGeometry';

/** What the kiosk asks of the camera: 1280 × 720 or the nearest the device offers (a card at 40 cm: about 2 px a module). */
export const CAMERA_RESOLUTION = { width: 1280, height: 720 } as const;
/** At most this many frames a second are decoded (fewer if the decoder is slower): fast, yet cool on an old tablet. */
export const MAX_DECODE_FPS = 15;

export type Facing = 'front' | 'rear';
const FACING_KEY = 'relay.camera';

/** The front or rear camera, as chosen on this tablet (rear until someone chooses). */
export function savedFacing(): Facing {
  try {
    return localStorage.getItem(FACING_KEY) === 'front' ? 'front' : 'rear';
  } catch {
    return 'rear';
  }
}

export function saveFacing(f: Facing) {
  try {
    localStorage.setItem(FACING_KEY, f);
  } catch {
    /* private mode: the choice lasts until reload */
  }
}

/** The decoder could not be loaded (its files neither on the tablet nor reachable on the hub): the camera is left off. */
export class DecoderUnavailable extends Error {}

export interface CameraStarted {
  frame: Size;
  region: Rect;
  /** the front camera: its preview is mirrored (for display only: the decoder sees the frame as it is) */
  mirrored: boolean;
  torch: boolean;
}

export interface ScanStats {
  frames: number;
  dropped: number;
  /** who cuts the frames: the worker from the camera's stream, or this page */
  source: 'worker' | 'page' | null;
  medianMs: number | null;
  by: DecodeReply['by'] | null;
  region: Rect | null;
}

export class NativeScanner {
  private stream: MediaStream | null = null;
  private worker: Worker | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private gate = new FrameGate(MAX_DECODE_FPS);
  private times = new RecentTimes();
  /** one a camera start: replies and frames of an earlier start are dropped */
  private loop = 0;
  private nextId = 0;
  private source: ScanStats['source'] = null;
  private streamed = { taken: 0, skipped: 0 };
  /** the frame the worker is decoding (0: none); an answer for any other is from a camera since stopped */
  private pendingId = 0;
  private by: DecodeReply['by'] | null = null;
  private region: Rect | null = null;
  /** false once createImageBitmap has failed on a video frame: the canvas is used from then on */
  private bitmaps = true;
  private canvas: HTMLCanvasElement | null = null;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly onCode: (text: string) => void,
    private readonly onDecoderError: (message: string) => void = () => undefined,
  ) {}

  private serial<T>(step: () => Promise<T>): Promise<T> {
    const next = this.chain.then(step, step);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** How many cameras the tablet has (after permission; before it, browsers may say 1). */
  static async cameraCount(): Promise<number> {
    try {
      return (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput').length;
    } catch {
      return 0;
    }
  }

  start(facing: Facing): Promise<CameraStarted> {
    return this.serial(async () => {
      this.stopNow();
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: {
          facingMode: { ideal: facing === 'front' ? 'user' : 'environment' },
          width: { ideal: CAMERA_RESOLUTION.width },
          height: { ideal: CAMERA_RESOLUTION.height },
        },
      });
      this.stream = stream;
      const v = this.video;
      v.muted = true;
      v.playsInline = true;
      v.srcObject = stream;
      await v.play();
      if (!v.videoWidth) await new Promise((r) => v.addEventListener('loadedmetadata', r, { once: true }));
      const track = stream.getVideoTracks()[0];
      const settings = track?.getSettings() ?? {};
      const frame = { width: v.videoWidth, height: v.videoHeight };
      this.region = scanRegion(frame);
      try {
        this.worker ??= await this.makeWorker();
      } catch (err) {
        this.stopNow();
        throw new DecoderUnavailable(String(err));
      }
      this.gate.done(); // a frame of the camera just stopped is no longer awaited
      const loop = ++this.loop;
      if (track && this.streamTo(this.worker, track, loop)) this.source = 'worker';
      else {
        this.source = 'page';
        this.schedule(loop);
      }
      return {
        frame,
        region: this.region,
        mirrored: settings.facingMode ? settings.facingMode === 'user' : facing === 'front',
        torch: this.torchCapable(),
      };
    });
  }

  stop(): Promise<void> {
    return this.serial(async () => this.stopNow());
  }

  /** Stops the camera and ends the worker (the panel is gone). */
  dispose(): Promise<void> {
    return this.serial(async () => {
      this.stopNow();
      this.worker?.terminate();
      this.worker = null;
    });
  }

  stats(): ScanStats {
    const worker = this.source === 'worker';
    return {
      frames: worker ? this.streamed.taken : this.gate.sent,
      dropped: worker ? this.streamed.skipped : this.gate.dropped,
      source: this.source,
      medianMs: this.times.median(),
      by: this.by,
      region: this.region,
    };
  }

  async setTorch(on: boolean): Promise<boolean> {
    const track = this.stream?.getVideoTracks()[0];
    if (!track || !this.torchCapable()) return false;
    try {
      await track.applyConstraints({ advanced: [{ torch: on } as MediaTrackConstraintSet] });
      return true;
    } catch {
      return false;
    }
  }

  private torchCapable(): boolean {
    try {
      const track = this.stream?.getVideoTracks()[0];
      return !!(track?.getCapabilities?.() as { torch?: boolean } | undefined)?.torch;
    } catch {
      return false;
    }
  }

  /**
   * Hands the camera's frames to the worker (MediaStreamTrackProcessor's stream, transferred): false where the
   * browser has no processor or cannot transfer its stream, and the page then cuts the frames itself.
   */
  private streamTo(worker: Worker, track: MediaStreamTrack, session: number): boolean {
    const Processor = (
      globalThis as {
        MediaStreamTrackProcessor?: new (o: { track: MediaStreamTrack; maxBufferSize?: number }) => {
          readable: ReadableStream<VideoFrame>;
        };
      }
    ).MediaStreamTrackProcessor;
    if (!Processor) return false;
    try {
      // One frame kept: a frame that comes while the worker decodes replaces the one before, never queues.
      const frames = new Processor({ track, maxBufferSize: 1 }).readable;
      const msg: DecodeStream = { type: 'stream', session, frames, maxFps: MAX_DECODE_FPS };
      worker.postMessage(msg, [frames as unknown as Transferable]);
      this.streamed = { taken: 0, skipped: 0 };
      return true;
    } catch {
      return false;
    }
  }

  private stopNow() {
    if (this.worker && this.source === 'worker') {
      const stop: DecodeStop = { type: 'stop', session: this.loop };
      this.worker.postMessage(stop);
    }
    this.loop++;
    for (const t of this.stream?.getTracks() ?? []) t.stop();
    this.stream = null;
    this.video.srcObject = null;
    this.pendingId = 0;
  }

  private async makeWorker(): Promise<Worker> {
    const get = async (url: string) => {
      const r = await fetch(url);
      if (!r.ok) throw new Error(`${url}: ${r.status}`);
      return r;
    };
    const [script, wasm] = await Promise.all([
      get(workerUrl).then((r) => r.blob()),
      get(wasmUrl).then((r) => r.arrayBuffer()),
    ]);
    const url = URL.createObjectURL(new Blob([script], { type: 'text/javascript' }));
    const w = new Worker(url, { type: 'module', name: 'qr-decoder' });
    // The worker has its script once it answers (or fails): the blob URL is then no longer needed.
    const revoke = () => URL.revokeObjectURL(url);
    w.addEventListener('message', revoke, { once: true });
    w.addEventListener('error', revoke, { once: true });
    const init: DecoderInit = { type: 'init', wasm };
    w.postMessage(init, [wasm]);
    w.onmessage = (e: MessageEvent<DecodeReply>) => {
      const r = e.data;
      if (r.session !== this.loop) return; // a camera since stopped
      if (r.id) {
        if (r.id !== this.pendingId) return;
        this.pendingId = 0;
        this.gate.done();
      } else if (r.taken !== undefined) this.streamed = { taken: r.taken, skipped: r.skipped ?? 0 };
      if (r.error) {
        this.onDecoderError(r.error);
        return;
      }
      this.by = r.by;
      this.times.add(r.ms);
      if (r.text) this.onCode(r.text);
    };
    w.onerror = (e) => {
      this.pendingId = 0;
      this.gate.done();
      this.onDecoderError(e.message || 'decoder worker failed');
    };
    return w;
  }

  private schedule(loop: number) {
    const v = this.video as HTMLVideoElement & { requestVideoFrameCallback?: (cb: () => void) => number };
    // A new camera frame, where the browser says so (Chrome, Safari 15.4+); otherwise as often as we decode.
    if (v.requestVideoFrameCallback) v.requestVideoFrameCallback(() => this.tick(loop));
    else setTimeout(() => this.tick(loop), 1000 / MAX_DECODE_FPS);
  }

  /**
   * The region as an ImageBitmap for the worker to read; where the worker cannot read one (no OffscreenCanvas:
   * iPadOS before 16.4) or the browser cannot cut one from a video, its pixels read here with a canvas instead.
   */
  private async grab(v: HTMLVideoElement, r: Rect): Promise<ImageBitmap | ImageData> {
    if (this.bitmaps && typeof OffscreenCanvas !== 'undefined') {
      try {
        return await createImageBitmap(v, r.x, r.y, r.width, r.height);
      } catch {
        this.bitmaps = false;
      }
    }
    const c = (this.canvas ??= document.createElement('canvas'));
    if (c.width !== r.width || c.height !== r.height) [c.width, c.height] = [r.width, r.height];
    const ctx = c.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(v, r.x, r.y, r.width, r.height, 0, 0, r.width, r.height);
    return ctx.getImageData(0, 0, r.width, r.height);
  }

  private tick(loop: number) {
    if (loop !== this.loop) return;
    this.schedule(loop);
    const v = this.video,
      worker = this.worker;
    if (!worker || v.readyState < 2 || !v.videoWidth) return;
    if (!this.gate.tryTake(performance.now())) return;
    // Again for every frame: a tablet turned to portrait turns the camera's frames too.
    const r = (this.region = scanRegion({ width: v.videoWidth, height: v.videoHeight }));
    // At the camera's pixels: the region is cut from the frame itself, not from the (smaller) preview.
    this.grab(v, r)
      .then((image) => {
        if (loop !== this.loop) {
          if (!(image instanceof ImageData)) image.close();
          this.gate.done();
          return;
        }
        const msg: DecodeRequest = { type: 'frame', session: loop, id: ++this.nextId, image };
        this.pendingId = msg.id;
        worker.postMessage(msg, [image instanceof ImageData ? image.data.buffer : image]);
      })
      .catch(() => this.gate.done());
  }
}
