/**
 * `npm run bench`: what users feel at the two moments speed matters (the gate at dismissal, the instant a child
 * goes missing), each figure beside the obvious alternative measured in the same run, since the machine is
 * shared and noisy and only ratios taken side by side mean much. Every figure is a median over repeated runs
 * with its min–max spread. Prints a table and writes docs/benchmarks.md.
 *
 *   npm run bench                      everything (10–12 minutes on two shared cores; reading distance alone 4–5)
 *   npm run bench -- --only ingest,decode   some sections, without writing docs/benchmarks.md
 *     (sections: start, ingest, leader, kiosk, decode, reading, cards, office, big, big-kiosk, big-leader)
 *   BENCH_RUNS=5 npm run bench         more repeats (3 by default)
 */
import { spawnSync } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cardsBench } from './cards';
import { decodeBench } from './decode';
import { bigIngestBench, ingestBench } from './ingest';
import { bigKioskBench } from './bigKiosk';
import { bigLeaderBench } from './bigLeader';
import { bundleBench, kioskBench } from './kiosk';
import { leaderBench } from './leader';
import { importPreviewBench, officeReportsBench } from './office';
import { readingDistanceBench } from './readingDistance';
import { BIG_SIZE, seedBigSchool } from './lib/bigDay';
import { removeBrowserHomes } from './lib/chromium';
import { benchDir, ROOT } from './lib/hubs';
import { num, quantile } from './lib/stats';
import type { Row, SectionResult } from './lib/report';
import { markdownTable, SECTIONS, textTable } from './lib/report';
import type { School, Semester } from './lib/school';
import { emptyCopy, makeSemester, seedSchool, semesterCopy } from './lib/school';
import { bigHubStartBench, hubStartBench } from './startup';

const HOW = [
  '**Ingest**: a real hub process (hub/main.ts, HTTPS, data on an ext4 disk, every acknowledgement after fdatasync) and, in the same run, the same hub with only the event store swapped for one lowdb JSON file (bench/naiveHub.ts, bench/naiveStore.ts: `push` then `write` per event, no fsync, generously indexed by id). 1, 50 and 200 socket.io-client kiosks, each paired with the hub, send `submitEvents` with one check-in each and wait for the acknowledgement before the next (a burst), alternating between the two hubs run by run. "Semester": 100 day files × 5,000 events written in the hub\'s own NDJSON format (and the same 500,000 events in the naive file). The paced row has each of 50 kiosks scan once a second instead.',
  '**Scan → leader**: 50 socket.io kiosks and 20 leader pages (/leader/, 20 tabs of one headless Chromium, signed in as the duty leader). Ten hand-offs a second from the kiosks in turn; a MutationObserver in each page stamps Date.now() when the "in transit" tile changes; latency is that minus Date.now() at the emit (same machine, same clock). The alternative: 20 dashboards polling /api/headcount every 2 s, timed the same way on the next step of the same children.',
  "**Start-up**: the hub from spawn (node + tsx, as `npm start` runs it) to the first 200 from /api/health, a semester on disk; the naive hub beside it. The kiosk: pair, sign in, let the service worker install, stop the hub, close the browser; then a fresh browser process opens /kiosk/ from the service worker: navigation start to the scan screen, by the page's own clock. Bundle: dist/kiosk/index.html and what it loads statically, gzip -6.",
  '**Decode**: see the decoder section above.',
  "**Resync**: 500 events put in the kiosk's IndexedDB outbox while the hub is down, the browser restarted, the hub started again on the same port; from the kiosk's WebSocket opening to its unsent count showing 0; then the hub's log must hold each of the 500 exactly once.",
  '**Cards**: `renderCardsPdf(studentCards(roster))` for 2,000 children in a fresh process; peak RSS from `process.resourceUsage().maxRSS`.',
  "**Big school (issue #20)**: a hub started with `--demo-size 3000` (3,000 children) and 200 kiosks paired; its semester is 100 day files of 4 events per enrolled child a day (handed off, checked in, sent to the gate, released) after the rota's sign-ins, in the hub's own NDJSON format. Every big-school row stands beside the same figure for the demo's 240 children taken in the same run, and its ratio is big ÷ small. Burst: 50 kiosks, 4,000 events, as the Ingest rows, on each school's semester, alternated run by run (no naive store at that size). Memory: VmRSS with 200 kiosks connected after those bursts. Start-up: spawn to the first 200 from /api/health, each school's semester on disk.",
  "**Cards, 3,000 (issue #20)**: the same worker on the big demo school's 3,000 children (`makeDemoSchool({ size: 3000 })`), alternated with the 2,000-card run.",
  "**Office (issue #20)**: a fresh hub per run on the last 22 service days of each school's semester; the admin's session GETs over HTTPS /api/admin/reports/period?by=class (月汇总), /api/admin/reports/fees (收费结算) and /api/admin/reports/hours (教师课时) for that month, timed to the whole JSON answer. The first request after the start (月汇总) reads the month's day files and reduces each day (its own row); the three report rows are the requests after it, which reuse the days the hub keeps read (hub/store/eventLog.ts) and reduced (hub/routes/reports.ts). The pure parts (reduceDay per day, periodStats, feeStatements, teacherHours) are timed once in the bench's process.",
  "**Import preview (issue #20)**: a 花名册 .xlsx made with exceljs from the roster the hub serves (merged title row, the template's 13 columns, numbers as numbers, 1 % of the children moved to another class and 1 % new), POSTed to /api/admin/roster/preview?file=花名册.xlsx, timed to the whole answer; its parts (readTable, planImport, summarize) timed once in the bench's process.",
  '**Noise**: on this shared two-core machine whole runs differ by up to about 3× on the burst rates and on scan → leader with 20 pages (earlier runs the same day, under heavier load from other jobs, put the 50-kiosk burst at 4,500–5,300 events/s with an ack p99 of 24–32 ms); the ratios taken within one run move much less. The naive store at a semester is measured on 3–4 events per run (each rewrites the whole file for seconds), so its p50 and p99 are nearly the same number.',
  "**Kiosk per scan** (issue #20): a real hub with the big school (3,000 children) and today's log holding the afternoon so far (bench/lib/bigDay.ts: every expected child handed off and checked in, half sent to the gate, half of those released); two kiosk pages paired at the gate with the gate teacher signed in, one at /kiosk/ and one at /kiosk/?reduce=full, each with the whole day synced, CPU slowed 4× (CDP Emulation.setCPUThrottlingRate). They scan children at the gate in turn with a USB scanner (keys 4 ms apart, then Enter). Per scan, the renderer's main-thread time (CDP Performance.getMetrics TaskDuration) from the first key to the verdict painted plus two frames and a task; the sync the scan starts (outbox sent, answer, the hub's echo merged, the day rebuilt) is held until then and timed apart (bench/lib/gateTablet.ts).",
  "**Scan → leader at 3,000 children**: as the scan → leader row, with the big school and the afternoon so far in today's log; the hand-offs are of children kept out of it. 20 pages at /leader/ and 20 at /leader/?reduce=full take turns run by run (each set opened fresh, never both at once).",
  '**Memory**: VmRSS of the hub processes from /proc with 200 kiosks connected and the semester on disk, after the semester bursts.',
];

