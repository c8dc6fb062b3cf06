/**
 * The kiosk and the hub read one table of what each station may record (CU20, core/stations.ts): whatever a
 * station's scan decides, for every child of the roster fixture in every state a day can leave it in, the hub
 * accepts from a tablet assigned that station.
 */
import { describe, expect, it } from 'vitest';
import type { CustodyEvent } from '../../core/events';
import { messages } from '../../core/messages';
import { reduceDay } from '../../core/reduceDay';
import { indexRoster } from '../../core/roster';
import type { Student } from '../../core/roster';
import { ChildStatus } from '../../core/state';
import type { Station } from '../../core/stations';
import { assignedFromStation, STATION_TABLE, stationProblem } from '../../core/stations';
import type { ScanContext } from '../../kiosk/lib/stationRules';
import { decideScan, decideStudent } from '../../kiosk/lib/stationRules';
import { at, DAY, ev, kioskRoster, manual, nextId, tinyRoster } from '../core/fixtures';

const roster = tinyRoster();
const index = indexRoster(roster);
// What the kiosk decides from: the hashed roster it holds (no card ids); the hub checks against the real one.
const tablet = kioskRoster(roster);
const kioskIndex = indexRoster(tablet);
/** Tuesday (g2 does not meet) and Wednesday (both groups meet). */
const DAYS = [DAY, '2026-11-25'];
const stations: Station[] = [
  ...roster.classes.map((c) => ({ kind: 'classroom', classId: c.id }) as const),
  ...roster.groups.map((g) => ({ kind: 'care', groupId: g.id }) as const),
  { kind: 'gate' },
];
const refusedHere = { zh: messages.station_mismatch.zh, en: messages.station_mismatch.en };
const otherGroup = (s: Student) => roster.groups.find((g) => g.id !== s.groupId)!.id;

/** Each child's day so far: every history leads the child to a state a kiosk can meet it in. */
const histories: Record<string, (s: Student, day: string) => CustodyEvent[]> = {
  expected: () => [],
  handedOff: (s, day) => [
    ev('handed_off', '15:31', { studentId: s.id, source: manual, toGroupId: s.groupId! }, { day }),
  ],
  inCare: (s, day) => [ev('checked_in', '15:35', { studentId: s.id, source: manual, groupId: s.groupId! }, { day })],
  inAnotherGroup: (s, day) => [
    ev('checked_in', '15:35', { studentId: s.id, source: manual, groupId: otherGroup(s) }, { day }),
  ],
  atTheNurse: (s, day) => [
    ...histories.inCare!(s, day),
    ev('transferred', '16:00', { studentId: s.id, source: manual, to: { kind: 'nurse' } }, { day }),
  ],
  atGate: (s, day) => [
    ...histories.inCare!(s, day),
    ev('sent_to_gate', '17:20', { studentId: s.id, source: { kind: 'group' } }, { day }),
  ],
  released: (s, day) => [
    ...histories.atGate!(s, day),
    ev(
      'released',
      '17:31',
      { studentId: s.id, source: manual, how: { kind: 'staff_confirmed', collectedBy: '妈妈' } },
      { day },
    ),
  ],
  pickedUpEarly: (s, day) => [
    ...histories.inCare!(s, day),
    ev('picked_up_early', '16:10', { studentId: s.id, source: manual, collectedBy: '奶奶', reason: '看病' }, { day }),
  ],
  extendedCare: (s, day) => [
    ...histories.atGate!(s, day),
    ev(
      'extended_care_started',
      '17:46',
      { studentId: s.id, source: manual, place: '门卫室', adultStaffId: 'gate1' },
      { day },
    ),
  ],
  absent: (s, day) => [ev('marked_absent', '15:45', { studentId: s.id }, { day })],
  onLeave: (s, day) => [ev('leave_recorded', '08:00', { studentId: s.id, reason: 'sick', note: '' }, { day })],
  changedWayHome: (s, day) => [
    ev(
      'arrangement_recorded',
      '08:00',
      { studentId: s.id, arrangement: { kind: 'pickup_change', plan: { kind: 'bus', bus: '3' } } },
      { day },
    ),
    ...histories.atGate!(s, day),
  ],
  rollCall: (s, day) => [...histories.inCare!(s, day), ev('roll_call_started', '16:20', {}, { day })],
  markedSafe: (s, day) => [
    ...histories.rollCall!(s, day),
    ev('marked_safe', '16:21', { studentId: s.id, source: manual }, { day }),
  ],
  rollCallEnded: (s, day) => [...histories.markedSafe!(s, day), ev('roll_call_ended', '16:30', {}, { day })],
};

