import { describe, expect, it } from 'vitest';
import { addDays, isoWeekday, isValidDay, localDay, localTime, zonedTimeToEpoch } from '../../core/time';

describe('school time zone (CI runs in UTC; the school is in Asia/Shanghai)', () => {
  it('a moment just after midnight UTC+8 belongs to the next school day', () => {
    // 2026-11-23 16:30 UTC is 2026-11-24 00:30 in Beijing
    expect(localDay(Date.UTC(2026, 10, 23, 16, 30), 'Asia/Shanghai')).toBe('2026-11-24');
    expect(localDay(Date.UTC(2026, 10, 23, 15, 59), 'Asia/Shanghai')).toBe('2026-11-23');
    expect(localDay(Date.UTC(2026, 10, 23, 16, 30), 'UTC')).toBe('2026-11-23');
  });

  it('17:30 on the school clock is 09:30 UTC, whatever the machine zone', () => {
    expect(zonedTimeToEpoch('2026-11-24', '17:30', 'Asia/Shanghai')).toBe(Date.UTC(2026, 10, 24, 9, 30));
    expect(localTime(Date.UTC(2026, 10, 24, 9, 30), 'Asia/Shanghai')).toBe('17:30');
  });

  it('the zone is a setting: a zone with daylight saving converts on both sides of the change', () => {
    expect(zonedTimeToEpoch('2026-03-07', '17:00', 'America/New_York')).toBe(Date.UTC(2026, 2, 7, 22, 0));
    expect(zonedTimeToEpoch('2026-03-09', '17:00', 'America/New_York')).toBe(Date.UTC(2026, 2, 9, 21, 0));
  });

  it('weekdays count Monday as 1 and Sunday as 7 (周一 … 周日)', () => {
    expect(isoWeekday('2026-11-23')).toBe(1);
    expect(isoWeekday('2026-11-29')).toBe(7);
  });

  it('days are real calendar days', () => {
    expect(isValidDay('2026-02-28')).toBe(true);
    expect(isValidDay('2026-02-30')).toBe(false);
    expect(isValidDay('2026-13-01')).toBe(false);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
