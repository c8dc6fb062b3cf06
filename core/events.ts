/**
 * Custody events: the one log that is the truth. A kiosk (or the office) writes an event with an id it makes
 * itself, the hub stores it once by that id, and the reducer turns the day's events into state. Event names
 * are in the past tense: they record what a person saw happen.
 */
import { z } from 'zod';
import { DAY_PATTERN, HHMM_PATTERN } from './time';
import { PickupPlanSchema } from './roster';

const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/);
const Text = (max: number) => z.string().trim().min(1).max(max);
/** 2020-01-01 … 2100-01-01: a device time outside this is a broken clock, not a moment */
const Instant = z.number().int().min(1_577_836_800_000).max(4_102_444_800_000);
const MAX_CLOCK_OFFSET_MS = 7 * 86_400_000;

/** How the child was identified. Without a card the reason is recorded, so the office can reprint lost cards. */
export const SourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('card'), cardId: Text(32) }),
  /** picked by name or 学号 on the kiosk; `reason` e.g. 忘带卡 (forgot the card) */
  z.strictObject({ kind: z.literal('manual'), reason: Text(100) }),
  /** a group action: a whole class handed over jointly, a group sent to the gate */
  z.strictObject({ kind: z.literal('group') }),
]);
export type Source = z.infer<typeof SourceSchema>;

/** Where a child in care is: its group's room, a club room, or the nurse. */
export const PlaceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('group'), groupId: Id }),
  z.strictObject({ kind: z.literal('club'), clubId: Id }),
  z.strictObject({ kind: z.literal('nurse') }),
]);
export type Place = z.infer<typeof PlaceSchema>;

/** How the gate released a child. */
export const ReleaseHowSchema = z.discriminatedUnion('kind', [
  /** the guardian's pickup card was scanned and lists this child */
  z.strictObject({ kind: z.literal('guardian_card'), guardianId: Id, cardId: Text(32) }),
  /** gate staff know the adult and confirm by hand */
  z.strictObject({ kind: z.literal('staff_confirmed'), collectedBy: Text(64) }),
  z.strictObject({ kind: z.literal('bus'), bus: Text(16) }),
  /** walks home alone; only valid with the parents' written permission on file */
  z.strictObject({ kind: z.literal('walks_alone') }),
  /**
   * RC4: handed to a guardian at the assembly point after a roll call found the child safe (Standard Reunification
   * Method): the guardian from the roster when chosen there, and the name as the leader saw it, always.
   */
  z.strictObject({ kind: z.literal('reunified'), guardianId: Id.optional(), collectedBy: Text(64) }),
  /** DG1: 临时代接, the adult the day's `delegate` arrangement (its event id) names, by its one-day code or by name */
  z.strictObject({ kind: z.literal('delegate'), arrangementId: z.uuid(), collectedBy: Text(64) }),
]);
export type ReleaseHow = z.infer<typeof ReleaseHowSchema>;

/** A class teacher's arrangement for one day: who collects early or late, or another way home. */
export const ArrangementSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('early_pickup'), at: z.string().regex(HHMM_PATTERN), collectedBy: Text(64) }),
  z.strictObject({
    kind: z.literal('late_pickup'),
    at: z.string().regex(HHMM_PATTERN),
    collectedBy: z.string().trim().max(64).default(''),
  }),
  z.strictObject({ kind: z.literal('pickup_change'), plan: PickupPlanSchema }),
  /**
   * DG1 临时代接: a named adult collects the child on this one day; `codeHash` is the keyed hash of the one-day
   * pickup code (core/delegation.ts), never the code itself.
   */
  z.strictObject({
    kind: z.literal('delegate'),
    collectedBy: Text(64),
    relation: z.string().trim().max(16).optional(),
    codeHash: z
      .string()
      .regex(/^[a-p]{64}$/)
      .optional(),
  }),
]);
export type Arrangement = z.infer<typeof ArrangementSchema>;

const envelope = {
  /** made on the device (crypto.randomUUID); the key of idempotent ingest */
  id: z.uuid(),
  /** the service day the event belongs to, in the school's zone */
  day: z.string().regex(DAY_PATTERN),
  deviceId: Id,
  /** who acted: every change is attributable to a person and a device */
  staffId: Id,
  /** the device's clock when it happened (ms) */
  deviceTime: Instant,
  /** the device's estimate of hub clock minus device clock; 0 when it never reached the hub */
  clockOffsetMs: z.number().int().min(-MAX_CLOCK_OFFSET_MS).max(MAX_CLOCK_OFFSET_MS).default(0),
};

const studentEvent = { ...envelope, studentId: Id, source: SourceSchema };

