/**
 * The reducer: (roster, day, events, now) → where every child is, headcounts and anomalies.
 * Shared by the hub and every kiosk, so an offline kiosk and the hub compute the same thing from the same log.
 */
import { isServiceDay, serviceDay } from './calendar';
import { applyStudentEvent } from './custodyRules';
import type { CustodyEvent, EventOf } from './events';
import { compareEvents, isStudentEvent, occurredAt } from './events';
import type { Roster, RosterIndex, Student } from './roster';
import { groupCapacity, indexRoster } from './roster';
import type {
  Acknowledgement,
  Anomaly,
  ChildDay,
  DayState,
  DeviceHealth,
  GroupCount,
  Inspection,
  RollCall,
  SchoolCount,
  StaffDuty,
} from './state';
import { ON_CAMPUS } from './state';
import { dutyOn } from './rotas';
import { isoWeekday } from './time';
import type { TimeContext } from './timeRules';
import {
  callUnanswered,
  childTurningPoints,
  kioskHealth,
  leftOnCampus,
  lostInTransit,
  notHandedOff,
  overCapacity,
  pickupDeadline,
  rotaNotSignedIn,
  teacherRatio,
  wrongGroup,
} from './timeRules';

export interface ReduceDayInput {
  roster: Roster;
  /** the service day, YYYY-MM-DD in the school's zone */
  day: string;
  /** that day's events in any order, possibly with repeats */
  events: readonly CustodyEvent[];
  /** the instant to judge time-based rules at (ms) */
  now: number;
  devices?: readonly DeviceHealth[];
}

/** CU1: a child is expected when enrolled in a group that meets on this weekday, on a service day. */
export function todaysGroupId(index: RosterIndex, student: Student, day: string): string | null {
  if (student.groupId === null || !isServiceDay(index.roster.calendar, day)) return null;
  const group = index.groups.get(student.groupId);
  return group && group.weekdays.includes(isoWeekday(day)) ? group.id : null;
}

function freshChild(index: RosterIndex, student: Student, day: string): ChildDay {
  const groupId = todaysGroupId(index, student, day);
  return {
    studentId: student.id,
    groupId,
    expectedToday: groupId !== null,
    status: 'expected',
    since: null,
    chain: [],
  };
}

/**
 * CU2: the same log in any order gives the same result. Events are sorted by (hub-clock time, id) and a
 * repeated id is applied once (the first in that order; the hub never stores two events with one id).
 */
export function orderEvents(events: readonly CustodyEvent[]): CustodyEvent[] {
  const sorted = [...events].sort(compareEvents);
  const seen = new Set<string>();
  return sorted.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
}

/** CU14: a correction voids its target; corrections themselves cannot be voided (the hub refuses that). */
export function voidedIds(events: readonly CustodyEvent[]): Set<string> {
  return new Set(events.filter((e): e is EventOf<'corrected'> => e.type === 'corrected').map((e) => e.targetId));
}

function emptyGroupCount(index: RosterIndex, groupId: string): GroupCount {
  const group = index.groups.get(groupId);
  return {
    groupId,
    expected: 0,
    onLeave: 0,
    inTransit: 0,
    present: 0,
    away: 0,
    atGate: 0,
    released: 0,
    extendedCare: 0,
    absentWithReason: 0,
    absentWithoutReason: 0,
    awaiting: 0,
    capacity: group ? groupCapacity(index, group) : 0,
    teachers: 0,
  };
}

/** The tallies the school and the child's own group both keep under one name. */
type Tally = keyof SchoolCount & keyof GroupCount;
function countBoth(school: SchoolCount, own: GroupCount | undefined, k: Tally) {
  school[k]++;
  if (own) own[k]++;
}

