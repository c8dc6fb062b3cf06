/**
 * Issue #20, the office at a big school: a month's statistics, fees and teachers' hours, and a 花名册 import
 * preview, each through the hub's real routes over HTTPS, at 3,000 children beside the demo's 240 in the same
 * run. Beside the routes, the pure parts timed in this process (reading the day files, reduceDay per day, the
 * report functions, reading the .xlsx, planning the import), so a slow route says where its time goes.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { CustodyEvent } from '../core/events';
import { reduceDay } from '../core/reduceDay';
import { feeStatements } from '../core/reports/fees';
import { periodStats } from '../core/reports/statistics';
import { teacherHours } from '../core/reports/teacherHours';
import type { Roster } from '../core/roster';
import { planImport } from '../core/rosterImport';
import type { DayState } from '../core/state';
import { zonedTimeToEpoch } from '../core/time';
import { pinyinInitials } from '../hub/roster/initials';
import { summarize } from '../hub/roster/importRoster';
import { readTable } from '../hub/roster/readTable';
import { adminToken, request } from '../test/hub/hubProcess';
import type { BenchHub } from './lib/hubs';
import { REAL_HUB, spawnHub } from './lib/hubs';
import type { Row, SectionResult } from './lib/report';
import type { School, Semester } from './lib/school';
import { emptyCopy, semesterCopy } from './lib/school';
import { figure, fmt, median, num } from './lib/stats';

/** A month of service days: what 本月 covers. */
export const MONTH_DAYS = 22;

export interface OfficeSchool {
  /** '3,000 children' */
  label: string;
  school: School;
  semester: Semester;
}

const REPORTS = [
  { key: 'statistics', what: '月汇总 statistics by class', path: '/api/admin/reports/period', query: '&by=class' },
  { key: 'fees', what: '收费结算 fee statements', path: '/api/admin/reports/fees', query: '' },
  { key: 'hours', what: '看护教师课时 teachers’ hours', path: '/api/admin/reports/hours', query: '' },
] as const;
type ReportKey = (typeof REPORTS)[number]['key'];

interface Timed {
  ms: number;
  bytes: number;
}

