/**
 * A lost tablet, in real Chromium against a real hub (#14): its IndexedDB, dumped as someone who copied the
 * browser profile would, holds no card id, no phone, no priority group or fee waiver, only its station's children
 * in full and scrypt PIN verifiers; when the office revokes it, the kiosk erases its store and shows the pairing
 * screen with a clear message. RELAY_SHOTS=<dir> saves screenshots of that screen at 1280×800 and 360×800.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TabletRoster } from '../../core/cardHash';
import { DB_NAME } from '../../kiosk/lib/kioskDb';
import type { Pairing, PinVerifier } from '../../kiosk/lib/kioskDb';
import { PIN_KDF } from '../../kiosk/lib/pin';
import { demoHubInChromium } from '../e2e/demoHubInChromium';
import { KioskPage } from '../e2e/kioskPage';
import { demoPairingCode } from '../hub/hubProcess';
import type { StoreDump } from '../kiosk/storeDump';
import { DUMP_IN_PAGE } from '../kiosk/storeDump';
import { req } from './hubState';

const env = demoHubInChromium();
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
      expect(await k.page.getByTestId('wiped').textContent()).toContain('此平板已被教导处停用');
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
});
