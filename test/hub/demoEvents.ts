/** Events a kiosk would send for the demo school, built from the roster the hub serves. */
import { randomUUID } from 'node:crypto';
import type { CustodyEventInput } from '../../core/events';
import type { Roster, Student } from '../../core/roster';
import { localDay } from '../../core/time';

export function todayAtSchool(roster: Roster, now = Date.now()): string {
  return localDay(now, roster.settings.timeZone);
}

export function enrolled(roster: Roster): Student[] {
  return roster.students.filter((s) => s.groupId !== null);
}

/** A card-scanned check-in of a child into its own group. */
export function checkIn(roster: Roster, student: Student, deviceId: string, staffId = 'care-1a'): CustodyEventInput {
  return {
    id: randomUUID(),
    day: todayAtSchool(roster),
    deviceId,
    staffId,
    deviceTime: Date.now(),
    clockOffsetMs: 0,
    type: 'checked_in',
    studentId: student.id,
    source: { kind: 'card', cardId: student.cardId! },
    groupId: student.groupId!,
  };
}
