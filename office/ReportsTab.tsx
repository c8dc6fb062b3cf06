/**
 * 报表: every report the office files, on screen (printable on its own, without the page around it) and as
 * .xlsx / .csv for Excel. All are projections of the custody log, computed by the hub.
 */
import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';
import type { BureauFigures } from '../core/reports/bureau';
import { BUREAU_REPORT } from '../core/reports/bureau';
import { DAILY_SHEET_REPORT } from '../core/reports/dailySheet';
import type { SheetRow } from '../core/reports/dailySheet';
import { PERIOD_REPORT } from '../core/reports/statistics';
import type { PeriodRow } from '../core/reports/statistics';
import type { Roster } from '../core/roster';
import type { FeeLine, FeeSummaryRow } from '../core/reports/fees';
import { FEE_STATEMENT_REPORT, FEE_SUMMARY_REPORT } from '../core/reports/fees';
import type { ReportColumn } from '../core/reports/reportTable';
import { screenCell, screenColumns } from '../core/reports/reportTable';
import type { TeacherHours } from '../core/reports/teacherHours';
import { TEACHER_HOURS_REPORT } from '../core/reports/teacherHours';
import type { Bilingual } from '../core/messages';
import { addDays, isValidDay } from '../core/time';
import { Bi } from '../common/Bi';
import { NameSelect } from '../common/fields';
import { BesideError, useBesideError } from './BesideError';
import { useHubDay } from './hubDay';
import type { OfficeApi } from './officeApi';
import { periodProblem } from './periodCheck';
import { Named, TableScroll } from './setupParts';

