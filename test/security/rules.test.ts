/**
 * The pure rules behind the hub's defences: what a station-assigned tablet may write, how guessing is slowed
 * and then locked for a while, and how phone numbers are kept out of the log.
 */
import { describe, expect, it } from 'vitest';
import type { AssignedStation, Station } from '../../core/stations';
import { assignedFromStation, stationProblem } from '../../core/stations';
import type { CustodyEvent } from '../../core/events';
import { reduceDay } from '../../core/reduceDay';
import { indexRoster } from '../../core/roster';
import { createRateLimiter } from '../../hub/rateLimit';
import { redactPhones } from '../../hub/logger';
import { decideStudent } from '../../kiosk/lib/stationRules';
import { at, card, DAY, ev, manual, nextId, tinyRoster } from '../core/fixtures';

const roster = tinyRoster();
const index = indexRoster(roster);
const assigned = assignedFromStation;
const src = (n: number) => ({ kind: 'card', cardId: card('student', n) }) as const;

/** Days a child can be in when a tablet scans it. */
const histories: Record<string, CustodyEvent[]> = {
  expected: [],
  handedOff: [
    ev('handed_off', '15:31', { studentId: 'a', source: src(1), toGroupId: 'g1' }),
    ev('handed_off', '15:31', { studentId: 'd', source: src(4), toGroupId: 'g2' }),
  ],
  inCare: [
    ev('checked_in', '15:35', { studentId: 'a', source: src(1), groupId: 'g1' }),
    ev('checked_in', '15:35', { studentId: 'd', source: src(4), groupId: 'g2' }),
    ev('checked_in', '15:35', { studentId: 'b', source: src(2), groupId: 'g2' }),
  ],
  atGate: [ev('sent_to_gate', '17:20', { studentId: 'a', source: { kind: 'group' } })],
  released: [
    ev('released', '17:31', { studentId: 'a', source: src(1), how: { kind: 'staff_confirmed', collectedBy: '妈妈' } }),
    ev('released', '17:31', { studentId: 'd', source: src(4), how: { kind: 'staff_confirmed', collectedBy: '爸爸' } }),
  ],
  onLeave: [
    ev('leave_recorded', '08:00', { studentId: 'a', reason: 'sick', note: '' }),
    ev('leave_recorded', '08:00', { studentId: 'b', reason: 'sick', note: '' }),
  ],
  rollCall: [
    ev('checked_in', '15:35', { studentId: 'a', source: src(1), groupId: 'g1' }),
    ev('roll_call_started', '16:00', {}),
  ],
};

