/**
 * Video files for Chromium's fake camera (--use-file-for-fake-video-capture), in yuv420p, the format Chromium
 * reads: a card's bare QR code centred on a grey desk (writeY4m), or a whole student card held at arm's length
 * (writeCardY4m).
 */
import { writeFileSync } from 'node:fs';
import { BAND_MM, CARD_H_MM, CARD_W_MM, QR_MARGIN_MM, QR_MM } from '../../cards/cardsPdf';
import { QUIET_ZONE_MODULES, qrBitmap } from '../../cards/qrBitmap';
import type { Bitmap } from '../../cards/qrBitmap';

function writeFrames(file: string, W: number, H: number, lumas: Uint8Array[]) {
  const chroma = new Uint8Array((W / 2) * (H / 2)).fill(128);
  const header = Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(
    file,
    Buffer.concat([header, ...lumas.flatMap((y) => [Buffer.from('FRAME\n'), Buffer.from(y), chroma, chroma])]),
  );
}

export function writeY4m(file: string, code: Bitmap, opts: { width?: number; height?: number; frames?: number } = {}) {
  const W = opts.width ?? 640,
    H = opts.height ?? 480,
    frames = opts.frames ?? 10;
  const y = new Uint8Array(W * H).fill(150);
  const ox = Math.floor((W - code.width) / 2),
    oy = Math.floor((H - code.height) / 2);
  for (let r = 0; r < code.height; r++)
    y.set(code.pixels.subarray(r * code.width, (r + 1) * code.width), (oy + r) * W + ox);
  writeFrames(
    file,
    W,
    H,
    Array.from({ length: frames }, () => y),
  );
}

export interface CardClip {
  width: number;
  height: number;
  /** the card's width as a share of the frame's width */
  cardShare: number;
  /** where the card's centre is, as shares of the frame (0.5, 0.5: the middle) */
  centre: { x: number; y: number };
  frames: number;
  /** the QR's square with its quiet zone, in mm: the printed card's (cards/cardsPdf.ts) unless a test says */
  qrMm: number;
  /** modules of white drawn round the code inside that square: the printed card's unless a test says */
  quietZone: number;
}

/**
 * A student card as a tablet's camera sees it at about 40 cm: a white card with its name (dark bars), its
 * pickup-plan band and its QR code placed and sized as printed (cards/cardsPdf.ts), small in a 1280 × 720 frame and off-centre, on a grey
 * desk with sensor noise, moving a little from frame to frame as a hand does. Each pixel is the average of 4 × 4
 * samples (a camera's pixel integrates light over its area), so modules that do not fall on whole pixels blur
 * into each other as they do on a sensor. Returns the geometry, for the test to state what it decoded.
 */
export function writeCardY4m(file: string, cardId: string, opts: Partial<CardClip> = {}) {
  const o: CardClip = {
    width: 1280,
    height: 720,
    cardShare: 0.15,
    centre: { x: 0.66, y: 0.36 },
    frames: 20,
    qrMm: QR_MM,
    quietZone: QUIET_ZONE_MODULES,
    ...opts,
  };
  const W = o.width,
    H = o.height;
  const code = qrBitmap(cardId, 1, o.quietZone);
  const modules = code.width; // with the quiet zone
  const pxPerMm = (W * o.cardShare) / CARD_W_MM;
  const cardW = CARD_W_MM * pxPerMm,
    cardH = CARD_H_MM * pxPerMm,
    qrPx = o.qrMm * pxPerMm;
  let seed = 4242;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  /** The card's luma at a point of the card (mm from its top left corner). */
  const card = (mx: number, my: number): number => {
    const qx = CARD_W_MM - QR_MARGIN_MM - o.qrMm,
      qy = QR_MARGIN_MM;
    if (mx >= qx && mx < qx + o.qrMm && my >= qy && my < qy + o.qrMm) {
      const c = Math.floor(((mx - qx) / o.qrMm) * modules),
        r = Math.floor(((my - qy) / o.qrMm) * modules);
      return code.pixels[r * modules + c] === 0 ? 25 : 235;
    }
    if (my >= CARD_H_MM - BAND_MM) return 95; // the green band with its label
    if (mx >= 4 && mx < 30 && my >= 9 && my < 17) return 40; // the name
    if (mx >= 4 && mx < 36 && ((my >= 21 && my < 24) || (my >= 32 && my < 34.5))) return 90; // class, group
    return 235;
  };
  const lumas: Uint8Array[] = [];
  const S = 4;
  for (let f = 0; f < o.frames; f++) {
    // A hand: the card drifts by up to a pixel and a half between frames.
    const left = o.centre.x * W - cardW / 2 + Math.sin(f * 0.9) * 1.5,
      top = o.centre.y * H - cardH / 2 + Math.cos(f * 0.7) * 1.2;
    const y = new Uint8Array(W * H);
    for (let py = 0; py < H; py++) {
      for (let px = 0; px < W; px++) {
        let v: number;
        if (px + 1 < left || px > left + cardW || py + 1 < top || py > top + cardH) v = 150;
        else {
          let sum = 0;
          for (let sy = 0; sy < S; sy++)
            for (let sx = 0; sx < S; sx++) {
              const x = px + (sx + 0.5) / S - left,
                yy = py + (sy + 0.5) / S - top;
              sum += x >= 0 && x < cardW && yy >= 0 && yy < cardH ? card(x / pxPerMm, yy / pxPerMm) : 150;
            }
          v = sum / (S * S);
        }
        y[py * W + px] = Math.max(0, Math.min(255, Math.round(v + (rand() - 0.5) * 10)));
      }
    }
    lumas.push(y);
  }
  writeFrames(file, W, H, lumas);
  return {
    cardPx: cardW,
    qrPx,
    /** the code itself (without its quiet zone) as a share of the frame's width */
    symbolShare: (qrPx * (modules - 2 * o.quietZone)) / modules / W,
    pxPerModule: qrPx / modules,
    card: { x: o.centre.x * W - cardW / 2, y: o.centre.y * H - cardH / 2, width: cardW, height: cardH },
  };
}
