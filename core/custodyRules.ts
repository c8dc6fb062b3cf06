/**
 * How each event moves one child along the custody chain (rules CU3–CU13 of SPEC.md). Every rule is a pure
 * function of the child's day so far and the event; it returns the next child state and what it noticed.
 * An event that cannot apply leaves the state as it was and says why, so nothing recorded is silently lost.
 */
import type { EventOf, StudentEvent } from './events';
import { occurredAt } from './events';
import { isGuardianCard } from './cards';
import { releaseBlock } from './safetyRules';
import type { RosterIndex } from './roster';
import type { Anomaly, AnomalyCode, ChildDay, ChildStatus } from './state';

export interface RuleResult {
  child: ChildDay;
  anomalies: Anomaly[];
  /** set when the event left the state unchanged because it could not apply */
  ignored?: AnomalyCode;
}

type Rule<T extends StudentEvent['type']> = (child: ChildDay, e: EventOf<T>, index: RosterIndex) => RuleResult;

/** Statuses of a child no care teacher has received yet today. */
export const NOT_YET_IN_CARE: readonly ChildStatus[] = ['expected', 'on_leave', 'absent', 'handed_off'];

function anomaly(
  code: AnomalyCode,
  severity: Anomaly['severity'],
  e: StudentEvent,
  detail?: Anomaly['detail'],
): Anomaly {
  return {
    key: `${code}:${e.id}`,
    code,
    severity,
    since: occurredAt(e),
    studentId: e.studentId,
    eventId: e.id,
    ...(detail ? { detail } : {}),
  };
}

function moveTo(child: ChildDay, status: ChildStatus, e: StudentEvent, extra: Partial<ChildDay> = {}): ChildDay {
  const keep = status === 'in_care' ? child : { ...child, place: undefined };
  return { ...keep, ...extra, status, since: occurredAt(e) };
}

/** CU11: after release nothing moves the child; a second release and any later scan are flagged. */
function afterRelease(child: ChildDay, e: StudentEvent): RuleResult | undefined {
  if (child.status !== 'released') return undefined;
  const code: AnomalyCode =
    e.type === 'released' || e.type === 'picked_up_early' ? 'released_twice' : 'scan_after_release';
  return { child, anomalies: [anomaly(code, 'alert', e)], ignored: code };
}

/** CU12: a scan of a child on leave is recorded, and the leave is flagged for the class teacher to check. */
function leaveCheck(child: ChildDay, e: StudentEvent): Anomaly[] {
  return child.status === 'on_leave' ? [anomaly('on_leave_present', 'warning', e)] : [];
}

/** CU3: received although its group does not meet today. (A wrong group is a state, judged in timeRules.) */
function groupCheck(child: ChildDay, groupId: string, e: StudentEvent): Anomaly[] {
  return child.groupId === null ? [anomaly('not_expected_today', 'warning', e, { groupId })] : [];
}

const handedOff: Rule<'handed_off'> = (child, e) => {
  if (child.status === 'handed_off') return { child, anomalies: [] };
  if (!['expected', 'on_leave', 'absent'].includes(child.status)) {
    return {
      child,
      anomalies: [anomaly('out_of_order', 'warning', e, { status: child.status })],
      ignored: 'out_of_order',
    };
  }
  return { child: moveTo(child, 'handed_off', e, { absence: undefined }), anomalies: leaveCheck(child, e) };
};

const checkedIn: Rule<'checked_in'> = (child, e) => {
  if (child.status === 'in_care' && child.place?.kind === 'group' && child.place.groupId === e.groupId)
    return { child, anomalies: [] };
  const anomalies = [...leaveCheck(child, e), ...groupCheck(child, e.groupId, e)];
  return {
    child: moveTo(child, 'in_care', e, { place: { kind: 'group', groupId: e.groupId }, absence: undefined }),
    anomalies,
  };
};

const transferred: Rule<'transferred'> = (child, e) => {
  const anomalies = [...leaveCheck(child, e), ...(e.to.kind === 'group' ? groupCheck(child, e.to.groupId, e) : [])];
  return { child: moveTo(child, 'in_care', e, { place: e.to, absence: undefined }), anomalies };
};

/**
 * CU22: a call to the gate asks the child's room to send the child; custody is unchanged. A call for a child
 * already at the gate is answered at once; a repeated call keeps the first moment, so the minutes waited stay true.
 */
