/** The list of children each station shows beside the scanner, sorted by 学号. */
import type { Student } from '../../core/roster';
import type { ChildDay } from '../../core/state';
import type { KioskView } from '../lib/kioskModel';
import type { Bilingual } from '../lib/stationRules';
import { Bi } from '../../common/Bi';

export interface Row {
  student: Student;
  child: ChildDay;
  /** the child's class by name: two children of the same name are told apart by it */
  className: string;
}

export function rows(view: KioskView, keep: (r: Row) => boolean): Row[] {
  const out: Row[] = [];
  const classes = new Map((view.roster?.classes ?? []).map((c) => [c.id, c.name]));
  for (const s of view.roster?.students ?? []) {
    const child = view.dayState?.children[s.id];
    const row = child && { student: s, child, className: classes.get(s.classId) ?? '' };
    if (row && keep(row)) out.push(row);
  }
  return out.sort((a, b) => a.student.studentNo.localeCompare(b.student.studentNo));
}

export function ChildList({
  title,
  items,
  testid,
  action,
  note,
  showClass,
}: {
  title: { zh: string; en: string };
  items: Row[];
  testid: string;
  action?: (r: Row) => React.ReactNode;
  /** a few words after the name: a leave reason, where the child is */
  note?: (r: Row) => Bilingual | undefined;
  /** show the class beside the name (a list mixing classes) */
  showClass?: boolean;
}) {
  return (
    <section className="list" data-testid={testid} data-count={items.length}>
      <h3>
        <Bi {...title} /> <b>{items.length}</b>
      </h3>
      <ul>
        {items.map((r) => {
          const n = note?.(r);
          return (
            <li key={r.student.id} data-testid={`${testid}-${r.student.id}`}>
              <span className="who">
                <span className="child-name">{r.student.name}</span>
                {showClass && r.className && <small className="child-class"> {r.className}</small>}
                {n && (
                  <small className="child-note" data-testid={`${testid}-${r.student.id}-note`}>
                    {' '}
                    <Bi {...n} />
                  </small>
                )}
              </span>
              {action && <span className="row-actions">{action(r)}</span>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
