/**
 * 1. Ingest and 7. Memory. A dismissal burst from 1, 50 and 200 socket.io kiosks against the real hub and, in
 * the same run, against the same hub on the naive lowdb store; at an empty log and at a semester's history.
 * Each kiosk keeps one submission in flight (one scan, one event, wait for the acknowledgement, next scan), as
 * a kiosk's outbox does, with no pause between scans: the heaviest a gate rush can be.
 */
import { rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import type { CustodyEventInput } from '../core/events';
import type { Ack, ClientToHubEvents, HubToClientEvents, SubmitResult } from '../core/protocol';
import { checkIn, enrolled } from '../test/hub/demoEvents';
import { connectSocket } from '../test/hub/hubProcess';
import type { BenchHub } from './lib/hubs';
import { benchDir, NAIVE_HUB, REAL_HUB, spawnHub } from './lib/hubs';
import type { Row, SectionResult } from './lib/report';
import type { School } from './lib/school';
import { figure, fmt, median, num, quantile } from './lib/stats';

type Sock = Socket<HubToClientEvents, ClientToHubEvents>;

export const KIOSK_COUNTS = [1, 50, 200] as const;
/** Events per burst, per store and history: the naive store at a semester's history writes ~1 event/s. */
const BURST: Record<'real' | 'naiveEmpty' | 'naiveSemester', Record<number, number>> = {
  real: { 1: 300, 50: 4_000, 200: 4_000 },
  naiveEmpty: { 1: 100, 50: 500, 200: 1_000 },
  // Every event rewrites a ~200 MB file (2–4 s of blocked event loop), whatever the number of kiosks: a few
  // kiosks send one event each, more would only queue behind the same rewrites and stall the bench for minutes.
  naiveSemester: { 1: 3, 50: 4, 200: 4 },
};
/** A gate at full pace: every kiosk scans a card once a second. */
const PACED_SECONDS = 5;

export async function connectKiosks(hub: BenchHub, school: School, n: number): Promise<Sock[]> {
  const socks: Sock[] = [];
  // A few at a time: 200 TLS handshakes at once on two cores time out.
  for (let i = 0; i < n; i += 20) {
    const batch = school.kiosks.slice(i, Math.min(n, i + 20)).map((k) => connectSocket(hub, k.token));
    await Promise.all(
      batch.map(
        (s) =>
          new Promise<void>((resolve, reject) => {
            s.once('connect', () => resolve());
            s.once('connect_error', (err) => reject(err));
          }),
      ),
    );
    socks.push(...batch);
  }
  return socks;
}

interface Burst {
  rate: number;
  p50: number;
  p99: number;
}

async function burst(all: Sock[], school: School, total: number): Promise<Burst> {
  const socks = all.slice(0, Math.min(all.length, total));
  const perKiosk = Math.max(1, Math.round(total / socks.length));
  const kids = enrolled(school.roster);
  // Built before the clock starts: the bench measures the hub, not how fast it makes events.
  const plan: CustodyEventInput[][] = socks.map((_, k) =>
    Array.from({ length: perKiosk }, (_, i) =>
      checkIn(school.roster, kids[(k * perKiosk + i) % kids.length]!, school.kiosks[k]!.deviceId),
    ),
  );
  const lat: number[] = [];
  const problems: string[] = [];
  const t0 = performance.now();
  await Promise.all(
    socks.map(async (s, k) => {
      for (const e of plan[k]!) {
        const t = performance.now();
        const ack = (await s.timeout(300_000).emitWithAck('submitEvents', [e])) as Ack<SubmitResult>;
        lat.push(performance.now() - t);
        const r = ack.ok ? ack.data.results[0] : undefined;
        if (r?.status !== 'stored') problems.push(JSON.stringify(ack).slice(0, 200));
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  if (problems.length) throw new Error(`${problems.length} events not stored, e.g. ${problems[0]}`);
  return { rate: lat.length / seconds, p50: quantile(lat, 0.5), p99: quantile(lat, 0.99) };
}

/**
 * Every kiosk scans once a second (starting at a random moment), whether or not its last scan is acknowledged.
 * Beside it, an independent probe appends and fdatasyncs its own file on the same disk every 5 ms, so a slow
 * acknowledgement can be told apart from a disk that stalled for everyone at that moment.
 */
async function paced(
  socks: Sock[],
  school: School,
): Promise<{ p50: number; p99: number; diskP99: number; diskMax: number }> {
  const kids = enrolled(school.roster);
  const lat: number[] = [];
  const dir = benchDir('probe');
  const fh = await open(path.join(dir, 'probe.ndjson'), 'a');
  const disk: number[] = [];
  let probing = true;
  const probe = (async () => {
    while (probing) {
      const t = performance.now();
      await fh.write(Buffer.alloc(300, 0x61));
      await fh.datasync();
      disk.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  await Promise.all(
    socks.map(async (s, k) => {
      const pending: Promise<void>[] = [];
      const events = Array.from({ length: PACED_SECONDS }, (_, i) =>
        checkIn(school.roster, kids[(k * PACED_SECONDS + i) % kids.length]!, school.kiosks[k]!.deviceId),
      );
      await new Promise((r) => setTimeout(r, Math.random() * 1000));
      for (const e of events) {
        const t = performance.now();
        pending.push(
          s
            .timeout(60_000)
            .emitWithAck('submitEvents', [e])
            .then(() => {
              lat.push(performance.now() - t);
            }),
        );
        await new Promise((r) => setTimeout(r, 1000));
      }
      await Promise.all(pending);
    }),
  );
  probing = false;
  await probe;
  await fh.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    p50: quantile(lat, 0.5),
    p99: quantile(lat, 0.99),
    diskP99: quantile(disk, 0.99),
    diskMax: Math.max(...disk),
  };
}

export interface IngestOptions {
  school: School;
  runs: number;
  emptyDirs: { real: string; naive: string };
  semesterDirs: { real: string; naive: string };
  log: (s: string) => void;
}

export async function ingestBench(o: IngestOptions): Promise<SectionResult> {
  const rows: Row[] = [];
  const notes: string[] = [];
  const missed: string[] = [];
  const rateMisses: { what: string; rate: number; n: number; cpu: number; ratio?: number }[] = [];
  const burstAckMisses: { what: string; p99: number; rate: number }[] = [];
  const details: string[] = [
    '| history | kiosks | store | events/s | ack p50 ms | ack p99 ms |',
    '|---|---|---|---|---|---|',
  ];
  let memoryRows: Row[] = [];
  const cpuPerEvent: number[] = [];
  for (const history of ['empty', 'semester'] as const) {
    const dirs = history === 'empty' ? o.emptyDirs : o.semesterDirs;
    const real = await spawnHub(REAL_HUB, dirs.real);
    const naive = await spawnHub(NAIVE_HUB, dirs.naive);
    try {
      for (const n of KIOSK_COUNTS) {
        const rs = await connectKiosks(real, o.school, n);
        const ns = await connectKiosks(naive, o.school, n);
        const a: Burst[] = [],
          b: Burst[] = [],
          ratio: number[] = [],
          cpu: number[] = [];
        for (let r = 0; r < o.runs; r++) {
          // Alternated in the same run, so a noisy neighbour hits both alike.
          const c0 = real.cpuMs();
          const x = await burst(rs, o.school, BURST.real[n]!);
          cpu.push(((real.cpuMs() - c0) * 1000) / BURST.real[n]!);
          const y = await burst(ns, o.school, BURST[history === 'empty' ? 'naiveEmpty' : 'naiveSemester'][n]!);
          a.push(x);
          b.push(y);
          ratio.push(x.rate / y.rate);
          o.log(
            `  ingest ${history} ${n} kiosks run ${r + 1}: ${num(x.rate)} ev/s p99 ${num(x.p99)} ms (hub CPU ${num(cpu.at(-1)!)} µs/event) | naive ${num(y.rate)} ev/s p99 ${num(y.p99)} ms`,
          );
        }
        cpuPerEvent.push(...cpu);
        const rate = figure(a.map((x) => x.rate)),
          p50 = figure(a.map((x) => x.p50)),
          p99 = figure(a.map((x) => x.p99));
        const nrate = figure(b.map((x) => x.rate)),
          np50 = figure(b.map((x) => x.p50)),
          np99 = figure(b.map((x) => x.p99));
        details.push(
          `| ${history} | ${n} | day log | ${fmt(rate)} | ${fmt(p50)} | ${fmt(p99)} |`,
          `| ${history} | ${n} | naive lowdb | ${fmt(nrate)} | ${fmt(np50)} | ${fmt(np99)} |`,
        );
        const label = history === 'empty' ? 'empty log' : 'semester (500k events)';
        const rateTarget = n >= 50 ? (history === 'semester' ? '≥ 5,000/s and ≥ 20×' : '≥ 5,000/s') : undefined;
        const rateOk = n >= 50 ? rate.median >= 5000 && (history !== 'semester' || median(ratio) >= 20) : undefined;
        rows.push({
          section: 'Ingest',
          what: `events/s durable, ${n} kiosk${n > 1 ? 's' : ''}, ${label}`,
          ours: fmt(rate),
          alt: `${fmt(nrate)} naive lowdb`,
          ratio: `${num(median(ratio))}×`,
          ...(rateTarget ? { target: rateTarget, ok: rateOk } : {}),
        });
        rows.push({
          section: 'Ingest',
          what: `ack p50 / p99 ms, ${n} kiosk${n > 1 ? 's' : ''}, ${label}`,
          ours: `${fmt(p50)} / ${fmt(p99)}`,
          alt: `${fmt(np50)} / ${fmt(np99)}`,
          ...(n === 50 ? { target: 'p99 ≤ 20 ms', ok: p99.median <= 20 } : {}),
        });
        if (rateOk === false)
          rateMisses.push({
            what: `${n} kiosks, ${label}`,
            rate: rate.median,
            n,
            cpu: median(cpu),
            ratio: history === 'semester' ? median(ratio) : undefined,
          });
        if (n === 50 && p99.median > 20) burstAckMisses.push({ what: label, p99: p99.median, rate: rate.median });
        if (n === 50) {
          const pa: number[] = [],
            pb: number[] = [],
            na: number[] = [],
            nb: number[] = [],
            dp99: number[] = [],
            dmax: number[] = [];
          for (let r = 0; r < o.runs; r++) {
            const x = await paced(rs, o.school);
            pa.push(x.p50);
            pb.push(x.p99);
            dp99.push(x.diskP99);
            dmax.push(x.diskMax);
            // The naive store at a semester's history manages under one event a second: 50 a second would queue forever.
            if (history === 'empty') {
              const y = await paced(ns, o.school);
              na.push(y.p50);
              nb.push(y.p99);
            }
            o.log(
              `  paced ${history} 50 kiosks × 1 scan/s run ${r + 1}: p50 ${num(x.p50)} ms p99 ${num(x.p99)} ms (disk probe p99 ${num(x.diskP99)} ms, max ${num(x.diskMax)} ms)${history === 'empty' ? ` | naive p99 ${num(nb.at(-1)!)} ms` : ''}`,
            );
          }
          if (median(pb) > 20) {
            missed.push(
              `**Ack p99 at 50 kiosks scanning once a second, ${label}: ${num(median(pb))} ms against ≤ 20 ms** (the p50 is ${num(median(pa))} ms). Every acknowledgement waits for its fdatasync, and this shared virtual disk stalls now and then for everyone: an independent probe appending and fdatasyncing its own file on the same disk during these runs saw a p99 of ${num(median(dp99))} ms and a worst case of ${num(median(dmax))} ms (medians over runs); in a trace taken while writing this bench, the slowest acknowledgements fell on the same moments as the probe's stalls. ` +
                'What would reach it: a disk with a steady fdatasync (a local SSD with power-loss protection, not a shared virtual disk); not acknowledging before the fdatasync, which the hub deliberately refuses: an acknowledgement means the event is on disk.',
            );
          }
          rows.push({
            section: 'Ingest',
            what: `ack p50 / p99 ms, 50 kiosks scanning 1/s each (50 events/s), ${label}`,
            ours: `${fmt(figure(pa))} / ${fmt(figure(pb))}`,
            alt: history === 'empty' ? `${fmt(figure(na))} / ${fmt(figure(nb))}` : 'cannot keep up (< 1 event/s)',
            target: 'p99 ≤ 20 ms',
            ok: median(pb) <= 20,
          });
        }
        if (history === 'semester' && n === 200) memoryRows = await memory(real, naive, o.runs);
        for (const s of [...rs, ...ns]) s.disconnect();
      }
    } finally {
      await real.stop();
      await naive.stop();
    }
  }
  if (rateMisses.length) {
    const cpu = median(cpuPerEvent);
    missed.push(
      `**Durable ingest in a burst: ${rateMisses.map((m) => `${num(m.rate)} events/s at ${m.what}${m.ratio !== undefined ? ` (${num(m.ratio)}× the naive store: that part is met)` : ''}`).join('; ')}, against ≥ 5,000.** ` +
        "In this burst every kiosk has exactly one event in flight and waits for its acknowledgement, so one group commit can never hold more events than there are kiosks: the rate is kiosks ÷ (write + fdatasync + the acknowledgement's round trip through socket.io and TLS, on the hub and in the client). " +
        `The hub is not saturated: it spends a median ${num(cpu)} µs of CPU per event, about ${num((cpu * Math.max(...rateMisses.map((m) => m.rate))) / 10_000)} % of one core at these rates; the rest of the time goes to fdatasync stalls on this shared disk and to the ${Math.max(...rateMisses.map((m) => m.n))} clients running on the same two cores. The spread between runs (see the detail table) is that shared machine. ` +
        "The same hub stores 500 events in tens of milliseconds when a submission carries 200 (Resync, protocol row), which is what a kiosk's outbox sends whenever it holds more than one event. " +
        "What would reach it: kiosks that send what has queued during the previous round trip as one batch rather than one scan per submission; on the hub, less work per submission (it formats the school-time day with Intl.DateTimeFormat on every submission, about 8 % of the hub's CPU in a burst in a profile taken while writing this bench); and a machine that is not shared.",
    );
  }
  for (const m of burstAckMisses) {
    missed.push(
      `**Ack p99 at 50 kiosks in a burst, ${m.what}: ${num(m.p99)} ms against ≤ 20 ms.** With 50 kiosks each sending the next event the instant the last is acknowledged, the hub always has 50 waiting, so each waits about 50 ÷ the rate (${num(50_000 / m.rate)} ms at ${num(m.rate)} events/s), plus fdatasync stalls and GC. No gate produces that load; the paced row (every kiosk scanning once a second) is what a teacher feels. What would reach it: a higher rate as above, and a disk with a steady fdatasync.`,
    );
  }
  notes.push(
    `The hub spends a median ${num(median(cpuPerEvent))} µs of CPU per acknowledged event in a burst (socket.io frame, TLS, JSON, zod validation, the custody checks, the log, the ack): one core is then good for about ${num(1e6 / median(cpuPerEvent))} events/s before anything else runs on it.`,
  );
  notes.push(
    'With a single kiosk on an empty log the naive store keeps up with the day log (the ratio is near 1): its file is still tiny, it never fsyncs, while the day log pays one fdatasync for every acknowledgement because nothing else is in flight to share it. The naive store falls behind as soon as kiosks share a flush, and collapses as its one file grows: at a semester each event rewrites the whole file.',
  );
  notes.push(
    'Ingest is measured end to end: socket.io over TLS, validation, the store, the acknowledgement, with the kiosks in the bench process on the same two cores, so the client side is part of every figure.',
  );
  return { rows: [...rows, ...memoryRows], notes, missed, extra: details.join('\n') };
}

/** 7. Resident memory of both hubs with 200 kiosks connected and a semester of data. */
async function memory(real: BenchHub, naive: BenchHub, runs: number): Promise<Row[]> {
  const a: number[] = [],
    b: number[] = [];
  for (let r = 0; r < runs; r++) {
    await new Promise((res) => setTimeout(res, 1000));
    a.push(real.rssMb());
    b.push(naive.rssMb());
  }
  return [
    {
      section: 'Memory',
      what: 'hub RSS, 200 kiosks connected, semester',
      ours: fmt(figure(a), 'MB'),
      alt: `${fmt(figure(b), 'MB')} naive lowdb`,
      ratio: `${num(median(b) / median(a))}× less`,
    },
  ];
}

export interface SizedSchool {
  /** '240 children' */
  label: string;
  school: School;
  /** a data folder with the school's semester in the real hub's day files */
  semesterDir: string;
  /** events in that semester */
  events: number;
}

/**
 * Issue #20, the big school: the 50-kiosk burst and the memory of the real hub with 200 kiosks connected, on a
 * semester of the big school (3,000 children, ~11,000 events a day) beside the same on the small school's
 * semester, alternated run by run. The naive store is left out at that size: it was already 300× behind at the
 * small school's semester, and its one file would be over 400 MB.
 */
export async function bigIngestBench(o: {
  small: SizedSchool;
  big: SizedSchool;
  runs: number;
  log: (s: string) => void;
}): Promise<SectionResult> {
  const rows: Row[] = [];
  const missed: string[] = [];
  const notes: string[] = [];
  const hubs = {
    small: await spawnHub(REAL_HUB, o.small.semesterDir),
    big: await spawnHub(REAL_HUB, o.big.semesterDir),
  };
  try {
    const socks = {
      small: await connectKiosks(hubs.small, o.small.school, 50),
      big: await connectKiosks(hubs.big, o.big.school, 50),
    };
    const a: Burst[] = [],
      b: Burst[] = [],
      ratio: number[] = [],
      cpu: number[] = [];
    for (let r = 0; r < o.runs; r++) {
      const c0 = hubs.big.cpuMs();
      const x = await burst(socks.big, o.big.school, BURST.real[50]!);
      cpu.push(((hubs.big.cpuMs() - c0) * 1000) / BURST.real[50]!);
      const y = await burst(socks.small, o.small.school, BURST.real[50]!);
      a.push(x);
      b.push(y);
      ratio.push(x.rate / y.rate);
      o.log(
        `  ingest ${o.big.label} semester 50 kiosks run ${r + 1}: ${num(x.rate)} ev/s p99 ${num(x.p99)} ms (hub CPU ${num(cpu.at(-1)!)} µs/event) | ${o.small.label} ${num(y.rate)} ev/s p99 ${num(y.p99)} ms`,
      );
    }
    const rate = figure(a.map((x) => x.rate)),
      p50 = figure(a.map((x) => x.p50)),
      p99 = figure(a.map((x) => x.p99));
    const label = `${o.big.label}, semester (${num(o.big.events / 1000)}k events)`;
    rows.push(
      {
        section: 'Ingest',
        what: `events/s durable, 50 kiosks, ${label}`,
        ours: fmt(rate),
        alt: `${fmt(figure(b.map((x) => x.rate)))} at ${o.small.label}`,
        ratio: `${num(median(ratio))}×`,
        target: '≥ 10,000/s',
        ok: rate.median >= 10_000,
      },
      {
        section: 'Ingest',
        what: `ack p50 / p99 ms, 50 kiosks, ${label}`,
        ours: `${fmt(p50)} / ${fmt(p99)}`,
        alt: `${fmt(figure(b.map((x) => x.p50)))} / ${fmt(figure(b.map((x) => x.p99)))} at ${o.small.label}`,
        ratio: `${num(median(a.map((x, i) => x.p99 / b[i]!.p99)))}×`,
        target: 'p99 ≤ 20 ms',
        ok: p99.median <= 20,
      },
    );
    if (rate.median < 10_000 || p99.median > 20)
      missed.push(
        `**Burst at ${label}: ${num(rate.median)} events/s, ack p99 ${num(p99.median)} ms, against ≥ 10,000/s and ≤ 20 ms** (the small school in the same runs: ${num(median(b.map((x) => x.rate)))} events/s, p99 ${num(median(b.map((x) => x.p99)))} ms; the big school's hub spent a median ${num(median(cpu))} µs of CPU per event). ` +
          `With 50 kiosks each keeping one event in flight, a group commit holds at most 50 events, so the rate is 50 ÷ (the round trip + write + fdatasync): at 10,000/s that is 5 ms for all of it, on a shared two-core machine where the 50 clients run too and one fdatasync alone takes ~1–3 ms. ` +
          `The hub's CPU alone bounds it: ${num(median(cpu))} µs per event is at most ${num(1e6 / median(cpu))} events/s on a whole core, so 10,000/s with one event per submission cannot be reached on this machine whatever the disk. ` +
          'What would reach it: kiosks sending what has queued during the last round trip as one submission (their outbox already batches up to 200), so one fdatasync and one socket.io frame cover more than one event; a disk with a steady fdatasync; and a machine not shared with the clients.',
      );
    // 7. Memory, both hubs with 200 kiosks connected after their bursts.
    for (const s of [...socks.small, ...socks.big]) s.disconnect();
    const all = {
      small: await connectKiosks(hubs.small, o.small.school, 200),
      big: await connectKiosks(hubs.big, o.big.school, 200),
    };
    const ma: number[] = [],
      mb: number[] = [];
    for (let r = 0; r < o.runs; r++) {
      await new Promise((res) => setTimeout(res, 1000));
      ma.push(hubs.big.rssMb());
      mb.push(hubs.small.rssMb());
    }
    rows.push({
      section: 'Memory',
      what: `hub RSS, 200 kiosks connected, ${label}`,
      ours: fmt(figure(ma), 'MB'),
      alt: `${fmt(figure(mb), 'MB')} at ${o.small.label}`,
      ratio: `${num(median(ma) / median(mb))}×`,
    });
    for (const s of [...all.small, ...all.big]) s.disconnect();
    notes.push(
      `The big school's semester is ${num(o.big.events)} events in 100 day files (4 per enrolled child a day: handed off, checked in, sent to the gate, released, and the rota's sign-ins); the small school's ${num(o.small.events)}. The naive lowdb store is not measured at the big school: it was already far behind at the small school's semester (above), and its one file would be over 400 MB.`,
    );
  } finally {
    await hubs.small.stop();
    await hubs.big.stop();
  }
  return { rows, notes, missed };
}
