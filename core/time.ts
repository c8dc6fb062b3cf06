/**
 * Wall-clock arithmetic in the school's time zone. The hub and CI may run in UTC while the school is in
 * Asia/Shanghai, so nothing here reads the machine's zone: every function takes the zone as an argument.
 * Days are ISO strings (YYYY-MM-DD); instants are epoch milliseconds.
 */

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
export const DAY_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
export const HHMM_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(timeZone, f);
  }
  return f;
}

interface WallParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallParts(epochMs: number, timeZone: string): WallParts {
  const out: Record<string, number> = {};
  for (const p of partsFormatter(timeZone).formatToParts(new Date(epochMs))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {
    year: out.year ?? 0,
    month: out.month ?? 0,
    day: out.day ?? 0,
    hour: out.hour ?? 0,
    minute: out.minute ?? 0,
    second: out.second ?? 0,
  };
}

/** True when the zone is one the runtime knows (a typo in settings must not silently become UTC). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    partsFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * The school day an instant falls on.
 * @example localDay(Date.UTC(2026, 10, 23, 16, 30), 'Asia/Shanghai') // '2026-11-24' (00:30 in Beijing)
 */
export function localDay(epochMs: number, timeZone: string): string {
  const p = wallParts(epochMs, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** 'HH:MM' of an instant on the school's clock. */
export function localTime(epochMs: number, timeZone: string): string {
  const p = wallParts(epochMs, timeZone);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

/** Zone offset (local minus UTC) in ms at an instant. */
function offsetAt(epochMs: number, timeZone: string): number {
  const p = wallParts(epochMs, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/**
 * The instant at which the school's clock shows `hhmm` on `day`.
 * Two passes settle the offset across a daylight-saving change (China has none, but the zone is a setting).
 * @example zonedTimeToEpoch('2026-11-24', '17:30', 'Asia/Shanghai') === Date.UTC(2026, 10, 24, 9, 30)
 */
export function zonedTimeToEpoch(day: string, hhmm: string, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
  const wallAsUtc = Date.UTC(y, m - 1, d, hh, mm);
  let guess = wallAsUtc - offsetAt(wallAsUtc, timeZone);
  guess = wallAsUtc - offsetAt(guess, timeZone);
  return guess;
}

/** ISO weekday of a day: 1 = Monday … 7 = Sunday (the way Chinese timetables count, 周一 … 周日). */
export function isoWeekday(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const js = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return js === 0 ? 7 : js;
}

export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d) + n * MS_PER_DAY);
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** A real calendar day (rejects 2026-02-30, which the pattern alone lets through). */
export function isValidDay(day: string): boolean {
  if (!DAY_PATTERN.test(day)) return false;
  return addDays(day, 0) === day;
}

export function minutesToMs(minutes: number): number {
  return minutes * MS_PER_MINUTE;
}

/** Adds minutes to an 'HH:MM' clock time, clamped to the same day. */
export function addMinutesToHhmm(hhmm: string, minutes: number): string {
  const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
  const total = Math.min(23 * 60 + 59, Math.max(0, hh * 60 + mm + minutes));
  return `${pad(Math.floor(total / 60))}:${pad(total % 60)}`;
}
