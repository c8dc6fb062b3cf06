/**
 * Random but plausible afternoons for the tiny school (test/core/fixtures.ts): any event for any child at any
 * minute, many with equal times, clock offsets, corrections and roll calls; shared by the property tests.
 */
import type { CustodyEvent } from '../../core/events';
import { card, ev, tinyRoster } from './fixtures';

export const roster = tinyRoster();
export const students = ['a', 'b', 'c', 'd'] as const;
const cardOf: Record<string, number> = { a: 1, b: 2, c: 3, d: 4 };

/** A plausible but messy afternoon: any event for any child at any minute, many with equal times, roll calls included. */
export function randomDay(rand: () => number): CustodyEvent[] {
  const events: CustodyEvent[] = [];
  const n = 5 + Math.floor(rand() * 40);
  for (let i = 0; i < n; i++) {
    const sid = students[Math.floor(rand() * students.length)]!;
    const source = { kind: 'card', cardId: card('student', cardOf[sid]!) } as const;
    const minute = 15 * 60 + 20 + Math.floor(rand() * 150);
    const hhmm = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
    const offset = rand() < 0.2 ? Math.floor((rand() - 0.5) * 600_000) : 0;
    const env = { clockOffsetMs: offset };
    const pick = Math.floor(rand() * 17);
    const e: CustodyEvent =
      pick === 0
        ? ev('handed_off', hhmm, { studentId: sid, source, toGroupId: 'g1' }, env)
        : pick === 1
          ? ev('checked_in', hhmm, { studentId: sid, source, groupId: rand() < 0.8 ? 'g1' : 'g2' }, env)
          : pick === 2
            ? ev(
                'transferred',
                hhmm,
                { studentId: sid, source, to: rand() < 0.5 ? { kind: 'club', clubId: 'choir' } : { kind: 'nurse' } },
                env,
              )
            : pick === 3
              ? ev('sent_to_gate', hhmm, { studentId: sid, source }, env)
              : pick === 4
                ? ev(
                    'released',
                    hhmm,
                    { studentId: sid, source, how: { kind: 'staff_confirmed', collectedBy: '家长' } },
                    env,
                  )
                : pick === 5
                  ? ev(
                      'extended_care_started',
                      hhmm,
                      { studentId: sid, source, place: '门卫室', adultStaffId: 'gate1' },
                      env,
                    )
                  : pick === 6
                    ? ev('leave_recorded', hhmm, { studentId: sid, reason: 'sick', note: '' }, env)
                    : pick === 7
                      ? ev('marked_absent', hhmm, { studentId: sid }, env)
                      : pick === 8 && events.length
                        ? ev(
                            'corrected',
                            hhmm,
                            { targetId: events[Math.floor(rand() * events.length)]!.id, reason: '更正' },
                            env,
                          )
                        : pick === 9
                          ? ev('staff_signed_in', hhmm, { duty: 'care', groupId: 'g1' }, { ...env, staffId: 'care1' })
                          : // RC1–RC3: the duty leader starts and ends roll calls (sometimes twice), and any kiosk marks children safe.
                            pick === 10 || pick === 11
                            ? ev('roll_call_started', hhmm, {}, { ...env, staffId: rand() < 0.5 ? 't1' : 't2' })
                            : pick === 12
                              ? ev('roll_call_ended', hhmm, {}, { ...env, staffId: 't1' })
                              : pick === 13 || pick === 14
                                ? ev('marked_safe', hhmm, { studentId: sid, source }, env)
                                : pick === 15
                                  ? ev(
                                      'arrangement_recorded',
                                      hhmm,
                                      { studentId: sid, arrangement: { kind: 'late_pickup', at: '18:00' }, note: '' },
                                      env,
                                    )
                                  : ev(
                                      'picked_up_early',
                                      hhmm,
                                      { studentId: sid, source, collectedBy: '奶奶', reason: '看病' },
                                      env,
                                    );
    events.push(e);
  }
  return events;
}

/** The same events shuffled, about a third of them delivered twice. */
export function shuffledWithRepeats(events: CustodyEvent[], rand: () => number): CustodyEvent[] {
  const out = [...events, ...events.filter(() => rand() < 0.3)];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
