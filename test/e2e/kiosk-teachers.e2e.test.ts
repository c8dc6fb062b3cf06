/**
 * The kiosk as a teacher in a hurry meets it (issue #16, kiosk findings): sound after a reload, a verdict that
 * stays while the card is in view, leave as a form, a second tap or an undo for every consequential step, the
 * no-card reason per child, who collected a child from extended care, menus in view, controls a finger can hit,
 * and the reducer's refusal in words. The hub's clock is pinned to a weekday at 15:00, before the session, so
 * every child starts expected whatever the hour the suite runs.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DaySlice } from '../../core/protocol';
import type { Roster, Student } from '../../core/roster';
import type { DayState } from '../../core/state';
import { recentSchoolAfternoon } from '../fakeClock';
import { enrolled, todayAtSchool } from '../hub/demoEvents';
import type { RunningHub } from '../hub/hubProcess';
import { demoPairingCode, request, startDemoHub } from '../hub/hubProcess';
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
async function hubEvents(): Promise<DaySlice['events']> {
  return (await request<DaySlice>(hub, 'GET', `/api/events?day=${day()}`, { token: admin })).body.events;
}
const eventsOf = async (s: Student) => (await hubEvents()).filter((e) => 'studentId' in e && e.studentId === s.id);

/** Children nobody has touched yet in this hub, so the tests do not step on each other. */
const used = new Set<string>();
function fresh(keep: (s: Student) => boolean, n = 1): Student[] {
  const out = enrolled(roster)
    .filter((s) => !used.has(s.id) && keep(s))
    .slice(0, n);
  if (out.length < n) throw new Error('the demo school has too few such children');
  out.forEach((s) => used.add(s.id));
  return out;
}
const headTeacher = (s: Student) => roster.classes.find((c) => c.id === s.classId)!.headTeacherId!;
const className = (s: Student) => roster.classes.find((c) => c.id === s.classId)!.name;

async function kioskAt(
  station: { care: string } | { classroom: string } | 'gate',
  staffId: string,
  name = '测试平板',
): Promise<KioskPage> {
  const k = await KioskPage.open(browser, hub);
  await k.pair(demoPairingCode(hub), name);
  if (station === 'gate') await k.chooseGate();
  else if ('care' in station) await k.chooseCare(station.care);
  else await k.chooseClassroom(station.classroom);
  await k.signIn(staffId);
  return k;
}

/** Events a station would write by hand (setting a scene), through the kiosk's own model. */
async function act(k: KioskPage, bodies: unknown[]) {
  await k.page.evaluate(async (b) => {
    await (window as unknown as { relayKiosk: { act(x: unknown[]): Promise<unknown> } }).relayKiosk.act(b);
  }, bodies);
}

