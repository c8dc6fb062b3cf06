/**
 * A card's QR code as a bitmap (card data apart from rendering: the PDF renderer of issue #5 and the fake
 * camera of the kiosk tests draw from the same modules). Level Q survives a scuffed card.
 *
 * The quiet zone: the QR standard asks for 4 modules of white round the code, and decoders need it to find the
 * code. On the card, 2 of them are drawn as part of the code's square and the card's own white round the square
 * gives the rest (at least 4 modules on every side: test/cards/cards.test.ts). Drawn in full, the 4 modules
 * took 8 of the square's 33 modules, so each module was 1.2 mm; with 2, 1.34 mm, and a card reads from 10 %
 * further away (issue #15). A code drawn on its own (qrBitmap below, for a screen or a test) has the same 2.
 */
import QRCode from 'qrcode';

export const CARD_QR_LEVEL = 'Q';
export const QUIET_ZONE_MODULES = 2;
/** White round the code the QR standard asks for, counting the card's margin: what cards.test.ts holds the card to. */
export const QUIET_ZONE_STANDARD_MODULES = 4;

export interface Bitmap {
  width: number;
  height: number;
  /** one byte per pixel, 0 = black, 255 = white */ pixels: Uint8Array;
}

/** The code `text` at `modulePx` pixels a module, with `quietZone` modules of white round it. */
export function qrBitmap(text: string, modulePx: number, quietZone = QUIET_ZONE_MODULES): Bitmap {
  const qr = QRCode.create(text, { errorCorrectionLevel: CARD_QR_LEVEL });
  const n = qr.modules.size;
  const side = (n + 2 * quietZone) * modulePx;
  const pixels = new Uint8Array(side * side).fill(255);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!qr.modules.get(r, c)) continue;
      for (let y = 0; y < modulePx; y++) {
        const row = (r + quietZone) * modulePx + y;
        pixels.fill(0, row * side + (c + quietZone) * modulePx, row * side + (c + quietZone + 1) * modulePx);
      }
    }
  }
  return { width: side, height: side, pixels };
}
