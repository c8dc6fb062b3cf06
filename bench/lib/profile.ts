/**
 * Where a page's main-thread time goes, for a target the bench misses: a CDP CPU profile (Profiler domain) taken
 * over some scans, summed per function, inclusive (the function and what it calls) and self. The built pages are
 * minified; with BENCH_SOURCEMAPS set to a folder of the same build's maps (`npx vite build --sourcemap hidden
 * --outDir /tmp/x` gives the same file names as dist/), each function is named by its source file and line.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CDPSession } from 'playwright-core';
import { SourceMapConsumer } from 'source-map';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

export async function startProfile(cdp: CDPSession): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
  await cdp.send('Profiler.start');
}

export async function stopProfile(cdp: CDPSession): Promise<CpuProfile> {
  const { profile } = await cdp.send('Profiler.stop');
  return profile as CpuProfile;
}

const consumers = new Map<string, SourceMapConsumer | null>();

async function consumer(url: string): Promise<SourceMapConsumer | null> {
  const dir = process.env.BENCH_SOURCEMAPS;
  if (!dir || !url) return null;
  const file = path.join(dir, path.basename(new URL(url).pathname) + '.map');
  if (!consumers.has(file))
    consumers.set(file, existsSync(file) ? await new SourceMapConsumer(JSON.parse(readFileSync(file, 'utf8'))) : null);
  return consumers.get(file)!;
}

/** "core/reduceDay.ts:242 export function reduceDay(input…" for a frame, when a map knows it. */
async function label(f: CallFrame): Promise<string> {
  const raw = `${f.functionName || '(anonymous)'} ${f.url ? path.basename(new URL(f.url).pathname) : ''}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
  const c = await consumer(f.url).catch(() => null);
  if (!c) return raw;
  const pos = c.originalPositionFor({ line: f.lineNumber + 1, column: f.columnNumber });
  if (!pos.source || !pos.line) return raw;
  const text = c.sourceContentFor(pos.source, true)?.split('\n')[pos.line - 1]?.trim().slice(0, 70) ?? '';
  const src = pos.source.replace(/^(\.\.\/)+/, '').replace(/^node_modules\//, '~');
  return `${src}:${pos.line} ${text}`;
}

/**
 * The heaviest functions of a profile, each as ms per `per` (scans), inclusive and self, the time of the whole
 * profile's busy samples first.
 */
export async function summarize(profiles: CpuProfile[], per: number, top = 18): Promise<string[]> {
  const key = (n: ProfileNode) =>
    `${n.callFrame.functionName}|${n.callFrame.url}|${n.callFrame.lineNumber}|${n.callFrame.columnNumber}`;
  const self = new Map<string, number>(),
    incl = new Map<string, number>(),
    frameOf = new Map<string, CallFrame>();
  let busy = 0;
  for (const profile of profiles) {
    const parent = new Map<number, number>();
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const samples = profile.samples ?? [],
      deltas = profile.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++) {
      // A sample's time is the gap to the next one.
      const dt = (deltas[i + 1] ?? 0) / 1000;
      let n = byId.get(samples[i]!);
      if (!n || n.callFrame.functionName === '(idle)') continue;
      busy += dt;
      const k = key(n);
      frameOf.set(k, n.callFrame);
      self.set(k, (self.get(k) ?? 0) + dt);
      const seen = new Set<string>();
      while (n) {
        const kk = key(n);
        if (!seen.has(kk) && n.callFrame.functionName !== '(root)') {
          seen.add(kk);
          frameOf.set(kk, n.callFrame);
          incl.set(kk, (incl.get(kk) ?? 0) + dt);
        }
        const p = parent.get(n.id);
        n = p === undefined ? undefined : byId.get(p);
      }
    }
  }
  const fmt = (x: number) => (x / per).toFixed(1).padStart(7);
  const lines = [`busy ${fmt(busy)} ms per scan (${per} scans, ${(busy / 1000).toFixed(1)} s sampled)`];
  const rank = async (m: Map<string, number>, what: string) => {
    lines.push(`  ${what}:`);
    for (const [k, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
      lines.push(`  ${fmt(t)} ms  ${await label(frameOf.get(k)!)}`);
  };
  await rank(incl, 'inclusive (ms per scan)');
  await rank(self, 'self (ms per scan)');
  return lines;
}
