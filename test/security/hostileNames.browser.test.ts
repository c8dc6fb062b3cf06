/**
 * Names that are also markup or spreadsheet formulas — a child called <script>alert(1)</script>, a guardian
 * called "><svg/onload=alert(3)>, a tablet named <img src=x onerror=alert(2)> — imported through the office
 * page like any roster. Every page (office, kiosk, duty leader) in real Chromium shows them as the text they
 * are and runs nothing; the card PDF prints them as text; CSV and Excel exports keep them from running as
 * formulas.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Roster, Student } from '../../core/roster';
import { todayAtSchool } from '../hub/demoEvents';
import type { RunningHub } from '../hub/hubProcess';
import { ADMIN_PASSWORD, startDemoHub } from '../hub/hubProcess';
import { launch } from '../e2e/browser';
import { KioskPage } from '../e2e/kioskPage';
import { LeaderPage } from '../e2e/leaderPage';
import { expectCleanLog, req } from './hubState';

const SCRIPT = '<script>alert(1)</script>';
const FORMULA = '=HYPERLINK("http://e.x","点我")';
const IMG = '<img src=x onerror=alert(2)>';
const PLUS = '+SUM(1,2)';
const GUARDIAN = '"><svg/onload=alert(3)>';
const DEVICE = '<img src=x onerror=alert(4)>平板';
const STATION = '<b onmouseover=alert(5)>门</b>';
const HOSTILE = [SCRIPT, FORMULA, IMG, PLUS];
const GROUP = 'g1-mixed';

let hub: RunningHub;
let admin: string;
let roster: Roster;
let browser: Browser;
let hostile: Student[];

const csvCell = (v: string | number) => (/[",\r\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

/** Watches a page for anything an injected name could do: a dialog, an element the name smuggled in. */
function guard(page: Page): { dialogs: string[]; check: () => Promise<void> } {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => undefined);
  });
  return {
    dialogs,
    check: async () => {
      expect(dialogs, 'a dialog opened').toEqual([]);
      const smuggled = await page.evaluate(
        () => document.querySelectorAll('img[src="x"], svg[onload], b[onmouseover], body script:not([src])').length,
      );
      expect(smuggled, 'an element made from a name').toBe(0);
    },
  };
}

beforeAll(async () => {
  ({ hub, admin, roster } = await startDemoHub());
  browser = await launch({ trustCa: path.join(hub.dataDir, 'tls', 'ca.crt') });
});
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

