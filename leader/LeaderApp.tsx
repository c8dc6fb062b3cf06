/**
 * The duty leader's phone: big numbers to read while walking, alerts that sound, each group and child a tap
 * away, headcount inspections, the emergency roll call and the end-of-day check.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { endOfDayProblems } from '../core/reduceDay';
import type { Anomaly, ChildDay, DayState } from '../core/state';
import type { Roster } from '../core/roster';
import { beep, unlockAudio } from '../common/feedback';
import { Bi } from '../common/Bi';
import type { LeaderModel, LeaderView } from './leaderModel';

const STATUS: Record<ChildDay['status'], [string, string]> = {
  expected: ['未到', 'not yet'], handed_off: ['路上', 'in transit'], in_care: ['看护中', 'in care'], at_gate: ['校门', 'at gate'],
  released: ['已离校', 'released'], extended_care: ['延时托管', 'extended'], on_leave: ['请假', 'leave'], absent: ['缺席', 'absent'],
};
const ALERT: Record<string, [string, string]> = {
  lost_in_transit: ['交出后未到', 'handed off, not arrived'], not_handed_off: ['应到未交出', 'expected, not handed off'],
  wrong_group: ['进错组', 'in the wrong group'], left_on_campus: ['滞留', 'still on campus'], over_capacity: ['超员', 'over capacity'],
  teacher_ratio: ['看护老师不足', 'too few teachers'], released_twice: ['重复放行', 'released twice'], released_without_care: ['未签到即放行', 'released, never in care'],
  scan_after_release: ['离校后又被扫描', 'scanned after release'], kiosk_offline: ['平板离线', 'kiosk offline'], kiosk_unsent: ['平板有未发送记录', 'kiosk has unsent records'],
  headcount_mismatch: ['人数不符', 'headcount differs'], release_mismatch: ['放行方式不符', 'release differs from plan'], guardian_not_authorised: ['接送卡不符', 'pickup card not valid'],
  on_leave_present: ['请假却到校', 'on leave but here'], not_expected_today: ['今天不该来', 'not expected today'], never_checked_in: ['从未签到', 'never checked in'], out_of_order: ['顺序异常', 'out of order'],
};

const time = (ms: number) => new Date(ms).toLocaleTimeString('zh-CN', { hour12: false, hour: '2-digit', minute: '2-digit' });

function useAlertSound(view: LeaderView) {
  const last = view.fresh.at(-1);
  useEffect(() => {
    if (!last) return;
    beep('error');
    navigator.vibrate?.([300, 100, 300]);
  }, [last]);
}

export function LeaderApp({ model }: { model: LeaderModel }) {
  const view = useSyncExternalStore(model.subscribe, model.snapshot);
  useAlertSound(view);
  if (!view.session || !view.roster || !view.state) return <Login model={model} />;
  return <Dashboard model={model} view={view} roster={view.roster} state={view.state} />;
}

function Login({ model }: { model: LeaderModel }) {
  const [leaders, setLeaders] = useState<{ id: string; name: string }[]>([]);
  const [staffId, setStaffId] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState('');
  useEffect(() => { void model.staffList().then(setLeaders).catch(() => setError('无法连接服务器 Cannot reach the hub')); }, [model]);
  return (
    <main className="login">
      <h1><Bi zh="值班领导" en="Duty leader" /></h1>
      <form onSubmit={(e) => { e.preventDefault(); unlockAudio(); model.login(staffId, pin).catch((err: Error) => { setPin(''); setError(err.message); }); }}>
        <select data-testid="leader-staff" value={staffId} onChange={(e) => setStaffId(e.target.value)}>
          <option value="">—</option>
          {leaders.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
        </select>
        <input data-testid="leader-pin" type="password" inputMode="numeric" placeholder="PIN" value={pin} onChange={(e) => setPin(e.target.value)} />
        <button data-testid="leader-login" disabled={!staffId || pin.length < 4}><Bi zh="登录" en="Sign in" /></button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
    </main>
  );
}

function Tile({ zh, en, n, id, warn }: { zh: string; en: string; n: number; id: string; warn?: boolean }) {
  return <div className={`tile${warn && n > 0 ? ' warn' : ''}`} data-testid={`tile-${id}`} data-n={n}><b>{n}</b><Bi zh={zh} en={en} block /></div>;
}

function Dashboard({ model, view, roster, state }: { model: LeaderModel; view: LeaderView; roster: Roster; state: DayState }) {
  const [group, setGroup] = useState<string | null>(null);
  const [child, setChild] = useState<string | null>(null);
  const s = state.school;
  const name = (id: string) => roster.students.find((x) => x.id === id)?.name ?? id;
  const roll = state.rollCall && state.rollCall.endedAt === undefined ? state.rollCall : undefined;
  return (
    <main className="leader">
      <header><span>{roster.school.name} · {view.session!.staff.name}</span>
        <span data-testid="leader-online" className={view.online ? 'online' : 'offline'}>{view.online ? '在线 online' : '离线 offline'}</span>
        <button className="link" onClick={() => model.logout()}><Bi zh="退出" en="Sign out" /></button></header>
      {roll ? <RollCallView model={model} state={state} name={name} roster={roster} /> : (
        <>
          <section className="tiles">
            <Tile id="on-campus" zh="在校" en="on campus" n={s.onCampus} />
            <Tile id="in-care" zh="看护中" en="in care" n={s.inCare} />
            <Tile id="in-transit" zh="路上" en="in transit" n={s.inTransit} warn />
            <Tile id="at-gate" zh="校门" en="at gate" n={s.atGate} />
            <Tile id="released" zh="已离校" en="released" n={s.released} />
            <Tile id="extended" zh="延时托管" en="extended care" n={s.extendedCare} />
            <Tile id="absent-reason" zh="缺席(有因)" en="absent, excused" n={s.absentWithReason + s.onLeave} />
            <Tile id="absent-no-reason" zh="缺席(无因)" en="absent, no reason" n={s.absentWithoutReason} warn />
          </section>
          <Alerts model={model} state={state} name={name} />
          {group ? <GroupView model={model} roster={roster} state={state} groupId={group} onBack={() => setGroup(null)} onChild={setChild} /> : (
            <section>
              <h2><Bi zh="各组" en="Groups" /></h2>
              <ul className="groups">{Object.values(state.groups).map((g) => (
                <li key={g.groupId}><button data-testid={`group-${g.groupId}`} onClick={() => setGroup(g.groupId)}>
                  <b>{roster.groups.find((x) => x.id === g.groupId)?.name}</b> <span>{g.present}/{g.expected}</span> <small>容量 {g.capacity} · 老师 {g.teachers} · 路上 {g.inTransit}</small>
                </button></li>
              ))}</ul>
            </section>
          )}
          {child && <Chain roster={roster} state={state} studentId={child} onClose={() => setChild(null)} />}
          <button className="danger" data-testid="roll-call-start" onClick={() => { if (confirm('开始紧急点名？所有平板将切换到点名模式。 Start an emergency roll call?')) void model.record([{ type: 'roll_call_started' }]); }}>
            <Bi zh="紧急点名" en="Emergency roll call" />
          </button>
          <EndOfDay state={state} name={name} />
          <Kiosks view={view} />
        </>
      )}
    </main>
  );
}

function Alerts({ model, state, name }: { model: LeaderModel; state: DayState; name: (id: string) => string }) {
  const [noteFor, setNoteFor] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const open = state.anomalies.filter((a) => !a.acknowledged && a.severity === 'alert');
  const done = state.anomalies.filter((a) => a.acknowledged);
  const label = (a: Anomaly) => ALERT[a.code] ?? [a.code, a.code];
  return (
    <section className="alerts" data-testid="alerts" data-count={open.length}>
      <h2><Bi zh={`警报 ${open.length}`} en="Alerts" /></h2>
      <ul>{open.map((a) => (
        <li key={a.key} data-testid={`alert-${a.key}`} data-code={a.code}>
          <b>{label(a)[0]}</b> <span className="en">{label(a)[1]}</span> {a.studentId ? name(a.studentId) : a.detail?.name ?? a.groupId ?? ''} <small>{time(a.since)}</small>
          {noteFor === a.key ? (
            <form onSubmit={(e) => { e.preventDefault(); void model.record([{ type: 'alert_acknowledged', alertKey: a.key, note: note.trim() }]).then(() => { setNoteFor(null); setNote(''); }); }}>
              <input data-testid="ack-note" value={note} placeholder="处理情况 what was done" onChange={(e) => setNote(e.target.value)} />
              <button data-testid="ack-submit" disabled={!note.trim()}><Bi zh="确认" en="OK" /></button>
            </form>
          ) : <button className="small" data-testid={`ack-${a.key}`} onClick={() => setNoteFor(a.key)}><Bi zh="处理" en="acknowledge" /></button>}
        </li>
      ))}</ul>
      {done.length > 0 && <details><summary><Bi zh={`已处理 ${done.length}`} en="acknowledged" /></summary><ul>{done.map((a) => (
        <li key={a.key}>{label(a)[0]} {a.studentId ? name(a.studentId) : ''} — {a.acknowledged!.note} <small>{time(a.acknowledged!.at)}</small></li>
      ))}</ul></details>}
    </section>
  );
}

function GroupView({ model, roster, state, groupId, onBack, onChild }: { model: LeaderModel; roster: Roster; state: DayState; groupId: string; onBack: () => void; onChild: (id: string) => void }) {
  const g = state.groups[groupId]!;
  const kids = Object.values(state.children).filter((c) => c.groupId === groupId || (c.place?.kind === 'group' && c.place.groupId === groupId));
  const present = kids.filter((c) => c.status === 'in_care' && c.place?.kind === 'group' && c.place.groupId === groupId);
  const [counted, setCounted] = useState('');
  const [missing, setMissing] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const name = (id: string) => roster.students.find((x) => x.id === id)?.name ?? id;
  return (
    <section className="group" data-testid="group-view">
      <button className="link" onClick={onBack}>← <Bi zh="返回" en="back" /></button>
      <h2>{roster.groups.find((x) => x.id === groupId)?.name} <small>{g.present}/{g.expected}</small></h2>
      <ul>{kids.map((c) => {
        const last = c.chain.at(-1);
        return <li key={c.studentId}><button className="link" onClick={() => onChild(c.studentId)}>{name(c.studentId)}</button> {STATUS[c.status][0]} <small>{last ? `${time(last.at)} ${roster.staff.find((s) => s.id === last.staffId)?.name ?? last.staffId}` : ''}</small></li>;
      })}</ul>
      <form className="inspect" onSubmit={(e) => {
        e.preventDefault();
        void model.record([{ type: 'headcount_inspected', groupId, counted: Number(counted), systemCount: present.length, note: '', missingStudentIds: missing }]).then(() => setSaved(true));
      }}>
        <h3><Bi zh="清点人数" en="Headcount" /></h3>
        <label><Bi zh={`系统人数 ${present.length}，实到`} en="counted" /> <input data-testid="inspect-count" inputMode="numeric" value={counted} onChange={(e) => { setCounted(e.target.value.replace(/\D/g, '')); setSaved(false); }} /></label>
        {counted !== '' && Number(counted) < present.length && <fieldset><legend><Bi zh="没看到的学生" en="not seen" /></legend>{present.map((c) => (
          <label key={c.studentId}><input type="checkbox" checked={missing.includes(c.studentId)} onChange={(e) => setMissing(e.target.checked ? [...missing, c.studentId] : missing.filter((x) => x !== c.studentId))} /> {name(c.studentId)}</label>
        ))}</fieldset>}
        <button data-testid="inspect-submit" disabled={counted === ''}><Bi zh="记录" en="Record" /></button>
        {saved && <span data-testid="inspect-saved"> ✓</span>}
      </form>
    </section>
  );
}

function Chain({ roster, state, studentId, onClose }: { roster: Roster; state: DayState; studentId: string; onClose: () => void }) {
  const c = state.children[studentId];
  const s = roster.students.find((x) => x.id === studentId);
  if (!c || !s) return null;
  return (
    <section className="chain" data-testid="chain">
      <h3>{s.name} · {STATUS[c.status][0]} <span className="en">{STATUS[c.status][1]}</span></h3>
      <ol>{c.chain.map((l) => <li key={l.eventId}>{time(l.at)} {l.type} · {roster.staff.find((x) => x.id === l.staffId)?.name ?? l.staffId} · {l.deviceId}{l.ignored ? ` (${l.ignored})` : ''}</li>)}</ol>
      <button onClick={onClose}><Bi zh="关闭" en="Close" /></button>
    </section>
  );
}

function RollCallView({ model, state, name, roster }: { model: LeaderModel; state: DayState; name: (id: string) => string; roster: Roster }) {
  const r = state.rollCall!;
  const where = (u: (typeof r.unaccounted)[number]) => {
    const p = u.place;
    if (p?.kind === 'group') return roster.groups.find((g) => g.id === p.groupId)?.name ?? '';
    if (p?.kind === 'club') return roster.clubs.find((c) => c.id === p.clubId)?.name ?? '';
    if (p?.kind === 'nurse') return '医务室';
    return STATUS[u.status][0];
  };
  return (
    <section className="rollcall" data-testid="roll-call">
      <h2><Bi zh="紧急点名中" en="Emergency roll call" /> <small>{time(r.startedAt)}</small></h2>
      <p className="big" data-testid="unaccounted" data-n={r.unaccounted.length}><b>{r.unaccounted.length}</b> <Bi zh={`未确认 / 共 ${r.participants.length}`} en="unaccounted" /></p>
      <ul>{r.unaccounted.map((u) => <li key={u.studentId}>{name(u.studentId)} <small>{where(u)}{u.last ? ` · ${time(u.last.at)}` : ''}</small></li>)}</ul>
      <button data-testid="roll-call-end" onClick={() => { if (r.unaccounted.length === 0 || confirm('仍有学生未确认，确定结束？ Some children are unaccounted: end anyway?')) void model.record([{ type: 'roll_call_ended' }]); }}>
        <Bi zh="结束点名" en="End the roll call" />
      </button>
    </section>
  );
}

function EndOfDay({ state, name }: { state: DayState; name: (id: string) => string }) {
  const problems = endOfDayProblems(state);
  return (
    <details className="eod" data-testid="end-of-day" data-n={problems.length}>
      <summary><Bi zh={problems.length ? `离校检查：${problems.length} 名未落实` : '离校检查：全部落实'} en="No child left check" /></summary>
      <ul>{problems.map((p) => <li key={p.studentId}>{name(p.studentId)} — {STATUS[p.status][0]}</li>)}</ul>
    </details>
  );
}

function Kiosks({ view }: { view: LeaderView }) {
  return (
    <details className="kiosks" data-testid="kiosks">
      <summary><Bi zh={`平板 ${view.kiosks.length}`} en="Kiosks" /></summary>
      <ul>{view.kiosks.map((k) => (
        <li key={k.deviceId}>{k.name} · {k.station ?? '—'} · {k.lastSeen ? time(k.lastSeen) : '—'} · <Bi zh={`未发送 ${k.unsent}`} en="unsent" />{k.battery !== undefined ? ` · 🔋${Math.round(k.battery * 100)}%` : ''}</li>
      ))}</ul>
    </details>
  );
}
