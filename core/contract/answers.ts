/** What the hub answers, per route: the types the pages read and the hub's handlers must return. */
import type { Bilingual, Problem } from '../messages';
import type { AssignedStation } from '../stations';
import type { SubmitResult } from '../protocol';
import type { TabletRoster } from '../cardHash';
import type { Roster, ScheduledMove, Staff, Student } from '../roster';
import type { ImportPlan } from '../rosterImport';
import type { DeviceHealth } from '../state';
import type { SheetRow } from '../reports/dailySheet';
import type { PeriodRow, GroupBy } from '../reports/statistics';
import type { FeeLine, FeeSummaryRow } from '../reports/fees';
import type { TeacherHours } from '../reports/teacherHours';
import type { BureauFigures } from '../reports/bureau';
import type { RosterSection } from './bodies';

/** Every refusal: a status code and this body. */
export interface ProblemBody {
  problem: Problem;
}

export type SignedInStaff = Pick<Staff, 'id' | 'name' | 'roles'>;
/** Who may sign in as duty leader: names only, for the login list. */
export interface LeaderListed {
  id: string;
  name: string;
}
export interface Paired {
  deviceId: string;
  token: string;
  school: string;
}
export interface LeaderSessionAnswer {
  token: string;
  staff: SignedInStaff;
  deviceId: string;
}
export interface KiosksAnswer {
  hubTime: number;
  kiosks: DeviceHealth[];
}

/** A paired tablet as the office sees it (never its token hash). */
export interface DeviceInfo {
  id: string;
  name: string;
  pairedAt: number;
  revokedAt: number | null;
  station: AssignedStation | null;
  /** a kiosk, or a gate board (BD1), which has no station */
  kind: 'kiosk' | 'board';
  health: DeviceHealth | undefined;
}
/** A pairing code as the office lists it: never the code itself, which is shown once when it is made. */
export interface PairingCodeInfo {
  id: string;
  createdAt: number;
  expiresAt: number;
  /** the demo school's code, which pairs any number of tablets until a real roster is imported */
  multiUse: boolean;
  /** when it paired (the last time, for the demo's code) */
  usedAt: number | null;
  /** the tablet a single-use code paired */
  deviceId: string | null;
  cancelledAt: number | null;
  /** pairs a gate board (BD1), not a kiosk */
  board: boolean;
}
export interface PairingCodesAnswer {
  hubTime: number;
  codes: PairingCodeInfo[];
}
export interface DeviceAnswer {
  deviceId: string;
  name: string;
  station: AssignedStation | null;
  /** the tablet's token is a month old: it should ask for a new one (POST /api/device/token) */
  tokenDue: boolean;
}

/**
 * What a roster change would do, every student of it, by name and class (never an id): who is added (with the
 * file's row), changed (each field in words, old → new) and removed. `largeRemoval`: more than 10 % of the school
 * or more than 20 students would go, so applying needs the number typed (core/rosterImport.ts isLargeRemoval).
 */
export interface DiffSummary {
  counts: {
    added: number;
    changed: number;
    removed: number;
    unchanged: number;
    /** students before and after */
    before: number;
    after: number;
    cardsRevoked: number;
  };
  largeRemoval: boolean;
  added: { row: number | null; studentNo: string; name: string; className: string; groupName: string }[];
  changed: {
    studentNo: string;
    name: string;
    className: string;
    fields: string[];
    changes: { label: Bilingual; before: string; after: string }[];
  }[];
  removed: { studentNo: string; name: string; className: string }[];
}
/** A roster file read against the current roster: the difference, and every error with row and reason. */
export type ImportSummary = Omit<DiffSummary, 'counts'> & {
  headerRow: number;
  columns: ImportPlan['columns'];
  counts: DiffSummary['counts'] & { errors: number };
  /** the preview keeps children of classes absent from the file (只更新文件中的班级) */
  onlyClassesInFile: boolean;
  /** the classes the file names */
  classesInFile: string[];
  errors: ImportPlan['errors'];
};
export type PreviewAnswer = { previewId: string } & ImportSummary;
export type ApplyAnswer = { ok: true; version: number } & ImportSummary['counts'];
/** One earlier version of the roster (历史版本), newest first: who replaced it, when, how, and with what counts. */
export interface RosterHistoryItem {
  version: number;
  replacedAt: number;
  kind: string;
  by: string;
  note: string;
  counts: { students: number; added: number; changed: number; removed: number };
}
export interface RosterHistoryAnswer {
  version: number;
  history: RosterHistoryItem[];
}
/** What restoring an earlier version would change, as an import preview. */
export type RestorePreviewAnswer = { previewId: string; fromVersion: number } & DiffSummary;
export type RestoreAnswer = { ok: true; version: number; fromVersion: number } & DiffSummary['counts'];
/**
 * GET /api/roster. The office (admin) gets the roster as stored, with the card ids it prints. A kiosk or a leader
 * gets a TabletRoster (core/cardHash.ts): every `cardId` null, the HMAC of each in `cardHashes`, no phone numbers.
 */
