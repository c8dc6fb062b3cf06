/**
 * A video file for Chromium's fake camera (--use-file-for-fake-video-capture): a card's QR code, with its quiet
 * zone, centred on a grey desk, in yuv420p, the format Chromium reads.
 */
import { writeFileSync } from 'node:fs';
import type { Bitmap } from '../../cards/qrBitmap';

export function writeY4m(file: string, code: Bitmap, opts: { width?: number; height?: number; frames?: number } = {}) {
  const W = opts.width ?? 640,
    H = opts.height ?? 480,
    frames = opts.frames ?? 10;
  const y = new Uint8Array(W * H).fill(150);
  const ox = Math.floor((W - code.width) / 2),
    oy = Math.floor((H - code.height) / 2);
  for (let r = 0; r < code.height; r++)
    y.set(code.pixels.subarray(r * code.width, (r + 1) * code.width), (oy + r) * W + ox);
  const chroma = new Uint8Array((W / 2) * (H / 2)).fill(128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(file, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}
