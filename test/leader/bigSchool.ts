/**
 * Issue #20: a school of 3,000 children (75 care groups of 40, one class each) built from the core tests' tiny
 * school, and the day it is in, as the incremental reducer hands it on: `applyCheckIn` changes one child and
 * keeps every other ChildDay object, while group counts, the school's numbers and the anomalies are fresh
 * objects (equal in value where nothing changed), which is what the lead's core/dayReducer.ts guarantees.
 */
import { reduceDay } from '../../core/reduceDay';
import type { Roster, RosterInput } from '../../core/roster';
import type { DayState } from '../../core/state';
import type { CustodyEvent } from '../../core/events';
import { at, DAY, ev, manual, tinyRoster } from '../core/fixtures';

const SURNAMES: [string, string][] = [
  ['张', 'z'],
  ['李', 'l'],
  ['王', 'w'],
  ['刘', 'l'],
  ['陈', 'c'],
  ['杨', 'y'],
  ['赵', 'z'],
  ['黄', 'h'],
  ['周', 'z'],
  ['吴', 'w'],
];
const GIVEN: [string, string][] = [
  ['小', 'x'],
  ['明', 'm'],
  ['华', 'h'],
  ['芳', 'f'],
  ['强', 'q'],
  ['静', 'j'],
  ['磊', 'l'],
  ['洋', 'y'],
  ['婷', 't'],
  ['杰', 'j'],
  ['雨', 'y'],
  ['欣', 'x'],
];

export function bigRoster(groups = 75, perGroup = 40): Roster {
  return tinyRoster((r: RosterInput) => {
    r.rooms = [{ id: 'music', name: '音乐教室', capacity: 40 }];
    r.classes = [];
    r.groups = [];
    r.students = [];
    r.guardians = [];
    r.revokedCards = [];
    for (let g = 1; g <= groups; g++) {
      const grade = ((g - 1) % 2) + 1;
      r.rooms.push({ id: `r${g}`, name: `教室${g}`, capacity: 50 });
      r.classes.push({ id: `c${g}`, name: `${grade}年级${g}班`, grade, roomId: `r${g}`, headTeacherId: 't1' });
      r.groups.push({
        id: `g${g}`,
        name: `${g}班看护`,
        kind: 'whole_class',
        roomId: `r${g}`,
        capacity: 45,
        grades: [grade],
        weekdays: [1, 2, 3, 4, 5],
      });
      for (let k = 1; k <= perGroup; k++) {
        const n = (g - 1) * perGroup + k;
        const [s, si] = SURNAMES[n % SURNAMES.length]!;
        const [a, ai] = GIVEN[Math.floor(n / SURNAMES.length) % GIVEN.length]!;
        const [b, bi] = GIVEN[Math.floor(n / (SURNAMES.length * GIVEN.length)) % GIVEN.length]!;
        r.students.push({
          id: `s${n}`,
          studentNo: String(n).padStart(5, '0'),
          name: s + a + b,
          initials: si + ai + bi,
          grade,
          classId: `c${g}`,
          groupId: `g${g}`,
          pickup: { kind: 'guardian' },
          cardId: null,
        });
      }
    }
  });
}

/** The day at 15:35, the session just begun, nobody seen yet: every child expected, no alert yet. */
export function bigDay(roster: Roster): DayState {
  return reduceDay({ roster, day: DAY, events: [], now: at('15:35') });
}

/**
 * One child checked in to its group, as the incremental reducer would pass it on: that child's ChildDay and its
 * group's count are new, every other child keeps its object, and the other counts and anomalies are fresh copies.
 */
export function applyCheckIn(prev: DayState, studentId: string, now = prev.now + 1_000): DayState {
  const c = prev.children[studentId]!;
  const groupId = c.groupId!;
  const children = {
    ...prev.children,
    [studentId]: { ...c, status: 'in_care' as const, since: now, place: { kind: 'group' as const, groupId } },
  };
  const groups = Object.fromEntries(Object.entries(prev.groups).map(([id, g]) => [id, { ...g }]));
  const g = groups[groupId]!;
  g.present += 1;
  g.awaiting -= 1;
  return {
    ...prev,
    now,
    children,
    groups,
    school: { ...prev.school, inCare: prev.school.inCare + 1, onCampus: prev.school.onCampus + 1 },
    anomalies: prev.anomalies.map((a) => ({ ...a })),
    eventCount: prev.eventCount + 1,
  };
}

