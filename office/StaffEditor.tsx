/** The staff list and each one's roles, part of the tablets & staff tab. */
import { useState } from 'react';
import type { Roster } from '../core/roster';
import type { OfficeApi } from './officeApi';
import { ListEditor, newId } from './ListEditor';

const ROLES = [
  ['subject_teacher', '科任'],
  ['class_teacher', '班主任'],
  ['care_teacher', '看护'],
  ['gate_duty', '校门'],
  ['duty_leader', '值班领导'],
  ['office', '教导处'],
] as const;

/** The staff list with roles; who may sign in where follows from the roles. */
export function StaffEditor({ api, roster, onMsg }: { api: OfficeApi; roster: Roster; onMsg: (m: string) => void }) {
  const [staff, setStaff] = useState(roster.staff);
  return (
    <ListEditor<Roster['staff'][number]>
      title={{ zh: '教职工', en: 'Staff' }}
      items={staff}
      setItems={setStaff}
      row={(s, set) => (
        <>
          <td>
            <input value={s.name} onChange={(e) => set({ name: e.target.value })} />
          </td>
          <td>
            {ROLES.map(([role, zh]) => (
              <label key={role} className="inline">
                <input
                  type="checkbox"
                  checked={s.roles.includes(role)}
                  onChange={(e) =>
                    set({ roles: e.target.checked ? [...s.roles, role] : s.roles.filter((r) => r !== role) })
                  }
                />
                {zh}
              </label>
            ))}
          </td>
          <td>
            <label className="inline">
              <input type="checkbox" checked={s.active} onChange={(e) => set({ active: e.target.checked })} />
              在职
            </label>
          </td>
        </>
      )}
      fresh={() => ({ id: newId('staff'), name: '新老师', roles: ['care_teacher'], active: true })}
      saveLabel={{ zh: '保存教职工', en: 'Save staff' }}
      onSave={() => {
        void api
          .call('/api/admin/roster/staff', { method: 'PUT', json: { value: staff } })
          .then(() => onMsg('教职工已保存 Saved'))
          .catch((err: Error) => onMsg(err.message));
      }}
    />
  );
}
