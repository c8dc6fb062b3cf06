/**
 * Safety notes at every hand-over (issue #19 item 3, SN1 and SN2 of core/SPEC.md), with real tablets on a real hub:
 * the office gives a child 只凭接送卡接走 and a medical note; the care room sees the note when the child is scanned;
 * at the gate a release by hand is blocked in red with the note on screen and nothing written, until the duty
 * leader's PIN (checked by the hub) allows it; the leader's page shows the override as an alert. The hub's clock is
 * pinned to a weekday at 15:00 so the suite means the same at any hour.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Roster, Student } from '../../core/roster';
import type { DayState } from '../../core/state';
import type { DaySlice } from '../../core/protocol';
import { recentSchoolAfternoon } from '../fakeClock';
import { enrolled, todayAtSchool } from '../hub/demoEvents';
import type { RunningHub } from '../hub/hubProcess';
import { ADMIN_PASSWORD, demoPairingCode, request, startDemoHub } from '../hub/hubProcess';
import { launch } from './browser';
import { KioskPage } from './kioskPage';
import { LeaderPage } from './leaderPage';

let hub: RunningHub;
let browser: Browser;
let roster: Roster;
let admin: string;

beforeAll(async () => {
  ({ hub, admin, roster } = await startDemoHub({ clockAt: recentSchoolAfternoon() }));
  browser = await launch({ trustCa: path.join(hub.dataDir, 'tls', 'ca.crt') });
});
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

const day = () => todayAtSchool(roster, Date.now() + hub.clockOffsetMs);
const hubState = async () =>
  (await request<DayState>(hub, 'GET', `/api/headcount?date=${day()}`, { token: admin })).body;
const releasesOf = async (id: string) =>
  (await request<DaySlice>(hub, 'GET', `/api/events?day=${day()}`, { token: admin })).body.events.filter(
    (e) => e.type === 'released' && e.studentId === id,
  );

async function kioskAt(station: { care: string } | 'gate', staffId: string, name: string): Promise<KioskPage> {
  const k = await KioskPage.open(browser, hub);
  await k.pair(demoPairingCode(hub), name);
  if (station === 'gate') await k.chooseGate();
  else await k.chooseCare(station.care);
  await k.signIn(staffId);
  return k;
}

/** docs/screens/kiosk-gate-safety-*.png are made with RELAY_DOC_SHOTS=1; a plain `npm test` writes no file under docs/. */
const SHOTS = process.env.RELAY_DOC_SHOTS ? path.join(import.meta.dirname, '../../docs/screens') : undefined;
const SIZES = [
  [1280, 800],
  [800, 1280],
  [360, 800],
] as const;