/** A second passed and nothing happened: every child kept, every count a fresh copy of the same numbers. */
export function tick(prev: DayState, now = prev.now + 1_000): DayState {
  return {
    ...prev,
    now,
    children: { ...prev.children },
    groups: Object.fromEntries(Object.entries(prev.groups).map(([id, g]) => [id, { ...g }])),
    school: { ...prev.school },
    anomalies: prev.anomalies.map((a) => ({ ...a })),
  };
}

/** A roll call just started: every child a participant, every one unaccounted for. */
export function startRollCall(prev: DayState): DayState {
  const ids = Object.keys(prev.children);
  return {
    ...prev,
    rollCall: {
      startedAt: prev.now,
      startedBy: 'leader',
      participants: ids,
      safe: [],
      unaccounted: ids.map((studentId) => ({ studentId, status: prev.children[studentId]!.status })),
    },
  };
}

/** One child found safe during the roll call: the roll call's lists are fresh, their rows too. */
export function markSafe(prev: DayState, studentId: string): DayState {
  const r = prev.rollCall!;
  return {
    ...tick(prev),
    rollCall: {
      ...r,
      safe: [...r.safe, studentId],
      unaccounted: r.unaccounted.filter((u) => u.studentId !== studentId).map((u) => ({ ...u })),
    },
  };
}

/** `n` open alerts that did not hand a child off in time, as at 16:00 with no classroom tablet working. */
export function withAlerts(prev: DayState, n: number): DayState {
  const anomalies = Object.values(prev.children)
    .slice(0, n)
    .map((c) => ({
      key: `not_handed_off:${c.studentId}`,
      code: 'not_handed_off' as const,
      severity: 'alert' as const,
      since: prev.now,
      studentId: c.studentId,
      groupId: c.groupId ?? undefined,
    }));
  return { ...prev, anomalies };
}

/** Children the afternoon of `afternoonEvents` leaves unseen, for one more check-in to find them. */
export const UNSEEN = new Set(['s1', 's5', 's7', 's8', 's900', 's2999']);

const hhmm = (min: number) => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;

/**
 * An afternoon of the big school by 17:00, as the real log holds it (for core/dayReducer.ts to fold): two care
 * teachers sign in to each group at 15:30 (40 children need two at 30 a teacher), every child but UNSEEN is handed
 * off at 15:31–15:34 and checked in to its group a minute later, and the last ten groups' children are sent to
 * the gate at 16:30 and released at 16:35–16:44. The last event is at 16:44: a check-in stamped before it is late.
 */
export function afternoonEvents(roster: Roster): CustodyEvent[] {
  const out: CustodyEvent[] = [];
  const groups = roster.groups.map((g) => g.id);
  for (const g of groups)
    for (const t of ['a', 'b'])
      out.push(ev('staff_signed_in', '15:30', { duty: 'care', groupId: g }, { staffId: `care-${g}${t}` }));
  const last = new Set(groups.slice(-10));
  roster.students.forEach((s, i) => {
    if (UNSEEN.has(s.id)) return;
    const src = { source: manual };
    const m = 15 * 60 + 31 + (i % 4);
    out.push(ev('handed_off', hhmm(m), { studentId: s.id, toGroupId: s.groupId!, ...src }));
    out.push(ev('checked_in', hhmm(m + 1), { studentId: s.id, groupId: s.groupId!, ...src }));
    if (!last.has(s.groupId!)) return;
    out.push(ev('sent_to_gate', '16:30', { studentId: s.id, ...src }));
    out.push(
      ev('released', hhmm(16 * 60 + 35 + (i % 10)), {
        studentId: s.id,
        how: { kind: 'staff_confirmed', collectedBy: '家长' },
        ...src,
      }),
    );
  });
  return out;
}

/** One child checked in to its own group at `time` (HH:MM), as a care tablet records it. */
export function checkInEvent(roster: Roster, studentId: string, time: string): CustodyEvent {
  const s = roster.students.find((x) => x.id === studentId)!;
  return ev('checked_in', time, { studentId, groupId: s.groupId!, source: manual });
}
