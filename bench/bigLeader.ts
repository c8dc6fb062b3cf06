/**
 * Issue #20, scan → leader at a big school: the method of bench/leader.ts (50 socket.io kiosks, ten hand-offs a
 * second, a MutationObserver in each of 20 leader pages stamping Date.now() when the "in transit" tile changes,
 * minus Date.now() at the emit) with 3,000 children and the afternoon so far already in today's log
 * (bench/lib/bigDay.ts), so every page holds a full day. The hand-offs are of children kept out of that
 * afternoon (a class finishing late). Beside it in the same run: the same 20 pages at /leader/?reduce=full, which
 * replay the whole day on every recompute. The two sets take turns, never open at once, so neither shares the
 * two cores with the other's page timers.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Ack, SubmitResult } from '../core/protocol';
import type { Student } from '../core/roster';
import { request } from '../test/hub/hubProcess';
import { connectKiosks } from './ingest';
import { watchTile } from './leader';
import { afternoonCopy } from './lib/bigDay';
import { KEEP_NAMES_SHIM, launchBrowser } from './lib/chromium';
import type { BenchHub } from './lib/hubs';
import { startProfile, stopProfile, summarize } from './lib/profile';
import { REAL_HUB, spawnHub } from './lib/hubs';
import type { SectionResult } from './lib/report';
import type { School } from './lib/school';
import { figure, fmt, median, num, quantile } from './lib/stats';

const KIOSKS = 50;
const PAGES = 20;
const SCAN_GAP_MS = 100;
const PER_RUN = Math.max(1, Number(process.env.BIG_LEADER_SCANS ?? 40));
const TARGET_MS = 100;
const SETTLE_MS = 5_000;
const PROFILE = process.env.BENCH_PROFILE === '1';

/** 20 duty-leader pages signed in with the given sessions, a few loading at a time. */
async function openLeaders(browser: Browser, hub: BenchHub, sessions: string[], query: string) {
  const context = await browser.newContext({ viewport: { width: 420, height: 900 }, locale: 'zh-CN', isMobile: true });
  await context.addInitScript(KEEP_NAMES_SHIM);
  const pages: Page[] = [];
  for (let i = 0; i < sessions.length; i += 5) {
    pages.push(
      ...(await Promise.all(
        sessions.slice(i, i + 5).map(async (s) => {
          const page = await context.newPage();
          page.on('pageerror', (err) => console.error('[leader page error]', err.message));
          await page.addInitScript((x) => sessionStorage.setItem('relay.leader', x), s);
          await page.goto(`https://localhost:${hub.port}/leader/${query}`);
          await page
            .getByTestId('tile-in-transit')
            .waitFor({ timeout: 240_000 })
            .catch(async (err: Error) => {
              const text = await page.evaluate(() => document.body.innerText.slice(0, 200)).catch(() => '?');
              throw new Error(
                `a leader page${query} did not show its tiles: ${err.message.split('\n')[0]}; it shows: ${text}`,
              );
            });
          return page;
        }),
      )),
    );
  }
  return { context, pages };
}

