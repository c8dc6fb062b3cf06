/** The shapes the reducer produces: one child's day, headcounts, anomalies. */
import type { ServiceDayVerdict } from './calendar';
import type { Arrangement, EventType, Place, ReleaseHow } from './events';

/**
 * Where a child is in the custody chain, named as the school says it. Rock's check-in statuses
 * (Pending, NotPresent, Present, CheckedOut) are the model; ours follow the child through three pairs of hands.
 */
export const ChildStatus = {
  /** 应到未到: enrolled for today, no leave, not seen yet */
  expected: 'expected',
  /** 已交出: the class teacher sent the child out; no care teacher has received it yet (in transit) */
  handedOff: 'handed_off',
  /** 看护中: received by a care teacher; `place` says which room, club or the nurse */
  inCare: 'in_care',
  /** 到校门: walked to the gate, not yet collected */
  atGate: 'at_gate',
  /** 已离校: collected by a guardian, on the bus, or walked home with permission */
  released: 'released',
  /** 延时托管: not collected by the end; a named adult keeps the child */
  extendedCare: 'extended_care',
  /** 请假: leave recorded for today; not expected */
  onLeave: 'on_leave',
  /** 缺席: expected but never arrived (marked at roll call, or the session ended without a sighting) */
  absent: 'absent',
} as const;
export type ChildStatus = (typeof ChildStatus)[keyof typeof ChildStatus];

/** Statuses in which the child is on the school's grounds and someone must know where. */
export const ON_CAMPUS: readonly ChildStatus[] = ['handed_off', 'in_care', 'at_gate', 'extended_care'];

export interface ChainLink {
  eventId: string;
  type: EventType;
  at: number;
  staffId: string;
  deviceId: string;
  /** set when the event was recorded but did not change the child's state (e.g. a scan after release) */
  ignored?: AnomalyCode;
}

export interface ChildDay {
  studentId: string;
  /** the care group the child belongs to today; null when its group does not meet today */
  groupId: string | null;
  expectedToday: boolean;
  status: ChildStatus;
  /** when the current status began */
  since: number | null;
  place?: Place;
  leave?: { reason: 'sick' | 'personal' | 'other'; note: string; eventId: string };
  absence?: { reason?: string; eventId?: string };
  release?: { how: ReleaseHow; at: number; early?: { collectedBy: string; reason: string } };
  extendedCare?: { since: number; place: string; adultStaffId: string };
  /**
   * The latest call to the gate (CU22), kept after the child is sent and released so the gate and the board can
   * say how long ago it was called; `answeredAt` is when the room sent the child (or it left another way).
   */
  call?: {
    at: number;
    by: string;
    deviceId: string;
    eventId: string;
    guardianId?: string;
    wave?: number;
    answeredAt?: number;
  };
  /** the day's arrangements, latest of each kind last */
  arrangements?: (Arrangement & { note: string; eventId: string })[];
  /** every event about the child today, in reducer order: the chain of custody */
  chain: ChainLink[];
}

export const AnomalyCode = {
  /** handed off but not received within the transit threshold: lost between rooms */
  lostInTransit: 'lost_in_transit',
  /** expected, no leave, not handed off or checked in well after the session started */
  notHandedOff: 'not_handed_off',
  /** checked in to a group it does not belong to */
  wrongGroup: 'wrong_group',
  /** scanned while leave is recorded for today */
  onLeavePresent: 'on_leave_present',
  /** scanned on a day its group does not meet */
  notExpectedToday: 'not_expected_today',
  /** released (or picked up early) without ever being received into care */
  releasedWithoutCare: 'released_without_care',
  releasedTwice: 'released_twice',
  scanAfterRelease: 'scan_after_release',
  /** sent to the gate or to extended care without ever being checked in */
  neverCheckedIn: 'never_checked_in',
  /** an event that cannot apply in the child's state (e.g. hand-off of a child already in care) */
  outOfOrder: 'out_of_order',
  /** released in a way the pickup plan does not allow (walks alone without permission, another bus) */
  releaseMismatch: 'release_mismatch',
  /** a guardian card was used for a child it does not list */
  guardianNotAuthorised: 'guardian_not_authorised',
  /** 滞留: still on campus (not in extended care) after the end plus grace */
  leftOnCampus: 'left_on_campus',
  overCapacity: 'over_capacity',
  teacherRatio: 'teacher_ratio',
  /** the rota's care teacher for a group has not signed in some minutes after its session began (AN9) */
  rotaNotSignedIn: 'rota_not_signed_in',
  /** called to the gate (CU22) and not sent within `callAnswerMinutes` (AN10) */
  callUnanswered: 'call_unanswered',
  /** SN2: released in a way a safety note forbids (只凭接送卡, 不得交给…) with no duty leader's override */
  releaseAgainstNote: 'release_against_note',
  /** SN2: a release a safety note forbids, allowed by the duty leader's PIN: recorded for the leader to review */
  releaseOverridden: 'release_overridden',
  /** released at the assembly point (RC4) though no roll call marked the child safe first */
  reunifiedNotSafe: 'reunified_not_safe',
  headcountMismatch: 'headcount_mismatch',
  kioskOffline: 'kiosk_offline',
  kioskUnsent: 'kiosk_unsent',
} as const;
export type AnomalyCode = (typeof AnomalyCode)[keyof typeof AnomalyCode];

