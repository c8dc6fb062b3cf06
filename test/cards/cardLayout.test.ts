/**
 * A guardian card's text column (issue #17): a long name such as 欧阳娜娜娜娜娜娜（外祖母）, or one as long as the
 * roster allows, is measured with pdfkit and shrunk or wrapped so it never runs into 可接：…, and no line runs into
 * the code. Checked twice: on the layout's boxes, and on where the printed PDF's words really are (pdftotext -bbox).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { guardianCards } from '../../cards/cardData';
import type { CardData } from '../../cards/cardData';
import {
  BAND_MM,
  CARD_H_MM,
  CARD_W_MM,
  findCjkFont,
  layoutCard,
  MARGIN_X_MM,
  MARGIN_Y_MM,
  QR_MARGIN_MM,
  QR_MM,
  renderCardsPdf,
  TEXT_GAP_MM,
} from '../../cards/cardsPdf';
import { makeDemoSchool } from '../../hub/demo/demoSchool';

const MM = 72 / 25.4;
const roster = makeDemoSchool({ randomBytes: (n) => new Uint8Array(randomBytes(n)) });
const [a, b, c] = roster.guardians;
a!.name = '欧阳娜娜娜娜娜娜';
a!.relation = '外祖母';
b!.name = '阿'.repeat(30) + '·' + '娜'.repeat(33); // 64 characters, the most a name may have
b!.relation = '外祖母的表姐妹及其家属代表人'; // 14 characters
c!.studentIds = roster.students.slice(0, 12).map((s) => s.id); // 可接 twelve children
const cards = [a!, b!, c!].map((g) => guardianCards(roster).find((x) => x.cardId === g.cardId)!);

function doc() {
  const font = findCjkFont();
  const d = new PDFDocument({ size: 'A4', margin: 0 });
  d.registerFont('cjk', font.file, font.face);
  d.font('cjk');
  return d;
}

/** The printed words of the first card on the page, in pt from the page's top left. */
async function printedWords(card: CardData) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-card-layout-'));
  writeFileSync(path.join(dir, 'card.pdf'), await renderCardsPdf([card]));
  const html = execFileSync('pdftotext', ['-bbox', path.join(dir, 'card.pdf'), '-'], { encoding: 'utf8' });
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)]
    .map((m) => ({ x0: Number(m[1]), y0: Number(m[2]), x1: Number(m[3]), y1: Number(m[4]), text: m[5]! }))
    .filter((w) => w.y1 < (MARGIN_Y_MM + CARD_H_MM - BAND_MM) * MM && w.x0 < (MARGIN_X_MM + CARD_W_MM) * MM);
}

describe('a guardian card with a long name', () => {
  it('the cards are the long names and the long 可接 list', () => {
    expect(cards.map((x) => x.name)).toEqual([
      '欧阳娜娜娜娜娜娜（外祖母）',
      `${b!.name}（${b!.relation}）`,
      `${c!.name}（${c!.relation}）`,
    ]);
    expect(cards[2]!.line2.split('、')).toHaveLength(12);
  });

  it("the layout's boxes, measured with pdfkit, follow one another down the column and stay in it", () => {
    const d = doc();
    const columnRight = (CARD_W_MM - QR_MM - QR_MARGIN_MM - TEXT_GAP_MM) * MM;
    for (const card of cards) {
      const boxes = layoutCard(d, card);
      expect(boxes.map((x) => x.field)).toEqual(['school', 'name', 'line2', 'line3', 'cardId']);
      for (let i = 1; i < boxes.length; i++) {
        const above = boxes[i - 1]!,
          box = boxes[i]!;
        expect(above.y + above.height, `${card.name}: ${above.field} ends before ${box.field}`).toBeLessThanOrEqual(
          box.y,
        );
      }
      for (const box of boxes) {
        expect(box.x + box.width, `${box.field} left of the code`).toBeLessThanOrEqual(columnRight);
        d.font(box.font).fontSize(box.size);
        if (!box.wraps) expect(d.widthOfString(box.text), `${box.field} on one line`).toBeLessThanOrEqual(box.width);
        d.font('cjk');
      }
      expect(boxes.at(-1)!.y + boxes.at(-1)!.height).toBeLessThanOrEqual((CARD_H_MM - BAND_MM) * MM);
    }
    // 欧阳娜娜娜娜娜娜（外祖母） stays whole on one line, set smaller (no smaller than a short name's floor, 7 pt).
    const name = layoutCard(d, cards[0]!).find((x) => x.field === 'name')!;
    d.fontSize(name.size);
    expect(d.widthOfString(name.text)).toBeLessThanOrEqual(name.width);
    expect(name.size).toBeGreaterThanOrEqual(7);
  });

  it('printed, no line of the text column runs into another or into the code', async () => {
    const columnRight = (MARGIN_X_MM + CARD_W_MM - QR_MM - QR_MARGIN_MM - TEXT_GAP_MM) * MM;
    for (const card of cards) {
      const words = await printedWords(card);
      const text = words.map((w) => w.text).join('');
      expect(text).toContain('可接：');
      if (card === cards[0]) expect(text).toContain('欧阳娜娜娜娜娜娜（外祖母）');
      for (const w of words) {
        expect(w.x1, `${w.text} left of the code`).toBeLessThanOrEqual(columnRight + 0.5);
        for (const v of words) {
          if (v === w || Math.abs(v.y0 - w.y0) < 0.01) continue; // the same line
          const overlap = Math.min(w.y1, v.y1) - Math.max(w.y0, v.y0);
          expect(overlap, `${card.name.slice(0, 12)}…: "${w.text}" and "${v.text}"`).toBeLessThanOrEqual(0.01);
        }
      }
    }
  });
});
