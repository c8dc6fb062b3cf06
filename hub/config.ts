/** Start-up settings from the command line or the environment; the command line wins. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
  };
}

function demoClock(value: string | undefined): HubConfig['demoClock'] {
  if (value === undefined || value === '' || value === 'live') return 'live';
  if (value === 'school') return 'school';
  throw new Error(`DEMO_CLOCK / --demo-clock must be live or school, got ${value}`);
}
