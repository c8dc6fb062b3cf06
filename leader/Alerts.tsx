/** Open alerts, each acknowledged with a note of what was done, and those already handled. */
import { useState } from 'react';
import type { Anomaly, DayState } from '../core/state';
import { Bi } from '../common/Bi';
import type { LeaderModel } from './leaderModel';
import { time } from './labels';

const ALERT: Record<string, [string, string]> = {
  lost_in_transit: ['交出后未到', 'handed off, not arrived'],
  not_handed_off: ['应到未交出', 'expected, not handed off'],
  wrong_group: ['进错组', 'in the wrong group'],
  left_on_campus: ['滞留', 'still on campus'],
  over_capacity: ['超员', 'over capacity'],
  teacher_ratio: ['看护老师不足', 'too few teachers'],
  released_twice: ['重复放行', 'released twice'],
  released_without_care: ['未签到即放行', 'released, never in care'],
  scan_after_release: ['离校后又被扫描', 'scanned after release'],
  kiosk_offline: ['平板离线', 'kiosk offline'],
  kiosk_unsent: ['平板有未发送记录', 'kiosk has unsent records'],
  headcount_mismatch: ['人数不符', 'headcount differs'],
  release_mismatch: ['放行方式不符', 'release differs from plan'],
  guardian_not_authorised: ['接送卡不符', 'pickup card not valid'],
  on_leave_present: ['请假却到校', 'on leave but here'],
  not_expected_today: ['今天不该来', 'not expected today'],
  never_checked_in: ['从未签到', 'never checked in'],
  out_of_order: ['顺序异常', 'out of order'],
};

export function Alerts({ model, state, name }: { model: LeaderModel; state: DayState; name: (id: string) => string }) {
  const [noteFor, setNoteFor] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const open = state.anomalies.filter((a) => !a.acknowledged && a.severity === 'alert');
  const done = state.anomalies.filter((a) => a.acknowledged);
  const label = (a: Anomaly) => ALERT[a.code] ?? [a.code, a.code];
  return (
    <section className="alerts" data-testid="alerts" data-count={open.length}>
      <h2>
        <Bi zh={`警报 ${open.length}`} en="Alerts" />
      </h2>
      <ul>
        {open.map((a) => (
          <li key={a.key} data-testid={`alert-${a.key}`} data-code={a.code}>
            <b>{label(a)[0]}</b> <span className="en">{label(a)[1]}</span>{' '}
            {a.studentId ? name(a.studentId) : (a.detail?.name ?? a.groupId ?? '')} <small>{time(a.since)}</small>
            {noteFor === a.key ? (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  void model.record([{ type: 'alert_acknowledged', alertKey: a.key, note: note.trim() }]).then(() => {
                    setNoteFor(null);
                    setNote('');
                  });
                }}
              >
                <input
                  data-testid="ack-note"
                  value={note}
                  placeholder="处理情况 what was done"
                  onChange={(e) => setNote(e.target.value)}
                />
                <button data-testid="ack-submit" disabled={!note.trim()}>
                  <Bi zh="确认" en="OK" />
                </button>
              </form>
            ) : (
              <button className="small" data-testid={`ack-${a.key}`} onClick={() => setNoteFor(a.key)}>
                <Bi zh="处理" en="acknowledge" />
              </button>
            )}
          </li>
        ))}
      </ul>
      {done.length > 0 && (
        <details>
          <summary>
            <Bi zh={`已处理 ${done.length}`} en="acknowledged" />
          </summary>
          <ul>
            {done.map((a) => (
              <li key={a.key}>
                {label(a)[0]} {a.studentId ? name(a.studentId) : ''} — {a.acknowledged!.note}{' '}
                <small>{time(a.acknowledged!.at)}</small>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