function countChild(groups: Record<string, GroupCount>, school: SchoolCount, child: ChildDay, index: RosterIndex) {
  const own = child.groupId ? (groups[child.groupId] ??= emptyGroupCount(index, child.groupId)) : undefined;
  if (child.expectedToday) school.enrolledToday++;
  if (own && child.status !== 'on_leave') own.expected++;
  if (child.expectedToday && child.status !== 'on_leave') school.expected++;
  switch (child.status) {
    case 'expected':
      countBoth(school, own, 'awaiting');
      break;
    case 'handed_off':
      countBoth(school, own, 'inTransit');
      break;
    case 'in_care': {
      school.inCare++;
      const here = child.place?.kind === 'group' ? child.place.groupId : undefined;
      if (here) (groups[here] ??= emptyGroupCount(index, here)).present++;
      else if (own) own.away++;
      break;
    }
    case 'at_gate':
      countBoth(school, own, 'atGate');
      break;
    case 'released':
      countBoth(school, own, 'released');
      break;
    case 'extended_care':
      countBoth(school, own, 'extendedCare');
      break;
    case 'on_leave':
      countBoth(school, own, 'onLeave');
      break;
    case 'absent':
      countBoth(school, own, child.absence?.reason ? 'absentWithReason' : 'absentWithoutReason');
      break;
  }
}

/** CU15: staff on duty now, from sign-in and sign-out (a later sign-in for the same duty replaces the earlier). */
function applyStaffEvent(onDuty: Map<string, StaffDuty>, e: EventOf<'staff_signed_in'> | EventOf<'staff_signed_out'>) {
  const key = `${e.staffId}:${e.duty}`;
  if (e.type === 'staff_signed_in')
    onDuty.set(key, {
      staffId: e.staffId,
      duty: e.duty,
      ...(e.groupId ? { groupId: e.groupId } : {}),
      since: occurredAt(e),
      deviceId: e.deviceId,
    });
  else onDuty.delete(key);
}

/** AN7: an inspection whose count differs from the system's is kept as a warning against the group. */
function inspectionOf(e: EventOf<'headcount_inspected'>): { inspection: Inspection; anomaly?: Anomaly } {
  const inspection = {
    eventId: e.id,
    groupId: e.groupId,
    counted: e.counted,
    systemCount: e.systemCount,
    staffId: e.staffId,
    at: occurredAt(e),
    note: e.note,
  };
  if (e.counted === e.systemCount) return { inspection };
  return {
    inspection,
    anomaly: {
      key: `headcount_mismatch:${e.id}`,
      code: 'headcount_mismatch',
      severity: 'warning',
      since: occurredAt(e),
      groupId: e.groupId,
      eventId: e.id,
      detail: { counted: e.counted, systemCount: e.systemCount },
    },
  };
}

/** CU16: after the end plus grace, a child never seen is absent (without a reason unless one was given). */
function settleAtDeadline(ctx: TimeContext, child: ChildDay, grade: number): ChildDay {
  if (child.status !== 'expected' || !child.expectedToday) return child;
  const deadline = pickupDeadline(ctx, grade);
  return deadline !== undefined && ctx.now >= deadline
    ? { ...child, status: 'absent', since: deadline, absence: {} }
    : child;
}

/** RC3: unaccounted are the participants neither seen safe nor released. */
function settleRollCall(roll: OpenRoll, children: Record<string, ChildDay>): RollCall {
  const unaccounted = [...roll.participants]
    .filter((id) => !roll.safe.has(id) && children[id]?.status !== 'released')
    .sort()
    .map((id) => {
      const c = children[id]!;
      const last = [...c.chain].reverse().find((l) => !l.ignored && l.type !== 'marked_safe');
      return { studentId: id, status: c.status, ...(c.place ? { place: c.place } : {}), ...(last ? { last } : {}) };
    });
  return {
    startedAt: roll.startedAt,
    startedBy: roll.startedBy,
    ...(roll.endedAt !== undefined ? { endedAt: roll.endedAt } : {}),
    participants: [...roll.participants].sort(),
    safe: [...roll.safe].sort(),
    unaccounted,
  };
}

/**
 * EOD1: the "no child left" check at the end of the day. Every expected child must be released, absent with a
 * reason (leave counts), or in extended care with a named adult.
 */
