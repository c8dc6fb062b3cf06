/** The staff list and each one's roles, part of the tablets & staff tab. */
import { useState } from 'react';
import type { Roster } from '../core/roster';
import { Bi } from '../common/Bi';
import type { OfficeApi } from './officeApi';

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
  const set = (i: number, patch: Partial<Roster['staff'][number]>) =>
    setStaff(staff.map((s, k) => (k === i ? { ...s, ...patch } : s)));
  return (
    <>
      <h3>
        <Bi zh="教职工" en="Staff" />
      </h3>
      <table>
        <tbody>
          {staff.map((s, i) => (
            <tr key={s.id}>
              <td>
                <input value={s.name} onChange={(e) => set(i, { name: e.target.value })} />
              </td>
              <td>
                {ROLES.map(([role, zh]) => (
                  <label key={role} className="inline">
                    <input
                      type="checkbox"
                      checked={s.roles.includes(role)}
                      onChange={(e) =>
                        set(i, { roles: e.target.checked ? [...s.roles, role] : s.roles.filter((r) => r !== role) })
                      }
                    />
                    {zh}
                  </label>
                ))}
              </td>
              <td>
                <label className="inline">
                  <input type="checkbox" checked={s.active} onChange={(e) => set(i, { active: e.target.checked })} />
                  在职
                </label>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        onClick={() =>
          setStaff([
            ...staff,
            { id: `staff-${Date.now().toString(36)}`, name: '新老师', roles: ['care_teacher'], active: true },
          ])
        }
      >
        <Bi zh="新增" en="Add" />
      </button>
      <button
        onClick={() => {
          void api
            .call('/api/admin/roster/staff', { method: 'PUT', json: { value: staff } })
            .then(() => onMsg('教职工已保存 Saved'))
            .catch((err: Error) => onMsg(err.message));
        }}
      >
        <Bi zh="保存教职工" en="Save staff" />
      </button>
    </>
  );
}
