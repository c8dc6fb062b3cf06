/** The list of children each station shows beside the scanner, sorted by 学号. */
import type { Student } from '../../core/roster';
import type { ChildDay } from '../../core/state';
import type { KioskView } from '../lib/kioskModel';
import { Bi } from '../../common/Bi';

export interface Row {
  student: Student;
  child: ChildDay;
}

export function rows(view: KioskView, keep: (r: Row) => boolean): Row[] {
  const out: Row[] = [];
  for (const s of view.roster?.students ?? []) {
    const child = view.dayState?.children[s.id];
    if (child && keep({ student: s, child })) out.push({ student: s, child });
  }
  return out.sort((a, b) => a.student.studentNo.localeCompare(b.student.studentNo));
}

export function ChildList({
  title,
  items,
  testid,
  action,
}: {
  title: { zh: string; en: string };
  items: Row[];
  testid: string;
  action?: (r: Row) => React.ReactNode;
}) {
  return (
    <section className="list" data-testid={testid} data-count={items.length}>
      <h3>
        <Bi {...title} /> <b>{items.length}</b>
      </h3>
      <ul>
        {items.map((r) => (
          <li key={r.student.id} data-testid={`${testid}-${r.student.id}`}>
            {r.student.name}
            {action?.(r)}
          </li>
        ))}
      </ul>
    </section>
  );
}
