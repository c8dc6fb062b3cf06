/**
 * The school as the office describes it: rooms, classes, care groups, clubs, staff, students, guardians,
 * the calendar and the thresholds the duty leader works with. Validated with zod wherever it enters
 * (the hub's store, a roster import, the kiosk's cache).
 */
import { z } from 'zod';
import { DAY_PATTERN, DEFAULT_TIME_ZONE, HHMM_PATTERN, isValidTimeZone } from './time';

const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'ids use letters, digits, _ . : -');
const Day = z.string().regex(DAY_PATTERN, 'YYYY-MM-DD');
const Hhmm = z.string().regex(HHMM_PATTERN, 'HH:MM');
const Weekday = z.number().int().min(1).max(7);
const Grade = z.number().int().min(1).max(12);
const Name = z.string().trim().min(1).max(64);

/** How a child goes home. `walks_alone` exists only with the parents' written permission on file. */
export const PickupPlanSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('guardian') }),
  z.object({ kind: z.literal('bus'), bus: z.string().trim().min(1).max(16) }),
  z.object({ kind: z.literal('walks_alone'), permissionOnFile: z.literal(true) }),
]);
export type PickupPlan = z.infer<typeof PickupPlanSchema>;

/** Priority groups named by the policy (留守儿童, 随迁子女, 残疾儿童, 家庭经济困难). */
export const PriorityGroup = {
  leftBehind: 'left_behind',
  migrant: 'migrant',
  disabled: 'disabled',
  lowIncome: 'low_income',
} as const;
export type PriorityGroup = (typeof PriorityGroup)[keyof typeof PriorityGroup];

/**
 * 安全提示 (SN1): short notes the office keeps for a child, shown wherever the child is scanned or chosen and on the
 * leader's child page: a medical or allergy note, a custody note (法院裁定 reference, free text), 只凭接送卡接走, and
 * adults the child must not be given to. A release a note forbids needs the duty leader's PIN (SN2, core/safetyRules.ts).
 */
export const SafetyNotesSchema = z.object({
  medical: z.string().trim().max(120).default(''),
  custody: z.string().trim().max(120).default(''),
  cardOnly: z.boolean().default(false),
  notWith: z.array(z.string().trim().min(1).max(32)).max(5).default([]),
});
export type SafetyNotes = z.infer<typeof SafetyNotesSchema>;
export const NO_SAFETY_NOTES: SafetyNotes = { medical: '', custody: '', cardOnly: false, notWith: [] };

export const StudentSchema = z.object({
  id: Id,
  /** 学号, as the school writes it */
  studentNo: z.string().trim().min(1).max(32),
  name: Name,
  /** Pinyin initials for the kiosk's search (e.g. 张小明 → zxm); filled by the roster import */
  initials: z.string().max(16).default(''),
  grade: Grade,
  classId: Id,
  /** The care group the child is enrolled in this semester; null = not enrolled in after-school service */
  groupId: Id.nullable(),
  pickup: PickupPlanSchema,
  /** Dismissal wave at the gate (1 = first), when the school staggers pickup */
  pickupWave: z.number().int().min(1).max(9).default(1),
  /** The current student card; reprinting replaces it and revokes the old id */
  cardId: z.string().nullable(),
  priority: z.array(z.enum(PriorityGroup)).default([]),
  /** 建档立卡 and other waivers: no fee is charged */
  feeWaiver: z.boolean().default(false),
  /** 安全提示 (SN1); a roster without them has none */
  safety: SafetyNotesSchema.default(NO_SAFETY_NOTES),
});
export type Student = z.infer<typeof StudentSchema>;

/** A person who may collect children, with the pickup card (接送卡) they carry. */
export const GuardianSchema = z.object({
  id: Id,
  name: Name,
  /** 父亲, 母亲, 祖父母 … as the family wrote it */
  relation: z.string().trim().min(1).max(16),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\- ]{5,20}$/, 'phone digits'),
  studentIds: z.array(Id).min(1),
  cardId: z.string().nullable(),
});
export type Guardian = z.infer<typeof GuardianSchema>;

