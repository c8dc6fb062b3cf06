/**
 * Reading distance (issue #15): how far from the tablet a printed card still reads, through the kiosk's own
 * page in real Chromium, paired to a real hub, a care station with a teacher signed in.
 *
 * The card is the printed one: cards/cardsPdf.ts renders the PDF of a child's card, poppler's pdftoppm turns it
 * into a 300 dpi image, one card is cut out. A camera 70° wide at 1280 × 720 sees a scene 2·d·tan 35° wide at
 * distance d, so an 85.6 mm card held at 20, 30, 40, 50 and 60 cm spans 391, 261, 196, 156 and 130 pixels. The
 * card is drawn into that scene by a pinhole projection (with 3 × 3 supersampling, as a sensor averages light
 * over a pixel) on a desk-grey background, with a camera's softness and sensor noise, and in five conditions:
 * plain, blurred (defocus, a hand moving), noisy (a dim room), tilted back and turned (perspective) and with
 * glare across the code. Each clip is a .y4m for Chromium's fake camera at 30 frames/s: a few frames of empty
 * desk, then the card. Chromium reads the file again each time the camera opens, so each clip is written to the
 * same path and the kiosk's camera switched on for it, then off.
 *
 * Timing: every frame carries its clip and frame number as 16 black or white blocks in its top-left corner. The
 * page watches the camera's stream in a video element of its own (getUserMedia wrapped by an init script), reads
 * those blocks at each requestVideoFrameCallback, and stamps the presentation time of the first frame of the
 * clip that shows the card. A MutationObserver stamps the verdict naming that child, and the animation frame
 * that paints it. Latency = paint − first card frame; a clip counts as decoded if that is within 2 s.
 *
 * Both pipelines run in the same browser on the same clips: the kiosk's default, and html5-qrcode selected by
 * `localStorage['relay.decoder'] = 'html5-qrcode'` before the kiosk loads. Which one actually ran is read from
 * the page (a decoding worker started or not).
 *
 * Long tasks: the same page with Chromium's CPU slowed 4× (CDP Emulation.setCPUThrottlingRate, a cheap tablet)
 * while the camera looks at a card it cannot read (the decoder then works on every frame), against the same
 * time with the camera off; PerformanceObserver 'longtask'.
 */
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { studentCards } from '../cards/cardData';
import { CARD_H_MM, CARD_W_MM, COLUMNS, MARGIN_X_MM, MARGIN_Y_MM, QR_MARGIN_MM, QR_MM } from '../cards/cardsPdf';
import { renderCardsPdf } from '../cards/cardsPdf';
import { QUIET_ZONE_MODULES } from '../cards/qrBitmap';
import type { Roster, Student } from '../core/roster';
import { adminToken, request } from '../test/hub/hubProcess';
import { KEEP_NAMES_SHIM, launchBrowser } from './lib/chromium';
import type { BenchHub } from './lib/hubs';
import { BENCH_GROUP, pairCareStation } from './lib/careStation';
import { benchDir, REAL_HUB, spawnHub } from './lib/hubs';
import type { Row, SectionResult } from './lib/report';
import { num, quantile } from './lib/stats';

export const DISTANCES_CM = [20, 30, 40, 50, 60];
const W = 1280,
  H = 720,
  FPS = 30,
  HFOV_DEG = 70;
/** Empty desk before the card comes into view: 1 s, so the camera and its decoder are running (as at a real
 * station, where the camera is on before a child walks up) when the card appears. */
const BLANK_FRAMES = 30;
/** The card in view: 2.2 s, so a 2 s limit never runs into the clip's end (it loops). */
const CARD_FRAMES = 66;
const LIMIT_MS = 2000;
const DPI = 300;
const GROUP = BENCH_GROUP;

export interface Condition {
  name: string;
  blur: number; // gaussian sigma, px
  noise: number; // sensor noise sigma, levels
  tiltDeg?: number; // top edge away from the camera
  rollDeg?: number; // turned in the plane
  glare?: number; // peak added light on the code, 0–1
}
export const CONDITIONS: Condition[] = [
  { name: 'plain', blur: 0.6, noise: 2 },
  { name: 'blur', blur: 1.6, noise: 2 },
  { name: 'noise', blur: 0.6, noise: 10 },
  { name: 'tilt', blur: 0.6, noise: 2, tiltDeg: 35, rollDeg: 12 },
  { name: 'glare', blur: 0.6, noise: 2, glare: 0.85 },
];

/**
 * `reps`: clips per distance and condition. Today's pipeline gets one: it misses most, and every miss costs the
 * whole 2 s (plus the clip's second of empty desk), which would double the section's time.
 */
export const PIPELINES = [
  { key: 'html5-qrcode', label: 'html5-qrcode (today)', decoder: 'html5-qrcode', reps: 1 },
  { key: 'default', label: 'default pipeline', decoder: null, reps: 2 },
] as const;

/** Pixels the card spans at distance d (for the method note). */
export const cardPx = (cm: number) => (W * CARD_W_MM) / (2 * cm * 10 * Math.tan(((HFOV_DEG / 2) * Math.PI) / 180));

// ---------------------------------------------------------------- the card, as printed

