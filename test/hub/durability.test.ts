/**
 * CU18 under fire: kiosks stream a dismissal burst, the hub is killed with SIGKILL mid-stream, restarted on the
 * same files. Every event any kiosk saw acknowledged must be there exactly once, the files must read back, and
 * the kiosks' unacknowledged events must go in exactly once on resend.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CustodyEventInput } from '../../core/events';
import type { DaySlice, SubmitResult } from '../../core/protocol';
import type { Roster } from '../../core/roster';
import { faultRng } from '../faults/faultSeed';
import { checkIn, enrolled } from './demoEvents';
import type { RunningHub } from './hubProcess';
import { adminToken, readyKiosk, request, startHub } from './hubProcess';

const KIOSKS = 4;
const BATCH = 25;
const ROUNDS = 3;

interface Kiosk {
  deviceId: string;
  token: string;
  outbox: CustodyEventInput[];
  acked: Set<string>;
}

async function streamUntilKilled(hub: RunningHub, roster: Roster, kiosks: Kiosk[], killAfterMs: number) {
  const kids = enrolled(roster);
  let stop = false;
  const senders = kiosks.map(async (k, ki) => {
    let n = 0;
    while (!stop) {
      const batch = Array.from({ length: BATCH }, () =>
        checkIn(roster, kids[(ki * 37 + n++) % kids.length]!, k.deviceId),
      );
      k.outbox.push(...batch);
      try {
        const r = await request<SubmitResult>(hub, 'POST', '/api/events', { token: k.token, body: { events: batch } });
        if (r.status !== 200) continue;
        for (const res of r.body.results) if (res.status !== 'rejected' && res.id) k.acked.add(res.id);
      } catch {
        return; // the hub is gone: what was not acknowledged stays in the outbox
      }
    }
  });
  await new Promise((resolve) => setTimeout(resolve, killAfterMs));
  await hub.kill9();
  stop = true;
  await Promise.all(senders);
}

describe('durability: kill -9 mid-stream', () => {
  let hub: RunningHub | undefined;
  afterAll(async () => {
    await hub?.stop();
  });

  it('CU18 loses no acknowledged event and stores resent ones exactly once', async () => {
    hub = await startHub();
    const admin = await adminToken(hub);
    const roster = (await request<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: admin })).body.roster;
    const kiosks: Kiosk[] = [];
    for (let i = 0; i < KIOSKS; i++)
      kiosks.push({ ...(await readyKiosk(hub, ['care-1a', 'gate-1'], `平板${i}`)), outbox: [], acked: new Set() });
    // Every day the kiosks wrote to: a run that crosses midnight writes to two.
    const daysSent = () => [...new Set(kiosks.flatMap((k) => k.outbox.map((e) => e.day)))].sort();
    const storedEvents = async (token: string) => {
      const all: DaySlice['events'] = [];
      for (const day of daysSent()) {
        const stored = (await request<DaySlice>(hub!, 'GET', `/api/events?day=${day}`, { token })).body.events;
        expect(
          stored.map((e) => e.seq),
          `${day}: seq gap-free`,
        ).toEqual(stored.map((_, i) => i + 1));
        all.push(...stored);
      }
      return all;
    };
    // Kill moments from a printed, replayable seed (FAULT_SEED=…), each 300–1199 ms into the stream.
    const rng = faultRng('durability');

    for (let round = 0; round < ROUNDS; round++) {
      const killAfter = rng.int(300, 1199);
      await streamUntilKilled(hub, roster, kiosks, killAfter);
      hub = await startHub({ dataDir: hub.dataDir });
      const token = await adminToken(hub);
      const ids = (await storedEvents(token)).map((e) => e.id);
      expect(new Set(ids).size, `round ${round}: no id twice`).toBe(ids.length);
      const have = new Set(ids);
      console.log(
        `round ${round}: killed after ${killAfter} ms; ${kiosks.reduce((n, k) => n + k.acked.size, 0)} acknowledged so far, ${ids.length} stored`,
      );
      for (const k of kiosks)
        for (const id of k.acked)
          expect(have.has(id), `acknowledged ${id} lost in round ${round} (kill after ${killAfter} ms)`).toBe(true);
    }
    const ackedTotal = kiosks.reduce((n, k) => n + k.acked.size, 0);
    expect(ackedTotal).toBeGreaterThan(0);

    // The kiosks drain their outboxes: everything goes in, nothing twice.
    for (const k of kiosks) {
      for (let i = 0; i < k.outbox.length; i += 200) {
        const r = await request<SubmitResult>(hub, 'POST', '/api/events', {
          token: k.token,
          body: { events: k.outbox.slice(i, i + 200) },
        });
        expect(r.body.results.every((x) => x.status === 'stored' || x.status === 'duplicate')).toBe(true);
      }
    }
    const token = await adminToken(hub);
    const all = await storedEvents(token);
    const sent = new Set(kiosks.flatMap((k) => k.outbox.map((e) => e.id)));
    expect(all.length).toBe(sent.size);
    expect(new Set(all.map((e) => e.id))).toEqual(sent);

    // Every line on disk reads back as JSON.
    const dir = path.join(hub.dataDir, 'events');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.ndjson'))) {
      for (const line of readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean))
        expect(() => JSON.parse(line)).not.toThrow();
    }
  });
});
