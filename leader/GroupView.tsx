/**
 * One care group: its children grouped by where they are (未到, 在看护, 外出, 已离校…, each heading with its count),
 * a filter by name, 学号 or pinyin initials for a list of forty, and the headcount inspection.
 */
import { memo, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ChildDay, DayState } from '../core/state';
import type { Roster, Student } from '../core/roster';
import { Bi } from '../common/Bi';
import { matchingIds } from '../common/search';
import { LevelIcon } from '../common/LevelIcon';
import { countRender } from '../common/memo';
import type { LeaderModel } from './leaderModel';
import { className, EVENT, groupName, placeName, staffName, time } from './labels';

/** The sections of a group's list, in the order a leader walking the corridor asks about them. */
type Section = 'expected' | 'handed_off' | 'in_care' | 'away' | 'at_gate' | 'extended_care' | 'released' | 'off';
const SECTIONS: { id: Section; zh: string; en: string }[] = [
  { id: 'expected', zh: '未到', en: 'Not yet here' },
  { id: 'handed_off', zh: '路上', en: 'In transit' },
  { id: 'in_care', zh: '在看护', en: 'In care here' },
  { id: 'away', zh: '外出', en: 'Away (nurse, club, other group)' },
  { id: 'at_gate', zh: '校门', en: 'At the gate' },
  { id: 'extended_care', zh: '延时托管', en: 'Extended care' },
  { id: 'released', zh: '已离校', en: 'Left school' },
  { id: 'off', zh: '请假 / 缺席', en: 'On leave or absent' },
];

function sectionOf(c: ChildDay, groupId: string): Section {
  switch (c.status) {
    case 'in_care':
      return c.place?.kind === 'group' && c.place.groupId === groupId ? 'in_care' : 'away';
    case 'on_leave':
    case 'absent':
      return 'off';
    default:
      return c.status;
  }
}

/**
 * One child's button. The reducer keeps a child's object while its day does not change, so the row compares it by
 * identity: one child's move renders that child's row, not the forty around it.
 */
const ChildRow = memo(function ChildRow({
  c,
  s,
  roster,
  mixed,
  where,
  onChild,
}: {
  c: ChildDay;
  s: Student | undefined;
  roster: Roster;
  mixed: boolean;
  where: string;
  onChild: (id: string) => void;
}) {
  countRender('child-row');
  const last = c.chain.at(-1);
  return (
    <li>
      <button className="child" data-testid={`child-${c.studentId}`} onClick={() => onChild(c.studentId)}>
        <b>{s?.name ?? '—'}</b>
        {mixed && s && <small className="class">{className(roster, s.classId)}</small>}
        {where && <span className="where">{where}</span>}
        {last && (
          <small className="last">
            {time(last.at)} {EVENT[last.type][0]} · {staffName(roster, last.staffId)}
          </small>
        )}
      </button>
    </li>
  );
});

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
  const [query, setQuery] = useState('');
  const findId = useId();
  const findRef = useRef<HTMLInputElement>(null);
  const byId = useMemo(() => new Map(roster.students.map((x) => [x.id, x])), [roster]);
  const student = (id: string) => byId.get(id);
  const name = (id: string) => student(id)?.name ?? '—';
  // A group of several classes says each child's class; a whole-class group need not.
  const mixed = new Set(kids.map((c) => student(c.studentId)?.classId)).size > 1;
  const found = matchingIds(
    kids.map((c) => student(c.studentId)).filter((x) => x !== undefined),
    query,
  );
  // Class by class in a mixed group, each class in 学号 order.
  const order = (id: string) => {
    const s = student(id);
    return s ? `${s.classId}\u0000${s.studentNo}` : id;
  };
  const sorted = [...kids].sort((x, y) => order(x.studentId).localeCompare(order(y.studentId)));
  const shown = found ? sorted.filter((c) => found.has(c.studentId)) : sorted;
  const shortfall = counted === '' ? 0 : present.length - Number(counted);
  return (
    <section className="group" data-testid="group-view" ref={top}>
      <button className="back" onClick={onBack}>
        ← <Bi zh="返回" en="back" />
      </button>
      <div className="group-head">
        <h2>{groupName(roster, groupId)}</h2>
        <p className="group-count">
          <b>{g.present}</b>
          <span className="of">/{g.expected}</span> <Bi zh="在场 / 应到" en="here / expected" />
        </p>
        <p className="group-meta">
          <Bi zh={`看护老师 ${g.teachers}`} en="teachers" /> · <Bi zh={`容量 ${g.capacity}`} en="capacity" />
        </p>
      </div>
      <div className="find">
        <label htmlFor={findId}>
          <Bi zh="查找学生" en="Find a child" />
        </label>
        <div className="find-row">
          <input
            id={findId}
            ref={findRef}
            type="search"
            data-testid="find-in-group"
            value={query}
            placeholder="姓名 · 学号 · 拼音首字母 (zxm)"
            autoComplete="off"
            onChange={(e) => setQuery(e.target.value)}
          />
          {query && (
            <button
              type="button"
              className="clear"
              data-testid="find-clear"
              onClick={() => {
                setQuery('');
                findRef.current?.focus();
              }}
            >
              <Bi zh="清除" en="Clear" block />
            </button>
          )}
        </div>
      </div>
      {shown.length === 0 ? (
        <p className="no-match" role="status">
          <Bi zh="没有找到" en="No match" />
        </p>
      ) : (
        SECTIONS.map(({ id, zh, en }) => {
          const rows = shown.filter((c) => sectionOf(c, groupId) === id);
          if (rows.length === 0) return null;
          return (
            <section key={id} className={`status-list ${id}`} data-testid={`status-${id}`} data-n={rows.length}>
              <h3>
                <Bi zh={zh} en={en} /> <span className="count">{rows.length}</span>
              </h3>
              <ul className="children">
                {rows.map((c) => (
                  <ChildRow
                    key={c.studentId}
                    c={c}
                    s={student(c.studentId)}
                    roster={roster}
                    mixed={mixed}
                    where={id === 'away' ? placeName(roster, c.place) : ''}
                    onChild={onChild}
                  />
                ))}
              </ul>
            </section>
          );
        })
      )}
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
            <LevelIcon kind={recorded.counted === recorded.systemCount ? 'ok' : 'warn'} className="icon" />
            <b>已记录 {time(recorded.at)}</b> <span className="en">recorded</span>
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