export async function bigLeaderBench(o: {
  school: School;
  runs: number;
  log: (s: string) => void;
}): Promise<SectionResult> {
  const { school } = o;
  const perRun = PER_RUN;
  const rounds = o.runs + (PROFILE ? 1 : 0);
  const day = afternoonCopy(school, 'big-leader', 2 * rounds * perRun);
  const kids = school.roster.students.length.toLocaleString('en-US');
  if (day.reserve.length < 2 * rounds * perRun) throw new Error(`only ${day.reserve.length} children left to hand off`);
  o.log(
    `  big leader: ${kids} children, today ${day.events.toLocaleString('en-US')} events (${JSON.stringify(day.counts)})`,
  );
  const hub = await spawnHub(REAL_HUB, day.dir);
  const browser = await launchBrowser(path.join(day.dir, 'tls', 'ca.crt'));
  try {
    const socks = await connectKiosks(hub, school, KIOSKS);
    const sessions: string[] = [];
    for (let i = 0; i < PAGES; i++) {
      const login = await request<{ token: string }>(hub, 'POST', '/api/leader/login', {
        body: { staffId: 'leader-1', pin: '2468' },
      });
      if (login.status !== 200) throw new Error(`leader login: ${login.status}`);
      sessions.push(JSON.stringify(login.body));
    }
    const queue: Student[] = [...day.reserve];
    const handOff = async (group: Student[]) => {
      const emitted: number[] = [];
      const acks: Promise<void>[] = [];
      for (const [k, s] of group.entries()) {
        const e = {
          id: crypto.randomUUID(),
          day: school.today,
          deviceId: school.kiosks[k % KIOSKS]!.deviceId,
          staffId: 'care-1a',
          deviceTime: Date.now(),
          clockOffsetMs: 0,
          studentId: s.id,
          source: { kind: 'card', cardId: s.cardId! },
          type: 'handed_off',
          toGroupId: s.groupId!,
        };
        emitted.push(Date.now());
        acks.push(
          socks[k % KIOSKS]!.timeout(30_000)
            .emitWithAck('submitEvents', [e])
            .then((a) => {
              const r = a as Ack<SubmitResult>;
              if (!r.ok || r.data.results[0]?.status !== 'stored')
                throw new Error(`hand-off not stored: ${JSON.stringify(r).slice(0, 200)}`);
            }),
        );
        await new Promise((r) => setTimeout(r, SCAN_GAP_MS));
      }
      await Promise.all(acks);
      return emitted;
    };
    const modes = [
      { mode: 'incremental', query: '' },
      { mode: 'full', query: '?reduce=full' },
    ];
    const lat: Record<string, number[][]> = { incremental: [], full: [] };
    // BENCH_PROFILE=1: one more run, not counted, with one page of each set profiled during its hand-offs.
    for (let r = 0; r < rounds; r++) {
      for (const m of r % 2 ? [...modes].reverse() : modes) {
        const t0 = performance.now();
        const { context, pages } = await openLeaders(browser, hub, sessions, m.query);
        const loaded = performance.now() - t0;
        try {
          // Let the pages finish their first recomputes: measured is the steady state, not the load.
          await new Promise((res) => setTimeout(res, SETTLE_MS));
          await Promise.all(pages.map((p) => watchTile(p, 'in-transit')));
          const base = await pages[0]!.evaluate(() => window.__seen![0]![0]);
          const cdp = PROFILE && r === o.runs ? await context.newCDPSession(pages[0]!) : undefined;
          if (cdp) await startProfile(cdp);
          const emitted = await handOff(queue.splice(0, perRun));
          if (cdp) {
            for (const line of await summarize([await stopProfile(cdp)], perRun))
              o.log(`  profile leader page, ${m.mode}, per hand-off: ${line}`);
            await cdp.detach();
          }
          const deadline = Date.now() + 20_000;
          let all: number[] = [];
          for (;;) {
            const seen = await Promise.all(pages.map((p) => p.evaluate(() => window.__seen!)));
            all = seen.flatMap((s) =>
              emitted.map((t, k) => {
                const hit = s.find(([n, at]) => n >= base + k + 1 && at >= t);
                return hit ? hit[1] - t : Number.NaN;
              }),
            );
            if (!all.some(Number.isNaN) || Date.now() > deadline) break;
            await new Promise((res) => setTimeout(res, 250));
          }
          const missing = all.filter(Number.isNaN).length;
          if (missing) throw new Error(`${missing} of ${all.length} hand-offs never showed on a ${m.mode} leader page`);
          if (!cdp) lat[m.mode]!.push(all);
          o.log(
            `  big leader run ${r + 1}, ${m.mode}: ${PAGES} pages loaded in ${num(loaded / 1000)} s; p50 ${num(quantile(all, 0.5))} ms p99 ${num(quantile(all, 0.99))} ms`,
          );
        } finally {
          await context.close();
        }
      }
    }
    for (const s of socks) s.disconnect();
    const f = (mode: string, p: number) => figure(lat[mode]!.map((l) => quantile(l, p)));
    const p99 = f('incremental', 0.99);
    const ratio = median(lat.incremental!.map((l, i) => quantile(lat.full![i]!, 0.99) / quantile(l, 0.99)));
    return {
      rows: [
        {
          section: 'Scan → leader',
          what: `the same at ${kids} children (the afternoon so far in today's log: ${day.events.toLocaleString('en-US')} events), ${KIOSKS} kiosks, ${PAGES} leader pages, p50 / p99 ms`,
          ours: `${fmt(f('incremental', 0.5))} / ${fmt(p99)}`,
          alt: `${fmt(f('full', 0.5))} / ${fmt(f('full', 0.99))} replaying the day (?reduce=full)`,
          ratio: ratio >= 1 ? `${num(ratio)}× faster (p99)` : `${num(1 / ratio)}× slower (p99)`,
          target: `p99 ≤ ${TARGET_MS} ms`,
          ok: p99.median <= TARGET_MS,
        },
      ],
      notes: [
        `Scan → leader at ${kids} children: ${perRun} hand-offs per run × ${PAGES} pages, the incremental and the full-replay pages in turn (opened fresh for each run, never both at once).`,
      ],
      missed:
        p99.median <= TARGET_MS
          ? []
          : [
              `**Scan → leader p99 at ${kids} children with ${PAGES} leader pages: ${num(p99.median)} ms against ≤ ${TARGET_MS} ms** (replaying the day: ${num(f('full', 0.99).median)} ms). ` +
                "The incremental reducer took it from the replay's figure to this one. What a page still did for each hand-off in this bench's profile (BENCH_PROFILE=1, one page, before the last fixes): EndOfDay ran endOfDayProblems over every child at each render (now memoized on the children record, which a quiet tick hands back unchanged), DayReducer.state recounted every child (each child is now judged again only when it changed; the counting is still a pass over 3,000), the alert items re-rendered. 20 pages in one headless Chromium share two cores with the hub and the 50 kiosks, so the slowest hand-offs are those that queue behind other pages' 1 s ticks; one page alone is well inside the target (the 240-child single-page row). What would reach it: counts kept up to date by the reducer instead of a pass over every child per state, and the over-capacity and teacher-ratio alerts stamped with when they began rather than `now`, so they stop re-rendering each second.",
            ],
    };
  } finally {
    await browser.close();
    await hub.stop();
    rmSync(day.dir, { recursive: true, force: true });
  }
}
