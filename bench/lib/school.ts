/**
 * The data the bench runs on: a demo school made by a real hub start with 200 kiosks paired, and a semester of
 * history (about 500,000 events over 100 service days) written straight into the day files in the hub's
 * on-disk format (hub/store/eventLog.ts: one NDJSON line per stored event) and, for the naive store, into its
 * one JSON file. Going through the API would take longer than the whole bench.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { StoredEvent } from '../../core/events';
import type { Roster } from '../../core/roster';
import { addDays } from '../../core/time';
import { adminToken, demoPairingCode, request } from '../../test/hub/hubProcess';
import { DEMO_PIN } from '../../hub/demo/demoSchool';
import { enrolled, todayAtSchool } from '../../test/hub/demoEvents';
import { benchDir, copyDir, REAL_HUB, spawnHub } from './hubs';

export interface Kiosk {
  deviceId: string;
  token: string;
}
export interface School {
  dir: string;
  roster: Roster;
  today: string;
  kiosks: Kiosk[];
}

export async function seedSchool(kioskCount: number): Promise<School> {
  const dir = benchDir('seed');
  const hub = await spawnHub(REAL_HUB, dir);
  try {
    const admin = await adminToken(hub);
    const roster = (await request<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: admin })).body.roster;
    const code = demoPairingCode(hub);
    const kiosks: Kiosk[] = [];
    for (let i = 0; i < kioskCount; i++) {
      const r = await request<Kiosk>(hub, 'POST', '/api/pair', { body: { code, name: `平板 ${i + 1}` } });
      if (r.status !== 201) throw new Error(`pairing failed: ${r.status} ${JSON.stringify(r.body)}`);
      kiosks.push({ deviceId: r.body.deviceId, token: r.body.token });
      // the bench's check-ins are care-1a's: the teacher signs in on each tablet, or the hub takes none (CU21)
      const signedIn = await request(hub, 'POST', '/api/staff/sign-in', {
        token: r.body.token,
        body: { staffId: 'care-1a', pin: DEMO_PIN },
      });
      if (signedIn.status !== 200)
        throw new Error(`sign-in failed: ${signedIn.status} ${JSON.stringify(signedIn.body)}`);
    }
    return { dir, roster, today: todayAtSchool(roster), kiosks };
  } finally {
    await hub.stop();
  }
}

/** A copy of the seeded school with no events at all (the demo's seeded week removed). */
export function emptyCopy(school: School, name: string): string {
  const dir = copyDir(school.dir, name);
  rmSync(path.join(dir, 'events'), { recursive: true, force: true });
  mkdirSync(path.join(dir, 'events'));
  rmSync(path.join(dir, 'hub.lock'), { force: true });
  return dir;
}

export const SEMESTER_DAYS = 100;
export const SEMESTER_EVENTS_PER_DAY = 5_000;

/** The 100 weekdays before today, oldest first. */
function pastWeekdays(today: string, n: number): string[] {
  const days: string[] = [];
  for (let d = addDays(today, -1); days.length < n; d = addDays(d, -1)) {
    const wd = new Date(`${d}T12:00:00Z`).getUTCDay();
    if (wd !== 0 && wd !== 6) days.push(d);
  }
  return days.reverse();
}

/** Serialised once, written into as many data folders as needed. */
export interface Semester {
  dayFiles: Map<string, string>;
  naiveJson: string;
  events: number;
}

export function makeSemester(school: School): Semester {
  const kids = enrolled(school.roster);
  const dayFiles = new Map<string, string>();
  const all: string[] = [];
  const kiosk = school.kiosks[0]!.deviceId;
  for (const day of pastWeekdays(school.today, SEMESTER_DAYS)) {
    const start = Date.parse(`${day}T08:00:00Z`);
    const lines: string[] = [];
    for (let i = 0; i < SEMESTER_EVENTS_PER_DAY; i++) {
      const s = kids[i % kids.length]!;
      const base = {
        id: randomUUID(),
        day,
        deviceId: kiosk,
        staffId: 'care-1a',
        deviceTime: start + i * 1000,
        clockOffsetMs: 0,
        studentId: s.id,
        source: { kind: 'card', cardId: s.cardId! },
      };
      // The day's hand-overs in order: sent out of class, received, walked to the gate, collected.
      const step = Math.floor(i / kids.length) % 4;
      const body =
        step === 0
          ? { type: 'handed_off', toGroupId: s.groupId! }
          : step === 1
            ? { type: 'checked_in', groupId: s.groupId! }
            : step === 2
              ? { type: 'sent_to_gate' }
              : { type: 'released', how: { kind: 'staff_confirmed', collectedBy: '家长' } };
      const stored = { ...base, ...body, seq: i + 1, hubTime: start + i * 1000 + 50 } as unknown as StoredEvent;
      lines.push(JSON.stringify(stored));
    }
    dayFiles.set(day, lines.join('\n') + '\n');
    all.push(...lines);
  }
  return { dayFiles, naiveJson: `{"events":[${all.join(',')}]}`, events: all.length };
}

/** A copy of the school with the semester in the real hub's day files, or in the naive store's one file. */
export function semesterCopy(school: School, semester: Semester, name: string, store: 'real' | 'naive'): string {
  const dir = emptyCopy(school, name);
  if (store === 'real')
    for (const [day, text] of semester.dayFiles) writeFileSync(path.join(dir, 'events', `${day}.ndjson`), text);
  else writeFileSync(path.join(dir, 'naive-events.json'), semester.naiveJson);
  return dir;
}
