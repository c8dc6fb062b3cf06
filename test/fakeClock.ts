/**
 * A fake wall clock for a whole process tree, with Debian's libfaketime: every process started with this
 * environment (a hub, vitest's workers, a command-line tool) sees the same offset from the real clock, so they
 * agree on "now" and the clock still moves (a run started at 23:57 crosses midnight). Monotonic clocks stay real,
 * so timers and timeouts behave. Used by `npm run test:clock` and by tests that pin the hub's day.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

const LIB_DIRS = [
  '/usr/lib/x86_64-linux-gnu/faketime',
  '/usr/lib/aarch64-linux-gnu/faketime',
  '/usr/lib/faketime',
  '/usr/local/lib/faketime',
];

export function libfaketime(): string {
  // The MT build: node runs threads (libuv's pool, V8's helpers) that read the clock too.
  const lib = LIB_DIRS.map((dir) => path.join(dir, 'libfaketimeMT.so.1')).find((f) => existsSync(f));
  if (!lib)
    throw new Error(
      'libfaketime is missing: run `node scripts/ensure-system-packages.mjs` as root, or `sudo apt-get install faketime`',
    );
  return lib;
}

export interface FakeClock {
  /** what a process started with `env` sees minus what this one sees */
  offsetMs: number;
  env: NodeJS.ProcessEnv;
}

/** The environment that makes a process started now see `at` (ms since the epoch), moving forward at the real rate. */
export function fakeClock(at: number, base: NodeJS.ProcessEnv = process.env): FakeClock {
  // FAKETIME is an offset from the real clock. When this process already runs under one (npm run test:clock),
  // Date.now() here includes it, so the child's offset is counted from the real clock, not from this one's.
  const inherited =
    /^[+-]\d+$/.test(base.FAKETIME ?? '') && base.LD_PRELOAD?.includes('faketime') ? Number(base.FAKETIME) : 0;
  const offsetS = Math.round((at - Date.now()) / 1000) + inherited;
  return {
    offsetMs: (offsetS - inherited) * 1000,
    env: {
      ...base,
      LD_PRELOAD: [libfaketime(), base.LD_PRELOAD].filter(Boolean).join(':'),
      FAKETIME: `${offsetS >= 0 ? '+' : ''}${offsetS}`,
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
      DONT_FAKE_MONOTONIC: '1',
    },
  };
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * A school afternoon before the session starts: 15:00 in Shanghai on the latest weekday (Mon–Fri) at least two
 * hours before `now`. A service day for the demo whatever day the tests run; in the past, so a certificate the
 * hub makes then is already valid for a browser on the real clock; and at most four days back, well within the
 * seven days of clock difference a tablet's events may carry.
 */
export function recentSchoolAfternoon(now = Date.now()): number {
  const shanghaiMidnight = (t: number) =>
    Date.parse(`${new Date(t + 8 * HOUR_MS).toISOString().slice(0, 10)}T00:00:00+08:00`);
  let day = shanghaiMidnight(now);
  for (;;) {
    const weekday = new Date(day + 12 * HOUR_MS).getUTCDay();
    if (weekday >= 1 && weekday <= 5 && day + 15 * HOUR_MS <= now - 2 * HOUR_MS) return day + 15 * HOUR_MS;
    day -= DAY_MS;
  }
}
