/**
 * The demo school's last week, as the kiosks would have written it, so a newcomer opening the office finds
 * sign-in sheets, statistics, fees and teachers' hours with something in them. Every day has the things the
 * office files reports about: leave, an absence without reason, an early pickup, late pickups that went to
 * extended care, and one care teacher who forgot to sign in on the first day (that day's subsidy is lost).
 * Deterministic for a seed, apart from the event ids the caller makes.
 */
import { isServiceDay, sessionTimes } from '../../core/calendar';
import type { CustodyEvent, CustodyEventInput } from '../../core/events';
import { CustodyEventSchema, occurredAt } from '../../core/events';
import type { Guardian, Roster, Student } from '../../core/roster';
import { dutyOn } from '../../core/rotas';
import { addDays, addMinutesToHhmm, isoWeekday, zonedTimeToEpoch } from '../../core/time';
import type { EventLog } from '../store/eventLog';
import { prng } from '../../core/prng';

/** A week of service days. */
export const DEMO_HISTORY_DAYS = 5;

export interface DemoWeekOptions {
  /** the demo's today: history ends the service day before it */
  today: string;
  /** how many service days of history */
  days: number;
  /** the hub's clock: today's session is written as far as it has gone (seedDemoWeek only) */
  now?: number;
  newId: () => string;
  seed?: number;
}

/** The service days before `today`, oldest first. */
export function pastServiceDays(roster: Roster, today: string, count: number): string[] {
  const days: string[] = [];
  for (let d = addDays(today, -1); days.length < count && d > addDays(today, -31); d = addDays(d, -1)) {
    if (isServiceDay(roster.calendar, d)) days.unshift(d);
  }
  return days;
}

/** Share of expected children on leave, absent without a reason, and collected late, each day. */
const LEAVE_SHARE = 0.03;
const ABSENT_SHARE = 0.015;
const LATE_SHARE = 0.02;

export function demoWeekEvents(roster: Roster, opts: DemoWeekOptions): CustodyEventInput[] {
  const rand = prng(opts.seed ?? 20261117);
  const events: CustodyEventInput[] = [];
  pastServiceDays(roster, opts.today, opts.days).forEach((day, dayIndex) =>
    events.push(...demoDayEvents(roster, day, { rand, newId: opts.newId, forgetful: dayIndex === 0 })),
  );
  return events;
}

/**
 * Today as far as it has gone at `now`: leave entered in the morning, the children handed off and checked in
 * when their session began, the teachers signed in. With the demo's times following the clock (openDemoToday)
 * a newcomer at any hour finds children in care, ready to be walked to the gate.
 */
export function demoTodayEvents(
  roster: Roster,
  opts: { today: string; now: number; newId: () => string; seed?: number },
): CustodyEventInput[] {
  if (!isServiceDay(roster.calendar, opts.today)) return [];
  const rand = prng((opts.seed ?? 20261117) + 1);
  return demoDayEvents(roster, opts.today, { rand, newId: opts.newId, forgetful: false }).filter(
    (e) => e.deviceTime + (e.clockOffsetMs ?? 0) <= opts.now - 60_000,
  );
}

