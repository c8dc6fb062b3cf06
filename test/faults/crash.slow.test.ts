/**
 * Crash (slow suite): eight kiosks — the real IndexedDB store and sync engine, over socket.io — scan a
 * dismissal while the hub is killed with SIGKILL at a random moment of the burst, twenty times over, and
 * restarted on the same files each time. After every restart each event any kiosk saw acknowledged is stored,
 * no id twice, seq gap-free. At the end the outboxes drain, every scan is stored exactly once, and the hub's
 * headcount, a clean replay of what the kiosks scanned, and each kiosk's own view agree on every child.
 *
 * `npm run test:slow`. `FAULT_SEED` replays a run; `KILL_ROUNDS` and `FAULT_KIOSKS` shrink it while debugging.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { reduceDay } from '../../core/reduceDay';
import type { Student } from '../../core/roster';
import { enrolled, todayAtSchool } from '../hub/demoEvents';
import type { RunningHub } from '../hub/hubProcess';
import { adminToken, readyKiosk, startDemoHub, startHub } from '../hub/hubProcess';
import { CutProxy } from './cutProxy';
import { faultRng } from './faultSeed';
import type { NodeKiosk, Step } from './nodeKiosk';
import { expectConverged, hubEvents, startKiosk, stepEvent, until, whereabouts } from './nodeKiosk';

const ROUNDS = Number(process.env.KILL_ROUNDS ?? 20);
const KIOSKS = Number(process.env.FAULT_KIOSKS ?? 8);
const MIN = 60_000;

let hub: RunningHub | undefined;
let proxy: CutProxy | undefined;
const kiosks: NodeKiosk[] = [];
afterAll(async () => {
  for (const k of kiosks) k.close();
  await proxy?.close();
  await hub?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('crash: kill -9 during a dismissal burst', () => {
  it(`CU18 ${ROUNDS} kills mid-burst from ${KIOSKS} kiosks: nothing acknowledged is lost, nothing stored twice, all screens agree`, async () => {
    const rng = faultRng('crash');
    const started = await startDemoHub();
    hub = started.hub;
    let admin = started.admin;
    const { roster } = started;
    const day = todayAtSchool(roster);
    proxy = await CutProxy.start({ port: hub.port, ca: hub.ca() });
    const kids = enrolled(roster);
    const slices: Student[][] = Array.from({ length: KIOSKS }, () => []);
    kids.forEach((kid, i) => slices[i % KIOSKS]!.push(kid));
    for (let i = 0; i < KIOSKS; i++) {
      const paired = await readyKiosk(hub, ['care-1a', 'gate-1'], `平板${i + 1}`);
      // clocks up to five minutes apart; each has measured its offset (CU2 orders by the corrected time)
      kiosks.push(
        await startKiosk({ url: proxy.url, ...paired, day, name: `平板${i + 1}`, skewMs: rng.int(-5 * MIN, 5 * MIN) }),
      );
    }
    await until('every kiosk online', () => kiosks.every((k) => k.status().online), 30_000);

    // The burst: each kiosk scans its children (and now and then another kiosk's) as fast as a busy gate does.
    let bursting = true;
    const burst = kiosks.map(async (k, i) => {
      const steps: Step[] = ['checked_in', 'transferred', 'checked_in', 'sent_to_gate'];
      while (bursting) {
        const kid = rng.next() < 0.1 ? rng.pick(kids) : rng.pick(slices[i]!);
        await k.scan(stepEvent(k, day, kid, rng.pick(steps)));
        await sleep(rng.int(20, 120));
      }
    });

    const started0 = Date.now();
    for (let round = 1; round <= ROUNDS; round++) {
      const h = hub;
      // Kill once the hub is taking the burst again, at a random moment within it.
      const seqAtStart = (await hubEvents(h, admin, day)).length;
      await until(
        `round ${round}: the burst to reach the hub`,
        async () => (await hubEvents(h, admin, day)).length > seqAtStart,
        30_000,
      );
      const wait = rng.int(0, 1500);
      await sleep(wait);
      await h.kill9();
      const ackedBefore = new Set(kiosks.flatMap((k) => [...k.acked]));
      const unsentAtKill = (await Promise.all(kiosks.map((k) => k.db.outboxCount()))).reduce((a, b) => a + b, 0);

      hub = await startHub({ dataDir: h.dataDir });
      proxy.retarget({ port: hub.port, ca: hub.ca() });
      admin = await adminToken(hub);
      const stored = await hubEvents(hub, admin, day);
      const ids = stored.map((e) => e.id);
      const have = new Set(ids);
      console.log(
        `round ${round}: killed ${wait} ms into the burst; ${ackedBefore.size} acknowledged, ${stored.length} stored, ${unsentAtKill} in outboxes${hub.output().includes('⚠') ? '; start-up repaired a torn line' : ''}`,
      );
      expect(new Set(ids).size, `round ${round}: an id stored twice`).toBe(ids.length);
      expect(
        stored.map((e) => e.seq),
        `round ${round}: seq not gap-free`,
      ).toEqual(stored.map((_, i) => i + 1));
      const lost = [...ackedBefore].filter((id) => !have.has(id));
      expect(lost, `round ${round}: acknowledged, then lost (seed ${rng.seed})`).toEqual([]);
    }
    bursting = false;
    await Promise.all(burst);
    console.log(`${ROUNDS} rounds in ${Math.round((Date.now() - started0) / 1000)} s`);

    // The end of the afternoon: every child leaves through the gate, scanned by its own kiosk.
    await Promise.all(
      kiosks.map(async (k, i) => {
        for (const kid of slices[i]!) await k.scan(stepEvent(k, day, kid, 'released'));
      }),
    );
    const { stored, state } = await expectConverged({ hub, token: admin, roster, day, kiosks });
    const scanned = kiosks.flatMap((k) => k.created);
    expect(stored.length).toBe(scanned.length);
    // A clean replay of what the kiosks scanned, independent of the hub's files, gives the same picture.
    const replay = reduceDay({ roster, day, events: scanned, now: state.now });
    expect(whereabouts(state)).toEqual(whereabouts(replay));
    for (const kid of kids) expect(state.children[kid.id]?.status, kid.name).toBe('released');
    console.log(`${scanned.length} scans by ${KIOSKS} kiosks, each stored once`);
  });
});