describe('what a tablet with an assigned station may write', () => {
  const stations: Station[] = [
    { kind: 'classroom', classId: 'c1' },
    { kind: 'classroom', classId: 'c2' },
    { kind: 'care', groupId: 'g1' },
    { kind: 'care', groupId: 'g2' },
    { kind: 'gate' },
  ];

  it('CU20 everything the kiosk itself writes from that station passes, whatever state the child is in', () => {
    let checked = 0;
    for (const station of stations) {
      for (const [name, events] of Object.entries(histories)) {
        const state = reduceDay({
          roster,
          day: DAY,
          events:
            name === 'inCare' || name === 'expected' || name === 'onLeave' || name === 'handedOff'
              ? events
              : [...histories.inCare!, ...events],
          now: at('17:40'),
        });
        for (const student of roster.students) {
          const ctx = {
            index,
            state,
            station,
            day: DAY,
            now: at('17:40'),
            deviceId: 'k1',
            staffId: 'care1',
            clockOffsetMs: 0,
            newId: nextId,
          };
          for (const e of decideStudent(ctx, student, manual).events) {
            expect(
              stationProblem(index, e, assigned(station)),
              `${station.kind} ${name} ${student.id} ${e.type}`,
            ).toBeUndefined();
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(40);
    // the station panels' own buttons
    const panel: [Station, CustodyEvent][] = [
      [
        { kind: 'classroom', classId: 'c1' },
        ev('leave_recorded', '15:00', { studentId: 'a', reason: 'personal', note: '家里有事' }),
      ],
      [
        { kind: 'classroom', classId: 'c1' },
        ev('checked_in', '15:30', {
          studentId: 'a',
          source: { kind: 'group' },
          groupId: 'g1',
          jointWithStaffId: 'care1',
        }),
      ],
      [{ kind: 'classroom', classId: 'c1' }, ev('staff_signed_in', '15:00', { duty: 'class' })],
      [
        { kind: 'care', groupId: 'g1' },
        ev('sent_to_gate', '17:20', { studentId: 'a', source: { kind: 'group' }, wave: 1 }),
      ],
      [{ kind: 'care', groupId: 'g1' }, ev('marked_absent', '16:00', { studentId: 'c' })],
      [
        { kind: 'care', groupId: 'g1' },
        ev('transferred', '16:00', { studentId: 'a', source: manual, to: { kind: 'club', clubId: 'choir' } }),
      ],
      [
        { kind: 'care', groupId: 'g1' },
        ev('picked_up_early', '16:00', { studentId: 'a', source: manual, collectedBy: '奶奶', reason: '看病' }),
      ],
      [{ kind: 'care', groupId: 'g1' }, ev('staff_signed_out', '17:30', { duty: 'care', groupId: 'g1' })],
      [
        { kind: 'gate' },
        ev('extended_care_started', '17:45', {
          studentId: 'a',
          source: manual,
          place: '门卫室',
          adultStaffId: 'gate1',
        }),
      ],
      [{ kind: 'gate' }, ev('staff_signed_in', '17:00', { duty: 'gate' })],
    ];
    for (const [station, e] of panel)
      expect(stationProblem(index, e, assigned(station)), `${station.kind} ${e.type}`).toBeUndefined();
  });

  it('CU20 what belongs to another station, another class or group, the duty leader or the office is refused with a reason', () => {
    const refused: [AssignedStation, CustodyEvent][] = [
      [{ kind: 'gate' }, ev('handed_off', '15:31', { studentId: 'a', source: manual, toGroupId: 'g1' })],
      [{ kind: 'gate' }, ev('checked_in', '15:31', { studentId: 'a', source: manual, groupId: 'g1' })],
      [
        { kind: 'classroom', ref: 'c1' },
        ev('released', '17:31', { studentId: 'a', source: manual, how: { kind: 'walks_alone' } }),
      ],
      [
        { kind: 'classroom', ref: 'c1' },
        ev('handed_off', '15:31', { studentId: 'd', source: manual, toGroupId: 'g2' }),
      ],
      [{ kind: 'classroom', ref: 'c1' }, ev('leave_recorded', '08:00', { studentId: 'd', reason: 'sick', note: '' })],
      [{ kind: 'classroom', ref: 'c1' }, ev('checked_in', '15:31', { studentId: 'a', source: manual, groupId: 'g1' })],
      [{ kind: 'care', ref: 'g1' }, ev('checked_in', '15:31', { studentId: 'a', source: manual, groupId: 'g2' })],
      [
        { kind: 'care', ref: 'g1' },
        ev('released', '17:31', { studentId: 'a', source: manual, how: { kind: 'walks_alone' } }),
      ],
      [{ kind: 'care', ref: 'g1' }, ev('staff_signed_in', '15:00', { duty: 'care', groupId: 'g2' })],
      [{ kind: 'care', ref: 'g1' }, ev('roll_call_started', '16:00', {})],
      [{ kind: 'gate' }, ev('roll_call_ended', '16:00', {})],
      [{ kind: 'gate' }, ev('headcount_inspected', '16:00', { groupId: 'g1', counted: 1, systemCount: 1 })],
      [{ kind: 'gate' }, ev('alert_acknowledged', '16:00', { alertKey: 'x', note: '已处理' })],
      [
        { kind: 'care', ref: 'g1' },
        ev('arrangement_recorded', '08:00', { studentId: 'a', arrangement: { kind: 'late_pickup', at: '18:00' } }),
      ],
    ];
    for (const [station, e] of refused) {
      expect(stationProblem(index, e, station), `${station.kind} ${e.type}`).toMatchObject({
        code: 'station_mismatch',
        zh: expect.stringContaining('岗位'),
        en: expect.stringContaining('station'),
      });
    }
    // a tablet without an assigned station is not limited by this rule
    for (const [, e] of refused) expect(stationProblem(index, e, null)).toBeUndefined();
  });
});

describe('guessing is slowed, then locked for a while', () => {
  const opts = { maxFailures: 5, windowMs: 10 * 60_000, lockMs: 15 * 60_000 };

  it('5 failures within the window lock the key for 15 minutes; then it may try again', () => {
    let now = 1_000_000;
    const limiter = createRateLimiter({ ...opts, clock: () => now });
    for (let i = 0; i < 4; i++) {
      limiter.fail('k');
      now += 1000;
    }
    expect(limiter.retryAfter('k')).toBe(0);
    limiter.fail('k');
    expect(limiter.retryAfter('k')).toBe(opts.lockMs);
    expect(limiter.retryAfter('other')).toBe(0);
    now += opts.lockMs - 1;
    expect(limiter.retryAfter('k')).toBe(1);
    now += 1;
    expect(limiter.retryAfter('k')).toBe(0);
    // the lock cleared the count: one more failure does not lock again at once
    limiter.fail('k');
    expect(limiter.retryAfter('k')).toBe(0);
  });

  it('failures spread wider than the window do not add up; a success clears them', () => {
    let now = 0;
    const limiter = createRateLimiter({ ...opts, clock: () => now });
    for (let i = 0; i < 20; i++) {
      limiter.fail('slow');
      now += opts.windowMs / 4 + 1;
    }
    expect(limiter.retryAfter('slow')).toBe(0);
    for (let i = 0; i < 4; i++) limiter.fail('k');
    limiter.succeed('k');
    limiter.fail('k');
    expect(limiter.retryAfter('k')).toBe(0);
  });
});

describe('phone numbers in the log', () => {
  it('are masked however they are written, while ids and times stay readable', () => {
    for (const phone of [
      '13800138000',
      '138 0013 8000',
      '138-0013-8000',
      '+86 13800138000',
      '+86-138-0013-8000',
      '008613800138000',
      '010-12345678',
      '0755 1234567',
    ]) {
      expect(redactPhones(JSON.stringify({ name: `张老师${phone}`, staffId: phone })), phone).not.toMatch(/\d{4}/);
    }
    const keep = JSON.stringify({
      t: '2026-11-24T07:00:00.000Z',
      hubTime: 1_764_000_000_000,
      deviceId: 'kiosk-1a2b3c4d',
      id: '00000000-0000-4000-8000-000000000012',
      port: 8443,
    });
    expect(redactPhones(keep)).toBe(keep);
  });
});
