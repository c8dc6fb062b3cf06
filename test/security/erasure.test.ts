/**
 * Erasing one child (PIPL) and exporting one child's records (个人信息查阅), on a real hub with its clock pinned
 * to a school afternoon and last week's demo records on disk: a preview changes nothing; bad input is refused in
 * Chinese and changes nothing; after the erasure no file of the data folder holds the child's id, name, 学号,
 * card, or their own guardian's name or phone (the 学号 only in the privacy audit, with no name); other children's
 * daily sheets and fee statements are unchanged; tablets are told the roster changed and no longer get the child;
 * the hub restarts on the rewritten files. The export holds the child's events and no other child's data.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErasureDone, ErasurePreview } from '../../core/contract';
import type { Roster, Student } from '../../core/roster';
import { addDays } from '../../core/time';
import { makeDemoSchool } from '../../hub/demo/demoSchool';
import { applyErasure, rewriteDay, studentEvents } from '../../hub/erasure';
import type { FileOps } from '../../hub/retention';
import { AUDIT_FILE, isBusy, nodeFileOps } from '../../hub/retention';
import { RosterStore } from '../../hub/rosterStore';
import { recentSchoolAfternoon } from '../fakeClock';
import type { RunningHub } from '../hub/hubProcess';
import { adminToken, connectedSocket, readyKiosk, startHub } from '../hub/hubProcess';
import { expectProblem, req, storedState } from './hubState';

const at = recentSchoolAfternoon();
let hub: RunningHub;
let admin: string;
let roster: Roster;
let today: string;
let child: Student;
let other: Student;

/** Every file of the data folder, by path, as text. */
function allFiles(dir: string, base = dir): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) Object.assign(out, allFiles(full, base));
    else out[path.relative(base, full)] = readFileSync(full, 'utf8');
  }
  return out;
}
const dayFiles = () =>
  readdirSync(path.join(hub.dataDir, 'events')).filter((f) => /^\d{4}-\d{2}-\d{2}\.ndjson$/.test(f));
const eventsOf = (id: string) =>
  dayFiles().flatMap((f) =>
    readFileSync(path.join(hub.dataDir, 'events', f), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { studentId?: string; day: string; type: string })
      .filter((e) => e.studentId === id),
  );
const token = (s: string) => new RegExp(`(?<![A-Za-z0-9])${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`);

/** Daily sheets of every group on every day with records, and the fee statements: the rows of other children. */
async function othersReports(): Promise<unknown> {
  const days = dayFiles()
    .map((f) => f.slice(0, 10))
    .filter((d) => d <= today);
  const sheets: Record<string, unknown> = {};
  for (const day of days) {
    for (const g of roster.groups) {
      const r = await req<{ rows: { studentNo: string }[] }>(
        hub,
        'GET',
        `/api/admin/reports/daily?date=${day}&group=${g.id}`,
        { token: admin },
      );
      expect(r.status).toBe(200);
      sheets[`${day} ${g.id}`] = r.body.rows.filter((x) => x.studentNo !== child.studentNo);
    }
  }
  const fees = await req<{ lines: { studentNo?: string; studentId?: string }[] }>(
    hub,
    'GET',
    `/api/admin/reports/fees?from=${days[0]}&to=${today}`,
    { token: admin },
  );
  expect(fees.status).toBe(200);
  const feeLines = fees.body.lines.filter((l) => JSON.stringify(l).indexOf(child.studentNo) < 0);
  return { sheets, feeLines };
}

