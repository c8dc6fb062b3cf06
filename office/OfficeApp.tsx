/**
 * The office (教导处): import the roster from the school's own Excel or CSV with a preview, enter leave,
 * pair and revoke tablets, reset PINs, print cards. Chinese first.
 */
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import type { Roster } from '../core/roster';
import { localDay } from '../core/time';
import { searchStudents } from '../common/search';
import { Bi } from '../common/Bi';
import { OfficeApi, onBusy } from './officeApi';
import { CalendarTab, GroupsTab, RotaTab } from './SetupTabs';
import { ReportsTab } from './ReportsTab';

interface Summary {
  previewId: string; headerRow: number; columns: Record<string, string>;
  counts: { added: number; changed: number; removed: number; unchanged: number; errors: number };
  added: { studentNo: string; name: string }[]; changed: { studentNo: string; name: string; fields: string[] }[]; removed: { studentNo: string; name: string }[];
  errors: { row: number; column: string; value: string; reason: { zh: string; en: string } }[];
}

/** Shown when a request has taken more than a second (an import, a semester's report, 2,000 cards). */
function Progress() {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    return onBusy((n) => {
      clearTimeout(timer);
      if (n === 0) setSlow(false); else timer = setTimeout(() => setSlow(true), 1000);
    });
  }, []);
  return slow ? <div className="progress" role="status" data-testid="progress"><span className="spinner" /> <Bi zh="正在处理，请稍候…" en="Working…" /></div> : null;
}

export function OfficeApp() {
  const [api, setApi] = useState<OfficeApi | null>(null);
  const [roster, setRoster] = useState<Roster | null>(null);
  const [tab, setTab] = useState<'import' | 'groups' | 'calendar' | 'rota' | 'leave' | 'devices' | 'cards' | 'reports'>('import');
  const reload = async (a = api) => { if (a) setRoster((await a.call<{ roster: Roster }>('/api/roster')).roster); };
  // Reload whenever the session changes (sign-in).
  useEffect(() => { void reload(); }, [api]);
  if (!api) return <Login onIn={setApi} />;
  if (!roster) return <p><Bi zh="加载中…" en="Loading…" /></p>;
  const tabs = [['import', '花名册导入', 'Roster'], ['groups', '分组与教室', 'Groups'], ['calendar', '作息与日历', 'Calendar'], ['rota', '值班表', 'Rota'], ['leave', '请假', 'Leave'], ['devices', '平板与教师', 'Tablets & staff'], ['cards', '打印卡片', 'Cards'], ['reports', '报表', 'Reports']] as const;
  return (
    <main className="office">
      <header><b>{roster.school.name}</b> · <Bi zh="教导处" en="Office" /></header>
      <Progress />
      <nav>{tabs.map(([id, zh, en]) => <button key={id} data-testid={`tab-${id}`} className={tab === id ? 'on' : ''} onClick={() => setTab(id)}><Bi zh={zh} en={en} /></button>)}</nav>
      {tab === 'import' && <ImportTab api={api} onApplied={() => void reload()} />}
      {tab === 'groups' && <GroupsTab key={roster.school.id + tab} api={api} roster={roster} onSaved={() => void reload()} />}
      {tab === 'calendar' && <CalendarTab api={api} roster={roster} onSaved={() => void reload()} />}
      {tab === 'rota' && <RotaTab api={api} roster={roster} onSaved={() => void reload()} />}
      {tab === 'leave' && <LeaveTab api={api} roster={roster} />}
      {tab === 'devices' && <DevicesTab api={api} roster={roster} />}
      {tab === 'reports' && <ReportsTab api={api} roster={roster} />}
      {tab === 'cards' && <CardsTab api={api} roster={roster} onReprinted={() => void reload()} />}
    </main>
  );
}

function Login({ onIn }: { onIn: (a: OfficeApi) => void }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  return (
    <main className="login">
      <h1><Bi zh="教导处登录" en="Office sign-in" /></h1>
      <form onSubmit={(e) => { e.preventDefault(); OfficeApi.login(password).then(onIn).catch((err: Error) => setError(err.message)); }}>
        <input data-testid="office-password" type="password" placeholder="管理员密码 admin password" value={password} onChange={(e) => setPassword(e.target.value)} />
        <button data-testid="office-login" disabled={!password}><Bi zh="登录" en="Sign in" /></button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
    </main>
  );
}

