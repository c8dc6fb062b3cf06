/** The no-child-left check: every child not yet released, on leave or otherwise accounted for. */
import { endOfDayProblems } from '../core/reduceDay';
import type { DayState } from '../core/state';
import { Bi } from '../common/Bi';
import { LevelIcon } from '../common/LevelIcon';
import { STATUS } from './labels';

export function EndOfDay({ state, name }: { state: DayState; name: (id: string) => string }) {
  const problems = endOfDayProblems(state);
  return (
    <details className={`eod card${problems.length ? ' has' : ''}`} data-testid="end-of-day" data-n={problems.length}>
      <summary>
        <LevelIcon kind={problems.length ? 'warn' : 'ok'} />
        <Bi
          zh={problems.length ? `离校检查：${problems.length} 名未落实` : '离校检查：全部落实'}
          en="No child left check"
        />
      </summary>
      <ul>
        {problems.map((p) => (
          <li key={p.studentId}>
            {name(p.studentId)} — {STATUS[p.status][0]}
          </li>
        ))}
      </ul>
    </details>
  );
}