export const RoomSchema = z.object({ id: Id, name: Name, capacity: z.number().int().min(1).max(500) });
export type Room = z.infer<typeof RoomSchema>;

export const ClassSchema = z.object({ id: Id, name: Name, grade: Grade, roomId: Id, headTeacherId: Id.nullable() });
export type SchoolClass = z.infer<typeof ClassSchema>;

/**
 * A care group (课后服务班). `whole_class`: the class stays in its own room and hand-off and arrival are one
 * joint step; `mixed`: children walk in from several classes or grades.
 */
export const CareGroupSchema = z.object({
  id: Id,
  name: Name,
  kind: z.enum(['whole_class', 'mixed']),
  roomId: Id,
  /** At most 45 by policy; the room's own capacity also applies */
  capacity: z.number().int().min(1).max(45),
  grades: z.array(Grade).min(1),
  /** ISO weekdays the group meets (1 = Monday) */
  weekdays: z.array(Weekday).min(1),
});
export type CareGroup = z.infer<typeof CareGroupSchema>;

export const ClubSchema = z.object({ id: Id, name: Name, roomId: Id, weekdays: z.array(Weekday).min(1) });
export type Club = z.infer<typeof ClubSchema>;

export const StaffRole = {
  subjectTeacher: 'subject_teacher',
  classTeacher: 'class_teacher',
  careTeacher: 'care_teacher',
  gateDuty: 'gate_duty',
  dutyLeader: 'duty_leader',
  office: 'office',
} as const;
export type StaffRole = (typeof StaffRole)[keyof typeof StaffRole];

export const StaffSchema = z.object({
  id: Id,
  name: Name,
  roles: z.array(z.enum(StaffRole)).min(1),
  active: z.boolean().default(true),
});
export type Staff = z.infer<typeof StaffSchema>;

/** Session times for some grades, e.g. grades 1–2 15:30–17:30. */
export const SessionTimesSchema = z
  .object({ grades: z.array(Grade).min(1), start: Hhmm, end: Hhmm })
  .refine((s) => s.start < s.end, { message: 'start must be before end' });
export type SessionTimes = z.infer<typeof SessionTimesSchema>;

/** A timetable (e.g. 冬令时 winter, 夏令时 summer) with the per-grade session times. */
export const TimetableSchema = z.object({ id: Id, name: Name, sessions: z.array(SessionTimesSchema).min(1) });
export type Timetable = z.infer<typeof TimetableSchema>;

export const CalendarSchema = z.object({
  /** ISO weekdays with service; the policy's 5+2 means Monday to Friday */
  serviceWeekdays: z.array(Weekday),
  /** Days off (holidays, vacations); inclusive ranges */
  holidays: z.array(z.object({ from: Day, to: Day, name: Name })).default([]),
  /** Single days that override the weekday rule either way ("no service Thursday: staff training", a make-up Saturday) */
  exceptions: z.array(z.object({ day: Day, service: z.boolean(), note: z.string().max(200) })).default([]),
  timetables: z.array(TimetableSchema).min(1),
  /** From which day each timetable applies; the latest switch on or before a day wins; before the first, the first timetable */
  switches: z.array(z.object({ from: Day, timetableId: Id })).default([]),
});
export type Calendar = z.infer<typeof CalendarSchema>;

