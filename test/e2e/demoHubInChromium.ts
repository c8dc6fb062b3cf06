import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Roster } from '../../core/roster';
import type { RunningHub } from '../hub/hubProcess';
import { startDemoHub } from '../hub/hubProcess';
import { launch } from './browser';

/** A demo hub and a Chromium that trusts its CA, started before a test file's tests and stopped after them. */
export function demoHubInChromium(): { hub: RunningHub; browser: Browser; roster: Roster; admin: string } {
  const env = {} as { hub: RunningHub; browser: Browser; roster: Roster; admin: string };
  beforeAll(async () => {
    Object.assign(env, await startDemoHub());
    env.browser = await launch({ trustCa: path.join(env.hub.dataDir, 'tls', 'ca.crt') });
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.hub?.stop();
  });
  return env;
}
