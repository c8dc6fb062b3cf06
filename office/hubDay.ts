/**
 * Today and the days the hub takes, from the hub's clock (GET /api/admin/date-limits): an office PC's clock is
 * often wrong, so the office's date defaults and pickers follow the hub. Until the hub answers (or when it
 * cannot be reached) they follow the browser's clock in the school's time zone, with the same rules.
 */
import { useEffect, useState } from 'react';
import { DEFAULT_CHECK, dayWindow } from '../core/checkEvent';
import type { DateLimits } from '../core/contract/answers';
import { localDay } from '../core/time';
import type { OfficeApi } from './officeApi';

/** The longest leave entry, as the hub keeps it (hub/routes/reports.ts MAX_LEAVE_DAYS). */
const MAX_LEAVE_DAYS = 62;

export type HubDay = DateLimits & {
  /** false while the day is the browser's guess */
  fromHub: boolean;
};

/** The browser's guess, by the hub's rules: what the page shows until the hub has said its day. */
export function browserDay(timeZone: string, now = Date.now()): HubDay {
  const today = localDay(now, timeZone);
  return {
    hubTime: now,
    today,
    // The oldest day kept and the service start are the hub's to say: until then, only "not after today".
    reports: { first: '', last: today },
    dated: dayWindow('leave_recorded', { today, ...DEFAULT_CHECK }),
    maxLeaveDays: MAX_LEAVE_DAYS,
    fromHub: false,
  };
}

/** The hub's day for this page, asked once when it opens; the browser's until the answer comes. */
export function useHubDay(api: OfficeApi, timeZone: string): HubDay {
  const [day, setDay] = useState<HubDay>(() => browserDay(timeZone));
  useEffect(() => {
    let live = true;
    api
      .route('dateLimits')
      .then((limits) => {
        if (live) setDay({ ...limits, fromHub: true });
      })
      .catch(() => undefined); // out of reach: the browser's day stays, and the next call says why
    return () => {
      live = false;
    };
  }, [api]);
  return day;
}
