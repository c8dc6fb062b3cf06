/**
 * Open alerts (act now) and warnings (worth a look: too few teachers, a headcount that differs, a tablet holding
 * unsent records), each marked with its severity and said in words, each acknowledged with a note of what was
 * done; and those already handled.
 */
import { memo, useEffect, useRef, useState } from 'react';
import type { Anomaly, DayState } from '../core/state';
import type { Roster } from '../core/roster';
import { Bi } from '../common/Bi';
import { LevelIcon } from '../common/LevelIcon';
import type { LeaderModel } from './leaderModel';
import { countRender, sameValues } from '../common/memo';
import { MoreButton, useShown } from '../common/LongList';
import { ANOMALY, groupName, SEVERITY, staffName, time } from './labels';

/** Alerts (and warnings) laid out at first; the rest a tap away. */
const ALERT_PAGE = 50;

const label = (a: Anomaly) => ANOMALY[a.code] ?? ['异常', 'anomaly'];

/** What the anomaly is about, in words: the child, the group, the tablet, and its numbers. */
function about(a: Anomaly, roster: Roster, model: LeaderModel, name: (id: string) => string): string {
  const d = a.detail ?? {};
  const group = a.groupId ? groupName(roster, a.groupId) : '';
  switch (a.code) {
    case 'kiosk_offline':
      return String(d.name ?? '平板');
    case 'kiosk_unsent':
      return `${String(d.name ?? '平板')} · 未发送 ${String(d.unsent ?? '')} 条`;
    case 'rota_not_signed_in':
      return `${group} · ${staffName(roster, String(d.staffId ?? ''))} 未签到`;
    case 'call_unanswered': {
      // AN10: who is waiting at the gate, for which child, and which room has not sent the child.
      const e = model.event(a.eventId);
      const call = e?.type === 'called_to_gate' ? e : undefined;
      const guardian = call?.guardianId ? roster.guardians.find((g) => g.id === call.guardianId) : undefined;
      const waiting = guardian ? `${guardian.name}（${guardian.relation}）在校门等` : '家长在校门等';
      return [a.studentId ? name(a.studentId) : '', group, waiting].filter(Boolean).join(' · ');
    }
    case 'release_overridden':
      // SN2: which child, the note the release broke, the leader who allowed it and why.
      return [
        a.studentId ? name(a.studentId) : '',
        String(d.reason ?? ''),
        `${staffName(roster, String(d.leaderId ?? ''))} 授权：${String(d.note ?? '')}`,
      ]
        .filter(Boolean)
        .join(' · ');
    case 'release_against_note':
      return [a.studentId ? name(a.studentId) : '', String(d.reason ?? ''), '未经值班领导授权']
        .filter(Boolean)
        .join(' · ');
    case 'teacher_ratio':
      return `${group} · 在场 ${String(d.present)} 人，看护老师 ${String(d.teachers)}/${String(d.needed)}`;
    case 'over_capacity':
      return `${group} · 在场 ${String(d.present)} 人，容量 ${String(d.capacity)}`;
    case 'headcount_mismatch': {
      const e = model.event(a.eventId);
      const seen = e?.type === 'headcount_inspected' ? e : undefined;
      const missing = seen?.missingStudentIds.length ? ` · 未见：${seen.missingStudentIds.map(name).join('、')}` : '';
      const by = seen ? ` · ${staffName(roster, seen.staffId)}` : '';
      const diff = Number(d.systemCount) - Number(d.counted);
      return `${group} · 实到 ${String(d.counted)}，系统 ${String(d.systemCount)}，相差 ${Math.abs(diff)}${missing}${by}`;
    }
    default:
      return [a.studentId ? name(a.studentId) : '', group].filter(Boolean).join(' · ');
  }
}

/**
 * The reducer hands on fresh anomaly objects every second: one is the same alert while its key, its numbers and its
 * acknowledgement are (and the helpers it reads its words with).
 */
function sameItem(p: ItemProps, q: ItemProps): boolean {
  const a = p.a,
    b = q.a;
  return (
    p.kind === q.kind &&
    p.roster === q.roster &&
    p.model === q.model &&
    p.name === q.name &&
    a.key === b.key &&
    a.code === b.code &&
    a.severity === b.severity &&
    a.since === b.since &&
    a.eventId === b.eventId &&
    a.studentId === b.studentId &&
    a.groupId === b.groupId &&
    sameValues(a.detail, b.detail) &&
    sameValues(a.acknowledged, b.acknowledged)
  );
}

interface ItemProps {
  a: Anomaly;
  kind: 'alert' | 'warning';
  roster: Roster;
  model: LeaderModel;
  name: (id: string) => string;
}

