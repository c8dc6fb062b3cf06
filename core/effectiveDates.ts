/**
 * Rota and pay settings that take effect from a date (R3 in core/SPEC.md). The roster holds the weekly rota and
 * the settings now in force; when the office changes either, what it replaces is kept in `roster.superseded`
 * with the last day it applied, so a pay sheet or fee statement for last month is computed with last month's
 * rota and rates however often they change afterwards.
 *
 * Each list is ordered by `until`; entry i applied from the day after entry i−1's `until` (from the beginning for
 * the first) through its own `until`; the roster's own rota and settings apply after the last one.
 */
import type { Roster, Rotas, Settings, Superseded } from './roster';
import { DATED_SETTINGS } from './roster';
import { addDays } from './time';

export type WeeklyRota = Pick<Rotas, 'care' | 'gate' | 'leader'>;
export type DatedSettings = Pick<Settings, (typeof DATED_SETTINGS)[number]>;

const weekly = (r: Rotas): WeeklyRota => ({ care: r.care, gate: r.gate, leader: r.leader });
const dated = (s: Settings): DatedSettings => Object.fromEntries(DATED_SETTINGS.map((k) => [k, s[k]])) as DatedSettings;

/** The entry of a dated list in effect on `day`, if that day falls before the roster's current value took over. */
function inEffect<T extends { until: string }>(list: readonly T[], day: string): T | undefined {
  return list.find((x) => day <= x.until);
}

/** The weekly rota that applied on `day` (swaps are per day and stay in `roster.rotas.swaps`). */
export function rotaOn(roster: Pick<Roster, 'rotas' | 'superseded'>, day: string): WeeklyRota {
  const past = inEffect(roster.superseded.rotas, day);
  return past ? { care: past.care, gate: past.gate, leader: past.leader } : weekly(roster.rotas);
}

/** The settings that applied on `day`: the current ones with the pay and charge values of that day. */
export function settingsOn(roster: Pick<Roster, 'settings' | 'superseded'>, day: string): Settings {
  const past = inEffect(roster.superseded.settings, day);
  return past ? { ...roster.settings, ...past.values } : roster.settings;
}

/**
 * A dated list after a value changes with effect from `from`: days before `from` keep what applied on them,
 * days from `from` on get the new value (the roster's own). A change that takes effect earlier than one already
 * scheduled replaces the scheduled one.
 */
function supersedeList<T extends { until: string }>(list: readonly T[], old: Omit<T, 'until'>, from: string): T[] {
  const cut = addDays(from, -1);
  const last = list.at(-1);
  if (last && last.until >= cut) {
    // The current value only starts after `cut`, so it never applied on a day that stays: drop what begins after
    // `cut` and end the entry holding `cut` there.
    const kept: T[] = [];
    for (const x of list) {
      const start = kept.length ? addDays(kept.at(-1)!.until, 1) : '';
      if (start > cut) break;
      kept.push(x.until > cut ? { ...x, until: cut } : x);
    }
    return kept;
  }
  return [...list, { ...old, until: cut } as T];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * `next` with `before`'s rota and pay settings kept for the days before `from`, where they differ. Only the hub
 * calls this, on its own clock's day (an office PC's clock cannot move pay into the past).
 * @example supersede(before, { ...before, settings: { ...before.settings, teacherPayPerLessonHour: 40 } }, '2026-12-01')
 *   // superseded.settings ends with { until: '2026-11-30', values: { teacherPayPerLessonHour: 30, … } }
 */
export function supersede(before: Roster, next: Roster, from: string): Roster {
  const superseded: Superseded = {
    rotas: same(weekly(before.rotas), weekly(next.rotas))
      ? before.superseded.rotas
      : supersedeList(before.superseded.rotas, weekly(before.rotas), from),
    settings: same(dated(before.settings), dated(next.settings))
      ? before.superseded.settings
      : supersedeList(before.superseded.settings, { values: dated(before.settings) }, from),
  };
  return { ...next, superseded };
}

/** The first day the roster's own rota applies, or undefined when it always has (nothing superseded). */
export function currentRotaFrom(roster: Pick<Roster, 'superseded'>): string | undefined {
  const last = roster.superseded.rotas.at(-1);
  return last && addDays(last.until, 1);
}

/** The first day the roster's own pay settings apply, or undefined when they always have. */
export function currentSettingsFrom(roster: Pick<Roster, 'superseded'>): string | undefined {
  const last = roster.superseded.settings.at(-1);
  return last && addDays(last.until, 1);
}
