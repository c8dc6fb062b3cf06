import { describe, expect, it } from 'vitest';
import { serviceDay, sessionTimes, sessionWindow } from '../../core/calendar';
import { tinyRoster } from './fixtures';

describe('CU1 service days and session times', () => {
  const roster = tinyRoster();

  it('CU1 weekdays have service, weekends not', () => {
    expect(serviceDay(roster.calendar, '2026-11-24')).toEqual({ service: true, reason: 'weekday' });
    expect(serviceDay(roster.calendar, '2026-11-29').service).toBe(false);
  });

  it('CU1 an exception closes a weekday ("no service Thursday: staff training") and opens a make-up Saturday', () => {
    expect(serviceDay(roster.calendar, '2026-11-26')).toMatchObject({ service: false, reason: 'exception', note: '教师培训' });
    expect(serviceDay(roster.calendar, '2026-11-28')).toMatchObject({ service: true, reason: 'exception' });
  });

  it('CU1 holidays are inclusive ranges', () => {
    expect(serviceDay(roster.calendar, '2026-12-31').service).toBe(false);
    expect(serviceDay(roster.calendar, '2027-01-02').reason).toBe('holiday');
    expect(serviceDay(roster.calendar, '2027-01-04').service).toBe(true);
  });

  it('CU1 summer and winter timetables switch on their dates', () => {
    expect(sessionTimes(roster.calendar, '2026-06-01', 1)?.end).toBe('18:00');
    expect(sessionTimes(roster.calendar, '2026-09-30', 1)?.end).toBe('18:00');
    expect(sessionTimes(roster.calendar, '2026-10-01', 1)?.end).toBe('17:30');
    expect(sessionTimes(roster.calendar, '2026-10-01', 5)).toBeUndefined();
  });

  it('CU1 session windows are instants in the school zone', () => {
    expect(sessionWindow(roster, '2026-11-24', 1)).toEqual({ startMs: Date.UTC(2026, 10, 24, 7, 30), endMs: Date.UTC(2026, 10, 24, 9, 30) });
  });
});