const RUNS = Math.max(3, Number(process.env.BENCH_RUNS ?? 3));
/** Issue #20's big school. */
const BIG_SCHOOL = 3000;
const onlyArg = process.argv.find((a) => a.startsWith('--only'));
const only = onlyArg
  ? new Set(
      (onlyArg.includes('=') ? onlyArg.split('=')[1]! : process.argv[process.argv.indexOf(onlyArg) + 1]!).split(','),
    )
  : null;
const want = (s: string) => !only || only.has(s);
const started = performance.now();
const log = (s: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${s}`);

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** The same rule as `npm start`: build the pages when they are missing or older than their sources. */
function ensurePages() {
  const built = path.join(ROOT, 'dist', 'kiosk', 'index.html');
  const stale =
    !existsSync(built) ||
    Math.max(
      newest(path.join(ROOT, 'kiosk')),
      newest(path.join(ROOT, 'core')),
      statSync(path.join(ROOT, 'vite.config.ts')).mtimeMs,
    ) > statSync(built).mtimeMs;
  if (!stale) return;
  log('building the pages (vite build)');
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error('vite build failed');
}

/** What one durable append costs on this disk: the floor under every acknowledgement. */
async function fdatasyncMs(): Promise<string> {
  const dir = benchDir('fsync');
  const fh = await open(path.join(dir, 'probe.ndjson'), 'a');
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    await fh.write(Buffer.alloc(300, 0x61));
    await fh.datasync();
    times.push(performance.now() - t);
  }
  await fh.close();
  rmSync(dir, { recursive: true, force: true });
  return `fdatasync of a 300-byte append: median ${num(quantile(times, 0.5))} ms, p99 ${num(quantile(times, 0.99))} ms`;
}

let machineLine = '';
function machine(): string {
  if (machineLine) return machineLine;
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  let fs = '';
  try {
    fs = execFileSync('df', ['-T', os.tmpdir()], { encoding: 'utf8' }).split('\n')[1]?.split(/\s+/)[1] ?? '';
  } catch {
    /* no df */
  }
  let chromium = '';
  try {
    chromium = execFileSync('/usr/bin/chromium', ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    /* none */
  }
  return (machineLine = `${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}, ${chromium || 'no Chromium'}, data on ${fs || '?'} (${os.tmpdir()})`);
}

const rows: Row[] = [];
const notes: string[] = [];
const extras: { title: string; text: string }[] = [];
const missed: string[] = [];
const take = (r: SectionResult, title?: string) => {
  rows.push(...r.rows);
  notes.push(...r.notes);
  missed.push(...(r.missed ?? []));
  if (r.extra && title) extras.push({ title, text: r.extra });
};
/** A section that fails is reported as failed; the others still run. */
async function section(name: string, what: string, fn: () => Promise<void>) {
  try {
    await fn();
  } catch (err) {
    log(`${name} FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    rows.push({
      section: name,
      what,
      ours: `failed: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 120)}`,
      ok: false,
    });
  }
}
const cleanup: string[] = [];

