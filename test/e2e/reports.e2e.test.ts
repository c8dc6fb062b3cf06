/**
 * A newcomer's first look at the records, in real Chromium on the demo school (which starts with last week
 * already run): print the daily sign-in sheet on its own, and download the monthly summary, the fee statements,
 * the fee notice and the teachers' pay sheet as .xlsx files that open with their Chinese intact.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { countedDays } from '../../core/reports/servicePeriod';
import { pastServiceDays } from '../../hub/demo/demoWeek';
import { enrolled, todayAtSchool } from '../hub/demoEvents';
import { ADMIN_PASSWORD } from '../hub/hubProcess';
import { demoHubInChromium } from './demoHubInChromium';

const env = demoHubInChromium();

/** Clicks a download button and opens what arrives as a workbook, as Excel would. */
async function downloadWorkbook(
  page: Page,
  testId: string,
): Promise<{ name: string; sheet: ExcelJS.Worksheet; rows: string[][] }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const bytes = readFileSync((await download.path())!);
  expect(bytes.subarray(0, 2).toString()).toBe('PK'); // an Office Open XML zip, not an error page
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0]!;
  const rows: string[][] = [];
  sheet.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')));
  });
  return { name: download.suggestedFilename(), sheet, rows };
}

describe('office reports after a week of service', () => {
  it('prints the daily sheet alone and exports the month, the fees and the pay sheet as .xlsx in Chinese', async () => {
    const { hub, browser, roster } = env;
    const context = await browser.newContext({ acceptDownloads: true, locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      await page.goto(`https://localhost:${hub.port}/office/`);
      await page.getByTestId('office-password').fill(ADMIN_PASSWORD);
      await page.getByTestId('office-login').click();
      await page.getByTestId('tab-reports').click();

      // Yesterday's (the last service day's) sheet of the first group: arrivals, who received, how each child left.
      const today = todayAtSchool(roster);
      const week = pastServiceDays(roster, today, 5);
      const lastDay = week.at(-1)!;
      await page.locator('#daily input[type=date]').fill(lastDay);
      await page.getByTestId('daily-show').click();
      const sheet = page.getByTestId('daily-sheet');
      await sheet.waitFor();
      const group = roster.groups[0]!;
      expect(await sheet.locator('tbody tr').count()).toBe(
        roster.students.filter((s) => s.groupId === group.id).length,
      );
      expect(await sheet.textContent()).toMatch(/\d\d:\d\d/);
      expect(await sheet.textContent()).toMatch(/接送卡|校车|家长接/);

      // 打印: while the print dialog is open, only this report shows, with its caption and without any button.
      await page.emulateMedia({ media: 'print' });
      await page.evaluate(() => {
        window.print = () => {
          const visible = (el: Element) => getComputedStyle(el).display !== 'none';
          (window as unknown as { printed: unknown }).printed = {
            reports: [...document.querySelectorAll('.reports > section')].filter(visible).map((el) => el.id),
            buttons: [...document.querySelectorAll('button')].filter(visible).length,
            caption: [...document.querySelectorAll('.print-target .print-caption')]
              .filter(visible)
              .map((el) => el.textContent),
          };
        };
      });
      await page.getByTestId('daily-print').dispatchEvent('click'); // the button itself is hidden in print media
      const printed = await page.evaluate(() => (window as unknown as { printed: unknown }).printed);
      expect(printed).toEqual({
        reports: ['daily'],
        buttons: 0,
        caption: [`${roster.school.name} ${group.name} 日出席签到表 ${lastDay}`],
      });
      await page.emulateMedia({ media: 'screen' });

      // The month so far (with last week in it), by class.
      const monthStart = `${week[0]!.slice(0, 8)}01`;
      await page.getByTestId('period-from').fill(monthStart);
      await page.getByTestId('period-to').fill(today);
      const stats = await downloadWorkbook(page, 'period-xlsx');
      expect(stats.name).toBe(`统计-${monthStart}-${today}.xlsx`);
      expect(stats.rows[0]![0]).toBe(`${roster.school.name} 课后服务统计 ${monthStart} – ${today}`);
      expect(stats.rows[1]).toEqual([
        '名称',
        '报名人数',
        '应到人次',
        '实到人次',
        '有因缺席',
        '无因缺席',
        '延时托管人次',
        '延时托管分钟',
        '异常事件',
      ]);
      const classRows = stats.rows.slice(2);
      expect(classRows.map((r) => r[0])).toEqual(roster.classes.map((c) => c.name).sort((a, b) => a.localeCompare(b)));
      const total = (col: number) => classRows.reduce((n, r) => n + Number(r[col]), 0);
      expect(total(3)).toBeGreaterThan(600); // about 140 children × 5 days attended
      expect(total(6)).toBeGreaterThan(0); // late pickups went to extended care
      expect(total(4) + total(5)).toBeGreaterThan(0);

      // Fee statements: one line per enrolled child, waivers marked, settled in yuan.
      const fees = await downloadWorkbook(page, 'fees-xlsx');
      expect(fees.rows[1]).toEqual([
        '学号',
        '姓名',
        '班级',
        '实到天数',
        '课时',
        '减免',
        '应收(元)',
        '已缴(元)',
        '补缴(+)/退费(-)(元)',
      ]);
      expect(fees.rows.slice(2)).toHaveLength(enrolled(roster).length);
      expect(fees.rows.slice(2).some((r) => r[5] === '是' && r[6] === '0')).toBe(true);
      // Amounts are numbers shown in yuan with two decimals, so the office can sum the column.
      expect(fees.sheet.getRow(3).getCell(9).type).toBe(ExcelJS.ValueType.Number);
      expect(fees.sheet.getColumn(9).numFmt).toBe('0.00');
      const due = fees.rows.slice(2).reduce((n, r) => n + Number(r[8]), 0);
      expect(due).toBeGreaterThan(0);

      // The notice for parents: per class, no child's name, a total line.
      const notice = await downloadWorkbook(page, 'fee-summary-xlsx');
      expect(notice.rows.at(-1)![0]).toBe('合计');
      const names = new Set(roster.students.map((s) => s.name));
      expect(notice.rows.flat().some((cell) => names.has(cell))).toBe(false);

      // The pay sheet: care-3b forgot to sign in on the first day of the week and is paid for four.
      const pay = await downloadWorkbook(page, 'hours-xlsx');
      // No 工号 (R1: no report shows a record id); a missed day names its group.
      expect(pay.rows[1]).toEqual(['姓名', '值班天数', '课时', '补贴(元)', '漏签到']);
      const teacher = (id: string) => roster.staff.find((s) => s.id === id)!.name;
      const forgot = pay.rows.find((r) => r[0] === teacher('care-3b'))!;
      expect(forgot[4]).toContain(`${week[0]} ${roster.groups.find((g) => g.id === 'g3-mixed')!.name} 看护`);
      expect(pay.rows.find((r) => r[0] === teacher('care-3a'))![4]).not.toContain(week[0]);

      // 教育局报表 on screen like the others: a row per grade and 合计, the service days (R2: from the first day in
      // the log, last week's first) and teachers beside; 打印 prints it alone with its caption.
      await page.getByTestId('bureau-show').click();
      const bureau = page.getByTestId('bureau-table');
      await bureau.waitFor();
      expect(await bureau.locator('thead th').allTextContents()).toEqual([
        expect.stringContaining('年级'),
        expect.stringContaining('报名人数'),
        expect.stringContaining('服务学生数'),
        expect.stringContaining('服务人次'),
      ]);
      expect(await bureau.locator('tbody tr').last().locator('td').first().textContent()).toBe('合计');
      const serviceDays = countedDays(roster, monthStart, today, week[0]).length;
      expect(await page.getByTestId('bureau-totals').textContent()).toContain(`服务 ${serviceDays} 天，参与教师`);
      // The stubbed print above never closed its dialog: end it as the browser would, then print the bureau's.
      await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
      await page.emulateMedia({ media: 'print' });
      await page.getByTestId('bureau-print').dispatchEvent('click');
      const printedBureau = await page.evaluate(() => (window as unknown as { printed: unknown }).printed);
      expect(printedBureau).toEqual({
        reports: ['bureau'],
        buttons: 0,
        caption: [
          expect.stringMatching(
            new RegExp(
              `^${roster.school.name} 课后服务情况 ${monthStart} – ${today}（服务 ${serviceDays} 天，参与教师 \\d+ 人）$`,
            ),
          ),
        ],
      });
      await page.emulateMedia({ media: 'screen' });

      // Names and labels are text cells, counts and amounts numbers: nothing in an export can run as a formula.
      for (const wb of [stats, fees, notice, pay]) {
        wb.sheet.eachRow((row) =>
          row.eachCell((cell) => {
            expect([ExcelJS.ValueType.String, ExcelJS.ValueType.Number]).toContain(cell.type);
          }),
        );
      }
    } finally {
      await context.close();
    }
  });
});
