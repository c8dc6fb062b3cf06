/**
 * Network faults between real kiosks (IndexedDB store and sync engine, in Node) and a real hub: a kiosk offline
 * for a whole session with a clock four minutes fast, kiosks with clocks minutes apart, acknowledgements lost on
 * the way back, a connection that flaps, and the hub killed and restarted in the middle of a kiosk's sync.
 * Every time: each event stored exactly once, every outbox empty, and every kiosk's own reduction of its log
 * equal to the hub's headcount and to a clean replay (CU2, CU18).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustodyEvent } from '../../core/events';
import { compareEvents } from '../../core/events';
import type { Roster, Student } from '../../core/roster';
import { enrolled, todayAtSchool } from '../hub/demoEvents';
import type { RunningHub } from '../hub/hubProcess';
import { adminToken, readyKiosk, startDemoHub, startHub } from '../hub/hubProcess';
import { CutProxy } from './cutProxy';
import { faultRng } from './faultSeed';
import type { NodeKiosk } from './nodeKiosk';
import { expectConverged, hubEvents, hubState, startKiosk, stepEvent, until } from './nodeKiosk';

const MIN = 60_000;

let hub: RunningHub;
let admin: string;
let roster: Roster;
let day: string;
const proxies: CutProxy[] = [];
const kiosks: NodeKiosk[] = [];

/** A paired kiosk behind its own stretch of network. */
async function kioskBehindProxy(name: string, skewMs = 0): Promise<{ kiosk: NodeKiosk; net: CutProxy }> {
  const paired = await readyKiosk(hub, ['care-1a', 'gate-1'], name);
  const net = await CutProxy.start({ port: hub.port, ca: hub.ca() });
  proxies.push(net);
  const kiosk = await startKiosk({ url: net.url, ...paired, day, name, skewMs });
  kiosks.push(kiosk);
  return { kiosk, net };
}

const online = (k: NodeKiosk) => until(`${k.name} online`, () => k.status().online, 20_000);

beforeAll(async () => {
  ({ hub, admin, roster } = await startDemoHub());
  day = todayAtSchool(roster);
});
afterAll(async () => {
  for (const k of kiosks) k.close();
  for (const p of proxies) await p.close();
  await hub?.stop();
});

/** children of one group, so each test has its own and they do not meet */
const childrenOf = (groupId: string): Student[] => enrolled(roster).filter((s) => s.groupId === groupId);