/** Thresholds for the duty leader's alerts; all are settings the office can change. */
export const SettingsSchema = z.object({
  timeZone: z.string().refine(isValidTimeZone, 'unknown time zone').default(DEFAULT_TIME_ZONE),
  /** Handed off but not checked in after this long: lost between rooms */
  transitAlertMinutes: z.number().int().min(1).max(120).default(5),
  /** Expected, no leave, not handed off this long after the session starts */
  notHandedOffAlertMinutes: z.number().int().min(0).max(120).default(10),
  /** After the session ends, children not collected within this grace go to extended care (延时托管) */
  graceMinutes: z.number().int().min(0).max(180).default(15),
  /** Policy: one care teacher per this many children */
  childrenPerTeacher: z.number().int().min(1).max(100).default(30),
  /** A child called to the gate (CU22) and not sent by its room within this long raises an alert (AN10) */
  callAnswerMinutes: z.number().int().min(1).max(60).default(5),
  /**
   * What the gate board (BD1) shows of a called child's name beside the class: `masked` (the default: 张*三, since
   * the board faces the street) or `full`. The hub masks before sending, so a board never holds the full name.
   */
  boardNames: z.enum(['full', 'masked']).default('masked'),
  /** A kiosk silent this long is reported offline */
  kioskOfflineMinutes: z.number().int().min(1).max(120).default(3),
  /** 课时 length; sessions are charged and paid in lesson-hours */
  lessonMinutes: z.number().int().min(20).max(90).default(40),
  /** fee per student per lesson-hour in yuan (0 where service is free) */
  feePerLessonHour: z.number().min(0).max(50).default(0),
  /** at most this many lesson-hours charged a day */
  maxChargedLessonHoursPerDay: z.number().min(0).max(6).default(2),
  /** semester cap per student in yuan; 0 = none */
  semesterFeeCap: z.number().min(0).max(10_000).default(0),
  /** what each family paid in advance for the period, settled on actual attendance (多退少补) */
  prepaidPerStudent: z.number().min(0).max(10_000).default(0),
  /** care teachers' subsidy per lesson-hour served, in yuan */
  teacherPayPerLessonHour: z.number().min(0).max(500).default(0),
  /** lesson-hours credited for a day of gate or bus duty */
  gateDutyLessonHours: z.number().min(0).max(6).default(1),
  /**
   * How many school years (from 1 September) of custody records the hub keeps (PIPL): 2 = this school year and the
   * one before. Older day files are deleted by the daily purge (hub/retention.ts, docs/privacy.md).
   */
  retentionSchoolYears: z.number().int().min(1).max(10).default(2),
  /**
   * 服务开始日期: the first day the school ran after-school service with Relay. Statistics, fees and teachers'
   * hours count no day before it; unset, they count from the first day with any event in the log (R2 in
   * core/SPEC.md). '' (the default, so a roster saved before it existed stays valid) is unset.
   */
  serviceStartDate: z.union([Day, z.literal('')]).default(''),
});
export type Settings = z.infer<typeof SettingsSchema>;

const Duty = z.enum(['care', 'gate', 'leader']);

/**
 * Who is on duty: a care teacher per group per weekday, gate duty and the duty leader per weekday, and one-day
 * swaps (调代) that replace one person on one day.
 */
export const RotasSchema = z.object({
  care: z.array(z.object({ groupId: Id, weekday: Weekday, staffId: Id })).default([]),
  gate: z.array(z.object({ weekday: Weekday, staffId: Id })).default([]),
  leader: z.array(z.object({ weekday: Weekday, staffId: Id })).default([]),
  swaps: z
    .array(
      z.object({
        day: Day,
        duty: Duty,
        groupId: Id.optional(),
        replaces: Id,
        staffId: Id,
        note: z.string().max(200).default(''),
      }),
    )
    .default([]),
});
export type Rotas = z.infer<typeof RotasSchema>;

/** The settings a pay sheet or fee statement reads per day: a change takes effect from a date (R3). */
export const DATED_SETTINGS = [
  'teacherPayPerLessonHour',
  'gateDutyLessonHours',
  'lessonMinutes',
  'feePerLessonHour',
  'maxChargedLessonHoursPerDay',
] as const;

/**
 * The weekly rotas and pay settings the office has replaced, each with the last day it applied (core/
 * effectiveDates.ts), so reports on past days use what applied then (R3). The hub writes it; the office never
 * sends it. Its staff and groups are not checked against today's roster: a teacher who has left still served.
 */
export const SupersededSchema = z.object({
  rotas: z.array(RotasSchema.pick({ care: true, gate: true, leader: true }).extend({ until: Day })).default([]),
  settings: z
    .array(
      z.object({
        until: Day,
        values: SettingsSchema.pick({
          teacherPayPerLessonHour: true,
          gateDutyLessonHours: true,
          lessonMinutes: true,
          feePerLessonHour: true,
          maxChargedLessonHoursPerDay: true,
        }),
      }),
    )
    .default([]),
});
export type Superseded = z.infer<typeof SupersededSchema>;

