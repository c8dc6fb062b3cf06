/**
 * 学生名册 Roster (issue #17): the roster to browse and to edit one entry at a time, short of re-importing the
 * whole file. Students by name, 学号 or pinyin initials, filtered by grade, class, group, way home and card, in
 * pages of 50, sorted by 学号, name or class; one child edited, moved, added or marked as left in a panel; the
 * guardians with their phones; the staff, read only. Every change is entered in the name of the clerk chosen.
 */
import { useState } from 'react';
import type { Roster, Student } from '../core/roster';
import { Bi } from '../common/Bi';
import { hasCustodyRule, hasSafetyNotes } from '../core/safetyRules';
import { NameSelect } from '../common/fields';
import type { OfficeApi } from './officeApi';
import type { SortKey, StudentFilter } from './RosterQuery';
import {
  CARD_WORDS,
  cardState,
  filterStudents,
  namer,
  NO_FILTER,
  pageOf,
  PICKUP_WORDS,
  pickupWords,
} from './RosterQuery';
import { RosterGuardians } from './RosterGuardians';
import { RosterPager } from './RosterPager';
import { RosterStaff } from './RosterStaff';
import { RosterStudentSheet } from './RosterStudentSheet';
import { PendingMove } from './PendingMove';
import { TableScroll } from './setupParts';

type View = 'students' | 'guardians' | 'staff';
const VIEWS: [View, string, string][] = [
  ['students', '学生', 'Students'],
  ['guardians', '家长', 'Guardians'],
  ['staff', '教职工', 'Staff'],
];

export function RosterTab({ api, roster, onSaved }: { api: OfficeApi; roster: Roster; onSaved: () => void }) {
  const clerks = roster.staff.filter(
    (s) => s.active && (s.roles.includes('office') || s.roles.includes('class_teacher')),
  );
  const [staffId, setStaffId] = useState(clerks[0]?.id ?? '');
  const [view, setView] = useState<View>('students');
  return (
    <section className="roster" data-testid="roster-tab">
      <div className="roster-top">
        <label>
          <Bi zh="登记人" en="Entered by" />
          <NameSelect testId="roster-clerk" value={staffId} onChange={setStaffId} options={clerks} />
        </label>
        <div className="roster-views" role="group" aria-label="名册 roster">
          {VIEWS.map(([id, zh, en]) => (
            <button
              key={id}
              data-testid={`roster-view-${id}`}
              aria-pressed={view === id}
              className={view === id ? 'on' : undefined}
              onClick={() => setView(id)}
            >
              <Bi zh={zh} en={en} block />
            </button>
          ))}
        </div>
      </div>
      {view === 'students' && <RosterStudents api={api} roster={roster} staffId={staffId} onSaved={onSaved} />}
      {view === 'guardians' && <RosterGuardians api={api} roster={roster} staffId={staffId} onSaved={onSaved} />}
      {view === 'staff' && <RosterStaff roster={roster} />}
    </section>
  );
}