describe('hostile names', () => {
  it('the office imports them through its page and lists them as text', async () => {
    const group = roster.groups.find((g) => g.id === GROUP)!;
    const rows = roster.students.map((s) => {
      const g = roster.groups.find((x) => x.id === s.groupId)?.name ?? '';
      const pickup = s.pickup.kind === 'bus' ? '校车' : s.pickup.kind === 'walks_alone' ? '自行回家' : '家长接送';
      return [
        s.studentNo,
        s.name,
        s.grade,
        `${s.classId.split('-')[1]}班`,
        g,
        pickup,
        s.pickup.kind === 'bus' ? s.pickup.bus : '',
        s.pickupWave,
        '',
        '',
        '',
      ]
        .map(csvCell)
        .join(',');
    });
    const extra = HOSTILE.map((name, i) =>
      [`2026990${i}`, name, '一年级', '1班', group.name, '家长接送', '', 1, GUARDIAN, '<b>父</b>', `1380013800${i}`]
        .map(csvCell)
        .join(','),
    );
    const csv = ['学号,姓名,年级,班级,课后服务班,接送方式,校车,批次,监护人,关系,电话', ...rows, ...extra, ''].join(
      '\r\n',
    );
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'relay-hostile-')), '花名册.csv');
    writeFileSync(file, '\uFEFF' + csv);

    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    const g = guard(page);
    try {
      await page.goto(`https://localhost:${hub.port}/office/`);
      await page.getByTestId('office-password').fill(ADMIN_PASSWORD);
      await page.getByTestId('office-login').click();
      await page.getByTestId('roster-file').setInputFiles(file);
      await expect
        .poll(async () => page.getByTestId('preview-counts').textContent(), { timeout: 10_000 })
        .toContain(`新增 ${HOSTILE.length}`);
      await page.getByTestId('apply-import').click();
      await page.getByTestId('import-done').waitFor();
      // the office finds them by number when entering leave: the list shows their names as text
      await page.getByTestId('tab-leave').click();
      await page.getByTestId('leave-search').fill('2026990');
      await expect
        .poll(async () => page.evaluate(() => document.body.textContent ?? ''), { timeout: 10_000 })
        .toContain(SCRIPT);
      const text = await page.evaluate(() => document.body.textContent ?? '');
      for (const name of HOSTILE) expect(text).toContain(name);
      await g.check();
    } finally {
      await context.close();
    }
    roster = (await req<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: admin })).body.roster;
    hostile = HOSTILE.map((name) => roster.students.find((s) => s.name === name)!);
    expect(hostile.every((s) => s !== undefined && s.groupId === GROUP)).toBe(true);
    expect(roster.guardians.filter((x) => x.name === GUARDIAN)).toHaveLength(HOSTILE.length);
  });

  it('the kiosk lists and scans them as text, and a random code or a foreign card gives a clear message and no event', async () => {
    const kiosk = await KioskPage.open(browser, hub);
    const g = guard(kiosk.page);
    try {
      // The import above ended the demo (its pairing code and PIN 2468 no longer work): as a real school would,
      // the office makes a pairing code and gives the care teacher a PIN of her own.
      const code = (await req<{ code: string }>(hub, 'POST', '/api/admin/pairing-codes', { token: admin })).body.code;
      const pin = await req(hub, 'POST', '/api/admin/staff/care-1a/pin', { token: admin, body: { pin: '730591' } });
      expect(pin.status).toBe(200);
      await kiosk.pair(code, DEVICE);
      await kiosk.chooseCare(GROUP);
      await kiosk.signIn('care-1a', '730591');
      await expect
        .poll(async () => kiosk.page.evaluate(() => document.body.textContent ?? ''), { timeout: 10_000 })
        .toContain(SCRIPT);
      const text = await kiosk.page.evaluate(() => document.body.textContent ?? '');
      for (const name of HOSTILE) expect(text).toContain(name);
      await kiosk.scanWithKeyboard(hostile[0]!.cardId!);
      expect(await kiosk.verdictFor(SCRIPT)).toMatchObject({ level: 'ok' });
      await expect.poll(() => kiosk.unsent(), { timeout: 10_000 }).toBe(0);
      const events = async () =>
        (await req<{ events: unknown[] }>(hub, 'GET', `/api/events?day=${todayAtSchool(roster)}`, { token: admin }))
          .body.events.length;
      const stored = await events();
      for (const [code, words] of [
        ['hello world 12345', '无法识别'],
        ['https://weixin.qq.com/r/abc', '无法识别'],
        ['RSZZ0000000000000X', ''],
      ] as const) {
        await kiosk.scanWithKeyboard(code);
        await expect.poll(async () => (await kiosk.verdict()).level, { timeout: 5_000 }).toBe('error');
        if (words) expect((await kiosk.verdict()).title).toContain(words);
      }
      expect(await kiosk.unsent()).toBe(0);
      expect(await events()).toBe(stored);
      await g.check();
    } finally {
      await kiosk.close();
    }
  });

  it("the duty leader's page shows the names and the tablet's name as text, and a station it does not know as —", async () => {
    // a tablet reports a hostile station name in its heartbeat
    const { io } = await import('socket.io-client');
    const pairing = (
      await req<{ devices: { id: string; name: string }[] }>(hub, 'GET', '/api/admin/devices', { token: admin })
    ).body.devices.find((d) => d.name === DEVICE)!;
    expect(pairing).toBeDefined();
    const leader = await LeaderPage.open(browser, hub);
    const g = guard(leader.page);
    const tablet = await (async () => {
      const code = (await req<{ code: string }>(hub, 'POST', '/api/admin/pairing-codes', { token: admin })).body.code;
      const paired = (await req<{ token: string }>(hub, 'POST', '/api/pair', { body: { code, name: DEVICE } })).body;
      const s = io(`https://127.0.0.1:${hub.port}`, {
        auth: { token: paired.token },
        ca: hub.ca().toString(),
        transports: ['websocket'],
        reconnection: false,
      });
      await s.timeout(10_000).emitWithAck('reportStatus', { unsent: 0, station: STATION });
      return s;
    })();
    try {
      // The demo's PIN ended with the import: the leader has one of her own.
      expect(
        (await req(hub, 'POST', '/api/admin/staff/leader-1/pin', { token: admin, body: { pin: '804162' } })).status,
      ).toBe(200);
      await leader.login('leader-1', '804162');
      // The page names stations in words (教室 一年级2班, 校门…); a reported station that is none of them is
      // neither markup nor a code on screen, but a dash. (The tablets' list lays out its rows once opened.)
      await leader.page.getByTestId('kiosks').locator('summary').click();
      await expect
        .poll(async () => leader.page.evaluate(() => document.body.textContent ?? ''), { timeout: 10_000 })
        .toContain(`${DEVICE} · —`);
      const text = await leader.page.evaluate(() => document.body.textContent ?? '');
      expect(text).not.toContain(STATION);
      // the children's names, in their group's list (the dashboard lays out no child rows until asked)
      await leader.page.getByTestId(`group-${GROUP}`).click();
      await leader.page.getByText(SCRIPT, { exact: true }).first().waitFor();
      const inGroup = await leader.page.evaluate(() => document.body.textContent ?? '');
      for (const name of HOSTILE) expect(inGroup).toContain(name);
      await leader.page.getByText(SCRIPT, { exact: true }).first().click();
      await g.check();
    } finally {
      tablet.close();
      await leader.close();
    }
  });

  it('the card PDF prints them as text', async () => {
    const ids = hostile.map((s) => s.id).join(',');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-hostile-pdf-'));
    for (const guardians of ['', '&guardians=1']) {
      const pdf = await new Promise<Buffer>((resolve, reject) => {
        void import('node:https').then(({ default: https }) =>
          https
            .get(
              {
                host: '127.0.0.1',
                port: hub.port,
                path: `/api/admin/cards.pdf?students=${encodeURIComponent(ids)}${guardians}`,
                ca: hub.ca(),
                servername: 'localhost',
                headers: { authorization: `Bearer ${admin}` },
              },
              (res) => {
                const chunks: Buffer[] = [];
                res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks)));
              },
            )
            .on('error', reject),
        );
      });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const file = path.join(dir, `cards${guardians ? '-g' : ''}.pdf`);
      writeFileSync(file, pdf);
      const text = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      for (const name of guardians ? [GUARDIAN] : HOSTILE) expect(text).toContain(name.replace(/\s+/g, ''));
    }
  });

  it('CSV and Excel exports keep formulas as text, in every report that lists names', async () => {
    const day = todayAtSchool(roster);
    const reports = [
      `/api/admin/reports/daily?date=${day}&group=${GROUP}`,
      `/api/admin/reports/fees?from=${day}&to=${day}`,
    ];
    for (const url of reports) {
      const csv = await req<string>(hub, 'GET', `${url}&format=csv`, { token: admin });
      expect(csv.status, url).toBe(200);
      const text = String(csv.body);
      expect(text, url).toContain(`'${FORMULA.replace(/"/g, '""')}`);
      expect(text, url).toContain(`'${PLUS}`);
      expect(text, url).toContain(SCRIPT);
      // no cell of the file begins with a formula character unescaped
      for (const line of text.replace(/^\uFEFF/, '').split('\r\n'))
        for (const cell of line.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? []) {
          expect(/^"?[=+@]/.test(cell), `${url}: ${cell}`).toBe(false);
        }
      const xlsx = await new Promise<Buffer>((resolve, reject) => {
        void import('node:https').then(({ default: https }) =>
          https
            .get(
              {
                host: '127.0.0.1',
                port: hub.port,
                path: `${url}&format=xlsx`,
                ca: hub.ca(),
                servername: 'localhost',
                headers: { authorization: `Bearer ${admin}` },
              },
              (res) => {
                const chunks: Buffer[] = [];
                res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks)));
              },
            )
            .on('error', reject),
        );
      });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
      const values: unknown[] = [];
      wb.worksheets[0]!.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type, `${url}: a formula cell`).not.toBe(ExcelJS.ValueType.Formula);
          values.push(cell.value);
        }),
      );
      for (const name of HOSTILE) expect(values, `${url} ${name}`).toContain(name);
    }
  });

  it('the log holds no phone number from the roster', () => {
    expectCleanLog(hub, [admin]);
  });
});