const Item = memo(function Item({ a, kind, roster, model, name }: ItemProps) {
  countRender('alert');
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const what = about(a, roster, model, name);
  const form = useRef<HTMLFormElement>(null);
  // The note opens where 处理 was, maybe at the foot of the screen (or of the alerts' own column): brought into
  // view whole, its field ready to type in.
  useEffect(() => {
    if (!open) return;
    form.current?.querySelector('input')?.focus({ preventScroll: true });
    form.current?.scrollIntoView({ block: 'nearest' });
  }, [open]);
  return (
    <li data-testid={`${kind}-${a.key}`} data-code={a.code} className={a.severity}>
      <div className="head">
        <span className={`severity ${a.severity}`}>
          <LevelIcon kind={a.severity === 'alert' ? 'error' : 'warn'} />
          <Bi {...{ zh: SEVERITY[a.severity][0], en: SEVERITY[a.severity][1] }} />
        </span>{' '}
        <small className="since">{time(a.since)}</small>
        {!open && (
          <button className="ack" data-testid={`ack-${a.key}`} onClick={() => setOpen(true)}>
            <Bi zh="处理" en="acknowledge" block />
          </button>
        )}
      </div>
      <p className="what">
        <b>{label(a)[0]}</b> <span className="en">{label(a)[1]}</span>
      </p>
      {what && <p className="about">{what}</p>}
      {open && (
        <form
          ref={form}
          onSubmit={(e) => {
            e.preventDefault();
            setError('');
            model
              .record([{ type: 'alert_acknowledged', alertKey: a.key, note: note.trim() }])
              .then(() => {
                setOpen(false);
                setNote('');
              })
              .catch((err: Error) => setError(err.message));
          }}
        >
          <input
            data-testid="ack-note"
            value={note}
            placeholder="处理情况 what was done"
            aria-label="处理情况 what was done"
            onChange={(e) => setNote(e.target.value)}
          />
          <button data-testid="ack-submit" disabled={!note.trim()}>
            <Bi zh="确认" en="OK" />
          </button>
          {error && (
            <p className="error" role="alert">
              <LevelIcon kind="error" /> {error}
            </p>
          )}
        </form>
      )}
    </li>
  );
}, sameItem);

export function Alerts({
  model,
  roster,
  state,
  name,
}: {
  model: LeaderModel;
  roster: Roster;
  state: DayState;
  name: (id: string) => string;
}) {
  const open = state.anomalies.filter((a) => !a.acknowledged && a.severity === 'alert');
  const warnings = state.anomalies.filter((a) => !a.acknowledged && a.severity === 'warning');
  const done = state.anomalies.filter((a) => a.acknowledged);
  // Seventy alerts are a long page; three thousand (every tablet of a big school down at once) a first page each.
  const alertsShown = useShown(open.length, ALERT_PAGE);
  const warningsShown = useShown(warnings.length, ALERT_PAGE);
  // What was handled is folded away: its rows are laid out only while it is open.
  const [doneOpen, setDoneOpen] = useState(false);
  return (
    <>
      <section
        id="leader-alerts"
        className={`alerts card${open.length ? ' has' : ''}`}
        data-testid="alerts"
        data-count={open.length}
      >
        <h2>
          <LevelIcon kind={open.length ? 'error' : 'ok'} />
          <Bi zh={`警报 ${open.length}`} en="Alerts" />
        </h2>
        {open.length === 0 && (
          <p className="none">
            <Bi zh="没有未处理的警报" en="No open alerts" />
          </p>
        )}
        <ul>
          {open.slice(0, alertsShown.shown).map((a) => (
            <Item key={a.key} a={a} kind="alert" roster={roster} model={model} name={name} />
          ))}
        </ul>
        <MoreButton
          shown={alertsShown.shown}
          total={open.length}
          onMore={alertsShown.more}
          page={ALERT_PAGE}
          unit="条"
          testid="alerts-more"
        />
      </section>
      <section
        id="leader-warnings"
        className={`warnings card${warnings.length ? ' has' : ''}`}
        data-testid="warnings"
        data-count={warnings.length}
      >
        <h2>
          <LevelIcon kind={warnings.length ? 'warn' : 'ok'} />
          <Bi zh={`提醒 ${warnings.length}`} en="Warnings" />
        </h2>
        {warnings.length === 0 && (
          <p className="none">
            <Bi zh="没有提醒" en="No warnings" />
          </p>
        )}
        <ul>
          {warnings.slice(0, warningsShown.shown).map((a) => (
            <Item key={a.key} a={a} kind="warning" roster={roster} model={model} name={name} />
          ))}
        </ul>
        <MoreButton
          shown={warningsShown.shown}
          total={warnings.length}
          onMore={warningsShown.more}
          page={ALERT_PAGE}
          unit="条"
          testid="warnings-more"
        />
      </section>
      {done.length > 0 && (
        <details className="handled card" onToggle={(e) => setDoneOpen(e.currentTarget.open)}>
          <summary>
            <Bi zh={`已处理 ${done.length}`} en="acknowledged" />
          </summary>
          <ul>
            {(doneOpen ? done : []).map((a) => (
              <li key={a.key}>
                {SEVERITY[a.severity][0]} · {label(a)[0]} {about(a, roster, model, name)} — {a.acknowledged!.note} ·{' '}
                {staffName(roster, a.acknowledged!.by)} <small>{time(a.acknowledged!.at)}</small>
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
