/** docs/protocol.md's curl walk-through must work as written: run it against a fresh demo hub. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningHub } from './hubProcess';
import { startHub } from './hubProcess';

describe('docs/protocol.md', () => {
  let hub: RunningHub | undefined;
  afterAll(async () => {
    await hub?.stop();
  });

  it('the curl examples run as written against a demo hub', async () => {
    hub = await startHub({ env: { HUB_ADMIN_PASSWORD: 'demo-password' } });
    const doc = readFileSync(path.resolve(import.meta.dirname, '../../docs/protocol.md'), 'utf8');
    const block = /## Try it with curl[\s\S]*?```sh\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(block).toBeTruthy();
    // Only the address and the CA path differ from the documented defaults.
    const script = block!
      .replace(/^HUB=.*$/m, `HUB=https://localhost:${hub.port}`)
      .replace(/^CA=.*$/m, `CA=${path.join(hub.dataDir, 'tls', 'ca.crt')}`);
    const out = execFileSync('bash', ['-euo', 'pipefail', '-c', script], { encoding: 'utf8', timeout: 60_000 });
    expect(out).toMatch(/"ok":true/);
    expect(out).toMatch(/"status":"stored","seq":1/);
    expect(out).toMatch(/"status":"duplicate","seq":1/);
    expect(out).toMatch(/inCare: 1/);
    expect(out.trim().split('\n').at(-1)).toBe('401');
  });
});
