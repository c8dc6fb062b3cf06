/**
 * A gate tablet for the big-school benches (issue #20): a kiosk page in Chromium paired at the gate, the rota's
 * gate teacher signed in, the whole of today synced, then driven by a USB scanner (the keyboard wedge) with its
 * main-thread time read from CDP's Performance.getMetrics (TaskDuration) around each scan.
 *
 * Each scan is timed in two parts. The scan itself: the decision, the write to IndexedDB, the state update and
 * the render, up to the verdict painted and the page idle. Then the sync it starts: the outbox sent, the hub's
 * answer settled, the hub's echo of the event merged and the day rebuilt (KioskModel.reload). To keep the
 * two apart, the bench holds the sync engine's flush until the scan's part is measured, then lets it go.
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import type { Student } from '../../core/roster';
import { demoPairingCode } from '../../test/hub/hubProcess';
import { KEEP_NAMES_SHIM } from './chromium';
import type { CpuProfile } from './profile';
import { startProfile, stopProfile } from './profile';
import type { BenchHub } from './hubs';

/** Patches the page's kiosk model from outside (bench only): counters for the sync, and the flush held on demand. */
const INSTRUMENT = `(() => {
  const m = window.relayKiosk, s = m.sync, w = window;
  w.__hold = false; w.__pending = false; w.__ackSeq = 0; w.__seq = 0; w.__taking = 0; w.__reloading = 0;
  const flush = s.flush.bind(s);
  w.__flush = flush;
  s.flush = () => { if (w.__hold) { w.__pending = true; return Promise.resolve(); } return flush(); };
  const settle = s.settle.bind(s);
  s.settle = (batch, result) => {
    for (const r of result.results) if (typeof r.seq === 'number') w.__ackSeq = Math.max(w.__ackSeq, r.seq);
    return settle(batch, result);
  };
  const take = s.take.bind(s);
  s.take = async (slice) => {
    w.__taking++;
    for (const e of slice.events) w.__seq = Math.max(w.__seq, e.seq);
    try { return await take(slice); } finally { w.__taking--; }
  };
  const reload = m.reload.bind(m);
  m.reload = async () => { w.__reloading++; try { return await reload(); } finally { w.__reloading--; } };
  const scan = m.scan.bind(m);
  w.__scanned = [];
  m.scan = (text) => {
    w.__scanned.push(text);
    w.__inflight = (w.__inflight || 0) + 1;
    return scan(text).then(
      (v) => { w.__inflight--; w.__scanned.push('→ ' + (v ? v.level + ' ' + (v.student && v.student.name) : 'nothing')); return v; },
      (e) => { w.__inflight--; w.__scanned.push('threw: ' + String(e && e.stack || e)); throw e; },
    );
  };
  // What the day feed brought before these counters began.
  return m.db.get('lastSeq:' + m.snapshot().day).then((n) => { w.__seq = Math.max(w.__seq, n || 0); return true; });
})()`;

/** Resolves once the page has settled: nothing sending, nothing unsent, the echo merged, no rebuild running. */
const SETTLED = `(min) => new Promise((resolve, reject) => {
  const m = window.relayKiosk, s = m.sync, w = window;
  const end = Date.now() + 30000;
  const check = () => {
    if (!s.flushing && m.snapshot().sync.unsent === 0 && w.__seq >= Math.max(min, w.__ackSeq) && w.__taking === 0 && w.__reloading === 0)
      return requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => resolve(w.__ackSeq), 0)));
    if (Date.now() > end) return reject(new Error('not settled: ' + JSON.stringify({ flushing: s.flushing, unsent: m.snapshot().sync.unsent, seq: w.__seq, ack: w.__ackSeq, min, taking: w.__taking, reloading: w.__reloading })));
    setTimeout(check, 20);
  };
  check();
})`;

export interface GateTablet {
  mode: string;
  page: Page;
  cdp: CDPSession;
  context: BrowserContext;
}

/** What the renderer's main thread has spent so far, in seconds: all tasks, and script, style and layout in them. */
export const METRICS = ['TaskDuration', 'ScriptDuration', 'RecalcStyleDuration', 'LayoutDuration'] as const;
export type Metrics = Record<(typeof METRICS)[number], number>;
export async function taskSeconds(cdp: CDPSession): Promise<Metrics> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(METRICS.map((k) => [k, metrics.find((m) => m.name === k)?.value ?? 0])) as Metrics;
}
const msBetween = (a: Metrics, b: Metrics) =>
  Object.fromEntries(METRICS.map((k) => [k, (b[k] - a[k]) * 1000])) as Metrics;

/**
 * Pairs a new tablet at the gate (its own browser context: its own IndexedDB), signs in `staffId`, and waits until
 * its copy of the day says `expect` (child statuses counted), i.e. it has the whole day.
 */
export async function openGateTablet(o: {
  context: BrowserContext;
  hub: BenchHub;
  query: string;
  mode: string;
  name: string;
  staffId: string;
  expect: Record<string, number>;
}): Promise<GateTablet> {
  const { context, hub } = o;
  await context.addInitScript(KEEP_NAMES_SHIM);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[gate ${o.mode} page error]`, err.message));
  await page.goto(`https://localhost:${hub.port}/kiosk/${o.query}`);
  await page.getByTestId('pair-code').fill(demoPairingCode(hub));
  await page.getByTestId('pair-name').fill(o.name);
  await page.getByTestId('pair-submit').click();
  await page.getByTestId('station-gate').click({ timeout: 60_000 });
  await page.getByTestId('signin-staff').selectOption(o.staffId);
  await page.getByTestId('signin-pin').fill('2468');
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('verdict').waitFor({ timeout: 60_000 });
  const end = Date.now() + 180_000;
  for (;;) {
    const counts = await page.evaluate(() => {
      const st = (
        window as unknown as {
          relayKiosk: { snapshot(): { dayState?: { children: Record<string, { status: string }> } } };
        }
      ).relayKiosk.snapshot().dayState;
      const c: Record<string, number> = {};
      for (const ch of Object.values(st?.children ?? {})) c[ch.status] = (c[ch.status] ?? 0) + 1;
      return c;
    });
    if (Object.entries(o.expect).every(([k, n]) => counts[k] === n)) break;
    if (Date.now() > end)
      throw new Error(`the gate tablet (${o.mode}) never synced the day: ${JSON.stringify(counts)}`);
    await page.waitForTimeout(250);
  }
  if (!(await page.evaluate(INSTRUMENT))) throw new Error('instrumenting the kiosk failed');
  await page.evaluate(`(${SETTLED})(0)`);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  return { mode: o.mode, page, cdp, context };
}

