// `npm run test:clock`: the whole non-browser suite under libfaketime at the moments that have broken tests
// before: a weekend, the school's session, a run that crosses midnight, just after midnight, a holiday of the
// demo calendar, New Year, and a time when bit 31 of Date.now() is set (so `Date.now() | 0` is negative).
// Every process the suite starts (vitest's workers, the hubs, the command-line tools) inherits the same fake
// clock: an offset from the real one, so the clock still moves and a run started at 23:57 crosses midnight.
// Monotonic clocks stay real, so timers and timeouts behave.
//
//   npm run test:clock                         every moment
//   npm run test:clock -- --only midnight      the moments whose name contains "midnight"
//   npm run test:clock -- test/hub/backup.test.ts   passes the rest to vitest (a file filter, say)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Asia/Shanghai wall-clock moments (the demo school's zone). */
export const MOMENTS = [
  { name: 'saturday-10:00', at: '2026-12-05T10:00:00+08:00', why: 'a Saturday morning: the groups do not meet' },
  { name: 'weekday-16:30', at: '2026-12-01T16:30:00+08:00', why: 'a Tuesday during the session' },
  { name: 'weekday-23:57-midnight', at: '2026-12-02T23:57:00+08:00', why: 'a Wednesday night: the run crosses midnight' },
  { name: 'after-midnight-00:03', at: '2026-12-03T00:03:00+08:00', why: 'a Thursday just after midnight' },
  { name: 'holiday', at: '2027-01-26T16:30:00+08:00', why: 'a Tuesday in the demo calendar\'s winter holiday (寒假)' },
  { name: 'new-year-00:00', at: '2027-01-01T00:00:00+08:00', why: 'New Year\'s midnight, a Friday' },
  { name: 'bit-31', at: '2026-12-22T16:30:00+08:00', why: 'a Tuesday when bit 31 of Date.now() is set' },
];

const LIB_DIRS = ['/usr/lib/x86_64-linux-gnu/faketime', '/usr/lib/aarch64-linux-gnu/faketime', '/usr/lib/faketime', '/usr/local/lib/faketime'];

function findLibfaketime() {
  for (const dir of LIB_DIRS) {
    // The MT build: node runs threads (libuv's pool, V8's workers) that read the clock too.
    const lib = path.join(dir, 'libfaketimeMT.so.1');
    if (existsSync(lib)) return lib;
  }
  return null;
}

/** The environment that makes a process (and its children) see `at` now, moving forward at the real rate. */
export function fakeClockEnv(at, base = process.env) {
  const lib = findLibfaketime();
  if (!lib) throw new Error('libfaketime is missing: run `node scripts/ensure-system-packages.mjs` as root, or `sudo apt-get install faketime`');
  const offsetS = Math.round((Date.parse(at) - Date.now()) / 1000);
  return {
    ...base,
    LD_PRELOAD: [lib, base.LD_PRELOAD].filter(Boolean).join(':'),
    FAKETIME: `${offsetS >= 0 ? '+' : ''}${offsetS}`,
    FAKETIME_DONT_FAKE_MONOTONIC: '1',
    DONT_FAKE_MONOTONIC: '1',
  };
}

function checkFakeClock(moment, env) {
  const r = spawnSync(process.execPath, ['-e', 'console.log(Date.now())'], { env, encoding: 'utf8' });
  const seen = Number(r.stdout.trim());
  const want = Date.parse(moment.at);
  if (!(Math.abs(seen - want) < 60_000)) throw new Error(`libfaketime did not take effect for ${moment.name}: a child sees ${new Date(seen).toISOString()}, expected ${moment.at}`);
  if (moment.name === 'bit-31' && Math.floor(seen / 2 ** 31) % 2 !== 1) throw new Error(`bit 31 of Date.now() is not set at ${moment.at}`);
  return seen;
}

function main() {
  const args = process.argv.slice(2);
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? args[onlyAt + 1] : undefined;
  const vitestArgs = args.filter((_, i) => i !== onlyAt && i !== onlyAt + 1);
  const moments = MOMENTS.filter((m) => !only || m.name.includes(only));
  if (moments.length === 0) { console.error(`no moment matches ${only}; moments: ${MOMENTS.map((m) => m.name).join(', ')}`); process.exit(2); }

  const resultsDir = process.env.RELAY_TEST_RESULTS;
  if (resultsDir) mkdirSync(resultsDir, { recursive: true });
  const outcomes = [];
  for (const moment of moments) {
    const env = fakeClockEnv(moment.at);
    const seen = checkFakeClock(moment, env);
    const started = Date.now();
    console.log(`\n=== test:clock ${moment.name}: ${moment.why}; the suite starts at ${new Date(seen).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })} Asia/Shanghai (FAKETIME=${env.FAKETIME}) ===`);
    const reporters = resultsDir ? ['--reporter=default', '--reporter=json', `--outputFile.json=${path.join(resultsDir, `clock-${moment.name}.json`)}`] : [];
    const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'unit-and-hub', ...reporters, ...vitestArgs], { cwd: ROOT, env, stdio: 'inherit' });
    outcomes.push({ moment, ok: r.status === 0, seconds: Math.round((Date.now() - started) / 1000) });
  }
  console.log('\ntest:clock');
  for (const o of outcomes) console.log(`  ${o.ok ? 'passed' : 'FAILED'}  ${o.moment.name.padEnd(24)} ${String(o.seconds).padStart(4)} s  ${o.moment.why}`);
  process.exit(outcomes.every((o) => o.ok) ? 0 : 1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