export function endOfDayProblems(
  state: Pick<DayState, 'children'>,
): { studentId: string; status: ChildDay['status'] }[] {
  return Object.values(state.children)
    .filter((c) => c.expectedToday || c.chain.length > 0)
    .filter((c) => {
      if (c.status === 'released' || c.status === 'on_leave') return false;
      if (c.status === 'extended_care') return !c.extendedCare?.adultStaffId;
      if (c.status === 'absent') return !c.absence?.reason;
      return true;
    })
    .map((c) => ({ studentId: c.studentId, status: c.status }))
    .sort((a, b) => (a.studentId < b.studentId ? -1 : 1));
}

/** A roll call while the day is folded: who takes part and who has been found. */
interface OpenRoll {
  startedAt: number;
  startedBy: string;
  endedAt?: number;
  participants: Set<string>;
  safe: Set<string>;
}

/**
 * What folding the day's events in order builds, before any clock is consulted. Mutable, and owned by one
 * reducer; children's days are never changed in place (each event makes a new ChildDay), so a copy of the maps
 * is a checkpoint (core/dayReducer.ts) and an unchanged child keeps its object from one state to the next.
 */
export interface DayFold {
  children: Map<string, ChildDay>;
  /** what each child's events noticed, in event order */
  childAnomalies: Map<string, readonly Anomaly[]>;
  /** what other events noticed (AN7 inspections) */
  otherAnomalies: Anomaly[];
  onDuty: Map<string, StaffDuty>;
  /** `staffId:groupId` of every care sign-in today, a later sign-out included (AN9) */
  careSignIns: Set<string>;
  inspections: Inspection[];
  acknowledgements: Record<string, Acknowledgement>;
  roll?: OpenRoll;
}

/** The fold of a day before its first event: every child expected today, as yet unseen. */
export function startFold(index: RosterIndex, day: string): DayFold {
  const children = new Map<string, ChildDay>();
  for (const s of index.roster.students) {
    const child = freshChild(index, s, day);
    if (child.expectedToday) children.set(s.id, child);
  }
  return {
    children,
    childAnomalies: new Map(),
    otherAnomalies: [],
    onDuty: new Map(),
    careSignIns: new Set(),
    inspections: [],
    acknowledgements: {},
  };
}

/** A copy that later events can change without touching this one. */
export function copyFold(f: DayFold): DayFold {
  return {
    children: new Map(f.children),
    childAnomalies: new Map(f.childAnomalies),
    otherAnomalies: [...f.otherAnomalies],
    onDuty: new Map(f.onDuty),
    careSignIns: new Set(f.careSignIns),
    inspections: [...f.inspections],
    acknowledgements: { ...f.acknowledgements },
    ...(f.roll ? { roll: { ...f.roll, participants: new Set(f.roll.participants), safe: new Set(f.roll.safe) } } : {}),
  };
}

/** Forgets one child's events: its day starts again as at the start of the day (see core/dayReducer.ts). */
export function resetChild(f: DayFold, index: RosterIndex, day: string, studentId: string) {
  f.childAnomalies.delete(studentId);
  const student = index.students.get(studentId);
  const fresh = student && freshChild(index, student, day);
  if (fresh?.expectedToday) f.children.set(studentId, fresh);
  else f.children.delete(studentId);
}

