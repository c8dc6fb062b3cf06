/**
 * RC5 紧急点名表 from a real hub: the duty leader's GET /api/leader/roll-call.pdf is an A4 PDF listing exactly the
 * children on campus, and the hub writes one into data/roll-call/ by itself when a roll call starts, for the office
 * PC when the phone fails. The text is read back with poppler's pdftotext (scripts/ensure-system-packages.mjs).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustodyEventInput } from '../../core/events';
import type { Roster } from '../../core/roster';
import { DEMO_PIN } from '../../hub/demo/demoSchool';
import { recentSchoolAfternoon } from '../fakeClock';
import { checkIn, enrolled, todayAtSchool } from './demoEvents';
import type { RunningHub } from './hubProcess';
import { readyKiosk, request, startDemoHub } from './hubProcess';
import { renderRollCallPdf } from '../../hub/reports/rollCallPdf';
import type { RollCallSheet } from '../../core/reports/rollCallSheet';

let hub: RunningHub;
let roster: Roster;
let leader: { token: string; deviceId: string };
let kiosk: { token: string; deviceId: string };

/** The bytes of a GET, with the hub's CA, as the phone's browser fetches them. */
function getBytes(urlPath: string, token: string): Promise<{ status: number; type: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    https
      .get(
        {
          host: '127.0.0.1',
          port: hub.port,
          path: urlPath,
          ca: hub.ca(),
          servername: 'localhost',
          headers: { authorization: `Bearer ${token}` },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              type: String(res.headers['content-type']),
              body: Buffer.concat(chunks),
            }),
          );
        },
      )
      .on('error', reject);
  });
}

function pdfText(pdf: Buffer): { text: string; pages: number } {
  const file = path.join(os.tmpdir(), `relay-roll-${randomUUID()}.pdf`);
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
  return { text, pages };
}

const now = () => Date.now() + hub.clockOffsetMs;
const event = (body: Record<string, unknown>, by: { deviceId: string }, staffId: string): CustodyEventInput =>
  ({
    id: randomUUID(),
    day: todayAtSchool(roster, now()),
    deviceId: by.deviceId,
    staffId,
    deviceTime: now(),
    clockOffsetMs: 0,
    ...body,
  }) as CustodyEventInput;

async function submit(token: string, events: CustodyEventInput[]) {
  const r = await request<{ results: { status: string }[] }>(hub, 'POST', '/api/events', { token, body: { events } });
  expect(r.status).toBe(200);
  expect(r.body.results.map((x) => x.status)).toEqual(events.map(() => 'stored'));
}

let here: string[] = [];
let gone: string;

beforeAll(async () => {
  ({ hub, roster } = await startDemoHub({ clockAt: recentSchoolAfternoon() }));
  kiosk = await readyKiosk(hub, ['care-1a']);
  const login = await request<{ token: string; deviceId: string }>(hub, 'POST', '/api/leader/login', {
    body: { staffId: 'leader-1', pin: DEMO_PIN },
  });
  leader = login.body;
  const kids = enrolled(roster)
    .filter((s) => s.groupId === 'g1-whole')
    .slice(0, 4);
  const withClock = (e: CustodyEventInput) => ({ ...e, day: todayAtSchool(roster, now()), deviceTime: now() });
  await submit(
    kiosk.token,
    kids.map((s) => withClock(checkIn(roster, s, kiosk.deviceId))),
  );
  // one goes home with a parent: off the roll
  await submit(kiosk.token, [
    event(
      {
        type: 'released',
        studentId: kids[3]!.id,
        source: { kind: 'manual', reason: '忘带卡' },
        how: { kind: 'staff_confirmed', collectedBy: '妈妈' },
      },
      kiosk,
      'care-1a',
    ),
  ]);
  here = kids.slice(0, 3).map((s) => s.name);
  gone = kids[3]!.name;
}, 90_000);
afterAll(async () => {
  await hub?.stop();
});

