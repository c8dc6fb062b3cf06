/**
 * RC4 reunification and RC5 the paper roll, on the duty leader's phone against a real hub: a roll call starts, a
 * kiosk marks children safe, the leader hands one to its guardian chosen from the roster and another to a name typed
 * in (a first tap that chooses, a second that confirms; nothing chosen is refused in words), the hub records each
 * release in the leader's name, and an undo puts a child back. 打印点名表 opens the PDF in a new tab.
 * Screenshots (RELAY_REUNIFY_SHOTS=docs/screens): docs/screens/leader-reunify-<size>.png and roll-call-paper.png.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustodyEventInput } from '../../core/events';
import type { Roster } from '../../core/roster';
import type { DayState } from '../../core/state';
import { recentSchoolAfternoon } from '../fakeClock';
import { checkIn, enrolled, todayAtSchool } from '../hub/demoEvents';
import type { RunningHub } from '../hub/hubProcess';
import { readyKiosk, request, startDemoHub } from '../hub/hubProcess';
import { launch } from './browser';
import { LeaderPage } from './leaderPage';

const SHOTS = process.env.RELAY_REUNIFY_SHOTS;

let hub: RunningHub;
let browser: Browser;
let roster: Roster;
let admin: string;
let kiosk: { deviceId: string; token: string };

beforeAll(async () => {
  ({ hub, roster, admin } = await startDemoHub({ clockAt: recentSchoolAfternoon() }));
  browser = await launch({ trustCa: path.join(hub.dataDir, 'tls', 'ca.crt') });
  kiosk = await readyKiosk(hub, ['care-1a']);
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

const now = () => Date.now() + hub.clockOffsetMs;
/** What a kiosk sends, on the hub's clock. */
async function fromKiosk(bodies: Record<string, unknown>[]) {
  const events = bodies.map(
    (b) =>
      ({
        id: randomUUID(),
        day: todayAtSchool(roster, now()),
        deviceId: kiosk.deviceId,
        staffId: 'care-1a',
        deviceTime: now(),
        clockOffsetMs: 0,
        ...b,
      }) as CustodyEventInput,
  );
  const r = await request<{ results: { status: string }[] }>(hub, 'POST', '/api/events', {
    token: kiosk.token,
    body: { events },
  });
  expect(r.body.results?.map((x) => x.status)).toEqual(events.map(() => 'stored'));
}
const headcount = async () => (await request<DayState>(hub, 'GET', '/api/headcount', { token: admin })).body;

function pdfBytes(token: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    https
      .get(
        {
          host: '127.0.0.1',
          port: hub.port,
          path: '/api/leader/roll-call.pdf',
          ca: hub.ca(),
          servername: 'localhost',
          headers: { authorization: `Bearer ${token}` },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(Buffer.concat(chunks)));
        },
      )
      .on('error', reject);
  });
}

