/**
 * Every screen the audit visits, and how it gets there: the kiosk (pairing, station choice, sign-in, the three
 * stations with long lists, a child's menu, roll call), the leader's phone (sign-in, headcount, alerts, a group,
 * a child's chain of custody, roll call), the office (sign-in and each tab), and the hub's certificate page.
 * A step that fails (a control renamed, a screen that never came) is a `visit` finding, and the rest go on.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { CustodyEventInput } from '../../../core/events';
import type { SubmitResult } from '../../../core/protocol';
import type { Roster, Student } from '../../../core/roster';
import { dutyOn } from '../../../core/rotas';
import { localDay } from '../../../core/time';
import type { RunningHub } from '../../hub/hubProcess';
import { ADMIN_PASSWORD, demoPairingCode, readyKiosk, request } from '../../hub/hubProcess';
import type { Finding, PageWatch, Size } from './screenAudit';
import { auditScreen, watchPage } from './screenAudit';

export interface AuditHub {
  hub: RunningHub;
  roster: Roster;
  admin: string;
  /** the care group with the longest list of children in care */
  longGroup: string;
  /** the 45 children waiting at the gate */
  atGate: Student[];
  /** CU22: the gate calls these children from their rooms, as a parent's name given at the gate does */
  callToGate: (students: Student[]) => Promise<void>;
  /** CU22: their rooms send them, answering the calls */
  sendToGate: (students: Student[]) => Promise<void>;
}

const hubNow = (hub: RunningHub) => Date.now() + hub.clockOffsetMs;

/**
 * A school afternoon under way: most of 一年级 handed over and in care, children on leave, some already at the
 * gate (the gate's list is 45 long), the rest of the school not yet handed off (alerts for the leader).
 */
export async function stageDay(hub: RunningHub, roster: Roster, admin: string): Promise<AuditHub> {
  const day = localDay(hubNow(hub), roster.settings.timeZone);
  const duty = dutyOn(roster, day);
  const staff = [
    ...new Set([
      ...roster.classes.filter((c) => c.grade === 1).map((c) => c.headTeacherId!),
      ...Object.values(duty.care).flat(),
      ...duty.gate,
    ]),
  ];
  const kiosk = await readyKiosk(hub, staff, '审计平板');
  let at = hubNow(hub) - 20 * 60_000;
  const send = async (bodies: { staffId: string; body: Record<string, unknown> }[]) => {
    const events = bodies.map(
      (b) =>
        ({
          id: randomUUID(),
          day,
          deviceId: kiosk.deviceId,
          staffId: b.staffId,
          deviceTime: (at += 50),
          clockOffsetMs: 0,
          ...b.body,
        }) as CustodyEventInput,
    );
    const r = await request<SubmitResult>(hub, 'POST', '/api/events', { token: kiosk.token, body: { events } });
    if (r.status !== 200) throw new Error(`staging events: ${r.status} ${JSON.stringify(r.body)}`);
  };
  const card = (s: Student) => ({ kind: 'card', cardId: s.cardId });
  const teacherOf = (s: Student) => roster.classes.find((c) => c.id === s.classId)!.headTeacherId!;
  const grade1 = roster.students.filter((s) => s.grade === 1 && s.groupId);
  const [onLeave, rest] = [grade1.slice(0, 3), grade1.slice(3)];
  await send(
    onLeave.map((s, i) => ({
      staffId: teacherOf(s),
      body: { type: 'leave_recorded', studentId: s.id, reason: i ? 'personal' : 'sick', note: i ? '家中有事' : '发烧' },
    })),
  );
  const events: { staffId: string; body: Record<string, unknown> }[] = [];
  for (const s of rest.slice(0, -2)) {
    const care = duty.care[s.groupId!]![0]!;
    if (s.groupId!.endsWith('mixed'))
      events.push({
        staffId: teacherOf(s),
        body: { type: 'handed_off', studentId: s.id, source: card(s), toGroupId: s.groupId },
      });
    events.push({
      staffId: care,
      body: {
        type: 'checked_in',
        studentId: s.id,
        source: card(s),
        groupId: s.groupId,
        ...(s.groupId!.endsWith('whole') ? { jointWithStaffId: teacherOf(s) } : {}),
      },
    });
  }
  // Two handed off and never received: lost in transit.
  for (const s of rest.slice(-2).filter((x) => x.groupId!.endsWith('mixed')))
    events.push({
      staffId: teacherOf(s),
      body: { type: 'handed_off', studentId: s.id, source: card(s), toGroupId: s.groupId },
    });
  await send(events);
  // The whole-class group and part of the mixed one at the gate: 45 children in the gate's list.
  const inCare = rest.slice(0, -2);
  const toGate = [
    ...inCare.filter((s) => s.groupId!.endsWith('whole')),
    ...inCare.filter((s) => s.groupId!.endsWith('mixed')),
  ].slice(0, 45);
  await send(
    toGate.map((s) => ({
      staffId: duty.care[s.groupId!]![0]!,
      body: { type: 'sent_to_gate', studentId: s.id, source: card(s), wave: s.pickupWave },
    })),
  );
  const counts = new Map<string, number>();
  for (const s of inCare.filter((x) => !toGate.includes(x))) counts.set(s.groupId!, (counts.get(s.groupId!) ?? 0) + 1);
  const longGroup = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'g1-mixed';
  const callToGate = (students: Student[]) =>
    send(
      students.map((s) => ({
        staffId: duty.gate[0]!,
        body: { type: 'called_to_gate', studentId: s.id, source: { kind: 'manual', reason: '家长报姓名' } },
      })),
    );
  const sendToGate = (students: Student[]) =>
    send(
      students.map((s) => ({
        staffId: duty.care[s.groupId!]![0]!,
        body: { type: 'sent_to_gate', studentId: s.id, source: { kind: 'manual', reason: '家长到校门呼叫' } },
      })),
    );
  return { hub, roster, admin, longGroup, atGate: toGate, callToGate, sendToGate };
}