const calledToGate: Rule<'called_to_gate'> = (child, e) => {
  if (child.call && child.call.answeredAt === undefined) return { child, anomalies: [] };
  const call = {
    at: occurredAt(e),
    by: e.staffId,
    deviceId: e.deviceId,
    eventId: e.id,
    ...(e.guardianId ? { guardianId: e.guardianId } : {}),
    ...(e.wave !== undefined ? { wave: e.wave } : {}),
    ...(child.status === 'at_gate' ? { answeredAt: occurredAt(e) } : {}),
  };
  return { child: { ...child, call }, anomalies: [] };
};

/** CU22: the call is answered when the child leaves the room for the gate, or leaves the school's care. */
const answered = (child: ChildDay, e: StudentEvent): Partial<ChildDay> =>
  child.call && child.call.answeredAt === undefined ? { call: { ...child.call, answeredAt: occurredAt(e) } } : {};

const sentToGate: Rule<'sent_to_gate'> = (child, e) => {
  if (child.status === 'at_gate' || child.status === 'extended_care') return { child, anomalies: [] };
  const anomalies = NOT_YET_IN_CARE.includes(child.status) ? [anomaly('never_checked_in', 'warning', e)] : [];
  return { child: moveTo(child, 'at_gate', e, answered(child, e)), anomalies };
};

/** CU8: release must match the pickup plan and, with a guardian card, the card's list of children. */
function releaseChecks(e: EventOf<'released'>, index: RosterIndex, child: ChildDay): Anomaly[] {
  const student = index.students.get(e.studentId);
  const found: Anomaly[] = [];
  if (!student) return found;
  // A change of plan for today (CU19) counts as the plan.
  const change = child.arrangements?.find((a) => a.kind === 'pickup_change');
  const plan = change?.kind === 'pickup_change' ? change.plan : student.pickup;
  if (e.how.kind === 'walks_alone' && plan.kind !== 'walks_alone') {
    found.push(anomaly('release_mismatch', 'alert', e, { plan: plan.kind, how: e.how.kind }));
  } else if (e.how.kind === 'bus' && (plan.kind !== 'bus' || plan.bus !== e.how.bus)) {
    found.push(
      anomaly('release_mismatch', 'warning', e, {
        plan: plan.kind === 'bus' ? `bus ${plan.bus}` : plan.kind,
        how: `bus ${e.how.bus}`,
      }),
    );
  }
  if (e.how.kind === 'reunified') {
    // RC4: a child handed over at the assembly point should have been found safe there first.
    if (!child.chain.some((l) => l.type === 'marked_safe' && !l.ignored))
      found.push(anomaly('reunified_not_safe', 'warning', e));
    const g = e.how.guardianId ? index.guardians.get(e.how.guardianId) : undefined;
    if (e.how.guardianId && !g?.studentIds.includes(e.studentId))
      found.push(anomaly('guardian_not_authorised', 'alert', e, { guardianId: e.how.guardianId }));
  }
  // SN2: a release a safety note forbids is an alert, with the duty leader's override or without one.
  const block = releaseBlock(student, e.how, (id) => index.guardians.get(id)?.name);
  if (block) {
    const why = { rule: block.code, reason: block.zh };
    found.push(
      e.override
        ? anomaly('release_overridden', 'alert', e, { ...why, leaderId: e.override.staffId, note: e.override.reason })
        : anomaly('release_against_note', 'alert', e, why),
    );
  }
  if (e.how.kind === 'guardian_card') {
    const guardian = index.guardians.get(e.how.guardianId);
    if (!guardian || !isGuardianCard(index, guardian, e.how.cardId) || !guardian.studentIds.includes(e.studentId)) {
      found.push(anomaly('guardian_not_authorised', 'alert', e, { guardianId: e.how.guardianId }));
    }
  }
  // DG1: a delegate release names this child's delegate arrangement of today (a voided one is not there).
  if (e.how.kind === 'delegate') {
    const id = e.how.arrangementId;
    if (!child.arrangements?.some((a) => a.kind === 'delegate' && a.eventId === id))
      found.push(anomaly('guardian_not_authorised', 'alert', e, { arrangementId: id }));
  }
  return found;
}

const released: Rule<'released'> = (child, e, index) => {
  const anomalies = [
    ...(NOT_YET_IN_CARE.includes(child.status)
      ? [anomaly('released_without_care', 'alert', e, { status: child.status })]
      : []),
    ...releaseChecks(e, index, child),
  ];
  return {
    child: moveTo(child, 'released', e, { release: { how: e.how, at: occurredAt(e) }, ...answered(child, e) }),
    anomalies,
  };
};