/** Prints one report: the rest of the page is hidden while the print dialog is open. */
function printOnly(id: string) {
  const target = document.getElementById(id);
  if (!target) return;
  target.classList.add('print-target');
  document.body.classList.add('print-one');
  const done = () => {
    target.classList.remove('print-target');
    document.body.classList.remove('print-one');
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
  window.print();
}

interface ReportProps {
  id: string;
  title: { zh: string; en: string };
  /** the heading printed above the table: school, report, group or period */
  caption: string;
  controls?: ReactNode;
  /** fetches the report for the page; a refusal shows beside the buttons and the old table goes */
  onShow: () => Promise<void>;
  /** the table on screen is gone: after a refusal, so no old figures stay under a new period's error */
  onClear: () => void;
  /** why the chosen dates cannot be asked for, checked before anything is sent */
  check?: () => Bilingual | undefined;
  /** the hub's URL for this report; `&format=xlsx|csv` is added for downloads */
  url: string;
  /** the URL of the table on screen, if any: when it is not `url` the table is marked as out of date */
  shownUrl?: string;
  fileName: string;
  api: OfficeApi;
  children: ReactNode;
}

function Report(p: ReportProps) {
  const { id, title, caption, controls, url, shownUrl, fileName, api, check, onClear, children } = p;
  const { error, setError, run } = useBesideError();
  // A refusal is about the choice it was made for: another date, group or period clears it.
  useEffect(() => setError(''), [url]);
  const download = (format: 'xlsx' | 'csv') =>
    run(check, () => api.download(`${url}&format=${format}`, `${fileName}.${format}`));
  return (
    <section className="report" id={id} data-testid={id}>
      <h3>
        <Bi {...title} />
      </h3>
      <p className="controls">
        {controls}
        <button data-testid={`${id}-show`} onClick={() => run(check, p.onShow, onClear)}>
          <Bi zh="查看" en="Show" />
        </button>
        <button data-testid={`${id}-xlsx`} onClick={() => download('xlsx')}>
          Excel
        </button>
        <button data-testid={`${id}-csv`} onClick={() => download('csv')}>
          CSV
        </button>
        <button data-testid={`${id}-print`} onClick={() => printOnly(id)}>
          <Bi zh="打印" en="Print" />
        </button>
      </p>
      <BesideError error={error} testId={`${id}-error`} />
      {shownUrl !== undefined && shownUrl !== url && (
        <p className="stale" data-testid={`${id}-stale`}>
          <Bi
            zh="下表是按之前选的条件生成的：请点“查看”更新"
            en="The table below is for the earlier choice: press Show"
          />
        </p>
      )}
      <h4 className="print-caption">{caption}</h4>
      {children}
    </section>
  );
}

interface TableProps<R> {
  testId: string;
  columns: readonly ReportColumn<R>[];
  rows: R[] | null;
  rowKey: (r: R) => string;
}

/** A report on screen from its one definition (core/reports): the file's columns, but those kept to the file. */
function Table<R>({ testId, columns, rows, rowKey }: TableProps<R>) {
  if (!rows) return null;
  const shown = screenColumns(columns);
  return (
    <TableScroll>
      <table data-testid={testId}>
        <thead>
          <tr>
            {shown.map((c) => (
              <th key={c.zh}>
                <Bi zh={c.zh} en={c.en} block />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={rowKey(r)}>
              {shown.map((c) => (
                <td key={c.zh}>{screenCell(c, r)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** A table on screen and the URL it came from (so a changed choice marks it out of date). */
type Shown<T> = { url: string; data: T } | null;

/** The longest period the hub takes for a report (hub/routes/reports.ts): 62 days, the fees a semester. */
const MAX_DAYS = { period: 62, hours: 62, bureau: 62, fees: 200 } as const;

export function ReportsTab({ api, roster }: { api: OfficeApi; roster: Roster }) {
  // The hub's day, not the office PC's clock (often wrong): the defaults and the pickers' limits follow it.
  const hubDay = useHubDay(api, roster.settings.timeZone);
  const today = hubDay.today;
  /** the first day a report counts (the service start, or the oldest day kept); '' until the hub has said it */
  const first = hubDay.reports.first;
  const notBefore = (d: string) => (first && d < first ? first : d);
  const school = roster.school.name;
  // Unset, a date is the default for the hub's today, so it follows the hub's day once the hub has said it.
  const [daySet, setDay] = useState<string>();
  const day = daySet ?? today;
  const [group, setGroup] = useState(roster.groups[0]?.id ?? '');
  const [sheet, setSheet] = useState<Shown<SheetRow[]>>(null);
  const [fromSet, setFrom] = useState<string>();
  const [toSet, setTo] = useState<string>();
  const from = fromSet ?? notBefore(addDays(today, -6));
  const to = toSet ?? today;
  const earlier = (a: string, b: string) => (a < b ? a : b);
  const later = (a: string, b: string) => (a > b ? a : b);
  const [by, setBy] = useState('class');
  const [stats, setStats] = useState<Shown<PeriodRow[]>>(null);
  const [fees, setFees] = useState<Shown<FeeLine[]>>(null);
  const [summary, setSummary] = useState<Shown<FeeSummaryRow[]>>(null);
  const [hours, setHours] = useState<Shown<TeacherHours[]>>(null);
  const [bureau, setBureau] = useState<Shown<BureauFigures>>(null);
  const backupAction = useBesideError();
  const show =
    <T, D>(url: string, set: (s: Shown<D>) => void, pick: (body: T) => D) =>
    () =>
      api.call<T>(url).then((body) => set({ url, data: pick(body) }));
  const within = (maxDays: number) => () => periodProblem(from, to, maxDays);
  const groupName = roster.groups.find((g) => g.id === group)?.name ?? '';
  const urls = {
    daily: `/api/admin/reports/daily?date=${day}&group=${group}`,
    period: `/api/admin/reports/period?from=${from}&to=${to}&by=${by}`,
    fees: `/api/admin/reports/fees?from=${from}&to=${to}`,
    summary: `/api/admin/reports/fees?from=${from}&to=${to}&view=summary`,
    hours: `/api/admin/reports/hours?from=${from}&to=${to}`,
    bureau: `/api/admin/reports/bureau?from=${from}&to=${to}`,
  };
  const common = { api };
  return (
    <section className="reports">
      <Report
        {...common}
        id="daily"
        title={{ zh: '日出席签到表', en: 'Daily sign-in sheet' }}
        caption={DAILY_SHEET_REPORT.title(school, groupName, day)}
        url={urls.daily}
        shownUrl={sheet?.url}
        fileName={`签到表-${groupName}-${day}`}
        check={() => (isValidDay(day) ? undefined : { zh: '请选择日期', en: 'Choose a date' })}
        onShow={show(urls.daily, setSheet, (r: { rows: SheetRow[] }) => r.rows)}
        onClear={() => setSheet(null)}
        controls={
          <>
            <input
              aria-label="签到表日期 date"
              type="date"
              data-testid="daily-date"
              value={day}
              min={first || undefined}
              max={today}
              onChange={(e) => setDay(e.target.value)}
            />
            <small className="hint" data-testid="daily-range">
              <Bi
                zh={`可选 ${first ? `${first} 至 ` : ''}${today}`}
                en={`${first ? `${first} to ` : 'up to '}${today}`}
              />
            </small>
            <Named name="签到表的课后服务班 care group">
              <NameSelect value={group} onChange={setGroup} options={roster.groups} />
            </Named>
          </>
        }
      >
        <Table
          testId="daily-sheet"
          columns={DAILY_SHEET_REPORT.columns}
          rows={sheet?.data ?? null}
          rowKey={(r) => r.studentNo}
        />
      </Report>

      <section className="report period-picker">
        <h3>
          <Bi zh="统计期间" en="Period for the reports below" />
        </h3>
        <p>
          <input
            aria-label="统计期间 从 from"
            type="date"
            data-testid="period-from"
            value={from}
            max={to ? earlier(to, today) : today}
            min={to ? later(addDays(to, -MAX_DAYS.fees), first) : first || undefined}
            onChange={(e) => setFrom(e.target.value)}
          />{' '}
          –{' '}
          <input
            aria-label="统计期间 到 to"
            type="date"
            data-testid="period-to"
            value={to}
            min={from || first || undefined}
            max={from ? earlier(addDays(from, MAX_DAYS.fees), today) : today}
            onChange={(e) => setTo(e.target.value)}
          />
          <button
            onClick={() => {
              setFrom(notBefore(addDays(today, -6)));
              setTo(today);
            }}
          >
            <Bi zh="近一周" en="Last 7 days" />
          </button>
          <button
            data-testid="period-month"
            onClick={() => {
              setFrom(notBefore(`${today.slice(0, 8)}01`));
              setTo(today);
            }}
          >
            <Bi zh="本月" en="This month" />
          </button>
        </p>
        <p className="hint" data-testid="period-range">
          <small>
            <Bi
              zh={`可选 ${first ? `${first} 至 ` : ''}${today}（今天）的日期；统计、教师课时和教育局报表一次最多到开始日期后 ${MAX_DAYS.period} 天，收费最多 ${MAX_DAYS.fees} 天`}
              en={`Days ${first ? `from ${first} ` : ''}up to ${today} (today); statistics, hours and the bureau's figures end at most ${MAX_DAYS.period} days after the start, fees ${MAX_DAYS.fees}`}
            />
          </small>
        </p>
      </section>

      <Report
        {...common}
        id="period"
        title={{ zh: '周统计 / 月汇总', en: 'Weekly / monthly statistics' }}
        caption={PERIOD_REPORT.title(school, from, to)}
        url={urls.period}
        shownUrl={stats?.url}
        fileName={`统计-${from}-${to}`}
        check={within(MAX_DAYS.period)}
        onShow={show(urls.period, setStats, (r: { rows: PeriodRow[] }) => r.rows)}
        onClear={() => setStats(null)}
        controls={
          <select
            aria-label="统计方式 group by"
            data-testid="period-by"
            value={by}
            onChange={(e) => setBy(e.target.value)}
          >
            <option value="class">按班级 by class</option>
            <option value="group">按课后服务班 by care group</option>
            <option value="grade">按年级 by grade</option>
            <option value="school">全校 whole school</option>
          </select>
        }
      >
        <Table testId="period-stats" columns={PERIOD_REPORT.columns} rows={stats?.data ?? null} rowKey={(r) => r.key} />
      </Report>

      <Report
        {...common}
        id="fees"
        title={{ zh: '收费结算（多退少补）', en: 'Fee statements per child' }}
        caption={FEE_STATEMENT_REPORT.title(school, from, to)}
        url={urls.fees}
        shownUrl={fees?.url}
        fileName={`收费结算-${from}-${to}`}
        check={within(MAX_DAYS.fees)}
        onShow={show(urls.fees, setFees, (r: { lines: FeeLine[] }) => r.lines)}
        onClear={() => setFees(null)}
      >
        <Table
          testId="fees-table"
          columns={FEE_STATEMENT_REPORT.columns}
          rows={fees?.data ?? null}
          rowKey={(l) => l.studentNo}
        />
      </Report>

      <Report
        {...common}
        id="fee-summary"
        title={{ zh: '收费公示（按班级，不含姓名）', en: 'Fee summary to publish' }}
        caption={FEE_SUMMARY_REPORT.title(school, from, to)}
        url={urls.summary}
        shownUrl={summary?.url}
        fileName={`收费公示-${from}-${to}`}
        check={within(MAX_DAYS.fees)}
        onShow={show(urls.summary, setSummary, (r: { summary: FeeSummaryRow[] }) => r.summary)}
        onClear={() => setSummary(null)}
      >
        <Table
          testId="fee-summary-table"
          columns={FEE_SUMMARY_REPORT.columns}
          rows={summary?.data ?? null}
          rowKey={(r) => r.className}
        />
      </Report>

      <Report
        {...common}
        id="hours"
        title={{ zh: '看护教师课时与补贴', en: 'Care-teacher hours and pay' }}
        caption={TEACHER_HOURS_REPORT.title(school, from, to)}
        url={urls.hours}
        shownUrl={hours?.url}
        fileName={`教师课时-${from}-${to}`}
        check={within(MAX_DAYS.hours)}
        onShow={show(urls.hours, setHours, (r: { rows: TeacherHours[] }) => r.rows)}
        onClear={() => setHours(null)}
      >
        <Table
          testId="hours-table"
          columns={TEACHER_HOURS_REPORT.columns}
          rows={hours?.data ?? null}
          rowKey={(h) => h.staffId}
        />
      </Report>

      <Report
        {...common}
        id="bureau"
        title={{ zh: '教育局报表（半月）', en: 'Figures for the education bureau' }}
        caption={
          bureau?.url === urls.bureau
            ? BUREAU_REPORT.title(school, from, to, bureau.data)
            : `${school} 课后服务情况 ${from} – ${to}`
        }
        url={urls.bureau}
        shownUrl={bureau?.url}
        fileName={`教育局报表-${from}-${to}`}
        check={within(MAX_DAYS.bureau)}
        onShow={show(urls.bureau, setBureau, (r: BureauFigures) => ({
          rows: r.rows,
          teachers: r.teachers,
          serviceDays: r.serviceDays,
        }))}
        onClear={() => setBureau(null)}
      >
        <Table
          testId="bureau-table"
          columns={BUREAU_REPORT.columns}
          rows={bureau?.data.rows ?? null}
          rowKey={(r) => r.grade}
        />
        {bureau && (
          <p data-testid="bureau-totals">
            <Bi
              zh={`服务 ${bureau.data.serviceDays} 天，参与教师 ${bureau.data.teachers} 人`}
              en={`${bureau.data.serviceDays} service days, ${bureau.data.teachers} teachers taking part`}
            />
          </p>
        )}
      </Report>

      <section className="report" id="backup">
        <h3>
          <Bi zh="备份" en="Backup" />
        </h3>
        <p>
          <Bi
            zh="整个数据文件夹存为一个文件（含密钥与学生信息，请妥善保管）。恢复：停止服务后运行 npm run backup -- restore 文件。"
            en="The whole data folder as one file (keys and children's data: keep it safe). Restore with the hub stopped: npm run backup -- restore FILE."
          />
        </p>
        <button
          data-testid="backup"
          onClick={() =>
            backupAction.run(undefined, () => api.download('/api/admin/backup', `relay-backup-${today}.relaybak`))
          }
        >
          <Bi zh="下载备份" en="Download a backup" />
        </button>
        <BesideError error={backupAction.error} testId="backup-error" />
      </section>
    </section>
  );
}
