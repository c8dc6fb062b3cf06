/**
 * BD1 the gate board in Chromium (#19 item 2): paired with a board code, it follows a child called by the gate,
 * sent by the room and picked up, each within seconds, with the name masked; a reload comes back to the board, and
 * a hub that goes away is said on screen with the last update. Screenshots for docs/board.md.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { maskName } from '../../core/boardView';
import type { CustodyEventInput } from '../../core/events';
import type { Student } from '../../core/roster';
import { enrolled, todayAtSchool } from '../hub/demoEvents';
import { ADMIN_PASSWORD, readyKiosk, request } from '../hub/hubProcess';
import { demoHubInChromium } from './demoHubInChromium';

const env = demoHubInChromium();
/** docs/screens/board-*.png are made with RELAY_DOC_SHOTS=1; a plain `npm test` writes no file under docs/. */
const SCREENS = process.env.RELAY_DOC_SHOTS ? path.resolve(import.meta.dirname, '../../docs/screens') : undefined;
const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 800 },
  { width: 800, height: 1280 },
  { width: 360, height: 800 },
] as const;

type Step = 'checked_in' | 'called_to_gate' | 'sent_to_gate' | 'released';
function event(s: Student, type: Step, deviceId: string, minutesAgo = 0): CustodyEventInput {
  const staffId = type === 'called_to_gate' || type === 'released' ? 'gate-1' : `care-${s.grade}a`;
  return {
    id: randomUUID(),
    day: todayAtSchool(env.roster),
    deviceId,
    staffId,
    deviceTime: Date.now() - minutesAgo * 60_000,
    clockOffsetMs: 0,
    type,
    studentId: s.id,
    source: { kind: 'manual', reason: '测试' },
    ...(type === 'checked_in' ? { groupId: s.groupId! } : {}),
    ...(type === 'released' ? { how: { kind: 'staff_confirmed', collectedBy: '妈妈' } } : {}),
  } as CustodyEventInput;
}

/** Everything inside the window, no control under 48×48, no horizontal scroll: the field standard. */
async function expectFits(page: Page, label: string) {
  const r = await page.evaluate(() => {
    const w = window.innerWidth;
    const h = window.innerHeight;
    const out = [...document.querySelectorAll('.board *')]
      .map((el) => ({ el, b: el.getBoundingClientRect() }))
      .filter(({ b }) => b.width > 0 && (b.right > w + 1 || b.bottom > h + 1 || b.left < -1 || b.top < -1))
      .map(({ el }) => `${el.className} ${(el.textContent ?? '').slice(0, 20)}`);
    const small = [...document.querySelectorAll('button, input')]
      .map((el) => el.getBoundingClientRect())
      .filter((b) => b.width > 0 && (b.width < 48 || b.height < 48));
    return { out, small: small.length, scroll: document.documentElement.scrollWidth > w };
  });
  expect(r, label).toEqual({ out: [], small: 0, scroll: false });
}