function RosterStudents({
  api,
  roster,
  staffId,
  onSaved,
}: {
  api: OfficeApi;
  roster: Roster;
  staffId: string;
  onSaved: () => void;
}) {
  const [f, setF] = useState<StudentFilter>(NO_FILTER);
  const [page, setPage] = useState(0);
  // the id of the child in the panel, 'new' for a newcomer: the panel reads the child from the roster as it is now
  const [open, setOpen] = useState<string | null>(null);
  const [msg, setMsg] = useState('');
  const set = (patch: Partial<StudentFilter>) => {
    setF({ ...f, ...patch });
    setPage(0);
  };
  const { className, groupName } = namer(roster);
  const list = filterStudents(roster, f);
  const { rows, pages, page: p } = pageOf(list, page);
  const grades = [...new Set(roster.classes.map((c) => c.grade))].sort((a, b) => a - b);
  const classes = roster.classes.filter((c) => !f.grade || c.grade === Number(f.grade));
  const editing: Student | null | undefined =
    open === 'new' ? null : open ? roster.students.find((s) => s.id === open) : undefined;
  return (
    <section data-testid="roster-students">
      <div className="roster-filters">
        <label className="roster-search">
          <Bi zh="搜索" en="Search" />
          <input
            data-testid="roster-search"
            type="search"
            placeholder="姓名、学号或拼音首字母 (zxm)"
            value={f.q}
            onChange={(e) => set({ q: e.target.value })}
          />
        </label>
        <label>
          <Bi zh="年级" en="Grade" />
          <select
            data-testid="roster-grade"
            value={f.grade}
            onChange={(e) => set({ grade: e.target.value, classId: '' })}
          >
            <option value="">全部 all</option>
            {grades.map((g) => (
              <option key={g} value={g}>
                {g} 年级
              </option>
            ))}
          </select>
        </label>
        <label>
          <Bi zh="班级" en="Class" />
          <NameSelect
            testId="roster-class"
            value={f.classId}
            onChange={(classId) => set({ classId })}
            blank="全部 all"
            options={classes}
          />
        </label>
        <label>
          <Bi zh="课后服务班" en="Care group" />
          <NameSelect
            testId="roster-group"
            value={f.groupId}
            onChange={(groupId) => set({ groupId })}
            blank="全部 all"
            before={[{ id: '-', name: '不参加 not enrolled' }]}
            options={roster.groups}
          />
        </label>
        <label>
          <Bi zh="接送方式" en="Way home" />
          <select
            data-testid="roster-pickup"
            value={f.pickup}
            onChange={(e) => set({ pickup: e.target.value as StudentFilter['pickup'] })}
          >
            <option value="">全部 all</option>
            {(Object.keys(PICKUP_WORDS) as Student['pickup']['kind'][]).map((k) => (
              <option key={k} value={k}>
                {PICKUP_WORDS[k].zh} {PICKUP_WORDS[k].en}
              </option>
            ))}
          </select>
        </label>
        <label>
          <Bi zh="卡片" en="Card" />
          <select
            data-testid="roster-card"
            value={f.card}
            onChange={(e) => set({ card: e.target.value as StudentFilter['card'] })}
          >
            <option value="">全部 all</option>
            {(Object.keys(CARD_WORDS) as (keyof typeof CARD_WORDS)[]).map((k) => (
              <option key={k} value={k}>
                {CARD_WORDS[k].zh} {CARD_WORDS[k].en}
              </option>
            ))}
          </select>
        </label>
        <label>
          <Bi zh="排序" en="Sort by" />
          <select data-testid="roster-sort" value={f.sort} onChange={(e) => set({ sort: e.target.value as SortKey })}>
            <option value="studentNo">学号 student number</option>
            <option value="name">姓名 name</option>
            <option value="class">班级 class</option>
          </select>
        </label>
      </div>
      <div className="roster-bar">
        <p data-testid="roster-count">
          <Bi zh={`共 ${list.length} 名学生`} en={`${list.length} students`} />
        </p>
        <button data-testid="roster-clear" disabled={f === NO_FILTER} onClick={() => set(NO_FILTER)}>
          <Bi zh="清除筛选" en="Clear" />
        </button>
        <button data-testid="roster-add" onClick={() => setOpen('new')}>
          <Bi zh="添加新生" en="Add a newcomer" />
        </button>
      </div>
      {msg && (
        <p role="status" data-testid="roster-msg">
          {msg}
        </p>
      )}
      {list.length === 0 ? (
        <p data-testid="roster-none">
          <Bi zh="没有找到" en="No match" />
        </p>
      ) : (
        <TableScroll>
          <table>
            <thead>
              <tr>
                <th>
                  <Bi zh="姓名" en="name" block />
                </th>
                <th>
                  <Bi zh="学号" en="no." block />
                </th>
                <th>
                  <Bi zh="班级" en="class" block />
                </th>
                <th>
                  <Bi zh="课后服务班" en="care group" block />
                </th>
                <th>
                  <Bi zh="接送方式" en="way home" block />
                </th>
                <th>
                  <Bi zh="卡片" en="card" block />
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.id} data-testid={`roster-row-${s.studentNo}`}>
                  <td>
                    <button
                      className="roster-name"
                      data-testid={`roster-edit-${s.studentNo}`}
                      onClick={() => setOpen(s.id)}
                    >
                      {s.name}
                      <span className="sr-only"> 编辑 edit</span>
                    </button>
                    {/* SN1: a child with safety notes is marked in the list */}
                    {hasSafetyNotes(s) && (
                      <small className="safety-flag" data-testid={`roster-safety-${s.studentNo}`}>
                        {hasCustodyRule(s) || s.safety.custody ? '接送限制' : '医疗提示'}
                      </small>
                    )}
                  </td>
                  <td>{s.studentNo}</td>
                  <td>
                    <span data-testid="roster-row-class">{className(s.classId)}</span>
                    <PendingMove
                      api={api}
                      roster={roster}
                      staffId={staffId}
                      studentId={s.id}
                      onDone={(m) => {
                        setMsg(m);
                        onSaved();
                      }}
                      testId={`roster-move-${s.studentNo}`}
                    />
                  </td>
                  <td>{groupName(s.groupId)}</td>
                  <td>{pickupWords(s.pickup).zh}</td>
                  <td>{CARD_WORDS[cardState(roster, s)].zh}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <RosterPager page={p} pages={pages} onPage={setPage} testId="roster-page" />
      {editing !== undefined && (
        <RosterStudentSheet
          key={open ?? ''}
          api={api}
          roster={roster}
          staffId={staffId}
          student={editing}
          onClose={() => setOpen(null)}
          onDone={(m) => {
            setOpen(null);
            setMsg(m);
            onSaved();
          }}
        />
      )}
    </section>
  );
}
