/**
 * The hub as a factory with its dependencies injected (store, clock, logger), so a test builds one in a line
 * and the real start-up (main.ts) only adds certificates, files and ports.
 */
import compression from 'compression';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { Server } from 'socket.io';
import { z } from 'zod';
import type { CustodyEvent } from '../core/events';
import type { Problem } from '../core/messages';
import { problem } from '../core/messages';
import type { ClientToHubEvents, HealthResponse, HubToClientEvents } from '../core/protocol';
import { PROTOCOL_VERSION } from '../core/protocol';
import { reduceDay } from '../core/reduceDay';
import type { Roster } from '../core/roster';
import type { DayState, DeviceHealth } from '../core/state';
import { addDays, DAY_PATTERN, isValidDay, localDay, zonedTimeToEpoch } from '../core/time';
import type { AccessStore, DeviceRecord } from './accessStore';
import type { Actor } from './ingest';
import { ingest, leaderDeviceId, OFFICE_DEVICE_ID } from './ingest';
import type { ImportPlan } from '../core/rosterImport';
import { planFromFile, summarize, TEMPLATE_CSV } from './roster/importRoster';
import { MAX_ROSTER_BYTES, TableError } from './roster/readTable';
import { randomBytes, randomUUID } from 'node:crypto';
import { guardianCards, studentCards } from '../cards/cardData';
import { renderCardsPdf } from '../cards/cardsPdf';
import { DAILY_SHEET_COLUMNS, dailySheet } from '../core/reports/dailySheet';
import type { GroupBy } from '../core/reports/statistics';
import { PERIOD_COLUMNS, periodStats } from '../core/reports/statistics';
import { feeStatements, feeSummary } from '../core/reports/fees';
import { teacherHours } from '../core/reports/teacherHours';
import { bureauFigures } from '../core/reports/bureau';
import type { Table } from './reports/exportTable';
import { toCsv, toXlsx } from './reports/exportTable';
import { createBackup } from './backup';
import { reprintCard } from '../core/cards';
import { RosterSchema } from '../core/roster';
import { CARD_RANDOM_BYTES } from '../core/cardId';
import { isServiceDay } from '../core/calendar';
import type { Logger } from './logger';
import { createRateLimiter } from './rateLimit';
import { refuseTraversal, sameOrigin } from './pages';
import type { RosterStore } from './rosterStore';
import type { EventLog } from './store/eventLog';

export interface HubDeps {
  rosters: RosterStore;
  access: AccessStore;
  log: EventLog<CustodyEvent>;
  clock: () => number;
  logger: Logger;
  version: string;
  /** the data folder, for backups; absent in tests that keep everything in memory */
  dataDir?: string;
  /** extra routes mounted before the API (the CA page, static pages) */
  mount?: (app: express.Express) => void;
}

type Principal = { kind: 'device'; device: DeviceRecord } | { kind: 'admin' } | { kind: 'leader'; staffId: string };

export const LOGIN_LIMIT = { maxFailures: 5, windowMs: 10 * 60_000, lockMs: 15 * 60_000 };
const MAX_JSON_BYTES = 1_000_000;

class HttpProblem extends Error {
  constructor(readonly status: number, readonly body: Problem) { super(body.en); }
}

