/**
 * The kiosk in real Chromium against a real hub over HTTPS: a keyboard scanner, three stations walking one
 * child from class to gate, and twenty scans while the hub is down, with a reload in between.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DaySlice } from '../../core/protocol';
import type { Roster, Student } from '../../core/roster';
import type { DayState } from '../../core/state';
import { enrolled, todayAtSchool } from '../hub/demoEvents';
import type { RunningHub } from '../hub/hubProcess';
import { adminToken, demoPairingCode, request, startDemoHub, startHub } from '../hub/hubProcess';
import { launch } from './browser';
import { KioskPage } from './kioskPage';

let hub: RunningHub;
let browser: Browser;
let roster: Roster;
let admin: string;

beforeAll(async () => {
  ({ hub, admin, roster } = await startDemoHub());
  browser = await launch({ trustCa: path.join(hub.dataDir, 'tls', 'ca.crt') });
});
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

async function hubState(): Promise<DayState> {
  return (await request<DayState>(hub, 'GET', `/api/headcount?date=${todayAtSchool(roster)}`, { token: admin })).body;
}
async function hubEvents(): Promise<DaySlice['events']> {
  return (await request<DaySlice>(hub, 'GET', `/api/events?day=${todayAtSchool(roster)}`, { token: admin })).body
    .events;
}
const inGroup = (groupId: string): Student[] => enrolled(roster).filter((s) => s.groupId === groupId);

describe('kiosk end to end', () => {
  it('a keyboard scanner checks a child in; the same card shown again says "already checked in" and writes nothing', async () => {
    const kiosk = await KioskPage.open(browser, hub);
    try {
      await kiosk.pair(demoPairingCode(hub), '一年级1班');
      await kiosk.chooseCare('g1-whole');
      await kiosk.signIn('care-1a');
      const child = inGroup('g1-whole')[0]!;
      await kiosk.scanWithKeyboard(child.cardId!);
      expect(await kiosk.verdictFor(child.name)).toMatchObject({ level: 'ok' });
      await expect.poll(async () => (await hubState()).children[child.id]?.status, { timeout: 10_000 }).toBe('in_care');
      // A card from another school is refused on the spot, and nothing is written.
      await kiosk.scanWithKeyboard('RSZZ0000000000000X');
      await expect.poll(async () => (await kiosk.verdict()).level).toBe('error');
      // The first card shown again (another card came between: a real repeat) is "already checked in".
      await kiosk.scanWithKeyboard(child.cardId!);
      await expect.poll(async () => (await kiosk.verdict()).title, { timeout: 5_000 }).toMatch(/已记录|已签到/);
      await expect.poll(() => kiosk.unsent(), { timeout: 10_000 }).toBe(0);
      expect((await hubEvents()).filter((e) => 'studentId' in e && e.studentId === child.id)).toHaveLength(1);
    } finally {
      await kiosk.close();
    }
  });

  it('three stations walk one child from class to gate, and the hub says released', async () => {
    const child = inGroup('g1-mixed').find((s) => s.pickup.kind === 'guardian')!;
    const classroom = await KioskPage.open(browser, hub);
    const care = await KioskPage.open(browser, hub);
    const gate = await KioskPage.open(browser, hub);
    try {
      for (const [k, name] of [
        [classroom, '教室'],
        [care, '看护'],
        [gate, '校门'],
      ] as const)
        await k.pair(demoPairingCode(hub), name);
      await classroom.chooseClassroom(child.classId);
      await classroom.signIn(roster.classes.find((c) => c.id === child.classId)!.headTeacherId!);
      await care.chooseCare('g1-mixed');
      await care.signIn('care-1b');
      await gate.chooseGate();
      await gate.signIn('gate-1');

      await classroom.scanWithKeyboard(child.cardId!);
      expect(await classroom.verdictFor(child.name)).toMatchObject({
        level: 'ok',
        title: expect.stringContaining('混合班'),
      });
      // The class teacher records today's leave for a classmate on the same tablet, in the kiosk's own form.
      const sick = inGroup('g1-mixed').find((s) => s.classId === child.classId && s.id !== child.id)!;
      await classroom.page.getByTestId(`leave-${sick.id}`).click();
      await classroom.page.getByTestId('leave-reason-sick').click();
      await classroom.page.getByTestId('leave-note').fill('发烧');
      await classroom.page.getByTestId('leave-submit').click();
      await classroom.page.getByTestId(`on-leave-${sick.id}`).waitFor({ timeout: 10_000 });
      await expect.poll(async () => (await hubState()).children[sick.id]?.status, { timeout: 10_000 }).toBe('on_leave');
      // The care room sees the child on its way (from the hub, live), then receives it.
      await care.page.getByTestId(`missing-${child.id}`).getByText('在路上').waitFor({ timeout: 10_000 });
      await care.scanWithKeyboard(child.cardId!);
      expect(await care.verdictFor(child.name)).toMatchObject({ level: 'ok' });
      // Sending the group out takes a second tap.
      await care.page.getByTestId('send-to-gate').click();
      await care.page.getByTestId('send-to-gate').click();
      await gate.page.getByTestId(`waiting-${child.id}`).waitFor({ timeout: 10_000 });
      await gate.scanWithKeyboard(child.cardId!);
      expect(await gate.verdictFor(child.name)).toMatchObject({ level: 'ok', title: expect.stringContaining('放行') });
      await expect
        .poll(async () => (await hubState()).children[child.id]?.status, { timeout: 10_000 })
        .toBe('released');
      const chain = (await hubState()).children[child.id]!.chain.map((l) => l.type);
      expect(chain).toEqual(['handed_off', 'checked_in', 'sent_to_gate', 'released']);
    } finally {
      await Promise.all([classroom.close(), care.close(), gate.close()]);
    }
  });

  it('offline: 20 scans with the hub down, a reload, the hub back: all 20 arrive exactly once', async () => {
    const kiosk = await KioskPage.open(browser, hub);
    try {
      await kiosk.pair(demoPairingCode(hub), '三年级混合班');
      await kiosk.chooseCare('g3-mixed');
      await kiosk.signIn('care-3a');
      // The service worker must hold the app shell before the hub goes away.
      await kiosk.page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      // The teacher's sign-in has reached the hub, so everything unsent from here on is a scan.
      await expect
        .poll(async () => (await hubEvents()).some((e) => e.type === 'staff_signed_in' && e.staffId === 'care-3a'), {
          timeout: 10_000,
        })
        .toBe(true);
      await expect.poll(() => kiosk.unsent(), { timeout: 10_000 }).toBe(0);
      const port = hub.port;
      await hub.kill9();

      const children = inGroup('g3-mixed').slice(0, 20);
      expect(children).toHaveLength(20);
      for (const child of children) {
        await kiosk.scanWithKeyboard(child.cardId!);
        expect((await kiosk.verdictFor(child.name)).level).toBe('ok');
      }
      await expect.poll(() => kiosk.unsent()).toBe(20);

      await kiosk.page.reload();
      await kiosk.page.getByTestId('verdict').waitFor({ timeout: 10_000 });
      expect(await kiosk.unsent()).toBe(20);
      expect(await kiosk.page.getByTestId('present').getAttribute('data-count')).toBe('20');

      hub = await startHub({ dataDir: hub.dataDir, port });
      admin = await adminToken(hub);
      await expect.poll(() => kiosk.unsent(), { timeout: 20_000 }).toBe(0);
      const events = await hubEvents();
      for (const child of children) {
        expect(
          events.filter((e) => e.type === 'checked_in' && e.studentId === child.id),
          child.name,
        ).toHaveLength(1);
      }
    } finally {
      await kiosk.close();
    }
  });
});