export const CustodyEventSchema = z.discriminatedUnion('type', [
  /** 交: the last-lesson teacher sent the child out of class towards its care group */
  z.strictObject({ ...studentEvent, type: z.literal('handed_off'), toGroupId: Id }),
  /**
   * 接/签到: the care teacher received the child into a group. With `jointWithStaffId` the class stayed in its
   * own room and both teachers were present: hand-off and arrival in one step.
   */
  z.strictObject({ ...studentEvent, type: z.literal('checked_in'), groupId: Id, jointWithStaffId: Id.optional() }),
  /** moved during care: to a club room, back to a group, to the nurse */
  z.strictObject({ ...studentEvent, type: z.literal('transferred'), to: PlaceSchema }),
  /** collected from the care room before the end, with who came and why */
  z.strictObject({ ...studentEvent, type: z.literal('picked_up_early'), collectedBy: Text(64), reason: Text(200) }),
  /**
   * 呼叫 (CU22): the guardian is at the gate (their 接送卡 scanned, or the child found by search), or a pickup wave
   * was called; the child's room is asked to send the child. `guardianId` when a guardian's card called.
   */
  z.strictObject({
    ...studentEvent,
    type: z.literal('called_to_gate'),
    guardianId: Id.optional(),
    wave: z.number().int().min(1).max(9).optional(),
  }),
  /** the care teacher walked the child (its group or a pickup wave) to the gate */
  z.strictObject({ ...studentEvent, type: z.literal('sent_to_gate'), wave: z.number().int().min(1).max(9).optional() }),
  /**
   * 离校: left the school's care. `override` (SN2): a release a safety note forbids, allowed by the duty leader whose
   * PIN the hub checked at that tablet (`/api/staff/verify-leader`), with the reason they gave.
   */
  z.strictObject({
    ...studentEvent,
    type: z.literal('released'),
    how: ReleaseHowSchema,
    override: z.strictObject({ staffId: Id, reason: Text(200) }).optional(),
  }),
  /** 延时托管: not collected at the end; a named adult keeps the child in a set place */
  z.strictObject({ ...studentEvent, type: z.literal('extended_care_started'), place: Text(64), adultStaffId: Id }),
  /** 请假 for this day: the child is not expected */
  z.strictObject({
    ...envelope,
    type: z.literal('leave_recorded'),
    studentId: Id,
    reason: z.enum(['sick', 'personal', 'other']),
    note: z.string().trim().max(200).default(''),
  }),
  /** 接送安排 for the day: early or late pickup, or another way home; gate and care room see it */
  z.strictObject({
    ...envelope,
    type: z.literal('arrangement_recorded'),
    studentId: Id,
    arrangement: ArrangementSchema,
    note: z.string().trim().max(200).default(''),
  }),
  /** roll call found the child absent; with a reason it is an excused absence */
  z.strictObject({
    ...envelope,
    type: z.literal('marked_absent'),
    studentId: Id,
    reason: z.string().trim().max(200).optional(),
  }),
  /** voids an earlier event (a wrong child scanned, a mistaken release); the reason is required and kept */
  z.strictObject({ ...envelope, type: z.literal('corrected'), targetId: z.uuid(), reason: Text(200) }),
  /** the duty leader counted a room; the system's count at that moment is kept beside it */
  z.strictObject({
    ...envelope,
    type: z.literal('headcount_inspected'),
    groupId: Id,
    counted: z.number().int().min(0).max(500),
    systemCount: z.number().int().min(0).max(500),
    note: z.string().trim().max(200).default(''),
    /** children the system counts present whom the leader did not see */
    missingStudentIds: z.array(Id).max(100).default([]),
  }),
  /** the duty leader saw an alert and says what was done; the alert stays in the record */
  z.strictObject({
    ...envelope,
    type: z.literal('alert_acknowledged'),
    alertKey: z.string().min(1).max(160),
    note: Text(200),
  }),
  /** emergency roll call: every kiosk becomes an assembly point until it ends */
  z.strictObject({ ...envelope, type: z.literal('roll_call_started') }),
  /** seen at the assembly point during a roll call; changes nothing else about the child */
  z.strictObject({ ...envelope, type: z.literal('marked_safe'), studentId: Id, source: SourceSchema }),
  z.strictObject({ ...envelope, type: z.literal('roll_call_ended') }),
  /** 考勤: a teacher starts a duty; hours and the care-teacher ratio come from these */
  z.strictObject({
    ...envelope,
    type: z.literal('staff_signed_in'),
    duty: z.enum(['care', 'gate', 'bus', 'leader', 'class']),
    groupId: Id.optional(),
  }),
  z.strictObject({
    ...envelope,
    type: z.literal('staff_signed_out'),
    duty: z.enum(['care', 'gate', 'bus', 'leader', 'class']),
    groupId: Id.optional(),
  }),
]);
export type CustodyEvent = z.infer<typeof CustodyEventSchema>;
export type CustodyEventInput = z.input<typeof CustodyEventSchema>;
export type EventType = CustodyEvent['type'];
export type EventOf<T extends EventType> = Extract<CustodyEvent, { type: T }>;

/** Events about one child's whereabouts (the rest are about staff, inspections or corrections). */
export type StudentEvent = Extract<CustodyEvent, { studentId: string }>;
export function isStudentEvent(e: CustodyEvent): e is StudentEvent {
  return 'studentId' in e;
}

/** What the hub adds when it stores an event. */
export interface StoredMeta {
  seq: number;
  hubTime: number;
}
export type StoredEvent = CustodyEvent & StoredMeta;

/** When it happened on the hub's clock: the device's time corrected by the offset it knew. */
export function occurredAt(e: Pick<CustodyEvent, 'deviceTime' | 'clockOffsetMs'>): number {
  return e.deviceTime + e.clockOffsetMs;
}

/**
 * The one order in which every reducer applies events: time on the hub's clock, then id. It depends only on
 * the events themselves, never on when they arrived, so every kiosk and the hub agree on the same log.
 */
export function compareEvents(a: CustodyEvent, b: CustodyEvent): number {
  return occurredAt(a) - occurredAt(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Validation at the edge: a zod error turned into one line a person can act on. */
export function parseEvent(input: unknown): { ok: true; event: CustodyEvent } | { ok: false; issues: string } {
  const r = CustodyEventSchema.safeParse(input);
  if (r.success) return { ok: true, event: r.data };
  const issues = r.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`)
    .join('; ');
  return { ok: false, issues };
}

type EnvelopeKey = 'id' | 'day' | 'deviceId' | 'staffId' | 'deviceTime' | 'clockOffsetMs';
/** An event without its envelope: what a station decides; the envelope is added where the event is made. */
export type EventBody = CustodyEvent extends infer E ? (E extends CustodyEvent ? Omit<E, EnvelopeKey> : never) : never;