beforeAll(async () => {
  hub = await startHub({ clockAt: at });
  admin = await adminToken(hub);
  roster = (await req<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: admin })).body.roster;
  today = (await req<{ today: string }>(hub, 'GET', '/api/admin/privacy', { token: admin })).body.today;
  const text = JSON.stringify(roster);
  const count = (s: string) => text.split(s).length - 1;
  // A child with records, one guardian of their own, and a name that is in the roster once (so a search for it
  // finds this child only); the other is in the same group.
  const candidates = roster.students.filter(
    (s) =>
      s.groupId !== null &&
      count(s.name) === 1 &&
      count(s.studentNo) === 1 &&
      roster.guardians
        .filter((g) => g.studentIds.includes(s.id))
        .every((g) => g.studentIds.length === 1 && count(g.name) === 1),
  );
  child = candidates.find((s) => eventsOf(s.id).length >= 3)!;
  other = candidates.find((s) => s.id !== child.id && s.groupId === child.groupId && eventsOf(s.id).length >= 3)!;
  expect(child && other).toBeTruthy();
  const leaderStaff = roster.staff.find((s) => s.roles.includes('duty_leader'))!;
  const now = Date.now() + hub.clockOffsetMs;
  // Today: a leader's inspection that missed both children (the note names the child), leave ahead for the child.
  const inspection = {
    id: randomUUID(),
    day: today,
    deviceId: 'office',
    staffId: leaderStaff.id,
    deviceTime: now,
    clockOffsetMs: 0,
    type: 'headcount_inspected',
    groupId: child.groupId,
    counted: 20,
    systemCount: 22,
    note: `没看到${child.name}和另一名学生`,
    missingStudentIds: [child.id, other.id],
  };
  const stored = await req<{ results: { status: string }[] }>(hub, 'POST', '/api/events', {
    token: admin,
    body: { events: [inspection] },
  });
  expect(stored.body.results.map((r) => r.status)).toEqual(['stored']);
  const leave = await req(hub, 'POST', '/api/admin/leave', {
    token: admin,
    body: {
      staffId: leaderStaff.id,
      studentId: child.id,
      from: addDays(today, 1),
      to: addDays(today, 3),
      reason: 'sick',
      note: '发烧',
    },
  });
  expect(leave.status).toBe(200);
  // RC5: the hub's copy of a roll call's paper sheet, as it writes one when a roll call starts (compressed PDF).
  mkdirSync(path.join(hub.dataDir, 'roll-call'), { recursive: true });
  writeFileSync(path.join(hub.dataDir, 'roll-call', `${today}-1530.pdf`), '%PDF-1.3\n(compressed)\n%%EOF\n');
}, 120_000);
afterAll(async () => {
  await hub?.stop();
});

const preview = (studentId: string) =>
  req<ErasurePreview>(hub, 'POST', '/api/admin/privacy/erasure/preview', { token: admin, body: { studentId } });

describe('erasure: preview and refusals change nothing', () => {
  it('the preview counts the events and days and names the files, and changes no file', async () => {
    const before = allFiles(hub.dataDir);
    const r = await preview(child.id);
    expect(r.status).toBe(200);
    const mine = eventsOf(child.id);
    expect(r.body.events).toBe(mine.length);
    expect(r.body.edited).toBe(1); // the inspection
    expect(r.body.days.map((d) => d.day).sort()).toEqual([...new Set([...mine.map((e) => e.day), today])].sort());
    expect(r.body.student).toMatchObject({ studentNo: child.studentNo, name: child.name });
    expect(r.body.files).toContain('school.json');
    expect(r.body.files).toContain(`events/${today}.ndjson`);
    expect(r.body.files).toContain(`roll-call/${today}-1530.pdf`);
    expect(r.body.guardiansRemoved.length).toBe(1);
    expect(r.body.untouched).toEqual([]);
    expect(allFiles(hub.dataDir)).toEqual(before);
  });

  it('bad input is refused with a reason in Chinese, and nothing changes', async () => {
    const before = storedState(hub);
    const p = (await preview(child.id)).body;
    const cases: [string, unknown, number, RegExp][] = [
      ['/api/admin/privacy/erasure/preview', { studentId: 'nobody' }, 404, /花名册中没有这名学生/],
      ['/api/admin/privacy/erasure/preview', { studentId: '../school.json' }, 400, /记录格式不正确/],
      ['/api/admin/privacy/erasure/preview', {}, 400, /记录格式不正确/],
      [
        '/api/admin/privacy/erasure',
        { previewId: p.previewId, studentNo: other.studentNo, operator: '王老师' },
        400,
        /学号.*不符.*未删除/,
      ],
      [
        '/api/admin/privacy/erasure',
        { previewId: randomUUID(), studentNo: child.studentNo, operator: '王老师' },
        404,
        /预览已过期.*未删除/,
      ],
      ['/api/admin/privacy/erasure', { previewId: p.previewId, studentNo: child.studentNo }, 400, /记录格式不正确/],
      [
        '/api/admin/privacy/erasure',
        { previewId: 'x', studentNo: child.studentNo, operator: '王老师' },
        400,
        /记录格式不正确/,
      ],
    ];
    for (const [url, body, status, zh] of cases) {
      const r = await req<{ problem: { zh: string } }>(hub, 'POST', url, { token: admin, body });
      expect(r.status, JSON.stringify(body)).toBe(status);
      expectProblem(r.body.problem, url);
      expect(r.body.problem.zh).toMatch(zh);
    }
    expect((await req(hub, 'GET', '/api/admin/privacy/export/nobody', { token: admin })).status).toBe(404);
    expect(storedState(hub)).toEqual(before);
  });
});