/** One service day of the demo school, start to end. `forgetful`: one care teacher forgets to sign in. */
function demoDayEvents(
  roster: Roster,
  day: string,
  opts: { rand: () => number; newId: () => string; forgetful: boolean },
): CustodyEventInput[] {
  const { rand } = opts;
  const tz = roster.settings.timeZone;
  const events: CustodyEventInput[] = [];
  const duty = dutyOn(roster, day);
  // Looked up once a day, not once a child: a school of 3,000 writes about 9,000 events a day (issue #20).
  const minuteEpochs = new Map<string, number>();
  const epochAt = (hhmm: string) => {
    let t = minuteEpochs.get(hhmm);
    if (t === undefined) minuteEpochs.set(hhmm, (t = zonedTimeToEpoch(day, hhmm, tz)));
    return t;
  };
  const headTeachers = new Map(roster.classes.map((c) => [c.id, c.headTeacherId]));
  const cardOfGuardian = guardianCards(roster);
  const childrenOf = new Map<string, Student[]>();
  for (const s of roster.students) {
    if (s.groupId === null) continue;
    const group = childrenOf.get(s.groupId);
    if (group) group.push(s);
    else childrenOf.set(s.groupId, [s]);
  }
  /** an event at HH:MM plus some seconds, from a station's tablet */
  const at = (hhmm: string, deviceId: string, staffId: string, body: Record<string, unknown>) => {
    events.push({
      id: opts.newId(),
      day,
      deviceId,
      staffId,
      deviceTime: epochAt(hhmm) + Math.floor(rand() * 50_000),
      clockOffsetMs: 0,
      ...body,
    } as CustodyEventInput);
  };
  const gateStaff = duty.gate[0] ?? roster.staff.find((s) => s.roles.includes('gate_duty'))?.id;
  if (!gateStaff) return events;
  const latestEnd = roster.groups
    .map((g) => g.grades.map((gr) => sessionTimes(roster.calendar, day, gr)?.end ?? '17:30'))
    .flat()
    .sort()
    .at(-1)!;
  at(addMinutesToHhmm(latestEnd, -10), 'demo-gate', gateStaff, { type: 'staff_signed_in', duty: 'gate' });
  const earliestStart = roster.groups
    .map((g) => g.grades.map((gr) => sessionTimes(roster.calendar, day, gr)?.start ?? '15:30'))
    .flat()
    .sort()[0]!;
  // Leave is entered in the morning, before any session (when the demo's session is at dawn, before that).
  const leaveAt = addMinutesToHhmm(earliestStart, -60) < '08:10' ? addMinutesToHhmm(earliestStart, -60) : '08:10';
  const leaderAt = addMinutesToHhmm(earliestStart, -20) < '15:10' ? addMinutesToHhmm(earliestStart, -20) : '15:10';
  for (const leader of duty.leader)
    at(leaderAt, `leader:${leader}`, leader, { type: 'staff_signed_in', duty: 'leader' });

  for (const group of roster.groups) {
    const times = sessionTimes(roster.calendar, day, group.grades[0]!);
    if (!times || !group.weekdays.includes(isoWeekday(day))) continue;
    const care = duty.care[group.id]?.[0];
    if (!care) continue;
    const careDevice = `demo-care-${group.id}`;
    // The first day, the last group's teacher forgot to sign in: a missed sign-in for the pay sheet.
    const forgot = opts.forgetful && group.id === roster.groups.at(-1)!.id;
    if (!forgot)
      at(addMinutesToHhmm(times.start, -10), careDevice, care, {
        type: 'staff_signed_in',
        duty: 'care',
        groupId: group.id,
      });
    const children = childrenOf.get(group.id) ?? [];
    let earlyDone = false;
    for (const s of children) {
      const classTeacher = headTeachers.get(s.classId) ?? care;
      const card = { kind: 'card', cardId: s.cardId } as const;
      const r = rand();
      if (r < LEAVE_SHARE) {
        at(leaveAt, 'office', classTeacher, {
          type: 'leave_recorded',
          studentId: s.id,
          reason: rand() < 0.6 ? 'sick' : 'personal',
          note: rand() < 0.6 ? '发烧' : '家中有事',
        });
        continue;
      }
      if (r < LEAVE_SHARE + ABSENT_SHARE) {
        at(addMinutesToHhmm(times.start, 15), careDevice, care, { type: 'marked_absent', studentId: s.id });
        continue;
      }
      if (!s.cardId) continue;
      const arrive = addMinutesToHhmm(times.start, Math.floor(rand() * 6) - 3);
      if (group.kind === 'whole_class') {
        at(arrive, careDevice, care, {
          type: 'checked_in',
          studentId: s.id,
          source: card,
          groupId: group.id,
          jointWithStaffId: classTeacher,
        });
      } else {
        at(addMinutesToHhmm(arrive, -4), `demo-class-${s.classId}`, classTeacher, {
          type: 'handed_off',
          studentId: s.id,
          source: card,
          toGroupId: group.id,
        });
        at(arrive, careDevice, care, { type: 'checked_in', studentId: s.id, source: card, groupId: group.id });
      }
      if (!earlyDone && rand() < 0.05) {
        earlyDone = true;
        at(addMinutesToHhmm(times.end, -50), careDevice, care, {
          type: 'picked_up_early',
          studentId: s.id,
          source: card,
          collectedBy: '奶奶',
          reason: '看牙医',
        });
        continue;
      }
      at(times.end, careDevice, care, { type: 'sent_to_gate', studentId: s.id, source: card, wave: s.pickupWave });
      if (rand() < LATE_SHARE) {
        at(addMinutesToHhmm(times.end, roster.settings.graceMinutes), 'demo-gate', gateStaff, {
          type: 'extended_care_started',
          studentId: s.id,
          source: card,
          place: '门卫室',
          adultStaffId: gateStaff,
        });
        at(
          addMinutesToHhmm(times.end, roster.settings.graceMinutes + 10 + Math.floor(rand() * 30)),
          'demo-gate',
          gateStaff,
          {
            type: 'released',
            studentId: s.id,
            source: card,
            how: { kind: 'staff_confirmed', collectedBy: '爸爸（加班晚到）' },
          },
        );
        continue;
      }
      at(addMinutesToHhmm(times.end, 2 + Math.floor(rand() * 10)), 'demo-gate', gateStaff, {
        type: 'released',
        studentId: s.id,
        source: card,
        how: releaseHow(cardOfGuardian, s, rand),
      });
    }
    if (!forgot)
      at(addMinutesToHhmm(times.end, 15), careDevice, care, {
        type: 'staff_signed_out',
        duty: 'care',
        groupId: group.id,
      });
  }
  at(addMinutesToHhmm(latestEnd, 60), 'demo-gate', gateStaff, { type: 'staff_signed_out', duty: 'gate' });
  return events;
}