interface Visit {
  app: string;
  size: Size;
  page: Page;
  watch: PageWatch;
  findings: Finding[];
  screenshotDir?: string;
}

/**
 * A device at one size whose clock reads the hub's (the pages judge alerts by their own clock, as a phone on
 * network time would).
 */
async function newPage(
  browser: Browser,
  hub: RunningHub,
  size: Size,
  mobile: boolean,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: size.width, height: size.height },
    locale: 'zh-CN',
    permissions: ['camera'],
    ...(mobile ? { isMobile: true, hasTouch: true } : { hasTouch: true }),
  });
  await context.clock.install({ time: hubNow(hub) });
  return { context, page: await context.newPage() };
}

/** Runs `step`, then audits the screen it led to; a step that throws is a `visit` finding. */
async function screen(v: Visit, name: string, step: () => Promise<Locator[] | void>): Promise<boolean> {
  let opened: Locator[] | undefined;
  try {
    opened = (await step()) ?? undefined;
  } catch (err) {
    const lines = (err instanceof Error ? err.message : String(err)).split('\n');
    const waiting = lines.find((l) => /waiting for/.test(l))?.trim();
    v.findings.push({
      app: v.app,
      screen: name,
      size: v.size.name,
      check: 'visit',
      detail: `could not reach the screen: ${lines[0]}${waiting ? ` (${waiting})` : ''}`,
    });
    // What the page showed instead, for whoever reads the report.
    const dir = path.join(os.tmpdir(), 'relay-audit-failures');
    mkdirSync(dir, { recursive: true });
    await v.page
      .screenshot({ path: path.join(dir, `${v.app}-${name}-${v.size.width}x${v.size.height}.png`) })
      .catch(() => {});
    return false;
  }
  v.findings.push(
    ...(await auditScreen({
      app: v.app,
      screen: name,
      size: v.size,
      page: v.page,
      watch: v.watch,
      opened,
      screenshotDir: v.screenshotDir,
    })),
  );
  return true;
}

const TIMEOUT = { timeout: 10_000 };

async function kioskSignIn(page: Page, staffId: string) {
  await page.getByTestId('signin-staff').selectOption(staffId, TIMEOUT);
  await page.getByTestId('signin-pin').fill('2468', TIMEOUT);
  await page.getByTestId('signin-submit').click(TIMEOUT);
  await page.getByTestId('verdict').waitFor(TIMEOUT);
}

