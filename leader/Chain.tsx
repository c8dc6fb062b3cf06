/**
 * One child's custody chain for the day, in a sheet over the page (never below a long list, out of view): every
 * hand-over in words, who made it, on which tablet by its name, and where to.
 */
import { useEffect, useRef } from 'react';
import type { DayState, DeviceHealth } from '../core/state';
import type { Roster } from '../core/roster';
import { Bi } from '../common/Bi';
import { LevelIcon } from '../common/LevelIcon';
import { hasSafetyNotes, notesOf } from '../core/safetyRules';
import type { Student } from '../core/roster';
import type { LeaderModel } from './leaderModel';
import { ANOMALY, className, deviceName, EVENT, eventDetail, staffName, STATUS, time } from './labels';

export function Chain({
  model,
  roster,
  state,
  kiosks,
  studentId,
  onClose,
}: {
  model: LeaderModel;
  roster: Roster;
  state: DayState;
  kiosks: readonly DeviceHealth[];
  studentId: string;
  onClose: () => void;
}) {
  const closeRef = useRef<HTMLButtonElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  // Focus moves into the sheet when it opens; Escape closes it (the page re-renders every second: once only).
  useEffect(() => {
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const c = state.children[studentId];
  const s = roster.students.find((x) => x.id === studentId);
  if (!c || !s) return null;
  return (
    <div className="sheet-backdrop" onClick={onClose}>
      <section
        className="chain sheet"
        data-testid="chain"
        role="dialog"
        aria-modal="true"
        aria-labelledby="chain-title"
        onClick={(e) => e.stopPropagation()}
      >
        <h3 id="chain-title">
          <span className="name">{s.name}</span> <small>{className(roster, s.classId)}</small>{' '}
          <span className="pill">
            {STATUS[c.status][0]} <span className="en">{STATUS[c.status][1]}</span>
          </span>
        </h3>
        <ChildSafety student={s} />
        {c.chain.length === 0 ? (
          <p>
            <Bi zh="今天还没有记录" en="Nothing recorded today" />
          </p>
        ) : (
          <ol className="timeline">
            {c.chain.map((l) => {
              const detail = eventDetail(roster, model.event(l.eventId));
              return (
                <li key={l.eventId}>
                  <b>{time(l.at)}</b> {EVENT[l.type][0]} <span className="en">{EVENT[l.type][1]}</span>
                  {detail ? ` ${detail}` : ''}
                  <br />
                  <small>
                    {staffName(roster, l.staffId)} · {deviceName(kiosks, l.deviceId)}
                    {l.ignored ? ` · 未生效：${ANOMALY[l.ignored][0]}` : ''}
                  </small>
                </li>
              );
            })}
          </ol>
        )}
        <button ref={closeRef} data-testid="chain-close" onClick={onClose}>
          <Bi zh="关闭" en="Close" />
        </button>
      </section>
    </div>
  );
}

/** SN1: the office's safety notes at the top of the child's page (phone numbers already masked by the hub). */
function ChildSafety({ student }: { student: Student }) {
  if (!hasSafetyNotes(student)) return null;
  const n = notesOf(student);
  const custody = [
    n.cardOnly ? '只凭接送卡接走' : '',
    n.notWith.length ? `不得交给：${n.notWith.join('、')}` : '',
    n.custody,
  ].filter(Boolean);
  return (
    <div className="chain-safety" data-testid="chain-safety">
      {n.medical && (
        <p className="safety-medical">
          <LevelIcon kind="warn" className="safety-icon" /> <b>医疗/过敏</b> {n.medical}
        </p>
      )}
      {custody.length > 0 && (
        <p className="safety-custody">
          <LevelIcon kind="error" className="safety-icon" /> <b>接送限制</b> {custody.join('；')}
        </p>
      )}
    </div>
  );
}