function ImportTab({ api, onApplied }: { api: OfficeApi; onApplied: () => void }) {
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const upload = async (file: File) => {
    setError(''); setDone(''); setSummary(null);
    try {
      setSummary(await api.call<Summary>(`/api/admin/roster/preview?file=${encodeURIComponent(file.name)}`, { raw: file }));
    } catch (err) { setError((err as Error).message); }
  };
  return (
    <section>
      <p><Bi zh="上传学校的花名册（Excel .xlsx 或 .csv，支持 GBK），先预览，确认后一次性导入。" en="Upload the roster (.xlsx or .csv); preview first, then apply all at once." /></p>
      <p><button onClick={() => void api.download('/api/admin/roster/template.csv', '花名册模板.csv')}><Bi zh="下载模板" en="Template" /></button></p>
      <input data-testid="roster-file" type="file" accept=".xlsx,.csv,.txt" onChange={(e) => { const f = e.target.files?.[0]; if (f) void upload(f); }} />
      {error && <p className="error" role="alert">{error}</p>}
      {summary && (
        <div className="preview" data-testid="preview">
          <p data-testid="preview-counts"><Bi zh={`新增 ${summary.counts.added} · 变更 ${summary.counts.changed} · 移除 ${summary.counts.removed} · 不变 ${summary.counts.unchanged} · 错误 ${summary.counts.errors}`} en="added · changed · removed · unchanged · errors" /></p>
          <p className="en">表头第 {summary.headerRow} 行：{Object.values(summary.columns).join('、')}</p>
          {summary.errors.length > 0 && (
            <table data-testid="preview-errors"><thead><tr><th>行 row</th><th>列 column</th><th>内容 value</th><th>原因 reason</th></tr></thead>
              <tbody>{summary.errors.map((e, i) => <tr key={i}><td>{e.row}</td><td>{e.column}</td><td>{e.value}</td><td>{e.reason.zh} <span className="en">{e.reason.en}</span></td></tr>)}</tbody></table>
          )}
          {summary.changed.length > 0 && <details><summary><Bi zh="变更" en="changed" /></summary><ul>{summary.changed.map((c) => <li key={c.studentNo}>{c.studentNo} {c.name}: {c.fields.join(', ')}</li>)}</ul></details>}
          {summary.removed.length > 0 && <details open><summary><Bi zh="将移除（卡片作废）" en="to be removed (cards revoked)" /></summary><ul>{summary.removed.map((c) => <li key={c.studentNo}>{c.studentNo} {c.name}</li>)}</ul></details>}
          <button data-testid="apply-import" disabled={summary.counts.errors > 0} onClick={() => {
            api.call<{ version: number }>('/api/admin/roster/apply', { json: { previewId: summary.previewId } })
              .then(() => { setDone('已导入 Imported'); setSummary(null); onApplied(); }).catch((err: Error) => setError(err.message));
          }}>{summary.counts.errors > 0 ? <Bi zh="有错误，不能导入" en="Fix the errors first" /> : <Bi zh="确认导入" en="Apply" />}</button>
        </div>
      )}
      {done && <p data-testid="import-done">{done}</p>}
    </section>
  );
}

