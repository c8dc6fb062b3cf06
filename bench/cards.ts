/**
 * 6. Cards: seconds and peak memory to make the PDF of 2,000 student cards, each run in a fresh process; and
 * (issue #20) of the big school's 3,000 children, alternated with it run by run.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './lib/hubs';
import type { Row, SectionResult } from './lib/report';
import { figure, fmt, median, num } from './lib/stats';

const CARDS = 2000;
const BIG = 3000;

interface WorkerOut {
  cards: number;
  source: 'school' | 'grown';
  seconds: number;
  bytes: number;
  peakRssMb: number;
  baseRssMb: number;
}

function runWorker(n: number, from: 'grown' | 'school'): WorkerOut {
  const p = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/cardsWorker.ts'), String(n), from], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (p.status !== 0) throw new Error(`cards worker failed: ${p.stderr}`);
  const out = JSON.parse(p.stdout.trim().split('\n').at(-1)!) as WorkerOut;
  if (out.cards !== n) throw new Error(`expected ${n} cards, got ${out.cards}`);
  return out;
}

export function cardsBench(o: { runs: number; log: (s: string) => void; big?: boolean }): SectionResult {
  const small: WorkerOut[] = [],
    big: WorkerOut[] = [];
  for (let r = 0; r < o.runs; r++) {
    const out = runWorker(CARDS, 'grown');
    small.push(out);
    o.log(
      `  cards run ${r + 1}: ${num(out.seconds)} s, peak RSS ${num(out.peakRssMb)} MB, ${num(out.bytes / 2 ** 20)} MB PDF`,
    );
    if (o.big) {
      const b = runWorker(BIG, 'school');
      big.push(b);
      o.log(
        `  cards ${BIG} (${b.source}) run ${r + 1}: ${num(b.seconds)} s, peak RSS ${num(b.peakRssMb)} MB, ${num(b.bytes / 2 ** 20)} MB PDF`,
      );
    }
  }
  const s = figure(small.map((x) => x.seconds));
  const bytes = small.at(-1)!.bytes;
  const rows: Row[] = [
    {
      section: 'Cards',
      what: `PDF of ${CARDS.toLocaleString('en-US')} student cards (${CARDS / 10} A4 pages, ${num(bytes / 2 ** 20)} MB)`,
      ours: fmt(s, 's'),
      target: '≤ 20 s',
      ok: s.median <= 20,
    },
    {
      section: 'Cards',
      what: 'peak memory of that process (RSS)',
      ours: fmt(figure(small.map((x) => x.peakRssMb)), 'MB'),
      alt: `${fmt(figure(small.map((x) => x.baseRssMb)), 'MB')} before rendering`,
    },
  ];
  const missed =
    s.median <= 20
      ? []
      : [
          `**2,000 cards: ${num(s.median)} s against ≤ 20 s.** What would reach it: draw each QR code as one path instead of a rectangle per module, and embed the CJK font subset once.`,
        ];
  if (big.length) {
    const b = figure(big.map((x) => x.seconds));
    const who = big[0]!.source === 'school' ? 'the big demo school’s children' : 'the demo’s 240 repeated';
    rows.push(
      {
        section: 'Cards',
        what: `PDF of ${BIG.toLocaleString('en-US')} student cards, ${who} (${BIG / 10} A4 pages, ${num(big.at(-1)!.bytes / 2 ** 20)} MB)`,
        ours: fmt(b, 's'),
        alt: `${fmt(s, 's')} for ${CARDS.toLocaleString('en-US')}`,
        ratio: `${num(median(big.map((x, i) => x.seconds / small[i]!.seconds)))}×`,
        target: '≤ 10 s',
        ok: b.median <= 10,
      },
      {
        section: 'Cards',
        what: `peak memory of that process (RSS), ${BIG.toLocaleString('en-US')} cards`,
        ours: fmt(figure(big.map((x) => x.peakRssMb)), 'MB'),
        alt: `${fmt(figure(small.map((x) => x.peakRssMb)), 'MB')} for ${CARDS.toLocaleString('en-US')}`,
      },
    );
    if (b.median > 10)
      missed.push(
        `**${BIG.toLocaleString('en-US')} cards: ${num(b.median)} s against ≤ 10 s** (${num(s.median)} s for ${CARDS.toLocaleString('en-US')} in the same runs). What would reach it: draw each QR code as one path instead of a rectangle per module, and embed the CJK font subset once.`,
      );
  }
  return { rows, notes: [], missed };
}
