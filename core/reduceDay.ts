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
function voidedIds(events: readonly CustodyEvent[]): Set<string> {
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

function countChild(groups: Record<string, GroupCount>, school: SchoolCount, child: ChildDay, index: RosterIndex) {
  const own = child.groupId ? (groups[child.groupId] ??= emptyGroupCount(index, child.groupId)) : undefined;
  if (child.expectedToday) school.enrolledToday++;
  if (own && child.status !== 'on_leave') own.expected++;
  if (child.expectedToday && child.status !== 'on_leave') school.expected++;
  /** The tallies the school and the child's own group both keep under one name. */
  const tally = (k: keyof SchoolCount & keyof GroupCount) => {
    school[k]++;
    if (own) own[k]++;
  };
  switch (child.status) {
    case 'expected':
      tally('awaiting');
      break;
    case 'handed_off':
      tally('inTransit');
      break;
    case 'in_care': {
      school.inCare++;
      const here = child.place?.kind === 'group' ? child.place.groupId : undefined;
      if (here) (groups[here] ??= emptyGroupCount(index, here)).present++;
      else if (own) own.away++;
      break;
    }
    case 'at_gate':
      tally('atGate');
      break;
    case 'released':
      tally('released');
      break;
    case 'extended_care':
      tally('extendedCare');
      break;
    case 'on_leave':
      tally('onLeave');
      break;
    case 'absent':
      tally(child.absence?.reason ? 'absentWithReason' : 'absentWithoutReason');
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
function settleRollCall(
  roll: { startedAt: number; startedBy: string; endedAt?: number; participants: Set<string>; safe: Set<string> },
  children: Record<string, ChildDay>,
): RollCall {
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
export function endOfDayProblems(state: DayState): { studentId: string; status: ChildDay['status'] }[] {
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

/**
 * @example
 * const state = reduceDay({ roster, day: '2026-11-24', events, now: Date.now() });
 * state.children['s-001'].status   // 'in_care'
 * state.school.onCampus            // children someone must be able to point to right now
 */
export function reduceDay(input: ReduceDayInput): DayState {
  const { roster, day, now } = input;
  const index = indexRoster(roster);
  const ctx: TimeContext = { roster, index, day, now };
  const events = orderEvents(input.events.filter((e) => e.day === day));
  const voided = voidedIds(events);

  const children = new Map<string, ChildDay>();
  for (const s of roster.students) {
    const child = freshChild(index, s, day);
    if (child.expectedToday) children.set(s.id, child);
  }
  const anomalies: Anomaly[] = [];
  const onDuty = new Map<string, StaffDuty>();
  /** `staffId:groupId` of every care sign-in today, a later sign-out included (AN9) */
  const careSignIns = new Set<string>();
  const inspections: Inspection[] = [];
  const acknowledgements: Record<string, Acknowledgement> = {};
  let roll:
    | { startedAt: number; startedBy: string; endedAt?: number; participants: Set<string>; safe: Set<string> }
    | undefined;

  for (const e of events) {
    if (voided.has(e.id) && e.type !== 'corrected') continue;
    if (isStudentEvent(e)) {
      const student = index.students.get(e.studentId);
      if (!student) continue; // the hub refuses unknown children; a kiosk's stale cache may still hold one
      const child = children.get(e.studentId) ?? freshChild(index, student, day);
      const r = applyStudentEvent(child, e, index);
      const link = {
        eventId: e.id,
        type: e.type,
        at: occurredAt(e),
        staffId: e.staffId,
        deviceId: e.deviceId,
        ...(r.ignored ? { ignored: r.ignored } : {}),
      };
      children.set(e.studentId, { ...r.child, chain: [...child.chain, link] });
      anomalies.push(...r.anomalies);
      if (roll && roll.endedAt === undefined) {
        if (ON_CAMPUS.includes(r.child.status)) roll.participants.add(e.studentId);
        if (e.type === 'marked_safe') roll.safe.add(e.studentId);
      }
    } else if (e.type === 'staff_signed_in' || e.type === 'staff_signed_out') {
      applyStaffEvent(onDuty, e);
      if (e.type === 'staff_signed_in' && e.duty === 'care' && e.groupId) careSignIns.add(`${e.staffId}:${e.groupId}`);
    } else if (e.type === 'roll_call_started') {
      // RC1: who must be found is who was on campus at this moment, plus anyone who comes on campus during it.
      if (!roll || roll.endedAt !== undefined) {
        roll = {
          startedAt: occurredAt(e),
          startedBy: e.staffId,
          participants: new Set(
            [...children.values()].filter((c) => ON_CAMPUS.includes(c.status)).map((c) => c.studentId),
          ),
          safe: new Set(),
        };
      }
    } else if (e.type === 'roll_call_ended') {
      if (roll && roll.endedAt === undefined) roll.endedAt = occurredAt(e);
    } else if (e.type === 'alert_acknowledged') {
      acknowledgements[e.alertKey] = { by: e.staffId, at: occurredAt(e), note: e.note, eventId: e.id };
    } else if (e.type === 'headcount_inspected') {
      const r = inspectionOf(e);
      inspections.push(r.inspection);
      if (r.anomaly) anomalies.push(r.anomaly);
    }
  }

  const groups: Record<string, GroupCount> = {};
  const group = (id: string) => (groups[id] ??= emptyGroupCount(index, id));
  const weekday = isoWeekday(day);
  if (isServiceDay(roster.calendar, day)) for (const g of roster.groups) if (g.weekdays.includes(weekday)) group(g.id);
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
  const childRecord: Record<string, ChildDay> = {};
  for (const [id, raw] of children) {
    const grade = index.students.get(id)?.grade ?? 0;
    const child = settleAtDeadline(ctx, raw, grade);
    childRecord[id] = child;
    countChild(groups, school, child, index);
    for (const a of [
      lostInTransit(ctx, child),
      notHandedOff(ctx, child, grade),
      wrongGroup(child),
      leftOnCampus(ctx, child, grade),
      callUnanswered(ctx, child),
    ]) {
      if (a) anomalies.push(a);
    }
  }
  school.onCampus = school.inTransit + school.inCare + school.atGate + school.extendedCare;

  for (const d of onDuty.values()) if (d.duty === 'care' && d.groupId) group(d.groupId).teachers++;
  for (const count of Object.values(groups)) {
    for (const a of [overCapacity(count, now), teacherRatio(count, roster.settings.childrenPerTeacher, now)])
      if (a) anomalies.push(a);
  }
  const meetToday = new Set(
    isServiceDay(roster.calendar, day)
      ? roster.groups.filter((g) => g.weekdays.includes(weekday)).map((g) => g.id)
      : [],
  );
  anomalies.push(...rotaNotSignedIn(ctx, dutyOn(roster, day).care, meetToday, careSignIns));
  if (input.devices) anomalies.push(...kioskHealth(input.devices, roster.settings.kioskOfflineMinutes, now));

  anomalies.sort((a, b) => a.since - b.since || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const withAcks = anomalies.map((a) =>
    acknowledgements[a.key] ? { ...a, acknowledged: acknowledgements[a.key] } : a,
  );
  return {
    day,
    serviceDay: serviceDay(roster.calendar, day),
    now,
    children: childRecord,
    groups,
    school,
    anomalies: withAcks,
    acknowledgements,
    ...(roll ? { rollCall: settleRollCall(roll, childRecord) } : {}),
    onDuty: [...onDuty.values()].sort((a, b) => a.since - b.since || (a.staffId < b.staffId ? -1 : 1)),
    inspections,
    eventCount: events.length,
  };
}
