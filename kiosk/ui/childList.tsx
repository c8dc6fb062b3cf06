/**
 * The lists of children each station shows beside the scanner, sorted by 学号: grouped by class when a list mixes
 * classes, laid out as tiles rather than one long column, and narrowed by the list filter above them (a care
 * teacher looking for one child among 45).
 */
import { createContext, memo, useContext } from 'react';
import type { Roster, Student } from '../../core/roster';
import type { ChildDay, DayState } from '../../core/state';
import type { KioskView } from '../lib/kioskModel';
import type { Bilingual } from '../lib/stationRules';
import { Bi } from '../../common/Bi';
import { SafetyMark } from './SafetyNotes';
import { matchingIds } from '../../common/search';
import { countRender } from '../../common/memo';
import { MoreButton, useShown } from '../../common/LongList';

/** Tiles a list lays out before its 再显示 button: more than a care room (45), a screenful at the gate. */
export const LIST_PAGE = 60;

export interface Row {
  student: Student;
  child: ChildDay;
  /** the child's class by name: two children of the same name are told apart by it */
  className: string;
}

/** The roster's students in 学号 order with their class names: sorted once a roster, not at every list. */
const byNumber = new WeakMap<Roster, { students: Student[]; classes: Map<string, string> }>();
/** Every child of a day state as a row, in 学号 order; a child whose day did not change keeps its row object. */
const stateRows = new WeakMap<DayState, { roster: Roster; rows: Row[] }>();
const rowOf = new WeakMap<ChildDay, Row>();

function allRows(roster: Roster, state: DayState): Row[] {
  const hit = stateRows.get(state);
  if (hit?.roster === roster) return hit.rows;
  let sorted = byNumber.get(roster);
  if (!sorted) {
    sorted = {
      students: [...roster.students].sort((a, b) => a.studentNo.localeCompare(b.studentNo)),
      classes: new Map(roster.classes.map((c) => [c.id, c.name])),
    };
    byNumber.set(roster, sorted);
  }
  const out: Row[] = [];
  for (const s of sorted.students) {
    const child = state.children[s.id];
    if (!child) continue;
    let row = rowOf.get(child);
    if (row?.student !== s) {
      row = { student: s, child, className: sorted.classes.get(s.classId) ?? '' };
      rowOf.set(child, row);
    }
    out.push(row);
  }
  stateRows.set(state, { roster, rows: out });
  return out;
}

/**
 * The children a list keeps, in 学号 order. The rows are made once a day state (a gate tablet's lists each asked
 * for them over 3,000 children, sorting each time: ~50 ms of a slow tablet's render, issue #20).
 */
export function rows(view: KioskView, keep: (r: Row) => boolean): Row[] {
  return view.roster && view.dayState ? allRows(view.roster, view.dayState).filter(keep) : [];
}

/** What the teacher typed into the list filter: every ChildList below it shows only the children it finds. */
export const ListQuery = createContext('');

/** The rows a query keeps: by name, 学号 or pinyin initials, as the search box finds them; all for no query. */
export function filterRows(items: Row[], query: string): Row[] {
  const found = matchingIds(
    items.map((r) => r.student),
    query,
  );
  return found ? items.filter((r) => found.has(r.student.id)) : items;
}

/** Consecutive runs of one class, in 学号 order (a class's children are numbered together). */
function byClass(items: Row[]): { className: string; items: Row[] }[] {
  const out: { className: string; items: Row[] }[] = [];
  const index = new Map<string, number>();
  for (const r of items) {
    const i = index.get(r.className);
    if (i === undefined) {
      index.set(r.className, out.length);
      out.push({ className: r.className, items: [r] });
    } else out[i]!.items.push(r);
  }
  return out;
}

interface RowProps {
  /** a fresh object each render: compared by its student and its child */
  row: Row;
  /** the class beside the name, or '' */
  className: string;
  testid: string;
  note: Bilingual | undefined;
  action?: (r: Row) => React.ReactNode;
}

/**
 * One child's tile. The reducer keeps a child's object while its day does not change, so the tile compares the
 * child and the student by identity, its note by its words and its action by identity (the panels keep theirs with
 * useCallback): one check-in renders one tile of a 45-child room, not 45.
 */
const ListRow = memo(
  function ListRow({ row, className, testid, note, action }: RowProps) {
    countRender('list-row');
    const student = row.student;
    return (
      <li data-testid={`${testid}-${student.id}`}>
        <span className="who">
          <span className="child-name">{student.name}</span>
          <SafetyMark student={student} />
          {className && <small className="child-class"> {className}</small>}
          {note && (
            <small className="child-note" data-testid={`${testid}-${student.id}-note`}>
              {' '}
              <Bi {...note} />
            </small>
          )}
        </span>
        {action && <span className="row-actions">{action(row)}</span>}
      </li>
    );
  },
  (a, b) =>
    a.row.student === b.row.student &&
    a.row.child === b.row.child &&
    a.className === b.className &&
    a.testid === b.testid &&
    a.action === b.action &&
    a.note?.zh === b.note?.zh &&
    a.note?.en === b.note?.en,
);

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
  const query = useContext(ListQuery);
  const found = filterRows(items, query);
  // A first page of tiles and 再显示 for the rest: a gate at dismissal may have hundreds waiting, and every tile
  // on the page is laid out and painted again at each scan (issue #20); the filter above finds any child.
  const { shown: limit, more } = useShown(found.length, LIST_PAGE);
  const shown = found.length > limit ? found.slice(0, limit) : found;
  const groups = byClass(shown);
  // One class needs no headings; a mixed list (a mixed care group, the gate) is read class by class.
  const grouped = groups.length > 1;
  const tile = (r: Row) => (
    <ListRow
      key={r.student.id}
      className={showClass && !grouped ? r.className : ''}
      testid={testid}
      note={note?.(r)}
      row={r}
      action={action}
    />
  );
  return (
    <section
      className={`list${grouped ? ' grouped' : ''}`}
      data-testid={testid}
      data-count={items.length}
      data-shown={found.length}
    >
      <h3>
        <Bi {...title} /> <b>{found.length === items.length ? items.length : `${found.length} / ${items.length}`}</b>
      </h3>
      {grouped ? (
        groups.map((g) => (
          <section key={g.className} className="class-group" data-testid={`${testid}-class`}>
            <h4>
              {g.className} <b>{g.items.length}</b>
            </h4>
            <ul>{g.items.map(tile)}</ul>
          </section>
        ))
      ) : (
        <ul>{shown.map(tile)}</ul>
      )}
      <MoreButton shown={shown.length} total={found.length} onMore={more} testid={`${testid}-more`} page={LIST_PAGE} />
    </section>
  );
}

/** The filter above the lists: a few letters of a name (or its initials) and every list shows just those children. */
export function ListFilter({ value, onChange }: { value: string; onChange: (q: string) => void }) {
  return (
    <div className="list-filter" role="search">
      <input
        type="search"
        data-testid="list-filter"
        aria-label="在名单中查找 Find in the lists"
        placeholder="在名单中查找：姓名或拼音首字母 / find a child"
        autoComplete="off"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      {value && (
        <button type="button" className="small" data-testid="list-filter-clear" onClick={() => onChange('')}>
          <Bi zh="显示全部" en="show all" />
        </button>
      )}
    </div>
  );
}