function LeaveTab({ api, roster }: { api: OfficeApi; roster: Roster }) {
  // The school's day, not the browser's UTC date: after 16:00 UTC it is already tomorrow in Beijing.
  const today = localDay(Date.now(), roster.settings.timeZone);
  const clerks = roster.staff.filter((s) => s.active && (s.roles.includes('office') || s.roles.includes('class_teacher')));
  const [staffId, setStaffId] = useState(clerks[0]?.id ?? '');
  const [q, setQ] = useState('');
  const [studentId, setStudentId] = useState('');
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [reason, setReason] = useState<'sick' | 'personal' | 'other'>('sick');
  const [note, setNote] = useState('');
  const [result, setResult] = useState('');
  const student = roster.students.find((s) => s.id === studentId);
  return (
    <section className="form">
      <label><Bi zh="登记人" en="Entered by" /><select value={staffId} onChange={(e) => setStaffId(e.target.value)}>{clerks.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}</select></label>
      <label><Bi zh="学生" en="Student" /><input data-testid="leave-search" value={student ? student.name : q} onChange={(e) => { setStudentId(''); setQ(e.target.value); }} /></label>
      {!student && <ul>{searchStudents(roster.students, q, 8).map((s) => <li key={s.id}><button data-testid={`leave-pick-${s.id}`} onClick={() => setStudentId(s.id)}>{s.name} {s.studentNo}</button></li>)}</ul>}
      <label><Bi zh="从" en="From" /><input type="date" value={from} onChange={(e) => setFrom(e.target.value)} /></label>
      <label><Bi zh="到" en="To" /><input type="date" value={to} onChange={(e) => setTo(e.target.value)} /></label>
      <label><Bi zh="原因" en="Reason" /><select value={reason} onChange={(e) => setReason(e.target.value as typeof reason)}><option value="sick">病假 sick</option><option value="personal">事假 personal</option><option value="other">其他 other</option></select></label>
      <label><Bi zh="说明" en="Note" /><input value={note} onChange={(e) => setNote(e.target.value)} /></label>
      <button data-testid="leave-submit" disabled={!student || !staffId} onClick={() => {
        api.call<{ days: string[]; results: { status: string; problem?: { zh: string } }[] }>('/api/admin/leave', { json: { staffId, studentId, from, to, reason, note } })
          .then((r) => setResult(r.days.length === 0 ? '这段时间没有课后服务日 No service days in range' : `已登记 ${r.results.filter((x) => x.status !== 'rejected').length} 天：${r.days.join('、')}${r.results.some((x) => x.problem) ? `；${r.results.find((x) => x.problem)!.problem!.zh}` : ''}`))
          .catch((err: Error) => setResult(err.message));
      }}><Bi zh="登记请假" en="Record leave" /></button>
      {result && <p data-testid="leave-result">{result}</p>}
      {student && <ArrangementForm api={api} staffId={staffId} studentId={student.id} day={from} />}
    </section>
  );
}

/** 接送安排 for one day: early pickup, late pickup, or another way home. */
function ArrangementForm({ api, staffId, studentId, day }: { api: OfficeApi; staffId: string; studentId: string; day: string }) {
  const [kind, setKind] = useState<'early_pickup' | 'late_pickup' | 'pickup_change'>('early_pickup');
  const [at, setAt] = useState('16:30');
  const [who, setWho] = useState('');
  const [plan, setPlan] = useState('guardian');
  const [bus, setBus] = useState('');
  const [msg, setMsg] = useState('');
  const arrangement = kind === 'pickup_change'
    ? { kind, plan: plan === 'bus' ? { kind: 'bus', bus } : plan === 'walks_alone' ? { kind: 'walks_alone', permissionOnFile: true } : { kind: 'guardian' } }
    : { kind, at, collectedBy: who };
  return (
    <fieldset>
      <legend><Bi zh={`接送安排（${day}）`} en="Pickup arrangement for the day" /></legend>
      <select data-testid="arr-kind" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
        <option value="early_pickup">提前接 early pickup</option><option value="late_pickup">晚接 late pickup</option><option value="pickup_change">改变接送方式 another way home</option>
      </select>
      {kind !== 'pickup_change' ? (<>
        <input type="time" value={at} onChange={(e) => setAt(e.target.value)} />
        <input data-testid="arr-who" placeholder="接送人 who comes" value={who} onChange={(e) => setWho(e.target.value)} />
      </>) : (<>
        <select value={plan} onChange={(e) => setPlan(e.target.value)}><option value="guardian">家长接送</option><option value="bus">校车</option><option value="walks_alone">自行回家（有书面同意）</option></select>
        {plan === 'bus' && <input placeholder="车号" value={bus} onChange={(e) => setBus(e.target.value)} />}
      </>)}
      <button data-testid="arr-submit" disabled={kind === 'early_pickup' && !who.trim()} onClick={() => {
        api.call<{ results: { status: string; problem?: { zh: string } }[] }>('/api/admin/arrangement', { json: { staffId, studentId, day, arrangement } })
          .then((r) => setMsg(r.results[0]?.problem?.zh ?? '已登记 Recorded')).catch((err: Error) => setMsg(err.message));
      }}><Bi zh="登记安排" en="Record" /></button>
      {msg && <p data-testid="arr-result">{msg}</p>}
    </fieldset>
  );
}

