/** A tiny school and an event factory for the core tests: readable in one screen. */
import type { CustodyEvent, CustodyEventInput } from '../../core/events';
import { CustodyEventSchema } from '../../core/events';
import type { Roster, RosterInput } from '../../core/roster';
import { RosterSchema } from '../../core/roster';
import { zonedTimeToEpoch } from '../../core/time';
import { makeCardId } from '../../core/cardId';
import { tabletRoster } from '../../core/cardHash';

export const TZ = 'Asia/Shanghai';
/** A Tuesday */
export const DAY = '2026-11-24';

export function card(kind: 'student' | 'guardian', n: number, tag = 'AB'): string {
  return makeCardId(
    kind,
    tag,
    Uint8Array.from({ length: 9 }, (_, i) => (n * 31 + i * 7) & 0xff),
  );
}

export function tinyRosterInput(): RosterInput {
  return {
    school: { id: 'sch', name: '测试小学', cardTag: 'AB' },
    settings: {
      timeZone: TZ,
      transitAlertMinutes: 5,
      notHandedOffAlertMinutes: 10,
      graceMinutes: 15,
      childrenPerTeacher: 30,
      kioskOfflineMinutes: 3,
    },
    calendar: {
      serviceWeekdays: [1, 2, 3, 4, 5],
      holidays: [{ from: '2026-12-31', to: '2027-01-02', name: '元旦' }],
      exceptions: [
        { day: '2026-11-26', service: false, note: '教师培训' },
        { day: '2026-11-28', service: true, note: '补班' },
      ],
      timetables: [
        { id: 'winter', name: '冬令时', sessions: [{ grades: [1, 2], start: '15:30', end: '17:30' }] },
        { id: 'summer', name: '夏令时', sessions: [{ grades: [1, 2], start: '15:30', end: '18:00' }] },
      ],
      switches: [
        { from: '2026-05-01', timetableId: 'summer' },
        { from: '2026-10-01', timetableId: 'winter' },
      ],
    },
    rooms: [
      { id: 'r1', name: '一(1)班', capacity: 50 },
      { id: 'r2', name: '多功能室', capacity: 3 },
      { id: 'music', name: '音乐教室', capacity: 40 },
    ],
    classes: [
      { id: 'c1', name: '一年级1班', grade: 1, roomId: 'r1', headTeacherId: 't1' },
      { id: 'c2', name: '一年级2班', grade: 1, roomId: 'r1', headTeacherId: 't2' },
    ],
    groups: [
      {
        id: 'g1',
        name: '一(1)班本班',
        kind: 'whole_class',
        roomId: 'r1',
        capacity: 45,
        grades: [1],
        weekdays: [1, 2, 3, 4, 5],
      },
      { id: 'g2', name: '混合班', kind: 'mixed', roomId: 'r2', capacity: 45, grades: [1], weekdays: [1, 3, 5] },
    ],
    clubs: [{ id: 'choir', name: '合唱', roomId: 'music', weekdays: [2] }],
    staff: [
      { id: 't1', name: '王老师', roles: ['class_teacher', 'subject_teacher'] },
      { id: 't2', name: '李老师', roles: ['class_teacher'] },
      { id: 'care1', name: '张老师', roles: ['care_teacher'] },
      { id: 'gate1', name: '孙师傅', roles: ['gate_duty'] },
      { id: 'gone', name: '离职老师', roles: ['care_teacher'], active: false },
    ],
    students: [
      {
        id: 'a',
        studentNo: '001',
        name: '张小明',
        initials: 'zxm',
        grade: 1,
        classId: 'c1',
        groupId: 'g1',
        pickup: { kind: 'guardian' },
        cardId: card('student', 1),
      },
      {
        id: 'b',
        studentNo: '002',
        name: '李华',
        initials: 'lh',
        grade: 1,
        classId: 'c1',
        groupId: 'g1',
        pickup: { kind: 'bus', bus: '2' },
        cardId: card('student', 2),
      },
      {
        id: 'c',
        studentNo: '003',
        name: '王芳',
        initials: 'wf',
        grade: 1,
        classId: 'c1',
        groupId: 'g1',
        pickup: { kind: 'walks_alone', permissionOnFile: true },
        cardId: card('student', 3),
      },
      {
        id: 'd',
        studentNo: '004',
        name: '赵强',
        initials: 'zq',
        grade: 1,
        classId: 'c2',
        groupId: 'g2',
        pickup: { kind: 'guardian' },
        cardId: card('student', 4),
      },
      {
        id: 'e',
        studentNo: '005',
        name: '不报名',
        initials: 'bbm',
        grade: 1,
        classId: 'c2',
        groupId: null,
        pickup: { kind: 'guardian' },
        cardId: card('student', 5),
      },
    ],
    guardians: [
      {
        id: 'ga',
        name: '张爸爸',
        relation: '父亲',
        phone: '13800000001',
        studentIds: ['a', 'd'],
        cardId: card('guardian', 11),
      },
      {
        id: 'gb',
        name: '李妈妈',
        relation: '母亲',
        phone: '13800000002',
        studentIds: ['b'],
        cardId: card('guardian', 12),
      },
    ],
    revokedCards: [{ cardId: card('student', 99), ownerId: 'a', revokedAt: 1 }],
  };
}

export function tinyRoster(patch?: (r: RosterInput) => void): Roster {
  const input = tinyRosterInput();
  patch?.(input);
  return RosterSchema.parse(input);
}

/** The card key of the tests' kiosk rosters: any 32 bytes do. */
export const TEST_CARD_KEY = '5a'.repeat(32);

/**
 * A roster as a kiosk holds it (core/cardHash.ts): every card id null, their HMACs instead. Tests that build a
 * kiosk's scan context use this; the hub's checks keep the real roster.
 */
export function kioskRoster(roster: Roster = tinyRoster()): Roster {
  return tabletRoster(roster, TEST_CARD_KEY);
}

/** Milliseconds of a wall-clock time on DAY in the school's zone. */
export function at(hhmm: string, day = DAY): number {
  return zonedTimeToEpoch(day, hhmm, TZ);
}

let counter = 0;
/** A valid UUID that sorts by creation, so ties in time stay readable in test failures. */
export function nextId(): string {
  counter++;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
}

type Body<T extends CustodyEvent['type']> = Omit<
  Extract<CustodyEventInput, { type: T }>,
  'id' | 'day' | 'deviceId' | 'staffId' | 'deviceTime' | 'clockOffsetMs' | 'type'
>;

/** An event of `type` at wall-clock `hhmm`, with defaults for the envelope; parsed, so it is valid. */
export function ev<T extends CustodyEvent['type']>(
  type: T,
  hhmm: string,
  body: Body<T>,
  envelope: Partial<Pick<CustodyEventInput, 'id' | 'day' | 'deviceId' | 'staffId' | 'clockOffsetMs'>> = {},
): Extract<CustodyEvent, { type: T }> {
  const day = envelope.day ?? DAY;
  return CustodyEventSchema.parse({
    id: envelope.id ?? nextId(),
    day,
    deviceId: envelope.deviceId ?? 'k1',
    staffId: envelope.staffId ?? 't1',
    deviceTime: at(hhmm, day),
    clockOffsetMs: envelope.clockOffsetMs ?? 0,
    type,
    ...body,
  }) as Extract<CustodyEvent, { type: T }>;
}

export const manual = { kind: 'manual', reason: '忘带卡' } as const;
