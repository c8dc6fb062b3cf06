/**
 * The kiosk's old camera pipeline, kept unchanged for the benchmark and chosen only by localStorage
 * relay.decoder = html5-qrcode: html5-qrcode decodes a canvas the size of its on-screen box, so a card must be
 * held about 10 cm away. The kiosk's own pipeline is kiosk/lib/nativeScanner.ts (why it does not build on
 * html5-qrcode is said there).
 *
 * One owner for html5-qrcode's camera. The library is unmaintained since 2023 and has lifecycle bugs: stop()
 * during a start leaves the instance stuck, and a React StrictMode double mount opens two camera tracks. So
 * there is exactly one instance per element, and every start and stop goes through one promise chain.
 */
import type { Html5Qrcode } from 'html5-qrcode';

/** The decoder is most of the kiosk's weight: loaded when the camera is first switched on, not at start-up. */
const loadLibrary = () => import('html5-qrcode');

/** 8–10 frames/s: fast enough to feel instant, slow enough for an old tablet (the library's default is 2). */
export const SCAN_FPS = 10;

export interface CameraInfo {
  id: string;
  label: string;
}

export class CameraScanner {
  private scanner: Html5Qrcode | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private running = false;

  constructor(
    private readonly elementId: string,
    private readonly onCode: (text: string) => void,
  ) {}

  private serial<T>(step: () => Promise<T>): Promise<T> {
    const next = this.chain.then(step, step);
    this.chain = next.catch(() => undefined);
    return next;
  }

  static async cameras(): Promise<CameraInfo[]> {
    try {
      const { Html5Qrcode } = await loadLibrary();
      return (await Html5Qrcode.getCameras()).map((c) => ({ id: c.id, label: c.label }));
    } catch {
      return [];
    }
  }

  /** Starts the rear camera (or the chosen one). Resolves once frames are being decoded. */
  start(cameraId?: string): Promise<void> {
    return this.serial(async () => {
      if (this.running) await this.stopNow();
      const { Html5Qrcode, Html5QrcodeSupportedFormats } = await loadLibrary();
      this.scanner ??= new Html5Qrcode(this.elementId, {
        formatsToSupport: [Html5QrcodeSupportedFormats.QR_CODE],
        // The browser's own BarcodeDetector is much faster where it exists (Android Chrome).
        useBarCodeDetectorIfSupported: true,
        verbose: false,
      });
      await this.scanner.start(
        cameraId ?? { facingMode: 'environment' },
        {
          fps: SCAN_FPS,
          // A square in the middle: a card held at 30–50 cm fills it, and a smaller region decodes faster.
          qrbox: (w: number, h: number) => {
            const side = Math.floor(Math.min(w, h) * 0.7);
            return { width: side, height: side };
          },
          disableFlip: true,
        },
        (text) => this.onCode(text),
        () => {
          /* most frames have no code: not an error */
        },
      );
      this.running = true;
    });
  }

  stop(): Promise<void> {
    return this.serial(() => this.stopNow());
  }

  private async stopNow() {
    if (!this.scanner || !this.running) return;
    try {
      await this.scanner.stop();
    } finally {
      this.running = false;
    }
  }

  /** The torch, where the camera has one (many tablets' rear cameras do). */
  async setTorch(on: boolean): Promise<boolean> {
    if (!this.scanner || !this.running) return false;
    try {
      const caps = this.scanner.getRunningTrackCapabilities() as MediaTrackCapabilities & { torch?: boolean };
      if (!caps.torch) return false;
      await this.scanner.applyVideoConstraints({ advanced: [{ torch: on } as MediaTrackConstraintSet] });
      return true;
    } catch {
      return false;
    }
  }

  hasTorch(): boolean {
    try {
      return (
        !!this.scanner && this.running && !!(this.scanner.getRunningTrackCapabilities() as { torch?: boolean }).torch
      );
    } catch {
      return false;
    }
  }
}