/** Each child's first guardian with a card, by the child's id. */
function guardianCards(roster: Roster): Map<string, Guardian> {
  const byChild = new Map<string, Guardian>();
  for (const g of roster.guardians)
    if (g.cardId) for (const id of g.studentIds) if (!byChild.has(id)) byChild.set(id, g);
  return byChild;
}

function releaseHow(cardOfGuardian: Map<string, Guardian>, s: Student, rand: () => number): Record<string, unknown> {
  if (s.pickup.kind === 'bus') return { kind: 'bus', bus: s.pickup.bus };
  if (s.pickup.kind === 'walks_alone') return { kind: 'walks_alone' };
  const guardian = cardOfGuardian.get(s.id);
  if (guardian && rand() < 0.7) return { kind: 'guardian_card', guardianId: guardian.id, cardId: guardian.cardId };
  return { kind: 'staff_confirmed', collectedBy: rand() < 0.5 ? '外婆' : '妈妈' };
}

/** Writes the history (and today so far, given `now`) into the log, a day at a time as a kiosk syncing at the end of the day would; returns how many. */
export async function seedDemoWeek(
  roster: Roster,
  log: EventLog<CustodyEvent>,
  opts: DemoWeekOptions,
): Promise<number> {
  const byDay = new Map<string, CustodyEvent[]>();
  const today = opts.now === undefined ? [] : demoTodayEvents(roster, { ...opts, now: opts.now });
  for (const input of [...demoWeekEvents(roster, opts), ...today]) {
    const e = CustodyEventSchema.parse(input);
    const day = byDay.get(e.day);
    if (day) day.push(e);
    else byDay.set(e.day, [e]);
  }
  let n = 0;
  for (const events of byDay.values()) {
    await log.append(
      events,
      events.reduce((latest, e) => Math.max(latest, occurredAt(e)), -Infinity),
    );
    n += events.length;
  }
  return n;
}
