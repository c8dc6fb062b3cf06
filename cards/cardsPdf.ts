/**
 * Cards on A4: credit-card size (85.6 × 54 mm), ten to a page in two columns, with crop marks. Names in an
 * embedded CJK font that has the rare characters (㵘, 𠮷); the QR drawn as vector squares, so it prints sharp.
 * Its size (about 26 mm, version 1–2 at level Q) is what a tablet camera reads at 30–50 cm.
 */
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
export const QR_MM = 26;

/** Where a font with the rare characters is on common systems; RELAY_CJK_FONT wins. */
const FONT_CANDIDATES: { file: string; face?: string }[] = [
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.otf' },
  { file: 'C:\\Windows\\Fonts\\msyh.ttc', face: 'MicrosoftYaHei' },
  { file: '/System/Library/Fonts/PingFang.ttc', face: 'PingFangSC-Regular' },
];

export function findCjkFont(env = process.env): { file: string; face?: string } {
  if (env.RELAY_CJK_FONT)
    return { file: env.RELAY_CJK_FONT, ...(env.RELAY_CJK_FONT_FACE ? { face: env.RELAY_CJK_FONT_FACE } : {}) };
  const found = FONT_CANDIDATES.find((c) => existsSync(c.file));
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

function drawCard(doc: PDFKit.PDFDocument, card: CardData, x: number, y: number) {
  const w = CARD_W_MM * MM,
    h = CARD_H_MM * MM;
  doc.save().lineWidth(0.2).strokeColor('#cccccc').rect(x, y, w, h).stroke().restore();
  doc
    .save()
    .rect(x, y + h - 9 * MM, w, 9 * MM)
    .fill(card.band.color)
    .restore();
  doc
    .fillColor('#ffffff')
    .fontSize(13)
    .text(card.band.label, x + 4 * MM, y + h - 7.3 * MM, { width: w - 8 * MM, lineBreak: false });
  doc
    .fillColor('#333333')
    .fontSize(8)
    .text(card.school, x + 4 * MM, y + 3.5 * MM, { width: w - QR_MM * MM - 10 * MM, lineBreak: false });
  doc
    .fillColor('#000000')
    .fontSize(card.name.length > 6 ? 15 : 22)
    .text(card.name, x + 4 * MM, y + 9 * MM, { width: w - QR_MM * MM - 9 * MM, lineBreak: false });
  doc
    .fontSize(9)
    .fillColor('#222222')
    .text(card.line2, x + 4 * MM, y + 22 * MM, { width: w - QR_MM * MM - 9 * MM, height: 10 * MM });
  doc
    .fontSize(8)
    .fillColor('#444444')
    .text(card.line3, x + 4 * MM, y + 33 * MM, { width: w - QR_MM * MM - 9 * MM, lineBreak: false });
  drawQr(doc, card.cardId, x + w - QR_MM * MM - 3 * MM, y + 3 * MM, QR_MM * MM);
  doc
    .fontSize(5)
    .fillColor('#666666')
    .font('Helvetica')
    .text(card.cardId, x + w - QR_MM * MM - 3 * MM, y + (3 + QR_MM) * MM + 0.5 * MM, {
      width: QR_MM * MM,
      align: 'center',
      lineBreak: false,
    });
  doc.font('cjk');
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