interface Rgb {
  w: number;
  h: number;
  data: Float32Array; // r, g, b in 0–1
}

/** The PDF of these children's cards at 300 dpi, one image per card. */
export function printedCards(roster: Roster, students: Student[], dir: string): Promise<Rgb[]> {
  const cards = studentCards(roster, { studentIds: students.map((s) => s.id) });
  const order = students.map((s) => cards.findIndex((c) => c.cardId === s.cardId));
  return renderCardsPdf(cards).then((pdf) => {
    writeFileSync(path.join(dir, 'cards.pdf'), pdf);
    execFileSync('pdftoppm', ['-r', String(DPI), '-png', path.join(dir, 'cards.pdf'), path.join(dir, 'page')]);
    const pages = readdirSync(dir)
      .filter((f) => f.startsWith('page-'))
      .sort()
      .map((f) => PNG.sync.read(readFileSync(path.join(dir, f))));
    const px = (mm: number) => Math.round((mm / 25.4) * DPI);
    const cw = px(CARD_W_MM),
      ch = px(CARD_H_MM);
    return order.map((i) => {
      const page = pages[Math.floor(i / 10)]!;
      const k = i % 10;
      const x0 = px(MARGIN_X_MM + (k % COLUMNS) * CARD_W_MM),
        y0 = px(MARGIN_Y_MM + Math.floor(k / COLUMNS) * CARD_H_MM);
      const data = new Float32Array(cw * ch * 3);
      for (let y = 0; y < ch; y++)
        for (let x = 0; x < cw; x++) {
          const s = ((y0 + y) * page.width + x0 + x) * 4;
          for (let c = 0; c < 3; c++) data[(y * cw + x) * 3 + c] = page.data[s + c]! / 255;
        }
      return { w: cw, h: ch, data };
    });
  });
}

// ---------------------------------------------------------------- the scene and the clip

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
function gauss(r: () => number) {
  return Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
}

function invert3(m: number[]): number[] {
  const [a, b, c, d, e, f, g, h, i] = m as [number, number, number, number, number, number, number, number, number];
  const A = e * i - f * h,
    B = -(d * i - f * g),
    C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [
    A / det,
    -(b * i - c * h) / det,
    (b * f - c * e) / det,
    B / det,
    (a * i - c * g) / det,
    -(a * f - c * d) / det,
    C / det,
    -(a * h - b * g) / det,
    (a * e - b * d) / det,
  ];
}

/** Separable gaussian blur of a w × h × 3 float image inside a box. */
function blurBox(img: Float32Array, w: number, h: number, sigma: number, box: [number, number, number, number]) {
  const r = Math.ceil(sigma * 3);
  const k = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const sum = k.reduce((a, b) => a + b, 0);
  const kn = k.map((v) => v / sum);
  const [x0, y0, x1, y1] = [
    Math.max(0, box[0] - r),
    Math.max(0, box[1] - r),
    Math.min(w, box[2] + r),
    Math.min(h, box[3] + r),
  ];
  const tmp = new Float32Array((x1 - x0) * 3);
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++)
      for (let c = 0; c < 3; c++) {
        let v = 0;
        for (let j = -r; j <= r; j++) v += kn[j + r]! * img[(y * w + Math.min(w - 1, Math.max(0, x + j))) * 3 + c]!;
        tmp[(x - x0) * 3 + c] = v;
      }
    img.set(tmp, (y * w + x0) * 3);
  }
  const col = new Float32Array((y1 - y0) * 3);
  for (let x = x0; x < x1; x++) {
    for (let y = y0; y < y1; y++)
      for (let c = 0; c < 3; c++) {
        let v = 0;
        for (let j = -r; j <= r; j++) v += kn[j + r]! * img[(Math.min(h - 1, Math.max(0, y + j)) * w + x) * 3 + c]!;
        col[(y - y0) * 3 + c] = v;
      }
    for (let y = y0; y < y1; y++) for (let c = 0; c < 3; c++) img[(y * w + x) * 3 + c] = col[(y - y0) * 3 + c]!;
  }
}

const DESK = [150 / 255, 146 / 255, 140 / 255];

/** The desk, lit a little unevenly. */
function desk(): Float32Array {
  const img = new Float32Array(W * H * 3);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const light = 1.05 - 0.15 * (((x - W * 0.35) / W) ** 2 + ((y - H * 0.3) / H) ** 2);
      for (let c = 0; c < 3; c++) img[(y * W + x) * 3 + c] = DESK[c]! * light;
    }
  return img;
}

