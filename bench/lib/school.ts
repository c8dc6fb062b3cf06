/**
 * The data the bench runs on: a demo school made by a real hub start with 200 kiosks paired (the demo's 240
 * children, or a big school of `size` children with the hub's --demo-size, issue #20), and a semester of
 * history (100 service days; 5,000 events a day for the small school, about 4 per enrolled child for a big one)
 * written straight into the day files in the hub's on-disk format (hub/store/eventLog.ts: one NDJSON line per
 * stored event) and, for the naive store, into its one JSON file. Going through the API would take longer than
 * the whole bench.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { StoredEvent } from '../../core/events';
import type { Roster } from '../../core/roster';
import { dutyOn } from '../../core/rotas';
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

/**
 * A fresh hub's demo school with `kioskCount` tablets paired, each with care-1a signed in. `size`: that many
 * children instead of the demo's 240 (the hub's `--demo-size`), for the big school of issue #20.
 */
export async function seedSchool(kioskCount: number, opts: { size?: number } = {}): Promise<School> {
  const dir = benchDir(opts.size ? `seed${opts.size}` : 'seed');
  const hub = await spawnHub(REAL_HUB, dir, opts.size ? { args: ['--demo-size', String(opts.size)] } : {});
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
    if (opts.size && roster.students.length < opts.size * 0.9)
      throw new Error(`asked for a school of ${opts.size}, the hub made ${roster.students.length} children`);
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
/** The small school's day (240 children, ~150 enrolled): the figure the earlier benchmark rows were taken at. */
export const SEMESTER_EVENTS_PER_DAY = 5_000;
/** A day's events per enrolled child: handed off, checked in, sent to the gate, released. */
export const EVENTS_PER_CHILD = 4;

/** The n weekdays before today, oldest first. */
export function pastWeekdays(today: string, n: number): string[] {
  const days: string[] = [];
  for (let d = addDays(today, -1); days.length < n; d = addDays(d, -1)) {
    const wd = new Date(`${d}T12:00:00Z`).getUTCDay();
    if (wd !== 0 && wd !== 6) days.push(d);
  }
  return days.reverse();
}

/** Serialised once, written into as many data folders as needed. */
export interface Semester {
  /** day → the day file's text, oldest first */
  dayFiles: Map<string, string>;
  events: number;
  eventsPerDay: number;
}

/**
 * The school's past days as the hub would have stored them. Each day is every enrolled child's four hand-overs
 * in order (sent out of class, received, walked to the gate, collected), repeated until the day holds
 * `eventsPerDay` events (after the rota's sign-ins): at least 5,000 (the small school's figure, kept so its rows compare with earlier
 * runs), else 4 per enrolled child (3,000 children: ~11,000 a day). `days` defaults to a semester (100).
 */
export function makeSemester(school: School, opts: { days?: number; eventsPerDay?: number } = {}): Semester {
  const kids = enrolled(school.roster);
  const perDay = opts.eventsPerDay ?? Math.max(SEMESTER_EVENTS_PER_DAY, EVENTS_PER_CHILD * kids.length);
  // One event a second as before, or the day's events within three hours for a big school.
  const spacing = Math.min(1000, Math.floor((3 * 3_600_000) / perDay));
  const dayFiles = new Map<string, string>();
  let events = 0;
  const kiosk = school.kiosks[0]!.deviceId;
  for (const day of pastWeekdays(school.today, opts.days ?? SEMESTER_DAYS)) {
    const start = Date.parse(`${day}T08:00:00Z`);
    const lines: string[] = [];
    // The day's rota signs in first (care per group, the gate), as the teachers do at their tablets: the
    // teachers' hours report pays from these.
    const duty = dutyOn(school.roster, day);
    const signIns = [
      ...Object.entries(duty.care).flatMap(([groupId, ids]) =>
        ids.map((staffId) => ({ staffId, duty: 'care', groupId })),
      ),
      ...duty.gate.map((staffId) => ({ staffId, duty: 'gate' })),
    ];
    signIns.forEach((x, j) => {
      const at = start - 600_000 + j * 100;
      const e = {
        id: randomUUID(),
        day,
        deviceId: kiosk,
        deviceTime: at,
        clockOffsetMs: 0,
        type: 'staff_signed_in',
        ...x,
      };
      lines.push(JSON.stringify({ ...e, seq: j + 1, hubTime: at + 50 }));
    });
    const first = lines.length;
    for (let i = 0; i < perDay; i++) {
      const s = kids[i % kids.length]!;
      const base = {
        id: randomUUID(),
        day,
        deviceId: kiosk,
        staffId: 'care-1a',
        deviceTime: start + i * spacing,
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
      const stored = {
        ...base,
        ...body,
        seq: first + i + 1,
        hubTime: start + i * spacing + 50,
      } as unknown as StoredEvent;
      lines.push(JSON.stringify(stored));
    }
    dayFiles.set(day, lines.join('\n') + '\n');
    events += lines.length;
  }
  return { dayFiles, events, eventsPerDay: perDay };
}

/** The naive store's one file, written day by day (a big school's semester is too long for one string). */
function writeNaive(file: string, semester: Semester) {
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, '{"events":[');
    let first = true;
    for (const text of semester.dayFiles.values()) {
      const body = text.trimEnd().split('\n').join(',');
      writeSync(fd, first ? body : `,${body}`);
      first = false;
    }
    writeSync(fd, ']}');
  } finally {
    closeSync(fd);
  }
}

/**
 * A copy of the school with the semester in the real hub's day files, or in the naive store's one file.
 * `days`: only the last that many days of it (a month for the office's reports).
 */
export function semesterCopy(
  school: School,
  semester: Semester,
  name: string,
  store: 'real' | 'naive',
  opts: { days?: number } = {},
): string {
  const dir = emptyCopy(school, name);
  const days = [...semester.dayFiles].slice(opts.days ? -opts.days : 0);
  if (store === 'real') for (const [day, text] of days) writeFileSync(path.join(dir, 'events', `${day}.ndjson`), text);
  else writeNaive(path.join(dir, 'naive-events.json'), { ...semester, dayFiles: new Map(days) });
  return dir;
}
