/**
 * Stations, defined once (CU20 of SPEC.md): a tablet's post — the classroom of a class, the care room of a group,
 * or the gate — and the one table of what each station may record. The hub holds a tablet the office gave a
 * station to the table at ingest (`stationProblem`); the kiosk holds every scan verdict to the same table before
 * it writes (kiosk/lib/stationRules.ts), so a kiosk never writes what the hub would refuse from that station.
 *
 * Adding a station: a member of `Station`, its row in `STATION_TABLE` and its case in the converters here (the
 * compiler asks for each; the wire schema takes its kinds from the table), then what a scan does there
 * (kiosk/lib/stationRules.ts, asked for too), its screen (kiosk/ui) and CU20.
 */
import { z } from 'zod';
import type { CustodyEvent, EventOf, EventType, StudentEvent } from './events';
import type { Problem } from './messages';
import { problem } from './messages';
import type { Roster, RosterIndex } from './roster';

/** Where a tablet stands; the kiosk keeps this form (IndexedDB), the hub the wire form below. */
export type Station =
  /** the last-lesson teacher sends children from this class to their care groups */
  | { kind: 'classroom'; classId: string }
  /** the care teacher receives children into this group */
  | { kind: 'care'; groupId: string }
  /** gate duty releases children */
  | { kind: 'gate' };
export type StationKind = Station['kind'];

/** May a station record an event of this type: `true` always, a function when the event meets its condition. */
type Allow<S extends Station, T extends EventType> =
  true | ((e: EventOf<T>, station: S, index: RosterIndex) => boolean);
type Row<S extends Station> = { readonly [T in EventType]?: Allow<S, T> };
export type StationTable = { readonly [K in StationKind]: Row<Extract<Station, { kind: K }>> };

const ofClass = (e: StudentEvent, s: { classId: string }, index: RosterIndex) =>
  index.students.get(e.studentId)?.classId === s.classId;
/** Duty sign-in and sign-out anywhere, but a care room signs in only its own group's teachers. */
const dutyHere = (e: EventOf<'staff_signed_in' | 'staff_signed_out'>, s: Station) =>
  s.kind !== 'care' || e.groupId === undefined || e.groupId === s.groupId;
/** At every station: duty, roll-call safe marks (every kiosk is an assembly point) and corrections. */
const ANYWHERE = { staff_signed_in: dutyHere, staff_signed_out: dutyHere, marked_safe: true, corrected: true } as const;

/**
 * What each station may record (CU20); anything else is `station_mismatch`. The duty leader's and the office's
 * events (roll call, inspections, alerts, arrangements) come from their own sign-ins, never from a station.
 */
export const STATION_TABLE: StationTable = {
  classroom: {
    ...ANYWHERE,
    // The last-lesson teacher hands off, records today's leave, and hands a class that stays over jointly.
    handed_off: ofClass,
    leave_recorded: ofClass,
    checked_in: (e, s, index) => e.jointWithStaffId !== undefined && ofClass(e, s, index),
  },
  care: {
    ...ANYWHERE,
    // Into this group; or, for a released child scanned again, into its own group so the leader hears of it.
    checked_in: (e, s, index) => e.groupId === s.groupId || e.groupId === index.students.get(e.studentId)?.groupId,
    transferred: true,
    picked_up_early: true,
    sent_to_gate: true,
    marked_absent: true,
  },
  gate: { ...ANYWHERE, released: true, extended_care_started: true, called_to_gate: true },
};

/** Longest class or group id the office may give a station. */
export const STATION_REF_MAX_CHARS = 64;

/**
 * The station the office gave a tablet, as stored in access.json and sent over the wire (`PUT
 * /api/admin/devices/:id`, `GET /api/device`): `ref` is the class (classroom) or the group (care room).
 * @example AssignedStationSchema.nullable().parse({ kind: 'care', ref: 'g1' })
 */
export const AssignedStationSchema = z.object({
  kind: z.enum(Object.keys(STATION_TABLE) as [StationKind, ...StationKind[]]),
  ref: z.string().max(STATION_REF_MAX_CHARS).optional(),
});
export type AssignedStation = z.infer<typeof AssignedStationSchema>;

/** @example assignedFromStation({ kind: 'classroom', classId: 'c1' }) // { kind: 'classroom', ref: 'c1' } */
export function assignedFromStation(s: Station): AssignedStation {
  switch (s.kind) {
    case 'classroom':
      return { kind: 'classroom', ref: s.classId };
    case 'care':
      return { kind: 'care', ref: s.groupId };
    case 'gate':
      return { kind: 'gate' };
  }
}

/**
 * The station an assignment names; null for none, and for a classroom or care room without its class or group
 * (the hub never stores one: `assignedStationProblem`).
 * @example stationFromAssigned({ kind: 'care', ref: 'g1' }) // { kind: 'care', groupId: 'g1' }
 */
export function stationFromAssigned(a: AssignedStation | null | undefined): Station | null {
  if (!a) return null;
  switch (a.kind) {
    case 'classroom':
      return a.ref ? { kind: 'classroom', classId: a.ref } : null;
    case 'care':
      return a.ref ? { kind: 'care', groupId: a.ref } : null;
    case 'gate':
      return { kind: 'gate' };
  }
}

/** Whether the office may give a tablet this station: its class or group must be in the roster. */
export function assignedStationProblem(
  roster: Pick<Roster, 'classes' | 'groups'>,
  a: AssignedStation,
): Problem | undefined {
  const known =
    a.kind === 'classroom'
      ? roster.classes.some((c) => c.id === a.ref)
      : a.kind === 'care'
        ? roster.groups.some((g) => g.id === a.ref)
        : true;
  if (known) return undefined;
  return a.kind === 'classroom' ? problem('malformed', `no class ${a.ref}`) : problem('unknown_group', a.ref);
}

/**
 * Whether this station may record the event, by `STATION_TABLE`.
 * @example stationAllows(index, { kind: 'gate' }, release) // true
 */
export function stationAllows(index: RosterIndex, station: Station, e: CustodyEvent): boolean {
  // The row is the station's own kind, so its conditions see the station and the event they were written for.
  const allow = (STATION_TABLE[station.kind] as Row<Station>)[e.type] as Allow<Station, EventType> | undefined;
  return allow === true || (allow !== undefined && allow(e, station, index));
}

/**
 * A tablet the office gave a station records only what that station does (docs/security.md, "stations"), so a
 * stolen or misused kiosk token cannot release children from a classroom or check them into another group. A
 * tablet with no assigned station is not limited here (the teacher picks its station on the tablet); a classroom
 * or care room without its class or group (never stored) may record nothing.
 * @example stationProblem(index, event, { kind: 'gate' }) // undefined for a release, station_mismatch for a hand-off
 */
export function stationProblem(
  index: RosterIndex,
  e: CustodyEvent,
  assigned: AssignedStation | null | undefined,
): Problem | undefined {
  if (!assigned) return undefined;
  const station = stationFromAssigned(assigned);
  if (station && stationAllows(index, station, e)) return undefined;
  return problem('station_mismatch', `${assigned.kind}${assigned.ref ? ` ${assigned.ref}` : ''}: ${e.type}`);
}