/** Applies the next event in order (CU2), unless a correction voids it (CU14). */
export function foldEvent(f: DayFold, e: CustodyEvent, index: RosterIndex, day: string, voided: ReadonlySet<string>) {
  if (voided.has(e.id) && e.type !== 'corrected') return;
  if (isStudentEvent(e)) {
    const student = index.students.get(e.studentId);
    if (!student) return; // the hub refuses unknown children; a kiosk's stale cache may still hold one
    const child = f.children.get(e.studentId) ?? freshChild(index, student, day);
    const r = applyStudentEvent(child, e, index);
    const link = {
      eventId: e.id,
      type: e.type,
      at: occurredAt(e),
      staffId: e.staffId,
      deviceId: e.deviceId,
      ...(r.ignored ? { ignored: r.ignored } : {}),
    };
    f.children.set(e.studentId, { ...r.child, chain: [...child.chain, link] });
    if (r.anomalies.length)
      f.childAnomalies.set(e.studentId, [...(f.childAnomalies.get(e.studentId) ?? []), ...r.anomalies]);
    const roll = f.roll;
    if (roll && roll.endedAt === undefined) {
      if (ON_CAMPUS.includes(r.child.status)) roll.participants.add(e.studentId);
      if (e.type === 'marked_safe') roll.safe.add(e.studentId);
    }
  } else if (e.type === 'staff_signed_in' || e.type === 'staff_signed_out') {
    applyStaffEvent(f.onDuty, e);
    if (e.type === 'staff_signed_in' && e.duty === 'care' && e.groupId) f.careSignIns.add(`${e.staffId}:${e.groupId}`);
  } else if (e.type === 'roll_call_started') {
    // RC1: who must be found is who was on campus at this moment, plus anyone who comes on campus during it.
    if (!f.roll || f.roll.endedAt !== undefined) {
      f.roll = {
        startedAt: occurredAt(e),
        startedBy: e.staffId,
        participants: new Set(
          [...f.children.values()].filter((c) => ON_CAMPUS.includes(c.status)).map((c) => c.studentId),
        ),
        safe: new Set(),
      };
    }
  } else if (e.type === 'roll_call_ended') {
    if (f.roll && f.roll.endedAt === undefined) f.roll.endedAt = occurredAt(e);
  } else if (e.type === 'alert_acknowledged') {
    f.acknowledgements[e.alertKey] = { by: e.staffId, at: occurredAt(e), note: e.note, eventId: e.id };
  } else if (e.type === 'headcount_inspected') {
    const r = inspectionOf(e);
    f.inspections.push(r.inspection);
    if (r.anomaly) f.otherAnomalies.push(r.anomaly);
  }
}

/**
 * Settled children (CU16) by the child's day as folded: at each recompute after the deadline the same settled
 * object comes back, so a screen that compares children by identity sees nothing changed.
 */
const settledMemo = new WeakMap<ChildDay, ChildDay>();
function settled(ctx: TimeContext, child: ChildDay, grade: number): ChildDay {
  const memo = settledMemo.get(child);
  if (memo && memo.since !== null && ctx.now >= memo.since) return memo;
  const out = settleAtDeadline(ctx, child, grade);
  if (out !== child) settledMemo.set(child, out);
  return out;
}

/** What the clock says of one child's folded day, and from when until when it keeps saying it. */
export interface ChildVerdict {
  raw: ChildDay;
  child: ChildDay;
  anomalies: Anomaly[];
  from: number;
  until: number;
}

/** Verdicts a reducer keeps from one state to the next (core/dayReducer.ts), by child. */
export type VerdictMemo = Map<string, ChildVerdict>;

function judgeChild(ctx: TimeContext, raw: ChildDay, grade: number): ChildVerdict {
  const child = settled(ctx, raw, grade);
  const anomalies: Anomaly[] = [];
  for (const a of [
    lostInTransit(ctx, child),
    notHandedOff(ctx, child, grade),
    wrongGroup(child),
    leftOnCampus(ctx, child, grade),
    callUnanswered(ctx, child),
  ])
    if (a) anomalies.push(a);
  let from = -Infinity;
  let until = Infinity;
  for (const t of childTurningPoints(ctx, raw, grade)) {
    if (t <= ctx.now) from = Math.max(from, t);
    else until = Math.min(until, t);
  }
  return { raw, child, anomalies, from, until };
}