/** The day with every enrolled child given the same history (roll-call events once). */
function dayOf(history: (s: Student, day: string) => CustodyEvent[], day: string): CustodyEvent[] {
  const seen = new Set<string>();
  return roster.students
    .filter((s) => s.groupId !== null)
    .flatMap((s) => history(s, day))
    .filter((e) => {
      if (e.type !== 'roll_call_started' && e.type !== 'roll_call_ended') return true;
      const first = !seen.has(e.type);
      seen.add(e.type);
      return first;
    });
}

describe('CU20 one station table for the kiosk and the hub', () => {
  it("CU20 what a station's scan decides for any child in any state is accepted from a tablet given it", () => {
    const statuses = new Set<string>();
    const recorded = new Set<string>();
    let checked = 0;
    for (const day of DAYS) {
      for (const [name, history] of Object.entries(histories)) {
        for (const hhmm of ['16:40', '17:50']) {
          const state = reduceDay({ roster: tablet, day, events: dayOf(history, day), now: at(hhmm, day) });
          for (const child of Object.values(state.children)) statuses.add(child.status);
          for (const station of stations) {
            const base: ScanContext = {
              index: kioskIndex,
              state,
              station,
              day,
              now: at(hhmm, day),
              deviceId: 'k1',
              staffId: 'care1',
              clockOffsetMs: 0,
              newId: nextId,
            };
            // at the gate: no pickup card, then each guardian's card scanned just before
            const contexts = [
              base,
              ...(station.kind === 'gate'
                ? roster.guardians.map((g) => ({ ...base, guardianMatch: { guardian: g, cardId: g.cardId! } }))
                : []),
            ];
            for (const ctx of contexts) {
              const verdicts = [
                ...roster.students.flatMap((s) => [decideScan(ctx, s.cardId!), decideStudent(ctx, s, manual)]),
                ...roster.guardians.map((g) => decideScan(ctx, g.cardId!)),
              ];
              // The kiosk's guard (the same table) never stopped one: the screens decide what the table allows.
              for (const v of verdicts)
                expect(v.title, `${station.kind} ${name} ${day} ${hhmm}`).not.toEqual(refusedHere);
              for (const e of verdicts.flatMap((v) => v.events)) {
                const label = `${station.kind} ${name} ${day} ${hhmm} ${'studentId' in e ? e.studentId : ''} ${e.type}`;
                expect(stationProblem(index, e, assignedFromStation(station)), label).toBeUndefined();
                recorded.add(`${station.kind}:${e.type}`);
                checked++;
              }
            }
          }
        }
      }
    }
    // Not vacuous: every state a child can be in was met, and each station wrote what its scans write.
    expect([...statuses].sort()).toEqual(Object.values(ChildStatus).sort());
    expect([...recorded].sort()).toEqual([
      'care:checked_in',
      'care:marked_safe',
      'classroom:handed_off',
      'classroom:marked_safe',
      'gate:called_to_gate',
      'gate:marked_safe',
      'gate:released',
    ]);
    expect(checked).toBeGreaterThan(1000);
  });

  it('CU20 a verdict that would write what the table does not allow writes nothing and says why', () => {
    // A child the kiosk's copy of the roster still shows in c1 while the index has it in c2: the table has the
    // last word, so the hand-off is not written.
    const state = reduceDay({ roster, day: '2026-11-25', events: [], now: at('15:40', '2026-11-25') });
    const ctx: ScanContext = {
      index,
      state,
      station: { kind: 'classroom', classId: 'c1' },
      day: '2026-11-25',
      now: at('15:40', '2026-11-25'),
      deviceId: 'k1',
      staffId: 't1',
      clockOffsetMs: 0,
      newId: nextId,
    };
    const d = index.students.get('d')!;
    expect(decideStudent(ctx, { ...d, classId: 'c2' }, manual).events).toEqual([]);
    const moved = decideStudent(ctx, { ...d, classId: 'c1' }, manual);
    expect(moved).toEqual({
      level: 'error',
      title: {
        zh: '此平板由教导处分配到其他岗位，不能记录这一项',
        en: 'This tablet is assigned to another station: it cannot record this',
      },
      detail: { zh: 'handed_off', en: 'handed_off' },
      student: { ...d, classId: 'c1' },
      events: [],
    });
    expect(Object.keys(STATION_TABLE)).toEqual(['classroom', 'care', 'gate']);
  });
});