/** One frame of the card at distance `cm` in condition `cond`, before noise. */
export function scene(card: Rgb, cm: number, cond: Condition, seed: number): Float32Array {
  const r = rng(seed);
  const img = desk();
  const f = W / 2 / Math.tan(((HFOV_DEG / 2) * Math.PI) / 180);
  const mmPerPx = CARD_W_MM / card.w;
  // The child aims roughly: the code's centre lands within ±4 % of the frame's centre.
  const qrCx = CARD_W_MM / 2 - QR_MARGIN_MM - QR_MM / 2,
    qrCy = -CARD_H_MM / 2 + QR_MARGIN_MM + QR_MM / 2;
  const tilt = ((cond.tiltDeg ?? 0) * Math.PI) / 180,
    roll = ((cond.rollDeg ?? 0) * Math.PI) / 180;
  // Card plane coordinates (u, v in mm from the card's centre, v down) → camera (X right, Y down, Z away).
  const cr = Math.cos(roll),
    sr = Math.sin(roll),
    ct = Math.cos(tilt),
    st = Math.sin(tilt);
  // roll in the plane, then tilt about the horizontal axis (top edge away: Z grows as v goes up)
  const r1 = [cr, sr * ct, -sr * st],
    r2 = [-sr, cr * ct, -cr * st];
  const Z = cm * 10;
  const shiftX = (r() - 0.5) * 0.08 * W,
    shiftY = (r() - 0.5) * 0.08 * H;
  // Translation so that the code's centre sits at the aimed point.
  const qx = r1[0]! * qrCx + r2[0]! * qrCy,
    qy = r1[1]! * qrCx + r2[1]! * qrCy,
    qz = r1[2]! * qrCx + r2[2]! * qrCy;
  const t = [(shiftX / f) * (Z + qz) - qx, (shiftY / f) * (Z + qz) - qy, Z];
  // Homography: K [r1 r2 t]
  const cx = W / 2,
    cy = H / 2;
  const Hm = [
    f * r1[0]! + cx * r1[2]!,
    f * r2[0]! + cx * r2[2]!,
    f * t[0]! + cx * t[2]!,
    f * r1[1]! + cy * r1[2]!,
    f * r2[1]! + cy * r2[2]!,
    f * t[1]! + cy * t[2]!,
    r1[2]!,
    r2[2]!,
    t[2]!,
  ];
  const inv = invert3(Hm);
  const corners = [
    [-1, -1],
    [1, -1],
    [1, 1],
    [-1, 1],
  ].map(([a, b]) => {
    const u = (a! * CARD_W_MM) / 2,
      v = (b! * CARD_H_MM) / 2;
    const w = Hm[6]! * u + Hm[7]! * v + Hm[8]!;
    return [(Hm[0]! * u + Hm[1]! * v + Hm[2]!) / w, (Hm[3]! * u + Hm[4]! * v + Hm[5]!) / w];
  });
  const bx0 = Math.max(0, Math.floor(Math.min(...corners.map((p) => p[0]!))) - 1),
    bx1 = Math.min(W, Math.ceil(Math.max(...corners.map((p) => p[0]!))) + 1),
    by0 = Math.max(0, Math.floor(Math.min(...corners.map((p) => p[1]!))) - 1),
    by1 = Math.min(H, Math.ceil(Math.max(...corners.map((p) => p[1]!))) + 1);
  // Glare: a highlight over one side of the code, in card coordinates.
  const gu = qrCx + QR_MM * 0.15,
    gv = qrCy - QR_MM * 0.1,
    gr = QR_MM * 0.3;
  const S = 3;
  for (let y = by0; y < by1; y++)
    for (let x = bx0; x < bx1; x++) {
      let cov = 0;
      const acc = [0, 0, 0];
      for (let sy = 0; sy < S; sy++)
        for (let sx = 0; sx < S; sx++) {
          const X = x + (sx + 0.5) / S,
            Y = y + (sy + 0.5) / S;
          const w = inv[6]! * X + inv[7]! * Y + inv[8]!;
          const u = (inv[0]! * X + inv[1]! * Y + inv[2]!) / w,
            v = (inv[3]! * X + inv[4]! * Y + inv[5]!) / w;
          const px = (u + CARD_W_MM / 2) / mmPerPx,
            py = (v + CARD_H_MM / 2) / mmPerPx;
          if (px < 0 || py < 0 || px >= card.w - 1 || py >= card.h - 1) continue;
          cov++;
          const ix = Math.floor(px),
            iy = Math.floor(py),
            fx = px - ix,
            fy = py - iy;
          const g = cond.glare ? cond.glare * Math.exp(-((u - gu) ** 2 + (v - gv) ** 2) / (2 * gr * gr)) : 0;
          for (let c = 0; c < 3; c++) {
            const at = (xx: number, yy: number) => card.data[(yy * card.w + xx) * 3 + c]!;
            const val =
              at(ix, iy) * (1 - fx) * (1 - fy) +
              at(ix + 1, iy) * fx * (1 - fy) +
              at(ix, iy + 1) * (1 - fx) * fy +
              at(ix + 1, iy + 1) * fx * fy;
            // A camera's exposure of white paper and black ink (never 0 and 1), then the glare on top.
            const exposed = 0.12 + val * 0.76;
            acc[c]! += 1 - (1 - exposed) * (1 - g);
          }
        }
      if (!cov) continue;
      const k = cov / (S * S);
      for (let c = 0; c < 3; c++) {
        const i = (y * W + x) * 3 + c;
        img[i] = img[i]! * (1 - k) + acc[c]! / (S * S);
      }
    }
  if (cond.blur) blurBox(img, W, H, cond.blur, [bx0, by0, bx1, by1]);
  return img;
}

