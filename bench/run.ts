/**
 * `npm run bench`: what users feel, against the obvious alternative, in the same run (the machine is shared
 * and noisy, so ratios taken side by side mean more than absolute numbers). Issue #7 grows this into the full
 * suite; for now: durable ingest of a dismissal burst, our group-committed day log against a naive lowdb store
 * (one JSON file, `push` then `write` per event).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { openFileEventLog } from '../hub/store/eventLog';

const RUNS = 5;
const BURST = 2_000;
const KIOSKS = 50;

interface Ev { id: string; day: string; n: number }
const burst = (): Ev[] => Array.from({ length: BURST }, (_, n) => ({ id: randomUUID(), day: '2026-11-24', n }));

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function ours(): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-bench-'));
  const log = await openFileEventLog<Ev>(dir);
  const events = burst();
  const t0 = performance.now();
  // 50 kiosks each send their share one event at a time, concurrently: the worst case for fsync per event.
  await Promise.all(Array.from({ length: KIOSKS }, async (_, k) => {
    for (let i = k; i < events.length; i += KIOSKS) await log.append([events[i]!], Date.now());
  }));
  const seconds = (performance.now() - t0) / 1000;
  await log.close();
  rmSync(dir, { recursive: true, force: true });
  return BURST / seconds;
}

async function naive(): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-bench-'));
  const db = new Low<{ events: Ev[] }>(new JSONFile(path.join(dir, 'db.json')), { events: [] });
  await db.read();
  const events = burst().slice(0, BURST / 4); // the naive store is slow; a quarter burst keeps the bench short
  const t0 = performance.now();
  await Promise.all(Array.from({ length: KIOSKS }, async (_, k) => {
    for (let i = k; i < events.length; i += KIOSKS) { db.data.events.push(events[i]!); await db.write(); }
  }));
  const seconds = (performance.now() - t0) / 1000;
  rmSync(dir, { recursive: true, force: true });
  return events.length / seconds;
}

const a: number[] = [], b: number[] = [], ratio: number[] = [];
for (let r = 0; r < RUNS; r++) {
  const x = await ours();
  const y = await naive();
  a.push(x); b.push(y); ratio.push(x / y);
}
const fmt = (xs: number[]) => `${Math.round(median(xs))} (${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))})`;
console.log(`Durable ingest, ${KIOSKS} concurrent writers, empty log, median of ${RUNS} (min–max), ${os.cpus().length} cores`);
console.log(`| store | events/s |\n|---|---|\n| day log, group commit + fdatasync | ${fmt(a)} |\n| naive lowdb push+write (no fsync) | ${fmt(b)} |\n| ratio | ${median(ratio).toFixed(1)}× |`);
console.log('target: ≥ 5,000 events/s durable in bursts');