async function timedGet(hub: BenchHub, token: string, url: string): Promise<Timed> {
  const t = performance.now();
  const r = await request<unknown>(hub, 'GET', url, { token });
  const ms = performance.now() - t;
  if (r.status !== 200) throw new Error(`${url}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
  return { ms, bytes: Buffer.byteLength(JSON.stringify(r.body)) };
}

/** The month's day files, read and parsed as the hub's log does (no validation: they were validated at ingest). */
function readMonth(dir: string): { day: string; events: CustodyEvent[] }[] {
  const events = path.join(dir, 'events');
  return readdirSync(events)
    .filter((f) => f.endsWith('.ndjson'))
    .sort()
    .map((f) => ({
      day: f.slice(0, 10),
      events: readFileSync(path.join(events, f), 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as CustodyEvent),
    }));
}

/** The pure parts of the three reports, in this process, one pass: ms for each. */
function pureParts(roster: Roster, dir: string) {
  const t0 = performance.now();
  const month = readMonth(dir);
  const t1 = performance.now();
  const states: DayState[] = month.map(({ day, events }) =>
    reduceDay({ roster, day, events, now: zonedTimeToEpoch(day, '23:59', roster.settings.timeZone) }),
  );
  const t2 = performance.now();
  periodStats(roster, states, 'class');
  const t3 = performance.now();
  feeStatements(roster, states);
  const t4 = performance.now();
  teacherHours(roster, month);
  const t5 = performance.now();
  return {
    read: t1 - t0,
    reducePerDay: (t2 - t1) / month.length,
    reduce: t2 - t1,
    statistics: t3 - t2,
    fees: t4 - t3,
    hours: t5 - t4,
    days: month.length,
    events: month.reduce((n, d) => n + d.events.length, 0),
  };
}

export async function officeReportsBench(o: {
  small: OfficeSchool;
  big: OfficeSchool;
  runs: number;
  log: (s: string) => void;
}): Promise<SectionResult> {
  const rows: Row[] = [];
  const notes: string[] = [];
  const missed: string[] = [];
  const dirs = {
    small: semesterCopy(o.small.school, o.small.semester, 'office-small', 'real', { days: MONTH_DAYS }),
    big: semesterCopy(o.big.school, o.big.semester, 'office-big', 'real', { days: MONTH_DAYS }),
  };
  const days = [...o.big.semester.dayFiles.keys()].slice(-MONTH_DAYS);
  const period = `?from=${days[0]}&to=${days.at(-1)}`;
  const warm: Record<'small' | 'big', Record<ReportKey, Timed[]>> = {
    small: { statistics: [], fees: [], hours: [] },
    big: { statistics: [], fees: [], hours: [] },
  };
  const cold: Record<'small' | 'big', number[]> = { small: [], big: [] };
  try {
    for (let r = 0; r < o.runs; r++) {
      for (const which of ['big', 'small'] as const) {
        // A fresh hub each run: its first report reads the month's day files from disk (then kept in memory).
        const hub = await spawnHub(REAL_HUB, dirs[which]);
        try {
          const token = await adminToken(hub);
          cold[which].push((await timedGet(hub, token, `${REPORTS[0].path}${period}${REPORTS[0].query}`)).ms);
          for (const rep of REPORTS)
            warm[which][rep.key].push(await timedGet(hub, token, `${rep.path}${period}${rep.query}`));
        } finally {
          await hub.stop();
        }
      }
      o.log(
        `  office reports run ${r + 1}: ${o.big.label} ${REPORTS.map((x) => `${x.key} ${num(warm.big[x.key].at(-1)!.ms)} ms`).join(', ')} (first after start ${num(cold.big.at(-1)!)} ms) | ${o.small.label} ${REPORTS.map((x) => `${x.key} ${num(warm.small[x.key].at(-1)!.ms)} ms`).join(', ')}`,
      );
    }
    const pure = { big: pureParts(o.big.school.roster, dirs.big), small: pureParts(o.small.school.roster, dirs.small) };
    o.log(
      `  pure parts ${o.big.label}: ${JSON.stringify(pure.big, (_, v: unknown) => (typeof v === 'number' ? Math.round(v) : v))}`,
    );
    o.log(
      `  pure parts ${o.small.label}: ${JSON.stringify(pure.small, (_, v: unknown) => (typeof v === 'number' ? Math.round(v) : v))}`,
    );
    const label = `a month (${days.length} service days, ${num(pure.big.events / 1000)}k events), ${o.big.label}`;
    const c = figure(cold.big);
    rows.push({
      section: 'Office',
      what: `${REPORTS[0].what}, the first report after a hub start (the month read from disk and reduced), ${label}`,
      ours: fmt(c, 'ms'),
      alt: `${fmt(figure(cold.small), 'ms')} at ${o.small.label}`,
      ratio: `${num(median(cold.big.map((x, i) => x / cold.small[i]!)))}×`,
      target: '≤ 1,000 ms',
      ok: c.median <= 1000,
    });
    if (c.median > 1000)
      missed.push(
        `**The first report after a hub start, ${label}: ${num(c.median)} ms against ≤ 1,000 ms** (${num(median(cold.small))} ms at ${o.small.label}). ` +
          `The hub reads no history at start, so the first report pays for the month: reading and parsing its ${pure.big.days} day files (${num(pure.big.events)} events, JSON.parse per line) ${num(pure.big.read)} ms in the bench's process, reduceDay ${num(pure.big.reducePerDay)} ms a day (${num(pure.big.reduce)} ms for the month), then periodStats ${num(pure.big.statistics)} ms. ` +
          'Later reports of the same month reuse the days the hub has kept read and reduced (the rows below). What would reach it: a reduceDay about 4× faster at 3,000 children (in a profile of a 3,000-child day, foldEvent and the custody rules take half, orderEvents and startFold most of the rest, and a third of the time is garbage collection); or a summary of each closed day (what the reports read from its state: received, absent with or without a reason, extended care, alerts) written once beside its day file, so a month is 22 small files, not 217,000 events. Since this bench, the hub does the last: 5 s after it starts it reads and reduces the last 31 days in the background (hub/routes/reports.ts), so a report asked for once that is done is as quick as the rows below; this row is taken at once after the start, before it is done.',
      );
    for (const rep of REPORTS) {
      const big = warm.big[rep.key],
        small = warm.small[rep.key];
      const f = figure(big.map((x) => x.ms));
      rows.push({
        section: 'Office',
        what: `${rep.what}, ${label}, after a first report (the days kept reduced; JSON ${num(big[0]!.bytes / 1024)} KB)`,
        ours: fmt(f, 'ms'),
        alt: `${fmt(figure(small.map((x) => x.ms)), 'ms')} at ${o.small.label}`,
        ratio: `${num(median(big.map((x, i) => x.ms / small[i]!.ms)))}×`,
        target: '≤ 1,000 ms',
        ok: f.median <= 1000,
      });
      if (f.median > 1000)
        missed.push(
          `**${rep.what} for ${label}, after a first report: ${num(f.median)} ms against ≤ 1,000 ms.** In this process: ` +
            (rep.key === 'hours'
              ? `teacherHours ${num(pure.big.hours)} ms (it reads the events, not the reduced days)`
              : `${rep.key === 'fees' ? 'feeStatements' : 'periodStats'} ${num(pure.big[rep.key])} ms on the kept days`) +
            `; the rest is the JSON (${num(big[0]!.bytes / 1024)} KB), HTTPS and this shared machine.`,
        );
    }
    const p = pure.big,
      q = pure.small;
    notes.push(
      `Office reports, the pure parts in the bench's process for ${o.big.label} (${o.small.label} in brackets): reading and parsing the month's ${p.days} day files ${num(p.read)} ms (${num(q.read)}); reduceDay ${num(p.reducePerDay)} ms a day, ${num(p.reduce)} ms for the month (${num(q.reduce)}); periodStats ${num(p.statistics)} ms (${num(q.statistics)}); feeStatements ${num(p.fees)} ms (${num(q.fees)}); teacherHours ${num(p.hours)} ms (${num(q.hours)}). The hub keeps the days it has read (hub/store/eventLog.ts) and, for the reports, the past days it has reduced (hub/routes/reports.ts): the first report after a start pays for both, the rest reuse them.`,
    );
  } finally {
    rmSync(dirs.small, { recursive: true, force: true });
    rmSync(dirs.big, { recursive: true, force: true });
  }
  return { rows, notes, missed };
}

