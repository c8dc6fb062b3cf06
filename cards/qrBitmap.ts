/**
 * A card's QR code as a bitmap (card data apart from rendering: the PDF renderer of issue #5 and the fake
 * camera of the kiosk tests draw from the same modules). Level Q survives a scuffed card; a 4-module quiet
 * zone is what the QR standard asks for and what decoders need to find the code.
 */
import QRCode from 'qrcode';

export const CARD_QR_LEVEL = 'Q';
export const QUIET_ZONE_MODULES = 4;

export interface Bitmap {
  width: number;
  height: number;
  /** one byte per pixel, 0 = black, 255 = white */ pixels: Uint8Array;
}

export function qrBitmap(text: string, modulePx: number): Bitmap {
  const qr = QRCode.create(text, { errorCorrectionLevel: CARD_QR_LEVEL });
  const n = qr.modules.size;
  const side = (n + 2 * QUIET_ZONE_MODULES) * modulePx;
  const pixels = new Uint8Array(side * side).fill(255);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!qr.modules.get(r, c)) continue;
      for (let y = 0; y < modulePx; y++) {
        const row = (r + QUIET_ZONE_MODULES) * modulePx + y;
        pixels.fill(
          0,
          row * side + (c + QUIET_ZONE_MODULES) * modulePx,
          row * side + (c + QUIET_ZONE_MODULES + 1) * modulePx,
        );
      }
    }
  }
  return { width: side, height: side, pixels };
}
