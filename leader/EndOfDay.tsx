/** The no-child-left check: every child not yet released, on leave or otherwise accounted for. */
import { memo, useMemo, useState } from 'react';
import { endOfDayProblems } from '../core/reduceDay';
import type { ChildStatus, DayState } from '../core/state';
import { Bi } from '../common/Bi';
import { LevelIcon } from '../common/LevelIcon';
import { countRender } from '../common/memo';
import { MoreButton, useShown } from '../common/LongList';
import { STATUS } from './labels';

const Problem = memo(function Problem({ who, status }: { who: string; status: ChildStatus }) {
  countRender('eod-row');
  return (
    <li>
      {who} — {STATUS[status][0]}
    </li>
  );
});

/**
 * Folded, it says how many are not accounted for; its rows (all 3,000 children at 15:30 in a big school) are laid
 * out only while it is open, a first page at a time, each row memoized by its name and status.
 */
export function EndOfDay({ state, name }: { state: DayState; name: (id: string) => string }) {
  // Only the children count: a quiet tick hands back the same record (CU23), so nothing is worked out again.
  const children = state.children;
  const problems = useMemo(() => endOfDayProblems({ children }), [children]);
  const [open, setOpen] = useState(false);
  const { shown, more } = useShown(problems.length);
  return (
    <details
      className={`eod card${problems.length ? ' has' : ''}`}
      data-testid="end-of-day"
      data-n={problems.length}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary>
        <LevelIcon kind={problems.length ? 'warn' : 'ok'} />
        <Bi
          zh={problems.length ? `离校检查：${problems.length} 名未落实` : '离校检查：全部落实'}
          en="No child left check"
        />
      </summary>
      {open && (
        <>
          <ul>
            {problems.slice(0, shown).map((p) => (
              <Problem key={p.studentId} who={name(p.studentId)} status={p.status} />
            ))}
          </ul>
          <MoreButton shown={shown} total={problems.length} onMore={more} testid="end-of-day-more" />
        </>
      )}
    </details>
  );
}