/** Signs the teacher out (the station is changed from the sign-in screen), then goes back to the stations. */
async function kioskChangeStation(page: Page) {
  const signOut = page.getByTestId('sign-out');
  const change = page.getByTestId('change-station');
  await signOut.or(change).first().waitFor(TIMEOUT);
  // Until the sign-in screen shows: a tap on 退出 made while the page was still restoring its teacher is tapped
  // again (seen once on a loaded machine), rather than waited on.
  for (let i = 0; i < 4 && !(await change.isVisible()); i++) {
    if (await signOut.isVisible()) await signOut.click(TIMEOUT).catch(() => {});
    await change.waitFor({ timeout: 5_000 }).catch(() => {});
  }
  await change.click(TIMEOUT);
  await page.getByTestId('station-gate').waitFor(TIMEOUT);
}

/** The kiosk at one size: a fresh tablet, paired, through every station. */
export async function auditKiosk(
  browser: Browser,
  a: AuditHub,
  size: Size,
  screenshotDir?: string,
): Promise<Finding[]> {
  const { context, page } = await newPage(browser, a.hub, size, false);
  const v: Visit = { app: 'kiosk', size, page, watch: watchPage(page), findings: [], screenshotDir };
  const { roster, hub } = a;
  const day = localDay(hubNow(hub), roster.settings.timeZone);
  const duty = dutyOn(roster, day);
  try {
    await screen(v, 'setup-pairing', async () => {
      await page.goto(`https://localhost:${hub.port}/kiosk/`);
      await page.getByTestId('pair-code').waitFor(TIMEOUT);
    });
    await screen(v, 'setup-stations', async () => {
      await page.getByTestId('pair-code').fill(demoPairingCode(hub));
      await page.getByTestId('pair-name').fill(`审计 ${size.name}`);
      await page.getByTestId('pair-submit').click();
      await page.getByTestId('station-gate').waitFor(TIMEOUT);
    });
    await screen(v, 'setup-sign-in', async () => {
      await page.getByTestId('station-classroom').click(TIMEOUT);
      await page.getByTestId('class-c1-2').click(TIMEOUT);
      await page.getByTestId('signin-staff').waitFor(TIMEOUT);
    });
    await screen(v, 'classroom', async () => {
      await kioskSignIn(page, 't1-2');
    });
    await screen(v, 'classroom-to-hand-off', async () => {
      // 三年级2班: nobody handed off yet, a long list with leave buttons.
      await kioskChangeStation(page);
      await page.getByTestId('station-classroom').click(TIMEOUT);
      await page.getByTestId('class-c3-2').click(TIMEOUT);
      await kioskSignIn(page, 't3-2');
      await page.locator('[data-testid^="leave-s"]').first().waitFor(TIMEOUT);
    });
    await screen(v, 'classroom-leave-sheet', async () => {
      const leave = page.locator('[data-testid^="leave-s"]').last();
      await leave.scrollIntoViewIfNeeded(TIMEOUT);
      await leave.click(TIMEOUT);
      await page.getByTestId('leave-sheet').waitFor(TIMEOUT);
      return [page.getByTestId('leave-sheet')];
    });
    const careGroup = a.longGroup;
    await screen(v, `care-${careGroup}`, async () => {
      await page.goto(`https://localhost:${hub.port}/kiosk/`);
      await kioskChangeStation(page);
      await page.getByTestId('station-care').click(TIMEOUT);
      await page.getByTestId(`group-${careGroup}`).click(TIMEOUT);
      await kioskSignIn(page, duty.care[careGroup]![0]!);
      await page.getByTestId('present').waitFor(TIMEOUT);
    });
    await screen(v, 'care-scanning', async () => {
      // Scanning: the camera on (a desk with no card), a child's card read by a USB scanner meanwhile; the verdict
      // and the preview are what the teacher sees most of.
      await page.getByTestId('camera-toggle').click(TIMEOUT);
      await page.getByTestId('camera-aim').waitFor(TIMEOUT);
      const first = await page.locator('[data-testid^="more-"]').first().getAttribute('data-testid', TIMEOUT);
      const child = roster.students.find((s) => `more-${s.id}` === first)!;
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.type(child.cardId!, { delay: 4 });
      await page.keyboard.press('Enter');
      await page.getByTestId('verdict-name').filter({ hasText: child.name }).waitFor(TIMEOUT);
    });
    await screen(v, 'care-child-menu', async () => {
      // The last child in the list: the one whose menu used to open far below the window.
      const more = page.locator('[data-testid^="more-"]');
      await more.first().waitFor(TIMEOUT);
      await more.last().scrollIntoViewIfNeeded();
      await more.last().click(TIMEOUT);
      return [page.getByTestId('child-actions')];
    });
    let called: Student[] = [];
    await screen(v, 'care-called', async () => {
      // CU22: parents at the gate for two children of this room: the calls at the top, with 送到校门 for each.
      await page.keyboard.press('Escape');
      const here = await page
        .locator('[data-testid^="more-"]')
        .evaluateAll((els) => els.slice(0, 2).map((e) => e.getAttribute('data-testid')!.slice('more-'.length)));
      called = roster.students.filter((s) => here.includes(s.id));
      await a.callToGate(called);
      await page.getByTestId('call-banner').waitFor(TIMEOUT);
    });
    await screen(v, 'gate', async () => {
      await page.keyboard.press('Escape');
      await page.goto(`https://localhost:${hub.port}/kiosk/`);
      await kioskChangeStation(page);
      await page.getByTestId('station-gate').click(TIMEOUT);
      await kioskSignIn(page, duty.gate[0]!);
      await page.getByTestId('waiting').waitFor(TIMEOUT);
    });
    await screen(v, 'gate-delegate', async () => {
      // The rooms answer the calls the gate's screen showed, so the next size's care screens start without them.
      await a.sendToGate(called);
      // 临时代接 (DG1): the office's one-day code for a child at the gate, typed on the sheet's number pad.
      const r = await request<{ code?: string }>(hub, 'POST', '/api/admin/delegate', {
        token: a.admin,
        body: {
          staffId: 'office-1',
          studentId: a.atGate[0]!.id,
          day,
          collectedBy: '王阿姨',
          relation: '邻居',
          withCode: true,
        },
      });
      if (!r.body.code) throw new Error(`delegate not recorded: ${r.status}`);
      await page.getByTestId('delegate-open').click(TIMEOUT);
      for (const d of r.body.code) await page.getByTestId(`delegate-key-${d}`).click(TIMEOUT);
      await page.getByTestId('delegate-found').waitFor(TIMEOUT);
      return [page.getByTestId('delegate-sheet')];
    });
    await page.keyboard.press('Escape');
    await screen(v, 'gate-guardian-card', async () => {
      // A guardian's pickup card read by a USB scanner: the match of the guardian with their child.
      const child = a.atGate.find((s) => roster.guardians.some((g) => g.studentIds.includes(s.id) && g.cardId))!;
      const guardian = roster.guardians.find((g) => g.studentIds.includes(child.id) && g.cardId)!;
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.type(guardian.cardId!, { delay: 4 });
      await page.keyboard.press('Enter');
      await page.getByTestId('guardian-match').waitFor(TIMEOUT);
    });
    // SN1/SN2: a card-only child with a medical note scanned at the gate: blocked in red, then the leader's sheet
    const safe = a.atGate.at(-1)!;
    await screen(v, 'gate-safety', async () => {
      await page.getByText('结束接送卡匹配').click(TIMEOUT);
      const saved = await request(hub, 'PUT', `/api/admin/roster/students/${safe.id}`, {
        token: a.admin,
        body: { staffId: 'office-1', safety: { medical: '花生过敏', custody: '', cardOnly: true, notWith: [] } },
      });
      if (saved.status !== 200) throw new Error(`safety notes not saved: ${saved.status}`);
      await page.getByTestId(`safety-mark-${safe.id}`).waitFor(TIMEOUT);
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.type(safe.cardId!, { delay: 4 });
      await page.keyboard.press('Enter');
      await page.getByTestId('override-open').waitFor(TIMEOUT);
    });
    await screen(v, 'gate-safety-override', async () => {
      await page.getByTestId('override-open').click(TIMEOUT);
      await page.getByTestId('override-sheet').waitFor(TIMEOUT);
      return [page.getByTestId('override-sheet')];
    });
    await page.keyboard.press('Escape');
    await screen(v, 'roll-call', async () => {
      await startRollCall(a);
      await page.getByTestId('roll-call-banner').waitFor(TIMEOUT);
    });
  } finally {
    await endRollCall(a).catch(() => {});
    await context.close();
  }
  return v.findings;
}