/** Unit gaussian samples, made once; each frame reads them from its own random offset (fast, and no two alike). */
let noiseTable: Float32Array | null = null;
const NOISE_TABLE = 1 << 21;

/** Full-range BT.601 yuv420p (the y4m's C420jpeg), with sensor noise. */
function yuv(img: Float32Array, noise: number, seed: number): Buffer {
  if (!noiseTable) {
    const g = rng(20261201);
    noiseTable = Float32Array.from({ length: NOISE_TABLE }, () => gauss(g));
  }
  const table = noiseTable;
  let at = Math.floor(rng(seed)() * NOISE_TABLE);
  const out = Buffer.alloc(W * H * 1.5);
  const U = W * H,
    V = U + (W / 2) * (H / 2);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 3;
      const R = img[i]! * 255,
        G = img[i + 1]! * 255,
        B = img[i + 2]! * 255;
      at = (at + 7919) & (NOISE_TABLE - 1);
      out[y * W + x] = Math.max(0, Math.min(255, Math.round(0.299 * R + 0.587 * G + 0.114 * B + noise * table[at]!)));
    }
  for (let y = 0; y < H / 2; y++)
    for (let x = 0; x < W / 2; x++) {
      let R = 0,
        G = 0,
        B = 0;
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ]) {
        const i = ((2 * y + dy!) * W + 2 * x + dx!) * 3;
        R += img[i]! * 64;
        G += img[i + 1]! * 64;
        B += img[i + 2]! * 64;
      }
      out[U + y * (W / 2) + x] = Math.max(0, Math.min(255, Math.round(128 - 0.1687 * R - 0.3313 * G + 0.5 * B)));
      out[V + y * (W / 2) + x] = Math.max(0, Math.min(255, Math.round(128 + 0.5 * R - 0.4187 * G - 0.0813 * B)));
    }
  return out;
}

/** 16 blocks of 8 × 8 pixels, top left: 4 bits of clip number, 8 of frame number (written into `f` in place). */
const MARK_BLOCKS = 16,
  MARK_PX = 8;
function mark(f: Buffer, clip: number, index: number) {
  const code = ((clip & 15) << 8) | (index & 255);
  const U = W * H,
    V = U + (W / 2) * (H / 2);
  for (let b = 0; b < MARK_BLOCKS; b++) {
    const on = (code >> (MARK_BLOCKS - 1 - b)) & 1;
    for (let y = 0; y < MARK_PX; y++) f.fill(on ? 255 : 0, y * W + b * MARK_PX, y * W + (b + 1) * MARK_PX);
    for (let y = 0; y < MARK_PX / 2; y++) {
      f.fill(128, U + y * (W / 2) + (b * MARK_PX) / 2, U + y * (W / 2) + ((b + 1) * MARK_PX) / 2);
      f.fill(128, V + y * (W / 2) + (b * MARK_PX) / 2, V + y * (W / 2) + ((b + 1) * MARK_PX) / 2);
    }
  }
}

const NOISE_VARIANTS = 3;
let blankFrames: Buffer[] | null = null;

/** Writes a clip: BLANK_FRAMES of desk, then the card; atomically, since Chromium reads it at camera start. */
export function writeClip(file: string, clipNo: number, card: Rgb | null, cm: number, cond: Condition, seed: number) {
  blankFrames ??= Array.from({ length: NOISE_VARIANTS }, (_, i) => yuv(desk(), 2, 999 + i));
  const cardFrames = card
    ? (() => {
        const s = scene(card, cm, cond, seed);
        return Array.from({ length: NOISE_VARIANTS }, (_, i) => yuv(s, cond.noise, seed * 7 + i));
      })()
    : blankFrames;
  const fd = openSync(`${file}.tmp`, 'w');
  try {
    writeSync(fd, Buffer.from(`YUV4MPEG2 W${W} H${H} F${FPS}:1 Ip A1:1 C420jpeg\n`));
    const tag = Buffer.from('FRAME\n');
    for (let i = 0; i < BLANK_FRAMES + CARD_FRAMES; i++) {
      const f = i < BLANK_FRAMES ? blankFrames[i % NOISE_VARIANTS]! : cardFrames[i % NOISE_VARIANTS]!;
      mark(f, clipNo, i);
      writeSync(fd, tag);
      writeSync(fd, f);
    }
  } finally {
    closeSync(fd);
  }
  renameSync(`${file}.tmp`, file);
}

// ---------------------------------------------------------------- the page

