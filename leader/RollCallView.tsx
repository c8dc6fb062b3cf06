/** The emergency roll call while it runs: who is still unaccounted for and where they were last. */
import type { DayState } from '../core/state';
import type { Roster } from '../core/roster';
import { Bi } from '../common/Bi';
import type { LeaderModel } from './leaderModel';
import { STATUS, time } from './labels';

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
  const where = (u: (typeof r.unaccounted)[number]) => {
    const p = u.place;
    if (p?.kind === 'group') return roster.groups.find((g) => g.id === p.groupId)?.name ?? '';
    if (p?.kind === 'club') return roster.clubs.find((c) => c.id === p.clubId)?.name ?? '';
    if (p?.kind === 'nurse') return '医务室';
    return STATUS[u.status][0];
  };
  return (
    <section className="rollcall" data-testid="roll-call">
      <h2>
        <Bi zh="紧急点名中" en="Emergency roll call" /> <small>{time(r.startedAt)}</small>
      </h2>
      <p className="big" data-testid="unaccounted" data-n={r.unaccounted.length}>
        <b>{r.unaccounted.length}</b> <Bi zh={`未确认 / 共 ${r.participants.length}`} en="unaccounted" />
      </p>
      <ul>
        {r.unaccounted.map((u) => (
          <li key={u.studentId}>
            {name(u.studentId)}{' '}
            <small>
              {where(u)}
              {u.last ? ` · ${time(u.last.at)}` : ''}
            </small>
          </li>
        ))}
      </ul>
      <button
        data-testid="roll-call-end"
        onClick={() => {
          if (
            r.unaccounted.length === 0 ||
            confirm('仍有学生未确认，确定结束？ Some children are unaccounted: end anyway?')
          )
            void model.record([{ type: 'roll_call_ended' }]);
        }}
      >
        <Bi zh="结束点名" en="End the roll call" />
      </button>
    </section>
  );
}
