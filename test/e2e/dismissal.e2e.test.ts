/**
 * Parent arrival calls the child (issue #19, CU22 and AN10 of core/SPEC.md), with real tablets on a real hub: a
 * guardian's 接送卡 at the gate rings the child's care room and no other, the room sends the child, the gate sees it
 * on the way and releases it on the card, and the gate board follows: called → on the way → released. A call made while the hub is down says so at the gate and reaches the room
 * when the hub is back. The hub's clock is pinned to a weekday at 15:00 so the suite means the same at any hour.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { maskName } from '../../core/boardView';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Roster, Student } from '../../core/roster';
import type { DayState } from '../../core/state';
import { CHIME_HZ } from '../../common/feedback';
import { recentSchoolAfternoon } from '../fakeClock';
import { enrolled, todayAtSchool } from '../hub/demoEvents';
import type { RunningHub } from '../hub/hubProcess';
import { adminToken, demoPairingCode, request, startDemoHub, startHub } from '../hub/hubProcess';
import { soundNeedsATouch } from './autoplay';
import { launch } from './browser';
import { KioskPage } from './kioskPage';

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
async function hubState(): Promise<DayState> {
  return (await request<DayState>(hub, 'GET', `/api/headcount?date=${day()}`, { token: admin })).body;
}

const used = new Set<string>();
/** A child of this group nobody has touched yet, with a guardian whose card lists only it (so one call is made). */
function freshWithCard(groupId: string): { child: Student; guardianCard: string; guardianName: string } {
  for (const s of enrolled(roster)) {
    if (used.has(s.id) || s.groupId !== groupId || s.pickup.kind !== 'guardian') continue;
    const g = roster.guardians.find((x) => x.cardId && x.studentIds.length === 1 && x.studentIds[0] === s.id);
    if (!g) continue;
    used.add(s.id);
    return { child: s, guardianCard: g.cardId!, guardianName: g.name };
  }
  throw new Error(`the demo school has no fresh child in ${groupId} with a card of its own`);
}

async function kioskAt(station: { care: string } | 'gate', staffId: string, name: string): Promise<KioskPage> {
  const k = await KioskPage.open(browser, hub);
  await k.pair(demoPairingCode(hub), name);
  if (station === 'gate') await k.chooseGate();
  else await k.chooseCare(station.care);
  await k.signIn(staffId);
  return k;
}

/** A gate board, paired as the office pairs one (a board code, typed on the board's page). */
async function openBoard(): Promise<Page> {
  const code = (await request<{ code: string }>(hub, 'POST', '/api/admin/board-pairing-codes', { token: admin })).body
    .code;
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`https://localhost:${hub.port}/board/`);
  await page.getByTestId('board-code').fill(code);
  await page.getByTestId('board-pair-go').click();
  await page.getByTestId('board').waitFor();
  return page;
}

/** What this tablet's own copy of the day says of a child: the gate calls only a child it knows to be in a room. */
async function statusOn(k: KioskPage, studentId: string): Promise<string | undefined> {
  return k.page.evaluate(
    (id) =>
      (
        window as unknown as {
          relayKiosk: { snapshot(): { dayState?: { children: Record<string, { status: string }> } } };
        }
      ).relayKiosk.snapshot().dayState?.children[id]?.status,
    studentId,
  );
}

/** The chime's three rising notes, heard how many times. */
async function chimes(k: KioskPage): Promise<number> {
  const notes = await k.notes();
  const [a, b, c] = CHIME_HZ.map((hz) => `triangle:${hz}`);
  return notes.filter((n, i) => n === a && notes[i + 1] === b && notes[i + 2] === c).length;
}

