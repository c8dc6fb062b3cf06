/** Start-up settings from the command line or the environment; the command line wins. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_SIZE_MAX, DEMO_SIZE_MIN } from './demo/demoSchool';

/**
 * The folder Relay is installed in: the project in a git checkout, the unpacked release on a school PC (this file
 * sits one folder below it either way: hub/config.ts, or hub/main.js compiled). The data folder is found here,
 * not in the current directory, so Task Scheduler, a shortcut or a service started elsewhere uses the school's
 * data instead of making an empty folder and seeding the demo school (issue #18).
 */
export const INSTALL_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface HubConfig {
  port: number;
  httpPort: number;
  host: string;
  dataDir: string;
  adminPassword: string | undefined;
  /**
   * The demo school's session times (hub/demo/demoSchool.ts): `live` (the default) follows the clock at each
   * start, so a newcomer at any hour finds a session under way, and writes today so far on the first; `school`
   * keeps the demo's own timetable (15:30–17:30…) and an empty today, as the tests that pin the hour want.
   */
  demoClock: 'live' | 'school';
  /**
   * `--demo-size` / `DEMO_SIZE`: the demo school a fresh data folder starts with has this many children (six
   * grades, classes of about 40; issue #20) instead of the small two-grade one. Ignored once there is a school.
   */
  demoSize: number | undefined;
}

export function readConfig(argv: readonly string[], env: NodeJS.ProcessEnv): HubConfig {
  const arg = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    if (i >= 0) return argv[i + 1];
    return argv
      .find((a) => a.startsWith(`--${name}=`))
      ?.split('=')
      .slice(1)
      .join('=');
  };
  const port = (value: string | undefined, fallback: number, what: string) => {
    const n = Number(value ?? fallback);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${what} must be a port number, got ${value}`);
    return n;
  };
  return {
    port: port(arg('port') ?? env.PORT, 8443, 'PORT / --port'),
    httpPort: port(arg('http-port') ?? env.HTTP_PORT, 8080, 'HTTP_PORT / --http-port'),
    host: arg('host') ?? env.HOST ?? '0.0.0.0',
    // --data and DATA_DIR as typed, from the current directory; without them, the install folder's data/.
    dataDir: path.resolve(arg('data') ?? env.DATA_DIR ?? path.join(INSTALL_DIR, 'data')),
    adminPassword: env.HUB_ADMIN_PASSWORD || undefined,
    demoClock: demoClock(arg('demo-clock') ?? env.DEMO_CLOCK),
    demoSize: demoSize(arg('demo-size') ?? env.DEMO_SIZE),
  };
}

function demoClock(value: string | undefined): HubConfig['demoClock'] {
  if (value === undefined || value === '' || value === 'live') return 'live';
  if (value === 'school') return 'school';
  throw new Error(`DEMO_CLOCK / --demo-clock must be live or school, got ${value}`);
}

function demoSize(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || n < DEMO_SIZE_MIN || n > DEMO_SIZE_MAX)
    throw new Error(
      `演示学校人数 --demo-size / DEMO_SIZE 必须是 ${DEMO_SIZE_MIN} 到 ${DEMO_SIZE_MAX} 之间的整数，现在是 ${value} / ` +
        `--demo-size (DEMO_SIZE) must be a whole number of children from ${DEMO_SIZE_MIN} to ${DEMO_SIZE_MAX}, got ${value}`,
    );
  return n;
}