export const SchoolSchema = z.object({
  id: Id,
  name: Name,
  /** Two characters from the card alphabet stamped into every card id, so a card from another school is told apart from an unknown one */
  cardTag: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{2}$/, 'two characters of the card alphabet'),
});
export type School = z.infer<typeof SchoolSchema>;

/** A card that no longer admits anyone: reprinted, lost, or the holder left. Kept so the kiosk can say why. */
export const RevokedCardSchema = z.object({ cardId: z.string(), ownerId: Id, revokedAt: z.number().int() });

/**
 * A move the office entered ahead (issue #17, RM1 in core/SPEC.md): from `from` on, the child is in `classId`
 * and/or `groupId` (null = out of after-school service). The hub applies it when its day reaches `from`
 * (hub/roster/scheduledMoves.ts), as an edit in the name of `by`, the clerk who entered it at `at`.
 */
export const ScheduledMoveSchema = z
  .object({
    studentId: Id,
    from: Day,
    classId: Id.optional(),
    groupId: Id.nullable().optional(),
    by: Name,
    at: z.number().int(),
  })
  .refine((m) => m.classId !== undefined || m.groupId !== undefined, 'a move names a class or a group');
export type ScheduledMove = z.infer<typeof ScheduledMoveSchema>;

const Hash = z.string().regex(/^[a-p]{64}$/, '32 bytes in hex written as the letters a–p (core/cardHash.ts)');
/**
 * Only in the roster a tablet or a leader's page gets (core/cardHash.ts): the school's card key and the HMAC of
 * each card id, by owner id; there every `cardId` is null. The office's roster has real ids and no `cardHashes`.
 */
export const CardHashesSchema = z.object({
  key: Hash,
  students: z.record(Id, Hash),
  guardians: z.record(Id, Hash),
  revoked: z.array(Hash),
});
export type CardHashes = z.infer<typeof CardHashesSchema>;