describe('SN1/SN2 safety notes at the gate', () => {
  it('SN2: a custody note blocks a release until the leader’s PIN; SN1: the medical note shows at the care room and the gate', async () => {
    const child: Student = enrolled(roster).find((s) => s.groupId === 'g1-whole' && s.pickup.kind === 'guardian')!;
    // SN1: the office enters the notes in the student's panel; six barred names are refused in words, nothing saved.
    const office = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    try {
      const page = await office.newPage();
      await page.goto(`https://localhost:${hub.port}/office/`);
      await page.getByTestId('office-password').fill(ADMIN_PASSWORD);
      await page.getByTestId('office-login').click();
      await page.getByTestId('tab-roster').click();
      await page.getByTestId('roster-search').fill(child.studentNo);
      await page.getByTestId(`roster-edit-${child.studentNo}`).click();
      // Folded for a child without notes (so 保存 stays in view); one tap opens it.
      await page.getByTestId('rs-safety-open').click();
      await page.getByTestId('rs-not-with').fill('甲、乙、丙、丁、戊、己');
      await page.getByText('“不得交给”最多填 5 个人').waitFor();
      expect(await page.getByTestId('rs-save').isDisabled()).toBe(true);
      await page.getByTestId('rs-not-with').fill('');
      await page.getByTestId('rs-medical').fill('花生过敏，随身带肾上腺素笔');
      await page.getByTestId('rs-card-only').check();
      await page.getByTestId('rs-save').click();
      await page.getByTestId(`roster-safety-${child.studentNo}`).waitFor({ timeout: 10_000 });
    } finally {
      await office.close();
    }
    const saved = (await request<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: admin })).body.roster;
    expect(saved.students.find((s) => s.id === child.id)!.safety).toEqual({
      medical: '花生过敏，随身带肾上腺素笔',
      custody: '',
      cardOnly: true,
      notWith: [],
    });

    const care = await kioskAt({ care: 'g1-whole' }, 'care-1a', '一年级1班');
    const gate = await kioskAt('gate', 'gate-1', '校门');
    try {
      // SN1 at the care room: the note is on the verdict when the child is scanned.
      await care.scanWithKeyboard(child.cardId!);
      expect(await care.verdictFor(child.name)).toMatchObject({ level: 'ok' });
      await expect.poll(() => care.page.getByTestId('safety-medical').textContent()).toContain('花生过敏');
      await care.page.getByTestId('send-to-gate').click();
      await care.page.getByTestId('send-to-gate').click();

      // The gate's waiting list marks the child; the scan by hand (no pickup card) is blocked in red.
      await gate.page.getByTestId(`safety-mark-${child.id}`).waitFor({ timeout: 10_000 });
      await gate.scanWithKeyboard(child.cardId!);
      expect(await gate.verdictFor(child.name)).toMatchObject({
        level: 'error',
        title: expect.stringContaining('只凭接送卡接走'),
      });
      expect(await gate.page.getByTestId('safety-medical').textContent()).toContain('花生过敏');
      expect(await gate.page.getByTestId('safety-custody').textContent()).toContain('只凭接送卡接走');
      const open = gate.page.getByTestId('override-open');
      const box = (await open.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(48);
      for (const [width, height] of SIZES) {
        await gate.page.setViewportSize({ width, height });
        if (SHOTS) await gate.page.screenshot({ path: path.join(SHOTS, `kiosk-gate-safety-${width}x${height}.png`) });
      }
      await gate.page.setViewportSize({ width: 1280, height: 800 });
      expect(await gate.unsent()).toBe(0);
      expect((await hubState()).children[child.id]!.status).toBe('at_gate');

      // The duty leader's sheet: the hub unreachable says so and writes nothing.
      await open.click();
      await gate.page.getByTestId('override-leader').selectOption('leader-1');
      await gate.page.getByTestId('override-reason').fill('家长忘带接送卡，已电话核实');
      if (SHOTS) await gate.page.screenshot({ path: path.join(SHOTS, 'kiosk-gate-safety-override-1280x800.png') });
      await gate.page.route('**/api/staff/verify-leader', (r) => r.abort());
      await gate.page.getByTestId('override-pin').fill('2468');
      await gate.page.getByTestId('override-submit').click();
      await gate.page.getByText('需要连接中心核对值班领导PIN').waitFor();
      await gate.page.unroute('**/api/staff/verify-leader');
      // A wrong PIN is refused by the hub; nothing is written.
      await gate.page.getByTestId('override-pin').fill('135790');
      await gate.page.getByTestId('override-submit').click();
      await gate.page.getByText('PIN 码错误').waitFor();
      expect(await releasesOf(child.id)).toEqual([]);
      // The right PIN: released with the override, in the leader's name.
      await gate.page.getByTestId('override-pin').fill('2468');
      await gate.page.getByTestId('override-submit').click();
      await expect.poll(async () => (await gate.verdict()).title).toContain('已放行：赵校长 授权');
      await expect
        .poll(async () => (await hubState()).children[child.id]?.status, { timeout: 10_000 })
        .toBe('released');
      expect(await releasesOf(child.id)).toMatchObject([
        { override: { staffId: 'leader-1', reason: '家长忘带接送卡，已电话核实' } },
      ]);
      expect(await gate.dialogs()).toEqual([]);
    } finally {
      await Promise.all([care.close(), gate.close()]);
    }

    // The leader's page: the override is an alert naming the child, the note and who allowed it.
    const leader = await LeaderPage.open(browser, hub);
    try {
      await leader.login();
      const alert = leader.page.locator('[data-code="release_overridden"]');
      await alert.waitFor({ timeout: 10_000 });
      const text = await alert.textContent();
      expect(text).toContain(child.name);
      expect(text).toContain('赵校长 授权');
      // SN1 on the leader's child page: the notes at the top.
      await leader.page.getByTestId('group-g1-whole').click();
      await leader.page.getByTestId(`child-${child.id}`).click();
      const notes = await leader.page.getByTestId('chain-safety').textContent();
      expect(notes).toContain('花生过敏');
      expect(notes).toContain('只凭接送卡接走');
    } finally {
      await leader.close();
    }
  });
});
