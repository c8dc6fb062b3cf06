/** The staff list, read only: names, roles and who still works here; editing is under 平板与教师 (StaffEditor). */
import type { Roster } from '../core/roster';
import { Bi } from '../common/Bi';
import { TableScroll } from './setupParts';

const ROLE_WORDS: Record<Roster['staff'][number]['roles'][number], string> = {
  subject_teacher: '科任',
  class_teacher: '班主任',
  care_teacher: '看护',
  gate_duty: '校门',
  duty_leader: '值班领导',
  office: '教导处',
};

export function RosterStaff({ roster }: { roster: Roster }) {
  return (
    <section data-testid="roster-staff">
      <p>
        <Bi zh="教职工在“平板与教师”中编辑。" en="Staff are edited under Tablets & staff." />
      </p>
      <TableScroll>
        <table>
          <thead>
            <tr>
              <th>
                <Bi zh="姓名" en="name" block />
              </th>
              <th>
                <Bi zh="角色" en="roles" block />
              </th>
              <th>
                <Bi zh="在职" en="active" block />
              </th>
            </tr>
          </thead>
          <tbody>
            {roster.staff.map((s) => (
              <tr key={s.id}>
                <td>{s.name}</td>
                <td>{s.roles.map((r) => ROLE_WORDS[r]).join('、')}</td>
                <td>{s.active ? <Bi zh="在职" en="yes" /> : <Bi zh="已停用" en="inactive" />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