describe('a parent at the gate calls the child (CU22)', () => {
  it("CU22: the guardian's card rings the child's room and no other, the room sends, the gate releases on the card", async () => {
    const { child, guardianCard, guardianName } = freshWithCard('g1-mixed');
    const care = await kioskAt({ care: 'g1-mixed' }, 'care-1b', '一年级混合班');
    const other = await kioskAt({ care: 'g3-mixed' }, 'care-3a', '三年级混合班');
    const gate = await kioskAt('gate', 'gate-1', '校门');
    const board = await openBoard();
    try {
      const onBoard = (column: 'called' | 'atGate' | 'released') =>
        board
          .getByTestId(`board-${column}`)
          .textContent()
          .then((t) => t ?? '');
      const masked = maskName(child.name);
      await care.scanNow(child.cardId!);
      expect((await care.verdictFor(child.name)).level).toBe('ok');
      await expect.poll(() => statusOn(gate, child.id), { timeout: 10_000 }).toBe('in_care');
      const heardBefore = await chimes(care);

      const sentAt = Date.now();
      await gate.scanNow(guardianCard);
      await expect.poll(async () => (await gate.page.getByTestId('verdict').textContent()) ?? '').toContain('已呼叫');
      expect(await gate.page.getByTestId('verdict-title').textContent()).toContain(guardianName);

      // The care room: the child at the top with who is waiting, and the chime.
      const banner = care.page.getByTestId(`call-${child.id}`);
      await banner.waitFor({ timeout: 10_000 });
      console.log(`[dismissal] the care room showed the call ${Date.now() - sentAt} ms after the card`);
      expect(await care.page.getByTestId('call-banner').textContent()).toContain('家长已到校门');
      await expect.poll(() => chimes(care), { timeout: 10_000 }).toBeGreaterThan(heardBefore);
      // The other room hears nothing and shows nothing.
      await expect.poll(() => statusOn(other, child.id), { timeout: 10_000 }).toBe('in_care');
      expect(await other.page.getByTestId('call-banner').count()).toBe(0);
      expect(await chimes(other)).toBe(0);
      // The board at the gate: called, the name masked (BD1).
      await expect.poll(() => onBoard('called'), { timeout: 10_000 }).toContain(masked);
      // The gate lists the child as called, from its room.
      const calledRow = gate.page.getByTestId(`called-${child.id}`);
      await calledRow.waitFor();
      expect(await calledRow.textContent()).toContain('一年级混合班');

      // A reload of the care room keeps the call; on a tablet (sound only after a touch) it rings again once the
      // first touch turns sound on.
      await care.context.addInitScript(soundNeedsATouch);
      await care.page.reload();
      await banner.waitFor({ timeout: 10_000 });
      const soundBanner = care.page.getByTestId('sound-banner');
      await soundBanner.waitFor({ timeout: 5_000 });
      expect(await chimes(care)).toBe(0);
      // A touch anywhere turns sound on: here the call's own heading, where the teacher looks.
      await care.page.getByTestId('call-banner').locator('h2').click();
      await expect.poll(() => soundBanner.count()).toBe(0);
      await expect.poll(() => chimes(care), { timeout: 10_000 }).toBeGreaterThan(0);

      // The room answers: 送到校门. The gate sees the child on the way, the banner goes.
      await care.page.getByTestId(`call-send-${child.id}`).click();
      await expect.poll(() => care.page.getByTestId('call-banner').count(), { timeout: 10_000 }).toBe(0);
      const waiting = gate.page.getByTestId(`waiting-${child.id}-note`);
      await waiting.waitFor({ timeout: 10_000 });
      expect(await waiting.textContent()).toContain('在路上');
      await expect.poll(() => onBoard('atGate'), { timeout: 10_000 }).toContain(masked);
      expect(await onBoard('called')).not.toContain(masked);

      // The card again at the gate: 放行 releases on it.
      await gate.scanNow(guardianCard);
      await gate.page.getByTestId(`release-${child.id}`).click();
      await expect
        .poll(async () => (await hubState()).children[child.id]?.status, { timeout: 10_000 })
        .toBe('released');
      const state = await hubState();
      const c = state.children[child.id]!;
      expect(c.release?.how.kind).toBe('guardian_card');
      await expect.poll(() => onBoard('released'), { timeout: 10_000 }).toContain(masked);
      expect(await board.textContent('body')).not.toContain(child.name);
      expect(c.chain.map((l) => l.type)).toEqual(['checked_in', 'called_to_gate', 'sent_to_gate', 'released']);
      expect(state.anomalies.filter((a) => a.code === 'call_unanswered' && a.studentId === child.id)).toEqual([]);
      for (const k of [care, other, gate]) expect(await k.dialogs()).toEqual([]);
    } finally {
      await Promise.all([care.close(), other.close(), gate.close(), board.context().close()]);
    }
  });

  it('CU22: a call made while the hub is down says so at the gate and reaches the room when the hub is back', async () => {
    const { child, guardianCard } = freshWithCard('g3-mixed');
    const care = await kioskAt({ care: 'g3-mixed' }, 'care-3b', '三年级混合班');
    const gate = await kioskAt('gate', 'gate-2', '校门二');
    try {
      await care.scanNow(child.cardId!);
      await expect.poll(() => statusOn(gate, child.id), { timeout: 10_000 }).toBe('in_care');
      await expect.poll(() => care.unsent(), { timeout: 10_000 }).toBe(0);
      const { port, dataDir } = hub;
      const clockAt = Date.now() + hub.clockOffsetMs;
      await hub.kill9();

      await gate.scanNow(guardianCard);
      const note = gate.page.getByTestId(`called-${child.id}-note`);
      await expect.poll(async () => (await note.textContent()) ?? '', { timeout: 15_000 }).toContain('未送达');
      expect(await care.page.getByTestId('call-banner').count()).toBe(0);

      hub = await startHub({ dataDir, port, clockAt });
      admin = await adminToken(hub);
      await care.page.getByTestId(`call-${child.id}`).waitFor({ timeout: 30_000 });
      await expect.poll(async () => (await note.textContent()) ?? '', { timeout: 15_000 }).not.toContain('未送达');
      await expect
        .poll(async () => (await hubState()).children[child.id]?.call?.answeredAt, { timeout: 10_000 })
        .toBeUndefined();
      expect((await hubState()).children[child.id]?.call).toBeDefined();
    } finally {
      await Promise.all([care.close(), gate.close()]);
    }
  });
});
