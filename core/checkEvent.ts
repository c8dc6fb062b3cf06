/**
 * Whether a well-formed event makes sense for this school (CU17 of SPEC.md). The hub runs it at ingest and
 * refuses with a clear reason, which the kiosk keeps in its list of refused records. The kiosk does not run it:
 * it decides each scan from the same roster (kiosk/lib/stationRules.ts) and holds it to the station table
 * (CU20, core/stations.ts) before it writes to its outbox.
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
    case 'handed_off':
      return groupProblem(index, e.toGroupId);
    case 'checked_in':
      return groupProblem(index, e.groupId) ?? staffProblem(index, e.jointWithStaffId);
    case 'transferred':
      if (e.to.kind === 'group') return groupProblem(index, e.to.groupId);
      if (e.to.kind === 'club' && !index.clubs.has(e.to.clubId)) return problem('unknown_club', e.to.clubId);
      return undefined;
    case 'extended_care_started':
      return staffProblem(index, e.adultStaffId);
    case 'headcount_inspected':
      return groupProblem(index, e.groupId);
    case 'staff_signed_in':
    case 'staff_signed_out':
      return groupProblem(index, e.groupId);
    case 'released': {
      if (e.how.kind !== 'guardian_card') return undefined;
      const found = lookupCard(index, e.how.cardId);
      if (!found.ok) return problem(`card_${found.code}`, e.how.cardId);
      return found.kind === 'guardian' && found.guardian.id === e.how.guardianId
        ? undefined
        : problem('unknown_guardian', e.how.guardianId);
    }
    default:
      return undefined;
  }
}

/**
 * @example checkEvent(indexRoster(roster), event, { today: '2026-11-24', ...DEFAULT_CHECK }) // undefined when fine
 */
export function checkEvent(index: RosterIndex, e: CustodyEvent, ctx: CheckContext): Problem | undefined {
  return (
    staffProblem(index, e.staffId) ??
    dayProblem(index, e, ctx) ??
    studentProblem(index, e) ??
    referenceProblem(index, e)
  );
}

// The station rule (CU20) lives with the stations in ./stations; hub/ingest.ts takes it from here beside CU17.
export type { AssignedStation } from './stations';
export { stationProblem } from './stations';
