/**
 * The pure parts of the kiosk's camera decoder (kiosk/lib/nativeScanner.ts): which part of the camera frame is
 * decoded, where that part appears on the preview (the aiming frame), and how frames are dropped while the
 * decoder is busy.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

/**
 * The share of the frame that is decoded, in the middle: most of it. A card at 40 cm is about 15 % of the
 * frame's width, so the card can be anywhere a teacher would hold it; the edges are left out because there a
 * queue's other cards (the next child's, held ready) come into view, and because fewer pixels decode faster
 * (at 1280 × 720 the region is 1024 × 612 instead of 1280 × 720: 0.68 of the pixels).
 */
export const REGION_SHARE = { width: 0.8, height: 0.85 } as const;

/** The region to decode, in the camera's own pixels (whole pixels, even numbers, inside the frame). */
export function scanRegion(frame: Size, share: { width: number; height: number } = REGION_SHARE): Rect {
  const even = (n: number) => Math.max(2, Math.floor(n / 2) * 2);
  const width = Math.min(frame.width, even(frame.width * share.width));
  const height = Math.min(frame.height, even(frame.height * share.height));
  return {
    x: Math.floor((frame.width - width) / 2),
    y: Math.floor((frame.height - height) / 2),
    width,
    height,
  };
}

/**
 * Where a region of the video frame shows on the preview, in CSS pixels of the preview's box. The preview
 * fills its box (object-fit: cover), so the frame is scaled to cover the box and cut at two sides; the region
 * is clipped to what is visible. A mirrored preview (the front camera) flips it left to right.
 */
export function regionOnPreview(frame: Size, box: Size, region: Rect, mirrored = false): Rect {
  if (frame.width <= 0 || frame.height <= 0 || box.width <= 0 || box.height <= 0)
    return { x: 0, y: 0, width: 0, height: 0 };
  const scale = Math.max(box.width / frame.width, box.height / frame.height);
  const ox = (box.width - frame.width * scale) / 2,
    oy = (box.height - frame.height * scale) / 2;
  let left = ox + region.x * scale;
  let right = ox + (region.x + region.width) * scale;
  if (mirrored) [left, right] = [box.width - right, box.width - left];
  const top = oy + region.y * scale,
    bottom = oy + (region.y + region.height) * scale;
  const x = Math.max(0, left),
    y = Math.max(0, top);
  return {
    x,
    y,
    width: Math.max(0, Math.min(box.width, right) - x),
    height: Math.max(0, Math.min(box.height, bottom) - y),
  };
}

/**
 * One frame in flight: a frame is taken only when the decoder has answered the last one, and not more often
 * than `maxFps`. Frames the camera delivers meanwhile are dropped, never queued, so a slow tablet decodes
 * fewer frames a second but always the newest one, and never falls behind the card in front of it.
 */
export class FrameGate {
  private busy = false;
  private last = -Infinity;
  sent = 0;
  dropped = 0;

  constructor(private readonly maxFps: number) {}

  /** True if this frame should be decoded now; the caller then must call done() when the decoder answers. */
  tryTake(now: number): boolean {
    if (this.busy || now - this.last < 1000 / this.maxFps) {
      this.dropped++;
      return false;
    }
    this.busy = true;
    this.last = now;
    this.sent++;
    return true;
  }

  done(): void {
    this.busy = false;
  }

  get inFlight(): boolean {
    return this.busy;
  }
}

/** The median of the last decode times, for the preview's data attributes and the tests. */
export class RecentTimes {
  private readonly times: number[] = [];
  constructor(private readonly keep = 50) {}
  add(ms: number) {
    this.times.push(ms);
    if (this.times.length > this.keep) this.times.shift();
  }
  median(): number | null {
    if (this.times.length === 0) return null;
    const s = [...this.times].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  }
}
