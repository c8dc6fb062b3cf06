/** 报表: the daily sign-in sheet and period statistics, on screen (printable) and as .xlsx / .csv for Excel. */
import { useState } from 'react';
import { DAILY_SHEET_COLUMNS } from '../../core/reports/dailySheet';
import type { SheetRow } from '../../core/reports/dailySheet';
import { PERIOD_COLUMNS } from '../../core/reports/statistics';
import type { PeriodRow } from '../../core/reports/statistics';
import type { Roster } from '../../core/roster';
import type { FeeLine } from '../../core/reports/fees';
import { yuan } from '../../core/reports/fees';
import type { TeacherHours } from '../../core/reports/teacherHours';
import { addDays, localDay } from '../../core/time';
import { Bi } from '../ui/Bi';
import type { OfficeApi } from './officeApi';

export function ReportsTab({ api, roster }: { api: OfficeApi; roster: Roster }) {
  const today = localDay(Date.now(), roster.settings.timeZone);
  const [day, setDay] = useState(today);
  const [group, setGroup] = useState(roster.groups[0]?.id ?? '');
  const [sheet, setSheet] = useState<SheetRow[] | null>(null);
  const [from, setFrom] = useState(addDays(today, -6));
  const [to, setTo] = useState(today);
  const [by, setBy] = useState('class');
  const [stats, setStats] = useState<PeriodRow[] | null>(null);
  const [fees, setFees] = useState<FeeLine[] | null>(null);
  const [hours, setHours] = useState<TeacherHours[] | null>(null);
  const [error, setError] = useState('');
  const dailyUrl = `/api/admin/reports/daily?date=${day}&group=${group}`;
  const periodUrl = `/api/admin/reports/period?from=${from}&to=${to}&by=${by}`;
  const fail = (err: Error) => setError(err.message);
  return (
    <section className="reports">
      <h3><Bi zh="日出席签到表" en="Daily sign-in sheet" /></h3>
      <p>
        <input type="date" value={day} onChange={(e) => setDay(e.target.value)} />
        <select value={group} onChange={(e) => setGroup(e.target.value)}>{roster.groups.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}</select>
        <button data-testid="daily-show" onClick={() => { setError(''); api.call<{ rows: SheetRow[] }>(dailyUrl).then((r) => setSheet(r.rows)).catch(fail); }}><Bi zh="查看" en="Show" /></button>
        <button onClick={() => void api.download(`${dailyUrl}&format=xlsx`, `签到表-${day}.xlsx`).catch(fail)}>Excel</button>
        <button onClick={() => void api.download(`${dailyUrl}&format=csv`, `签到表-${day}.csv`).catch(fail)}>CSV</button>
        <button onClick={() => window.print()}><Bi zh="打印" en="Print" /></button>
      </p>
      {sheet && <table data-testid="daily-sheet"><thead><tr>{DAILY_SHEET_COLUMNS.map(([k, zh]) => <th key={k}>{zh}</th>)}</tr></thead>
        <tbody>{sheet.map((r) => <tr key={r.studentNo}>{DAILY_SHEET_COLUMNS.map(([k]) => <td key={k}>{r[k]}</td>)}</tr>)}</tbody></table>}
      <h3><Bi zh="周统计 / 月汇总" en="Weekly / monthly statistics" /></h3>
      <p>
        <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} /> – <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        <select value={by} onChange={(e) => setBy(e.target.value)}><option value="class">按班级</option><option value="group">按课后服务班</option><option value="grade">按年级</option><option value="school">全校</option></select>
        <button data-testid="period-show" onClick={() => { setError(''); api.call<{ rows: PeriodRow[] }>(periodUrl).then((r) => setStats(r.rows)).catch(fail); }}><Bi zh="查看" en="Show" /></button>
        <button onClick={() => void api.download(`${periodUrl}&format=xlsx`, `统计-${from}-${to}.xlsx`).catch(fail)}>Excel</button>
        <button onClick={() => void api.download(`${periodUrl}&format=csv`, `统计-${from}-${to}.csv`).catch(fail)}>CSV</button>
      </p>
      {stats && <table data-testid="period-stats"><thead><tr>{PERIOD_COLUMNS.map(([k, zh]) => <th key={k}>{zh}</th>)}</tr></thead>
        <tbody>{stats.map((r) => <tr key={r.key}>{PERIOD_COLUMNS.map(([k]) => <td key={k}>{String(r[k])}</td>)}</tr>)}</tbody></table>}
      <h3><Bi zh="收费结算（多退少补）" en="Fee statements" /></h3>
      <p>
        <button data-testid="fees-show" onClick={() => { setError(''); api.call<{ lines: FeeLine[] }>(`/api/admin/reports/fees?from=${from}&to=${to}`).then((r) => setFees(r.lines)).catch(fail); }}><Bi zh={`查看 ${from} – ${to}`} en="Show" /></button>
        <button onClick={() => void api.download(`/api/admin/reports/fees?from=${from}&to=${to}&format=xlsx`, `收费结算-${from}-${to}.xlsx`).catch(fail)}>Excel</button>
        <button onClick={() => void api.download(`/api/admin/reports/fees?from=${from}&to=${to}&format=csv`, `收费结算-${from}-${to}.csv`).catch(fail)}>CSV</button>
      </p>
      {fees && <table data-testid="fees"><thead><tr><th>学号</th><th>姓名</th><th>班级</th><th>实到天数</th><th>课时</th><th>应收</th><th>已缴</th><th>补缴/退费</th></tr></thead>
        <tbody>{fees.map((l) => <tr key={l.studentNo}><td>{l.studentNo}</td><td>{l.name}</td><td>{l.className}</td><td>{l.attendedDays}</td><td>{l.lessonHours}</td><td>{l.waived ? '减免' : yuan(l.charged)}</td><td>{yuan(l.paid)}</td><td>{yuan(l.balance)}</td></tr>)}</tbody></table>}
      <h3><Bi zh="看护教师课时与补贴" en="Care-teacher hours and subsidy" /></h3>
      <p>
        <button data-testid="hours-show" onClick={() => { setError(''); api.call<{ rows: TeacherHours[] }>(`/api/admin/reports/hours?from=${from}&to=${to}`).then((r) => setHours(r.rows)).catch(fail); }}><Bi zh={`查看 ${from} – ${to}`} en="Show" /></button>
        <button onClick={() => void api.download(`/api/admin/reports/hours?from=${from}&to=${to}&format=xlsx`, `教师课时-${from}-${to}.xlsx`).catch(fail)}>Excel</button>
      </p>
      {hours && <table data-testid="hours"><thead><tr><th>姓名</th><th>值班天数</th><th>课时</th><th>补贴(元)</th><th>漏签到</th></tr></thead>
        <tbody>{hours.map((h) => <tr key={h.staffId}><td>{h.name}</td><td>{h.dutyDays}</td><td>{h.lessonHours}</td><td>{yuan(h.subsidy)}</td><td>{h.missed.map((m) => m.day).join('、')}</td></tr>)}</tbody></table>}
      <h3><Bi zh="教育局报表（半月）" en="Figures for the education bureau" /></h3>
      <p><button onClick={() => void api.download(`/api/admin/reports/bureau?from=${from}&to=${to}&format=xlsx`, `教育局报表-${from}-${to}.xlsx`).catch(fail)}>Excel {from} – {to}</button>
        <button onClick={() => void api.download(`/api/admin/reports/bureau?from=${from}&to=${to}&format=csv`, `教育局报表-${from}-${to}.csv`).catch(fail)}>CSV</button></p>
      <h3><Bi zh="备份" en="Backup" /></h3>
      <p><Bi zh="整个数据文件夹存为一个文件（含密钥与学生信息，请妥善保管）。恢复：停止服务后运行 npm run backup -- restore 文件。" en="The whole data folder as one file (keys and children's data: keep it safe). Restore with the hub stopped: npm run backup -- restore FILE." /></p>
      <button data-testid="backup" onClick={() => void api.download('/api/admin/backup', `relay-backup-${today}.relaybak`).catch(fail)}><Bi zh="下载备份" en="Download a backup" /></button>
      {error && <p className="error" role="alert">{error}</p>}
    </section>
  );
}
