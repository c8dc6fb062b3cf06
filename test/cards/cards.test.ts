/**
 * Printed cards: the PDF is rendered to an image (poppler's pdftoppm, as a printer would) and every QR code
 * on the page must decode back to the right card id; names with rare characters come out as text.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { bandFor, guardianCards, studentCards } from '../../cards/cardData';
import type { CardData } from '../../cards/cardData';
import { CARD_QR_LEVEL, QUIET_ZONE_MODULES, QUIET_ZONE_STANDARD_MODULES } from '../../cards/qrBitmap';
import {
  BAND_MM,
  CARD_H_MM,
  CARD_W_MM,
  COLUMNS,
  MARGIN_X_MM,
  MARGIN_Y_MM,
  QR_MARGIN_MM,
  QR_MM,
  renderCardsPdf,
  ROWS,
  TEXT_GAP_MM,
} from '../../cards/cardsPdf';
import { makeDemoSchool } from '../../hub/demo/demoSchool';

const DPI = 150;
const px = (mm: number) => Math.round((mm / 25.4) * DPI);

function decodeQr(page: PNG, xMm: number, yMm: number, sizeMm: number): string | null {
  const x0 = px(xMm),
    y0 = px(yMm),
    size = px(sizeMm);
  const data = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const src = ((y0 + y) * page.width + (x0 + x)) * 4;
      data.set(page.data.subarray(src, src + 4), (y * size + x) * 4);
    }
  return jsQR(data, size, size)?.data ?? null;
}

describe('printed cards', () => {
  // Fresh random ids every run. With the earlier 26 mm code jsQR missed one QR of a page about one run in eight
  // (RS5G5V30S1RMGPSDGP, below); at 40 mm 1,600 random ids at 150 and 300 dpi all decoded (issue #15).
  const roster = makeDemoSchool({ randomBytes: (n) => new Uint8Array(randomBytes(n)) });
  roster.students[0]!.name = '王㵘𠮷';
  // A long name is set smaller, never into the code's quiet zone.
  roster.students[1]!.name = '买买提·艾力江·阿不都热合曼';

  /** Prints the cards, renders the pages as a printer would, and reads each card's code where the card has it. */
  async function printAndRead(cards: CardData[]): Promise<{ found: (string | null)[]; text: string }> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-cards-'));
    writeFileSync(path.join(dir, 'cards.pdf'), await renderCardsPdf(cards));
    execFileSync('pdftoppm', ['-r', String(DPI), '-png', path.join(dir, 'cards.pdf'), path.join(dir, 'page')]);
    const perPage = COLUMNS * ROWS;
    const pages = Math.ceil(cards.length / perPage);
    const found: (string | null)[] = [];
    for (let p = 0; p < pages; p++) {
      const file = path.join(dir, `page-${String(p + 1).padStart(String(pages).length, '0')}.png`);
      const page = PNG.sync.read(readFileSync(file));
      for (let k = 0; k < perPage && p * perPage + k < cards.length; k++) {
        const cardX = MARGIN_X_MM + (k % COLUMNS) * CARD_W_MM,
          cardY = MARGIN_Y_MM + Math.floor(k / COLUMNS) * CARD_H_MM;
        // the code's square, 2 mm more on each side
        found.push(decodeQr(page, cardX + CARD_W_MM - QR_MARGIN_MM - QR_MM - 2, cardY + QR_MARGIN_MM - 2, QR_MM + 4));
      }
    }
    return { found, text: execFileSync('pdftotext', [path.join(dir, 'cards.pdf'), '-'], { encoding: 'utf8' }) };
  }

  it("every QR code on every page decodes to that card's id", async () => {
    const cards = studentCards(roster, { classId: 'c1-1' });
    expect(cards.length).toBe(40);
    const { found, text } = await printAndRead(cards);
    found.forEach((id, i) => expect(id, `page ${Math.floor(i / 10) + 1} card ${(i % 10) + 1}`).toBe(cards[i]!.cardId));
    expect(text).toContain('王㵘𠮷');
    expect(text).toContain('买买提·艾力江·阿不都热合曼');
    expect(text).toContain('一年级1班');
    expect(text).toContain('手拿色带，二维码对准摄像头');
    expect(text).not.toMatch(/1[3-9]\d{9}/); // no phone numbers on cards
  });

  it('the id the 26 mm code once missed reads in every place on the page', async () => {
    const hard = 'RS5G5V30S1RMGPSDGP';
    const cards = studentCards(roster, { classId: 'c1-1' })
      .slice(0, COLUMNS * ROWS)
      .map((c) => ({ ...c, cardId: hard }));
    expect((await printAndRead(cards)).found).toEqual(cards.map(() => hard));
  });

  it('the code is large, inside the card, with the quiet zone the QR standard asks for on every side', () => {
    for (const c of [...studentCards(roster), ...guardianCards(roster)])
      expect(QRCode.create(c.cardId, { errorCorrectionLevel: CARD_QR_LEVEL }).version).toBeLessThanOrEqual(2);
    // version 2 (25 modules) + the quiet zone drawn in the square: over 1.3 mm a module (issue #15)
    const moduleMm = QR_MM / (25 + 2 * QUIET_ZONE_MODULES);
    expect(moduleMm).toBeGreaterThan(1.3);
    // White from the code to the card's edge (top, right), to the band (bottom) and to the text (left).
    const inSquare = QUIET_ZONE_MODULES * moduleMm;
    const white = {
      top: QR_MARGIN_MM + inSquare,
      right: QR_MARGIN_MM + inSquare,
      bottom: CARD_H_MM - BAND_MM - QR_MARGIN_MM - QR_MM + inSquare,
      left: TEXT_GAP_MM + inSquare,
    };
    for (const [side, mm] of Object.entries(white))
      expect(mm / moduleMm, `white ${side} of the code, in modules`).toBeGreaterThanOrEqual(
        QUIET_ZONE_STANDARD_MODULES,
      );
    expect(QR_MARGIN_MM + QR_MM).toBeLessThan(CARD_W_MM / 2 + QR_MM);
  });

  it('the colour band tells the pickup plan; guardian cards list the children they may collect', () => {
    expect(bandFor({ kind: 'bus', bus: '2' })).toEqual({ label: '校车 2', color: '#1d5fa8' });
    expect(bandFor({ kind: 'walks_alone', permissionOnFile: true }).label).toBe('自行回家');
    const g = guardianCards(roster, { studentIds: [roster.students[0]!.id] });
    expect(g).toHaveLength(1);
    expect(g[0]).toMatchObject({ kind: 'guardian', line2: '可接：王㵘𠮷', band: { label: '接送卡' } });
  });

  it('cards for a group or chosen children only', () => {
    expect(studentCards(roster, { groupId: 'g3-mixed' }).length).toBe(
      roster.students.filter((s) => s.groupId === 'g3-mixed').length,
    );
    expect(studentCards(roster, { studentIds: ['s1101', 's1102'] }).map((c) => c.cardId)).toEqual([
      roster.students[0]!.cardId,
      roster.students[1]!.cardId,
    ]);
  });
});