describe('reunification at the assembly point (RC4)', () => {
  it('RC4 RC5 the leader hands a child found safe to its guardian, and another to a typed name; both are recorded in the leader’s name', async () => {
    const kids = enrolled(roster)
      .filter((s) => s.groupId === 'g1-whole')
      .filter((s) => roster.guardians.some((g) => g.studentIds.includes(s.id)))
      .slice(0, 3);
    expect(kids).toHaveLength(3);
    const [first, second, third] = kids as [(typeof kids)[0], (typeof kids)[0], (typeof kids)[0]];
    const guardian = roster.guardians.find((g) => g.studentIds.includes(first.id))!;
    await fromKiosk(
      kids.map((s) => {
        const { id: _id, day: _day, deviceTime: _t, ...body } = checkIn(roster, s, kiosk.deviceId);
        return body;
      }),
    );

    const leader = await LeaderPage.open(browser, hub);
    const { page } = leader;
    try {
      await leader.login();
      await page.getByTestId('roll-call-start').click();
      await page.getByTestId('roll-call-confirm').click();
      await expect.poll(() => leader.unaccounted(), { timeout: 10_000 }).toBe(3);

      // Two are scanned safe at an assembly point.
      await fromKiosk(
        [first, second].map((s) => ({
          type: 'marked_safe',
          studentId: s.id,
          source: { kind: 'card', cardId: s.cardId },
        })),
      );
      await expect.poll(() => leader.unaccounted(), { timeout: 10_000 }).toBe(1);
      const open = (name: string) => page.locator(`[data-testid="reunify-open"][data-student="${name}"]`);
      await open(first.name).waitFor({ timeout: 10_000 });
      // The third, never found, is not offered for a hand-over.
      expect(await open(third.name).count()).toBe(0);

      // The sheet lists the child's guardians by name and relation; nothing chosen is refused in words.
      await open(first.name).click();
      const sheet = page.getByTestId('reunify');
      await sheet.getByTestId('reunify-guardian').first().waitFor({ timeout: 10_000 });
      await expect
        .poll(() => sheet.getByTestId('reunify-guardian').allInnerTexts())
        .toContain(`${guardian.name} ${guardian.relation}`);
      await sheet.getByTestId('reunify-confirm').click();
      await expect.poll(() => sheet.getByTestId('reunify-error').innerText()).toContain('请选择一位家长');
      expect((await headcount()).children[first.id]?.status).toBe('in_care');

      await sheet.getByTestId('reunify-guardian').filter({ hasText: guardian.name }).click();
      await expect.poll(() => sheet.getByTestId('reunify-confirm').innerText()).toContain(`确认交给 ${guardian.name}`);
      if (SHOTS) {
        for (const [w, h] of [
          [1280, 800],
          [800, 1280],
          [360, 800],
        ] as const) {
          await page.setViewportSize({ width: w, height: h });
          await page.waitForTimeout(200);
          await page.screenshot({ path: path.join(SHOTS, `leader-reunify-${w}x${h}.png`) });
        }
        await page.setViewportSize({ width: 420, height: 900 });
      }
      await sheet.getByTestId('reunify-confirm').click();
      await sheet.waitFor({ state: 'detached', timeout: 10_000 });

      // The second goes to a name typed at the assembly point.
      await open(second.name).click();
      await sheet.getByTestId('reunify-name').fill('王阿姨');
      await sheet.getByTestId('reunify-confirm').click();
      await sheet.waitFor({ state: 'detached', timeout: 10_000 });

      const rows = page.getByTestId('reunified-row');
      await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
      const texts = await rows.allInnerTexts();
      expect(texts.find((t) => t.includes(first.name))).toContain(
        `已交家长 · ${guardian.name}（${guardian.relation}）`,
      );
      expect(texts.find((t) => t.includes(first.name))).toContain('赵校长');
      expect(texts.find((t) => t.includes(second.name))).toContain('已交家长 · 王阿姨');
      expect(await leader.unaccounted()).toBe(1);
      if (SHOTS) {
        await page.setViewportSize({ width: 360, height: 800 });
        await page.getByTestId('reunified').scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(SHOTS, 'leader-reunify-done-360x800.png') });
        await page.setViewportSize({ width: 420, height: 900 });
      }

      // The hub has each release as RC4 says: how, who collected, and the leader who handed over.
      const state = await headcount();
      expect(state.children[first.id]?.release?.how).toEqual({
        kind: 'reunified',
        guardianId: guardian.id,
        collectedBy: `${guardian.name}（${guardian.relation}）`,
      });
      expect(state.children[second.id]?.release?.how).toEqual({ kind: 'reunified', collectedBy: '王阿姨' });
      expect(state.children[first.id]?.chain.at(-1)).toMatchObject({ type: 'released', staffId: 'leader-1' });
      expect(state.anomalies.filter((a) => a.studentId === first.id || a.studentId === second.id)).toEqual([]);

      // A mistaken hand-over is undone with a second tap: the child is safe and waiting again.
      await rows.filter({ hasText: second.name }).getByTestId('reunify-undo').click();
      await rows.filter({ hasText: second.name }).getByTestId('reunify-undo-confirm').click();
      await open(second.name).waitFor({ timeout: 10_000 });
      expect((await headcount()).children[second.id]?.status).toBe('in_care');

      // 打印点名表 opens the PDF in a new tab, no dialog of ours.
      const [tab] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('roll-call-pdf').click()]);
      await expect.poll(() => tab.url(), { timeout: 15_000 }).toMatch(/^blob:/);
      await tab.close();

      if (SHOTS) {
        const login = await request<{ token: string }>(hub, 'POST', '/api/leader/login', {
          body: { staffId: 'office-1', pin: '2468' },
        });
        const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-paper-'));
        writeFileSync(path.join(dir, 'r.pdf'), await pdfBytes(login.body.token));
        execFileSync('pdftoppm', [
          '-png',
          '-r',
          '80',
          '-f',
          '1',
          '-l',
          '1',
          '-singlefile',
          path.join(dir, 'r.pdf'),
          path.join(SHOTS, 'roll-call-paper'),
        ]);
      }
    } finally {
      await leader.close();
    }
  }, 120_000);
});