export type RosterAnswer = { version: number; roster: Roster } | { version: number; roster: TabletRoster };
export interface SectionAnswer {
  ok: true;
  version: number;
  value: Roster[RosterSection];
  /** rotas and settings: the first day the saved value applies (R3); absent when nothing dated changed */
  from?: string;
}

export type LeaveAnswer = { days: string[] } & SubmitResult;

export type ReportFormat = 'json' | 'csv' | 'xlsx';
/**
 * Today on the hub's clock in the school's time zone, and the days the hub takes: `reports` for a report's dates
 * (none after today, none before the school's service start or the oldest day kept), `dated` for leave and
 * arrangements (CU17's window). Each `first`–`last` includes both ends.
 */
export interface DateLimits {
  hubTime: number;
  today: string;
  reports: { first: string; last: string };
  dated: { first: string; last: string };
  /** the longest leave entry: its 到 at most this many days after its 从 */
  maxLeaveDays: number;
}
export interface DailyReport {
  day: string;
  group: { id: string; name: string };
  rows: SheetRow[];
}
export interface PeriodReport {
  from: string;
  to: string;
  by: GroupBy;
  days: number;
  rows: PeriodRow[];
}
export interface FeeStatements {
  from: string;
  to: string;
  days: number;
  lines: FeeLine[];
  totals: { charged: number; balance: number };
}
export interface FeeNotice {
  from: string;
  to: string;
  days: number;
  summary: FeeSummaryRow[];
}
export interface HoursReport {
  from: string;
  to: string;
  rows: TeacherHours[];
}
export type BureauReport = { from: string; to: string } & BureauFigures;

/** 保存期限: what the hub keeps and what the last purge did. */
export interface PrivacyStatus {
  today: string;
  retentionSchoolYears: number;
  /** the first day kept (1 September) */
  keepFrom: string;
  /** day files now in the log: the oldest and how many */
  oldestDay: string | null;
  dayFiles: number;
  lastPurge: { today: string; keepFrom: string; deletedDays: number; busy: number } | null;
}
/** What erasing one child would remove; nothing is changed until it is confirmed with `previewId`. */
export interface ErasurePreview {
  previewId: string;
  expiresAt: number;
  student: { studentNo: string; name: string; className: string; groupName: string };
  /** events about the child, removed */
  events: number;
  /** other events that name the child (an inspection's list, a note), changed */
  edited: number;
  days: { day: string; removed: number; edited: number }[];
  guardiansRemoved: { name: string; relation: string }[];
  guardiansKept: { name: string; relation: string }[];
  /** files the erasure rewrites or deletes, relative to the data folder */
  files: string[];
  /** other files in the data folder that name the child and that the erasure leaves as they are (normally none) */
  untouched: string[];
}
export interface ErasureDone {
  ok: true;
  version: number;
  studentNo: string;
  removedEvents: number;
  editedEvents: number;
  days: number;
  files: string[];
}

/** The roster editor (issue #17): the student or guardian as saved, with the roster's new version. */
export interface RosterStudentAnswer {
  ok: true;
  version: number;
  student: Student;
  /** a newcomer's guardian, when one was given */
  guardian?: Roster['guardians'][number];
  /** the class or group change kept for a later day (RM1), when the save had one */
  scheduled?: ScheduledMove;
}
export interface RosterMoveCancelAnswer {
  ok: true;
  version: number;
  /** false when the child had no scheduled move (already applied or cancelled): nothing changed */
  cancelled: boolean;
}
export interface RosterGuardianAnswer {
  ok: true;
  version: number;
  guardian: Roster['guardians'][number];
}
/** A child marked as left: off the roster, their card and those of guardians who collect no other child revoked. */
export interface StudentLeftAnswer {
  ok: true;
  version: number;
  studentNo: string;
  revokedCards: number;
  guardiansRemoved: number;
}

/** One backup (issue #17, hub/autoBackup.ts): made by the daily schedule, 立即备份, the download or `npm run backup`. */
export interface BackupRecord {
  at: number;
  kind: 'auto' | 'now' | 'download' | 'cli';
  ok: boolean;
  /** the archive written (its full path), the folder it was meant for, or '' (download: the office's browser) */
  where: string;
  bytes?: number;
  files?: number;
  students?: number;
  /** days of events in it */
  days?: number;
  /** old daily archives deleted to keep the newest `keep` */
  deletedOld?: number;
  /** why it failed, in words; the detail names the folder */
  error?: Problem;
  /** 'schedule', 'office' or 'command line'; a person's backup names the clerk and the address */
  by: string;
  staffId?: string;
  ip?: string;
}
export interface BackupStatus {
  now: number;
  /** the daily backup's folder, null until the office sets one */
  folder: string | null;
  folderSetAt: number | null;
  folderSetBy: { staffId: string | null; name: string | null; ip: string | null } | null;
  /** archives the daily backup keeps in its folder, and how many are there now */
  keep: number;
  archives: number;
  /** the last sound backup of any kind */
  lastOk: BackupRecord | null;
  /** the last daily or 立即备份 attempt, sound or not */
  lastRun: BackupRecord | null;
  /** no sound backup for more than `staleDays` days, or none ever */
  stale: boolean;
  staleDays: number;
  daysSince: number | null;
}