describe('the paper roll from the hub (RC5)', () => {
  it('RC5 the duty leader gets an A4 PDF listing exactly the children on campus, by room, with page numbers', async () => {
    const r = await getBytes('/api/leader/roll-call.pdf', leader.token);
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/pdf');
    expect(r.body.subarray(0, 5).toString()).toBe('%PDF-');
    const { text, pages } = pdfText(r.body);
    expect(pages).toBe(1);
    expect(text).toContain('紧急点名表');
    expect(text).toContain(`${roster.school.name}`);
    expect(text).toMatch(/共 3 人/);
    expect(text).toContain('第 1/1 页');
    expect(text).toMatch(/一年级1班（本班看护）.*（3 人）/);
    for (const name of here) expect(text).toContain(name);
    expect(text).not.toContain(gone);
    expect(text).not.toContain('care-1a');
  });

  it('RC5 a tablet may not print it (403); without a token 401', async () => {
    expect((await getBytes('/api/leader/roll-call.pdf', kiosk.token)).status).toBe(403);
    expect((await getBytes('/api/leader/roll-call.pdf', '')).status).toBe(401);
  });

  it('RC5 starting a roll call makes the hub write the sheet into data/roll-call/<day>-<HHMM>.pdf itself', async () => {
    const dir = path.join(hub.dataDir, 'roll-call');
    expect(existsSync(dir)).toBe(false);
    // RC4: before a roll call the leader gets no guardian's name; during one, the child's guardians, no phone
    const child = enrolled(roster).find((s) => s.groupId === 'g1-whole')!;
    const guardiansOf = () =>
      request<{ guardians: { name: string; relation: string }[]; problem?: { zh: string } }>(
        hub,
        'GET',
        `/api/leader/reunify/${child.id}/guardians`,
        { token: leader.token },
      );
    const before = await guardiansOf();
    expect(before.status).toBe(404);
    expect(before.body.problem?.zh).toContain('不在今天的紧急点名中');
    // a sheet from a roll call months ago, which the hub drops when it writes the next (KEEP_DAYS)
    mkdirSync(dir);
    writeFileSync(path.join(dir, '2020-03-02-1600.pdf'), '%PDF-');
    await submit(leader.token, [event({ type: 'roll_call_started' }, leader, 'leader-1')]);
    const during = await guardiansOf();
    expect(during.status).toBe(200);
    const listed = roster.guardians.filter((g) => g.studentIds.includes(child.id));
    expect(during.body.guardians).toEqual(listed.map((g) => ({ id: g.id, name: g.name, relation: g.relation })));
    expect(JSON.stringify(during.body)).not.toMatch(/1[3-9]\d{9}/);
    expect((await getBytes(`/api/leader/reunify/${child.id}/guardians`, kiosk.token)).status).toBe(403);
    const deadline = Date.now() + 15_000;
    // Waits for the sheet itself (the hub writes it beside and renames it when whole).
    while (
      !readdirSync(dir).some((f) => /^20\d\d-\d\d-\d\d-\d{4}\.pdf$/.test(f) && !f.startsWith('2020')) &&
      Date.now() < deadline
    )
      await new Promise((r) => setTimeout(r, 200));
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^${todayAtSchool(roster, now())}-\\d{4}\\.pdf$`));
    const { text } = pdfText(readFileSync(path.join(dir, files[0]!)));
    expect(text).toMatch(/紧急点名 \d\d:\d\d 开始/);
    for (const name of here) expect(text).toContain(name);
    expect(text).not.toContain(gone);
  });
});

describe('the paper roll over several pages (RC5)', () => {
  it('RC5 a long room goes on over pages with its header repeated (续) and every page numbered 第 n/N 页', async () => {
    const child = (i: number) => ({
      studentId: `s${i}`,
      name: `学生${i}`,
      className: '一年级1班',
      studentNo: String(1000 + i),
      last: { what: '签到', by: '张老师', at: '15:31' },
      safe: i % 7 === 0,
    });
    const sheet: RollCallSheet = {
      school: '测试小学',
      day: '2026-11-24',
      at: '16:05',
      total: 100,
      rollCall: { startedAt: '16:00', safe: 15 },
      rooms: [
        { key: 'group:g1', title: '一年级混合班 · 多功能室', children: Array.from({ length: 90 }, (_, i) => child(i)) },
        { key: 'nurse', title: '医务室', children: Array.from({ length: 10 }, (_, i) => child(90 + i)) },
      ],
    };
    const { text, pages } = pdfText(await renderRollCallPdf(sheet));
    // 30 children a page: the 90 fill three, the nurse's header and child go on a fourth
    expect(pages).toBe(4);
    const byPage = text.split('\f').filter((p) => p.trim());
    expect(byPage).toHaveLength(4);
    byPage.forEach((page, i) => {
      expect(page).toMatch(/紧急点名表\s+测试小学\s+2026-11-24\s+16:05\s+共 100 人/);
      expect(page).toContain(`第 ${i + 1}/4 页`);
    });
    expect(byPage[1]).toMatch(/一年级混合班 · 多功能室（90 人） · 续/);
    expect(byPage[2]).toMatch(/一年级混合班 · 多功能室（90 人） · 续/);
    expect(byPage[3]).toMatch(/医务室（10 人）/);
    for (let i = 0; i < 100; i++) expect(text).toContain(`学生${i} `);
    expect(text).toContain('已确认安全');
  });
});
