/**
 * Cards on A4: credit-card size (85.6 × 54 mm), ten to a page in two columns, with crop marks. Names in an
 * embedded CJK font that has the rare characters (㵘, 𠮷); the QR drawn as vector squares, so it prints sharp.
 *
 * Made to be aimed by a child (issue #15): the QR is as large as the card allows, 39 mm with 2 modules of its
 * quiet zone inside the square and the card's white margin the rest (version 2 at level Q: 25 + 4 modules, 1.34
 * mm a module, against 0.79 mm at the earlier 26 mm; cards/qrBitmap.ts says why the quiet zone is split), in the
 * top right corner, clear of the coloured band along the bottom, which is where the card says to hold it: a
 * thumb on the band never covers the code, and a card held up by its band shows the code to the camera above.
 * What a tablet camera reads at which distance: bench/readingDistance.ts (docs/benchmarks.md).
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { CardData } from './cardData';
import { CARD_QR_LEVEL, QUIET_ZONE_MODULES } from './qrBitmap';

const MM = 72 / 25.4;
export const CARD_W_MM = 85.6;
export const CARD_H_MM = 54;
export const COLUMNS = 2;
export const ROWS = 5;
export const PAGE_W_MM = 210;
export const PAGE_H_MM = 297;
export const MARGIN_X_MM = (PAGE_W_MM - COLUMNS * CARD_W_MM) / 2;
export const MARGIN_Y_MM = (PAGE_H_MM - ROWS * CARD_H_MM) / 2;
/** The QR's square (the code and QUIET_ZONE_MODULES of white round it), at QR_MARGIN_MM from the card's top and right edges. */
export const QR_MM = 39;
export const QR_MARGIN_MM = 3;
/** White between the text column and the QR's square. */
export const TEXT_GAP_MM = 3;
/** The coloured band along the bottom: the pickup plan, and where to hold the card. */
export const BAND_MM = 9;
/** How to hold the card, printed on the band. */
export const HOLD_HINT = { zh: '手拿色带，二维码对准摄像头', en: 'Hold here · code to the camera' };

/**
 * Where a font with the rare characters is on common systems; RELAY_CJK_FONT wins. Windows' fonts are found under
 * %WINDIR% (not always C:), Noto Sans CJK first where someone installed it there (it has the Ext-B characters, 𠮷,
 * that Microsoft YaHei lacks).
 */
const fontCandidates = (env: NodeJS.ProcessEnv): { file: string; face?: string }[] => {
  const windows = path.win32.join(env.WINDIR ?? env.SystemRoot ?? 'C:\\Windows', 'Fonts');
  return [
    { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
    { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.otf' },
    { file: path.win32.join(windows, 'NotoSansCJK-Regular.ttc'), face: 'NotoSansCJKsc-Regular' },
    { file: path.win32.join(windows, 'NotoSansSC-Regular.otf') },
    { file: path.win32.join(windows, 'msyh.ttc'), face: 'MicrosoftYaHei' },
    { file: '/System/Library/Fonts/PingFang.ttc', face: 'PingFangSC-Regular' },
  ];
};

export function findCjkFont(
  env = process.env,
  exists: (file: string) => boolean = existsSync,
): { file: string; face?: string } {
  if (env.RELAY_CJK_FONT)
    return { file: env.RELAY_CJK_FONT, ...(env.RELAY_CJK_FONT_FACE ? { face: env.RELAY_CJK_FONT_FACE } : {}) };
  const found = fontCandidates(env).find((c) => exists(c.file));
  if (!found)
    throw new Error(
      '找不到中文字体：请安装 Noto Sans CJK（Debian: apt-get install fonts-noto-cjk），或设置 RELAY_CJK_FONT=字体文件 / no CJK font: install fonts-noto-cjk or set RELAY_CJK_FONT',
    );
  return found;
}

function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: CARD_QR_LEVEL });
  const n = qr.modules.size;
  const m = size / (n + 2 * QUIET_ZONE_MODULES);
  doc.save().rect(x, y, size, size).fill('#ffffff');
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) {
      if (qr.modules.get(r, c)) doc.rect(x + (c + QUIET_ZONE_MODULES) * m, y + (r + QUIET_ZONE_MODULES) * m, m, m);
    }
  doc.fill('#000000').restore();
}

