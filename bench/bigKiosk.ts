/**
 * Issue #20, the kiosk at a big school's gate: a tablet holding the whole school (3,000 children) and a realistic
 * afternoon (bench/lib/bigDay.ts), a USB scanner reading one child's card after another, in Chromium with the CPU
 * slowed 4× (CDP Emulation.setCPUThrottlingRate) as a cheap tablet is. Per scan, the renderer's main-thread time
 * (CDP Performance.getMetrics TaskDuration) from the first key to the verdict painted and the page idle, and apart
 * from it the sync the scan starts (bench/lib/gateTablet.ts). Two tablets paired at the gate in the same run, one
 * at /kiosk/ (the incremental reducer) and one at /kiosk/?reduce=full (the day replayed whole), scanning in turn.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { dutyOn } from '../core/rotas';
import type { Student } from '../core/roster';
import type { Afternoon } from './lib/bigDay';
import { afternoonCopy } from './lib/bigDay';
import { launchBrowser } from './lib/chromium';
import type { GateTablet, Metrics, ScanTiming } from './lib/gateTablet';
import { openGateTablet, settledPast, wedgeScan } from './lib/gateTablet';
import { REAL_HUB, spawnHub } from './lib/hubs';
import type { CpuProfile } from './lib/profile';
import { summarize } from './lib/profile';
import type { SectionResult } from './lib/report';
import type { School } from './lib/school';
import { figure, fmt, median, num, quantile } from './lib/stats';

const THROTTLE = 4;
const SCANS = Math.max(1, Number(process.env.BIG_KIOSK_SCANS ?? 40));
const TARGET_MS = 16;
const PROFILE = process.env.BENCH_PROFILE === '1';

export async function bigKioskBench(o: {
  school: School;
  runs: number;
  log: (s: string) => void;
}): Promise<SectionResult> {
  const { school } = o;
  const day: Afternoon = afternoonCopy(school, 'big-kiosk', 0);
  const size = Object.values(day.counts).reduce((a, b) => a + b, 0);
  const perRun = Math.min(SCANS, Math.floor(day.atGate.length / (2 * (o.runs + (PROFILE ? 1 : 0)))));
  if (perRun < 1) throw new Error(`only ${day.atGate.length} children at the gate`);
  o.log(
    `  big kiosk: ${school.roster.students.length} children, today ${day.events.toLocaleString('en-US')} events (${JSON.stringify(day.counts)}), ${perRun} scans per mode per run`,
  );
  const hub = await spawnHub(REAL_HUB, day.dir);
  const browser = await launchBrowser(path.join(day.dir, 'tls', 'ca.crt'));
  try {
    const staffId = dutyOn(school.roster, school.today).gate[0] ?? 'gate-1';
    const open = async (mode: string, query: string) =>
      openGateTablet({
        context: await browser.newContext({ viewport: { width: 1100, height: 800 }, locale: 'zh-CN' }),
        hub,
        query,
        mode,
        name: `校门 ${mode}`,
        staffId,
        expect: { released: day.counts.released ?? 0, at_gate: day.counts.at_gate ?? 0 },
      });
    const t0 = performance.now();
    const tablets: GateTablet[] = [await open('incremental', ''), await open('full', '?reduce=full')];
    o.log(`  big kiosk: two gate tablets paired and synced in ${num((performance.now() - t0) / 1000)} s`);
    for (const t of tablets) {
      await t.cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
      const nodes = await t.page.evaluate(() => document.getElementsByTagName('*').length);
      o.log(`  big kiosk: the ${t.mode} gate page has ${nodes.toLocaleString('en-US')} elements`);
    }
    const queue: Student[] = [...day.atGate];
    const runs: Record<string, ScanTiming[]>[] = [];
    const levels = new Map<string, number>();
    // BENCH_PROFILE=1: one more run, not counted, with a CPU profile of each scan summed per function
    // (bench/lib/profile.ts): the profiler's own cost stays out of the figures.
    for (let r = 0; r < o.runs + (PROFILE ? 1 : 0); r++) {
      const prof =
        PROFILE && r === o.runs
          ? Object.fromEntries(tablets.map((t) => [t.mode, { scan: [] as CpuProfile[], sync: [] as CpuProfile[] }]))
          : undefined;
      const got: Record<string, ScanTiming[]> = { incremental: [], full: [] };
      for (let i = 0; i < perRun; i++) {
        // Alternate which mode scans first, so neither always follows the other's echo.
        const order = (i + r) % 2 ? [tablets[1]!, tablets[0]!] : [tablets[0]!, tablets[1]!];
        for (const t of order) {
          const timing = await wedgeScan(t, queue.shift()!, prof?.[t.mode]);
          got[t.mode]!.push(timing);
          const lv = `${timing.level} ${timing.title}`;
          levels.set(lv, (levels.get(lv) ?? 0) + 1);
          // The other tablet gets the release too: let it rebuild before the next scan.
          for (const other of tablets) if (other !== t) await settledPast(other, timing.seq);
        }
      }
      if (!prof) runs.push(got);
      for (const m of Object.keys(got)) {
        const part = (k: 'scan' | 'sync', x: keyof Metrics) => num(median(got[m]!.map((t) => t[k][x])));
        o.log(
          `  big kiosk run ${r + 1}, ${m}, medians: scan script ${part('scan', 'ScriptDuration')} style ${part('scan', 'RecalcStyleDuration')} layout ${part('scan', 'LayoutDuration')} ms of ${part('scan', 'TaskDuration')}; sync script ${part('sync', 'ScriptDuration')} style ${part('sync', 'RecalcStyleDuration')} layout ${part('sync', 'LayoutDuration')} ms of ${part('sync', 'TaskDuration')}`,
        );
      }
      if (prof)
        for (const [mode, p] of Object.entries(prof)) {
          for (const line of await summarize(p.scan, p.scan.length)) o.log(`  profile ${mode}, scan: ${line}`);
          for (const line of await summarize(p.sync, p.sync.length)) o.log(`  profile ${mode}, sync: ${line}`);
        }
      const line = (m: string) =>
        `${m} scan p50 ${num(
          quantile(
            got[m]!.map((x) => x.scanMs),
            0.5,
          ),
        )} p95 ${num(
          quantile(
            got[m]!.map((x) => x.scanMs),
            0.95,
          ),
        )} ms, sync p50 ${num(
          quantile(
            got[m]!.map((x) => x.syncMs),
            0.5,
          ),
        )} ms`;
      o.log(`  big kiosk run ${r + 1}: ${line('incremental')} | ${line('full')}`);
    }
    o.log(`  big kiosk verdicts: ${[...levels].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
    const q = (mode: string, p: number, key: 'scanMs' | 'syncMs' | 'both') =>
      figure(
        runs.map((g) =>
          quantile(
            g[mode]!.map((x) => (key === 'both' ? x.scanMs + x.syncMs : x[key])),
            p,
          ),
        ),
      );
    const inc50 = q('incremental', 0.5, 'scanMs'),
      inc95 = q('incremental', 0.95, 'scanMs'),
      full50 = q('full', 0.5, 'scanMs'),
      full95 = q('full', 0.95, 'scanMs');
    const ratio = median(
      runs.map(
        (g) =>
          quantile(
            g.full!.map((x) => x.scanMs),
            0.95,
          ) /
          quantile(
            g.incremental!.map((x) => x.scanMs),
            0.95,
          ),
      ),
    );
    const ratioAll = median(
      runs.map(
        (g) =>
          quantile(
            g.full!.map((x) => x.scanMs + x.syncMs),
            0.95,
          ) /
          quantile(
            g.incremental!.map((x) => x.scanMs + x.syncMs),
            0.95,
          ),
      ),
    );
    const times = (r: number) => (r >= 1 ? `${num(r)}× less (p95)` : `${num(1 / r)}× more (p95)`);
    const kids = school.roster.students.length.toLocaleString('en-US');
    const ok = inc95.median <= TARGET_MS;
    return {
      rows: [
        {
          section: 'Kiosk per scan',
          what: `kiosk main-thread ms per scan (decision, IndexedDB write, state, render), p50 / p95, gate tablet holding ${kids} children and a ${day.events.toLocaleString('en-US')}-event afternoon, CPU ${THROTTLE}× slower, USB scanner`,
          ours: `${fmt(inc50)} / ${fmt(inc95)}`,
          alt: `${fmt(full50)} / ${fmt(full95)} replaying the day (?reduce=full)`,
          ratio: times(ratio),
          target: `p95 ≤ ${TARGET_MS} ms`,
          ok,
        },
        {
          section: 'Kiosk per scan',
          what: 'the same scans with the sync each starts (send, answer, the hub’s echo merged, the day rebuilt), main-thread ms p50 / p95',
          ours: `${fmt(q('incremental', 0.5, 'both'))} / ${fmt(q('incremental', 0.95, 'both'))}`,
          alt: `${fmt(q('full', 0.5, 'both'))} / ${fmt(q('full', 0.95, 'both'))} replaying the day`,
          ratio: times(ratioAll),
        },
      ],
      notes: [
        `Kiosk per scan: ${perRun} scans per mode per run, the two tablets in turn; ${size.toLocaleString('en-US')} children expected today; verdicts shown: ${[...levels].map(([k, n]) => `${k} ×${n}`).join(', ')}.`,
      ],
      missed: ok
        ? []
        : [
            `**Kiosk per scan at a ${kids}-child gate: p95 ${num(inc95.median)} ms of main thread against ≤ ${TARGET_MS} ms** (CPU ${THROTTLE}× slower; replaying the day: p95 ${num(full95.median)} ms). ` +
              "The reducer is no longer what costs: a state at 3,000 children is a few ms at 4× (each child judged again only when its day changed or a turning point passed, CU23). Found by this bench's profile and fixed before this run: the gate's lists each walked and sorted all 3,000 children (now made once a day state), rendered whole (now 60 tiles and 再显示: the page went from about 6,600 elements to 846), the status bar built a time formatter at each render, and each acknowledgement read the 1.3 MB cached roster for its card-hash key (now kept in memory); the figure went from p95 467 ms to this one. What is left, in a profile taken after the fixes (BENCH_PROFILE=1, 218 ms busy per scan at 4×): 130 ms of native work outside any script (Blink's style, layout, paint and hit testing of what changed), about 50 ms React rendering the station, 20 ms the IndexedDB write, 12 ms the reducer adding the event and making the state. " +
              "What would reach it: far fewer elements changed and laid out per scan (a trace of the native 130 ms to find which: the verdict banner, the lists' headings and counts, the tiles that move between lists), the station's panels memoized so a scan re-renders the verdict and one tile; the reducer is now a small part. A 4× slower CPU is a very slow tablet: at this machine's own speed the same scans take about a quarter of the figure.",
          ],
    };
  } finally {
    await browser.close();
    await hub.stop();
    rmSync(day.dir, { recursive: true, force: true });
  }
}
