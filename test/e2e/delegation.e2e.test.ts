/**
 * 临时代接 end to end (DG1, #19 item 4): the office records that 王阿姨 collects a child today with a one-day code,
 * the gate kiosk types it on its number pad and releases the child (how: delegate), and the same code typed again
 * is refused and writes nothing. Screenshots (RELAY_DELEGATE_SHOTS=docs/screens): the gate's pad and match at
 * three sizes (kiosk-gate-delegate-*.png) and the office's form at 1366x768 (office-delegate-1366x768.png).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DaySlice } from '../../core/protocol';
import type { DayState } from '../../core/state';
import { checkIn, enrolled, todayAtSchool } from '../hub/demoEvents';
import { ADMIN_PASSWORD, demoPairingCode, readyKiosk, request } from '../hub/hubProcess';
import { demoHubInChromium } from './demoHubInChromium';
import { KioskPage } from './kioskPage';

const env = demoHubInChromium();
const SHOTS = process.env.RELAY_DELEGATE_SHOTS;
const SIZES = [
  { width: 1280, height: 800 },
  { width: 800, height: 1280 },
  { width: 360, height: 800 },
] as const;

async function hubState(): Promise<DayState> {
  const day = todayAtSchool(env.roster);
  return (await request<DayState>(env.hub, 'GET', `/api/headcount?date=${day}`, { token: env.admin })).body;
}
async function hubEvents(): Promise<DaySlice['events']> {
  const day = todayAtSchool(env.roster);
  return (await request<DaySlice>(env.hub, 'GET', `/api/events?day=${day}`, { token: env.admin })).body.events;
}

describe('DG1 one-day delegation in the browser', () => {
  it('DG1 the office records a delegate with a code; the gate types it and releases the child once', async () => {
    const { hub, browser, roster } = env;
    const child = enrolled(roster).find((s) => s.pickup.kind === 'guardian')!;
    // The child is in care, as at the end of a school afternoon.
    const care = await readyKiosk(hub, ['care-1a'], '看护平板');
    const checked = await request(hub, 'POST', '/api/events', {
      token: care.token,
      body: { events: [checkIn(roster, child, care.deviceId)] },
    });
    expect(checked.status).toBe(200);

    // The office: 请假 tab, the child, 临时代接 with a code.
    const office = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const page = await office.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    let code: string | undefined;
    try {
      await page.goto(`https://localhost:${hub.port}/office/`);
      await page.getByTestId('office-password').fill(ADMIN_PASSWORD);
      await page.getByTestId('office-login').click();
      await page.getByTestId('tab-leave').click();
      await page.getByTestId('leave-search').fill(child.studentNo);
      await page.getByTestId(`leave-pick-${child.id}`).click();
      await page.getByTestId('delegate-who').fill('王阿姨');
      await page.getByTestId('delegate-relation').fill('邻居');
      expect(await page.getByTestId('delegate-with-code').isChecked()).toBe(true);
      await page.getByTestId('delegate-submit').click();
      const shown = page.getByTestId('delegate-code-once');
      await shown.waitFor({ timeout: 10_000 });
      code = (await shown.textContent())?.trim();
      expect(code).toMatch(/^\d{6}$/);
      // 打印接送条 opens the slip (the PDF the hub made with the code) in its own tab, without a print dialog.
      const [tab] = await Promise.all([office.waitForEvent('page'), page.getByTestId('delegate-slip').click()]);
      expect(tab.url()).toMatch(/^blob:https:\/\/localhost/);
      await tab.close();
      await page.getByTestId('delegate-form').scrollIntoViewIfNeeded();
      if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'office-delegate-1366x768.png') });
      // Shown once: another child, and back, and the code is gone from the page.
      await page.getByTestId('leave-search').fill('');
      await page.getByTestId('leave-search').fill(child.studentNo);
      await page.getByTestId(`leave-pick-${child.id}`).click();
      expect(await page.getByTestId('delegate-code-once').count()).toBe(0);
    } finally {
      await office.close();
    }
    expect(dialogs).toEqual([]);
    if (!code) throw new Error('no code shown');

    // The gate: the code on the number pad finds the child and the adult.
    const gate = await KioskPage.open(browser, hub);
    try {
      await gate.pair(demoPairingCode(hub), '校门');
      await gate.chooseGate();
      await gate.signIn('gate-1');
      const p = gate.page;
      const typeCode = async (c: string) => {
        await p.getByTestId('delegate-open').click();
        for (const d of c) await p.getByTestId(`delegate-key-${d}`).click();
      };
      // A wrong code first: red, and nothing written.
      const before = (await hubEvents()).length;
      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
      await typeCode(wrong);
      await expect.poll(() => p.getByTestId('delegate-refused').textContent()).toContain('接送码不对');
      await p.getByTestId('delegate-sheet-close').click();

      // The number pad, half typed, at the three sizes; then the rest of the code.
      await p.getByTestId('delegate-open').click();
      for (const d of code.slice(0, 3)) await p.getByTestId(`delegate-key-${d}`).click();
      for (const size of SHOTS ? SIZES : []) {
        await p.setViewportSize(size);
        await p.screenshot({ path: path.join(SHOTS!, `kiosk-gate-delegate-pad-${size.width}x${size.height}.png`) });
      }
      await p.setViewportSize({ width: 1100, height: 800 });
      for (const d of code.slice(3)) await p.getByTestId(`delegate-key-${d}`).click();
      const found = p.getByTestId('delegate-found');
      await found.waitFor({ timeout: 10_000 });
      expect(await found.textContent()).toContain(`临时代接：王阿姨（邻居） 接 ${child.name}`);
      for (const size of SHOTS ? SIZES : []) {
        await p.setViewportSize(size);
        await p.screenshot({ path: path.join(SHOTS!, `kiosk-gate-delegate-${size.width}x${size.height}.png`) });
      }
      await p.setViewportSize({ width: 1100, height: 800 });
      // The child is still in its room: the gate calls it (CU22) while the adult waits.
      await p.getByTestId('delegate-call').click();
      await expect
        .poll(async () => (await hubState()).children[child.id]?.call?.answeredAt, { timeout: 10_000 })
        .toBeUndefined();
      await expect.poll(async () => (await hubState()).children[child.id]?.call, { timeout: 10_000 }).toBeTruthy();
      const called = (await hubEvents()).length;
      expect(called).toBe(before + 1);
      // 放行 takes a second tap.
      await p.getByTestId('delegate-release').click();
      expect(await p.getByTestId('delegate-release').getAttribute('data-armed')).toBe('1');
      expect(await p.getByTestId('delegate-sheet').count()).toBe(1);
      await p.getByTestId('delegate-release').click();
      await p.getByTestId('delegate-sheet').waitFor({ state: 'detached' });
      await expect
        .poll(async () => (await hubState()).children[child.id]?.release?.how, { timeout: 10_000 })
        .toMatchObject({ kind: 'delegate', collectedBy: '王阿姨' });
      const afterRelease = (await hubEvents()).length;
      expect(afterRelease).toBe(called + 1);

      // The same code again, from the slip's QR by a keyboard scanner into the sheet: refused as used, nothing written.
      await p.getByTestId('delegate-open').click();
      await expect
        .poll(() => p.evaluate(() => document.activeElement?.getAttribute('data-testid')))
        .toBe('delegate-code');
      await p.keyboard.type(`RD${todayAtSchool(roster).replaceAll('-', '')}${code}`, { delay: 4 });
      await p.keyboard.press('Enter');
      await expect.poll(() => p.getByTestId('delegate-refused').textContent()).toContain('已用过');
      expect(await p.getByTestId('delegate-release').count()).toBe(0);
      await p.getByTestId('delegate-sheet-close').click();
      // The slip held up to the tablet's camera (a scan, not typing): the sheet opens with it and says 已用过 too.
      await gate.scanNow(`RD${todayAtSchool(roster).replaceAll('-', '')}${code}`);
      await p.getByTestId('delegate-sheet').waitFor({ timeout: 5_000 });
      await expect.poll(() => p.getByTestId('delegate-refused').textContent()).toContain('已用过');
      await p.getByTestId('delegate-sheet-close').click();
      await expect.poll(() => gate.unsent(), { timeout: 10_000 }).toBe(0);
      expect((await hubEvents()).length).toBe(afterRelease);
      expect((await hubState()).anomalies.filter((a) => a.studentId === child.id)).toEqual([]);
      expect(await gate.dialogs()).toEqual([]);
    } finally {
      await gate.close();
    }
  });
});
