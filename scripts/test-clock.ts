// `npm run test:clock`: the whole non-browser suite under libfaketime at the moments that have broken tests
// before: a weekend, the school's session, a run that crosses midnight, just after midnight, a holiday of the
// demo calendar, New Year, and a time when bit 31 of Date.now() is set (so `Date.now() | 0` is negative).
// Every process the suite starts inherits the same fake clock (see test/fakeClock.ts).
//
//   npm run test:clock                               every moment
//   npm run test:clock -- --only midnight            the moments whose name contains "midnight"
//   npm run test:clock -- test/hub/backup.test.ts    passes the rest to vitest (a file filter, say)
// With RELAY_TEST_RESULTS=DIR each moment also writes DIR/clock-NAME.json (for CI's summary line).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fakeClock } from '../test/fakeClock';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Asia/Shanghai wall-clock moments (the demo school's zone) at which the suite starts. */
const MOMENTS = [
  { name: 'saturday-10:00', at: '2026-12-05T10:00:00+08:00', why: 'a Saturday morning: the groups do not meet' },
  { name: 'weekday-16:30', at: '2026-12-01T16:30:00+08:00', why: 'a Tuesday during the session' },
  {
    name: 'weekday-23:57-midnight',
    at: '2026-12-02T23:57:00+08:00',
    why: 'a Wednesday night: the run crosses midnight',
  },
  { name: 'after-midnight-00:03', at: '2026-12-03T00:03:00+08:00', why: 'a Thursday just after midnight' },
  { name: 'holiday', at: '2027-01-26T16:30:00+08:00', why: "a Tuesday in the demo calendar's winter holiday (寒假)" },
  { name: 'new-year-00:00', at: '2027-01-01T00:00:00+08:00', why: "New Year's midnight, a Friday" },
  { name: 'bit-31', at: '2026-12-22T16:30:00+08:00', why: 'a Tuesday when bit 31 of Date.now() is set' },
];

function seenBy(env: NodeJS.ProcessEnv): number {
  return Number(
    spawnSync(process.execPath, ['-e', 'console.log(Date.now())'], { env, encoding: 'utf8' }).stdout.trim(),
  );
}

const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args[onlyAt + 1] : undefined;
const vitestArgs = args.filter((_, i) => onlyAt < 0 || (i !== onlyAt && i !== onlyAt + 1));
const moments = MOMENTS.filter((m) => !only || m.name.includes(only));
if (moments.length === 0) {
  console.error(`no moment matches ${only}; the moments: ${MOMENTS.map((m) => m.name).join(', ')}`);
  process.exit(2);
}
const resultsDir = process.env.RELAY_TEST_RESULTS;
if (resultsDir) mkdirSync(resultsDir, { recursive: true });

const outcomes: { name: string; why: string; ok: boolean; seconds: number }[] = [];
for (const m of moments) {
  const at = Date.parse(m.at);
  const { env } = fakeClock(at);
  const seen = seenBy(env);
  if (!(Math.abs(seen - at) < 60_000))
    throw new Error(
      `libfaketime did not take effect for ${m.name}: a child process sees ${new Date(seen).toISOString()}, not ${m.at}`,
    );
  if (m.name === 'bit-31' && Math.floor(seen / 2 ** 31) % 2 !== 1)
    throw new Error(`bit 31 of Date.now() is not set at ${m.at}`);
  const started = Date.now();
  console.log(
    `\n=== test:clock ${m.name}: ${m.why}; the suite starts at ${new Date(seen).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })} in Shanghai (FAKETIME=${env.FAKETIME}) ===`,
  );
  const reporters = resultsDir
    ? [
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${path.join(resultsDir, `clock-${m.name.replace(/:/g, '')}.json`)}`,
      ]
    : [];
  const r = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--project',
      'unit-and-hub',
      ...reporters,
      ...vitestArgs,
    ],
    { cwd: ROOT, env, stdio: 'inherit' },
  );
  outcomes.push({ name: m.name, why: m.why, ok: r.status === 0, seconds: Math.round((Date.now() - started) / 1000) });
}
console.log('\ntest:clock');
for (const o of outcomes)
  console.log(`  ${o.ok ? 'passed' : 'FAILED'}  ${o.name.padEnd(24)} ${String(o.seconds).padStart(4)} s  ${o.why}`);
process.exit(outcomes.every((o) => o.ok) ? 0 : 1);
