/**
 * Every HTTP route of the hub in one table: method, path, who may call it, what the body must be and what comes
 * back. The hub mounts a handler for each entry (and refuses to start if one is missing or extra), the pages
 * call the hub through a client made from it (common/hubClient.ts), and the access tests sweep it.
 */
import type { z } from 'zod';
import type { HealthResponse, DaySlice, SubmitResult } from '../protocol';
import type { DayState } from '../state';
import type { BoardView } from '../boardView';
import type { GroupBy } from '../reports/statistics';
import type * as A from './answers';
import type { DelegateAnswer } from '../delegation';
import { DelegateBody } from '../delegation';
import {
  AdminLoginBody,
  ArrangementBody,
  BackupRunBody,
  BackupSettingsBody,
  DeviceUpdateBody,
  ErasureApplyBody,
  ErasurePreviewBody,
  LeaveBody,
  PairBody,
  PinSignInBody,
  VerifyLeaderBody,
  ReprintBody,
  RosterApplyBody,
  RosterRestoreBody,
  RosterRestorePreviewBody,
  RosterSectionBody,
  RosterSectionParams,
  RosterGuardianSaveBody,
  RosterMoveCancelBody,
  RosterRefParams,
  RosterStudentAddBody,
  RosterStudentLeaveBody,
  RosterStudentSaveBody,
  StaffPinBody,
  StudentParams,
  SubmitEventsBody,
} from './bodies';

export type Method = 'GET' | 'POST' | 'PUT';
/**
 * Who may call. `none`: anyone. `any`: any valid token (a kiosk's, the office's, a duty leader's). `device`: a
 * paired kiosk only. `leader`: a person signed in, the duty leader or the office, not a tablet. `admin`: the
 * office. `board`: a gate board only (BD1), whose token every other route refuses. Without a valid token every
 * route but `none` answers 401; with the wrong one, 403.
 */
export type Auth = 'none' | 'any' | 'device' | 'leader' | 'admin' | 'board';

declare const carried: unique symbol;
/** A type carried by the table for the compiler only: nothing of it exists at run time. */
export interface Shape<T> {
  readonly [carried]?: T;
}
const shape = <T>(): Shape<T> => ({});

export interface RouteSpec {
  method: Method;
  /** with `:name` for each path parameter */
  path: `/api/${string}`;
  auth: Auth;
  /** the JSON body the hub accepts (400 `malformed` otherwise), or `raw` for a file's bytes */
  body?: z.ZodType | 'raw';
  /** what the client sends when it is not the body schema's input (the hub reads more loosely than it asks) */
  request?: Shape<unknown>;
  /** path parameters the hub accepts; any other value is 404 `not_found` */
  params?: z.ZodType;
  query?: Shape<Record<string, string | undefined>>;
  /** the success status, 200 unless said */
  status?: 201;
  /** the JSON answer, or Blob for a file */
  answer: Shape<unknown>;
}

type Dates = { date?: string };
type Period = { from?: string; to?: string; format?: A.ReportFormat };