describe('network faults', () => {
  it('CU2 CU18 a kiosk offline for the whole session, clocks minutes apart: same order on every screen, every event once', async () => {
    // A: the care room's tablet, 4 min fast, never reached the hub today (it knows no offset).
    // B: a gate tablet 3 min slow that has measured its offset. C: a tablet with the right time.
    const { kiosk: a, net: aNet } = await kioskBehindProxy('看护室平板（离线，快4分钟）', 4 * MIN);
    aNet.setDown(true);
    const { kiosk: b } = await kioskBehindProxy('校门平板（慢3分钟）', -3 * MIN);
    const { kiosk: c } = await kioskBehindProxy('走廊平板', 0);
    await Promise.all([online(b), online(c)]);
    const kids = childrenOf('g1-whole');
    const [p, q, r, ...rest] = kids;
    const t0 = Date.now();

    // P: C checks the child in, B sends it to the gate two seconds later on a clock three minutes slow. Only with
    // B's offset applied does the gate come after the check-in (CU2: order by device time + offset).
    await c.scan(stepEvent(c, day, p!, 'checked_in', { at: t0 }));
    await b.scan(stepEvent(b, day, p!, 'sent_to_gate', { at: t0 + 2_000 }));
    // Q: offline A checks the child in at t0 on its fast clock without an offset, B releases it at t0 + 2 s. On
    // the hub's clock A's scan is 4 minutes later, so it comes after the release: scan_after_release, still released.
    await a.scan(stepEvent(a, day, q!, 'checked_in', { at: t0, offsetKnown: false }));
    await b.scan(stepEvent(b, day, q!, 'released', { at: t0 + 2_000 }));
    // R: two scans at the same corrected instant: the larger id goes last (CU2 ties by id).
    const tie = [
      stepEvent(c, day, r!, 'checked_in', { at: t0 + 5_000 }),
      stepEvent(b, day, r!, 'transferred', { at: t0 + 5_000 }),
    ];
    expect(tie[0]!.deviceTime + tie[0]!.clockOffsetMs).toBe(tie[1]!.deviceTime + tie[1]!.clockOffsetMs);
    await c.scan(tie[0]!);
    await b.scan(tie[1]!);
    // The rest of the session: A receives its whole group while offline; B and C work online.
    for (const kid of rest.slice(0, 20)) await a.scan(stepEvent(a, day, kid, 'checked_in', { offsetKnown: false }));
    for (const kid of rest.slice(20, 30)) await c.scan(stepEvent(c, day, kid, 'checked_in'));
    await until('B and C to drain', async () => (await b.db.outboxCount()) + (await c.db.outboxCount()) === 0);
    expect(await a.db.outboxCount(), 'A: Q and twenty of its group, all still on the tablet').toBe(21);

    aNet.setDown(false);
    await online(a);
    const { state } = await expectConverged({ hub, token: admin, roster, day, kiosks: [a, b, c] });
    expect(state.children[p!.id]?.status, 'P: the offset of B was not applied').toBe('at_gate');
    expect(state.children[q!.id]?.status).toBe('released');
    expect(state.children[q!.id]?.chain.map((l) => [l.type, l.ignored])).toEqual([
      ['released', undefined],
      ['checked_in', 'scan_after_release'],
    ]);
    const last = [...tie].sort(compareEvents).at(-1)!;
    expect(state.children[r!.id]?.status).toBe('in_care');
    expect(state.children[r!.id]?.place).toEqual(
      last.type === 'transferred' ? { kind: 'nurse' } : { kind: 'group', groupId: r!.groupId },
    );
  });

  it('CU18 an acknowledgement lost on the way back: the kiosk sends again and the hub stores the event once', async () => {
    const { kiosk, net } = await kioskBehindProxy('一年级平板');
    await online(kiosk);
    const kids = childrenOf('g3-whole').slice(0, 5);
    const before = (await hubEvents(hub, admin, day)).length;
    net.swallowReplies(true);
    // one transaction, so they go in one batch whose acknowledgement is the one lost
    await kiosk.scan(...kids.map((kid) => stepEvent(kiosk, day, kid, 'checked_in')));
    // The hub has them all; the kiosk heard nothing back.
    await until('the hub to store the five', async () => (await hubEvents(hub, admin, day)).length === before + 5);
    expect(await kiosk.db.outboxCount()).toBe(5);
    expect(kiosk.acked.size).toBe(0);
    net.cut();
    net.swallowReplies(false);
    await expectConverged({ hub, token: admin, roster, day, kiosks: [kiosk] });
    // The kiosk learnt of its five from the day's feed before it sent them again: the resend must still be
    // accepted (as a duplicate), not refused and shown to the teacher as a failure.
    expect(await kiosk.db.rejectedList()).toEqual([]);
    expect(kiosk.acked.size).toBe(5);
    expect((await hubEvents(hub, admin, day)).length).toBe(before + 5);
  });

  it('CU18 a flapping connection while three kiosks scan: every event once, all screens agree', async () => {
    const rng = faultRng('flapping');
    const crew = await Promise.all(
      ['一年级混合班', '三年级混合班', '三年级本班'].map((n, i) => kioskBehindProxy(`${n}平板`, (i - 1) * 2 * MIN)),
    );
    await Promise.all(crew.map(({ kiosk }) => online(kiosk)));
    const groups = ['g1-mixed', 'g3-mixed', 'g3-whole'];
    // the first five of g3-whole are the previous test's
    const kidsOf = (i: number) => childrenOf(groups[i]!).slice(i === 2 ? 5 : 0);
    let flapping = true;
    const flaps = crew.map(async ({ net, kiosk }) => {
      let n = 0;
      while (flapping) {
        await new Promise((resolve) => setTimeout(resolve, rng.int(150, 700)));
        if (!flapping) break;
        const mode = rng.int(0, 2);
        // 0: the link drops; 1: the hub's replies are lost, then the link drops; 2: a short outage refusing reconnects
        if (mode === 1) {
          net.swallowReplies(true);
          await new Promise((resolve) => setTimeout(resolve, rng.int(50, 300)));
          net.swallowReplies(false);
        }
        if (mode === 2) {
          net.setDown(true);
          await new Promise((resolve) => setTimeout(resolve, rng.int(100, 800)));
          net.setDown(false);
        } else net.cut();
        n++;
      }
      console.log(`${kiosk.name}: ${n} flaps`);
      return n;
    });
    // Each kiosk walks its group through the dismissal: in, to the gate, out.
    const steps = ['checked_in', 'sent_to_gate', 'released'] as const;
    await Promise.all(
      crew.map(async ({ kiosk }, i) => {
        const kids = kidsOf(i);
        for (const step of steps) {
          for (const kid of kids) {
            await kiosk.scan(stepEvent(kiosk, day, kid, step));
            await new Promise((resolve) => setTimeout(resolve, rng.int(10, 80)));
          }
        }
      }),
    );
    flapping = false;
    expect(Math.min(...(await Promise.all(flaps))), 'too few flaps to mean anything').toBeGreaterThanOrEqual(3);
    for (const { net } of crew) net.setDown(false);
    const { state } = await expectConverged({ hub, token: admin, roster, day, kiosks: crew.map((c) => c.kiosk) });
    for (let i = 0; i < groups.length; i++)
      for (const kid of kidsOf(i)) expect(state.children[kid.id]?.status, kid.name).toBe('released');
  });

  it("CU18 the hub is killed and restarted in the middle of a kiosk's sync: the rest goes in once, nothing twice", async () => {
    const { kiosk, net } = await kioskBehindProxy('一年级本班平板（补传）');
    await online(kiosk);
    net.setDown(true);
    await until(`${kiosk.name} offline`, () => !kiosk.status().online);
    // A long afternoon offline: 2000 scans queued (ten batches of 200).
    const kids = childrenOf('g1-whole');
    const queued: CustodyEvent[] = [];
    for (let i = 0; i < 2000; i++)
      queued.push(stepEvent(kiosk, day, kids[i % kids.length]!, i % 2 ? 'transferred' : 'checked_in'));
    await kiosk.scan(...queued);
    const before = (await hubEvents(hub, admin, day)).length;
    net.setDown(false);
    await until('the first batch to arrive', async () => (await hubEvents(hub, admin, day)).length > before, 20_000);
    await hub.kill9();
    const leftAtKill = await kiosk.db.outboxCount();
    console.log(`hub killed with ${leftAtKill} of 2000 still in the outbox`);
    expect(leftAtKill).toBeGreaterThan(0);
    hub = await startHub({ dataDir: hub.dataDir });
    for (const p of proxies) p.retarget({ port: hub.port, ca: hub.ca() });
    admin = await adminToken(hub);
    await expectConverged({ hub, token: admin, roster, day, kiosks: [...kiosks] });
    const state = await hubState(hub, admin, day);
    expect(state.eventCount).toBe((await hubEvents(hub, admin, day)).length);
  });
});