export function createHub(deps: HubDeps) {
  const { access, rosters, log, clock, logger } = deps;
  const pairLimiter = createRateLimiter({ ...LOGIN_LIMIT, clock });
  const pinLimiter = createRateLimiter({ ...LOGIN_LIMIT, clock });
  const adminLimiter = createRateLimiter({ ...LOGIN_LIMIT, clock });
  const seen = new Map<string, { lastSeen: number; unsent: number; battery?: number; station?: string }>();
  const leaderLimiter = createRateLimiter({ ...LOGIN_LIMIT, clock });
  let io: Server<ClientToHubEvents, HubToClientEvents> | undefined;

  const today = () => localDay(clock(), rosters.roster.settings.timeZone);

  function principalFor(token: string | undefined): Principal | null {
    if (!token) return null;
    if (access.isAdminSession(token)) return { kind: 'admin' };
    const leader = access.leaderForToken(token);
    if (leader) return { kind: 'leader', staffId: leader };
    const device = access.deviceForToken(token);
    if (!device) return null;
    return { kind: 'device', device };
  }

  function touch(p: Principal) {
    if (p.kind !== 'device') return;
    const s = seen.get(p.device.id);
    seen.set(p.device.id, { ...s, unsent: s?.unsent ?? 0, lastSeen: clock() });
  }

  function actorOf(p: Principal): Actor {
    return p.kind === 'device' ? { kind: 'device', deviceId: p.device.id, station: p.device.station } : p.kind === 'leader' ? { kind: 'leader', staffId: p.staffId } : { kind: 'office' };
  }

  function deviceHealth(): DeviceHealth[] {
    return access.devices().map((d) => {
      const s = seen.get(d.id);
      return {
        deviceId: d.id, name: d.name, lastSeen: s?.lastSeen ?? null, unsent: s?.unsent ?? 0, revoked: d.revokedAt !== null,
        ...(s?.battery !== undefined ? { battery: s.battery } : {}), ...(s?.station ? { station: s.station } : {}),
      };
    });
  }

  const ingestDeps = {
    rosters, log, clock,
    onStored: (day: string, events: (CustodyEvent & { seq: number; hubTime: number })[]) => {
      const lastSeq = events.at(-1)?.seq ?? 0;
      io?.to(`day:${day}`).emit('eventsStored', { day, events, lastSeq });
    },
    onRefused: (actor: Actor, counts: Record<string, number>) => {
      logger.warn('events refused', { by: actor.kind === 'device' ? actor.deviceId : actor.kind === 'leader' ? leaderDeviceId(actor.staffId) : OFFICE_DEVICE_ID, counts });
    },
  };

  // --- HTTP -----------------------------------------------------------------------------------------------
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use((_req, res, next) => {
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'DENY' });
    next();
  });
  // Before any file is served: ../, encoded or not, backslashes and NUL bytes never reach a file route.
  app.use(refuseTraversal(logger));
  // Pages, scripts and report JSON go out gzipped: a tablet's first load over busy school Wi-Fi is a third the
  // size (docs/benchmarks.md). socket.io is not an Express route and is not touched.
  app.use(compression());
  deps.mount?.(app);

  const api = express.Router();
  // Tokens are bearer headers, never cookies; still, a page of another site gets nothing from the API, not even
  // a CORS header: a browser's request that names a foreign Origin is refused before it is read.
  api.use((req, _res, next) => {
    if (sameOrigin(req.headers)) { next(); return; }
    logger.warn('cross-origin refused', { path: req.path, ip: req.ip, origin: String(req.get('origin')).slice(0, 100) });
    throw new HttpProblem(403, problem('cross_origin'));
  });
  api.use(express.json({ limit: MAX_JSON_BYTES }));
  api.use((_req, res, next) => { res.set('Cache-Control', 'no-store'); next(); });

  const bearer = (req: Request) => /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
  const requireAuth = (adminOnly: boolean) => (req: Request, res: Response, next: NextFunction) => {
    const p = principalFor(bearer(req));
    if (!p || (adminOnly && p.kind !== 'admin')) {
      logger.warn('refused', { path: req.path, ip: req.ip, reason: p ? 'not admin' : 'no valid token' });
      throw new HttpProblem(p ? 403 : 401, problem(p ? 'admin_required' : 'unauthorized'));
    }
    touch(p);
    res.locals.principal = p;
    next();
  };
  const principal = (res: Response) => res.locals.principal as Principal;
  const body = <T>(schema: z.ZodType<T>, req: Request): T => {
    const r = schema.safeParse(req.body);
    if (!r.success) throw new HttpProblem(400, problem('malformed', r.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')));
    return r.data;
  };
  const limited = (limiter: ReturnType<typeof createRateLimiter>, key: string) => {
    const wait = limiter.retryAfter(key);
    if (wait > 0) logger.warn('locked out', { key, retryInS: Math.ceil(wait / 1000) });
    if (wait > 0) throw new HttpProblem(429, problem('rate_limited', `retry in ${Math.ceil(wait / 1000)} s`));
  };

  api.get('/health', (_req, res) => {
    const health: HealthResponse = { ok: true, version: deps.version, protocol: PROTOCOL_VERSION, hubTime: clock(), school: rosters.roster.school.name };
    res.json(health);
  });

  api.post('/pair', async (req, res) => {
    const key = `pair:${req.ip}`;
    limited(pairLimiter, key);
    const { code, name } = body(z.object({ code: z.string().min(1).max(32), name: z.string().trim().min(1).max(64) }), req);
    const paired = await access.pair(code, name);
    if (!paired) {
      pairLimiter.fail(key);
      logger.warn('pairing refused', { ip: req.ip });
      throw new HttpProblem(401, problem('bad_pairing_code'));
    }
    pairLimiter.succeed(key);
    logger.info('device paired', { deviceId: paired.device.id, name: paired.device.name });
    res.status(201).json({ deviceId: paired.device.id, token: paired.token, school: rosters.roster.school.name });
  });

  api.post('/admin/login', (req, res) => {
    const key = `admin:${req.ip}`;
    limited(adminLimiter, key);
    const { password } = body(z.object({ password: z.string().min(1).max(200) }), req);
    if (!access.verifyAdminPassword(password)) {
      adminLimiter.fail(key);
      logger.warn('admin login refused', { ip: req.ip });
      throw new HttpProblem(401, problem('bad_password'));
    }
    adminLimiter.succeed(key);
    res.json({ token: access.newAdminSession() });
  });

  /** Who may sign in as duty leader: names for the login list, nothing about children. */
  api.get('/leader/staff', (_req, res) => {
    res.json({ leaders: rosters.roster.staff.filter((s) => s.active && (s.roles.includes('duty_leader') || s.roles.includes('office'))).map((s) => ({ id: s.id, name: s.name })) });
  });

  /** The duty leader signs in on a phone with a PIN; the phone is not a paired kiosk. */
  api.post('/leader/login', (req, res) => {
    const { staffId, pin } = body(z.object({ staffId: z.string().min(1).max(64), pin: z.string().regex(/^\d{4,8}$/) }), req);
    const key = `leader:${req.ip}:${staffId}`;
    limited(leaderLimiter, key);
    const staff = rosters.roster.staff.find((s) => s.id === staffId && s.active && (s.roles.includes('duty_leader') || s.roles.includes('office')));
    if (!staff || !access.verifyStaffPin(staffId, pin)) {
      leaderLimiter.fail(key);
      logger.warn('leader login refused', { staffId, ip: req.ip });
      throw new HttpProblem(401, problem('bad_pin'));
    }
    leaderLimiter.succeed(key);
    res.json({ token: access.newLeaderSession(staffId), staff: { id: staff.id, name: staff.name, roles: staff.roles }, deviceId: leaderDeviceId(staffId) });
  });

  /** Kiosk health for the duty leader and the office: station, last contact, unsent records, battery. */
  api.get('/kiosks', requireAuth(false), (_req, res) => {
    if (principal(res).kind === 'device') throw new HttpProblem(403, problem('admin_required'));
    res.json({ hubTime: clock(), kiosks: deviceHealth().filter((d) => !d.revoked) });
  });

  // --- roster import: preview first, then apply all or nothing -------------------------------------------------
  const previews = new Map<string, { plan: ImportPlan; baseVersion: number; at: number }>();
  const PREVIEW_MS = 30 * 60_000;

  api.get('/admin/roster/template.csv', requireAuth(true), (_req, res) => {
    res.set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="roster-template.csv"' }).send(TEMPLATE_CSV);
  });

  api.post('/admin/roster/preview', requireAuth(true), express.raw({ type: () => true, limit: MAX_ROSTER_BYTES }), async (req, res) => {
    const fileName = String(req.query.file ?? 'roster.csv');
    const bytes = req.body instanceof Buffer ? req.body : Buffer.alloc(0);
    if (bytes.length === 0) throw new HttpProblem(400, problem('malformed', 'empty file'));
    let plan: ImportPlan;
    try {
      plan = await planFromFile(rosters.roster, fileName, bytes, clock());
    } catch (err) {
      if (err instanceof TableError) throw new HttpProblem(400, { code: 'malformed', zh: err.zh, en: err.en });
      throw err;
    }
    for (const [id, p] of previews) if (clock() - p.at > PREVIEW_MS) previews.delete(id);
    const previewId = randomUUID();
    previews.set(previewId, { plan, baseVersion: rosters.version, at: clock() });
    res.json({ previewId, ...summarize(plan) });
  });

  api.post('/admin/roster/apply', requireAuth(true), async (req, res) => {
    const { previewId } = body(z.object({ previewId: z.string().uuid() }), req);
    const preview = previews.get(previewId);
    if (!preview) throw new HttpProblem(404, { code: 'not_found', zh: '预览已过期，请重新上传', en: 'The preview expired: upload again' });
    if (preview.plan.errors.length) throw new HttpProblem(400, { code: 'malformed', zh: `有 ${preview.plan.errors.length} 行错误，未导入任何数据`, en: 'The file has bad rows: nothing was imported' });
    if (preview.baseVersion !== rosters.version) throw new HttpProblem(409, { code: 'malformed', zh: '花名册在预览后已变更，请重新预览', en: 'The roster changed since the preview: preview again' });
    await rosters.replace(preview.plan.roster);
    previews.delete(previewId);
    logger.info('roster imported', { added: preview.plan.added.length, changed: preview.plan.changed.length, removed: preview.plan.removed.length });
    io?.emit('rosterChanged', { version: rosters.version });
    res.json({ ok: true, version: rosters.version, ...summarize(preview.plan).counts });
  });

  api.post('/admin/pairing-codes', requireAuth(true), async (_req, res) => {
    res.status(201).json(await access.createPairingCode());
  });

  api.get('/admin/devices', requireAuth(true), (_req, res) => {
    res.json({ devices: access.devices().map(({ tokenHash: _t, ...d }) => ({ ...d, health: deviceHealth().find((h) => h.deviceId === d.id) })) });
  });

  /** Leave entered by the office for a date range: one leave_recorded event per service day, attributed to the clerk. */
  api.post('/admin/leave', requireAuth(true), async (req, res) => {
    const r = body(z.object({
      staffId: z.string().min(1).max(64), studentId: z.string().min(1).max(64),
      from: z.string().regex(DAY_PATTERN), to: z.string().regex(DAY_PATTERN),
      reason: z.enum(['sick', 'personal', 'other']), note: z.string().trim().max(200).default(''),
    }), req);
    if (!isValidDay(r.from) || !isValidDay(r.to) || r.to < r.from || addDays(r.from, 62) < r.to) throw new HttpProblem(400, problem('malformed', 'from/to: a range of at most two months'));
    const days: string[] = [];
    for (let d = r.from; d <= r.to; d = addDays(d, 1)) if (isServiceDay(rosters.roster.calendar, d)) days.push(d);
    const events = days.map((day) => ({ id: randomUUID(), day, deviceId: OFFICE_DEVICE_ID, staffId: r.staffId, deviceTime: clock(), clockOffsetMs: 0, type: 'leave_recorded', studentId: r.studentId, reason: r.reason, note: r.note }));
    res.json({ days, ...(await ingest(ingestDeps, { kind: 'office' }, events)) });
  });

  /** An arrangement for one day (early or late pickup, another way home), in a named clerk's name. */
  api.post('/admin/arrangement', requireAuth(true), async (req, res) => {
    const r = body(z.object({ staffId: z.string().min(1).max(64), studentId: z.string().min(1).max(64), day: z.string().regex(DAY_PATTERN), arrangement: z.unknown(), note: z.string().max(200).default('') }), req);
    const event = { id: randomUUID(), day: r.day, deviceId: OFFICE_DEVICE_ID, staffId: r.staffId, deviceTime: clock(), clockOffsetMs: 0, type: 'arrangement_recorded', studentId: r.studentId, arrangement: r.arrangement, note: r.note };
    res.json(await ingest(ingestDeps, { kind: 'office' }, [event]));
  });

  /** A report as JSON for the office page, or as a .csv / .xlsx file named for what it is (`?format=`). */
  async function sendReport(req: Request, res: Response, table: Table, fileName: string, json: unknown) {
    const format = req.query.format;
    if (format !== 'csv' && format !== 'xlsx') { res.json(json); return; }
    const type = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    res.set({ 'Content-Type': type, 'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}.${format}` })
      .send(format === 'csv' ? toCsv(table) : await toXlsx(table));
  }

  /** 日出席签到表 for a group and day: page data as JSON, or .csv / .xlsx for Excel. */
  api.get('/admin/reports/daily', requireAuth(true), async (req, res) => {
    const day = dayQuery(req.query.date);
    const groupId = String(req.query.group ?? '');
    const group = rosters.roster.groups.find((g) => g.id === groupId);
    if (!group) throw new HttpProblem(404, problem('unknown_group', groupId));
    const state = reduceDay({ roster: rosters.roster, day, events: await log.read(day), now: clock() });
    const rows = dailySheet(rosters.roster, state, groupId);
    const table = { title: `${rosters.roster.school.name} ${group.name} 日出席签到表 ${day}`, columns: DAILY_SHEET_COLUMNS.map(([, zh]) => zh), rows: rows.map((r) => DAILY_SHEET_COLUMNS.map(([k]) => r[k])) };
    await sendReport(req, res, table, `签到表-${group.name}-${day}`, { day, group: { id: group.id, name: group.name }, rows });
  });

  /** Each service day of a period reduced; a past day is judged at its end, today at the hub's now. */
  async function periodStates(fromQ: unknown, toQ: unknown, maxDays: number): Promise<{ from: string; to: string; states: DayState[] }> {
    const from = dayQuery(fromQ), to = dayQuery(toQ);
    if (to < from || addDays(from, maxDays) < to) throw new HttpProblem(400, problem('malformed', `from ≤ to, at most ${maxDays} days`));
    const roster = rosters.roster;
    const states: DayState[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) {
      if (!isServiceDay(roster.calendar, d)) continue;
      const endOfDay = zonedTimeToEpoch(d, '23:59', roster.settings.timeZone);
      states.push(reduceDay({ roster, day: d, events: await log.read(d), now: Math.min(clock(), endOfDay) }));
    }
    return { from, to, states };
  }

  /** 看护教师课时与补贴: a monthly pay sheet from sign-ins and the rota, missed sign-ins flagged. */
  api.get('/admin/reports/hours', requireAuth(true), async (req, res) => {
    const from = dayQuery(req.query.from), to = dayQuery(req.query.to);
    if (to < from || addDays(from, 62) < to) throw new HttpProblem(400, problem('malformed', 'from ≤ to, at most 62 days'));
    const days: { day: string; events: CustodyEvent[] }[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) if (isServiceDay(rosters.roster.calendar, d)) days.push({ day: d, events: await log.read(d) });
    const rows = teacherHours(rosters.roster, days);
    const table = {
      title: `${rosters.roster.school.name} 看护教师课时与补贴 ${from} – ${to}`,
      columns: ['工号', '姓名', '值班天数', '课时', '补贴(元)', '漏签到'],
      rows: rows.map((r) => [r.staffId, r.name, r.dutyDays, r.lessonHours, r.subsidy / 100, r.missed.map((m) => `${m.day} ${m.duty === 'care' ? '看护' : '校门'}`).join('；')]),
      money: [4],
    };
    await sendReport(req, res, table, `教师课时-${from}-${to}`, { from, to, rows });
  });

  /** 教育局报表: the twice-monthly figures, per grade. */
  api.get('/admin/reports/bureau', requireAuth(true), async (req, res) => {
    const { from, to, states } = await periodStates(req.query.from, req.query.to, 62);
    const withEvents = await Promise.all(states.map(async (state) => ({ state, events: await log.read(state.day) })));
    const f = bureauFigures(rosters.roster, withEvents);
    const table = { title: `${rosters.roster.school.name} 课后服务情况 ${from} – ${to}（服务 ${f.serviceDays} 天，参与教师 ${f.teachers} 人）`, columns: ['年级', '报名人数', '服务学生数', '服务人次'], rows: f.rows.map((r) => [r.grade, r.enrolled, r.studentsServed, r.studentDays]) };
    await sendReport(req, res, table, `教育局报表-${from}-${to}`, { from, to, ...f });
  });

  /** 收费结算: a statement per child for a period (up to a semester), settled on actual attendance. */
  api.get('/admin/reports/fees', requireAuth(true), async (req, res) => {
    const { from, to, states } = await periodStates(req.query.from, req.query.to, 200);
    const lines = feeStatements(rosters.roster, states);
    if (req.query.view === 'summary') {
      const summary = feeSummary(lines);
      await sendReport(req, res, {
        title: `${rosters.roster.school.name} 课后服务收费公示 ${from} – ${to}`,
        columns: ['班级', '人数', '减免人数', '实到人次', '课时', '应收(元)', '已缴(元)', '退费(元)', '补缴(元)'],
        rows: summary.map((r) => [r.className, r.students, r.waived, r.attendedDays, r.lessonHours, r.charged / 100, r.paid / 100, r.refunds / 100, r.topUps / 100]),
        money: [5, 6, 7, 8],
      }, `收费公示-${from}-${to}`, { from, to, days: states.length, summary });
      return;
    }
    const table = {
      title: `${rosters.roster.school.name} 课后服务收费结算 ${from} – ${to}`,
      columns: ['学号', '姓名', '班级', '实到天数', '课时', '减免', '应收(元)', '已缴(元)', '补缴(+)/退费(-)(元)'],
      rows: lines.map((l) => [l.studentNo, l.name, l.className, l.attendedDays, l.lessonHours, l.waived ? '是' : '', l.charged / 100, l.paid / 100, l.balance / 100]),
      money: [6, 7, 8],
    };
    await sendReport(req, res, table, `收费结算-${from}-${to}`, { from, to, days: states.length, lines, totals: { charged: lines.reduce((n, l) => n + l.charged, 0), balance: lines.reduce((n, l) => n + l.balance, 0) } });
  });

  /** 周统计 / 月汇总 over a period (at most 62 days), by class, group, grade or school. */
  api.get('/admin/reports/period', requireAuth(true), async (req, res) => {
    const by = String(req.query.by ?? 'class') as GroupBy;
    if (!['class', 'group', 'grade', 'school'].includes(by)) throw new HttpProblem(400, problem('malformed', 'by=class|group|grade|school'));
    const { from, to, states } = await periodStates(req.query.from, req.query.to, 62);
    const roster = rosters.roster;
    const rows = periodStats(roster, states, by);
    const table = { title: `${roster.school.name} 课后服务统计 ${from} – ${to}`, columns: PERIOD_COLUMNS.map(([, zh]) => zh), rows: rows.map((r) => PERIOD_COLUMNS.map(([k]) => r[k])) };
    await sendReport(req, res, table, `统计-${from}-${to}`, { from, to, by, days: states.length, rows });
  });

  /** One click: the whole data folder as one file (holds keys and children's data). */
  api.get('/admin/backup', requireAuth(true), (_req, res) => {
    if (!deps.dataDir) throw new HttpProblem(404, problem('not_found', 'no data folder'));
    res.set({ 'Content-Type': 'application/octet-stream', 'Content-Disposition': `attachment; filename="relay-backup-${localDay(clock(), rosters.roster.settings.timeZone)}.relaybak"` }).send(createBackup(deps.dataDir));
    logger.info('backup downloaded');
  });

  api.get('/admin/cards.pdf', requireAuth(true), async (req, res) => {
    const filter = { ...(req.query.class ? { classId: String(req.query.class) } : {}), ...(req.query.group ? { groupId: String(req.query.group) } : {}),
      ...(req.query.students ? { studentIds: String(req.query.students).split(',') } : {}) };
    const cards = req.query.guardians === '1' ? guardianCards(rosters.roster, filter) : studentCards(rosters.roster, filter);
    const pdf = await renderCardsPdf(cards);
    res.set({ 'Content-Type': 'application/pdf', 'Content-Disposition': 'attachment; filename="relay-cards.pdf"' }).send(pdf);
  });

  /** New cards for lost or damaged ones: new ids, the old ones revoked at once on every kiosk. */
  api.post('/admin/cards/reprint', requireAuth(true), async (req, res) => {
    const r = body(z.object({ studentIds: z.array(z.string()).max(2000).default([]), guardianIds: z.array(z.string()).max(2000).default([]) }), req);
    let next = rosters.roster;
    try {
      for (const id of r.studentIds) next = reprintCard(next, { kind: 'student', id }, randomBytes(CARD_RANDOM_BYTES), clock()).roster;
      for (const id of r.guardianIds) next = reprintCard(next, { kind: 'guardian', id }, randomBytes(CARD_RANDOM_BYTES), clock()).roster;
    } catch (err) {
      throw new HttpProblem(404, problem('not_found', String((err as Error).message)));
    }
    await rosters.replace(next);
    io?.emit('rosterChanged', { version: rosters.version });
    logger.info('cards reprinted', { students: r.studentIds.length, guardians: r.guardianIds.length });
    res.json({ ok: true, version: rosters.version });
  });

  /**
   * The office edits one part of the roster at a time (groups, rooms, clubs, calendar, settings, rotas, staff);
   * the whole roster is validated before anything is written, so a reference to a missing room is refused.
   */
  const SECTIONS = ['rooms', 'groups', 'clubs', 'calendar', 'settings', 'rotas', 'staff', 'classes'] as const;
  api.put('/admin/roster/:section', requireAuth(true), async (req, res) => {
    const section = String(req.params.section) as (typeof SECTIONS)[number];
    if (!SECTIONS.includes(section)) throw new HttpProblem(404, problem('not_found', section));
    // Without a value the section would fall back to its default (no clubs, default settings): refuse instead.
    const value = (req.body as { value?: unknown } | undefined)?.value;
    if (value === undefined) throw new HttpProblem(400, problem('malformed', 'value: required'));
    // An object section (settings, calendar, rotas) is sent whole, as the office page does: a missing field would
    // quietly fall back to its default (an empty rota) and an unknown one is a mistake, so both are refused.
    const current = rosters.roster[section];
    if (!Array.isArray(current)) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpProblem(400, problem('malformed', `value: the whole ${section} object`));
      const sent = Object.keys(value), known = Object.keys(current);
      const odd = [...known.filter((k) => !sent.includes(k)).map((k) => `missing ${k}`), ...sent.filter((k) => !known.includes(k)).map((k) => `unknown ${k}`)];
      if (odd.length) throw new HttpProblem(400, { code: 'malformed', zh: '内容不完整或有多余项，未保存', en: 'Not saved: fields are missing or unknown', detail: odd.slice(0, 5).join('; ') });
    }
    const candidate = RosterSchema.safeParse({ ...rosters.roster, [section]: value });
    if (!candidate.success) {
      const detail = candidate.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new HttpProblem(400, { code: 'malformed', zh: '内容不正确，未保存', en: 'Not saved: the data is not valid', detail });
    }
    await rosters.replace(candidate.data);
    io?.emit('rosterChanged', { version: rosters.version });
    logger.info('roster section changed', { section, version: rosters.version });
    res.json({ ok: true, version: rosters.version, value: candidate.data[section] });
  });

  api.post('/admin/staff/:id/pin', requireAuth(true), async (req, res) => {
    const { pin } = body(z.object({ pin: z.string().regex(/^\d{4,8}$/) }), req);
    const id = String(req.params.id);
    if (!rosters.roster.staff.some((s) => s.id === id)) throw new HttpProblem(404, problem('not_found', id));
    await access.setStaffPin(id, pin);
    logger.info('PIN reset', { staffId: id });
    res.json({ ok: true });
  });

  api.put('/admin/devices/:id', requireAuth(true), async (req, res) => {
    const r = body(z.object({
      name: z.string().trim().min(1).max(64).optional(),
      station: z.object({ kind: z.enum(['classroom', 'care', 'gate']), ref: z.string().max(64).optional() }).nullable().optional(),
    }), req);
    const st = r.station;
    const roster = rosters.roster;
    if (st && st.kind === 'classroom' && !roster.classes.some((c) => c.id === st.ref)) throw new HttpProblem(400, problem('malformed', `no class ${st.ref}`));
    if (st && st.kind === 'care' && !roster.groups.some((g) => g.id === st.ref)) throw new HttpProblem(400, problem('unknown_group', st.ref));
    const d = await access.updateDevice(String(req.params.id), { ...(r.name !== undefined ? { name: r.name } : {}), ...(r.station !== undefined ? { station: r.station } : {}) });
    if (!d) throw new HttpProblem(404, problem('not_found'));
    res.json({ ok: true, device: { id: d.id, name: d.name, station: d.station } });
  });

  /** A kiosk asks who it is: its name and the station the office gave it, if any. */
  api.get('/device', requireAuth(false), (_req, res) => {
    const p = principal(res);
    if (p.kind !== 'device') throw new HttpProblem(403, problem('unauthorized'));
    res.json({ deviceId: p.device.id, name: p.device.name, station: p.device.station });
  });

  api.post('/admin/devices/:id/revoke', requireAuth(true), async (req, res) => {
    const id = String(req.params.id);
    if (!(await access.revokeDevice(id))) throw new HttpProblem(404, problem('not_found', id));
    io?.in(`device:${id}`).disconnectSockets(true);
    logger.info('device revoked', { deviceId: id });
    res.json({ ok: true });
  });

  api.post('/staff/sign-in', requireAuth(false), (req, res) => {
    const { staffId, pin } = body(z.object({ staffId: z.string().min(1).max(64), pin: z.string().regex(/^\d{4,8}$/) }), req);
    const p = principal(res);
    const key = `pin:${p.kind === 'device' ? p.device.id : 'office'}:${staffId}`;
    limited(pinLimiter, key);
    const staff = rosters.roster.staff.find((s) => s.id === staffId && s.active);
    if (!staff || !access.verifyStaffPin(staffId, pin)) {
      pinLimiter.fail(key);
      logger.warn('PIN refused', { staffId, deviceId: p.kind === 'device' ? p.device.id : 'office' });
      throw new HttpProblem(401, problem('bad_pin'));
    }
    pinLimiter.succeed(key);
    res.json({ staff: { id: staff.id, name: staff.name, roles: staff.roles } });
  });

  api.get('/roster', requireAuth(false), (_req, res) => {
    const p = principal(res);
    // Kiosks show who may collect a child, never how to phone them.
    const roster: Roster = p.kind === 'admin' ? rosters.roster
      : { ...rosters.roster, guardians: rosters.roster.guardians.map((g) => ({ ...g, phone: '' })) };
    res.json({ version: rosters.version, roster });
  });

  api.post('/events', requireAuth(false), async (req, res) => {
    const raw = (req.body as { events?: unknown } | undefined)?.events;
    res.json(await ingest(ingestDeps, actorOf(principal(res)), raw));
  });

  const dayQuery = (value: unknown): string => {
    const day = typeof value === 'string' && value !== '' ? value : today();
    if (!DAY_PATTERN.test(day) || !isValidDay(day)) throw new HttpProblem(400, problem('malformed', 'date must be YYYY-MM-DD'));
    return day;
  };

  api.get('/events', requireAuth(false), async (req, res) => {
    const day = dayQuery(req.query.day);
    const since = Number(req.query.since ?? 0);
    if (!Number.isInteger(since) || since < 0) throw new HttpProblem(400, problem('malformed', 'since must be a whole number'));
    const events = await log.read(day, since);
    res.json({ day, events, lastSeq: await log.lastSeq(day) });
  });

  api.get('/headcount', requireAuth(false), async (req, res) => {
    const day = dayQuery(req.query.date);
    const events = await log.read(day);
    res.json(reduceDay({ roster: rosters.roster, day, events, now: clock(), devices: deviceHealth() }));
  });

  api.use((_req, _res) => { throw new HttpProblem(404, problem('not_found')); });
  app.use('/api', api);

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof HttpProblem) { res.status(err.status).json({ problem: err.body }); return; }
    const status = (err as { status?: number; type?: string }).status;
    if (status === 413) { res.status(413).json({ problem: problem('batch_too_large', 'body too large') }); return; }
    if (status === 400) { res.status(400).json({ problem: problem('malformed', 'invalid JSON') }); return; }
    logger.error('request failed', { path: req.path, error: String(err) });
    res.status(500).json({ problem: problem('internal') });
  });

  // --- socket.io ------------------------------------------------------------------------------------------
  function attach(server: HttpServer | HttpsServer) {
    io = new Server<ClientToHubEvents, HubToClientEvents>(server, {
      maxHttpBufferSize: MAX_JSON_BYTES, serveClient: false,
      // No `cors` option, so no CORS headers; and a browser page of another site cannot even open the socket
      // (WebSockets are not covered by CORS, so the Origin header is checked here).
      allowRequest: (req, callback) => {
        const ok = sameOrigin(req.headers);
        if (!ok) logger.warn('socket cross-origin refused', { ip: req.socket.remoteAddress, origin: String(req.headers.origin).slice(0, 100) });
        callback(ok ? null : 'cross-origin', ok);
      },
    });
    io.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      const p = principalFor(typeof token === 'string' ? token : undefined);
      if (!p) {
        logger.warn('socket refused', { ip: socket.handshake.address });
        next(Object.assign(new Error('unauthorized'), { data: problem('unauthorized') }));
        return;
      }
      socket.data.principal = p;
      next();
    });
    io.on('connection', (socket) => {
      const p = socket.data.principal as Principal;
      if (p.kind === 'device') void socket.join(`device:${p.device.id}`);
      touch(p);
      // A token revoked while the socket is open stops working at the next message, not at the next reconnect.
      const stillValid = () => p.kind !== 'device' || access.devices().some((d) => d.id === p.device.id && d.revokedAt === null);
      const guard = <A extends unknown[]>(fn: (...args: A) => Promise<void> | void) => async (...args: A) => {
        const ack = args.at(-1);
        try {
          if (!stillValid()) { socket.disconnect(true); return; }
          touch(p);
          await fn(...args);
        } catch (err) {
          logger.error('socket handler failed', { error: String(err) });
          if (typeof ack === 'function') ack({ ok: false, problem: problem('internal') });
        }
      };
      socket.on('submitEvents', guard(async (events: unknown, ack: unknown) => {
        if (typeof ack !== 'function') return;
        ack({ ok: true, data: await ingest(ingestDeps, actorOf(p), events) });
      }));
      socket.on('subscribeDay', guard(async (req: unknown, ack: unknown) => {
        if (typeof ack !== 'function') return;
        const r = z.object({ day: z.string().regex(DAY_PATTERN), sinceSeq: z.number().int().min(0) }).safeParse(req);
        if (!r.success || !isValidDay(r.data.day)) { ack({ ok: false, problem: problem('malformed') }); return; }
        // Join before reading, so nothing stored in between is missed; the client drops repeats by seq.
        await socket.join(`day:${r.data.day}`);
        const events = await log.read(r.data.day, r.data.sinceSeq);
        ack({ ok: true, data: { day: r.data.day, events, lastSeq: await log.lastSeq(r.data.day) } });
      }));
      socket.on('unsubscribeDay', guard(async (req: unknown) => {
        const r = z.object({ day: z.string().regex(DAY_PATTERN) }).safeParse(req);
        if (r.success) await socket.leave(`day:${r.data.day}`);
      }));
      socket.on('reportStatus', guard(async (req: unknown, ack: unknown) => {
        const r = z.object({ unsent: z.number().int().min(0).max(1e6), battery: z.number().min(0).max(1).optional(), station: z.string().max(64).optional() }).safeParse(req);
        if (r.success && p.kind === 'device') seen.set(p.device.id, { lastSeen: clock(), unsent: r.data.unsent, ...(r.data.battery !== undefined ? { battery: r.data.battery } : {}), ...(r.data.station ? { station: r.data.station } : {}) });
        if (typeof ack === 'function') ack(r.success ? { ok: true, data: { hubTime: clock() } } : { ok: false, problem: problem('malformed') });
      }));
    });
    return io;
  }

  return { app, attach, deviceHealth, today, close: async () => { await io?.close(); } };
}
export type Hub = ReturnType<typeof createHub>;