try {
  machine();
  machineLine += `; ${await fdatasyncMs()}`;
  log(`machine: ${machine()}`);
  // The office's reports, the big school's Node rows and the cards need no built pages.
  if (!only || [...only].some((s) => !['office', 'big', 'cards'].includes(s))) ensurePages();
  const needHub = ['start', 'ingest', 'leader', 'kiosk', 'office', 'big'].some(want);
  let school: School | undefined;
  if (needHub) {
    log('seeding a demo school with 200 paired kiosks');
    school = await seedSchool(200);
    cleanup.push(school.dir);
  }
  let smallSemester: Semester | undefined;
  if (school && (want('start') || want('ingest'))) {
    log('writing a semester of history (~500,000 events, 100 day files)');
    const semester = (smallSemester ??= makeSemester(school));
    const semesterDirs = {
      real: semesterCopy(school, semester, 'sem-real', 'real'),
      naive: semesterCopy(school, semester, 'sem-naive', 'naive'),
    };
    cleanup.push(semesterDirs.real, semesterDirs.naive);
    if (want('start')) {
      log('hub start-up with a semester');
      await section('Start-up', 'hub start with a semester', async () => {
        rows.push(...(await hubStartBench(semesterDirs, RUNS, log, missed)));
      });
    }
    if (want('ingest')) {
      log('ingest: dismissal bursts, real hub vs naive lowdb hub');
      const emptyDirs = { real: emptyCopy(school, 'empty-real'), naive: emptyCopy(school, 'empty-naive') };
      cleanup.push(emptyDirs.real, emptyDirs.naive);
      await section('Ingest', 'dismissal bursts', async () =>
        take(await ingestBench({ school: school!, runs: RUNS, emptyDirs, semesterDirs, log }), 'Ingest in detail'),
      );
    }
  }
  if (school && want('leader')) {
    log('scan to leader: 50 kiosks, 20 leader pages in Chromium');
    const dir = emptyCopy(school, 'leader');
    cleanup.push(dir);
    await section('Scan → leader', '50 kiosks, 20 leader pages', async () =>
      take(await leaderBench({ school: school!, dir, runs: RUNS, pages: 20, polling: true, log })),
    );
    log('scan to leader: the same with one leader page');
    const one = emptyCopy(school, 'leader1');
    cleanup.push(one);
    await section('Scan → leader', '1 leader page', async () =>
      take(await leaderBench({ school: school!, dir: one, runs: RUNS, pages: 1, polling: false, log })),
    );
  }
  if (school && want('kiosk')) {
    log('kiosk: bundle, cold start offline and resync in Chromium');
    await section('Start-up', 'kiosk bundle', async () => {
      rows.push(...bundleBench());
    });
    const dir = emptyCopy(school, 'kiosk');
    cleanup.push(dir);
    await section('Resync', 'kiosk cold start and resync', async () =>
      take(await kioskBench({ school: school!, dir, runs: RUNS, log })),
    );
  }
  if (want('big-kiosk') || want('big-leader')) {
    log(`seeding a big school: ${BIG_SIZE.toLocaleString('en-US')} children, 50 paired kiosks`);
    const big = await seedBigSchool(50);
    cleanup.push(big.dir);
    if (want('big-kiosk'))
      await section('Kiosk per scan', 'gate tablet at a big school', async () =>
        take(await bigKioskBench({ school: big, runs: RUNS, log })),
      );
    if (want('big-leader'))
      await section('Scan → leader', 'big school, 20 leader pages', async () =>
        take(await bigLeaderBench({ school: big, runs: RUNS, log })),
      );
  }
  if (want('decode')) {
    log('decode: degraded card frames, html5-qrcode vs zxing-wasm vs jsQR in Chromium');
    await section('Decode', 'degraded frames', async () =>
      take(await decodeBench({ runs: RUNS, log }), 'Decoders on degraded card frames'),
    );
  }
  if (want('reading')) {
    log('reading distance: printed cards at 20–60 cm through the kiosk in Chromium, both decoding pipelines');
    await section('Reading distance', 'fake-camera clips', async () =>
      take(
        await readingDistanceBench({
          ...(process.env.READING_REPS ? { reps: Math.max(1, Number(process.env.READING_REPS)) } : {}),
          log,
        }),
        'Reading distance: printed cards through the kiosk',
      ),
    );
  }
  if (want('cards')) {
    log("cards: PDF of 2,000 student cards, and of the big school's 3,000");
    await section('Cards', '2,000 and 3,000 cards', async () => take(cardsBench({ runs: RUNS, log, big: true })));
  }
  if (school && (want('office') || want('big'))) {
    // Issue #20: a big school, each figure beside the demo's 240 children in the same run.
    log(`seeding the big school (${BIG_SCHOOL.toLocaleString('en-US')} children) with 200 paired kiosks`);
    const big = await seedSchool(200, { size: BIG_SCHOOL });
    cleanup.push(big.dir);
    const bigSemester = makeSemester(big);
    const small = (smallSemester ??= makeSemester(school));
    const label = (s: School) => `${s.roster.students.length.toLocaleString('en-US')} children`;
    log(`the big school's semester: ${bigSemester.events.toLocaleString('en-US')} events in 100 day files`);
    if (want('office')) {
      log("office: a month of statistics, fees and teachers' hours through the hub, both schools");
      await section('Office', 'a month of reports', async () =>
        take(
          await officeReportsBench({
            small: { label: label(school!), school: school!, semester: small },
            big: { label: label(big), school: big, semester: bigSemester },
            runs: RUNS,
            log,
          }),
        ),
      );
      log('office: 花名册 .xlsx import preview, both schools');
      await section('Office', 'import preview', async () =>
        take(await importPreviewBench({ small: school!, big, runs: RUNS, log })),
      );
    }
    if (want('big')) {
      const dirs = {
        small: semesterCopy(school, small, 'big-small', 'real'),
        big: semesterCopy(big, bigSemester, 'big-big', 'real'),
      };
      cleanup.push(dirs.small, dirs.big);
      log('big school: hub start-up with its semester');
      await section('Start-up', `hub start, ${label(big)}`, async () => {
        rows.push(
          ...(await bigHubStartBench(
            {
              small: { label: label(school!), dir: dirs.small },
              big: { label: label(big), dir: dirs.big, events: bigSemester.events },
            },
            RUNS,
            log,
            missed,
          )),
        );
      });
      log('big school: 50-kiosk bursts on its semester, and memory with 200 kiosks');
      await section('Ingest', `bursts, ${label(big)}`, async () =>
        take(
          await bigIngestBench({
            small: { label: label(school!), school: school!, semesterDir: dirs.small, events: small.events },
            big: { label: label(big), school: big, semesterDir: dirs.big, events: bigSemester.events },
            runs: RUNS,
            log,
          }),
        ),
      );
    }
  }
} finally {
  for (const d of cleanup) rmSync(d, { recursive: true, force: true });
  removeBrowserHomes();
}

