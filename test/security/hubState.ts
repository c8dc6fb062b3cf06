/** What the security tests compare before and after an attack: the hub's stored events and roster, byte for byte. */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { messages } from '../../core/messages';
import type { Reply, RunningHub } from '../hub/hubProcess';
import { request } from '../hub/hubProcess';

/** A hash of every file of the event log and of the roster file. */
export function storedState(hub: RunningHub): Record<string, string> {
  const out: Record<string, string> = {};
  const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
  const events = path.join(hub.dataDir, 'events');
  if (existsSync(events)) for (const f of readdirSync(events).sort()) out[`events/${f}`] = hash(path.join(events, f));
  out['school.json'] = hash(path.join(hub.dataDir, 'school.json'));
  return out;
}

/** A refusal a person can act on: a known code, and words in Chinese and English. */
export function expectProblem(p: unknown, context: string) {
  const problem = p as { code?: string; zh?: unknown; en?: unknown } | undefined;
  expect(problem?.code !== undefined && problem.code in messages, `${context}: ${JSON.stringify(p)}`).toBe(true);
  expect(typeof problem?.zh === 'string' && problem.zh.length > 0, context).toBe(true);
  expect(typeof problem?.en === 'string' && problem.en.length > 0, context).toBe(true);
}

/** Mainland mobile numbers, bare or spaced: what must never appear in a log. */
export const PHONE_IN_TEXT = /(?<!\d)1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)/;

/** The hub's log after an attack: no crash, no unhandled error, no phone number, none of the given secrets. */
export function expectCleanLog(hub: RunningHub, secrets: readonly string[] = []) {
  const out = hub.output();
  expect(hub.proc.exitCode, 'the hub process is still running').toBeNull();
  expect(out).not.toMatch(/"level":"error"/);
  expect(out).not.toMatch(/Uncaught|UnhandledPromiseRejection|FATAL ERROR|RangeError/);
  expect(out.match(PHONE_IN_TEXT)?.[0] ?? null, 'a phone number in the log').toBeNull();
  for (const s of secrets) expect(out.includes(s), 'a secret in the log').toBe(false);
}

/**
 * hubProcess's request on a fresh connection: a kept-alive socket that the hub closes for idleness just as the
 * next request goes out ends in "socket hang up" on a busy machine, which is a test artefact, not a refusal.
 */
export function req<T = unknown>(
  hub: RunningHub,
  method: string,
  urlPath: string,
  opts: Parameters<typeof request>[3] = {},
): Promise<Reply<T>> {
  return request<T>(hub, method, urlPath, { ...opts, headers: { connection: 'close', ...opts.headers } });
}
