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
    expect(serviceDay(roster.calendar, '2026-11-26')).toMatchObject({
      service: false,
      reason: 'exception',
      note: '教师培训',
    });
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
    expect(sessionWindow(roster, '2026-11-24', 1)).toEqual({
      startMs: Date.UTC(2026, 10, 24, 7, 30),
      endMs: Date.UTC(2026, 10, 24, 9, 30),
    });
  });
});

describe('rotas', () => {
  it('who is on duty comes from the weekday rota, with a one-day swap (调代) replacing one person', async () => {
    const { dutyOn } = await import('../../core/rotas');
    const roster = tinyRoster((r) => {
      r.rotas = {
        care: [{ groupId: 'g1', weekday: 2, staffId: 'care1' }],
        gate: [{ weekday: 2, staffId: 'gate1' }],
        leader: [{ weekday: 2, staffId: 't1' }],
        swaps: [{ day: '2026-12-01', duty: 'care', groupId: 'g1', replaces: 'care1', staffId: 't2', note: '病假' }],
      };
    });
    expect(dutyOn(roster, '2026-11-24')).toEqual({ care: { g1: ['care1'] }, gate: ['gate1'], leader: ['t1'] });
    expect(dutyOn(roster, '2026-12-01').care).toEqual({ g1: ['t2'] });
    expect(dutyOn(roster, '2026-11-25')).toEqual({ care: {}, gate: [], leader: [] });
  });

  it('a rota naming someone who is not on the staff list is refused', () => {
    expect(() =>
      tinyRoster((r) => {
        r.rotas = { care: [], gate: [{ weekday: 1, staffId: 'ghost' }], leader: [], swaps: [] };
      }),
    ).toThrow(/unknown staff ghost/);
  });
});