function cropMarks(doc: PDFKit.PDFDocument) {
  const len = 4 * MM;
  doc.save().lineWidth(0.3).strokeColor('#000000');
  for (let c = 0; c <= COLUMNS; c++) {
    const x = (MARGIN_X_MM + c * CARD_W_MM) * MM;
    doc
      .moveTo(x, MARGIN_Y_MM * MM - len - 1)
      .lineTo(x, MARGIN_Y_MM * MM - 1)
      .stroke();
    doc
      .moveTo(x, (MARGIN_Y_MM + ROWS * CARD_H_MM) * MM + 1)
      .lineTo(x, (MARGIN_Y_MM + ROWS * CARD_H_MM) * MM + len + 1)
      .stroke();
  }
  for (let r = 0; r <= ROWS; r++) {
    const y = (MARGIN_Y_MM + r * CARD_H_MM) * MM;
    doc
      .moveTo(MARGIN_X_MM * MM - len - 1, y)
      .lineTo(MARGIN_X_MM * MM - 1, y)
      .stroke();
    doc
      .moveTo((MARGIN_X_MM + COLUMNS * CARD_W_MM) * MM + 1, y)
      .lineTo((MARGIN_X_MM + COLUMNS * CARD_W_MM) * MM + len + 1, y)
      .stroke();
  }
  doc.restore();
}

/** The largest size up to `max` at which `text` fits in `width` on one line: a long name never runs into the code. */
function fitSize(doc: PDFKit.PDFDocument, text: string, width: number, max: number, min = 7): number {
  let size = max;
  while (size > min && doc.fontSize(size).widthOfString(text) > width) size -= 0.5;
  return size;
}

/** One line or block of a card's text column: where it goes (pt, from the card's top left), how big, what font. */
export interface TextBox {
  field: 'school' | 'name' | 'line2' | 'line3' | 'cardId';
  text: string;
  x: number;
  y: number;
  width: number;
  /** the height the text takes at `size` in `width`, measured with pdfkit (heightOfString) */
  height: number;
  size: number;
  font: 'cjk' | 'Helvetica';
  /** the text may wrap within `width` (the name, the 可接 list); the others stay on one line */
  wraps: boolean;
}

/** Where the name, the 可接 list and the line below may end: each field keeps to its own band of the card. */
const NAME_TOP_MM = 9;
const LINE2_TOP_MM = 21;
const LINE3_TOP_MM = 32;
const CARD_ID_TOP_MM = 39.5;
const ROW_GAP_MM = 0.5;

/**
 * The size `text` is set at in `width` × `height` (measured with pdfkit's widthOfString and heightOfString): the
 * largest from `max` down to `oneLineMin` at which it fits on one line; failing that, the largest from `wrapMax`
 * down to `min` at which it fits wrapped; at `min` it is cut short with an ellipsis rather than run into the next
 * field (a 64-character name).
 */
function fitBox(
  doc: PDFKit.PDFDocument,
  text: string,
  width: number,
  height: number,
  sizes: { max: number; oneLineMin: number; wrapMax: number; min: number },
): { size: number; height: number } {
  for (let size = sizes.max; size >= sizes.oneLineMin; size -= 0.5) {
    doc.fontSize(size);
    if (doc.widthOfString(text) <= width && doc.currentLineHeight(true) <= height)
      return { size, height: doc.heightOfString(text, { width }) };
  }
  for (let size = sizes.wrapMax; size >= sizes.min; size -= 0.5) {
    const h = doc.fontSize(size).heightOfString(text, { width });
    if (h <= height) return { size, height: h };
  }
  const lh = doc.fontSize(sizes.min).currentLineHeight(true);
  return { size: sizes.min, height: Math.max(1, Math.floor(height / lh)) * lh };
}

/**
 * The card's text column laid out: each field measured with pdfkit at the size it is drawn, shrunk (and the name
 * and the 可接 list wrapped) until it fits its band, so a long guardian name such as 欧阳娜娜娜娜娜娜（外祖母）
 * never runs into 可接：… and nothing runs into the code (issue #17).
 */
