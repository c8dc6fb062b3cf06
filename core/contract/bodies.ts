/**
 * What the hub accepts in a request body, per route: the hub validates against these before a handler runs,
 * and the pages' client sends their input types. Limits are the hub's: a name or note never grows unbounded.
 */
import { z } from 'zod';
import { AssignedStationSchema } from '../stations';
import { GuardianSchema, SafetyNotesSchema, StudentSchema } from '../roster';
import { DAY_PATTERN } from '../time';

const StaffId = z.string().min(1).max(64);
const Pin = z.string().regex(/^\d{4,8}$/);
/** A body that is not a JSON object (none, or an array) is read as `{}`, as the hub always has. */
const asObject = (b: unknown) => (typeof b === 'object' && b !== null && !Array.isArray(b) ? b : {});

export const PairBody = z.object({ code: z.string().min(1).max(32), name: z.string().trim().min(1).max(64) });
export const AdminLoginBody = z.object({ password: z.string().min(1).max(200) });
/** The duty leader's phone login and a teacher's PIN sign-in at a kiosk. */
export const PinSignInBody = z.object({ staffId: StaffId, pin: Pin });
/** SN2: the duty leader's PIN typed at a tablet to allow one child's release a safety note forbids. */
export const VerifyLeaderBody = PinSignInBody.extend({ studentId: StaffId });
export const StaffPinBody = z.object({ pin: Pin });

/**
 * `confirmRemove`: the number of students the import removes, typed by the office; required when that is more
 * than 10 % of the school or more than 20 (core/rosterImport.ts isLargeRemoval), refused when it is not the count.
 */
export const RosterApplyBody = z.object({
  previewId: z.string().uuid(),
  confirmRemove: z.number().int().min(0).max(100_000).optional(),
  /** the clerk the roster history names for this import (absent: 教导处, as an older page sends) */
  staffId: StaffId.optional(),
});
// --- roster history (issue #17): an earlier version previewed like an import, then restored
export const RosterRestorePreviewBody = z.object({ version: z.number().int().min(1) });
export const RosterRestoreBody = z.object({ previewId: z.string().uuid(), staffId: StaffId.optional() });
/** The parts of the roster the office edits one at a time; the whole roster is validated before any is saved. */
export const ROSTER_SECTIONS = [
  'rooms',
  'groups',
  'clubs',
  'calendar',
  'settings',
  'rotas',
  'staff',
  'classes',
] as const;
export type RosterSection = (typeof ROSTER_SECTIONS)[number];
export const RosterSectionParams = z.object({ section: z.enum(ROSTER_SECTIONS) });
/** Without a value the section would fall back to its default (no clubs, default settings): refused. */
export const RosterSectionBody = z.preprocess(
  asObject,
  z.object({
    value: z.unknown().refine((v) => v !== undefined, 'required'),
    /**
     * rotas and settings: the first day the change applies (R3), today or later on the hub's clock; absent, today.
     * Days before it keep the rota and pay they had.
     */
    from: z.string().regex(DAY_PATTERN).optional(),
    /** the clerk the roster history names (absent: 教导处) */
    staffId: StaffId.optional(),
  }),
);

/**
 * A date the handler checks itself (hub/routes/events.ts), so a refusal names which date and how to write it
 * (core/periodWords.ts badDay) instead of the pattern it failed.
 */
const DayText = z.string().max(40);
export const LeaveBody = z.object({
  staffId: StaffId,
  studentId: z.string().min(1).max(64),
  from: DayText,
  to: DayText,
  reason: z.enum(['sick', 'personal', 'other']),
  note: z.string().trim().max(200).default(''),
});
/** The arrangement itself is checked as the event it becomes (core/events), so its refusal names the field. */
export const ArrangementBody = z.object({
  staffId: StaffId,
  studentId: z.string().min(1).max(64),
  day: DayText,
  arrangement: z.unknown(),
  note: z.string().max(200).default(''),
});
export const ReprintBody = z.object({
  studentIds: z.array(z.string()).max(2000).default([]),
  guardianIds: z.array(z.string()).max(2000).default([]),
});

/** `station: null` takes the tablet's station away; absent leaves it. */
export const DeviceUpdateBody = z.object({
  name: z.string().trim().min(1).max(64).optional(),
  station: AssignedStationSchema.nullable().optional(),
});

/**
 * Events are checked one by one by the hub's ingest (core/events, core/checkEvent), so that each gets its own
 * result: a batch with one bad event still stores the others. Only the envelope is read here.
 */
export const SubmitEventsBody = z.preprocess(asObject, z.object({ events: z.unknown().optional() }));

/** 个人信息删除 / 查阅: the office names the child by id (it chose them by class and name on screen). */
const StudentRef = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/);
export const ErasurePreviewBody = z.object({ studentId: StudentRef });
/** The second step: the preview it confirms, the child's 学号 typed again, and who is doing it (for the audit). */
export const ErasureApplyBody = z.object({
  previewId: z.string().uuid(),
  studentNo: z.string().trim().min(1).max(32),
  operator: z.string().trim().min(1).max(32),
});
export const StudentParams = z.object({ id: StudentRef });

// --- the roster editor (issue #17): one student or guardian at a time, with the roster's own schemas; the
// whole roster is checked again before it is saved (a class or group that does not exist is refused).
const RosterRef = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/);
/** What the office edits of a student; the grade follows the class, the initials the name. */
const StudentFields = StudentSchema.pick({ name: true, classId: true, groupId: true, pickup: true }).extend({
  studentNo: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{1,32}$/, '学号: letters, digits and - only'),
  pickupWave: StudentSchema.shape.pickupWave.unwrap(),
  /** 安全提示 (SN1), saved whole */
  safety: SafetyNotesSchema.optional(),
});
/** `staffId`: the clerk the change is entered in the name of (as a leave is), recorded with it. */
const EnteredBy = z.object({ staffId: StaffId });
/**
 * `from`: 生效日期, the day a class or group change takes effect (RM1 in core/SPEC.md). Absent or the hub's today,
 * it is applied now; a later day (at most 120 days ahead) is kept as a scheduled move; a past day is refused.
 */
export const RosterStudentSaveBody = StudentFields.partial()
  .extend({ from: z.string().regex(DAY_PATTERN, 'YYYY-MM-DD').optional() })
  .extend(EnteredBy.shape)
  .refine((b) => Object.keys(b).length > 1, 'nothing to change');
const NewGuardian = GuardianSchema.pick({ name: true, relation: true, phone: true });
export const RosterStudentAddBody = StudentFields.extend({
  pickupWave: StudentFields.shape.pickupWave.default(1),
  /** the guardian who gets a pickup card, as an import's 监护人 column makes one */
  guardian: NewGuardian.optional(),
}).extend(EnteredBy.shape);
/** A child who left: the 学号 of the child chosen, sent again so a stale page cannot remove another child. */
export const RosterStudentLeaveBody = z.object({ studentNo: z.string().trim().min(1).max(32) }).extend(EnteredBy.shape);
export const RosterGuardianSaveBody = NewGuardian.partial()
  .extend(EnteredBy.shape)
  .refine((b) => Object.keys(b).length > 1, 'nothing to change');
export const RosterRefParams = z.object({ id: RosterRef });
/** Cancelling a child's scheduled move, in a clerk's name. */
export const RosterMoveCancelBody = EnteredBy;

// --- backups (issue #17): the daily backup's folder ('' turns it off) and 立即备份, each in a clerk's name
export const BackupSettingsBody = z.object({ folder: z.string().trim().max(500), staffId: StaffId });
export const BackupRunBody = z.object({ staffId: StaffId });