/** Init script: the bench's stamps in the kiosk page (plain JS: it runs before the kiosk's own code). */
const INSTRUMENT = `(() => {
  const rd = (window.__rd = { clip: null, cardAt: null, verdictAt: null, paintAt: null, frames: 0, size: null,
    workers: [], longtasks: [], watch: true, attach: true, live: 0, verdictChanges: 0, qrCanvas: null });
  const OrigWorker = window.Worker;
  window.Worker = class extends OrigWorker { constructor(u, o) { super(u, o); rd.workers.push(String(u)); } };
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) rd.longtasks.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
  } catch {}
  new MutationObserver((list) => {
    for (const m of list) {
      const el = m.target.nodeType === 1 ? m.target : m.target.parentElement;
      if (el && el.closest && el.closest('[data-testid="verdict"]')) { rd.verdictChanges++; break; }
    }
    if (!rd.clip || rd.verdictAt !== null) return;
    const n = document.querySelector('[data-testid="verdict-name"]');
    if (n && n.textContent === rd.clip.name) {
      rd.verdictAt = performance.now();
      requestAnimationFrame(() => { rd.paintAt = performance.now(); });
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });
  const canvas = document.createElement('canvas');
  canvas.width = ${MARK_BLOCKS * MARK_PX}; canvas.height = ${MARK_PX};
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const watch = (stream) => {
    if (!rd.attach) return;
    const v = document.createElement('video');
    v.muted = true; v.playsInline = true; v.autoplay = true; v.srcObject = stream;
    v.style.cssText = 'position:fixed;left:0;bottom:0;width:64px;height:36px;opacity:0.01;pointer-events:none;z-index:-1';
    document.body.appendChild(v);
    rd.live++;
    let gone = false;
    const end = () => { if (gone) return; gone = true; rd.live--; v.srcObject = null; v.remove(); };
    stream.addEventListener('inactive', end);
    for (const t of stream.getTracks()) t.addEventListener('ended', () => { if (!stream.active) end(); });
    const onFrame = (now, meta) => {
      if (!stream.active) { end(); return; }
      v.requestVideoFrameCallback(onFrame);
      if (!rd.clip || !rd.watch) return;
      rd.frames++;
      if (!rd.size) rd.size = [v.videoWidth, v.videoHeight];
      const qc = document.getElementById('qr-canvas');
      if (qc && !rd.qrCanvas) rd.qrCanvas = [qc.width, qc.height];
      const s = v.videoWidth / ${W};
      ctx.drawImage(v, 0, 0, ${MARK_BLOCKS * MARK_PX} * s, ${MARK_PX} * s, 0, 0, ${MARK_BLOCKS * MARK_PX}, ${MARK_PX});
      const d = ctx.getImageData(0, ${MARK_PX / 2}, ${MARK_BLOCKS * MARK_PX}, 1).data;
      let code = 0;
      for (let b = 0; b < ${MARK_BLOCKS}; b++) code = code * 2 + (d[(b * ${MARK_PX} + ${MARK_PX / 2}) * 4] > 128 ? 1 : 0);
      if (code >> 8 !== (rd.clip.id & 15)) return;
      if (rd.cardAt === null && (code & 255) >= ${BLANK_FRAMES}) rd.cardAt = meta.presentationTime || now;
    };
    v.requestVideoFrameCallback(onFrame);
    v.play().catch(() => {});
  };
  const md = navigator.mediaDevices;
  if (md && md.getUserMedia) {
    const gum = md.getUserMedia.bind(md);
    md.getUserMedia = async (c) => { const s = await gum(c); try { watch(s); } catch {} return s; };
  }
})();`;

interface RdWindow {
  __rd: {
    clip: { id: number; name: string } | null;
    cardAt: number | null;
    verdictAt: number | null;
    paintAt: number | null;
    frames: number;
    size: [number, number] | null;
    workers: string[];
    longtasks: [number, number][];
    watch: boolean;
    attach: boolean;
    live: number;
    verdictChanges: number;
    /** html5-qrcode's canvas: the part of the frame it decodes, scaled to the preview's CSS pixels */
    qrCanvas: [number, number] | null;
  };
}

interface ClipResult {
  cm: number;
  cond: string;
  decoded: boolean;
  ms: number | null;
  seen: boolean;
}

export async function openKiosk(browser: Browser, hub: BenchHub, decoder: string | null, name: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1100, height: 800 },
    locale: 'zh-CN',
    permissions: ['camera'],
  });
  await context.addInitScript(KEEP_NAMES_SHIM);
  await context.addInitScript({
    content: decoder
      ? `localStorage.setItem('relay.decoder', ${JSON.stringify(decoder)});`
      : `localStorage.removeItem('relay.decoder');`,
  });
  await context.addInitScript({ content: INSTRUMENT });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('[reading-distance page error]', err.message));
  await page.goto(`https://localhost:${hub.port}/kiosk/`);
  await pairCareStation(page, hub, name);
  return page;
}

async function cameraOn(page: Page, on: boolean) {
  const btn = page.getByTestId('camera-toggle');
  const label = (await btn.textContent()) ?? '';
  const isOn = /关闭|off/i.test(label);
  if (isOn !== on) await btn.click();
}

