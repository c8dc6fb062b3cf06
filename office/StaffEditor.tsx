/** The staff list and each one's roles, part of the tablets & staff tab. */
import { useState } from 'react';
import type { Roster } from '../core/roster';
import type { OfficeApi } from './officeApi';
import { ListEditor, newId } from './ListEditor';
import { HeadRow } from './setupParts';

const ROLES = [
  ['subject_teacher', '科任', 'subject teacher'],
  ['class_teacher', '班主任', 'class teacher'],
  ['care_teacher', '看护', 'care'],
  ['gate_duty', '校门', 'gate duty'],
  ['duty_leader', '值班领导', 'duty leader'],
  ['office', '教导处', 'office'],
] as const;

/** The staff list with roles; who may sign in where follows from the roles. */
export function StaffEditor({ api, roster, onMsg }: { api: OfficeApi; roster: Roster; onMsg: (m: string) => void }) {
  const [staff, setStaff] = useState(roster.staff);
  return (
    <ListEditor<Roster['staff'][number]>
      title={{ zh: '教职工', en: 'Staff' }}
      items={staff}
      setItems={setStaff}
      head={
        <HeadRow
          cols={[
            ['姓名', 'name'],
            ['角色', 'roles'],
            ['在职', 'active'],
          ]}
        />
      }
      row={(s, set) => (
        <>
          <td>
            <input aria-label={`${s.name} 姓名 name`} value={s.name} onChange={(e) => set({ name: e.target.value })} />
          </td>
          <td>
            {ROLES.map(([role, zh, en]) => (
              <label key={role} className="inline">
                <input
                  type="checkbox"
                  aria-label={`${s.name} ${zh} ${en}`}
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
              <input
                type="checkbox"
                aria-label={`${s.name} 在职 active`}
                checked={s.active}
                onChange={(e) => set({ active: e.target.checked })}
              />
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
