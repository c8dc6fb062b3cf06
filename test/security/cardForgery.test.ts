/**
 * Pickup cards cannot be copied from a tablet (#14): the roster a kiosk or a leader gets holds no card id, only
 * its HMAC under the school's card key (core/cardHash.ts); nothing in it makes a card the hub accepts; and a real
 * card, scanned at a kiosk holding that roster, still identifies the child and releases them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCardId, parseCardId } from '../../core/cardId';
import type { CustodyEvent } from '../../core/events';
import type { SubmitResult } from '../../core/protocol';
import { reduceDay } from '../../core/reduceDay';
import type { Guardian, Roster, Student } from '../../core/roster';
import { indexRoster } from '../../core/roster';
import { decideScan } from '../../kiosk/lib/stationRules';
import { checkIn, todayAtSchool } from '../hub/demoEvents';
import type { RunningHub } from '../hub/hubProcess';
import { readyKiosk, startDemoHub } from '../hub/hubProcess';
import { req } from './hubState';

let hub: RunningHub;
let roster: Roster;
let kiosk: { deviceId: string; token: string };
let views: { who: string; text: string; roster: Roster }[];

beforeAll(async () => {
  ({ hub, roster } = await startDemoHub());
  kiosk = await readyKiosk(hub, ['care-1a', 'gate-1'], '防伪测试平板');
  const leader = (
    await req<{ token: string }>(hub, 'POST', '/api/leader/login', { body: { staffId: 'leader-1', pin: '2468' } })
  ).body.token;
  views = [];
  for (const [who, token] of [
    ['kiosk', kiosk.token],
    ['leader', leader],
  ] as const) {
    const r = await req<{ roster: Roster }>(hub, 'GET', '/api/roster', { token });
    expect(r.status, who).toBe(200);
    views.push({ who, text: JSON.stringify(r.body), roster: r.body.roster });
  }
});
afterAll(async () => {
  await hub?.stop();
});

/** Every card id the office holds: current student and pickup cards and revoked ones. */
function allCardIds(): string[] {
  return [
    ...roster.students.map((s) => s.cardId),
    ...roster.guardians.map((g) => g.cardId),
    ...roster.revokedCards.map((r) => r.cardId),
  ].filter((c): c is string => c !== null);
}

/** Every string in a JSON value, keys included. */
function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      stringsIn(v, out);
    }
  return out;
}

/** What someone holding the tablet's data might try as a card id: every string in it, and card-shaped forms of each. */
function forgeries(view: Roster, tag: string): string[] {
  const found = new Set<string>();
  for (const s of stringsIn(view)) {
    found.add(s);
    found.add(s.slice(0, 18));
    found.add(s.toUpperCase().slice(0, 18));
    // the hashes and the key are hex written as letters a–p: try their bytes as well as the text
    for (const hex of [s, s.replace(/[a-p]/g, (c) => (c.charCodeAt(0) - 97).toString(16))]) {
      if (!/^[0-9a-f]{18,}$/.test(hex)) continue;
      const bytes = Uint8Array.from(
        hex
          .slice(0, 18)
          .match(/../g)!
          .map((h) => parseInt(h, 16)),
      );
      found.add(makeCardId('guardian', tag, bytes));
      found.add(makeCardId('student', tag, bytes));
      found.add(hex.slice(0, 18));
    }
  }
  return [...found].filter((s) => s.length > 0 && s.length <= 32);
}

const envelope = (staffId = 'gate-1') => ({
  id: crypto.randomUUID(),
  day: todayAtSchool(roster),
  deviceId: kiosk.deviceId,
  staffId,
  deviceTime: Date.now(),
  clockOffsetMs: 0,
});

async function submit(events: unknown[]): Promise<string[]> {
  const r = await req<SubmitResult>(hub, 'POST', '/api/events', { token: kiosk.token, body: { events } });
  expect(r.status).toBe(200);
  return r.body.results.map((x) => (x.status === 'rejected' ? x.problem.code : x.status));
}

/** A guardian with a pickup card and an enrolled child, and that child. */
function family(skip: number): { guardian: Guardian; child: Student } {
  const pairs = roster.guardians.flatMap((g) =>
    g.cardId === null
      ? []
      : g.studentIds
          .map((id) => roster.students.find((s) => s.id === id))
          .filter((s): s is Student => s?.groupId != null && s.cardId !== null)
          .map((child) => ({ guardian: g, child })),
  );
  const seen = new Set<string>();
  const distinct = pairs.filter((p) => !seen.has(p.child.id) && seen.add(p.child.id));
  return distinct[skip]!;
}

