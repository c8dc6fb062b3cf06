/**
 * 临时代接 from the office (POST /api/admin/delegate) on a real demo hub: the one-day code is answered once with
 * its slip, the day's log on disk keeps only its hash, and a tablet finds the child by the code offline (DG1).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TabletRoster } from '../../core/cardHash';
import type { DelegateAnswer } from '../../core/delegation';
import { matchDelegateCode } from '../../core/delegation';
import type { DaySlice } from '../../core/protocol';
import { reduceDay } from '../../core/reduceDay';
import type { Roster } from '../../core/roster';
import { localDay } from '../../core/time';
import { recentSchoolAfternoon } from '../fakeClock';
import type { RunningHub } from './hubProcess';
import { pairKiosk, request, startDemoHub } from './hubProcess';

let hub: RunningHub;
let admin: string;
let roster: Roster;
let today: string;
const at = recentSchoolAfternoon();

beforeAll(async () => {
  ({ hub, admin, roster } = await startDemoHub({ clockAt: at }));
  today = localDay(at, roster.settings.timeZone);
}, 90_000);
afterAll(async () => {
  await hub?.stop();
});

const clerk = () => roster.staff.find((s) => s.active && s.roles.includes('office'))!;
const children = () => roster.students.filter((s) => s.groupId !== null);

async function delegate(body: Record<string, unknown>) {
  const r = await request<DelegateAnswer>(hub, 'POST', '/api/admin/delegate', {
    token: admin,
    body: { staffId: clerk().id, day: today, ...body },
  });
  expect(r.status).toBe(200);
  return r.body;
}

/** Every file under the data folder (the day files, the logs, the stores), as text. */
function everyFile(dir: string): { file: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? everyFile(p) : [{ file: p, text: readFileSync(p, 'latin1') }];
  });
}

describe('DG1 one-day delegation from the office', () => {
  it('DG1 the code is answered once with its slip, and only its hash reaches the disk', async () => {
    const child = children()[0]!;
    const r = await delegate({ studentId: child.id, collectedBy: '王阿姨', relation: '邻居', withCode: true });
    expect(r.results[0]?.status).toBe('stored');
    expect(r.code).toMatch(/^\d{6}$/);
    expect(Buffer.from(r.slipPdf!, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    const code = r.code!;

    // The day's log: the arrangement with a hash, never the code as a value or as the slip's payload.
    const dayFile = everyFile(hub.dataDir).find((f) => f.file.endsWith(`${today}.ndjson`))!;
    const line = readFileSync(dayFile.file, 'utf8')
      .split('\n')
      .find((l) => l.includes('"delegate"'))!;
    const stored = JSON.parse(line) as { arrangement: Record<string, unknown> };
    expect(stored.arrangement).toEqual({
      kind: 'delegate',
      collectedBy: '王阿姨',
      relation: '邻居',
      codeHash: expect.stringMatching(/^[a-p]{64}$/),
    });
    expect(JSON.stringify(stored.arrangement)).not.toContain(code);
    for (const f of everyFile(hub.dataDir)) {
      expect(f.text, f.file).not.toContain(`"${code}"`);
      expect(f.text, f.file).not.toContain(`RD${today.replaceAll('-', '')}${code}`);
    }

    // What the hub answers afterwards never carries the code: not the day's events, not the headcount.
    const events = await request<DaySlice>(hub, 'GET', `/api/events?day=${today}`, { token: admin });
    const headcount = await request(hub, 'GET', `/api/headcount?date=${today}`, { token: admin });
    expect(JSON.stringify(events.body)).not.toContain(`"${code}"`);
    expect(JSON.stringify(headcount.body)).not.toContain(`"${code}"`);

    // A tablet checks the code offline, with the hashed roster's key and the day's events it was sent.
    const kiosk = await pairKiosk(hub, '校门平板');
    const tablet = await request<{ roster: TabletRoster }>(hub, 'GET', '/api/roster', { token: kiosk.token });
    const slice = await request<DaySlice>(hub, 'GET', `/api/events?day=${today}`, { token: kiosk.token });
    const state = reduceDay({ roster: tablet.body.roster, day: today, events: slice.body.events, now: at });
    const key = tablet.body.roster.cardHashes.key;
    expect(matchDelegateCode(state, key, code)).toMatchObject({ ok: true, studentId: child.id });
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect(matchDelegateCode(state, key, wrong)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('DG1 without 生成接送码 no code is made; a delegate with no adult named is refused in words, nothing stored', async () => {
    const child = children()[1]!;
    const plain = await delegate({ studentId: child.id, collectedBy: '李叔叔', withCode: false });
    expect(plain.results[0]?.status).toBe('stored');
    expect(plain.code).toBeUndefined();
    expect(plain.slipPdf).toBeUndefined();

    const before = (await request<DaySlice>(hub, 'GET', `/api/events?day=${today}`, { token: admin })).body.lastSeq;
    const bad = await delegate({ studentId: child.id, collectedBy: '  ', withCode: true });
    expect(bad.results[0]).toMatchObject({ status: 'rejected', problem: { zh: '请写明来接孩子的人' } });
    expect(bad.code).toBeUndefined();
    const unknown = await delegate({ studentId: 'no-such-child', collectedBy: '王阿姨', withCode: true });
    expect(unknown.results[0]?.status).toBe('rejected');
    expect(unknown.code).toBeUndefined();
    const after = (await request<DaySlice>(hub, 'GET', `/api/events?day=${today}`, { token: admin })).body.lastSeq;
    expect(after).toBe(before);
  });
});