function DevicesTab({ api, roster }: { api: OfficeApi; roster: Roster }) {
  const [code, setCode] = useState<{ code: string; expiresAt: number; qr: string } | null>(null);
  const [devices, setDevices] = useState<{ id: string; name: string; revokedAt: number | null; station: { kind: string; ref?: string } | null; health?: { lastSeen: number | null; unsent: number } }[]>([]);
  const [msg, setMsg] = useState('');
  const load = () => api.call<{ devices: typeof devices }>('/api/admin/devices').then((r) => setDevices(r.devices));
  useEffect(() => { void load(); }, []);
  return (
    <section>
      <button data-testid="new-pairing-code" onClick={() => {
        void api.call<{ code: string; expiresAt: number }>('/api/admin/pairing-codes', { method: 'POST' }).then(async (c) => setCode({ ...c, qr: await QRCode.toDataURL(`RELAY-PAIR:${c.code}`, { margin: 4, scale: 8 }) }));
      }}><Bi zh="生成配对码" en="New pairing code" /></button>
      {code && <div className="pairing"><p className="code" data-testid="pairing-code">{code.code}</p><img src={code.qr} alt="pairing QR" width={200} /><p><Bi zh={`15 分钟内有效，只能配对一台平板`} en="Valid 15 minutes, pairs one tablet" /></p></div>}
      <h3><Bi zh="平板" en="Tablets" /></h3>
      <ul>{devices.map((d) => <li key={d.id}>{d.revokedAt ? <>{d.name} <small>{d.id}</small> <Bi zh="已停用" en="revoked" /></> : (
        <DeviceRow device={d} roster={roster} onSave={(patch) => api.call(`/api/admin/devices/${d.id}`, { method: 'PUT', json: patch }).then(load).then(() => setMsg(`${patch.name} 已保存`)).catch((err: Error) => setMsg(err.message))}
          onRevoke={() => { if (confirm(`停用 ${d.name}？ Revoke?`)) void api.call(`/api/admin/devices/${d.id}/revoke`, { method: 'POST' }).then(load); }} />
      )}</li>)}</ul>
      <StaffEditor api={api} roster={roster} onMsg={setMsg} />
      <h3><Bi zh="教师 PIN" en="Staff PINs" /></h3>
      <ul>{roster.staff.map((s) => <li key={s.id}>{s.name} <button className="small" onClick={() => {
        const pin = prompt(`${s.name} 的新 PIN（4–8 位数字）`);
        if (pin) void api.call(`/api/admin/staff/${s.id}/pin`, { json: { pin } }).then(() => setMsg(`${s.name} 的 PIN 已重置`)).catch((err: Error) => setMsg(err.message));
      }}><Bi zh="重置 PIN" en="reset PIN" /></button></li>)}</ul>
      {msg && <p>{msg}</p>}
    </section>
  );
}

function DeviceRow({ device, roster, onSave, onRevoke }: { device: { id: string; name: string; station: { kind: string; ref?: string } | null }; roster: Roster; onSave: (p: { name: string; station: { kind: string; ref?: string } | null }) => void; onRevoke: () => void }) {
  const [name, setName] = useState(device.name);
  const [station, setStation] = useState(device.station ? `${device.station.kind}:${device.station.ref ?? ''}` : '');
  const parsed = () => { if (!station) return null; const [kind, ref] = station.split(':'); return { kind: kind!, ...(ref ? { ref } : {}) }; };
  return (
    <span className="device">
      <input value={name} onChange={(e) => setName(e.target.value)} style={{ width: '12rem' }} /> <small>{device.id}</small>
      <select value={station} onChange={(e) => setStation(e.target.value)}>
        <option value="">平板自选 chosen on the tablet</option>
        <option value="gate:">校门 gate</option>
        {roster.classes.map((c) => <option key={c.id} value={`classroom:${c.id}`}>教室 {c.name}</option>)}
        {roster.groups.map((g) => <option key={g.id} value={`care:${g.id}`}>看护 {g.name}</option>)}
      </select>
      <button className="small" onClick={() => onSave({ name, station: parsed() })}><Bi zh="保存" en="save" /></button>
      <button className="small" onClick={onRevoke}><Bi zh="停用" en="revoke" /></button>
    </span>
  );
}

