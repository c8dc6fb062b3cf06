/** One care group: its children and where each was last seen, and the headcount inspection. */
import { useEffect, useRef, useState } from 'react';
import type { DayState } from '../core/state';
import type { Roster } from '../core/roster';
import { Bi } from '../common/Bi';
import type { LeaderModel } from './leaderModel';
import { className, groupName, staffName, STATUS, time } from './labels';

/** What an inspection recorded, as the leader is told it once the hub has it. */
interface Recorded {
  counted: number;
  systemCount: number;
  missing: string[];
  at: number;
}

export function GroupView({
  model,
  roster,
  state,
  groupId,
  onBack,
  onChild,
}: {
  model: LeaderModel;
  roster: Roster;
  state: DayState;
  groupId: string;
  onBack: () => void;
  onChild: (id: string) => void;
}) {
  const g = state.groups[groupId]!;
  const kids = Object.values(state.children).filter(
    (c) => c.groupId === groupId || (c.place?.kind === 'group' && c.place.groupId === groupId),
  );
  const present = kids.filter(
    (c) => c.status === 'in_care' && c.place?.kind === 'group' && c.place.groupId === groupId,
  );
  const top = useRef<HTMLElement>(null);
  // Opened from a list further down the page: the group comes into view, not somewhere below the fold.
  useEffect(() => {
    top.current?.scrollIntoView({ block: 'start' });
  }, [groupId]);
  const [counted, setCounted] = useState('');
  const [missing, setMissing] = useState<string[]>([]);
  const [recorded, setRecorded] = useState<Recorded | null>(null);
  const [error, setError] = useState('');
  const student = (id: string) => roster.students.find((x) => x.id === id);
  const name = (id: string) => student(id)?.name ?? '—';
  const shortfall = counted === '' ? 0 : present.length - Number(counted);
  return (
    <section className="group" data-testid="group-view" ref={top}>
      <button className="back" onClick={onBack}>
        ← <Bi zh="返回" en="back" />
      </button>
      <h2>
        {groupName(roster, groupId)}{' '}
        <small>
          {g.present}/{g.expected}
        </small>
      </h2>
      <ul className="children">
        {kids.map((c) => {
          const last = c.chain.at(-1);
          const s = student(c.studentId);
          return (
            <li key={c.studentId}>
              <button className="child" data-testid={`child-${c.studentId}`} onClick={() => onChild(c.studentId)}>
                <b>{s?.name ?? '—'}</b> <small>{s ? className(roster, s.classId) : ''}</small>
                <span className="status">{STATUS[c.status][0]}</span>
                <small className="last">{last ? `${time(last.at)} ${staffName(roster, last.staffId)}` : ''}</small>
              </button>
            </li>
          );
        })}
      </ul>
      <form
        className="inspect"
        onSubmit={(e) => {
          e.preventDefault();
          const done: Recorded = {
            counted: Number(counted),
            systemCount: present.length,
            missing: shortfall > 0 ? missing : [],
            at: Date.now(),
          };
          setError('');
          model
            .record([
              {
                type: 'headcount_inspected',
                groupId,
                counted: done.counted,
                systemCount: done.systemCount,
                note: '',
                missingStudentIds: done.missing,
              },
            ])
            .then(() => {
              setRecorded(done);
              setCounted('');
              setMissing([]);
            })
            .catch((err: Error) => setError(`未记录 Not recorded: ${err.message}`));
        }}
      >
        <h3>
          <Bi zh="清点人数" en="Headcount" />
        </h3>
        <p data-testid="inspect-system" data-n={present.length}>
          <Bi zh={`系统人数 ${present.length}`} en="the system counts" />
        </p>
        <label>
          <Bi zh="实到" en="counted" />{' '}
          <input
            data-testid="inspect-count"
            inputMode="numeric"
            value={counted}
            onChange={(e) => {
              setCounted(e.target.value.replace(/\D/g, ''));
              setRecorded(null);
            }}
          />
        </label>
        {shortfall > 0 && (
          <fieldset>
            <legend>
              <Bi zh={`少 ${shortfall} 人：没看到谁？`} en="who was not seen?" />
            </legend>
            {present.map((c) => (
              <label key={c.studentId} className="check">
                <input
                  type="checkbox"
                  data-testid={`inspect-missing-${c.studentId}`}
                  checked={missing.includes(c.studentId)}
                  onChange={(e) =>
                    setMissing(e.target.checked ? [...missing, c.studentId] : missing.filter((x) => x !== c.studentId))
                  }
                />{' '}
                {name(c.studentId)}
              </label>
            ))}
          </fieldset>
        )}
        <button data-testid="inspect-submit" disabled={counted === ''}>
          <Bi zh="记录" en="Record" />
        </button>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {recorded && (
          <div
            className={`inspect-saved ${recorded.counted === recorded.systemCount ? 'same' : 'differs'}`}
            data-testid="inspect-saved"
            role="status"
          >
            <b>✓ 已记录 {time(recorded.at)}</b> <span className="en">recorded</span>
            <br />
            系统 {recorded.systemCount} · 实到 {recorded.counted} ·{' '}
            {recorded.counted === recorded.systemCount ? (
              <Bi zh="人数相符" en="counts agree" />
            ) : (
              <Bi zh={`相差 ${Math.abs(recorded.systemCount - recorded.counted)}`} en="difference" />
            )}
            {recorded.missing.length > 0 && (
              <>
                <br />
                <Bi zh={`未见：${recorded.missing.map(name).join('、')}`} en="not seen" />
              </>
            )}
          </div>
        )}
      </form>
    </section>
  );
}