describe('kiosk for a teacher in a hurry (#16)', () => {
  it('finding 5: 请假 is a small form with the school\'s reasons, never the browser\'s prompt; "发烧" is sick leave', async () => {
    const [child] = fresh((s) => s.grade === 1);
    const k = await kioskAt({ classroom: child!.classId }, headTeacher(child!));
    try {
      await k.page.getByTestId(`leave-${child!.id}`).click();
      const sheet = k.page.getByTestId('leave-sheet');
      await sheet.waitFor({ timeout: 5_000 });
      await expect.poll(() => sheet.textContent()).toContain(className(child!));
      await k.page.getByTestId('leave-reason-sick').click();
      await k.page.getByTestId('leave-note').fill('发烧');
      await k.page.getByTestId('leave-submit').click();
      const note = k.page.getByTestId(`on-leave-${child!.id}-note`);
      await expect.poll(() => note.textContent(), { timeout: 5_000 }).toContain('病假 · 发烧');
      await expect
        .poll(async () => (await eventsOf(child!)).find((e) => e.type === 'leave_recorded'), { timeout: 10_000 })
        .toMatchObject({ reason: 'sick', note: '发烧' });
      expect(await k.dialogs()).toEqual([]);
    } finally {
      await k.close();
    }
  });

  it('finding 3: the verdict stays while the card is in view; a guardian card keeps its name and never says "already recorded"', async () => {
    const [child] = fresh((s) => s.groupId === 'g1-mixed');
    const classroom = await kioskAt({ classroom: child!.classId }, headTeacher(child!));
    const gate = await kioskAt('gate', 'gate-1');
    try {
      // The camera hands the model the same card ten times a second while it is held up.
      for (let i = 0; i < 5; i++) await classroom.scanNow(child!.cardId!);
      const v = await classroom.verdictFor(child!.name);
      expect(v.title).toContain('去 一年级混合班');
      expect(v.title).not.toMatch(/已记录/);
      await expect.poll(async () => (await eventsOf(child!)).length, { timeout: 10_000 }).toBe(1);

      const guardian = roster.guardians.find((g) => g.studentIds.includes(child!.id))!;
      for (let i = 0; i < 5; i++) await gate.scanNow(guardian.cardId!);
      const title = await gate.page.getByTestId('verdict-title').textContent();
      expect(title).toContain(guardian.name);
      expect(title).not.toMatch(/已记录/);
    } finally {
      await classroom.close();
      await gate.close();
    }
  });

  it('finding 1: after a reload that restores the teacher, the first touch anywhere turns sound on', async () => {
    const [child] = fresh((s) => s.groupId === 'g1-whole');
    const k = await kioskAt({ care: 'g1-whole' }, 'care-1a');
    try {
      // This Chromium plays sound without a touch; a tablet's browser does not (test/e2e/autoplay.ts).
      await k.context.addInitScript(soundNeedsATouch);
      await k.page.reload();
      await k.page.getByTestId('verdict').waitFor();
      const banner = k.page.getByTestId('sound-banner');
      await banner.waitFor({ timeout: 5_000 });
      expect(await banner.textContent()).toContain('点一下开启声音');
      // A touch anywhere unlocks it; here the banner, where the finger is told to land.
      await banner.click();
      await expect.poll(() => banner.count()).toBe(0);
      await k.scanWithKeyboard(child!.cardId!);
      await k.verdictFor(child!.name);
      await expect.poll(() => k.tones(), { timeout: 5_000 }).toBeGreaterThan(0);
    } finally {
      await k.close();
    }
  });

  it('finding 6: 全组送到校门 and 缺席 take a second tap and can be undone; a gate release after a warning can be undone', async () => {
    const kids = fresh((s) => s.groupId === 'g3-whole', 3);
    const [a, b, absent] = kids as [Student, Student, Student];
    const care = await kioskAt({ care: 'g3-whole' }, 'care-3a');
    try {
      for (const s of [a, b]) await care.scanNow(s.cardId!);
      const present = care.page.getByTestId('present');
      await expect.poll(() => present.getAttribute('data-count')).toBe('2');
      // One tap only asks; nothing leaves the room.
      await care.page.getByTestId('send-to-gate').click();
      await expect.poll(() => care.page.getByTestId('send-to-gate').getAttribute('data-armed')).toBe('1');
      expect(await present.getAttribute('data-count')).toBe('2');
      await care.page.getByTestId('send-to-gate').click();
      await expect.poll(() => present.getAttribute('data-count')).toBe('0');
      await care.page.getByTestId('undo').click();
      await expect.poll(() => present.getAttribute('data-count')).toBe('2');
      await expect.poll(async () => (await hubState()).children[a.id]?.status, { timeout: 10_000 }).toBe('in_care');
      expect((await eventsOf(a)).map((e) => e.type)).toContain('sent_to_gate');

      const missingRow = care.page.getByTestId(`missing-${absent.id}`);
      await care.page.getByTestId(`absent-${absent.id}`).click();
      expect(await missingRow.count()).toBe(1);
      await care.page.getByTestId(`absent-${absent.id}`).click();
      await care.page.getByTestId(`leave-${absent.id}`).waitFor();
      await care.page.getByTestId('undo').click();
      await missingRow.waitFor();
      // Undone by corrections (two children sent, one absent), so the record keeps both the step and its undo.
      await expect
        .poll(async () => (await hubEvents()).filter((e) => e.type === 'corrected').length, { timeout: 10_000 })
        .toBeGreaterThanOrEqual(3);
    } finally {
      await care.close();
    }

    const [never] = fresh((s) => s.groupId === 'g3-mixed');
    const gate = await kioskAt('gate', 'gate-1');
    try {
      await gate.scanNow(never!.cardId!);
      expect(await gate.verdictFor(never!.name)).toMatchObject({ level: 'warn' });
      await gate.page.getByTestId('undo').click();
      await expect.poll(() => gate.page.getByTestId('verdict').getAttribute('data-level')).toBeNull();
      await expect
        .poll(async () => (await hubEvents()).filter((e) => e.type === 'corrected').length, { timeout: 10_000 })
        .toBeGreaterThanOrEqual(4);
      await expect
        .poll(async () => (await hubState()).children[never!.id]?.status, { timeout: 10_000 })
        .toBe('expected');
    } finally {
      await gate.close();
    }
  });

  it('finding 8: the no-card reason is for one child; the next child starts from the usual reason', async () => {
    const [first, second] = fresh((s) => s.groupId === 'g1-mixed', 2) as [Student, Student];
    const k = await kioskAt({ care: 'g1-mixed' }, 'care-1b');
    try {
      await k.page.getByTestId('search').fill(first.studentNo);
      const reason = k.page.locator('.search select');
      await reason.selectOption('卡损坏');
      await k.page.getByTestId(`pick-${first.id}`).click();
      await k.verdictFor(first.name);
      await k.page.getByTestId('search').fill(second.studentNo);
      expect(await reason.inputValue()).toBe('忘带卡');
      await k.page.getByTestId(`pick-${second.id}`).click();
      await k.verdictFor(second.name);
      const reasonOf = async (s: Student) =>
        (await eventsOf(s)).map((e) => ('source' in e && e.source.kind === 'manual' ? e.source.reason : ''))[0];
      await expect.poll(() => reasonOf(second), { timeout: 10_000 }).toBe('忘带卡');
      expect(await reasonOf(first)).toBe('卡损坏');
    } finally {
      await k.close();
    }
  });

  it('finding 9: extended care asks who collected the child, and 延时托管 is confirmed', async () => {
    const [child] = fresh((s) => s.groupId === 'g3-mixed' && s.pickup.kind === 'walks_alone');
    const guardian = roster.guardians.find((g) => g.studentIds.includes(child!.id))!;
    const care = await kioskAt({ care: 'g3-mixed' }, 'care-3b');
    const gate = await kioskAt('gate', 'gate-1');
    try {
      await care.scanNow(child!.cardId!);
      await act(care, [{ type: 'sent_to_gate', studentId: child!.id, source: { kind: 'group' } }]);
      await gate.page.getByTestId(`waiting-${child!.id}`).waitFor({ timeout: 10_000 });
      await gate.page.getByTestId(`extend-${child!.id}`).click();
      expect(await gate.page.getByTestId(`waiting-${child!.id}`).count()).toBe(1);
      await gate.page.getByTestId(`extend-${child!.id}`).click();
      await expect.poll(() => gate.page.getByTestId('undo-bar').textContent()).toContain('延时托管');
      await gate.page.getByTestId(`collected-${child!.id}`).click();
      const sheet = gate.page.getByTestId('collected-sheet');
      await sheet.waitFor({ timeout: 5_000 });
      await gate.page.getByTestId(`collected-by-${guardian.id}`).click();
      await expect.poll(async () => (await gate.verdict()).title).toContain('放行');
      const detail = await gate.page.getByTestId('verdict').textContent();
      expect(detail).toContain(guardian.name);
      expect(detail).not.toContain('自行回家');
      await expect
        .poll(
          async () => {
            const released = (await eventsOf(child!)).find((e) => e.type === 'released');
            return released?.type === 'released' ? released.how : undefined;
          },
          { timeout: 10_000 },
        )
        .toMatchObject({ kind: 'staff_confirmed', collectedBy: expect.stringContaining(guardian.name) });
    } finally {
      await care.close();
      await gate.close();
    }
  });

  it('finding 4: 朗读姓名, 退出, "…", 请假 and 缺席 are at least 48×48 CSS px', async () => {
    const [here, away] = fresh((s) => s.groupId === 'g1-whole', 2) as [Student, Student];
    const care = await kioskAt({ care: 'g1-whole' }, 'care-1a');
    const classroom = await kioskAt({ classroom: away.classId }, headTeacher(away));
    try {
      await care.scanNow(here.cardId!);
      await care.page.getByTestId(`more-${here.id}`).waitFor();
      const page = care.page;
      const controls = {
        朗读姓名: page.getByRole('button', { name: /朗读姓名/ }).or(page.getByRole('checkbox', { name: /朗读姓名/ })),
        退出: page.getByTestId('sign-out'),
        '…': page.getByTestId(`more-${here.id}`),
        缺席: page.getByTestId(`absent-${away.id}`),
        请假: classroom.page.getByTestId(`leave-${away.id}`),
      };
      for (const [name, control] of Object.entries(controls)) {
        const box = await control.boundingBox();
        expect({ name, width: box?.width, height: box?.height }).toMatchObject({
          name,
          width: expect.toSatisfy((w: number) => w >= 48),
          height: expect.toSatisfy((h: number) => h >= 48),
        });
      }
    } finally {
      await care.close();
      await classroom.close();
    }
  });

  it('finding 2: "…" beside the last of forty children opens its menu in view', async () => {
    const kids = enrolled(roster).filter((s) => s.groupId === 'g1-mixed' && !used.has(s.id));
    expect(kids.length).toBeGreaterThan(25);
    kids.forEach((s) => used.add(s.id));
    const k = await kioskAt({ care: 'g1-mixed' }, 'care-1b');
    try {
      await act(
        k,
        kids.map((s) => ({
          type: 'checked_in',
          studentId: s.id,
          source: { kind: 'manual', reason: '忘带卡' },
          groupId: 'g1-mixed',
        })),
      );
      const last = [...kids].sort((x, y) => x.studentNo.localeCompare(y.studentNo)).at(-1)!;
      await k.page.getByTestId(`more-${last.id}`).click();
      const menu = k.page.getByTestId('child-actions');
      await menu.waitFor();
      const box = (await menu.boundingBox())!;
      const viewport = k.page.viewportSize()!;
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
      expect(await menu.textContent()).toContain(last.name);
    } finally {
      await k.close();
    }
  });

  it('finding 7: 缺席 on a child on the way says, in words, that it was not recorded', async () => {
    const [child] = fresh((s) => s.groupId === 'g3-mixed');
    const classroom = await kioskAt({ classroom: child!.classId }, headTeacher(child!));
    const care = await kioskAt({ care: 'g3-mixed' }, 'care-3b');
    try {
      await classroom.scanNow(child!.cardId!);
      const row = care.page.getByTestId(`missing-${child!.id}`);
      await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('在路上');
      await care.page.getByTestId(`absent-${child!.id}`).click();
      await care.page.getByTestId(`absent-${child!.id}`).click();
      const v = await care.verdictFor(child!.name);
      expect(v.level).toBe('warn');
      expect(v.title).toContain('不能记为缺席');
      expect(await care.page.getByTestId(`missing-${child!.id}`).count()).toBe(1);
    } finally {
      await classroom.close();
      await care.close();
    }
  });
});
