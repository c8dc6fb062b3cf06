/**
 * The big school of issue #20 (3,000 children by default, BENCH_BIG_SIZE to change it) and a realistic afternoon
 * of it already in today's day file, written in the hub's own NDJSON format (as makeSemester writes the past) before
 * the hub starts: each care teacher signed in to their group, every expected child handed off by its class and
 * checked in to its care group, half of them sent to the gate afterwards and half of those released. A reserve of
 * children is left untouched (a class that finishes late) for the benches to hand off while they measure.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CustodyEvent, StoredEvent } from '../../core/events';
import { reduceDay } from '../../core/reduceDay';
import type { Student } from '../../core/roster';
import { dutyOn } from '../../core/rotas';
import { releaseBlock } from '../../core/safetyRules';
import type { DayState } from '../../core/state';
import type { School } from './school';
import { emptyCopy, seedSchool } from './school';

export const BIG_SIZE = Math.max(1, Number(process.env.BENCH_BIG_SIZE ?? 3000));

/** A demo school of `size` children with `kiosks` tablets paired through the API (bench/lib/school.ts). */
export function seedBigSchool(kiosks: number, size = BIG_SIZE): Promise<School> {
  return seedSchool(kiosks, { size });
}

export interface Afternoon {
  dir: string;
  /** events written into today's file */
  events: number;
  /** at the gate now, a release on their card is not held by a safety note: the gate's next scans */
  atGate: Student[];
  /** expected today and not handed off yet */
  reserve: Student[];
  /** what the hub's reducer makes of the file, counted */
  counts: Record<string, number>;
}

/** Spreads children of every class through a list (the roster is ordered by class). */
function interleave<T>(xs: readonly T[], stride = 37): T[] {
  const out: T[] = [];
  for (let s = 0; s < stride; s++) for (let i = s; i < xs.length; i += stride) out.push(xs[i]!);
  return out;
}

/**
 * A copy of the seeded school whose today holds the afternoon so far, ending a minute before `now`; `reserve`
 * children are kept out of it.
 */
export function afternoonCopy(school: School, name: string, reserve: number, now = Date.now()): Afternoon {
  const { roster, today: day } = school;
  const dir = emptyCopy(school, name);
  const expected = reduceDay({ roster, day, events: [], now }).children;
  const byId = new Map(roster.students.map((s) => [s.id, s]));
  const kids = interleave(Object.keys(expected).map((id) => byId.get(id)!));
  const kept = kids.slice(0, Math.max(0, kids.length - reserve));
  const devices = school.kiosks.map((k) => k.deviceId);
  const start = now - 3 * 3_600_000;
  const events: CustodyEvent[] = [];
  const add = (body: Record<string, unknown>, at: number, device: string, staffId: string) =>
    events.push({
      id: randomUUID(),
      day,
      deviceId: device,
      staffId,
      deviceTime: at,
      clockOffsetMs: 0,
      ...body,
    } as unknown as CustodyEvent);
  // The rota's care teachers sign in to their groups first, each on a tablet of its own.
  const care = dutyOn(roster, day).care;
  let d = 0;
  const careDevice = new Map<string, string>();
  for (const [groupId, staffIds] of Object.entries(care))
    for (const staffId of staffIds) {
      const device = devices[d++ % devices.length]!;
      careDevice.set(groupId, device);
      add({ type: 'staff_signed_in', duty: 'care', groupId }, start - 60_000, device, staffId);
    }
  const staffOf = (groupId: string) => care[groupId]?.[0] ?? 'care-1a';
  const n = kept.length;
  kept.forEach((s, i) => {
    const g = s.groupId!;
    const card = { kind: 'card', cardId: s.cardId! };
    const classDevice = devices[(i * 7) % devices.length]!;
    const room = careDevice.get(g) ?? classDevice;
    const handedOff = start + Math.floor((i * 30 * 60_000) / n);
    add({ type: 'handed_off', studentId: s.id, source: card, toGroupId: g }, handedOff, classDevice, 'care-1a');
    add({ type: 'checked_in', studentId: s.id, source: card, groupId: g }, handedOff + 180_000, room, staffOf(g));
    if (i % 2 === 0) {
      const sent = start + 2 * 3_600_000 + Math.floor((i * 50 * 60_000) / n);
      add({ type: 'sent_to_gate', studentId: s.id, source: { kind: 'group' } }, sent, room, staffOf(g));
      if (i % 4 === 0)
        add(
          {
            type: 'released',
            studentId: s.id,
            source: card,
            how: { kind: 'staff_confirmed', collectedBy: '家长' },
          },
          Math.min(now - 60_000, sent + 180_000),
          devices[0]!,
          'gate-1',
        );
    }
  });
  events.sort((a, b) => a.deviceTime - b.deviceTime);
  const stored = events.map((e, i) => ({ ...e, seq: i + 1, hubTime: e.deviceTime + 50 }) as StoredEvent);
  writeFileSync(path.join(dir, 'events', `${day}.ndjson`), stored.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const state: DayState = reduceDay({ roster, day, events: stored, now });
  const counts: Record<string, number> = {};
  for (const c of Object.values(state.children)) counts[c.status] = (counts[c.status] ?? 0) + 1;
  const atGate = kept.filter(
    (s) =>
      state.children[s.id]?.status === 'at_gate' &&
      !releaseBlock(s, { kind: 'staff_confirmed', collectedBy: '家长' }, () => undefined),
  );
  return { dir, events: stored.length, atGate, reserve: kids.slice(kept.length), counts };
}
