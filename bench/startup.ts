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

/**
 * Issue #20: the same with the big school's semester on disk (3,000 children, about a million events), beside the
 * small school's, alternated run by run.
 */
export async function bigHubStartBench(
  o: { small: { label: string; dir: string }; big: { label: string; dir: string; events: number } },
  runs: number,
  log: (s: string) => void,
  missed: string[],
): Promise<Row[]> {
  const a: number[] = [],
    b: number[] = [],
    ratio: number[] = [];
  for (let r = 0; r < runs; r++) {
    const big = await spawnHub(REAL_HUB, o.big.dir);
    await big.stop();
    const small = await spawnHub(REAL_HUB, o.small.dir);
    await small.stop();
    a.push(big.startMs);
    b.push(small.startMs);
    ratio.push(big.startMs / small.startMs);
    log(`  hub start run ${r + 1}: ${o.big.label} ${num(big.startMs)} ms | ${o.small.label} ${num(small.startMs)} ms`);
  }
  const f = figure(a);
  if (f.median > 2000)
    missed.push(
      `**Hub start with the ${o.big.label} semester: ${num(f.median)} ms against ≤ 2,000 ms** (${num(median(b))} ms with the ${o.small.label} one in the same runs). The hub reads no history at start, so what is left is Node starting, tsx compiling the hub's TypeScript, and loading the bigger roster. What would reach it: start the compiled hub (npm run release builds it with esbuild).`,
    );
  return [
    {
      section: 'Start-up',
      what: `hub start → first answer, ${o.big.label} semester on disk (${num(o.big.events / 1000)}k events)`,
      ours: fmt(f, 'ms'),
      alt: `${fmt(figure(b), 'ms')} at ${o.small.label}`,
      ratio: `${num(median(ratio))}×`,
      target: '≤ 2,000 ms',
      ok: f.median <= 2000,
    },
  ];
}
