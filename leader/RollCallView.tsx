/** The emergency roll call while it runs: who is still unaccounted for and where they were last. */
import { useEffect, useState } from 'react';
import type { DayState } from '../core/state';
import type { Roster } from '../core/roster';
import { Bi } from '../common/Bi';
import { LevelIcon } from '../common/LevelIcon';
import type { LeaderModel } from './leaderModel';
import { placeName, STATUS, time } from './labels';

export function RollCallView({
  model,
  state,
  name,
  roster,
}: {
  model: LeaderModel;
  state: DayState;
  name: (id: string) => string;
  roster: Roster;
}) {
  const r = state.rollCall!;
  const [confirmEnd, setConfirmEnd] = useState(false);
  // It starts from a button at the foot of the page: the count of who is unaccounted for comes into view, on top.
  useEffect(() => {
    // (a block: Chromium's scrollTo returns a promise, which React would take for the effect's clean-up)
    window.scrollTo({ top: 0 });
  }, []);
  const where = (u: (typeof r.unaccounted)[number]) => {
    if (u.place) return placeName(roster, u.place);
    return STATUS[u.status][0];
  };
  return (
    <section className="rollcall" data-testid="roll-call">
      <h2 className="rollcall-head">
        <LevelIcon kind="error" />
        <span>
          <Bi zh="紧急点名中" en="Emergency roll call" /> <small>{time(r.startedAt)} 开始 started</small>
        </span>
      </h2>
      <p className="big" data-testid="unaccounted" data-n={r.unaccounted.length}>
        <b>{r.unaccounted.length}</b> <Bi zh={`未确认 / 共 ${r.participants.length}`} en="unaccounted" />
      </p>
      <ul className="unaccounted">
        {r.unaccounted.map((u) => (
          <li key={u.studentId}>
            <b>{name(u.studentId)}</b>{' '}
            <small>
              {where(u)}
              {u.last ? ` · ${time(u.last.at)}` : ''}
            </small>
          </li>
        ))}
      </ul>
      {confirmEnd ? (
        <div className="confirm" role="group">
          <p>
            <Bi
              zh={`仍有 ${r.unaccounted.length} 名学生未确认，确定结束？`}
              en="Some children are unaccounted: end anyway?"
            />
          </p>
          <button
            className="danger"
            data-testid="roll-call-end-confirm"
            onClick={() => {
              setConfirmEnd(false);
              void model.record([{ type: 'roll_call_ended' }]);
            }}
          >
            <Bi zh="仍然结束" en="End anyway" />
          </button>
          <button data-testid="roll-call-end-cancel" onClick={() => setConfirmEnd(false)}>
            <Bi zh="继续点名" en="Keep going" />
          </button>
        </div>
      ) : (
        <button
          data-testid="roll-call-end"
          onClick={() => {
            if (r.unaccounted.length === 0) void model.record([{ type: 'roll_call_ended' }]);
            else setConfirmEnd(true);
          }}
        >
          <Bi zh="结束点名" en="End the roll call" />
        </button>
      )}
    </section>
  );
}
