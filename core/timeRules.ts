/**
 * Anomalies that depend on the clock and the whole picture rather than on one event (rules AN1–AN10 of SPEC.md).
 * `now` is an argument: the reducer never reads a clock, so the same inputs give the same alerts everywhere.
 */
import { sessionWindow } from './calendar';
import type { Roster, RosterIndex } from './roster';
import { minutesToMs } from './time';
import type { Anomaly, ChildDay, DeviceHealth, GroupCount } from './state';

export interface TimeContext {
  roster: Roster;
  index: RosterIndex;
  day: string;
  now: number;
}

/** End of the child's session plus the grace after which an uncollected child must be in extended care. */
export function pickupDeadline(ctx: TimeContext, grade: number): number | undefined {
  const w = sessionWindow(ctx.roster, ctx.day, grade);
  return w && w.endMs + minutesToMs(ctx.roster.settings.graceMinutes);
}

/** An alert about one child, filed under its own group (AN1, AN2, AN4). */
function childAlert(code: Anomaly['code'], child: ChildDay, since: number): Anomaly {
  return {
    key: `${code}:${child.studentId}`,
    code,
    severity: 'alert',
    since,
    studentId: child.studentId,
    ...(child.groupId ? { groupId: child.groupId } : {}),
  };
}

/**
 * AN10: called to the gate (CU22) and not sent within `callAnswerMinutes`: the guardian is waiting and the room
 * has not answered. Filed under the room the child is in, and keyed by the call, so a later call is a new alert.
 */
export function callUnanswered(ctx: TimeContext, child: ChildDay): Anomaly | undefined {
  const call = child.call;
  if (!call || call.answeredAt !== undefined) return undefined;
  const due = call.at + minutesToMs(ctx.roster.settings.callAnswerMinutes);
  if (ctx.now < due) return undefined;
  const room = child.place?.kind === 'group' ? child.place.groupId : child.groupId;
  return {
    ...childAlert('call_unanswered', child, due),
    key: `call_unanswered:${call.eventId}`,
    ...(room ? { groupId: room } : {}),
    eventId: call.eventId,
  };
}

/** AN1: handed off and not received within the threshold: lost between rooms. */
export function lostInTransit(ctx: TimeContext, child: ChildDay): Anomaly | undefined {
  if (child.status !== 'handed_off' || child.since === null) return undefined;
  const due = child.since + minutesToMs(ctx.roster.settings.transitAlertMinutes);
  if (ctx.now < due) return undefined;
  return childAlert('lost_in_transit', child, due);
}

/** AN2: expected, no leave, neither handed off nor checked in well after the session began. */
export function notHandedOff(ctx: TimeContext, child: ChildDay, grade: number): Anomaly | undefined {
  if (child.status !== 'expected') return undefined;
  const w = sessionWindow(ctx.roster, ctx.day, grade);
  if (!w) return undefined;
  const due = w.startMs + minutesToMs(ctx.roster.settings.notHandedOffAlertMinutes);
  if (ctx.now < due) return undefined;
  return childAlert('not_handed_off', child, due);
}

/** AN3: in care in a group it does not belong to, for as long as it stays there. */
export function wrongGroup(child: ChildDay): Anomaly | undefined {
  if (child.status !== 'in_care' || child.place?.kind !== 'group' || child.groupId === null) return undefined;
  if (child.place.groupId === child.groupId) return undefined;
  return {
    key: `wrong_group:${child.studentId}`,
    code: 'wrong_group',
    severity: 'alert',
    since: child.since ?? 0,
    studentId: child.studentId,
    groupId: child.place.groupId,
    detail: { expectedGroupId: child.groupId },
  };
}

/** AN4 (滞留): still on campus without a named adult after the end plus grace. */
export function leftOnCampus(ctx: TimeContext, child: ChildDay, grade: number): Anomaly | undefined {
  if (child.status !== 'handed_off' && child.status !== 'in_care' && child.status !== 'at_gate') return undefined;
  const deadline = pickupDeadline(ctx, grade);
  if (deadline === undefined || ctx.now < deadline) return undefined;
  return childAlert('left_on_campus', child, deadline);
}

/**
 * The instants at which the clock's verdict on one child can change (CU16, AN1, AN2, AN4, AN10): between two of
 * them the child's settled state and its time-based alerts stay as they are, so a reducer judges the child again
 * only when its day changed or `now` crossed one (core/reduceDay.ts judgeChild). A rule added above that reads
 * `ctx.now` for a child must add its instant here.
 */
