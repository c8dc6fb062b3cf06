/**
 * A lost tablet, in real Chromium against a real hub (#14): its IndexedDB, dumped as someone who copied the
 * browser profile would, holds no card id, no phone, no priority group or fee waiver, only its station's children
 * in full and scrypt PIN verifiers; when the office revokes it, the kiosk erases its store and shows the pairing
 * screen with a clear message. RELAY_SHOTS=<dir> saves screenshots of that screen at 1280×800 and 360×800.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TabletRoster } from '../../core/cardHash';
import { DB_NAME } from '../../kiosk/lib/kioskDb';
import type { Pairing, PinVerifier } from '../../kiosk/lib/kioskDb';
import { PIN_KDF } from '../../kiosk/lib/pin';
import { demoHubInChromium } from '../e2e/demoHubInChromium';
import { KioskPage } from '../e2e/kioskPage';
import { demoPairingCode, startHub } from '../hub/hubProcess';
import type { StoreDump } from '../kiosk/storeDump';
import { DUMP_IN_PAGE } from '../kiosk/storeDump';
import { req } from './hubState';

const env = demoHubInChromium();

/** The office's revocation, written into the hub's access.json while the hub is down. */
function revokeInFile(file: string, deviceId: string) {
  const data = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  let found = 0;
  const visit = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(visit);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (o.id === deviceId && 'revokedAt' in o) {
        o.revokedAt = Date.now();
        found++;
      }
      Object.values(o).forEach(visit);
    }
  };
  visit(data);
  expect(found).toBe(1);
  writeFileSync(file, JSON.stringify(data, null, 2));
}
const GROUP = 'g1-mixed';

