/**
 * `npm run bench`: what users feel at the two moments speed matters (the gate at dismissal, the instant a child
 * goes missing), each figure beside the obvious alternative measured in the same run, since the machine is
 * shared and noisy and only ratios taken side by side mean much. Every figure is a median over repeated runs
 * with its min–max spread. Prints a table and writes docs/benchmarks.md.
 *
 *   npm run bench                      everything (about 8 minutes on two cores)
 *   npm run bench -- --only ingest,decode   some sections, without writing docs/benchmarks.md
 *   BENCH_RUNS=5 npm run bench         more repeats (3 by default)
 */
import { spawnSync } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ingestBench } from './ingest';
import { leaderBench } from './leader';
import { ROOT } from './lib/hubs';
import type { Row, SectionResult } from './lib/report';
import { markdownTable, textTable } from './lib/report';
import type { School } from './lib/school';
import { emptyCopy, makeSemester, seedSchool, semesterCopy } from './lib/school';
import { hubStartBench } from './startup';

const RUNS = Math.max(3, Number(process.env.BENCH_RUNS ?? 3));
const onlyArg = process.argv.find((a) => a.startsWith('--only'));
const only = onlyArg ? new Set((onlyArg.includes('=') ? onlyArg.split('=')[1]! : process.argv[process.argv.indexOf(onlyArg) + 1]!).split(',')) : null;
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
  const stale = !existsSync(built) || Math.max(newest(path.join(ROOT, 'kiosk')), newest(path.join(ROOT, 'core')), statSync(path.join(ROOT, 'vite.config.ts')).mtimeMs) > statSync(built).mtimeMs;
  if (!stale) return;
  log('building the pages (vite build)');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('vite build failed');
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  let fs = '';
  try { fs = execFileSync('df', ['-T', os.tmpdir()], { encoding: 'utf8' }).split('\n')[1]?.split(/\s+/)[1] ?? ''; } catch { /* no df */ }
  let chromium = '';
  try { chromium = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim(); } catch { /* none */ }
  return `${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}, ${chromium || 'no Chromium'}, data on ${fs || '?'} (${os.tmpdir()})`;
}

const rows: Row[] = [];
const notes: string[] = [];
const extras: { title: string; text: string }[] = [];
const take = (r: SectionResult, title?: string) => {
  rows.push(...r.rows); notes.push(...r.notes);
  if (r.extra && title) extras.push({ title, text: r.extra });
};
const cleanup: string[] = [];

try {
  log(`machine: ${machine()}`);
  ensurePages();
  const needHub = ['start', 'ingest', 'leader', 'kiosk'].some(want);
  let school: School | undefined;
  if (needHub) {
    log('seeding a demo school with 200 paired kiosks');
    school = await seedSchool(200);
    cleanup.push(school.dir);
  }
  if (school && (want('start') || want('ingest'))) {
    log('writing a semester of history (~500,000 events, 100 day files)');
    const semester = makeSemester(school);
    const semesterDirs = { real: semesterCopy(school, semester, 'sem-real', 'real'), naive: semesterCopy(school, semester, 'sem-naive', 'naive') };
    cleanup.push(semesterDirs.real, semesterDirs.naive);
    if (want('start')) {
      log('hub start-up with a semester');
      rows.push(...await hubStartBench(semesterDirs, RUNS, log));
    }
    if (want('ingest')) {
      log('ingest: dismissal bursts, real hub vs naive lowdb hub');
      const emptyDirs = { real: emptyCopy(school, 'empty-real'), naive: emptyCopy(school, 'empty-naive') };
      cleanup.push(emptyDirs.real, emptyDirs.naive);
      take(await ingestBench({ school, runs: RUNS, emptyDirs, semesterDirs, log }), 'Ingest in detail');
    }
  }
  if (school && want('leader')) {
    log('scan to leader: 50 kiosks, 20 leader pages in Chromium');
    const dir = emptyCopy(school, 'leader');
    cleanup.push(dir);
    take(await leaderBench({ school, dir, runs: RUNS, pages: 20, polling: true, log }));
    log('scan to leader: the same with one leader page');
    const one = emptyCopy(school, 'leader1');
    cleanup.push(one);
    take(await leaderBench({ school, dir: one, runs: RUNS, pages: 1, polling: false, log }));
  }
} finally {
  for (const d of cleanup) rmSync(d, { recursive: true, force: true });
}

const minutes = (performance.now() - started) / 60_000;
console.log('\n' + textTable(rows) + '\n');
for (const n of notes) console.log(`- ${n}`);
console.log(`\nbench took ${minutes.toFixed(1)} min`);
if (!only) {
  const md = [
    '# Benchmarks', '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC in ${minutes.toFixed(1)} min.`, '',
    `Machine: ${machine()}.`, '',
    markdownTable(rows), '',
    ...extras.flatMap((e) => [`## ${e.title}`, '', e.text, '']),
    '## Notes', '', ...notes.map((n) => `- ${n}`), '',
  ].join('\n');
  writeFileSync(path.join(ROOT, 'docs', 'benchmarks.md'), md);
  log('wrote docs/benchmarks.md');
}