export const ROUTES = {
  // --- access: open routes and the sign-ins
  health: { method: 'GET', path: '/api/health', auth: 'none', answer: shape<HealthResponse>() },
  pair: { method: 'POST', path: '/api/pair', auth: 'none', body: PairBody, status: 201, answer: shape<A.Paired>() },
  adminLogin: {
    method: 'POST',
    path: '/api/admin/login',
    auth: 'none',
    body: AdminLoginBody,
    answer: shape<{ token: string }>(),
  },
  leaderStaff: {
    method: 'GET',
    path: '/api/leader/staff',
    auth: 'none',
    answer: shape<{ leaders: A.LeaderListed[] }>(),
  },
  leaderLogin: {
    method: 'POST',
    path: '/api/leader/login',
    auth: 'none',
    body: PinSignInBody,
    answer: shape<A.LeaderSessionAnswer>(),
  },
  /** the office or a duty leader signs out: the token given at sign-in stops working on the hub at once */
  signOut: { method: 'POST', path: '/api/session/sign-out', auth: 'leader', answer: shape<{ ok: true }>() },
  /** a teacher's PIN at a tablet: only a paired tablet may ask, so a leader's or the office's session cannot test PINs */
  staffSignIn: {
    method: 'POST',
    path: '/api/staff/sign-in',
    auth: 'device',
    body: PinSignInBody,
    /** `offlineUntil`: the last day (YYYY-MM-DD) this tablet's records in their name are taken (AccessStore grants) */
    answer: shape<{ staff: A.SignedInStaff; offlineUntil: string }>(),
  },
  /**
   * SN2: a duty leader's PIN typed at a tablet to allow one child's release a safety note forbids. Checked and locked
   * out as a sign-in is; the leader is not signed in on the tablet, the hub takes that one release in their name.
   */
  verifyLeader: {
    method: 'POST',
    path: '/api/staff/verify-leader',
    auth: 'device',
    body: VerifyLeaderBody,
    answer: shape<{ staff: A.LeaderListed }>(),
  },
  staffPin: {
    method: 'POST',
    path: '/api/admin/staff/:id/pin',
    auth: 'admin',
    body: StaffPinBody,
    answer: shape<{ ok: true }>(),
  },
  /** the office lifts a staff member's PIN lock-out (tablets and the leader's login); `wasLocked` says if there was one */
  staffUnlock: {
    method: 'POST',
    path: '/api/admin/staff/:id/unlock',
    auth: 'admin',
    answer: shape<{ ok: true; wasLocked: boolean }>(),
  },

  // --- devices: pairing codes, the office's list, a kiosk asking who it is, kiosk health
  pairingCode: {
    method: 'POST',
    path: '/api/admin/pairing-codes',
    auth: 'admin',
    status: 201,
    answer: shape<{ code: string; expiresAt: number }>(),
  },
  /** the codes of the last week: when made, until when, used or cancelled; never the code */
  pairingCodes: {
    method: 'GET',
    path: '/api/admin/pairing-codes',
    auth: 'admin',
    answer: shape<A.PairingCodesAnswer>(),
  },
  pairingCodeCancel: {
    method: 'POST',
    path: '/api/admin/pairing-codes/:id/cancel',
    auth: 'admin',
    answer: shape<{ ok: true }>(),
  },
  devices: { method: 'GET', path: '/api/admin/devices', auth: 'admin', answer: shape<{ devices: A.DeviceInfo[] }>() },
  deviceUpdate: {
    method: 'PUT',
    path: '/api/admin/devices/:id',
    auth: 'admin',
    body: DeviceUpdateBody,
    answer: shape<{ ok: true; device: { id: string; name: string; station: A.DeviceAnswer['station'] } }>(),
  },
  deviceRevoke: { method: 'POST', path: '/api/admin/devices/:id/revoke', auth: 'admin', answer: shape<{ ok: true }>() },
  /** a kiosk asks who it is; asked with the new token it was given (deviceToken), that token becomes its only one */
  device: { method: 'GET', path: '/api/device', auth: 'device', answer: shape<A.DeviceAnswer>() },
  /** a kiosk whose token is due gets a new one; the old keeps working until the kiosk first uses the new */
  deviceToken: {
    method: 'POST',
    path: '/api/device/token',
    auth: 'device',
    status: 201,
    answer: shape<{ token: string }>(),
  },
  kiosks: { method: 'GET', path: '/api/kiosks', auth: 'leader', answer: shape<A.KiosksAnswer>() },
  // --- the gate board (BD1, hub/routes/board.ts): its own codes, its pairing, the one thing its token reads
  /** a code that pairs a gate board, and only a board (a kiosk's code does not pair one, nor this a kiosk) */
  boardPairingCode: {
    method: 'POST',
    path: '/api/admin/board-pairing-codes',
    auth: 'admin',
    status: 201,
    answer: shape<{ code: string; expiresAt: number }>(),
  },
  boardPair: {
    method: 'POST',
    path: '/api/board/pair',
    auth: 'none',
    body: PairBody,
    status: 201,
    answer: shape<A.Paired>(),
  },
  /** the board's three lists, names as the school's setting says (masked on the hub); live: socket namespace /board */
  board: { method: 'GET', path: '/api/board', auth: 'board', answer: shape<BoardView>() },
  /** RC5 紧急点名表: everyone on campus now by room, A4 PDF, for when tablets fail (hub/reports/rollCallPdf.ts) */
  rollCallPdf: { method: 'GET', path: '/api/leader/roll-call.pdf', auth: 'leader', answer: shape<Blob>() },
  /**
   * RC4: who may collect one child, by name and relation (no phone), for the leader handing it over at the assembly
   * point; only for a child of today's roll call (the leader's roster has guardians as ids only otherwise)
   */
  reunifyGuardians: {
    method: 'GET',
    path: '/api/leader/reunify/:id/guardians',
    auth: 'leader',
    params: StudentParams,
    answer: shape<{ guardians: { id: string; name: string; relation: string }[] }>(),
  },

  // --- roster: reading it, importing a file (preview, then apply), editing one section
  // the office gets the card ids; kiosks and leaders only their keyed hashes (RosterAnswer, core/cardHash.ts)
  roster: { method: 'GET', path: '/api/roster', auth: 'any', answer: shape<A.RosterAnswer>() },
  rosterTemplate: { method: 'GET', path: '/api/admin/roster/template.csv', auth: 'admin', answer: shape<Blob>() },
  rosterPreview: {
    method: 'POST',
    path: '/api/admin/roster/preview',
    auth: 'admin',
    body: 'raw',
    query: shape<{ file?: string; scope?: 'classes' }>(),
    answer: shape<A.PreviewAnswer>(),
  },
  rosterApply: {
    method: 'POST',
    path: '/api/admin/roster/apply',
    auth: 'admin',
    body: RosterApplyBody,
    answer: shape<A.ApplyAnswer>(),
  },
  // --- roster history (issue #17): every save keeps the version it replaced; one is previewed, then restored
  rosterHistory: {
    method: 'GET',
    path: '/api/admin/roster/history',
    auth: 'admin',
    answer: shape<A.RosterHistoryAnswer>(),
  },
  rosterRestorePreview: {
    method: 'POST',
    path: '/api/admin/roster/history/preview',
    auth: 'admin',
    body: RosterRestorePreviewBody,
    answer: shape<A.RestorePreviewAnswer>(),
  },
  rosterRestore: {
    method: 'POST',
    path: '/api/admin/roster/history/restore',
    auth: 'admin',
    body: RosterRestoreBody,
    answer: shape<A.RestoreAnswer>(),
  },
  rosterSection: {
    method: 'PUT',
    path: '/api/admin/roster/:section',
    auth: 'admin',
    params: RosterSectionParams,
    body: RosterSectionBody,
    request: shape<{ value: unknown; from?: string; staffId?: string }>(),
    answer: shape<A.SectionAnswer>(),
  },
  // the roster editor (issue #17): one student or guardian at a time, each change in the name of a clerk
  rosterStudentAdd: {
    method: 'POST',
    path: '/api/admin/roster/students',
    auth: 'admin',
    body: RosterStudentAddBody,
    status: 201,
    answer: shape<A.RosterStudentAnswer>(),
  },
  rosterStudentSave: {
    method: 'PUT',
    path: '/api/admin/roster/students/:id',
    auth: 'admin',
    params: RosterRefParams,
    body: RosterStudentSaveBody,
    answer: shape<A.RosterStudentAnswer>(),
  },
  rosterStudentLeave: {
    method: 'POST',
    path: '/api/admin/roster/students/:id/leave',
    auth: 'admin',
    params: RosterRefParams,
    body: RosterStudentLeaveBody,
    answer: shape<A.StudentLeftAnswer>(),
  },
  rosterMoveCancel: {
    method: 'POST',
    path: '/api/admin/roster/students/:id/move/cancel',
    auth: 'admin',
    params: RosterRefParams,
    body: RosterMoveCancelBody,
    answer: shape<A.RosterMoveCancelAnswer>(),
  },
  rosterGuardianSave: {
    method: 'PUT',
    path: '/api/admin/roster/guardians/:id',
    auth: 'admin',
    params: RosterRefParams,
    body: RosterGuardianSaveBody,
    answer: shape<A.RosterGuardianAnswer>(),
  },

  // --- events: the custody log, its reduction, and what the office enters at a desk
  submitEvents: {
    method: 'POST',
    path: '/api/events',
    auth: 'any',
    body: SubmitEventsBody,
    request: shape<{ events: unknown[] }>(),
    answer: shape<SubmitResult>(),
  },
  events: {
    method: 'GET',
    path: '/api/events',
    auth: 'any',
    query: shape<{ day?: string; since?: string }>(),
    answer: shape<DaySlice>(),
  },
  headcount: { method: 'GET', path: '/api/headcount', auth: 'any', query: shape<Dates>(), answer: shape<DayState>() },
  leave: { method: 'POST', path: '/api/admin/leave', auth: 'admin', body: LeaveBody, answer: shape<A.LeaveAnswer>() },
  arrangement: {
    method: 'POST',
    path: '/api/admin/arrangement',
    auth: 'admin',
    body: ArrangementBody,
    answer: shape<SubmitResult>(),
  },
  /** DG1 临时代接: the arrangement, and with `withCode` the one-day code and its slip, answered once */
  delegate: {
    method: 'POST',
    path: '/api/admin/delegate',
    auth: 'admin',
    body: DelegateBody,
    answer: shape<DelegateAnswer>(),
  },

  // --- office: cards and the backup
  cardsPdf: {
    method: 'GET',
    path: '/api/admin/cards.pdf',
    auth: 'admin',
    query: shape<{ class?: string; group?: string; students?: string; guardians?: '1' }>(),
    answer: shape<Blob>(),
  },
  cardsReprint: {
    method: 'POST',
    path: '/api/admin/cards/reprint',
    auth: 'admin',
    body: ReprintBody,
    answer: shape<{ ok: true; version: number }>(),
  },
  backup: { method: 'GET', path: '/api/admin/backup', auth: 'admin', answer: shape<Blob>() },

  // --- reports: JSON for the page, or a file with ?format=csv|xlsx
  /**
   * The hub's day and the dates it takes (issue #17): the office's date pickers and defaults follow the hub's
   * clock, not the office PC's, which is often wrong.
   */
  dateLimits: { method: 'GET', path: '/api/admin/date-limits', auth: 'admin', answer: shape<A.DateLimits>() },
  reportDaily: {
    method: 'GET',
    path: '/api/admin/reports/daily',
    auth: 'admin',
    query: shape<Dates & { group?: string; format?: A.ReportFormat }>(),
    answer: shape<A.DailyReport>(),
  },
  reportHours: {
    method: 'GET',
    path: '/api/admin/reports/hours',
    auth: 'admin',
    query: shape<Period>(),
    answer: shape<A.HoursReport>(),
  },
  reportBureau: {
    method: 'GET',
    path: '/api/admin/reports/bureau',
    auth: 'admin',
    query: shape<Period>(),
    answer: shape<A.BureauReport>(),
  },
  reportFees: {
    method: 'GET',
    path: '/api/admin/reports/fees',
    auth: 'admin',
    query: shape<Period & { view?: 'summary' }>(),
    answer: shape<A.FeeStatements | A.FeeNotice>(),
  },
  reportPeriod: {
    method: 'GET',
    path: '/api/admin/reports/period',
    auth: 'admin',
    query: shape<Period & { by?: GroupBy }>(),
    answer: shape<A.PeriodReport>(),
  },

  // --- privacy (docs/privacy.md): how long records are kept, erasing one child, exporting one child's records
  privacyStatus: { method: 'GET', path: '/api/admin/privacy', auth: 'admin', answer: shape<A.PrivacyStatus>() },
  /** what erasing a child would remove: nothing changes until erasureApply confirms it */
  erasurePreview: {
    method: 'POST',
    path: '/api/admin/privacy/erasure/preview',
    auth: 'admin',
    body: ErasurePreviewBody,
    answer: shape<A.ErasurePreview>(),
  },
  erasureApply: {
    method: 'POST',
    path: '/api/admin/privacy/erasure',
    auth: 'admin',
    body: ErasureApplyBody,
    answer: shape<A.ErasureDone>(),
  },
  /** 个人信息查阅: one child's roster entry and records within retention, as .xlsx (default), .csv or .json */
  privacyExport: {
    method: 'GET',
    path: '/api/admin/privacy/export/:id',
    auth: 'admin',
    params: StudentParams,
    query: shape<{ format?: A.ReportFormat }>(),
    answer: shape<Blob>(),
  },
  // --- backups (issue #17, hub/autoBackup.ts): the last backup, the daily backup's folder, one now
  backupStatus: { method: 'GET', path: '/api/admin/backup/status', auth: 'admin', answer: shape<A.BackupStatus>() },
  backupSettings: {
    method: 'PUT',
    path: '/api/admin/backup/settings',
    auth: 'admin',
    body: BackupSettingsBody,
    answer: shape<A.BackupStatus>(),
  },
  backupRun: {
    method: 'POST',
    path: '/api/admin/backup/run',
    auth: 'admin',
    body: BackupRunBody,
    answer: shape<{ record: A.BackupRecord; status: A.BackupStatus }>(),
  },
} as const satisfies Record<string, RouteSpec>;

