/** Who is on duty on a given day, from the weekly rota that applied that day (R3) and that day's swaps (调代). */
import { rotaOn } from './effectiveDates';
import type { Roster } from './roster';
import { isoWeekday } from './time';

export interface DayDuty {
  /** care teachers per group */
  care: Record<string, string[]>;
  gate: string[];
  leader: string[];
}

/**
 * @example dutyOn(roster, '2026-11-24').leader // ['leader-1']
 */
export function dutyOn(roster: Pick<Roster, 'rotas' | 'superseded'>, day: string): DayDuty {
  const wd = isoWeekday(day);
  const rotas = { ...rotaOn(roster, day), swaps: roster.rotas.swaps };
  const care: Record<string, string[]> = {};
  for (const c of rotas.care) if (c.weekday === wd) (care[c.groupId] ??= []).push(c.staffId);
  const gate = rotas.gate.filter((g) => g.weekday === wd).map((g) => g.staffId);
  const leader = rotas.leader.filter((g) => g.weekday === wd).map((g) => g.staffId);
  for (const s of rotas.swaps.filter((x) => x.day === day)) {
    const list = s.duty === 'care' ? (care[s.groupId ?? ''] ??= []) : s.duty === 'gate' ? gate : leader;
    const i = list.indexOf(s.replaces);
    if (i >= 0) list[i] = s.staffId;
    else list.push(s.staffId);
  }
  return { care, gate, leader };
}