/** The state at `now` from a fold: the clock's rules (CU16, AN1–AN6, AN9, AN10), headcounts, sorted alerts. */
export function finishDay(
  f: DayFold,
  opts: {
    index: RosterIndex;
    day: string;
    now: number;
    devices?: readonly DeviceHealth[];
    eventCount: number;
    /** kept by the caller between states: a child whose day and turning points did not change is not judged again */
    verdicts?: VerdictMemo;
    /** the last state's children: when not one changed, the same record comes back (screens compare it by identity) */
    previousChildren?: Readonly<Record<string, ChildDay>>;
  },
): DayState {
  const { index, day, now } = opts;
  const roster = index.roster;
  const ctx: TimeContext = { roster, index, day, now };
  const anomalies: Anomaly[] = [...f.otherAnomalies];
  const groups: Record<string, GroupCount> = {};
  const group = (id: string) => (groups[id] ??= emptyGroupCount(index, id));
  const weekday = isoWeekday(day);
  const service = isServiceDay(roster.calendar, day);
  if (service) for (const g of roster.groups) if (g.weekdays.includes(weekday)) group(g.id);
  const school: SchoolCount = {
    enrolledToday: 0,
    expected: 0,
    onCampus: 0,
    inTransit: 0,
    inCare: 0,
    atGate: 0,
    released: 0,
    extendedCare: 0,
    onLeave: 0,
    absentWithReason: 0,
    absentWithoutReason: 0,
    awaiting: 0,
  };
  let childRecord: Record<string, ChildDay> = {};
  const previous = opts.previousChildren;
  let unchanged = previous !== undefined;
  let count = 0;
  // In the roster's order, whatever order the events came in: the same state from every reducer (CU2).
  for (const student of roster.students) {
    const raw = f.children.get(student.id);
    if (!raw) continue;
    const own = f.childAnomalies.get(student.id);
    if (own) anomalies.push(...own);
    let v = opts.verdicts?.get(student.id);
    if (!v || v.raw !== raw || now < v.from || now >= v.until) {
      v = judgeChild(ctx, raw, student.grade);
      opts.verdicts?.set(student.id, v);
    }
    childRecord[student.id] = v.child;
    count++;
    if (unchanged && previous![student.id] !== v.child) unchanged = false;
    countChild(groups, school, v.child, index);
    for (const a of v.anomalies) anomalies.push(a);
  }
  school.onCampus = school.inTransit + school.inCare + school.atGate + school.extendedCare;
  if (unchanged && Object.keys(previous!).length === count) childRecord = previous as Record<string, ChildDay>;

  for (const d of f.onDuty.values()) if (d.duty === 'care' && d.groupId) group(d.groupId).teachers++;
  for (const count of Object.values(groups)) {
    for (const a of [overCapacity(count, now), teacherRatio(count, roster.settings.childrenPerTeacher, now)])
      if (a) anomalies.push(a);
  }
  const meetToday = new Set(service ? roster.groups.filter((g) => g.weekdays.includes(weekday)).map((g) => g.id) : []);
  anomalies.push(...rotaNotSignedIn(ctx, dutyOn(roster, day).care, meetToday, f.careSignIns));
  if (opts.devices) anomalies.push(...kioskHealth(opts.devices, roster.settings.kioskOfflineMinutes, now));

  anomalies.sort((a, b) => a.since - b.since || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const acks = f.acknowledgements;
  const withAcks = anomalies.map((a) => (acks[a.key] ? { ...a, acknowledged: acks[a.key] } : a));
  return {
    day,
    serviceDay: serviceDay(roster.calendar, day),
    now,
    children: childRecord,
    groups,
    school,
    anomalies: withAcks,
    acknowledgements: { ...acks },
    ...(f.roll ? { rollCall: settleRollCall(f.roll, childRecord) } : {}),
    onDuty: [...f.onDuty.values()].sort((a, b) => a.since - b.since || (a.staffId < b.staffId ? -1 : 1)),
    inspections: [...f.inspections],
    eventCount: opts.eventCount,
  };
}

/**
 * The whole day replayed from its log: the reference every faster path is held to (core/dayReducer.ts applies
 * new events to the last state and is proved equal to this by test/core/dayReducer.property.test.ts).
 *
 * @example
 * const state = reduceDay({ roster, day: '2026-11-24', events, now: Date.now() });
 * state.children['s-001'].status   // 'in_care'
 * state.school.onCampus            // children someone must be able to point to right now
 */
export function reduceDay(input: ReduceDayInput): DayState {
  const { roster, day } = input;
  const index = indexRoster(roster);
  const events = orderEvents(input.events.filter((e) => e.day === day));
  const voided = voidedIds(events);
  const fold = startFold(index, day);
  for (const e of events) foldEvent(fold, e, index, day, voided);
  return finishDay(fold, { index, day, now: input.now, devices: input.devices, eventCount: events.length });
}