export interface ScanTiming {
  /** main-thread ms from the first key to the verdict painted and the page idle */
  scanMs: number;
  /** main-thread ms of the sync that follows (send, answer, echo, rebuild) */
  syncMs: number;
  /** the same two split into script, style and layout (ms) */
  scan: Metrics;
  sync: Metrics;
  level: string;
  title: string;
  /** the hub's seq of the scan's event (0 if nothing was written) */
  seq: number;
}

/**
 * The keys of a USB scanner: 4 ms apart by their own time stamps whatever the page is doing, then Enter. Sent over
 * CDP without waiting for each to be handled (Playwright's keyboard waits, so a busy page would spread a scan over
 * seconds and the kiosk would rightly take it for typing); a page busy with a long task gets them queued, as a
 * tablet does from a real scanner.
 */
async function wedgeKeys(cdp: CDPSession, text: string): Promise<void> {
  const t0 = Date.now() / 1000;
  const sent: Promise<unknown>[] = [];
  const key = (k: string, i: number, extra: Record<string, unknown>) => {
    const timestamp = t0 + i * 0.004;
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: k, timestamp, ...extra }));
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: k, timestamp: timestamp + 0.001, ...extra }));
  };
  [...text].forEach((c, i) =>
    key(c, i, {
      text: c,
      unmodifiedText: c,
      code: /[0-9]/.test(c) ? `Digit${c}` : `Key${c.toUpperCase()}`,
      windowsVirtualKeyCode: c.toUpperCase().charCodeAt(0),
    }),
  );
  key('Enter', text.length, { code: 'Enter', windowsVirtualKeyCode: 13, text: '\r', unmodifiedText: '\r' });
  await Promise.all(sent);
}

/** A USB scanner reads the child's card at this tablet: its keys 4 ms apart, then Enter, nothing focused. */
export async function wedgeScan(
  t: GateTablet,
  s: Student,
  profiles?: { scan: CpuProfile[]; sync: CpuProfile[] },
): Promise<ScanTiming> {
  const { page, cdp } = t;
  const prev = await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    const w = window as unknown as { __hold: boolean; relayKiosk: { snapshot(): { verdict?: { at: number } } } };
    w.__hold = true;
    return w.relayKiosk.snapshot().verdict?.at ?? 0;
  });
  if (profiles) await startProfile(cdp);
  const t0 = await taskSeconds(cdp);
  await wedgeKeys(cdp, s.cardId!);
  const shown = await page.evaluate(
    ({ prev, name }) =>
      new Promise<{ level: string; title: string }>((resolve, reject) => {
        type V = { at: number; level: string; title: { zh: string } };
        const m = (window as unknown as { relayKiosk: { snapshot(): { verdict?: V } } }).relayKiosk;
        const painted = () => {
          const v = m.snapshot().verdict;
          return !!v && v.at !== prev && document.querySelector('[data-testid="verdict-name"]')?.textContent === name;
        };
        const done = () => {
          obs.disconnect();
          clearTimeout(timer);
          requestAnimationFrame(() =>
            requestAnimationFrame(() =>
              setTimeout(() => {
                const v = m.snapshot().verdict!;
                resolve({ level: v.level, title: v.title.zh });
              }, 0),
            ),
          );
        };
        const obs = new MutationObserver(() => {
          if (painted()) done();
        });
        const timer = setTimeout(() => {
          obs.disconnect();
          const w = window as unknown as { __scanned: string[]; __inflight: number };
          const scanned = [...w.__scanned.slice(-4), `in flight ${w.__inflight}`];
          reject(
            new Error(
              `no verdict for ${name} (read ${JSON.stringify(scanned)}): ${JSON.stringify(m.snapshot().verdict ?? null).slice(0, 200)}`,
            ),
          );
        }, 20_000);
        obs.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        if (painted()) done();
      }),
    { prev, name: s.name },
  );
  const t1 = await taskSeconds(cdp);
  if (profiles) {
    profiles.scan.push(await stopProfile(cdp));
    await startProfile(cdp);
  }
  await page.evaluate(() => {
    const w = window as unknown as { __hold: boolean; __pending: boolean; __flush: () => Promise<void> };
    w.__hold = false;
    if (w.__pending) {
      w.__pending = false;
      void w.__flush();
    }
  });
  const seq = Number(await page.evaluate(`(${SETTLED})(0)`));
  const t2 = await taskSeconds(cdp);
  if (profiles) profiles.sync.push(await stopProfile(cdp));
  const scan = msBetween(t0, t1),
    sync = msBetween(t1, t2);
  return { scanMs: scan.TaskDuration, syncMs: sync.TaskDuration, scan, sync, ...shown, seq };
}

/** Waits until another tablet has the event `seq` too and has rebuilt its day (not timed). */
export async function settledPast(t: GateTablet, seq: number): Promise<void> {
  await t.page.evaluate(`(${SETTLED})(${seq})`);
}