export const RosterSchema = z
  .object({
    school: SchoolSchema,
    settings: SettingsSchema,
    calendar: CalendarSchema,
    rooms: z.array(RoomSchema),
    classes: z.array(ClassSchema),
    groups: z.array(CareGroupSchema),
    clubs: z.array(ClubSchema).default([]),
    staff: z.array(StaffSchema),
    students: z.array(StudentSchema),
    guardians: z.array(GuardianSchema).default([]),
    revokedCards: z.array(RevokedCardSchema).default([]),
    rotas: RotasSchema.default({ care: [], gate: [], leader: [], swaps: [] }),
    superseded: SupersededSchema.default({ rotas: [], settings: [] }),
    cardHashes: CardHashesSchema.optional(),
    scheduledMoves: z.array(ScheduledMoveSchema).default([]),
  })
  .superRefine((r, ctx) => {
    // References must resolve, or the reducer would count a child in a group that does not exist.
    const ids = (xs: { id: string }[]) => new Set(xs.map((x) => x.id));
    const rooms = ids(r.rooms),
      classes = ids(r.classes),
      groups = ids(r.groups),
      students = ids(r.students);
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    r.classes.forEach((c, i) => {
      if (!rooms.has(c.roomId)) issue(['classes', i, 'roomId'], `unknown room ${c.roomId}`);
    });
    r.groups.forEach((g, i) => {
      if (!rooms.has(g.roomId)) issue(['groups', i, 'roomId'], `unknown room ${g.roomId}`);
    });
    r.clubs.forEach((c, i) => {
      if (!rooms.has(c.roomId)) issue(['clubs', i, 'roomId'], `unknown room ${c.roomId}`);
    });
    r.students.forEach((s, i) => {
      if (!classes.has(s.classId)) issue(['students', i, 'classId'], `unknown class ${s.classId}`);
      if (s.groupId !== null && !groups.has(s.groupId)) issue(['students', i, 'groupId'], `unknown group ${s.groupId}`);
    });
    r.guardians.forEach((g, i) =>
      g.studentIds.forEach((sid) => {
        if (!students.has(sid)) issue(['guardians', i, 'studentIds'], `unknown student ${sid}`);
      }),
    );
    const staff = ids(r.staff);
    const rotaStaff = [...r.rotas.care, ...r.rotas.gate, ...r.rotas.leader]
      .map((x) => x.staffId)
      .concat(r.rotas.swaps.flatMap((s) => [s.staffId, s.replaces]));
    rotaStaff.forEach((id) => {
      if (!staff.has(id)) issue(['rotas'], `unknown staff ${id}`);
    });
    r.rotas.care.forEach((x, i) => {
      if (!groups.has(x.groupId)) issue(['rotas', 'care', i, 'groupId'], `unknown group ${x.groupId}`);
    });
    for (const [what, xs] of [
      ['rooms', r.rooms],
      ['classes', r.classes],
      ['groups', r.groups],
      ['staff', r.staff],
      ['students', r.students],
      ['guardians', r.guardians],
    ] as const) {
      if (ids(xs).size !== xs.length) issue([what], `duplicate ids in ${what}`);
    }
    // A pending move names a class and group that exist, one move per child (a later one replaces it).
    r.scheduledMoves.forEach((m, i) => {
      if (m.classId !== undefined && !classes.has(m.classId))
        issue(['scheduledMoves', i, 'classId'], `scheduled move to unknown class ${m.classId}`);
      if (m.groupId != null && !groups.has(m.groupId))
        issue(['scheduledMoves', i, 'groupId'], `scheduled move to unknown group ${m.groupId}`);
    });
    const moved = r.scheduledMoves.map((m) => m.studentId);
    if (new Set(moved).size !== moved.length) issue(['scheduledMoves'], 'two scheduled moves for one child');
    const cards = [...r.students.map((s) => s.cardId), ...r.guardians.map((g) => g.cardId)].filter(
      (c): c is string => c !== null,
    );
    if (new Set(cards).size !== cards.length) issue(['students'], 'a card id is used twice');
  })
  // A child who left or was erased takes their pending moves with them, whoever removed them (editor, import, erasure).
  .transform((r) => {
    const here = new Set(r.students.map((s) => s.id));
    return r.scheduledMoves.every((m) => here.has(m.studentId))
      ? r
      : { ...r, scheduledMoves: r.scheduledMoves.filter((m) => here.has(m.studentId)) };
  });
export type Roster = z.infer<typeof RosterSchema>;
export type RosterInput = z.input<typeof RosterSchema>;

/** Indexes built once per roster, so the reducer and the hub look children up in O(1). */
export interface RosterIndex {
  roster: Roster;
  students: Map<string, Student>;
  groups: Map<string, CareGroup>;
  rooms: Map<string, Room>;
  classes: Map<string, SchoolClass>;
  clubs: Map<string, Club>;
  staff: Map<string, Staff>;
  guardians: Map<string, Guardian>;
}

const indexCache = new WeakMap<Roster, RosterIndex>();

export function indexRoster(roster: Roster): RosterIndex {
  const cached = indexCache.get(roster);
  if (cached) return cached;
  const byId = <T extends { id: string }>(xs: T[]) => new Map(xs.map((x) => [x.id, x] as const));
  const index: RosterIndex = {
    roster,
    students: byId(roster.students),
    groups: byId(roster.groups),
    rooms: byId(roster.rooms),
    classes: byId(roster.classes),
    clubs: byId(roster.clubs),
    staff: byId(roster.staff),
    guardians: byId(roster.guardians),
  };
  indexCache.set(roster, index);
  return index;
}

/** A group's effective capacity: its own limit or its room's, whichever is smaller. */
export function groupCapacity(index: RosterIndex, group: CareGroup): number {
  const room = index.rooms.get(group.roomId);
  return room ? Math.min(group.capacity, room.capacity) : group.capacity;
}