const pickedUpEarly: Rule<'picked_up_early'> = (child, e, index) => {
  const anomalies = NOT_YET_IN_CARE.includes(child.status)
    ? [anomaly('released_without_care', 'alert', e, { status: child.status })]
    : [];
  // SN2: an early pickup from the room is by hand, never with the card: a note it breaks is an alert.
  const block = releaseBlock(index.students.get(e.studentId), { kind: 'staff_confirmed', collectedBy: e.collectedBy });
  if (block) anomalies.push(anomaly('release_against_note', 'alert', e, { rule: block.code, reason: block.zh }));
  const release = {
    how: { kind: 'staff_confirmed' as const, collectedBy: e.collectedBy },
    at: occurredAt(e),
    early: { collectedBy: e.collectedBy, reason: e.reason },
  };
  return { child: moveTo(child, 'released', e, { release, ...answered(child, e) }), anomalies };
};

/** CU10: a child handed off but never received is before care too (as for CU7 and CU8), so it is flagged. */
const extendedCareStarted: Rule<'extended_care_started'> = (child, e) => {
  const anomalies = NOT_YET_IN_CARE.includes(child.status) ? [anomaly('never_checked_in', 'warning', e)] : [];
  return {
    child: moveTo(child, 'extended_care', e, {
      extendedCare: { since: occurredAt(e), place: e.place, adultStaffId: e.adultStaffId },
      ...answered(child, e),
    }),
    anomalies,
  };
};

/** CU12: leave makes a child not expected; leave for a child already here is kept and flagged, not applied. */
const leaveRecorded: Rule<'leave_recorded'> = (child, e) => {
  const leave = { reason: e.reason, note: e.note, eventId: e.id };
  if (child.status === 'expected' || child.status === 'absent') {
    return { child: moveTo(child, 'on_leave', e, { leave, absence: undefined }), anomalies: [] };
  }
  const present = child.status !== 'on_leave' && child.status !== 'released';
  return { child: { ...child, leave }, anomalies: present ? [anomaly('on_leave_present', 'warning', e)] : [] };
};

/** CU13: roll call marks a child absent only if nobody has it; a child handed off stays lost, not absent. */
const markedAbsent: Rule<'marked_absent'> = (child, e) => {
  if (child.status === 'expected' || child.status === 'on_leave' || child.status === 'absent') {
    const reason = e.reason ?? (child.leave ? child.leave.note || child.leave.reason : undefined);
    return {
      child: moveTo(child, 'absent', e, { absence: { ...(reason ? { reason } : {}), eventId: e.id } }),
      anomalies: [],
    };
  }
  return {
    child,
    anomalies: [anomaly('out_of_order', 'warning', e, { status: child.status })],
    ignored: 'out_of_order',
  };
};

const rules: { [T in StudentEvent['type']]: Rule<T> } = {
  handed_off: handedOff,
  checked_in: checkedIn,
  transferred,
  called_to_gate: calledToGate,
  sent_to_gate: sentToGate,
  released,
  picked_up_early: pickedUpEarly,
  extended_care_started: extendedCareStarted,
  leave_recorded: leaveRecorded,
  marked_absent: markedAbsent,
  // Safe at the assembly point says where the child is, not who has it: custody is unchanged (RC2).
  marked_safe: (child) => ({ child, anomalies: [] }),
  // An arrangement informs the gate and the care room; custody is unchanged (CU19).
  arrangement_recorded: (child, e) => ({
    child: {
      ...child,
      arrangements: [
        ...(child.arrangements ?? []).filter((a) => a.kind !== e.arrangement.kind),
        { ...e.arrangement, note: e.note, eventId: e.id },
      ],
    },
    anomalies: [],
  }),
};

/** Applies one event to one child (the event is already de-duplicated, not voided, and in order). */
export function applyStudentEvent(child: ChildDay, e: StudentEvent, index: RosterIndex): RuleResult {
  const stopped =
    e.type === 'leave_recorded' || e.type === 'marked_safe' || e.type === 'arrangement_recorded'
      ? undefined
      : afterRelease(child, e);
  if (stopped) return stopped;
  const rule = rules[e.type] as Rule<typeof e.type>;
  return rule(child, e as never, index);
}
