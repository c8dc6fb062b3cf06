/**
 * 报表: every report the office files, on screen (printable on its own, without the page around it) and as
 * .xlsx / .csv for Excel. All are projections of the custody log, computed by the hub.
 */
import type { ReactNode } from 'react';
import { useState } from 'react';
import { DAILY_SHEET_COLUMNS } from '../core/reports/dailySheet';
import type { SheetRow } from '../core/reports/dailySheet';
import { PERIOD_COLUMNS } from '../core/reports/statistics';
import type { PeriodRow } from '../core/reports/statistics';
import type { Roster } from '../core/roster';
import type { FeeLine, FeeSummaryRow } from '../core/reports/fees';
import { yuan } from '../core/reports/fees';
import type { TeacherHours } from '../core/reports/teacherHours';
import { addDays, localDay } from '../core/time';
import { Bi } from '../common/Bi';
import type { OfficeApi } from './officeApi';

/** Prints one report: the rest of the page is hidden while the print dialog is open. */
function printOnly(id: string) {
  const target = document.getElementById(id);
  if (!target) return;
  target.classList.add('print-target');
  document.body.classList.add('print-one');
  const done = () => { target.classList.remove('print-target'); document.body.classList.remove('print-one'); window.removeEventListener('afterprint', done); };
  window.addEventListener('afterprint', done);
  window.print();
}

interface ReportProps {
  id: string;
  title: { zh: string; en: string };
  /** the heading printed above the table: school, report, group or period */
  caption: string;
  controls?: ReactNode;
  onShow: () => void;
  /** the hub's URL for this report; `&format=xlsx|csv` is added for downloads */
  url: string;
  fileName: string;
  api: OfficeApi;
  onError: (err: Error) => void;
  children: ReactNode;
}

function Report({ id, title, caption, controls, onShow, url, fileName, api, onError, children }: ReportProps) {
  const download = (format: 'xlsx' | 'csv') => void api.download(`${url}&format=${format}`, `${fileName}.${format}`).catch(onError);
  return (
    <section className="report" id={id} data-testid={id}>
      <h3><Bi {...title} /></h3>
      <p className="controls">
        {controls}
        <button data-testid={`${id}-show`} onClick={onShow}><Bi zh="查看" en="Show" /></button>
        <button data-testid={`${id}-xlsx`} onClick={() => download('xlsx')}>Excel</button>
        <button data-testid={`${id}-csv`} onClick={() => download('csv')}>CSV</button>
        <button data-testid={`${id}-print`} onClick={() => printOnly(id)}><Bi zh="打印" en="Print" /></button>
      </p>
      <h4 className="print-caption">{caption}</h4>
      {children}
    </section>
  );
}

function Table<R>({ testId, columns, rows, rowKey, cells }: { testId: string; columns: string[]; rows: R[] | null; rowKey: (r: R) => string; cells: (r: R) => ReactNode[] }) {
  if (!rows) return null;
  return (
    <table data-testid={testId}>
      <thead><tr>{columns.map((c) => <th key={c}>{c}</th>)}</tr></thead>
      <tbody>{rows.map((r) => <tr key={rowKey(r)}>{cells(r).map((c, i) => <td key={i}>{c}</td>)}</tr>)}</tbody>
    </table>
  );
}