export function layoutCard(doc: PDFKit.PDFDocument, card: CardData): TextBox[] {
  const w = CARD_W_MM * MM;
  // The text column: left of the QR's square, TEXT_GAP_MM away (the rest of the code's quiet zone).
  const x = 4 * MM;
  const width = w - (QR_MM + QR_MARGIN_MM + TEXT_GAP_MM + 4) * MM;
  const line = (field: TextBox['field'], text: string, y: number, size: number, font: TextBox['font']): TextBox => {
    doc.font(font).fontSize(size);
    const box = { field, text, x, y, width, height: doc.currentLineHeight(true), size, font, wraps: false };
    doc.font('cjk');
    return box;
  };
  const block = (
    field: TextBox['field'],
    text: string,
    top: number,
    bottom: number,
    sizes: Parameters<typeof fitBox>[4],
  ) => {
    const fit = fitBox(doc, text, width, (bottom - top - ROW_GAP_MM) * MM, sizes);
    return {
      field,
      text,
      x,
      y: top * MM,
      width,
      height: fit.height,
      size: fit.size,
      font: 'cjk' as const,
      wraps: true,
    };
  };
  return [
    line('school', card.school, 3.5 * MM, fitSize(doc, card.school, width, 8, 5), 'cjk'),
    block('name', card.name, NAME_TOP_MM, LINE2_TOP_MM, { max: 22, oneLineMin: 7, wrapMax: 12, min: 6 }),
    block('line2', card.line2, LINE2_TOP_MM, LINE3_TOP_MM, { max: 9, oneLineMin: 9, wrapMax: 9, min: 6 }),
    line('line3', card.line3, LINE3_TOP_MM * MM, fitSize(doc, card.line3, width, 8, 5), 'cjk'),
    line('cardId', card.cardId, CARD_ID_TOP_MM * MM, 5.5, 'Helvetica'),
  ];
}

const TEXT_COLOURS: Record<TextBox['field'], string> = {
  school: '#333333',
  name: '#000000',
  line2: '#222222',
  line3: '#444444',
  cardId: '#666666',
};

function drawCard(doc: PDFKit.PDFDocument, card: CardData, x: number, y: number) {
  const w = CARD_W_MM * MM,
    h = CARD_H_MM * MM;
  doc.save().lineWidth(0.2).strokeColor('#cccccc').rect(x, y, w, h).stroke().restore();
  doc
    .save()
    .rect(x, y + h - BAND_MM * MM, w, BAND_MM * MM)
    .fill(card.band.color)
    .restore();
  doc
    .fillColor('#ffffff')
    .fontSize(fitSize(doc, card.band.label, 34 * MM, 13))
    .text(card.band.label, x + 4 * MM, y + h - 7.3 * MM, { width: 34 * MM, lineBreak: false });
  // How to hold it, on the band itself, right under the code.
  doc
    .fontSize(6.5)
    .text(HOLD_HINT.zh, x + 40 * MM, y + h - 7.6 * MM, { width: w - 43 * MM, align: 'right', lineBreak: false });
  doc
    .font('Helvetica')
    .fontSize(5.5)
    .text(HOLD_HINT.en, x + 40 * MM, y + h - 4.2 * MM, { width: w - 43 * MM, align: 'right', lineBreak: false })
    .font('cjk');
  // The id for a person to type when a card will not scan is the last box, under the text, clear of the code.
  for (const box of layoutCard(doc, card)) {
    doc
      .font(box.font)
      .fontSize(box.size)
      .fillColor(TEXT_COLOURS[box.field])
      .text(
        box.text,
        x + box.x,
        y + box.y,
        box.wraps
          ? { width: box.width, height: box.height + 0.5, ellipsis: true }
          : { width: box.width, lineBreak: false },
      );
  }
  doc.font('cjk');
  drawQr(doc, card.cardId, x + w - (QR_MM + QR_MARGIN_MM) * MM, y + QR_MARGIN_MM * MM, QR_MM * MM);
}

/** The PDF as a Buffer. */
export function renderCardsPdf(cards: readonly CardData[], font = findCjkFont()): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    info: { Title: '接力 · 学生卡 Relay cards', Creator: 'Relay' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('cjk', font.file, font.face);
  const perPage = COLUMNS * ROWS;
  for (let i = 0; i < Math.max(cards.length, 1); i += perPage) {
    doc.addPage();
    doc.font('cjk');
    cropMarks(doc);
    cards.slice(i, i + perPage).forEach((card, k) => {
      drawCard(
        doc,
        card,
        (MARGIN_X_MM + (k % COLUMNS) * CARD_W_MM) * MM,
        (MARGIN_Y_MM + Math.floor(k / COLUMNS) * CARD_H_MM) * MM,
      );
    });
  }
  doc.end();
  return done;
}
