/**
 * Power loss, seen from the hub process: killed with SIGKILL, then left with what a power cut leaves behind —
 * a torn line in today's log and an older day's, half-written school.json.tmp and access.json.tmp, a school.json
 * of length zero. The hub must start, say in Chinese and English what it repaired, and still hold every event
 * it acknowledged. When nothing good is left (a damaged access.json without its previous version, a roster gone
 * from a folder with records) it must refuse to start, say why, and change nothing.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DaySlice, SubmitResult } from '../../core/protocol';
import type { Roster } from '../../core/roster';
import { checkIn, enrolled, todayAtSchool } from '../hub/demoEvents';
import type { RunningHub } from '../hub/hubProcess';
import { adminToken, pairKiosk, readyKiosk, request, startDemoHub, startHub } from '../hub/hubProcess';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('power loss: the hub starts on what a power cut leaves', () => {
  let hub: RunningHub | undefined;
  afterAll(async () => {
    await hub?.stop();
  });

  it('CU18 repairs torn logs and half-written files, reports each repair in both languages, and keeps every acknowledged event', async () => {
    const started = await startDemoHub();
    hub = started.hub;
    const { roster } = started;
    const day = todayAtSchool(roster);
    const kiosk = await readyKiosk(hub, ['care-1a', 'gate-1'], '校门平板');
    await pairKiosk(hub, '备用平板'); // a second write of access.json, so it has a previous version
    // A roster change, so school.json has a previous version (.bak) as any school's would after the first edit.
    const put = await request(hub, 'PUT', '/api/admin/roster/settings', {
      token: started.admin,
      body: { value: roster.settings },
    });
    expect(put.status).toBe(200);
    const events = enrolled(roster)
      .slice(0, 60)
      .map((s) => checkIn(roster, s, kiosk.deviceId));
    const sent = await request<SubmitResult>(hub, 'POST', '/api/events', { token: kiosk.token, body: { events } });
    expect(sent.body.results.every((r) => r.status === 'stored')).toBe(true);
    const acked = sent.body.results.map((r) => r.id!);
    await hub.kill9();

    const dir = hub.dataDir;
    appendFileSync(path.join(dir, 'events', `${day}.ndjson`), '{"id":"5b0c…","day":"' + day.slice(0, 7));
    writeFileSync(path.join(dir, 'events', '2026-09-01.ndjson'), '{"id":"x","seq":1}\n{"id":"y","se');
    writeFileSync(path.join(dir, 'school.json.tmp'), '{"version": 9, "roster": {"school": {"na');
    writeFileSync(path.join(dir, 'access.json.tmp'), '');
    writeFileSync(path.join(dir, 'school.json'), '');

    hub = await startHub({ dataDir: dir });
    const out = hub.output();
    const banner = out.split('\n').filter((l) => l.includes('⚠'));
    console.log(banner.join('\n'));
    expect(
      banner.some(
        (l) =>
          l.includes('数据文件已修复 / data file repaired') &&
          l.includes('school.json.tmp') &&
          /中断.*interrupted/.test(l),
      ),
    ).toBe(true);
    expect(banner.some((l) => l.includes('access.json.tmp') && /中断.*interrupted/.test(l))).toBe(true);
    expect(banner.some((l) => /school\.json 已损坏.*school\.json\.bak.*was damaged/.test(l))).toBe(true);
    expect(
      banner.some(
        (l) =>
          l.includes('事件日志已修复 / event log repaired') &&
          l.includes(day) &&
          /未写完.*unfinished last line/.test(l),
      ),
    ).toBe(true);
    expect(banner.some((l) => l.includes('2026-09-01') && /未写完.*unfinished last line/.test(l))).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(dir).some((f) => f.startsWith('school.json.damaged-'))).toBe(true);

    // The roster came back from its previous version; the kiosk's pairing still holds; nothing acknowledged is lost.
    const admin = await adminToken(hub);
    const back = (await request<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: admin })).body.roster;
    expect(back.students.length).toBe(roster.students.length);
    const stored = (await request<DaySlice>(hub, 'GET', `/api/events?day=${day}`, { token: kiosk.token })).body;
    expect(stored.events.map((e) => e.id)).toEqual(acked);
    const more = await request<SubmitResult>(hub, 'POST', '/api/events', {
      token: kiosk.token,
      body: { events: [checkIn(roster, enrolled(roster)[70]!, kiosk.deviceId), events[0]] },
    });
    expect(more.body.results.map((r) => [r.status, r.status === 'rejected' ? null : r.seq])).toEqual([
      ['stored', acked.length + 1],
      ['duplicate', 1],
    ]);
    await hub.stop();

    // A clean start after the repair has nothing left to report.
    hub = await startHub({ dataDir: dir });
    expect(hub.output()).not.toContain('⚠');
    expect((await request<DaySlice>(hub, 'GET', `/api/events?day=${day}`, { token: kiosk.token })).body.lastSeq).toBe(
      acked.length + 1,
    );
    await hub.kill9();

    // access.json damaged and no previous version: refuse, in both languages, naming the file; touch nothing.
    const accessFile = path.join(dir, 'access.json');
    const goodAccess = path.join(dir, 'access.json.keep');
    copyFileSync(accessFile, goodAccess);
    rmSync(`${accessFile}.bak`, { force: true });
    writeFileSync(accessFile, '{"adminPassword": {"salt": "');
    const before = { school: sha(path.join(dir, 'school.json')), access: sha(accessFile) };
    const refused = await startHub({ dataDir: dir }).then(
      () => 'started',
      (err: Error) => err.message,
    );
    expect(refused).toMatch(/无法启动 \/ could not start/);
    expect(refused).toMatch(/数据文件损坏 \/ data file is not valid JSON/);
    expect(refused).toContain(accessFile);
    expect(refused).toMatch(/npm run backup -- restore/);
    expect({ school: sha(path.join(dir, 'school.json')), access: sha(accessFile) }).toEqual(before);
    copyFileSync(goodAccess, accessFile);

    // The roster gone from a folder that holds records: refuse rather than seed a demo school beside them.
    rmSync(path.join(dir, 'school.json'));
    rmSync(path.join(dir, 'school.json.bak'));
    const noRoster = await startHub({ dataDir: dir }).then(
      () => 'started',
      (err: Error) => err.message,
    );
    expect(noRoster).toMatch(/花名册文件不见了.*school\.json is missing/s);
    expect(existsSync(path.join(dir, 'school.json'))).toBe(false);
    hub = undefined;
  });
});
