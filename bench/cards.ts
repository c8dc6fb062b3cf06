/** 6. Cards: seconds and peak memory to make the PDF of 2,000 student cards, each run in a fresh process. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './lib/hubs';
import type { SectionResult } from './lib/report';
import { figure, fmt, num } from './lib/stats';

const CARDS = 2000;

export function cardsBench(o: { runs: number; log: (s: string) => void }): SectionResult {
  const secs: number[] = [],
    peak: number[] = [],
    base: number[] = [];
  let bytes = 0;
  for (let r = 0; r < o.runs; r++) {
    const p = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/cardsWorker.ts'), String(CARDS)], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (p.status !== 0) throw new Error(`cards worker failed: ${p.stderr}`);
    const out = JSON.parse(p.stdout.trim().split('\n').at(-1)!) as {
      cards: number;
      seconds: number;
      bytes: number;
      peakRssMb: number;
      baseRssMb: number;
    };
    if (out.cards !== CARDS) throw new Error(`expected ${CARDS} cards, got ${out.cards}`);
    secs.push(out.seconds);
    peak.push(out.peakRssMb);
    base.push(out.baseRssMb);
    bytes = out.bytes;
    o.log(
      `  cards run ${r + 1}: ${num(out.seconds)} s, peak RSS ${num(out.peakRssMb)} MB, ${num(out.bytes / 2 ** 20)} MB PDF`,
    );
  }
  const s = figure(secs);
  return {
    rows: [
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
        ours: fmt(figure(peak), 'MB'),
        alt: `${fmt(figure(base), 'MB')} before rendering`,
      },
    ],
    notes: [],
    missed:
      s.median <= 20
        ? []
        : [
            `**2,000 cards: ${num(s.median)} s against ≤ 20 s.** What would reach it: draw each QR code as one path instead of a rectangle per module, and embed the CJK font subset once.`,
          ],
  };
}
