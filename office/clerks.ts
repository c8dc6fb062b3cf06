/** Who may be named as 办理人 for an office change (import, restore, rota, rates): the office's clerks first, then the duty leaders. */
import type { Roster } from '../core/roster';

export function officeClerks(roster: Pick<Roster, 'staff'>): Roster['staff'] {
  const active = roster.staff.filter((s) => s.active);
  return [
    ...active.filter((s) => s.roles.includes('office')),
    ...active.filter((s) => !s.roles.includes('office') && s.roles.includes('duty_leader')),
  ];
}
