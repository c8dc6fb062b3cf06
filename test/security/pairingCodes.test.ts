/**
 * Pairing codes and the demo, against the real hub process: an office code pairs one tablet, expires (the hub's
 * clock moved by libfaketime across a restart, not the wall clock waited out), can be cancelled, and is listed
 * without the code; a real roster import ends the demo's printed code and its PIN 2468, and the banner stops
 * showing the code.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PairingCodesAnswer } from '../../core/contract';
import type { Roster } from '../../core/roster';
import type { RunningHub } from '../hub/hubProcess';
import { adminToken, demoPairingCode, request, startDemoHub, startHub } from '../hub/hubProcess';

const PAIRING_CODE_MS = 15 * 60_000;
const hubs: RunningHub[] = [];
afterAll(async () => {
  await Promise.all(hubs.map((h) => h.stop()));
});

const newCode = async (hub: RunningHub, admin: string) =>
  (await request<{ code: string; expiresAt: number }>(hub, 'POST', '/api/admin/pairing-codes', { token: admin })).body;
const pair = (hub: RunningHub, code: string, name = '平板') =>
  request<{ deviceId: string; token: string }>(hub, 'POST', '/api/pair', { body: { code, name } });
const list = async (hub: RunningHub, admin: string) => {
  const r = await request<PairingCodesAnswer>(hub, 'GET', '/api/admin/pairing-codes', { token: admin });
  expect(r.status).toBe(200);
  return r.body;
};
const accessFile = (hub: RunningHub) => readFileSync(path.join(hub.dataDir, 'access.json'), 'utf8');

describe('pairing codes', () => {
  let hub: RunningHub;
  let admin: string;
  let roster: Roster;

  it('an office code pairs one tablet, not two, and the list shows it used with no code in it', async () => {
    ({ hub, admin, roster } = await startDemoHub());
    hubs.push(hub);
    const { code, expiresAt } = await newCode(hub, admin);
    const first = await pair(hub, code, 'A');
    expect(first.status).toBe(201);
    const again = await pair(hub, code, 'B');
    expect(again.status).toBe(401);
    expect(again.body).toMatchObject({ problem: { code: 'bad_pairing_code' } });

    const listed = await list(hub, admin);
    const entry = listed.codes.find((c) => c.expiresAt === expiresAt && !c.multiUse)!;
    expect(entry).toMatchObject({ usedAt: expect.any(Number), deviceId: first.body.deviceId, cancelledAt: null });
    expect(entry.createdAt).toBe(expiresAt - PAIRING_CODE_MS);
    // the demo's code is listed too, as the multi-use one
    expect(listed.codes.filter((c) => c.multiUse)).toHaveLength(1);
    const text = JSON.stringify(listed);
    expect(text).not.toContain(code);
    expect(text).not.toContain(demoPairingCode(hub));
    expect(text).not.toMatch(/hash/i);
    // stored only hashed
    expect(accessFile(hub)).not.toContain(code);
  });

  it('a cancelled code is refused; a used, cancelled or unknown one cannot be cancelled', async () => {
    const { code } = await newCode(hub, admin);
    const id = (await list(hub, admin)).codes[0]!.id;
    expect((await request(hub, 'POST', `/api/admin/pairing-codes/${id}/cancel`, { token: admin })).status).toBe(200);
    expect((await pair(hub, code)).status).toBe(401);
    expect((await list(hub, admin)).codes.find((c) => c.id === id)).toMatchObject({
      cancelledAt: expect.any(Number),
      usedAt: null,
    });
    expect((await request(hub, 'POST', `/api/admin/pairing-codes/${id}/cancel`, { token: admin })).status).toBe(409);
    const used = (await list(hub, admin)).codes.find((c) => c.usedAt !== null && !c.multiUse)!;
    expect((await request(hub, 'POST', `/api/admin/pairing-codes/${used.id}/cancel`, { token: admin })).status).toBe(
      409,
    );
    expect((await request(hub, 'POST', '/api/admin/pairing-codes/nope/cancel', { token: admin })).status).toBe(404);
  });

  it('after a real roster import the demo code and the demo PIN 2468 are refused, and the banner drops the code', async () => {
    const demoCode = demoPairingCode(hub);
    // while the demo lasts its code pairs any number of tablets and 2468 signs in
    expect((await pair(hub, demoCode, '演示 1')).status).toBe(201);
    const kiosk = await pair(hub, demoCode, '演示 2');
    expect(kiosk.status).toBe(201);
    const leaderLogin = () =>
      request(hub, 'POST', '/api/leader/login', { body: { staffId: 'leader-1', pin: '2468' } }).then((r) => r.status);
    const kioskPin = () =>
      request(hub, 'POST', '/api/staff/sign-in', {
        token: kiosk.body.token,
        body: { staffId: 'care-1a', pin: '2468' },
      }).then((r) => r.status);
    expect(await leaderLogin()).toBe(200);
    expect(await kioskPin()).toBe(200);

    const csv = [
      '学号,姓名,年级,班级,课后服务班,接送方式',
      ...roster.students.map(
        (s) =>
          `${s.studentNo},${s.name},${s.grade},${s.classId.split('-')[1]}班,${roster.groups.find((g) => g.id === s.groupId)?.name ?? ''},家长接送`,
      ),
    ].join('\n');
    const preview = await request<{ previewId: string }>(hub, 'POST', '/api/admin/roster/preview?file=r.csv', {
      token: admin,
      rawBody: Buffer.from(csv),
      headers: { 'content-type': 'text/csv' },
    });
    expect(preview.status).toBe(200);
    const applied = await request(hub, 'POST', '/api/admin/roster/apply', {
      token: admin,
      body: { previewId: preview.body.previewId },
    });
    expect(applied.status).toBe(200);

    expect((await pair(hub, demoCode, '演示 3')).status).toBe(401);
    expect(await leaderLogin()).toBe(401);
    expect(await kioskPin()).toBe(401);
    expect((await list(hub, admin)).codes.find((c) => c.multiUse)).toMatchObject({ cancelledAt: expect.any(Number) });
    expect(accessFile(hub)).not.toContain(demoCode);
    // an office code still pairs, and a PIN the office sets still signs in
    expect((await pair(hub, (await newCode(hub, admin)).code, '真实平板')).status).toBe(201);
    expect(
      (await request(hub, 'POST', '/api/admin/staff/leader-1/pin', { token: admin, body: { pin: '305918' } })).status,
    ).toBe(200);
    expect(
      (await request(hub, 'POST', '/api/leader/login', { body: { staffId: 'leader-1', pin: '305918' } })).status,
    ).toBe(200);

    // and on the next start the banner no longer shows the demo code, which still pairs nothing
    await hub.stop();
    hubs.splice(hubs.indexOf(hub), 1);
    const again = await startHub({ dataDir: hub.dataDir });
    hubs.push(again);
    expect(again.output()).not.toMatch(/demo pairing code/);
    expect(again.output()).not.toContain(demoCode);
    expect((await pair(again, demoCode, '演示 4')).status).toBe(401);
    expect(
      (await request(again, 'POST', '/api/leader/login', { body: { staffId: 'leader-1', pin: '2468' } })).status,
    ).toBe(401);
  });
});

describe('an expired pairing code', () => {
  it('is refused once the hub clock passes 15 minutes, and is listed as expired', async () => {
    const t0 = Date.now();
    const first = await startHub({ clockAt: t0 });
    hubs.push(first);
    const admin = await adminToken(first);
    const { code, expiresAt } = await newCode(first, admin);
    expect(expiresAt - (t0 + first.clockOffsetMs)).toBeLessThanOrEqual(PAIRING_CODE_MS + 60_000);
    await first.stop();
    hubs.splice(hubs.indexOf(first), 1);

    const later = await startHub({ dataDir: first.dataDir, clockAt: expiresAt + 60_000 });
    hubs.push(later);
    expect((await pair(later, code)).status).toBe(401);
    const listed = await list(later, await adminToken(later));
    const entry = listed.codes.find((c) => c.expiresAt === expiresAt)!;
    expect(entry).toMatchObject({ usedAt: null, cancelledAt: null });
    expect(entry.expiresAt).toBeLessThan(listed.hubTime);
    // the demo's own code lasts as long as the demo, so it still pairs and is still printed
    expect((await pair(later, demoPairingCode(later))).status).toBe(201);
  });
});