const ROLES = [['subject_teacher', '科任'], ['class_teacher', '班主任'], ['care_teacher', '看护'], ['gate_duty', '校门'], ['duty_leader', '值班领导'], ['office', '教导处']] as const;

/** The staff list with roles; who may sign in where follows from the roles. */
function StaffEditor({ api, roster, onMsg }: { api: OfficeApi; roster: Roster; onMsg: (m: string) => void }) {
  const [staff, setStaff] = useState(roster.staff);
  const set = (i: number, patch: Partial<Roster['staff'][number]>) => setStaff(staff.map((s, k) => (k === i ? { ...s, ...patch } : s)));
  return (
    <>
      <h3><Bi zh="教职工" en="Staff" /></h3>
      <table><tbody>{staff.map((s, i) => <tr key={s.id}>
        <td><input value={s.name} onChange={(e) => set(i, { name: e.target.value })} /></td>
        <td>{ROLES.map(([role, zh]) => <label key={role} className="inline"><input type="checkbox" checked={s.roles.includes(role)} onChange={(e) => set(i, { roles: e.target.checked ? [...s.roles, role] : s.roles.filter((r) => r !== role) })} />{zh}</label>)}</td>
        <td><label className="inline"><input type="checkbox" checked={s.active} onChange={(e) => set(i, { active: e.target.checked })} />在职</label></td>
      </tr>)}</tbody></table>
      <button onClick={() => setStaff([...staff, { id: `staff-${Date.now().toString(36)}`, name: '新老师', roles: ['care_teacher'], active: true }])}><Bi zh="新增" en="Add" /></button>
      <button onClick={() => { void api.call('/api/admin/roster/staff', { method: 'PUT', json: { value: staff } }).then(() => onMsg('教职工已保存 Saved')).catch((err: Error) => onMsg(err.message)); }}><Bi zh="保存教职工" en="Save staff" /></button>
    </>
  );
}

function CardsTab({ api, roster, onReprinted }: { api: OfficeApi; roster: Roster; onReprinted: () => void }) {
  const [scope, setScope] = useState('');
  const [guardians, setGuardians] = useState(false);
  const [q, setQ] = useState('');
  const [msg, setMsg] = useState('');
  const query = () => {
    const [kind, id] = scope.split(':');
    return `${kind === 'class' ? `class=${id}` : kind === 'group' ? `group=${id}` : ''}${guardians ? '&guardians=1' : ''}`;
  };
  return (
    <section className="form">
      <label><Bi zh="范围" en="Which cards" /><select data-testid="cards-scope" value={scope} onChange={(e) => setScope(e.target.value)}>
        <option value="">全部学生 every student</option>
        {roster.classes.map((c) => <option key={c.id} value={`class:${c.id}`}>{c.name}</option>)}
        {roster.groups.map((g) => <option key={g.id} value={`group:${g.id}`}>{g.name}</option>)}
      </select></label>
      <label><input type="checkbox" checked={guardians} onChange={(e) => setGuardians(e.target.checked)} style={{ width: 'auto' }} /> <Bi zh="家长接送卡" en="guardian pickup cards" /></label>
      <button data-testid="cards-download" onClick={() => void api.download(`/api/admin/cards.pdf?${query()}`, '接力卡片.pdf').catch((err: Error) => setMsg(err.message))}><Bi zh="下载 PDF（A4，每页 10 张）" en="Download PDF" /></button>
      <h3><Bi zh="补办（旧卡立即作废）" en="Reprint (the old card stops working)" /></h3>
      <input placeholder="搜索学生 search" value={q} onChange={(e) => setQ(e.target.value)} />
      <ul>{searchStudents(roster.students, q, 8).map((s) => <li key={s.id}>{s.name} {s.studentNo} <button className="small" onClick={() => {
        if (!confirm(`为 ${s.name} 补办新卡？旧卡将作废。`)) return;
        void api.call('/api/admin/cards/reprint', { json: { studentIds: [s.id] } })
          .then(() => api.download(`/api/admin/cards.pdf?students=${s.id}`, `${s.name}-新卡.pdf`))
          .then(() => { setMsg(`${s.name} 的新卡已生成，旧卡已作废`); onReprinted(); })
          .catch((err: Error) => setMsg(err.message));
      }}><Bi zh="补办" en="reprint" /></button></li>)}</ul>
      {msg && <p>{msg}</p>}
    </section>
  );
}
