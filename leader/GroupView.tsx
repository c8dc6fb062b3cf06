/** One care group: its children and where each was last seen, and the headcount inspection. */
import { useState } from 'react';
import type { DayState } from '../core/state';
import type { Roster } from '../core/roster';
import { Bi } from '../common/Bi';
import type { LeaderModel } from './leaderModel';
import { STATUS, time } from './labels';

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
  const [counted, setCounted] = useState('');
  const [missing, setMissing] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const name = (id: string) => roster.students.find((x) => x.id === id)?.name ?? id;
  return (
    <section className="group" data-testid="group-view">
      <button className="link" onClick={onBack}>
        ← <Bi zh="返回" en="back" />
      </button>
      <h2>
        {roster.groups.find((x) => x.id === groupId)?.name}{' '}
        <small>
          {g.present}/{g.expected}
        </small>
      </h2>
      <ul>
        {kids.map((c) => {
          const last = c.chain.at(-1);
          return (
            <li key={c.studentId}>
              <button className="link" onClick={() => onChild(c.studentId)}>
                {name(c.studentId)}
              </button>{' '}
              {STATUS[c.status][0]}{' '}
              <small>
                {last
                  ? `${time(last.at)} ${roster.staff.find((s) => s.id === last.staffId)?.name ?? last.staffId}`
                  : ''}
              </small>
            </li>
          );
        })}
      </ul>
      <form
        className="inspect"
        onSubmit={(e) => {
          e.preventDefault();
          void model
            .record([
              {
                type: 'headcount_inspected',
                groupId,
                counted: Number(counted),
                systemCount: present.length,
                note: '',
                missingStudentIds: missing,
              },
            ])
            .then(() => setSaved(true));
        }}
      >
        <h3>
          <Bi zh="清点人数" en="Headcount" />
        </h3>
        <label>
          <Bi zh={`系统人数 ${present.length}，实到`} en="counted" />{' '}
          <input
            data-testid="inspect-count"
            inputMode="numeric"
            value={counted}
            onChange={(e) => {
              setCounted(e.target.value.replace(/\D/g, ''));
              setSaved(false);
            }}
          />
        </label>
        {counted !== '' && Number(counted) < present.length && (
          <fieldset>
            <legend>
              <Bi zh="没看到的学生" en="not seen" />
            </legend>
            {present.map((c) => (
              <label key={c.studentId}>
                <input
                  type="checkbox"
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
        {saved && <span data-testid="inspect-saved"> ✓</span>}
      </form>
    </section>
  );
}
