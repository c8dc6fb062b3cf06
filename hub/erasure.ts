/**
 * Erasing one child everywhere the hub keeps them (PIPL, a parent's request or a child who left), and the export
 * of one child's records for an access request (个人信息查阅).
 *
 * What goes: the child's roster entry, their guardians who collect no other child (a sibling's guardian stays,
 * without this child on their list), revoked cards of either, every event about the child (its `studentId`), a
 * correction of one of those events, an acknowledgement of an alert about the child; a duty leader's inspection
 * that listed the child as missing stays, without the child in its list; the child's name, 学号 and id and the
 * removed guardians' names and phones are cut out of the free text of every other event (notes, reasons, who
 * collected). Day files are rewritten whole (temp file, fsync, rename); a day left with no event is deleted; the
 * other events keep their sequence numbers, and when the day's last event goes the last kept one takes its number,
 * so a tablet that had seen it never misses a later event. school.json.bak, the previous roster version, is the
 * roster without the child too; fragments and damaged copies the hub set aside that name the child are deleted.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CustodyEvent } from '../core/events';
import { occurredAt } from '../core/events';
import type { ReportTable } from '../core/reports/reportTable';
import type { Guardian, Roster, Student } from '../core/roster';
import { localDay, localTime } from '../core/time';
import type { RosterStore } from './rosterStore';
import type { FileOps } from './retention';
import { AUDIT_FILE, nodeFileOps, replaceDurably, retryBusy } from './retention';

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.ndjson$/;
const SET_ASIDE = /(\.ndjson\.torn-\d+|\.json\.damaged-\d+)$/;
/** The hub's own copies of the 紧急点名表 (hub/reports/rollCallPdf.ts rollCallCopies). */
const ROLL_CALL_COPY = /^roll-call\/[^/]+\.pdf$/;
/** free-text fields of events, the only ones scrubbed (ids stay exactly as stored) */
const TEXT_KEYS = new Set(['note', 'reason', 'collectedBy', 'place']);
export const ERASED_TEXT = '[已删除]';

type Line = Record<string, unknown> & { id?: unknown; seq?: unknown; type?: unknown };

/** What identifies the child (and their own guardians) in text. */
interface Needles {
  id: string;
  /** strings searched in files: a file without any is not read further */
  raw: string[];
  /** matched in free text */
  text: RegExp[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** a 学号, an id or a phone as a whole token, not inside a longer run of letters and digits */
const token = (s: string) => new RegExp(`(?<![A-Za-z0-9])${escape(s)}(?![A-Za-z0-9])`, 'g');

function needlesFor(student: Student, ownGuardians: Guardian[]): Needles {
  const names = [student.name, ...ownGuardians.map((g) => g.name)].filter((n) => n.length >= 2);
  const tokens = [student.id, student.studentNo, ...ownGuardians.map((g) => g.phone.replace(/[ -]/g, ''))];
  return {
    id: student.id,
    raw: [...new Set([student.id, student.studentNo, ...names])],
    text: [...names.map((n) => new RegExp(escape(n), 'g')), ...tokens.map(token)],
  };
}

function scrub(value: unknown, n: Needles, key = ''): { value: unknown; changed: boolean } {
  if (typeof value === 'string') {
    if (!TEXT_KEYS.has(key)) return { value, changed: false };
    const out = n.text.reduce((s, re) => s.replace(re, ERASED_TEXT), value);
    return { value: out, changed: out !== value };
  }
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const r = scrub(v, n, key);
      changed ||= r.changed;
      return r.value;
    });
    return { value: out, changed };
  }
  if (value && typeof value === 'object') {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = scrub(v, n, k);
      changed ||= r.changed;
      out[k] = r.value;
    }
    return { value: out, changed };
  }
  return { value, changed: false };
}

export interface DayRewrite {
  day: string;
  /** events about the child, removed */
  removed: number;
  /** other events changed: the child taken out of an inspection's list, or out of a note */
  edited: number;
  /** the new file, or null when no event is left (the file is deleted) */
  content: string | null;
}