export function ReportsTab({ api, roster }: { api: OfficeApi; roster: Roster }) {
  const today = localDay(Date.now(), roster.settings.timeZone);
  const school = roster.school.name;
  const [day, setDay] = useState(today);
  const [group, setGroup] = useState(roster.groups[0]?.id ?? '');
  const [sheet, setSheet] = useState<SheetRow[] | null>(null);
  const [from, setFrom] = useState(addDays(today, -6));
  const [to, setTo] = useState(today);
  const [by, setBy] = useState('class');
  const [stats, setStats] = useState<PeriodRow[] | null>(null);
  const [fees, setFees] = useState<FeeLine[] | null>(null);
  const [summary, setSummary] = useState<FeeSummaryRow[] | null>(null);
  const [hours, setHours] = useState<TeacherHours[] | null>(null);
  const [error, setError] = useState('');
  const onError = (err: Error) => setError(err.message);
  const show = <T,>(url: string, then: (body: T) => void) => () => { setError(''); api.call<T>(url).then(then).catch(onError); };
  const period = `${from} – ${to}`;
  const groupName = roster.groups.find((g) => g.id === group)?.name ?? '';
  const urls = {
    daily: `/api/admin/reports/daily?date=${day}&group=${group}`,
    period: `/api/admin/reports/period?from=${from}&to=${to}&by=${by}`,
    fees: `/api/admin/reports/fees?from=${from}&to=${to}`,
    summary: `/api/admin/reports/fees?from=${from}&to=${to}&view=summary`,
    hours: `/api/admin/reports/hours?from=${from}&to=${to}`,
    bureau: `/api/admin/reports/bureau?from=${from}&to=${to}`,
  };
  const common = { api, onError };
  return (
    <section className="reports">
      <Report {...common} id="daily" title={{ zh: '日出席签到表', en: 'Daily sign-in sheet' }} caption={`${school} ${groupName} 日出席签到表 ${day}`} url={urls.daily} fileName={`签到表-${groupName}-${day}`}
        onShow={show<{ rows: SheetRow[] }>(urls.daily, (r) => setSheet(r.rows))}
        controls={<>
          <input type="date" value={day} onChange={(e) => setDay(e.target.value)} />
          <select value={group} onChange={(e) => setGroup(e.target.value)}>{roster.groups.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}</select>
        </>}>
        <Table testId="daily-sheet" columns={DAILY_SHEET_COLUMNS.map(([, zh]) => zh)} rows={sheet} rowKey={(r) => r.studentNo} cells={(r) => DAILY_SHEET_COLUMNS.map(([k]) => r[k])} />
      </Report>

      <section className="report period-picker">
        <h3><Bi zh="统计期间" en="Period for the reports below" /></h3>
        <p>
          <input type="date" data-testid="period-from" value={from} onChange={(e) => setFrom(e.target.value)} /> – <input type="date" data-testid="period-to" value={to} onChange={(e) => setTo(e.target.value)} />
          <button onClick={() => { setFrom(addDays(today, -6)); setTo(today); }}><Bi zh="近一周" en="Last 7 days" /></button>
          <button data-testid="period-month" onClick={() => { setFrom(`${today.slice(0, 8)}01`); setTo(today); }}><Bi zh="本月" en="This month" /></button>
        </p>
      </section>

      <Report {...common} id="period" title={{ zh: '周统计 / 月汇总', en: 'Weekly / monthly statistics' }} caption={`${school} 课后服务统计 ${period}`} url={urls.period} fileName={`统计-${from}-${to}`}
        onShow={show<{ rows: PeriodRow[] }>(urls.period, (r) => setStats(r.rows))}
        controls={<select data-testid="period-by" value={by} onChange={(e) => setBy(e.target.value)}><option value="class">按班级</option><option value="group">按课后服务班</option><option value="grade">按年级</option><option value="school">全校</option></select>}>
        <Table testId="period-stats" columns={PERIOD_COLUMNS.map(([, zh]) => zh)} rows={stats} rowKey={(r) => r.key} cells={(r) => PERIOD_COLUMNS.map(([k]) => String(r[k]))} />
      </Report>

      <Report {...common} id="fees" title={{ zh: '收费结算（多退少补）', en: 'Fee statements per child' }} caption={`${school} 课后服务收费结算 ${period}`} url={urls.fees} fileName={`收费结算-${from}-${to}`}
        onShow={show<{ lines: FeeLine[] }>(urls.fees, (r) => setFees(r.lines))}>
        <Table testId="fees-table" columns={['学号', '姓名', '班级', '实到天数', '课时', '应收(元)', '已缴(元)', '补缴(+)/退费(-)(元)']} rows={fees} rowKey={(l) => l.studentNo}
          cells={(l) => [l.studentNo, l.name, l.className, l.attendedDays, l.lessonHours, l.waived ? '减免' : yuan(l.charged), yuan(l.paid), yuan(l.balance)]} />
      </Report>

      <Report {...common} id="fee-summary" title={{ zh: '收费公示（按班级，不含姓名）', en: 'Fee summary to publish' }} caption={`${school} 课后服务收费公示 ${period}`} url={urls.summary} fileName={`收费公示-${from}-${to}`}
        onShow={show<{ summary: FeeSummaryRow[] }>(urls.summary, (r) => setSummary(r.summary))}>
        <Table testId="fee-summary-table" columns={['班级', '人数', '减免人数', '实到人次', '课时', '应收(元)', '已缴(元)', '退费(元)', '补缴(元)']} rows={summary} rowKey={(r) => r.className}
          cells={(r) => [r.className, r.students, r.waived, r.attendedDays, r.lessonHours, yuan(r.charged), yuan(r.paid), yuan(r.refunds), yuan(r.topUps)]} />
      </Report>

      <Report {...common} id="hours" title={{ zh: '看护教师课时与补贴', en: 'Care-teacher hours and pay' }} caption={`${school} 看护教师课时与补贴 ${period}`} url={urls.hours} fileName={`教师课时-${from}-${to}`}
        onShow={show<{ rows: TeacherHours[] }>(urls.hours, (r) => setHours(r.rows))}>
        <Table testId="hours-table" columns={['姓名', '值班天数', '课时', '补贴(元)', '漏签到']} rows={hours} rowKey={(h) => h.staffId}
          cells={(h) => [h.name, h.dutyDays, h.lessonHours, yuan(h.subsidy), h.missed.map((m) => m.day).join('、')]} />
      </Report>

      <section className="report" id="bureau">
        <h3><Bi zh="教育局报表（半月）" en="Figures for the education bureau" /></h3>
        <p><button data-testid="bureau-xlsx" onClick={() => void api.download(`${urls.bureau}&format=xlsx`, `教育局报表-${from}-${to}.xlsx`).catch(onError)}>Excel {period}</button>
          <button onClick={() => void api.download(`${urls.bureau}&format=csv`, `教育局报表-${from}-${to}.csv`).catch(onError)}>CSV</button></p>
      </section>

      <section className="report" id="backup">
        <h3><Bi zh="备份" en="Backup" /></h3>
        <p><Bi zh="整个数据文件夹存为一个文件（含密钥与学生信息，请妥善保管）。恢复：停止服务后运行 npm run backup -- restore 文件。" en="The whole data folder as one file (keys and children's data: keep it safe). Restore with the hub stopped: npm run backup -- restore FILE." /></p>
        <button data-testid="backup" onClick={() => void api.download('/api/admin/backup', `relay-backup-${today}.relaybak`).catch(onError)}><Bi zh="下载备份" en="Download a backup" /></button>
      </section>
      {error && <p className="error" role="alert">{error}</p>}
    </section>
  );
}