const CN_GRADE = ['', '一', '二', '三', '四', '五', '六'];

/**
 * The school's 花名册 as the office keeps it in Excel: a merged title row, then 学号 姓名 年级 班级 课后服务班
 * 接送方式 校车 批次 监护人 关系 电话 重点关注 减免 (the hub's template's columns), one row per child, numbers as
 * numbers. Made from the roster the hub serves, with 1 % of the children moved to another class and 1 % new,
 * so the preview has something to show.
 */
export async function rosterXlsx(roster: Roster): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.addRow([`${roster.school.name}课后服务学生花名册`]);
  ws.mergeCells('A1:M1');
  ws.addRow([
    '学号',
    '姓名',
    '年级',
    '班级',
    '课后服务班',
    '接送方式',
    '校车',
    '批次',
    '监护人',
    '关系',
    '电话',
    '重点关注',
    '减免',
  ]);
  const classes = new Map(roster.classes.map((c) => [c.id, c]));
  const groups = new Map(roster.groups.map((g) => [g.id, g.name]));
  const guardians = new Map(roster.guardians.map((g) => [g.id, g]));
  const byGrade = new Map<number, string[]>();
  for (const c of roster.classes) byGrade.set(c.grade, [...(byGrade.get(c.grade) ?? []), c.id]);
  const classNo = (id: string) => /(\d+)班$/.exec(classes.get(id)?.name ?? '')?.[1] ?? '1';
  const moved = Math.max(1, Math.round(roster.students.length / 100));
  roster.students.forEach((s, i) => {
    const g = guardians.get(`gd-${s.id}`);
    // every 100th child moves to the next class of its grade
    const siblings = byGrade.get(s.grade) ?? [s.classId];
    const classId = i % 100 === 7 ? siblings[(siblings.indexOf(s.classId) + 1) % siblings.length]! : s.classId;
    ws.addRow([
      Number(s.studentNo) || s.studentNo,
      s.name,
      `${CN_GRADE[s.grade] ?? s.grade}年级`,
      `${classNo(classId)}班`,
      classId === s.classId && s.groupId ? (groups.get(s.groupId) ?? '') : '',
      s.pickup.kind === 'bus' ? '校车' : s.pickup.kind === 'walks_alone' ? '自行回家' : '家长接送',
      s.pickup.kind === 'bus' ? `${s.pickup.bus}号车` : '',
      s.pickupWave,
      g?.name ?? '',
      g?.relation ?? '',
      g?.phone ?? '',
      s.priority.includes('left_behind') ? '留守' : '',
      s.feeWaiver ? '是' : '否',
    ]);
  });
  const first = roster.students[0]!;
  for (let i = 0; i < moved; i++)
    ws.addRow([
      `2099${String(i).padStart(5, '0')}`,
      `新生${i}`,
      `${CN_GRADE[first.grade]}年级`,
      `${classNo(first.classId)}班`,
      '',
      '家长接送',
      '',
      1,
      `家长${i}`,
      '母亲',
      `139${String(i).padStart(8, '0')}`,
      '',
      '否',
    ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

interface PreviewAnswer {
  counts: { added: number; changed: number; removed: number; errors: number };
}

export async function importPreviewBench(o: {
  small: School;
  big: School;
  runs: number;
  log: (s: string) => void;
}): Promise<SectionResult> {
  const files = { small: await rosterXlsx(o.small.roster), big: await rosterXlsx(o.big.roster) };
  const ms: Record<'small' | 'big', number[]> = { small: [], big: [] };
  let counts: PreviewAnswer['counts'] | undefined;
  let answerBytes = 0;
  // Copies without the history: the preview reads the roster only, and the seeded folders stay as they were.
  const dirs = { small: emptyCopy(o.small, 'import-small'), big: emptyCopy(o.big, 'import-big') };
  const hubs = { small: await spawnHub(REAL_HUB, dirs.small), big: await spawnHub(REAL_HUB, dirs.big) };
  try {
    const tokens = { small: await adminToken(hubs.small), big: await adminToken(hubs.big) };
    for (let r = 0; r < o.runs; r++) {
      for (const which of ['big', 'small'] as const) {
        const t = performance.now();
        const res = await request<PreviewAnswer>(
          hubs[which],
          'POST',
          `/api/admin/roster/preview?file=${encodeURIComponent('花名册.xlsx')}`,
          {
            token: tokens[which],
            rawBody: files[which],
            headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
          },
        );
        ms[which].push(performance.now() - t);
        if (res.status !== 200) throw new Error(`preview: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
        if (which === 'big') {
          counts = res.body.counts;
          answerBytes = Buffer.byteLength(JSON.stringify(res.body));
        }
      }
      o.log(
        `  import preview run ${r + 1}: ${o.big.roster.students.length} rows ${num(ms.big.at(-1)!)} ms | ${o.small.roster.students.length} rows ${num(ms.small.at(-1)!)} ms (${JSON.stringify(counts)})`,
      );
    }
  } finally {
    await hubs.small.stop();
    await hubs.big.stop();
    for (const d of Object.values(dirs)) rmSync(d, { recursive: true, force: true });
  }
  // The parts, in this process: reading the .xlsx, planning the import, the summary the page gets.
  const t0 = performance.now();
  const table = await readTable('花名册.xlsx', files.big);
  const t1 = performance.now();
  const plan = planImport(o.big.roster, table, {
    randomBytes: (n) => randomBytes(n),
    initials: pinyinInitials,
    now: Date.now(),
  });
  const t2 = performance.now();
  summarize(plan, o.big.roster);
  const t3 = performance.now();
  const f = figure(ms.big);
  const rows: Row[] = [
    {
      section: 'Office',
      what: `花名册 .xlsx import preview, ${num(table.length - 2)} rows (${num(files.big.length / 1024)} KB; ${counts?.added} added, ${counts?.changed} changed, ${counts?.errors} errors), end to end`,
      ours: fmt(f, 'ms'),
      alt: `${fmt(figure(ms.small), 'ms')} at ${o.small.roster.students.length} rows`,
      ratio: `${num(median(ms.big.map((x, i) => x / ms.small[i]!)))}×`,
      target: '≤ 3,000 ms',
      ok: f.median <= 3000,
    },
  ];
  const parts = `reading the .xlsx (exceljs) ${num(t1 - t0)} ms, planImport ${num(t2 - t1)} ms, the summary ${num(t3 - t2)} ms, an answer of ${num(answerBytes / 1024)} KB`;
  return {
    rows,
    notes: [`Import preview of ${num(table.length - 2)} rows, its parts in the bench's process: ${parts}.`],
    missed:
      f.median <= 3000
        ? []
        : [
            `**Import preview of ${num(table.length - 2)} rows: ${num(f.median)} ms against ≤ 3,000 ms.** Its parts: ${parts}.`,
          ],
  };
}