/** One day file without the child. `removedIds` gathers the ids of removed events across days (in day order). */
export function rewriteDay(day: string, text: string, n: Needles, removedIds: Set<string>): DayRewrite {
  const end = text.lastIndexOf('\n') + 1;
  const lines = text.slice(0, end).split('\n');
  lines.pop();
  const tail = text.slice(end);
  const parsed = lines.map((l): Line | null => {
    try {
      const v = JSON.parse(l) as unknown;
      return v && typeof v === 'object' && !Array.isArray(v) ? (v as Line) : null;
    } catch {
      return null;
    }
  });
  const mentions = (s: string) => n.raw.some((x) => s.includes(x));
  const about = (e: Line) =>
    e.studentId === n.id ||
    (e.type === 'corrected' && removedIds.has(String(e.targetId))) ||
    (e.type === 'alert_acknowledged' &&
      typeof e.alertKey === 'string' &&
      (e.alertKey.endsWith(`:${n.id}`) || removedIds.has(e.alertKey.slice(e.alertKey.indexOf(':') + 1))));
  // Two passes: a correction or an acknowledgement may come before the event it names in the file.
  const drop = new Set<number>();
  for (let pass = 0; pass < 2; pass++) {
    parsed.forEach((e, i) => {
      if (e && !drop.has(i) && about(e)) {
        drop.add(i);
        removedIds.add(String(e.id));
      }
    });
  }
  let removed = 0;
  let edited = 0;
  let maxSeq = 0;
  let maxDropped = false;
  const kept: { line: string; event: Line | null }[] = [];
  parsed.forEach((e, i) => {
    const seq = e && Number.isInteger(e.seq) ? (e.seq as number) : 0;
    if (seq > maxSeq) {
      maxSeq = seq;
      maxDropped = drop.has(i);
    }
    if (drop.has(i)) {
      removed++;
      return;
    }
    if (!e) {
      // a line the log could not read either: kept as it is, unless it names the child
      if (!mentions(lines[i]!)) kept.push({ line: lines[i]!, event: null });
      else removed++;
      return;
    }
    let next: Line = e;
    let changed = false;
    if (e.type === 'headcount_inspected' && Array.isArray(e.missingStudentIds) && e.missingStudentIds.includes(n.id)) {
      next = { ...next, missingStudentIds: e.missingStudentIds.filter((s) => s !== n.id) };
      changed = true;
    }
    const s = scrub(next, n);
    if (s.changed) {
      next = s.value as Line;
      changed = true;
    }
    if (changed) edited++;
    kept.push({ line: changed ? JSON.stringify(next) : lines[i]!, event: next });
  });
  if (removed === 0 && edited === 0 && !(tail && mentions(tail))) {
    return { day, removed, edited, content: text };
  }
  if (maxDropped) {
    const last = [...kept].reverse().find((k) => k.event);
    if (last?.event) {
      last.event = { ...last.event, seq: maxSeq };
      last.line = JSON.stringify(last.event);
    }
  }
  // A torn last line was never acknowledged: kept for the log's own repair unless it names the child.
  const keptTail = tail && !mentions(tail) ? tail : '';
  if (kept.length === 0 && !keptTail) return { day, removed, edited, content: null };
  return { day, removed, edited, content: kept.map((k) => k.line + '\n').join('') + keptTail };
}

export interface ErasurePlan {
  student: Student;
  /** guardians who collect only this child: removed */
  guardiansRemoved: Guardian[];
  /** guardians who also collect a sibling: kept, without this child */
  guardiansKept: Guardian[];
  days: DayRewrite[];
  /** files set aside by the hub's repairs that name the child: deleted */
  setAside: string[];
  /** school.json.bak names the child */
  inBackup: boolean;
  /** other files in the data folder that name the child and that the erasure does not change (should be none) */
  others: string[];
}

async function walk(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const full = path.join(dir, name);
    const s = await stat(full).catch(() => null);
    if (!s) continue;
    if (s.isDirectory()) out.push(...(await walk(full, base)));
    else out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out.sort();
}

