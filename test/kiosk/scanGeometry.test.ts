/** The camera decoder's pure parts (kiosk/lib/scanGeometry.ts): the region decoded, the aiming frame, frame dropping. */
import { describe, expect, it } from 'vitest';
import { FrameGate, RecentTimes, REGION_SHARE, regionOnPreview, scanRegion } from '../../kiosk/lib/scanGeometry';

describe('scanRegion', () => {
  it('is most of a 1280 × 720 frame, in the middle, at the camera’s pixels', () => {
    expect(scanRegion({ width: 1280, height: 720 })).toEqual({ x: 128, y: 54, width: 1024, height: 612 });
  });

  it('holds a card at 40 cm anywhere a teacher would hold it (15 % of the width, up to a third off the middle)', () => {
    const r = scanRegion({ width: 1280, height: 720 });
    const card = { width: 0.15 * 1280, height: 0.15 * 1280 * (54 / 85.6) };
    for (const cx of [0.2, 0.5, 0.75]) {
      const left = cx * 1280 - card.width / 2;
      expect(left).toBeGreaterThanOrEqual(r.x);
      expect(left + card.width).toBeLessThanOrEqual(r.x + r.width);
    }
  });

  it('turns with the frame (a tablet in portrait), stays inside it, in even whole pixels', () => {
    for (const frame of [
      { width: 720, height: 1280 },
      { width: 1920, height: 1080 },
      { width: 641, height: 479 },
      { width: 3, height: 3 },
    ]) {
      const r = scanRegion(frame);
      expect(r.x).toBeGreaterThanOrEqual(0);
      expect(r.y).toBeGreaterThanOrEqual(0);
      expect(r.x + r.width).toBeLessThanOrEqual(frame.width);
      expect(r.y + r.height).toBeLessThanOrEqual(frame.height);
      for (const n of [r.x, r.y, r.width, r.height]) expect(Number.isInteger(n)).toBe(true);
      expect(r.width % 2).toBe(0);
      expect(r.height % 2).toBe(0);
      // Centred to the pixel.
      expect(Math.abs(r.x - (frame.width - r.x - r.width))).toBeLessThanOrEqual(1);
    }
    expect(scanRegion({ width: 720, height: 1280 })).toEqual({ x: 72, y: 96, width: 576, height: 1088 });
    expect(REGION_SHARE.width).toBeGreaterThanOrEqual(0.75);
  });
});

describe('regionOnPreview (the aiming frame)', () => {
  const frame = { width: 1280, height: 720 };
  const region = scanRegion(frame);

  it('scales with a preview of the frame’s own shape', () => {
    expect(regionOnPreview(frame, { width: 640, height: 360 }, region)).toEqual({
      x: 64,
      y: 27,
      width: 512,
      height: 306,
    });
  });

  it('is cut to what shows when the preview covers a box of another shape', () => {
    // A square box: the 16:9 frame is scaled to 640 tall (1137.8 wide) and cut at the sides.
    const a = regionOnPreview(frame, { width: 640, height: 640 }, region);
    expect(a.x).toBe(0);
    expect(a.width).toBe(640);
    expect(a.y).toBeCloseTo(48, 5);
    expect(a.height).toBeCloseTo(544, 5);
    // A wide box: cut at the top and bottom instead.
    const b = regionOnPreview(frame, { width: 1000, height: 300 }, region);
    expect(b.y).toBe(0);
    expect(b.height).toBe(300);
    expect(b.x).toBeCloseTo(100, 5);
    expect(b.width).toBeCloseTo(800, 5);
  });

  it('mirrors with the front camera’s preview', () => {
    const off = { x: 100, y: 100, width: 200, height: 100 };
    const plain = regionOnPreview(frame, { width: 1280, height: 720 }, off);
    const mirrored = regionOnPreview(frame, { width: 1280, height: 720 }, off, true);
    expect(plain).toEqual(off);
    expect(mirrored).toEqual({ x: 980, y: 100, width: 200, height: 100 });
    // The kiosk's region is centred: the same either way.
    expect(regionOnPreview(frame, { width: 500, height: 400 }, region, true)).toEqual(
      regionOnPreview(frame, { width: 500, height: 400 }, region),
    );
  });

  it('is empty before the camera has a frame or the box a size', () => {
    expect(regionOnPreview({ width: 0, height: 0 }, { width: 500, height: 400 }, region)).toEqual({
      x: 0,
      y: 0,
      width: 0,
      height: 0,
    });
    expect(regionOnPreview(frame, { width: 0, height: 0 }, region).width).toBe(0);
  });
});

describe('FrameGate: one frame in flight', () => {
  it('drops every frame while the decoder is busy, and takes the next one once it answers', () => {
    const g = new FrameGate(1000);
    expect(g.tryTake(0)).toBe(true);
    expect(g.inFlight).toBe(true);
    for (let t = 1; t <= 30; t++) expect(g.tryTake(t)).toBe(false);
    expect(g.dropped).toBe(30);
    g.done();
    expect(g.tryTake(31)).toBe(true);
    expect(g.sent).toBe(2);
  });

  it('takes at most maxFps frames a second even with a fast decoder', () => {
    const g = new FrameGate(15);
    let taken = 0;
    // A camera at 60 frames a second for one second; the decoder answers at once.
    for (let i = 0; i < 60; i++) {
      if (g.tryTake((i * 1000) / 60)) {
        taken++;
        g.done();
      }
    }
    expect(taken).toBeLessThanOrEqual(15);
    expect(taken).toBeGreaterThanOrEqual(12);
    expect(g.sent + g.dropped).toBe(60);
  });

  it('with a slow decoder (200 ms a frame) decodes about 5 a second and never queues', () => {
    const g = new FrameGate(15);
    let answerAt = Infinity,
      taken = 0;
    for (let t = 0; t < 1000; t += 1000 / 30) {
      if (t >= answerAt) {
        g.done();
        answerAt = Infinity;
      }
      if (g.tryTake(t)) {
        taken++;
        answerAt = t + 200;
      }
    }
    expect(taken).toBeGreaterThanOrEqual(4);
    expect(taken).toBeLessThanOrEqual(6);
  });
});

describe('RecentTimes', () => {
  it('gives the median of the last decode times', () => {
    const r = new RecentTimes(3);
    expect(r.median()).toBeNull();
    r.add(10);
    r.add(2);
    expect(r.median()).toBe(6);
    r.add(4);
    r.add(100); // 10 falls out
    expect(r.median()).toBe(4);
  });
});
