/**
 * Whether a well-formed event makes sense for this school (CU17 of SPEC.md). The hub runs it at ingest and
 * refuses with a clear reason; a kiosk runs it before it writes to its outbox, so a teacher hears the problem at
 * once instead of after sync.
 */
import { isServiceDay } from './calendar';
import { lookupCard } from './cards';
import type { CustodyEvent } from './events';
import { isStudentEvent } from './events';
import type { Problem } from './messages';
import { problem } from './messages';
import type { RosterIndex } from './roster';
import { addDays } from './time';

export interface CheckContext {
  /** today on the school's clock */
  today: string;
  /** how far back a late sync may still deliver (an offline kiosk that comes back next week) */
  maxPastDays: number;
  /** how far ahead leave may be recorded */
  maxFutureDays: number;
}

export const DEFAULT_CHECK: Omit<CheckContext, 'today'> = { maxPastDays: 14, maxFutureDays: 120 };

function staffProblem(index: RosterIndex, staffId: string | undefined): Problem | undefined {
  if (staffId === undefined) return undefined;
  const staff = index.staff.get(staffId);
  return staff && staff.active ? undefined : problem('unknown_staff', staffId);
}

function groupProblem(index: RosterIndex, groupId: string | undefined): Problem | undefined {
  return groupId === undefined || index.groups.has(groupId) ? undefined : problem('unknown_group', groupId);
}

function dayProblem(index: RosterIndex, e: CustodyEvent, ctx: CheckContext): Problem | undefined {
  // Leave is recorded ahead of time; everything else happens on the day it names, never in the future.
  const latest = addDays(ctx.today, e.type === 'leave_recorded' ? ctx.maxFutureDays : 0);
  if (e.day < addDays(ctx.today, -ctx.maxPastDays) || e.day > latest) return problem('day_out_of_range', e.day);
  if (!isServiceDay(index.roster.calendar, e.day)) return problem('not_service_day', e.day);
  return undefined;
}

function cardProblem(index: RosterIndex, e: CustodyEvent): Problem | undefined {
  if (!isStudentEvent(e) || !('source' in e) || e.source.kind !== 'card') return undefined;
  const found = lookupCard(index, e.source.cardId);
  if (!found.ok) return problem(`card_${found.code}`, e.source.cardId);
  if (found.kind !== 'student' || found.student.id !== e.studentId) return problem('card_mismatch', e.source.cardId);
  return undefined;
}

function studentProblem(index: RosterIndex, e: CustodyEvent): Problem | undefined {
  if (!isStudentEvent(e)) return undefined;
  const student = index.students.get(e.studentId);
  if (!student) return problem('unknown_student', e.studentId);
  if (student.groupId === null) return problem('not_enrolled', e.studentId);
  return cardProblem(index, e);
}

function referenceProblem(index: RosterIndex, e: CustodyEvent): Problem | undefined {
  switch (e.type) {
    case 'handed_off': return groupProblem(index, e.toGroupId);
    case 'checked_in': return groupProblem(index, e.groupId) ?? staffProblem(index, e.jointWithStaffId);
    case 'transferred':
      if (e.to.kind === 'group') return groupProblem(index, e.to.groupId);
      if (e.to.kind === 'club' && !index.clubs.has(e.to.clubId)) return problem('unknown_club', e.to.clubId);
      return undefined;
    case 'extended_care_started': return staffProblem(index, e.adultStaffId);
    case 'headcount_inspected': return groupProblem(index, e.groupId);
    case 'staff_signed_in':
    case 'staff_signed_out': return groupProblem(index, e.groupId);
    case 'released': {
      if (e.how.kind !== 'guardian_card') return undefined;
      const found = lookupCard(index, e.how.cardId);
      if (!found.ok) return problem(`card_${found.code}`, e.how.cardId);
      return found.kind === 'guardian' && found.guardian.id === e.how.guardianId ? undefined : problem('unknown_guardian', e.how.guardianId);
    }
    default: return undefined;
  }
}

/**
 * @example checkEvent(indexRoster(roster), event, { today: '2026-11-24', ...DEFAULT_CHECK }) // undefined when fine
 */
export function checkEvent(index: RosterIndex, e: CustodyEvent, ctx: CheckContext): Problem | undefined {
  return staffProblem(index, e.staffId) ?? dayProblem(index, e, ctx) ?? studentProblem(index, e) ?? referenceProblem(index, e);
}

/** The station the office gave a tablet (classroom of a class, care room of a group, or the gate). */
export interface AssignedStation { kind: 'classroom' | 'care' | 'gate'; ref?: string | undefined }

/**
 * A tablet the office gave a station records only what that station does (docs/security.md, "stations"), so a stolen or misused kiosk
 * token cannot release children from a classroom or check them into another group. What each station may write
 * is what its screens write (kiosk/lib/stationRules.ts and the station panels); duty sign-ins and roll-call
 * scans are allowed everywhere. The duty leader's and the office's events (roll call, inspections, alerts,
 * arrangements) come from their own sign-ins, never from a station. A tablet with no assigned station is not
 * limited here (the teacher picks its station on the tablet).
 * @example stationProblem(index, event, { kind: 'gate' }) // undefined for a release, station_mismatch for a hand-off
 */
export function stationProblem(index: RosterIndex, e: CustodyEvent, station: AssignedStation | null | undefined): Problem | undefined {
  if (!station) return undefined;
  const refuse = problem('station_mismatch', `${station.kind}${station.ref ? ` ${station.ref}` : ''}: ${e.type}`);
  switch (e.type) {
    case 'staff_signed_in':
    case 'staff_signed_out':
      return station.kind === 'care' && e.groupId !== undefined && e.groupId !== station.ref ? refuse : undefined;
    case 'marked_safe':
    case 'corrected':
      return undefined;
    default:
      break;
  }
  const ofClass = () => isStudentEvent(e) && index.students.get(e.studentId)?.classId === station.ref;
  switch (station.kind) {
    case 'classroom':
      // The last-lesson teacher hands off, records today's leave, and hands a class that stays over jointly.
      if (e.type === 'handed_off' || e.type === 'leave_recorded') return ofClass() ? undefined : refuse;
      if (e.type === 'checked_in') return e.jointWithStaffId !== undefined && ofClass() ? undefined : refuse;
      return refuse;
    case 'care':
      // Into this group; or, for a released child scanned again, into its own group so the leader hears of it.
      if (e.type === 'checked_in') return e.groupId === station.ref || e.groupId === index.students.get(e.studentId)?.groupId ? undefined : refuse;
      return ['transferred', 'picked_up_early', 'sent_to_gate', 'marked_absent'].includes(e.type) ? undefined : refuse;
    case 'gate':
      return e.type === 'released' || e.type === 'extended_care_started' ? undefined : refuse;
  }
}
