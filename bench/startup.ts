/** 3. Start-up, the hub's part: spawn to the first answer over HTTPS, with a semester on disk, both stores. */
import { NAIVE_HUB, REAL_HUB, spawnHub } from './lib/hubs';
import type { Row } from './lib/report';
import { figure, fmt, median, num } from './lib/stats';

export async function hubStartBench(
  dirs: { real: string; naive: string },
  runs: number,
  log: (s: string) => void,
  missed: string[],
): Promise<Row[]> {
  const a: number[] = [],
    b: number[] = [],
    ratio: number[] = [];
  for (let r = 0; r < runs; r++) {
    const real = await spawnHub(REAL_HUB, dirs.real);
    await real.stop();
    const naive = await spawnHub(NAIVE_HUB, dirs.naive);
    await naive.stop();
    a.push(real.startMs);
    b.push(naive.startMs);
    ratio.push(naive.startMs / real.startMs);
    log(`  hub start run ${r + 1}: ${num(real.startMs)} ms | naive ${num(naive.startMs)} ms`);
  }
  const f = figure(a);
  if (f.median > 2000)
    missed.push(
      `**Hub start with a semester: ${num(f.median)} ms against ≤ 2,000 ms.** The hub reads no history at start (a day's file is read when first asked for), so the time is Node starting and tsx compiling the hub's TypeScript on every start. What would reach it: compile the hub to JavaScript once at install (\`tsc\` or esbuild into dist/hub) and start that.`,
    );
  return [
    {
      section: 'Start-up',
      what: 'hub start → first answer, semester on disk',
      ours: fmt(f, 'ms'),
      alt: `${fmt(figure(b), 'ms')} naive lowdb`,
      ratio: `${num(median(ratio))}× faster`,
      target: '≤ 2,000 ms',
      ok: f.median <= 2000,
    },
  ];
}
