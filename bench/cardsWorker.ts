/**
 * One run of 6. Cards, in its own process so its peak memory is its own: the PDF of N student cards from a
 * roster grown from the demo school (or the demo school made at that size, `school`), the way the office's "print cards" does it (cards/cardData.ts, then
 * cards/cardsPdf.ts). Prints one line of JSON.
 */
import { randomBytes } from 'node:crypto';
import { studentCards } from '../cards/cardData';
import { renderCardsPdf } from '../cards/cardsPdf';
import { CARD_RANDOM_BYTES, makeCardId } from '../core/cardId';
import type { DemoOptions } from '../hub/demo/demoSchool';
import { makeDemoSchool } from '../hub/demo/demoSchool';

const N = Number(process.argv[2] ?? 2000);
/** 'grown': the demo's 240 repeated (the 2,000-card row since #7); 'school': the demo school made at that size (#20) */
const from = process.argv[3] === 'school' ? 'school' : 'grown';
const sized =
  from === 'school' ? makeDemoSchool({ randomBytes: (n) => randomBytes(n), size: N } as DemoOptions) : undefined;
const demo = makeDemoSchool({ randomBytes: (n) => randomBytes(n) });
const tag = demo.students.find((s) => s.cardId)!.cardId!.split('-')[1] ?? 'AB';
// N children: the demo's 240 repeated with their own ids, numbers and cards.
const grown = () =>
  Array.from({ length: N }, (_, i) => {
    const s = demo.students[i % demo.students.length]!;
    return {
      ...s,
      id: `${s.id}-${i}`,
      studentNo: `${s.studentNo}${i}`,
      cardId: makeCardId('student', tag, randomBytes(CARD_RANDOM_BYTES)),
    };
  });
const roster = sized && sized.students.length >= N ? sized : { ...demo, students: grown() };
const source = roster === sized ? 'school' : 'grown';
const rssBefore = process.memoryUsage().rss;
const t0 = performance.now();
const cards = studentCards(roster);
const pdf = await renderCardsPdf(cards);
const seconds = (performance.now() - t0) / 1000;
console.log(
  JSON.stringify({
    cards: cards.length,
    source,
    seconds,
    bytes: pdf.length,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    baseRssMb: rssBefore / 2 ** 20,
  }),
);