describe('the export for an access request (个人信息查阅)', () => {
  it("holds the child's roster entry and every event about them, in Chinese headers, and no other child's data", async () => {
    const r = await req<{ title: string; columns: string[]; rows: string[][] }>(
      hub,
      'GET',
      `/api/admin/privacy/export/${other.id}?format=json`,
      { token: admin },
    );
    expect(r.status).toBe(200);
    expect(r.headers['content-disposition']).toContain('attachment');
    expect(r.body.columns).toEqual(['类别', '日期', '时间', '项目', '内容', '记录人']);
    const records = r.body.rows.filter((x) => x[0] === '记录');
    // the child's own events, and the inspection that missed them (which lists the first child too)
    expect(records.length).toBe(eventsOf(other.id).length + 1);
    expect(records.some((x) => x[3] === '巡查清点：未见到本人')).toBe(true);
    const text = JSON.stringify(r.body);
    expect(text).toContain(other.name);
    expect(text).toContain(other.studentNo);
    for (const s of roster.students.filter((x) => x.id !== other.id)) {
      expect(token(s.studentNo).test(text), s.studentNo).toBe(false);
      expect(token(s.id).test(text), s.id).toBe(false);
    }
    expect(text).not.toContain(child.name);
    for (const g of roster.guardians) expect(text).not.toContain(g.phone);
    for (const s of roster.students) if (s.cardId) expect(text).not.toContain(s.cardId);
    const csv = await req<string>(hub, 'GET', `/api/admin/privacy/export/${other.id}?format=csv`, { token: admin });
    expect(csv.body.startsWith('\uFEFF类别,日期,时间,项目,内容,记录人')).toBe(true);
    const xlsx = await req(hub, 'GET', `/api/admin/privacy/export/${other.id}`, { token: admin });
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });
});