/** Reads the data folder and says what erasing the child would change. Changes nothing. */
export async function planErasure(dataDir: string, roster: Roster, studentId: string): Promise<ErasurePlan | null> {
  const student = roster.students.find((s) => s.id === studentId);
  if (!student) return null;
  const mine = roster.guardians.filter((g) => g.studentIds.includes(studentId));
  const guardiansRemoved = mine.filter((g) => g.studentIds.length === 1);
  const guardiansKept = mine.filter((g) => g.studentIds.length > 1);
  const n = needlesFor(student, guardiansRemoved);
  const plan: ErasurePlan = {
    student,
    guardiansRemoved,
    guardiansKept,
    days: [],
    setAside: [],
    inBackup: false,
    others: [],
  };
  const removedIds = new Set<string>();
  for (const rel of await walk(dataDir)) {
    if (rel === AUDIT_FILE || rel.startsWith('tls/') || rel === 'school.json') continue;
    // RC5's paper rolls name every child on campus, in compressed PDF text no search can find or rewrite: each one
    // goes, listed in the preview (the roll calls themselves stay in the day's log, without the child).
    if (ROLL_CALL_COPY.test(rel)) {
      plan.setAside.push(rel);
      continue;
    }
    const bytes = await readFile(path.join(dataDir, rel));
    if (!n.raw.some((x) => bytes.includes(x))) continue;
    const day = rel.startsWith('events/') ? DAY_FILE.exec(rel.slice('events/'.length))?.[1] : undefined;
    if (day) {
      const r = rewriteDay(day, bytes.toString('utf8'), n, removedIds);
      if (r.removed || r.edited || r.content !== bytes.toString('utf8')) plan.days.push(r);
    } else if (rel === 'school.json.bak') plan.inBackup = true;
    else if (SET_ASIDE.test(rel) || rel.endsWith('.privacy-tmp')) plan.setAside.push(rel);
    else plan.others.push(rel);
  }
  return plan;
}

export function rosterWithout(roster: Roster, studentId: string): Roster {
  const gone = new Set(
    roster.guardians.filter((g) => g.studentIds.length === 1 && g.studentIds[0] === studentId).map((g) => g.id),
  );
  return {
    ...roster,
    students: roster.students.filter((s) => s.id !== studentId),
    guardians: roster.guardians
      .filter((g) => !gone.has(g.id))
      .map((g) =>
        g.studentIds.includes(studentId) ? { ...g, studentIds: g.studentIds.filter((s) => s !== studentId) } : g,
      ),
    revokedCards: roster.revokedCards.filter((c) => c.ownerId !== studentId && !gone.has(c.ownerId)),
  };
}

export interface ErasureResult {
  removedEvents: number;
  editedEvents: number;
  days: number;
  files: string[];
}

/**
 * Erases the child: run inside the event log's `maintain` (log closed, nothing appended meanwhile). The day files
 * go first, the roster last, so an erasure stopped by a busy file leaves the child on the roster and can simply
 * be run again (what was already rewritten has nothing left to change).
 */
export async function applyErasure(opts: {
  dataDir: string;
  rosters: RosterStore;
  studentId: string;
  ops?: FileOps;
}): Promise<ErasureResult | null> {
  const ops = opts.ops ?? nodeFileOps;
  const plan = await planErasure(opts.dataDir, opts.rosters.roster, opts.studentId);
  if (!plan) return null;
  const files: string[] = [];
  for (const d of plan.days) {
    const file = path.join(opts.dataDir, 'events', `${d.day}.ndjson`);
    if (d.content === null) await retryBusy(ops, () => ops.unlink(file));
    else await replaceDurably(ops, file, d.content);
    files.push(`events/${d.day}.ndjson`);
  }
  for (const rel of plan.setAside) {
    await retryBusy(ops, () => ops.unlink(path.join(opts.dataDir, rel))).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    files.push(rel);
  }
  const next = rosterWithout(opts.rosters.roster, opts.studentId);
  // Written twice: each write keeps the version it replaces as school.json.bak, so after the second the
  // previous version is the roster without the child as well.
  await retryBusy(ops, () => opts.rosters.replace(next, { kind: 'erasure', forgetStudentId: opts.studentId }));
  await retryBusy(ops, () => opts.rosters.replace(opts.rosters.roster));
  files.push('school.json', 'school.json.bak');
  return {
    removedEvents: plan.days.reduce((s, d) => s + d.removed, 0),
    editedEvents: plan.days.reduce((s, d) => s + d.edited, 0),
    days: plan.days.length,
    files,
  };
}