/** One clip: the camera on, until the verdict names the child or 2 s pass after the card shows; camera off. */
export async function runClip(
  page: Page,
  clip: { id: number; name: string },
): Promise<{ ms: number | null; seen: boolean }> {
  await page.evaluate((c) => {
    const rd = (window as unknown as RdWindow).__rd;
    Object.assign(rd, { clip: c, cardAt: null, verdictAt: null, paintAt: null, frames: 0 });
  }, clip);
  await cameraOn(page, true);
  const r = await page.evaluate(
    ({ limit }) =>
      new Promise<{ ms: number | null; seen: boolean }>((resolve) => {
        const rd = (window as unknown as RdWindow).__rd;
        const start = performance.now();
        const tick = () => {
          const now = performance.now();
          if (rd.paintAt !== null && rd.cardAt !== null) return resolve({ ms: rd.paintAt - rd.cardAt, seen: true });
          if (rd.cardAt !== null && now - rd.cardAt > limit + 100) return resolve({ ms: null, seen: true });
          if (now - start > limit + 8000) return resolve({ ms: null, seen: rd.cardAt !== null });
          setTimeout(tick, 20);
        };
        tick();
      }),
    { limit: LIMIT_MS },
  );
  await cameraOn(page, false);
  await page.evaluate(() => {
    (window as unknown as RdWindow).__rd.clip = null;
  });
  // The kiosk has closed the camera (its stream ended) before the next clip replaces the file.
  await page
    .waitForFunction(() => (window as unknown as RdWindow).__rd.live === 0, undefined, { timeout: 5000, polling: 20 })
    .catch(() => {});
  return r;
}

export interface LongTasks {
  /** the camera on a card too blurred to read: the decoder works on every frame */
  scanning: number[];
  /** the camera on the empty desk: the camera and its preview, little to decode */
  desk: number[];
  /** the camera off */
  idle: number[];
  /** times the verdict changed while the unreadable card was in view (0: it was never read) */
  readMeanwhile: number;
}

/**
 * Long tasks over `ms` with the CPU slowed 4×: the camera on a card it cannot read, on the empty desk, and off.
 * The bench's own frame watcher is not attached meanwhile, so what remains is the kiosk's.
 */
