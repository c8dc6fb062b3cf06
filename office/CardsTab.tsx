/** 打印卡片: the PDF of student (and guardian) cards, and reprinting one child's card. */
import { useState } from 'react';
import type { Roster } from '../core/roster';
import { cardsFileName } from '../cards/cardScope';
import { searchStudents } from '../common/search';
import { Bi } from '../common/Bi';
import type { OfficeApi } from './officeApi';

export function CardsTab({ api, roster, onReprinted }: { api: OfficeApi; roster: Roster; onReprinted: () => void }) {
  const [scope, setScope] = useState('');
  const [guardians, setGuardians] = useState(false);
  const [q, setQ] = useState('');
  const [msg, setMsg] = useState('');
  // A reprint asks for a second tap in the page (no browser dialog): the child's old card stops working.
  const [armed, setArmed] = useState<string | null>(null);
  const [kind, id] = scope.split(':');
  const chosen = { ...(kind === 'class' ? { classId: id } : kind === 'group' ? { groupId: id } : {}), guardians };
  const query = () =>
    `${kind === 'class' ? `class=${id}` : kind === 'group' ? `group=${id}` : ''}${guardians ? '&guardians=1' : ''}`;
  // Named for what it holds, as the hub names it (接力卡片-一年级1班.pdf, 接力卡片-全校-接送卡.pdf).
  const fileName = cardsFileName(roster, chosen);
  return (
    <section className="form">
      <label>
        <Bi zh="范围" en="Which cards" />
        <select data-testid="cards-scope" value={scope} onChange={(e) => setScope(e.target.value)}>
          <option value="">全部学生 every student</option>
          {roster.classes.map((c) => (
            <option key={c.id} value={`class:${c.id}`}>
              {c.name}
            </option>
          ))}
          {roster.groups.map((g) => (
            <option key={g.id} value={`group:${g.id}`}>
              {g.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input type="checkbox" checked={guardians} onChange={(e) => setGuardians(e.target.checked)} />{' '}
        <Bi zh="家长接送卡" en="guardian pickup cards" />
      </label>
      <button
        data-testid="cards-download"
        onClick={() =>
          void api.download(`/api/admin/cards.pdf?${query()}`, fileName).catch((err: Error) => setMsg(err.message))
        }
      >
        <Bi zh={`下载 ${fileName}（A4，每页 10 张）`} en="Download PDF" />
      </button>
      <h3>
        <Bi zh="补办（旧卡立即作废）" en="Reprint (the old card stops working)" />
      </h3>
      <input
        aria-label="搜索要补办的学生 search for the child"
        placeholder="搜索学生 search"
        value={q}
        onChange={(e) => setQ(e.target.value)}
      />
      <ul>
        {searchStudents(roster.students, q, 8).map((s) => (
          <li key={s.id}>
            {s.name} {s.studentNo}{' '}
            {armed === s.id ? (
              <>
                <button
                  className="small"
                  data-testid={`reprint-confirm-${s.id}`}
                  onClick={() => {
                    setArmed(null);
                    void api
                      .call('/api/admin/cards/reprint', { json: { studentIds: [s.id] } })
                      .then(() => api.download(`/api/admin/cards.pdf?students=${s.id}`, `接力卡片-${s.name}-新卡.pdf`))
                      .then(() => {
                        setMsg(`${s.name} 的新卡已生成，旧卡已作废`);
                        onReprinted();
                      })
                      .catch((err: Error) => setMsg(err.message));
                  }}
                >
                  <Bi zh={`确认为 ${s.name} 补办，旧卡作废`} en="Confirm: the old card stops working" />
                </button>
                <button className="small" onClick={() => setArmed(null)}>
                  <Bi zh="取消" en="cancel" />
                </button>
              </>
            ) : (
              <button className="small" data-testid={`reprint-${s.id}`} onClick={() => setArmed(s.id)}>
                <Bi zh="补办" en="reprint" />
              </button>
            )}
          </li>
        ))}
      </ul>
      {msg && <p>{msg}</p>}
    </section>
  );
}