describe('a lost tablet', () => {
  it('holds only its station’s children and no card id; revoked, it erases everything and says so', async () => {
    const { hub, browser, roster, admin } = env;
    const k = await KioskPage.open(browser, hub);
    const dump = () => k.page.evaluate(DUMP_IN_PAGE, DB_NAME) as Promise<StoreDump>;
    const kv = async <T>(key: string) => (await dump()).kv?.find((x) => x.key === key)?.value as T | undefined;
    try {
      await k.pair(demoPairingCode(hub), '看护平板');
      const pairing = (await kv<Pairing>('pairing'))!;
      // The office gives the tablet its station; the tablet takes the narrower roster at its next load.
      const put = await req(hub, 'PUT', `/api/admin/devices/${pairing.deviceId}`, {
        token: admin,
        body: { station: { kind: 'care', ref: GROUP } },
      });
      expect(put.status).toBe(200);
      await k.goto();
      await k.chooseCare(GROUP);
      await k.signIn('care-1a');
      const child = roster.students.find((s) => s.groupId === GROUP)!;
      await k.scanWithKeyboard(child.cardId!);
      await k.verdictFor(child.name);
      await expect.poll(() => k.unsent(), { timeout: 10_000 }).toBe(0);

      await expect
        .poll(async () =>
          (await kv<{ roster: TabletRoster }>('roster'))?.roster.students.some((s) => s.studentNo === ''),
        )
        .toBe(true);
      const before = await dump();
      const json = JSON.stringify(before);
      const cardIds = [...roster.students, ...roster.guardians].map((x) => x.cardId!).filter(Boolean);
      expect(
        cardIds.filter((c) => json.includes(c)),
        'no card id in the clear',
      ).toEqual([]);
      expect(roster.guardians.filter((g) => json.includes(g.phone))).toEqual([]);
      expect(json).not.toMatch(/"feeWaiver":true|left_behind|migrant|low_income|"disabled"/);
      for (const s of roster.students.filter((x) => x.groupId !== GROUP))
        expect(json).not.toContain(`"${s.studentNo}"`);
      const pins = before.pins!.map((p) => p.value as PinVerifier);
      expect(pins.map((p) => [p.staffId, p.kdf])).toEqual([['care-1a', PIN_KDF]]);
      expect(before.events!.length).toBeGreaterThan(0);

      // Revoked: the hub cuts the socket, the kiosk asks again, is refused, and erases itself.
      const revoke = await req(hub, 'POST', `/api/admin/devices/${pairing.deviceId}/revoke`, { token: admin });
      expect(revoke.status).toBe(200);
      await k.page.getByTestId('wiped').waitFor({ timeout: 20_000 });
      const notice = (await k.page.getByTestId('wiped').textContent()) ?? '';
      expect(notice).toContain('此平板已被教导处停用');
      expect(notice, 'nothing was unsent').not.toContain('未能上传');
      await k.page.getByTestId('pair-code').waitFor();
      const teacher = roster.staff.find((x) => x.id === 'care-1a')!.name;
      expect(await k.page.getByText(teacher).count(), 'no teacher left on screen').toBe(0);
      const shots = process.env.RELAY_SHOTS;
      if (shots) {
        for (const [w, h] of [
          [1280, 800],
          [360, 800],
        ] as const) {
          await k.page.setViewportSize({ width: w, height: h });
          await k.page.screenshot({ path: path.join(shots, `kiosk-wiped-${w}x${h}.png`), fullPage: true });
        }
      }

      const after = await dump();
      expect(
        Object.fromEntries(Object.entries(after).map(([store, rows]) => [store, rows.length])),
        'every store empty',
      ).toEqual({ kv: 0, events: 0, outbox: 0, rejected: 0, pins: 0, feed: 0, acks: 0 });
      // and a reload stays on the pairing screen
      await k.goto();
      await k.page.getByTestId('pair-code').waitFor();
    } finally {
      await k.close();
    }
  });

  it('revoked while it was offline with a scan unsent: back on the network it erases everything, that scan too, and says so', async () => {
    const { hub, browser, roster } = env;
    const k = await KioskPage.open(browser, hub);
    const dump = () => k.page.evaluate(DUMP_IN_PAGE, DB_NAME) as Promise<StoreDump>;
    try {
      await k.pair(demoPairingCode(hub), '看护平板二');
      const pairing = (await dump()).kv!.find((x) => x.key === 'pairing')!.value as Pairing;
      await k.chooseCare(GROUP);
      await k.signIn('care-1a');
      await expect.poll(() => k.unsent(), { timeout: 10_000 }).toBe(0);
      // The hub is down when the scan is made, and the office revokes the tablet meanwhile (written into
      // access.json as the revoke route would, since the hub is down).
      const port = hub.port;
      await hub.kill9();
      const child = roster.students.filter((s) => s.groupId === GROUP)[2]!;
      await k.scanWithKeyboard(child.cardId!);
      await k.verdictFor(child.name);
      await expect.poll(() => k.unsent()).toBe(1);
      revokeInFile(path.join(hub.dataDir, 'access.json'), pairing.deviceId);
      // Offline it erases nothing.
      expect((await dump()).outbox!.length).toBe(1);
      env.hub = await startHub({ dataDir: hub.dataDir, port });
      await k.page.getByTestId('wiped').waitFor({ timeout: 30_000 });
      expect(await k.page.getByTestId('wiped').textContent(), 'says how many unsent records went').toContain(
        '有 1 条记录未能上传',
      );
      const after = await dump();
      expect(
        Object.values(after).every((rows) => rows.length === 0),
        JSON.stringify(after).slice(0, 300),
      ).toBe(true);
      const shots = process.env.RELAY_SHOTS;
      if (shots) {
        for (const [w, h] of [
          [1280, 800],
          [360, 800],
        ] as const) {
          await k.page.setViewportSize({ width: w, height: h });
          await k.page.screenshot({ path: path.join(shots, `kiosk-wiped-unsent-${w}x${h}.png`), fullPage: true });
        }
      }
    } finally {
      await k.close();
    }
  });
});