export function childTurningPoints(ctx: TimeContext, child: ChildDay, grade: number): number[] {
  const s = ctx.roster.settings;
  const points: number[] = [];
  const w = sessionWindow(ctx.roster, ctx.day, grade);
  if (w) points.push(w.startMs + minutesToMs(s.notHandedOffAlertMinutes), w.endMs + minutesToMs(s.graceMinutes));
  if (child.since !== null) points.push(child.since + minutesToMs(s.transitAlertMinutes));
  if (child.call) points.push(child.call.at + minutesToMs(s.callAnswerMinutes));
  return points;
}

/** AN5: more children in the room than the group or the room allows. */
export function overCapacity(count: GroupCount, now: number): Anomaly | undefined {
  if (count.present <= count.capacity) return undefined;
  return {
    key: `over_capacity:${count.groupId}`,
    code: 'over_capacity',
    severity: 'alert',
    since: now,
    groupId: count.groupId,
    detail: { present: count.present, capacity: count.capacity },
  };
}

/** AN6: fewer care teachers signed in than the ratio requires (one per `childrenPerTeacher`). */
export function teacherRatio(count: GroupCount, childrenPerTeacher: number, now: number): Anomaly | undefined {
  if (count.present === 0) return undefined;
  const needed = Math.ceil(count.present / childrenPerTeacher);
  if (count.teachers >= needed) return undefined;
  return {
    key: `teacher_ratio:${count.groupId}`,
    code: 'teacher_ratio',
    severity: 'warning',
    since: now,
    groupId: count.groupId,
    detail: { present: count.present, teachers: count.teachers, needed },
  };
}

/**
 * AN9: the rota's care teacher for a group (the day's swaps applied, the rota of that day: R3) has not signed in
 * for it `notHandedOffAlertMinutes` after the group's first session began: a room of children may have no adult.
 * `signedIn` holds `staffId:groupId` of every care sign-in of the day, kept even after a sign-out.
 */
export function rotaNotSignedIn(
  ctx: TimeContext,
  rota: Record<string, readonly string[]>,
  meets: ReadonlySet<string>,
  signedIn: ReadonlySet<string>,
): Anomaly[] {
  const found: Anomaly[] = [];
  for (const [groupId, staffIds] of Object.entries(rota)) {
    if (!meets.has(groupId)) continue;
    const g = ctx.index.groups.get(groupId);
    if (!g) continue;
    const starts = g.grades
      .map((grade) => sessionWindow(ctx.roster, ctx.day, grade)?.startMs)
      .filter((x): x is number => x !== undefined);
    if (starts.length === 0) continue;
    const due = Math.min(...starts) + minutesToMs(ctx.roster.settings.notHandedOffAlertMinutes);
    if (ctx.now < due) continue;
    for (const staffId of staffIds) {
      if (signedIn.has(`${staffId}:${groupId}`)) continue;
      found.push({
        key: `rota_not_signed_in:${groupId}:${staffId}`,
        code: 'rota_not_signed_in',
        severity: 'warning',
        since: due,
        groupId,
        detail: { staffId },
      });
    }
  }
  return found;
}

/** AN8: a kiosk that has gone quiet, or that holds records the hub has not received. */
export function kioskHealth(devices: readonly DeviceHealth[], offlineMinutes: number, now: number): Anomaly[] {
  const found: Anomaly[] = [];
  for (const d of devices) {
    if (d.revoked) continue;
    const silentSince = d.lastSeen === null ? null : d.lastSeen + minutesToMs(offlineMinutes);
    if (silentSince !== null && now >= silentSince) {
      found.push({
        key: `kiosk_offline:${d.deviceId}`,
        code: 'kiosk_offline',
        severity: 'alert',
        since: silentSince,
        deviceId: d.deviceId,
        detail: { name: d.name },
      });
    }
    if (d.unsent > 0) {
      found.push({
        key: `kiosk_unsent:${d.deviceId}`,
        code: 'kiosk_unsent',
        severity: 'warning',
        since: d.lastSeen ?? now,
        deviceId: d.deviceId,
        detail: { name: d.name, unsent: d.unsent },
      });
    }
  }
  return found;
}