export interface Anomaly {
  /** stable across recomputations, so an acknowledgement sticks: code plus what it is about */
  key: string;
  code: AnomalyCode;
  /** alert: the duty leader must act now; warning: worth a look */
  severity: 'alert' | 'warning';
  /** when the condition began (ms) */
  since: number;
  studentId?: string;
  groupId?: string;
  deviceId?: string;
  eventId?: string;
  detail?: Record<string, string | number>;
  acknowledged?: Acknowledgement;
}

export interface GroupCount {
  groupId: string;
  /** children of this group expected today (enrolled, group meets, no leave) */
  expected: number;
  onLeave: number;
  /** handed off towards this group, not yet received */
  inTransit: number;
  /** in this group's room now, whichever group they belong to: what the duty leader counts */
  present: number;
  /** this group's children now in a club room or at the nurse */
  away: number;
  atGate: number;
  released: number;
  extendedCare: number;
  absentWithReason: number;
  absentWithoutReason: number;
  /** not seen yet */
  awaiting: number;
  capacity: number;
  /** care teachers signed in for this group now */
  teachers: number;
}

export interface SchoolCount {
  enrolledToday: number;
  expected: number;
  onCampus: number;
  inTransit: number;
  inCare: number;
  atGate: number;
  released: number;
  extendedCare: number;
  onLeave: number;
  absentWithReason: number;
  absentWithoutReason: number;
  awaiting: number;
}

export interface StaffDuty {
  staffId: string;
  duty: string;
  groupId?: string;
  since: number;
  deviceId: string;
}

export interface Inspection {
  eventId: string;
  groupId: string;
  counted: number;
  systemCount: number;
  staffId: string;
  at: number;
  note: string;
}

/** An acknowledgement of an alert by the duty leader, kept in the record. */
export interface Acknowledgement {
  by: string;
  at: number;
  note: string;
  eventId: string;
}

/** The day's (latest) emergency roll call. */
export interface RollCall {
  startedAt: number;
  startedBy: string;
  endedAt?: number;
  /** on campus at the start, or came on campus during it */
  participants: string[];
  safe: string[];
  /** neither seen safe nor released: with where each was last seen */
  unaccounted: { studentId: string; status: ChildStatus; place?: Place; last?: ChainLink }[];
}

export interface DayState {
  day: string;
  serviceDay: ServiceDayVerdict;
  /** the instant the time-based rules were evaluated at */
  now: number;
  children: Record<string, ChildDay>;
  groups: Record<string, GroupCount>;
  school: SchoolCount;
  anomalies: Anomaly[];
  onDuty: StaffDuty[];
  inspections: Inspection[];
  acknowledgements: Record<string, Acknowledgement>;
  rollCall?: RollCall;
  /** events applied (after de-duplication, corrections included) */
  eventCount: number;
}

/** What the hub knows of each kiosk, for the kiosk-health rules. */
export interface DeviceHealth {
  deviceId: string;
  name: string;
  lastSeen: number | null;
  unsent: number;
  revoked: boolean;
  battery?: number;
  station?: string;
}
