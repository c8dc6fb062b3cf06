/**
 * Whether a well-formed event makes sense for this school (CU17 of SPEC.md). The hub runs it at ingest and
 * refuses with a clear reason, which the kiosk keeps in its list of refused records. The kiosk does not run it:
 * it decides each scan from the same roster (kiosk/lib/stationRules.ts) and holds it to the station table
 * (CU20, core/stations.ts) before it writes to its outbox.
 */
import { isServiceDay, serviceDay } from './calendar';
import { lookupCard } from './cards';
import type { CustodyEvent } from './events';
import { isStudentEvent } from './events';
import type { Bilingual, Problem } from './messages';
import { dayRefused, problem } from './messages';
import type { Calendar, RosterIndex } from './roster';
import { addDays, isoWeekday } from './time';

export interface CheckContext {
  /** today on the school's clock */
  today: string;
  /** how far back a late sync may still deliver (an offline kiosk that comes back next week) */
  maxPastDays: number;
  /** how far ahead leave and arrangements may be recorded */
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

/** What may be dated ahead (CU17): leave and the day's arrangements, entered before the day they are for. */
const DATED_AHEAD: ReadonlySet<CustodyEvent['type']> = new Set(['leave_recorded', 'arrangement_recorded']);

/** The first and last day an event of this type may name (CU17): the same window for leave and arrangements. */
export function dayWindow(type: CustodyEvent['type'], ctx: CheckContext): { first: string; last: string } {
  return {
    first: addDays(ctx.today, -ctx.maxPastDays),
    last: addDays(ctx.today, DATED_AHEAD.has(type) ? ctx.maxFutureDays : 0),
  };
}

const WEEKDAY: Bilingual[] = [
  { zh: '周一', en: 'Monday' },
  { zh: '周二', en: 'Tuesday' },
  { zh: '周三', en: 'Wednesday' },
  { zh: '周四', en: 'Thursday' },
  { zh: '周五', en: 'Friday' },
  { zh: '周六', en: 'Saturday' },
  { zh: '周日', en: 'Sunday' },
];

/** Why a day has no service, in words: its weekday, the holiday's name, or the calendar's note. */
function noServiceWhy(calendar: Calendar, day: string): Bilingual {
  const v = serviceDay(calendar, day);
  if (v.reason === 'weekend') return WEEKDAY[isoWeekday(day) - 1]!;
  if (v.note) return { zh: v.note, en: v.reason === 'holiday' ? `holiday ${v.note}` : v.note };
  return v.reason === 'holiday' ? { zh: '假期', en: 'a holiday' } : { zh: '停课', en: 'no service that day' };
}

function dayProblem(index: RosterIndex, e: CustodyEvent, ctx: CheckContext): Problem | undefined {
  // Leave and arrangements are entered ahead of time; everything else happens on the day it names, never later.
  const { first, last } = dayWindow(e.type, ctx);
  const purpose = e.type === 'arrangement_recorded' ? 'arrangement' : e.type === 'leave_recorded' ? 'leave' : 'record';
  const w = { today: ctx.today, first, last, purpose } as const;
  if (e.day < first) return dayRefused(e.day, { kind: 'past', maxPastDays: ctx.maxPastDays }, w);
  if (e.day > last) return dayRefused(e.day, { kind: 'ahead', maxFutureDays: ctx.maxFutureDays }, w);
  const calendar = index.roster.calendar;
  if (!isServiceDay(calendar, e.day))
    return dayRefused(e.day, { kind: 'not_service', why: noServiceWhy(calendar, e.day) }, w);
  return undefined;
}

function cardProblem(index: RosterIndex, e: CustodyEvent): Problem | undefined {
  if (!isStudentEvent(e) || !('source' in e) || e.source.kind !== 'card') return undefined;
  const found = lookupCard(index, e.source.cardId);
  if (!found.ok) return problem(`card_${found.code}`, e.source.cardId);
  // CU22: a call is made with the guardian's 接送卡, which must list the child and be the guardian's named.
  if (e.type === 'called_to_gate' && found.kind === 'guardian')
    return found.guardian.id === e.guardianId && found.guardian.studentIds.includes(e.studentId)
      ? undefined
      : problem('card_mismatch', e.source.cardId);
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
    case 'called_to_gate':
      return e.guardianId && !index.guardians.get(e.guardianId)?.studentIds.includes(e.studentId)
        ? problem('unknown_guardian', e.guardianId)
        : undefined;
    case 'headcount_inspected':
      return groupProblem(index, e.groupId);
    case 'staff_signed_in':
    case 'staff_signed_out':
      return groupProblem(index, e.groupId);
    case 'released': {
      // SN2: only an active duty leader allows a release a safety note forbids.
      if (e.override) {
        const leader = index.staff.get(e.override.staffId);
        if (!leader?.active || !leader.roles.includes('duty_leader'))
          return problem('override_not_leader', e.override.staffId);
      }
      if (e.how.kind === 'reunified')
        return e.how.guardianId && !index.guardians.has(e.how.guardianId)
          ? problem('unknown_guardian', e.how.guardianId)
          : undefined;
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