describe('erasure', () => {
  let done: ErasureDone;
  let othersBefore: unknown;
  let versionBefore: number;
  let rosterChanged: Promise<{ version: number }>;

  beforeAll(async () => {
    othersBefore = await othersReports();
    const kiosk = await readyKiosk(hub, ['care-1a']);
    const socket = await connectedSocket(hub, kiosk.token);
    rosterChanged = new Promise((resolve) => socket.once('rosterChanged', resolve));
    versionBefore = (await req<{ version: number }>(hub, 'GET', '/api/roster', { token: admin })).body.version;
    const p = (await preview(child.id)).body;
    const r = await req<ErasureDone>(hub, 'POST', '/api/admin/privacy/erasure', {
      token: admin,
      body: { previewId: p.previewId, studentNo: child.studentNo, operator: '教导处王老师' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    done = r.body;
    (globalThis as { kioskToken?: string }).kioskToken = kiosk.token;
    socket.close();
  }, 120_000);

  it('leaves no trace of the child in any file of the data folder', () => {
    const guardians = roster.guardians.filter((g) => g.studentIds.includes(child.id));
    const traces = [
      child.id,
      child.name,
      child.cardId!,
      ...guardians.flatMap((g) => [g.name, g.phone, g.id, g.cardId!]),
    ];
    for (const [file, text] of Object.entries(allFiles(hub.dataDir))) {
      for (const t of traces) expect(text.includes(t), `${t} in ${file}`).toBe(false);
      if (file !== AUDIT_FILE) expect(token(child.studentNo).test(text), `学号 in ${file}`).toBe(false);
    }
    expect(eventsOf(child.id)).toEqual([]);
    expect(done.removedEvents).toBeGreaterThanOrEqual(3);
    // the leave ahead was the only record on those days: the files are gone
    for (let i = 1; i <= 3; i++) expect(dayFiles()).not.toContain(`${addDays(today, i)}.ndjson`);
    // the paper roll could not be rewritten without the child: it is gone
    expect(existsSync(path.join(hub.dataDir, 'roll-call', `${today}-1530.pdf`))).toBe(false);
  });

  it("keeps the inspection, without the child in its list or its note, and other children's reports unchanged", async () => {
    const lines = readFileSync(path.join(hub.dataDir, 'events', `${today}.ndjson`), 'utf8')
      .split('\n')
      .filter(Boolean);
    const inspection = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((e) => e.type === 'headcount_inspected')!;
    expect(inspection.missingStudentIds).toEqual([other.id]);
    expect(inspection.note).toBe('没看到[已删除]和另一名学生');
    expect(await othersReports()).toEqual(othersBefore);
  });

  it('writes an audit record: who, which 学号, when, from where, and no name', () => {
    const audit = readFileSync(path.join(hub.dataDir, AUDIT_FILE), 'utf8').trim().split('\n');
    const erase = audit.map((l) => JSON.parse(l) as Record<string, unknown>).filter((a) => a.action === 'erase');
    expect(erase).toHaveLength(1);
    expect(erase[0]).toMatchObject({
      studentNo: child.studentNo,
      operator: '教导处王老师',
      by: 'office',
      removedEvents: done.removedEvents,
    });
    expect(String(erase[0]!.ip)).toMatch(/127\.0\.0\.1/);
    expect(Date.parse(String(erase[0]!.at))).toBeGreaterThan(at - 60_000);
  });

  it('tells the tablets the roster changed; they no longer get the child', async () => {
    const { version } = await rosterChanged;
    expect(version).toBeGreaterThan(versionBefore);
    const kioskToken = (globalThis as { kioskToken?: string }).kioskToken!;
    const r = await req<{ version: number; roster: Roster }>(hub, 'GET', '/api/roster', { token: kioskToken });
    expect(r.body.version).toBe(version);
    expect(JSON.stringify(r.body)).not.toContain(child.name);
    expect(r.body.roster.students.some((s) => s.id === child.id)).toBe(false);
    // and an erased child cannot be previewed or exported again
    expect((await preview(child.id)).status).toBe(404);
  });

  it('the hub starts again on the rewritten files with nothing to repair, and still has no trace', async () => {
    await hub.stop();
    hub = await startHub({ dataDir: hub.dataDir, clockAt: at });
    admin = await adminToken(hub);
    expect(hub.output()).not.toMatch(/repaired/);
    const text = JSON.stringify((await req(hub, 'GET', `/api/events?day=${today}`, { token: admin })).body);
    expect(text).not.toContain(child.id);
    expect(text).toContain(other.id);
  });
});

describe('erasure on Windows: a file another program holds open (injected EPERM, EBUSY)', () => {
  async function folder() {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-erase-'));
    mkdirSync(path.join(dir, 'events'));
    const rosters = await RosterStore.open(path.join(dir, 'school.json'), () =>
      makeDemoSchool({ randomBytes: (n) => randomBytes(n) }),
    );
    const [a, b] = rosters.roster.students as [Student, Student];
    const ev = (seq: number, studentId: string) =>
      JSON.stringify({ id: randomUUID(), day: '2026-11-30', type: 'marked_absent', studentId, seq, hubTime: 1 }) + '\n';
    const day = path.join(dir, 'events', '2026-11-30.ndjson');
    writeFileSync(day, ev(1, b.id) + ev(2, a.id) + ev(3, b.id) + ev(4, a.id));
    return { dir, rosters, a, b, day };
  }
  const failing = (code: string, times: number): FileOps & { refused: number } => {
    const ops = {
      ...nodeFileOps,
      refused: 0,
      sleep: async () => {},
      rename: async (from: string, to: string) => {
        if (ops.refused < times) {
          ops.refused++;
          throw Object.assign(new Error(`${code}: rename '${from}'`), { code });
        }
        return nodeFileOps.rename(from, to);
      },
    };
    return ops;
  };

  it('a refusal that passes is retried and the erasure completes', async () => {
    for (const code of ['EPERM', 'EBUSY']) {
      const { dir, rosters, a, b, day } = await folder();
      const ops = failing(code, 2);
      const r = await applyErasure({ dataDir: dir, rosters, studentId: a.id, ops });
      expect([r?.removedEvents, ops.refused]).toEqual([2, 2]);
      const left = readFileSync(day, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { studentId: string; seq: number });
      expect(left.map((e) => e.studentId)).toEqual([b.id, b.id]);
      // the day's last event (seq 4) was the child's: the last kept one takes its number, none is handed out twice
      expect(left.map((e) => e.seq)).toEqual([1, 4]);
      expect(rosters.roster.students.some((s) => s.id === a.id)).toBe(false);
    }
  });

  it('a file that stays busy stops the erasure before the roster: the child stays, nothing half-written, and it can run again', async () => {
    const { dir, rosters, a, day } = await folder();
    const before = readFileSync(day, 'utf8');
    const version = rosters.version;
    const err = await applyErasure({ dataDir: dir, rosters, studentId: a.id, ops: failing('EBUSY', 99) }).catch(
      (e: unknown) => e,
    );
    expect(isBusy(err)).toBe(true);
    expect(readFileSync(day, 'utf8')).toBe(before);
    expect(readdirSync(path.join(dir, 'events')).filter((f) => f.includes('tmp'))).toEqual([]);
    expect([rosters.version, rosters.roster.students.some((s) => s.id === a.id)]).toEqual([version, true]);
    expect(await applyErasure({ dataDir: dir, rosters, studentId: a.id })).toMatchObject({ removedEvents: 2 });
    expect(existsSync(day)).toBe(true);
    expect(readFileSync(day, 'utf8')).not.toContain(a.id);
  });

  it('a day left with no event is deleted, and an unreadable line that names the child goes too', () => {
    const n = { id: 's1', raw: ['s1'], text: [/s1/g] };
    const text = JSON.stringify({ id: 'e1', studentId: 's1', seq: 1 }) + '\n{"broken s1\n';
    expect(rewriteDay('2026-11-30', text, n, new Set()).content).toBeNull();
  });
});

describe('the export reads only days inside retention', () => {
  it('an event of the child on a day before the retention is not exported', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-export-'));
    mkdirSync(path.join(dir, 'events'));
    const ev = (day: string) =>
      JSON.stringify({
        id: randomUUID(),
        day,
        type: 'marked_absent',
        studentId: 's1',
        deviceTime: 1,
        clockOffsetMs: 0,
        seq: 1,
        hubTime: 1,
      }) + '\n';
    for (const day of ['2025-08-31', '2025-09-01', '2026-11-30'])
      writeFileSync(path.join(dir, 'events', `${day}.ndjson`), ev(day));
    expect((await studentEvents(dir, 's1', '2025-09-01')).map((e) => e.day)).toEqual(['2025-09-01', '2026-11-30']);
  });
});
