/** The guardians: who collects which children, with their phone; a guardian's name, relation or phone fixed in a panel. */
import { useState } from 'react';
import type { Roster } from '../core/roster';
import { Bi } from '../common/Bi';
import { ErrorLine } from '../common/fields';
import { matchingIds } from '../common/search';
import type { OfficeApi } from './officeApi';
import { namer, pageOf } from './RosterQuery';
import { RosterPager } from './RosterPager';
import { RosterSheet } from './RosterSheet';
import { TableScroll } from './setupParts';

type Guardian = Roster['guardians'][number];

export function RosterGuardians({
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
  const [q, setQ] = useState('');
  const [page, setPage] = useState(0);
  const [editing, setEditing] = useState<Guardian | null>(null);
  const [msg, setMsg] = useState('');
  const { className } = namer(roster);
  const students = new Map(roster.students.map((s) => [s.id, s]));
  // a guardian is found by their own name or phone, or by a child's name, 学号 or initials
  const kids = matchingIds(roster.students, q);
  const t = q.trim();
  const list = roster.guardians.filter(
    (g) => !kids || g.name.includes(t) || g.phone.includes(t) || g.studentIds.some((id) => kids.has(id)),
  );
  const { rows, pages, page: p } = pageOf(list, page);
  return (
    <section data-testid="roster-guardians">
      <div className="roster-filters">
        <label className="roster-search">
          <Bi zh="搜索家长或学生" en="Search a guardian or child" />
          <input
            data-testid="rg-search"
            type="search"
            placeholder="姓名、电话、学号或拼音首字母"
            value={q}
            onChange={(e) => {
              setQ(e.target.value);
              setPage(0);
            }}
          />
        </label>
      </div>
      <p data-testid="rg-count">
        <Bi zh={`共 ${list.length} 位家长`} en={`${list.length} guardians`} />
      </p>
      {msg && (
        <p role="status" data-testid="rg-msg">
          {msg}
        </p>
      )}
      <TableScroll>
        <table>
          <thead>
            <tr>
              <th>
                <Bi zh="姓名" en="name" block />
              </th>
              <th>
                <Bi zh="关系" en="relation" block />
              </th>
              <th>
                <Bi zh="电话" en="phone" block />
              </th>
              <th>
                <Bi zh="接送的学生" en="children" block />
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((g) => (
              <tr key={g.id}>
                <td>
                  <button className="roster-name" data-testid={`rg-edit-${g.id}`} onClick={() => setEditing(g)}>
                    {g.name}
                    <span className="sr-only"> 编辑 edit</span>
                  </button>
                </td>
                <td>{g.relation}</td>
                <td>{g.phone}</td>
                <td>
                  {g.studentIds
                    .map((id) => students.get(id))
                    .map((s) => (s ? `${s.name}（${className(s.classId)}）` : '—'))
                    .join('、')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <RosterPager page={p} pages={pages} onPage={setPage} testId="rg-page" />
      {editing && (
        <GuardianSheet
          api={api}
          guardian={editing}
          staffId={staffId}
          onClose={() => setEditing(null)}
          onDone={(m) => {
            setEditing(null);
            setMsg(m);
            onSaved();
          }}
        />
      )}
    </section>
  );
}

function GuardianSheet({
  api,
  guardian,
  staffId,
  onClose,
  onDone,
}: {
  api: OfficeApi;
  guardian: Guardian;
  staffId: string;
  onClose: () => void;
  onDone: (msg: string) => void;
}) {
  const [name, setName] = useState(guardian.name);
  const [relation, setRelation] = useState(guardian.relation);
  const [phone, setPhone] = useState(guardian.phone);
  const [error, setError] = useState('');
  return (
    <RosterSheet
      testId="roster-guardian"
      title={{ zh: `编辑家长 ${guardian.name}`, en: 'Edit guardian' }}
      onClose={onClose}
    >
      <div className="form roster-form">
        <label>
          <Bi zh="姓名" en="Name" />
          <input data-testid="rg-name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          <Bi zh="关系" en="Relation" />
          <input data-testid="rg-relation" value={relation} onChange={(e) => setRelation(e.target.value)} />
        </label>
        <label>
          <Bi zh="电话" en="Phone" />
          <input data-testid="rg-phone" inputMode="tel" value={phone} onChange={(e) => setPhone(e.target.value)} />
        </label>
        <ErrorLine error={error} />
        <p className="roster-actions">
          <button
            data-testid="rg-save"
            disabled={!staffId}
            onClick={() => {
              setError('');
              void api
                .route('rosterGuardianSave', { params: { id: guardian.id }, body: { staffId, name, relation, phone } })
                .then((r) => onDone(`已保存 ${r.guardian.name} Saved`))
                .catch((err: Error) => setError(err.message));
            }}
          >
            <Bi zh="保存" en="Save" />
          </button>
          <button onClick={onClose}>
            <Bi zh="取消" en="Cancel" />
          </button>
        </p>
      </div>
    </RosterSheet>
  );
}