// --- the export for an access request (个人信息查阅)

const EVENT_ZH: Record<CustodyEvent['type'], string> = {
  handed_off: '交出（科任老师送往课后服务班）',
  checked_in: '签到（课后服务班接收）',
  transferred: '转移',
  picked_up_early: '提前接走',
  called_to_gate: '家长到校门，呼叫送出',
  sent_to_gate: '送到校门',
  released: '离校',
  extended_care_started: '延时托管',
  leave_recorded: '请假',
  arrangement_recorded: '接送安排',
  marked_absent: '缺席',
  corrected: '更正',
  headcount_inspected: '巡查清点：未见到本人',
  alert_acknowledged: '警报已处理',
  roll_call_started: '紧急点名开始',
  marked_safe: '紧急点名：已确认安全',
  roll_call_ended: '紧急点名结束',
  staff_signed_in: '教师签到',
  staff_signed_out: '教师签退',
};
const REASON_ZH: Record<string, string> = { sick: '病假', personal: '事假', other: '其他' };

function detailOf(e: CustodyEvent, roster: Roster): string {
  const group = (id: string) => roster.groups.find((g) => g.id === id)?.name ?? id;
  const club = (id: string) => roster.clubs.find((c) => c.id === id)?.name ?? id;
  const guardian = (id: string) => roster.guardians.find((g) => g.id === id);
  const how = (s: { kind: string }) => (s.kind === 'card' ? '刷卡' : s.kind === 'group' ? '整班/整组' : '手动');
  switch (e.type) {
    case 'handed_off':
      return `送往 ${group(e.toGroupId)}（${how(e.source)}）`;
    case 'checked_in':
      return `${group(e.groupId)}${e.jointWithStaffId ? '（整班交接）' : ''}（${how(e.source)}）`;
    case 'transferred':
      return e.to.kind === 'group'
        ? `到 ${group(e.to.groupId)}`
        : e.to.kind === 'club'
          ? `到社团 ${club(e.to.clubId)}`
          : '到医务室';
    case 'picked_up_early':
      return `接走人：${e.collectedBy}；原因：${e.reason}`;
    case 'sent_to_gate':
      return e.wave ? `第 ${e.wave} 批` : '';
    case 'released': {
      const h = e.how;
      if (h.kind === 'guardian_card') {
        const g = guardian(h.guardianId);
        return `接送卡：${g ? `${g.name}（${g.relation}）` : '接送人'}`;
      }
      if (h.kind === 'reunified') return `集合点交家长：${h.collectedBy}`;
      if (h.kind === 'delegate') return `临时代接：${h.collectedBy}`;
      return h.kind === 'staff_confirmed'
        ? `家长接：${h.collectedBy}`
        : h.kind === 'bus'
          ? `校车 ${h.bus}`
          : '自行回家';
    }
    case 'extended_care_started':
      return `地点：${e.place}`;
    case 'leave_recorded':
      return `${REASON_ZH[e.reason] ?? e.reason}${e.note ? `：${e.note}` : ''}`;
    case 'arrangement_recorded': {
      const a = e.arrangement;
      const what =
        a.kind === 'early_pickup'
          ? `提前接 ${a.at}，${a.collectedBy}`
          : a.kind === 'late_pickup'
            ? `晚接 ${a.at}${a.collectedBy ? `，${a.collectedBy}` : ''}`
            : a.kind === 'delegate'
              ? `临时代接 ${a.collectedBy}${a.relation ? `（${a.relation}）` : ''}`
              : '更改回家方式';
      return `${what}${e.note ? `；${e.note}` : ''}`;
    }
    case 'marked_absent':
      return e.reason ? `原因：${e.reason}` : '无原因';
    case 'corrected':
      return `更正原因：${e.reason}`;
    case 'headcount_inspected':
      return `${group(e.groupId)}`;
    case 'alert_acknowledged':
      return e.note;
    default:
      return '';
  }
}