async function longTasks(page: Page, clipFile: string, card: Rgb, ms: number): Promise<LongTasks> {
  const cdp = await page.context().newCDPSession(page);
  let readMeanwhile = 0;
  const during = async (what: 'card' | 'desk' | 'off') => {
    if (what === 'card')
      writeClip(clipFile, 15, card, 60, { name: 'unreadable', blur: 3, noise: 10, glare: 0.9 }, 4242);
    if (what === 'desk') writeClip(clipFile, 15, null, 0, CONDITIONS[0]!, 4243);
    await page.evaluate(() => {
      (window as unknown as RdWindow).__rd.attach = false;
    });
    if (what !== 'off') {
      await cameraOn(page, true);
      await page.waitForTimeout(1500); // the decoder loaded and running
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const [t0, v0] = await page.evaluate(() => [
      performance.now(),
      (window as unknown as RdWindow).__rd.verdictChanges,
    ]);
    await page.waitForTimeout(ms);
    const [t1, v1] = await page.evaluate(() => [
      performance.now(),
      (window as unknown as RdWindow).__rd.verdictChanges,
    ]);
    if (what === 'card') readMeanwhile = v1! - v0!;
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    const tasks = await page.evaluate(
      ([a, b]) => (window as unknown as RdWindow).__rd.longtasks.filter(([s]) => s >= a! && s <= b!).map(([, d]) => d),
      [t0, t1],
    );
    if (what !== 'off') await cameraOn(page, false);
    await page.waitForTimeout(500);
    await page.evaluate(() => {
      (window as unknown as RdWindow).__rd.attach = true;
    });
    return tasks;
  };
  const scanning = await during('card');
  const desk = await during('desk');
  const idle = await during('off');
  await cdp.detach();
  return { scanning, desk, idle, readMeanwhile };
}

// ---------------------------------------------------------------- the section

export async function readingDistanceBench(o: { reps?: number; log: (s: string) => void }): Promise<SectionResult> {
  const dir = benchDir('reading');
  // The clips (130 MB each) in memory where there is a tmpfs: writing them is part of every clip's wait.
  const work = mkdtempSync(path.join(existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'relay-bench-clips-'));
  const clipFile = path.join(work, 'camera.y4m');
  let hub: BenchHub | undefined;
  let browser: Browser | undefined;
  try {
    hub = await spawnHub(REAL_HUB, dir);
    const admin = await adminToken(hub);
    const roster = (await request<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: admin })).body.roster;
    // Children of the care group, names told apart, so each clip's verdict is a new name.
    const seen = new Set<string>();
    const kids = roster.students.filter(
      (s) => s.groupId === GROUP && s.cardId && !seen.has(s.name) && (seen.add(s.name), true),
    );
    const repsOf = (p: (typeof PIPELINES)[number]) => o.reps ?? p.reps;
    const nClips = PIPELINES.map((p) => DISTANCES_CM.length * CONDITIONS.length * repsOf(p)).join(' and ');
    const printed = await printedCards(roster, kids, work);
    o.log(`  reading distance: ${printed.length} printed cards of ${GROUP} at ${DPI} dpi, ${nClips} clips`);
    writeClip(clipFile, 0, null, 0, CONDITIONS[0]!, 1);
    const results: Record<string, ClipResult[]> = {};
    const ran: Record<string, string> = {};
    const lt: Record<string, LongTasks> = {};
    let sizeNote = '';
    for (const p of PIPELINES) {
      // A browser process of its own for each pipeline: nothing of one (its camera, its worker) stays for the other.
      browser = await launchBrowser(path.join(dir, 'tls', 'ca.crt'), { fakeCameraFile: clipFile });
      const page = await openKiosk(browser, hub, p.decoder, `阅读距离 ${p.key}`);
      const out: ClipResult[] = [];
      let n = 0;
      // A first clip, not counted: the decoder is loaded when the camera is first switched on.
      writeClip(clipFile, ++n, printed[printed.length - 1]!, 25, CONDITIONS[0]!, 7);
      await runClip(page, { id: n, name: kids[printed.length - 1]!.name });
      const t0 = performance.now();
      let writeMs = 0;
      for (let rep = 0; rep < repsOf(p); rep++)
        for (const cm of DISTANCES_CM)
          for (const cond of CONDITIONS) {
            const k = n % (printed.length - 1);
            n++;
            const seed = 1000 * rep + 10 * cm + CONDITIONS.indexOf(cond) + 1;
            const tw = performance.now();
            writeClip(clipFile, n, printed[k]!, cm, cond, seed);
            writeMs += performance.now() - tw;
            const r = await runClip(page, { id: n, name: kids[k]!.name });
            out.push({ cm, cond: cond.name, decoded: r.ms !== null && r.ms <= LIMIT_MS, ms: r.ms, seen: r.seen });
          }
      const info = await page.evaluate(() => {
        const rd = (window as unknown as RdWindow).__rd;
        return { workers: rd.workers, size: rd.size, qrCanvas: rd.qrCanvas };
      });
      ran[p.key] = info.workers.length ? `a decoding worker (${path.basename(info.workers[0]!)})` : 'no worker';
      if (info.qrCanvas && info.size)
        ran[p.key] +=
          `, html5-qrcode's canvas ${info.qrCanvas[0]} × ${info.qrCanvas[1]} px for the middle ${Math.floor(Math.min(...info.size) * 0.7)} × ${Math.floor(Math.min(...info.size) * 0.7)} camera pixels: the code is shrunk ${num((Math.min(...info.size) * 0.7) / info.qrCanvas[0])}× before it is decoded`;
      if (info.size) sizeNote = `${info.size[0]} × ${info.size[1]}`;
      const unseen = out.filter((r) => !r.seen).length;
      o.log(
        `  ${p.label}: ${out.filter((r) => r.decoded).length}/${out.length} decoded in ${num((performance.now() - t0) / 1000)} s (${num(writeMs / 1000)} s of it making clips); ran ${ran[p.key]}; camera ${sizeNote}${unseen ? `; ${unseen} clips never seen by the page` : ''}`,
      );
      results[p.key] = out;
      lt[p.key] = await longTasks(page, clipFile, printed[0]!, 5000);
      o.log(
        `  ${p.label}, CPU 4× slower: long tasks scanning ${lt[p.key]!.scanning.length} (max ${num(Math.max(0, ...lt[p.key]!.scanning))} ms), empty desk ${lt[p.key]!.desk.length} (max ${num(Math.max(0, ...lt[p.key]!.desk))} ms), camera off ${lt[p.key]!.idle.length}`,
      );
      await page.context().close();
      await browser.close();
      browser = undefined;
    }
    const r = report(results, ran, lt, sizeNote);
    o.log(`  reading distance by condition:\n${r.extra}`);
    return r;
  } finally {
    await browser?.close();
    await hub?.stop();
    rmSync(work, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(
  results: Record<string, ClipResult[]>,
  ran: Record<string, string>,
  lt: Record<string, LongTasks>,
  size: string,
): SectionResult {
  const same = ran['default'] === ran['html5-qrcode'];
  const rows: Row[] = [];
  const missed: string[] = [];
  const stats = (key: string, cm: number, cond?: string) => {
    const rs = results[key]!.filter((r) => r.cm === cm && (!cond || r.cond === cond));
    const ok = rs.filter((r) => r.decoded).map((r) => r.ms!);
    return { share: ok.length / rs.length, p50: quantile(ok, 0.5), p95: quantile(ok, 0.95), n: rs.length };
  };
  const figure = (key: string, cm: number) => {
    const s = stats(key, cm);
    return `${num(s.share * 100)} %; ${num(s.p50)} / ${num(s.p95)} ms`;
  };
  const old = PIPELINES[0],
    now = PIPELINES[1];
  for (const p of PIPELINES) {
    // The targets are the kiosk's (the default pipeline's); html5-qrcode is the comparison, in the same row.
    const perDistance = results[p.key]!.length / DISTANCES_CM.length;
    for (const cm of p === now ? DISTANCES_CM : []) {
      const s = stats(p.key, cm);
      const target = cm === 40 ? '≥ 95 %, median ≤ 150 ms' : cm === 50 ? '≥ 80 %' : undefined;
      const ok = cm === 40 ? s.share >= 0.95 && s.p50 <= 150 : cm === 50 ? s.share >= 0.8 : undefined;
      rows.push({
        section: 'Reading distance',
        what: `card at ${cm} cm: share of ${perDistance} clips decoded within 2 s; first card frame → verdict painted, median / p95 (the kiosk; alternative: ${old.label}, ${results[old.key]!.length / DISTANCES_CM.length} clips)`,
        ours: figure(p.key, cm),
        alt: figure(old.key, cm),
        ...(target ? { target, ok } : {}),
      });
      if (ok === false)
        missed.push(
          `**Reading distance, ${p.label}, ${cm} cm: ${num(s.share * 100)} % decoded, median ${num(s.p50)} ms against ${target}.** Missed: ${
            CONDITIONS.map((c) => [c.name, stats(p.key, cm, c.name).share] as const)
              .filter(([, sh]) => sh < 1)
              .map(([n, sh]) => `${n} (${num(sh * 100)} % read)`)
              .join(', ') || 'none by condition'
          }; the code's modules are ${num((cardPx(cm) * QR_MM) / CARD_W_MM / (25 + 2 * QUIET_ZONE_MODULES))} px at ${cm} cm.`,
        );
    }
    const l = lt[p.key]!;
    const longest = (xs: number[]) => num(Math.max(0, ...xs));
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    // Decoding's share: what scanning a card adds over the camera on an empty desk.
    const fromDecoding = sum(l.scanning) > 1.5 * sum(l.desk) + 50;
    const longOk = !fromDecoding && l.scanning.every((d) => d <= 50 || l.desk.some((e) => e >= d * 0.8));
    rows.push({
      section: 'Reading distance',
      what: `${p.label}: main-thread long tasks in 5 s, CPU slowed 4×, camera on a card it cannot read (count, longest, total)`,
      ours: `${l.scanning.length}, ${longest(l.scanning)} ms, ${num(sum(l.scanning))} ms`,
      alt: `empty desk ${l.desk.length}, ${longest(l.desk)} ms, ${num(sum(l.desk))} ms; camera off ${l.idle.length}${l.readMeanwhile ? `; the card was read meanwhile (${l.readMeanwhile} verdict changes)` : ''}`,
      ...(p === now ? { target: 'none > 50 ms from decoding', ok: longOk } : {}),
    });
    if (!longOk && p === now)
      missed.push(
        `**Long tasks, ${p.label}: ${l.scanning.length} over 50 ms in 5 s (longest ${longest(l.scanning)} ms) with the CPU slowed 4× and a card in view, against ${l.desk.length} (longest ${longest(l.desk)} ms) with the camera on an empty desk and ${l.idle.length} with it off.** ` +
          (fromDecoding
            ? 'Most of it comes with the card: decoding (or handing each frame to the decoder) runs on the main thread.'
            : Math.max(...l.scanning) > 1.25 * Math.max(0, ...l.desk)
              ? `The empty desk has as much in all, but nothing as long as the longest with the card (${longest(l.scanning)} ms): that one is most likely a decode on the main thread.`
              : 'As many and as long come with the camera on an empty desk: they are the camera and its preview (frames taken and handed on by the main thread), not decoding.'),
      );
  }
  const head = `| distance (card width) | condition | ${PIPELINES.map((p) => p.label).join(' | ')} |\n|---|---|${PIPELINES.map(() => '---|').join('')}`;
  const lines: string[] = [];
  for (const cm of DISTANCES_CM) {
    for (const c of CONDITIONS) {
      lines.push(
        `| ${cm} cm (${num(cardPx(cm))} px) | ${c.name} | ${PIPELINES.map((p) => {
          const s = stats(p.key, cm, c.name);
          return `${num(s.share * 100)} %${s.share ? ` · ${num(s.p50)} ms` : ''}`;
        }).join(' | ')} |`,
      );
    }
    lines.push(
      `| **${cm} cm** | **all** | ${PIPELINES.map((p) => {
        const s = stats(p.key, cm);
        return `**${num(s.share * 100)} %${s.share ? ` · ${num(s.p50)} / ${num(s.p95)} ms` : ''}**`;
      }).join(' | ')} |`,
    );
  }
  const extra = [
    `Share of clips decoded within 2 s · median (and p95) ms from the first frame showing the card to the verdict painted, ${PIPELINES.map((p) => `${results[p.key]!.length / DISTANCES_CM.length / CONDITIONS.length} clip(s) per cell for ${p.label}`).join(', ')} (a different child's card each), the kiosk's care station in Chromium at 1100 × 800, camera ${size || '?'} at 30 frames/s.`,
    '',
    `Pipelines as they ran: default — ${ran['default']}; html5-qrcode — ${ran['html5-qrcode']}.` +
      (same
        ? ' **Both ran the same decoder: the new pipeline had not landed in the kiosk when this ran**, so the two columns measure the same code twice (their difference is the noise of the run).'
        : ''),
    '',
    head,
    ...lines,
  ].join('\n');
  return {
    rows,
    missed,
    notes: [
      `Reading distance: the card is the printed one (cards/cardsPdf.ts, QR ${QR_MM} mm with ${QUIET_ZONE_MODULES} modules of its quiet zone, rendered at 300 dpi by pdftoppm); at 40 cm it spans ${num(cardPx(40))} px of a 1280-px-wide frame, so each of the square's ${25 + 2 * QUIET_ZONE_MODULES} modules (version 2) is ${num((cardPx(40) * QR_MM) / CARD_W_MM / (25 + 2 * QUIET_ZONE_MODULES))} px.`,
    ],
    extra,
  };
}