describe('BD1 gate board in the browser', () => {
  it('BD1: paired with a board code, the board shows a child called → at the gate → picked up, masked, live', async () => {
    const { hub, browser, roster, admin } = env;
    const kids = enrolled(roster).filter((s) => [...s.name].length === 3 && s.grade === 1);
    const [child, ...others] = kids;
    const tablet = await readyKiosk(hub, ['care-1a', 'care-3a', 'gate-1'], '校门平板');
    const submit = async (events: CustodyEventInput[]) => {
      const r = await request<{ results: { status: string }[] }>(hub, 'POST', '/api/events', {
        token: tablet.token,
        body: { events },
      });
      expect(r.body.results.map((x) => x.status)).toEqual(events.map(() => 'stored'));
    };
    await submit([child!, ...others.slice(0, 12)].map((s) => event(s, 'checked_in', tablet.deviceId, 30)));

    const kioskCode = (await request<{ code: string }>(hub, 'POST', '/api/admin/pairing-codes', { token: admin })).body
      .code;
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    try {
      // the office makes the board's code: 平板与教师 → 校门大屏配对码
      const office = await context.newPage();
      await office.goto(`https://localhost:${hub.port}/office/`);
      await office.getByTestId('office-password').fill(ADMIN_PASSWORD);
      await office.getByTestId('office-login').click();
      await office.getByTestId('tab-devices').click();
      await office.getByTestId('new-board-code').click();
      const code = ((await office.getByTestId('pairing-code').textContent()) ?? '').trim();
      expect(code).toMatch(/^[A-Z0-9]{8}$/);
      await expect.poll(() => office.getByTestId('pairing-codes').textContent()).toContain('校门大屏');
      await office.close();

      await page.goto(`https://localhost:${hub.port}/board/`);
      // a kiosk's code is refused in words, and the form stays
      await page.getByTestId('board-code').fill(kioskCode);
      await page.getByTestId('board-pair-go').click();
      await expect.poll(() => page.getByTestId('board-error').textContent()).toContain('这是平板的配对码');
      await page.getByTestId('board-code').fill(code);
      await page.getByTestId('board-pair-go').click();
      await page.getByTestId('board').waitFor();
      await expect.poll(() => page.getByTestId('board-link').textContent()).toContain('实时');

      const masked = maskName(child!.name);
      const called = page.getByTestId('board-called');
      const atGate = page.getByTestId('board-atGate');
      const released = page.getByTestId('board-released');
      await submit([event(child!, 'called_to_gate', tablet.deviceId)]);
      await expect.poll(() => called.textContent(), { timeout: 5000 }).toContain(masked);
      await submit([event(child!, 'sent_to_gate', tablet.deviceId)]);
      await expect.poll(() => atGate.textContent(), { timeout: 5000 }).toContain(masked);
      expect(await called.textContent()).not.toContain(masked);
      await submit([event(child!, 'released', tablet.deviceId)]);
      await expect.poll(() => released.textContent(), { timeout: 5000 }).toContain(masked);
      expect(await atGate.textContent()).not.toContain(masked);
      const text = (await page.textContent('body')) ?? '';
      expect(text).not.toContain(child!.name);
      expect(text).not.toContain(child!.studentNo);

      // a reload comes back to the board, not to the pairing form
      await page.reload();
      await page.getByTestId('board').waitFor();
      await expect.poll(() => released.textContent()).toContain(masked);
      expect(await page.getByTestId('board-pair').count()).toBe(0);

      // a fuller afternoon for the screenshots: one call unanswered for 7 minutes, some walking, some gone
      const [late, ...rest] = others;
      await submit([
        event(late!, 'called_to_gate', tablet.deviceId, 7),
        ...rest.slice(0, 4).map((s, i) => event(s, 'called_to_gate', tablet.deviceId, 3 - i / 2)),
        ...rest.slice(4, 8).map((s) => event(s, 'called_to_gate', tablet.deviceId, 4)),
        ...rest.slice(4, 8).map((s) => event(s, 'sent_to_gate', tablet.deviceId, 1)),
        ...rest.slice(8, 10).map((s) => event(s, 'called_to_gate', tablet.deviceId, 6)),
        ...rest.slice(8, 10).map((s) => event(s, 'sent_to_gate', tablet.deviceId, 4)),
        ...rest.slice(8, 10).map((s) => event(s, 'released', tablet.deviceId, 2)),
      ]);
      await expect.poll(() => page.getByTestId('board-called-count').textContent(), { timeout: 5000 }).toBe('5');
      expect(await called.locator('.late').count()).toBe(1);
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await page.waitForTimeout(200);
        await expectFits(page, `${size.width}x${size.height}`);
        if (SCREENS) await page.screenshot({ path: path.join(SCREENS, `board-${size.width}x${size.height}.png`) });
      }

      // the hub goes away: the board says so, with the time of its last update, and keeps its lists
      await page.setViewportSize({ width: 1280, height: 800 });
      await hub.stop();
      await expect.poll(() => page.getByTestId('board-link').textContent(), { timeout: 10_000 }).toContain('连接中断');
      expect(await page.getByTestId('board-link').textContent()).toMatch(/最后更新 \d\d:\d\d/);
      expect(await released.textContent()).toContain(masked);
      if (SCREENS) await page.screenshot({ path: path.join(SCREENS, 'board-offline-1280x800.png') });
      expect(dialogs).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