describe('the roster a tablet or a leader gets', () => {
  it('holds no card id in the clear: no QR string of any card appears anywhere in its JSON', () => {
    const ids = allCardIds();
    expect(ids.length).toBeGreaterThan(100);
    for (const v of views) {
      for (const id of ids) expect(v.text.includes(id), `${v.who} roster holds ${id}`).toBe(false);
      for (const s of stringsIn(v.roster)) expect(parseCardId(s).ok, `${v.who}: ${s} reads as a card`).toBe(false);
      expect(v.roster.students.every((s) => s.cardId === null)).toBe(true);
      expect(v.roster.guardians.every((g) => g.cardId === null)).toBe(true);
      expect(Object.keys(v.roster.cardHashes?.guardians ?? {})).toHaveLength(
        roster.guardians.filter((g) => g.cardId).length,
      );
    }
  });

  it('the office still gets the real ids it prints on the cards', () => {
    expect(roster.cardHashes).toBeUndefined();
    expect(roster.guardians.every((g) => g.cardId && parseCardId(g.cardId).ok)).toBe(true);
  });
});

describe('forging a card from the tablet’s data', () => {
  it('a guardian release with the hash, the key, or anything card-shaped made from them is refused by the hub', async () => {
    const { guardian, child } = family(0);
    expect(await submit([checkIn(roster, child, kiosk.deviceId)])).toEqual(['stored']);
    const view = views.find((v) => v.who === 'kiosk')!.roster;
    const tries = forgeries(view, roster.school.cardTag);
    const release = (cardId: string) => ({
      ...envelope(),
      type: 'released',
      studentId: child.id,
      source: { kind: 'manual', reason: '忘带卡' },
      how: { kind: 'guardian_card', guardianId: guardian.id, cardId },
    });
    for (let i = 0; i < tries.length; i += 400) {
      const codes = await submit(tries.slice(i, i + 400).map(release));
      expect(codes.filter((c) => c === 'stored')).toEqual([]);
    }
    expect(tries).toContain(view.cardHashes?.guardians[guardian.id]?.slice(0, 18));
    // The child was never released by any of them, and the real card still works.
    expect(await submit([release(guardian.cardId!)])).toEqual(['stored']);
  });

  it('a student card made from the tablet’s data is refused too', async () => {
    const { child } = family(1);
    const view = views.find((v) => v.who === 'kiosk')!.roster;
    const tries = forgeries(view, roster.school.cardTag).filter((s) => s.length === 18);
    const codes = await submit(
      tries
        .slice(0, 400)
        .map((cardId) => ({ ...checkIn(roster, child, kiosk.deviceId), source: { kind: 'card', cardId } })),
    );
    expect(codes.filter((c) => c === 'stored')).toEqual([]);
  });
});

describe('a real card at a kiosk holding the hashed roster', () => {
  it('the pickup card and the child’s card are recognised, and the release they make is accepted by the hub', async () => {
    const { guardian, child } = family(2);
    const checkedIn = checkIn(roster, child, kiosk.deviceId) as CustodyEvent;
    expect(await submit([checkedIn])).toEqual(['stored']);
    const view = views.find((v) => v.who === 'kiosk')!.roster;
    const day = todayAtSchool(roster);
    const base = {
      index: indexRoster(view),
      station: { kind: 'gate' } as const,
      day,
      now: Date.now(),
      deviceId: kiosk.deviceId,
      staffId: 'gate-1',
      clockOffsetMs: 0,
      newId: () => crypto.randomUUID(),
      state: reduceDay({ roster: view, day, events: [checkedIn], now: Date.now() }),
    };
    const pickup = decideScan(base, guardian.cardId!);
    expect(pickup.guardian?.guardian.id).toBe(guardian.id);
    expect(pickup.guardian?.cardId).toBe(guardian.cardId);
    const released = decideScan({ ...base, guardianMatch: pickup.guardian }, child.cardId!);
    expect(released.events).toMatchObject([
      {
        type: 'released',
        studentId: child.id,
        source: { kind: 'card', cardId: child.cardId },
        how: { kind: 'guardian_card', guardianId: guardian.id, cardId: guardian.cardId },
      },
    ]);
    expect(await submit(released.events)).toEqual(['stored']);
    // The tablet's own reducer sees a card that matches: no "not authorised" alert for a real pickup card.
    const after = reduceDay({ roster: view, day, events: [checkedIn, ...released.events], now: Date.now() });
    expect(after.children[child.id]?.status).toBe('released');
    expect(after.anomalies.filter((a) => a.code === 'guardian_not_authorised')).toEqual([]);
  });
});
