/**
 * One run of 6. Cards, in its own process so its peak memory is its own: the PDF of 2,000 student cards from
 * a roster grown from the demo school, the way the office's "print cards" does it (cards/cardData.ts, then
 * cards/cardsPdf.ts). Prints one line of JSON.
 */
import { randomBytes } from 'node:crypto';
import { studentCards } from '../cards/cardData';
import { renderCardsPdf } from '../cards/cardsPdf';
import { CARD_RANDOM_BYTES, makeCardId } from '../core/cardId';
import { makeDemoSchool } from '../hub/demo/demoSchool';

const N = Number(process.argv[2] ?? 2000);
const demo = makeDemoSchool({ randomBytes: (n) => randomBytes(n) });
const tag = demo.students.find((s) => s.cardId)!.cardId!.split('-')[1] ?? 'AB';
// 2,000 children: the demo's 240 repeated with their own ids, numbers and cards.
const students = Array.from({ length: N }, (_, i) => {
  const s = demo.students[i % demo.students.length]!;
  return {
    ...s,
    id: `${s.id}-${i}`,
    studentNo: `${s.studentNo}${i}`,
    cardId: makeCardId('student', tag, randomBytes(CARD_RANDOM_BYTES)),
  };
});
const roster = { ...demo, students };
const rssBefore = process.memoryUsage().rss;
const t0 = performance.now();
const cards = studentCards(roster);
const pdf = await renderCardsPdf(cards);
const seconds = (performance.now() - t0) / 1000;
console.log(
  JSON.stringify({
    cards: cards.length,
    seconds,
    bytes: pdf.length,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    baseRssMb: rssBefore / 2 ** 20,
  }),
);