export type Routes = typeof ROUTES;
export type RouteKey = keyof Routes;
export const ROUTE_KEYS = Object.keys(ROUTES) as RouteKey[];

type Carried<S> = S extends Shape<infer T> ? T : never;
/** What a route answers on success. */
export type AnswerOf<K extends RouteKey> = Carried<Routes[K]['answer']>;
/** What the client sends as the body. */
export type RequestOf<K extends RouteKey> = Routes[K] extends { request: Shape<infer T> }
  ? T
  : Routes[K] extends { body: 'raw' }
    ? Blob
    : Routes[K] extends { body: z.ZodType }
      ? z.input<Routes[K]['body']>
      : undefined;
/** The body as the hub's handler gets it, validated. */
export type BodyOf<K extends RouteKey> = Routes[K] extends { body: z.ZodType }
  ? z.output<Routes[K]['body']>
  : undefined;
export type QueryOf<K extends RouteKey> = Routes[K] extends { query: Shape<infer T> } ? T : undefined;

type ParamNames<P extends string> = P extends `${string}:${infer N}/${infer Rest}`
  ? N | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer N}`
    ? N
    : never;
/** `{id: string}` for `/api/admin/devices/:id`, undefined for a path without parameters. */
export type ParamsOf<K extends RouteKey> = [ParamNames<Routes[K]['path']>] extends [never]
  ? undefined
  : Record<ParamNames<Routes[K]['path']>, string>;

/** The URL of a route: path parameters filled in (encoded), then the query without its empty entries. */
export function routeUrl(
  key: RouteKey,
  params?: Record<string, string>,
  query?: Record<string, string | undefined>,
): string {
  const path = ROUTES[key].path.replace(/:([a-z]+)/g, (_m, name: string) => encodeURIComponent(params?.[name] ?? ''));
  const q = Object.entries(query ?? {}).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '');
  return q.length ? `${path}?${new URLSearchParams(q).toString()}` : path;
}