const minutes = (performance.now() - started) / 60_000;
const order = (r: Row) => {
  const i = SECTIONS.indexOf(r.section);
  return i < 0 ? SECTIONS.length : i;
};
const table = rows
  .map((r, i) => ({ r, i }))
  .sort((a, b) => order(a.r) - order(b.r) || a.i - b.i)
  .map((x) => x.r);
const targets = table.filter((r) => r.ok !== undefined);
const met = targets.filter((r) => r.ok).length;
console.log('\n' + textTable(table) + '\n');
console.log(`targets met: ${met} of ${targets.length}`);
for (const m of missed) console.log(`✗ ${m}`);
for (const n of notes) console.log(`- ${n}`);
console.log(`\nbench took ${minutes.toFixed(1)} min`);
if (!only) {
  const md = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; the whole run took ${minutes.toFixed(1)} min.`,
    '',
    `**Machine:** ${machine()}. The machine was shared with other jobs while this ran, so absolute figures are noisy; each comparison is a ratio taken in the same run (median of the per-run ratios).`,
    '',
    `Every figure is the median of ${RUNS} runs, with the min–max over those runs in brackets. Latency percentiles are taken within each run, then the median over runs is shown. ✓/✗ compare the median with the target of issue #7; targets are not timed unit tests.`,
    '',
    `Targets met: **${met} of ${targets.length}**.`,
    '',
    markdownTable(table),
    '',
    '## Where a target is missed: why, and what would reach it',
    '',
    ...(missed.length ? missed.map((m) => `- ${m}`) : ['Every target was met in this run.']),
    '',
    ...extras.flatMap((e) => [`## ${e.title}`, '', e.text, '']),
    '## How each figure is measured',
    '',
    ...HOW.map((h) => `- ${h}`),
    '',
    '## Notes',
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ].join('\n');
  writeFileSync(path.join(ROOT, 'docs', 'benchmarks.md'), md);
  log('wrote docs/benchmarks.md');
}