const maskPhone = (p: string) => {
  const digits = p.replace(/\D/g, '');
  return digits.length >= 4 ? `尾号 ${digits.slice(-4)}` : '';
};

/** The child's events within retention: about them, a leader's inspection that missed them, corrections of those. */
export async function studentEvents(dataDir: string, studentId: string, keepFrom: string): Promise<CustodyEvent[]> {
  const dir = path.join(dataDir, 'events');
  const out: CustodyEvent[] = [];
  const ids = new Set<string>();
  for (const name of (await readdir(dir).catch(() => [] as string[])).sort()) {
    const day = DAY_FILE.exec(name)?.[1];
    if (!day || day < keepFrom) continue;
    const text = await readFile(path.join(dir, name), 'utf8');
    if (!text.includes(studentId)) continue;
    const events = text
      .split('\n')
      .filter(Boolean)
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as CustodyEvent];
        } catch {
          return [];
        }
      });
    const mine = (e: CustodyEvent) =>
      ('studentId' in e && e.studentId === studentId) ||
      (e.type === 'headcount_inspected' && e.missingStudentIds.includes(studentId)) ||
      (e.type === 'alert_acknowledged' &&
        (e.alertKey.endsWith(`:${studentId}`) || ids.has(e.alertKey.split(':')[1] ?? ''))) ||
      (e.type === 'corrected' && ids.has(e.targetId));
    for (let pass = 0; pass < 2; pass++) {
      for (const e of events) {
        if (!ids.has(e.id) && mine(e)) {
          ids.add(e.id);
          out.push(e);
        }
      }
    }
  }
  return out.sort((a, b) => a.day.localeCompare(b.day) || occurredAt(a) - occurredAt(b));
}

/** 个人信息查阅: the child's roster entry and every record about them, Chinese headers; no other child's data. */
export async function exportTable(
  dataDir: string,
  roster: Roster,
  student: Student,
  keepFrom: string,
  now: number,
): Promise<ReportTable> {
  const tz = roster.settings.timeZone;
  const cls = roster.classes.find((c) => c.id === student.classId)?.name ?? '';
  const grp = student.groupId ? (roster.groups.find((g) => g.id === student.groupId)?.name ?? '') : '未报名课后服务';
  const pickup =
    student.pickup.kind === 'bus'
      ? `校车 ${student.pickup.bus}`
      : student.pickup.kind === 'walks_alone'
        ? '自行回家（家长书面同意）'
        : '家长接送';
  const info: [string, string][] = [
    ['学号', student.studentNo],
    ['姓名', student.name],
    ['年级', String(student.grade)],
    ['班级', cls],
    ['课后服务班', grp],
    ['回家方式', pickup],
    ['离校批次', String(student.pickupWave)],
    ['学生卡', student.cardId ? '已发卡（卡号不在此导出：凭卡号可复制卡片）' : '无'],
    ['免费（建档立卡等）', student.feeWaiver ? '是' : '否'],
    ['优先群体', student.priority.length ? student.priority.join('、') : '无'],
    ...roster.guardians
      .filter((g) => g.studentIds.includes(student.id))
      .map((g): [string, string] => ['接送人', `${g.name}（${g.relation}）${maskPhone(g.phone)}`]),
  ];
  const staff = (id: string) => roster.staff.find((s) => s.id === id)?.name ?? id;
  const events = await studentEvents(dataDir, student.id, keepFrom);
  const rows = [
    ...info.map(([k, v]) => ['花名册', '', '', k, v, '']),
    ...events.map((e) => [
      '记录',
      e.day,
      localTime(occurredAt(e), tz),
      EVENT_ZH[e.type],
      detailOf(e, roster),
      staff(e.staffId),
    ]),
  ];
  return {
    title: `${roster.school.name} 个人信息查阅 学号 ${student.studentNo} 导出于 ${localDay(now, tz)}（保存自 ${keepFrom} 起的记录）`,
    columns: ['类别', '日期', '时间', '项目', '内容', '记录人'],
    rows,
  };
}