async function leaderEvent(a: AuditHub, type: 'roll_call_started' | 'roll_call_ended') {
  const r = await request<SubmitResult>(a.hub, 'POST', '/api/events', {
    token: a.admin,
    body: {
      events: [
        {
          id: randomUUID(),
          day: localDay(hubNow(a.hub), a.roster.settings.timeZone),
          deviceId: 'office',
          staffId: 'leader-1',
          deviceTime: hubNow(a.hub),
          clockOffsetMs: 0,
          type,
        },
      ],
    },
  });
  if (r.status !== 200 || r.body.results[0]?.status !== 'stored')
    throw new Error(`${type} refused: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
}
const startRollCall = (a: AuditHub) => leaderEvent(a, 'roll_call_started');
/** Found safe at an assembly point (RC2), as the office may record it. */
async function markSafe(a: AuditHub, s: Student) {
  const r = await request<SubmitResult>(a.hub, 'POST', '/api/events', {
    token: a.admin,
    body: {
      events: [
        {
          id: randomUUID(),
          day: localDay(hubNow(a.hub), a.roster.settings.timeZone),
          deviceId: 'office',
          staffId: 'leader-1',
          deviceTime: hubNow(a.hub),
          clockOffsetMs: 0,
          type: 'marked_safe',
          studentId: s.id,
          source: { kind: 'manual', reason: '集合点' },
        },
      ],
    },
  });
  if (r.status !== 200 || r.body.results[0]?.status !== 'stored')
    throw new Error(`marked_safe refused: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
}
const endRollCall = (a: AuditHub) => leaderEvent(a, 'roll_call_ended');

/** The leader's phone (or tablet) at one size. */
export async function auditLeader(
  browser: Browser,
  a: AuditHub,
  size: Size,
  screenshotDir?: string,
): Promise<Finding[]> {
  const { context, page } = await newPage(browser, a.hub, size, size.width < 600);
  const v: Visit = { app: 'leader', size, page, watch: watchPage(page), findings: [], screenshotDir };
  const { hub } = a;
  try {
    await screen(v, 'sign-in', async () => {
      await page.goto(`https://localhost:${hub.port}/leader/`);
      await page
        .getByTestId('leader-staff')
        .locator('option[value="leader-1"]')
        .waitFor({ state: 'attached', ...TIMEOUT });
    });
    await screen(v, 'headcount', async () => {
      await page.getByTestId('leader-staff').selectOption('leader-1');
      await page.getByTestId('leader-pin').fill('2468');
      await page.getByTestId('leader-login').click();
      await page.getByTestId('tile-on-campus').waitFor(TIMEOUT);
    });
    await screen(v, 'alerts', async () => {
      const alerts = page.getByTestId('alerts');
      await alerts.waitFor(TIMEOUT);
      await alerts.scrollIntoViewIfNeeded();
    });
    await screen(v, 'alert-acknowledge', async () => {
      // The last alert's 处理: the form it opens must be in view.
      const ack = page.locator('[data-testid^="ack-"]:not([data-testid="ack-note"]):not([data-testid="ack-submit"])');
      await ack.last().scrollIntoViewIfNeeded(TIMEOUT);
      await ack.last().click(TIMEOUT);
      await page.getByTestId('ack-note').waitFor(TIMEOUT);
      return [page.getByTestId('ack-note'), page.getByTestId('ack-submit')];
    });
    await screen(v, `group-${a.longGroup}`, async () => {
      await page.goto(`https://localhost:${a.hub.port}/leader/`);
      await page.getByTestId('tile-on-campus').waitFor(TIMEOUT);
      await page.getByTestId(`group-${a.longGroup}`).click(TIMEOUT);
      await page.locator('[data-testid^="child-"]').first().waitFor(TIMEOUT);
    });
    await screen(v, 'child', async () => {
      const last = page.locator('[data-testid^="child-"]').last();
      await last.scrollIntoViewIfNeeded(TIMEOUT);
      await last.click(TIMEOUT);
      return [page.getByTestId('chain')];
    });
    // As the leader starts it: a tap, then whatever confirmation the page asks for. A window.confirm is answered
    // by the watch and reported as a browser dialog; the page's own confirmation is a screen of its own, and
    // what it opened must be in view.
    const rollCall = page.getByTestId('roll-call');
    const confirm = page
      .locator('button:not([data-testid="roll-call-start"])')
      .filter({ hasText: /开始点名|确定|确认|Confirm/ })
      .filter({ visible: true });
    await screen(v, 'roll-call-confirm', async () => {
      await page.goto(`https://localhost:${hub.port}/leader/`);
      await page.getByTestId('tile-on-campus').waitFor(TIMEOUT);
      await page.getByTestId('roll-call-start').click(TIMEOUT);
      await rollCall.or(confirm).first().waitFor(TIMEOUT);
      if (await rollCall.isVisible()) return [];
      // The page brings the question into view when it opens and keeps it there while the lists above it settle
      // (leader/Dashboard.tsx): the audit waits for that, up to the page's 3 s, then judges what the leader sees.
      await confirm.first().evaluate(
        (el) =>
          new Promise<void>((done) => {
            const until = Date.now() + 3_000;
            const check = () =>
              el.getBoundingClientRect().bottom <= window.innerHeight || Date.now() > until
                ? done()
                : requestAnimationFrame(check);
            check();
          }),
      );
      return [confirm.first()];
    });
    await screen(v, 'roll-call', async () => {
      if (!(await rollCall.isVisible())) await confirm.first().click(TIMEOUT);
      await rollCall.waitFor(TIMEOUT);
    });
    // RC4: a child at the gate found safe, and the sheet that hands it to a guardian
    await screen(v, 'reunify', async () => {
      await markSafe(a, a.atGate[0]!);
      const open = page.getByTestId('reunify-open').first();
      await open.scrollIntoViewIfNeeded(TIMEOUT);
      await open.click(TIMEOUT);
      await page.getByTestId('reunify-confirm').waitFor(TIMEOUT);
      return [page.getByTestId('reunify')];
    });
  } finally {
    await endRollCall(a).catch(() => {});
    await context.close();
  }
  return v.findings;
}

/** The office at one size: sign-in and every tab. */
export async function auditOffice(
  browser: Browser,
  a: AuditHub,
  size: Size,
  screenshotDir?: string,
): Promise<Finding[]> {
  const { context, page } = await newPage(browser, a.hub, size, size.width < 600);
  const v: Visit = { app: 'office', size, page, watch: watchPage(page), findings: [], screenshotDir };
  try {
    await screen(v, 'sign-in', async () => {
      await page.goto(`https://localhost:${a.hub.port}/office/`);
      await page.getByTestId('office-password').waitFor(TIMEOUT);
    });
    let tabs: string[] = [];
    await screen(v, 'home', async () => {
      await page.getByTestId('office-password').fill(ADMIN_PASSWORD);
      await page.getByTestId('office-login').click();
      await page.locator('[data-testid^="tab-"]').first().waitFor(TIMEOUT);
      tabs = (await page
        .locator('[data-testid^="tab-"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!))) as string[];
    });
    for (const tab of tabs)
      await screen(v, tab, async () => {
        await page.getByTestId(tab).click(TIMEOUT);
        await page.waitForLoadState('networkidle');
      });
  } finally {
    await context.close();
  }
  return v.findings;
}

/** The hub's own pages: the landing page and the certificate instructions a tablet reads first. */
export async function auditHubPages(
  browser: Browser,
  a: AuditHub,
  size: Size,
  screenshotDir?: string,
): Promise<Finding[]> {
  const { context, page } = await newPage(browser, a.hub, size, size.width < 600);
  const v: Visit = { app: 'hub', size, page, watch: watchPage(page), findings: [], screenshotDir };
  try {
    await screen(v, 'landing', async () => {
      await page.goto(`https://localhost:${a.hub.port}/`);
    });
    await screen(v, 'setup-certificate', async () => {
      await page.goto(`https://localhost:${a.hub.port}/setup`);
    });
    // the gate board (BD1): its pairing form, then the board paired with a board code
    await screen(v, 'board-pairing', async () => {
      await page.goto(`https://localhost:${a.hub.port}/board/`);
      await page.getByTestId('board-code').waitFor(TIMEOUT);
    });
    await screen(v, 'board', async () => {
      const { code } = (
        await request<{ code: string }>(a.hub, 'POST', '/api/admin/board-pairing-codes', { token: a.admin })
      ).body;
      await page.getByTestId('board-code').fill(code);
      await page.getByTestId('board-pair-go').click();
      await page.getByTestId('board-called-count').waitFor(TIMEOUT);
    });
  } finally {
    await context.close();
  }
  return v.findings;
}
