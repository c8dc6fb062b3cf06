/**
 * The demo school a fresh hub starts with, so a newcomer can try every screen at once: two grades × three
 * classes, about 240 students, a whole-class and a mixed care group per grade, clubs, staff with PINs. Given a
 * `size` (`npm start -- --demo-size 3000`, issue #20) it is a whole school of about that many children instead:
 * six grades, classes of about 40, whole-class and mixed care groups, clubs, bus routes and walkers.
 * Deterministic for a given seed (names, groups, plans); card ids come from the caller's randomness.
 */
import { timetableFor } from '../../core/calendar';
import type { Roster, RosterInput, SessionTimes, Student } from '../../core/roster';
import { NO_SAFETY_NOTES, RosterSchema } from '../../core/roster';
import { CARD_ALPHABET, CARD_RANDOM_BYTES, makeCardId } from '../../core/cardId';
import { prng } from '../../core/prng';
import { addDays, addMinutesToHhmm, isoWeekday, localTime } from '../../core/time';

/** [character, pinyin initial] */
const SURNAMES: [string, string][] = [
  ['王', 'w'],
  ['李', 'l'],
  ['张', 'z'],
  ['刘', 'l'],
  ['陈', 'c'],
  ['杨', 'y'],
  ['黄', 'h'],
  ['赵', 'z'],
  ['吴', 'w'],
  ['周', 'z'],
  ['徐', 'x'],
  ['孙', 's'],
  ['马', 'm'],
  ['朱', 'z'],
  ['胡', 'h'],
  ['郭', 'g'],
  ['何', 'h'],
  ['林', 'l'],
  ['罗', 'l'],
  ['高', 'g'],
];
const GIVEN: [string, string][] = [
  ['子', 'z'],
  ['涵', 'h'],
  ['梓', 'z'],
  ['轩', 'x'],
  ['欣', 'x'],
  ['怡', 'y'],
  ['浩', 'h'],
  ['宇', 'y'],
  ['一', 'y'],
  ['诺', 'n'],
  ['雨', 'y'],
  ['桐', 't'],
  ['俊', 'j'],
  ['熙', 'x'],
  ['思', 's'],
  ['琪', 'q'],
  ['博', 'b'],
  ['文', 'w'],
  ['嘉', 'j'],
  ['乐', 'l'],
  ['晨', 'c'],
  ['阳', 'y'],
  ['佳', 'j'],
  ['明', 'm'],
];
const GRADE_NAMES: Record<number, string> = {
  1: '一年级',
  2: '二年级',
  3: '三年级',
  4: '四年级',
  5: '五年级',
  6: '六年级',
};
const CLASS_SIZE = 40;
export const DEMO_PIN = '2468';
/** The sizes `--demo-size` accepts: one class at the least, a very large city school at the most. */
export const DEMO_SIZE_MIN = 40;
export const DEMO_SIZE_MAX = 5000;

function pick<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)]!;
}

export interface DemoOptions {
  /** random bytes for card ids and the school's card tag */
  randomBytes: (n: number) => Uint8Array;
  seed?: number;
  /** How many children: without it, the small two-grade demo (240); with it, a six-grade school of that many. */
  size?: number;
}

function personName(rand: () => number): { name: string; initials: string } {
  const [s, si] = pick(rand, SURNAMES);
  const parts = [pick(rand, GIVEN), ...(rand() < 0.7 ? [pick(rand, GIVEN)] : [])];
  return { name: s + parts.map((p) => p[0]).join(''), initials: si + parts.map((p) => p[1]).join('') };
}

type Card = (kind: 'student' | 'guardian') => string;
/** What the school's size decides: its people, rooms, groups, clubs and rotas. */
type SchoolBody = Pick<
  RosterInput,
  'rooms' | 'classes' | 'groups' | 'clubs' | 'staff' | 'students' | 'guardians' | 'rotas'
>;
const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];

/** The duty leaders, the same at every size. */
const LEADERS: RosterInput['staff'] = [
  { id: 'leader-1', name: '赵校长', roles: ['duty_leader'] },
  { id: 'office-1', name: '钱主任', roles: ['office', 'duty_leader'] },
];
/** The rooms and clubs of the small demo; a bigger school has more of both. */
const SPECIAL_ROOMS: RosterInput['rooms'] = [
  { id: 'room-music', name: '音乐教室', capacity: 40 },
  { id: 'room-art', name: '美术教室', capacity: 40 },
  { id: 'room-guard', name: '门卫室', capacity: 20 },
];
const CLUBS: NonNullable<RosterInput['clubs']> = [
  { id: 'club-choir', name: '合唱社团', roomId: 'room-music', weekdays: [2, 4] },
  { id: 'club-art', name: '美术社团', roomId: 'room-art', weekdays: [1, 3, 5] },
];
const BIG_SCHOOL_ROOMS: RosterInput['rooms'] = [
  { id: 'room-field', name: '操场', capacity: 200 },
  { id: 'room-calligraphy', name: '书法教室', capacity: 40 },
  { id: 'room-science', name: '科学教室', capacity: 40 },
  { id: 'room-library', name: '图书室', capacity: 60 },
];
const BIG_SCHOOL_CLUBS: NonNullable<RosterInput['clubs']> = [
  { id: 'club-football', name: '足球社团', roomId: 'room-field', weekdays: [1, 3] },
  { id: 'club-calligraphy', name: '书法社团', roomId: 'room-calligraphy', weekdays: [2, 5] },
  { id: 'club-science', name: '科技社团', roomId: 'room-science', weekdays: [4] },
  { id: 'club-chess', name: '围棋社团', roomId: 'room-library', weekdays: [3, 5] },
];
const leaderRota = () => ALL_DAYS.map((weekday) => ({ weekday, staffId: weekday <= 3 ? 'leader-1' : 'office-1' }));

/**
 * One child and their guardian, the rest of the student drawn here (card, priority group, fee waiver, parent), in
 * the order the small demo always drew them, so its children stay the same.
 */
function addChild(
  rand: () => number,
  card: Card,
  body: { students: Student[]; guardians: NonNullable<RosterInput['guardians']> },
  child: Pick<Student, 'id' | 'studentNo' | 'name' | 'initials' | 'grade' | 'classId' | 'groupId' | 'pickup'> & {
    pickupWave: number;
  },
): Student {
  const student: Student = {
    ...child,
    cardId: card('student'),
    priority: rand() < 0.05 ? ['left_behind'] : [],
    feeWaiver: rand() < 0.04,
    safety: NO_SAFETY_NOTES,
  };
  body.students.push(student);
  const parent = rand() < 0.5 ? '母亲' : '父亲';
  body.guardians.push({
    id: `gd-${child.id}`,
    name: `${child.name.slice(0, 1)}${pick(rand, GIVEN)[0]}${pick(rand, GIVEN)[0]}`,
    relation: parent,
    phone: `13${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`,
    studentIds: [child.id],
    cardId: card('guardian'),
  });
  return student;
}

export function makeDemoSchool(opts: DemoOptions): Roster {
  const rand = prng(opts.seed ?? 20261124);
  const tagBytes = opts.randomBytes(2);
  const cardTag = CARD_ALPHABET[tagBytes[0]! % 32]! + CARD_ALPHABET[tagBytes[1]! % 32]!;
  const card: Card = (kind) => makeCardId(kind, cardTag, opts.randomBytes(CARD_RANDOM_BYTES));
  const body = opts.size === undefined ? smallSchool(rand, card) : sizedSchool(rand, card, opts.size);

  return RosterSchema.parse({
    school: { id: 'demo', name: '接力演示小学', cardTag },
    // A school that charges (2.30 yuan a lesson-hour, at most 2 a day, 300 a semester) and pays its care teachers 50.
    settings: {
      feePerLessonHour: 2.3,
      maxChargedLessonHoursPerDay: 2,
      semesterFeeCap: 300,
      teacherPayPerLessonHour: 50,
    },
    calendar: {
      serviceWeekdays: [1, 2, 3, 4, 5],
      holidays: [{ from: '2027-01-23', to: '2027-02-21', name: '寒假' }],
      exceptions: [],
      timetables: [
        {
          id: 'winter',
          name: '冬令时',
          sessions: [
            { grades: [1, 2], start: '15:30', end: '17:30' },
            { grades: [3, 4], start: '15:55', end: '17:55' },
            { grades: [5, 6], start: '16:00', end: '18:00' },
          ],
        },
        {
          id: 'summer',
          name: '夏令时',
          sessions: [
            { grades: [1, 2], start: '15:30', end: '18:00' },
            { grades: [3, 4], start: '15:55', end: '18:15' },
            { grades: [5, 6], start: '16:00', end: '18:15' },
          ],
        },
      ],
      switches: [
        { from: '2026-05-01', timetableId: 'summer' },
        { from: '2026-10-01', timetableId: 'winter' },
        { from: '2027-05-01', timetableId: 'summer' },
        { from: '2027-10-01', timetableId: 'winter' },
      ],
    },
    ...body,
    revokedCards: [],
  } satisfies RosterInput);
}

/** The default demo: grades 1 and 3, three classes each, 240 children (hundreds of tests know its ids). */
function smallSchool(rand: () => number, card: Card): SchoolBody {
  const rooms: RosterInput['rooms'] = [];
  const classes: RosterInput['classes'] = [];
  const groups: RosterInput['groups'] = [];
  const staff: RosterInput['staff'] = [
    ...LEADERS,
    { id: 'gate-1', name: '孙师傅', roles: ['gate_duty'] },
    { id: 'gate-2', name: '周老师', roles: ['gate_duty', 'subject_teacher'] },
  ];
  const people = { students: [] as Student[], guardians: [] as NonNullable<RosterInput['guardians']> };

  for (const grade of [1, 3]) {
    const gradeName = GRADE_NAMES[grade]!;
    const mixedRoom = `room-mp-${grade}`;
    rooms.push({ id: mixedRoom, name: `${gradeName}多功能室`, capacity: 45 });
    groups.push({
      id: `g${grade}-whole`,
      name: `${gradeName}1班（本班看护）`,
      kind: 'whole_class',
      roomId: `room-${grade}-1`,
      capacity: 45,
      grades: [grade],
      weekdays: ALL_DAYS,
    });
    groups.push({
      id: `g${grade}-mixed`,
      name: `${gradeName}混合班`,
      kind: 'mixed',
      roomId: mixedRoom,
      capacity: 45,
      grades: [grade],
      weekdays: ALL_DAYS,
    });
    staff.push({
      id: `care-${grade}a`,
      name: `${pick(rand, SURNAMES)[0]}老师（看护）`,
      roles: ['care_teacher', 'subject_teacher'],
    });
    staff.push({ id: `care-${grade}b`, name: `${pick(rand, SURNAMES)[0]}老师（看护）`, roles: ['care_teacher'] });
    for (let c = 1; c <= 3; c++) {
      const classId = `c${grade}-${c}`;
      const teacherId = `t${grade}-${c}`;
      rooms.push({ id: `room-${grade}-${c}`, name: `${gradeName}${c}班教室`, capacity: 50 });
      classes.push({
        id: classId,
        name: `${gradeName}${c}班`,
        grade,
        roomId: `room-${grade}-${c}`,
        headTeacherId: teacherId,
      });
      staff.push({
        id: teacherId,
        name: `${pick(rand, SURNAMES)[0]}老师（${gradeName}${c}班班主任）`,
        roles: ['class_teacher', 'subject_teacher'],
      });
      for (let n = 1; n <= CLASS_SIZE; n++) {
        const id = `s${grade}${c}${String(n).padStart(2, '0')}`;
        const { name, initials } = personName(rand);
        // Class 1 stays in its own room when most enrol; classes 2 and 3 send about half to the mixed group.
        const enrolled = c === 1 ? rand() < 0.75 : rand() < 0.5;
        const r = rand();
        const pickup: Student['pickup'] =
          grade === 3 && r < 0.08
            ? { kind: 'walks_alone', permissionOnFile: true }
            : r < 0.2
              ? { kind: 'bus', bus: rand() < 0.5 ? '1' : '2' }
              : { kind: 'guardian' };
        addChild(rand, card, people, {
          id,
          studentNo: `2026${grade}${c}${String(n).padStart(2, '0')}`,
          name,
          initials,
          grade,
          classId,
          groupId: enrolled ? (c === 1 ? `g${grade}-whole` : `g${grade}-mixed`) : null,
          pickup,
          pickupWave: grade === 1 ? 1 : 2,
        });
      }
    }
  }
  rooms.push(...SPECIAL_ROOMS.map((r) => ({ ...r })));
  return {
    rooms,
    classes,
    groups,
    clubs: CLUBS.map((c) => ({ ...c })),
    staff,
    ...people,
    rotas: {
      care: [1, 3].flatMap((g) =>
        ALL_DAYS.flatMap((weekday) => [
          { groupId: `g${g}-whole`, weekday, staffId: `care-${g}a` },
          { groupId: `g${g}-mixed`, weekday, staffId: `care-${g}b` },
        ]),
      ),
      gate: ALL_DAYS.map((weekday) => ({ weekday, staffId: weekday % 2 ? 'gate-1' : 'gate-2' })),
      leader: leaderRota(),
      swaps: [],
    },
  };
}

/** Share of each grade's children who walk home alone (with the parents' permission): the older, the more; 10 % overall. */
const WALK_SHARE: Record<number, number> = { 1: 0, 2: 0.02, 3: 0.05, 4: 0.12, 5: 0.19, 6: 0.24 };
/** Share who take a school bus, and how many children a route carries. */
const BUS_SHARE = 0.12;
const CHILDREN_PER_BUS_ROUTE = 500;
/** Who enrols: most of a class that stays in its own room, fewer where the children go to a mixed group. */
const WHOLE_CLASS_ENROL = 0.9;
const MIXED_CLASS_ENROL = 0.7;
/** Children a mixed group is made for (45 at most, by policy); a gate teacher for about this many children. */
const MIXED_GROUP_SIZE = 40;
const CHILDREN_PER_GATE_STAFF = 600;
const GATE_STAFF_NAMES = ['孙师傅', '周老师', '吴师傅', '郑老师', '冯师傅', '陈老师', '褚师傅', '卫老师', '蒋师傅'];

/** `n` as `width` digits (class 07 when a grade has 10 or more), so ids stay unambiguous at any size. */
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * A school of `size` children: six grades, about `size / 40` classes spread over them (the lower grades take
 * the extra ones), each in its own room. In each grade the first half of the classes stay in their room as a
 * whole-class group (本班看护, about 90 % enrolled) and the others send their children (about 70 %) to mixed
 * groups of about 40 in the grade's multipurpose rooms. One care teacher a group, on the rota every day.
 */
function sizedSchool(rand: () => number, card: Card, size: number): SchoolBody {
  if (!Number.isInteger(size) || size < DEMO_SIZE_MIN || size > DEMO_SIZE_MAX)
    throw new Error(`demo size must be a whole number from ${DEMO_SIZE_MIN} to ${DEMO_SIZE_MAX}, got ${size}`);
  const grades = [1, 2, 3, 4, 5, 6];
  const classCount = Math.max(grades.length, Math.round(size / CLASS_SIZE));
  const perGrade = grades.map((_, i) => Math.floor(classCount / 6) + (i < classCount % 6 ? 1 : 0));
  const classWidth = Math.max(...perGrade) >= 10 ? 2 : 1;
  const busRoutes = Math.min(9, Math.max(2, Math.ceil(size / CHILDREN_PER_BUS_ROUTE)));
  const gateCount = Math.min(GATE_STAFF_NAMES.length, Math.max(2, Math.ceil(size / CHILDREN_PER_GATE_STAFF)));

  const rooms: RosterInput['rooms'] = [];
  const classes: RosterInput['classes'] = [];
  const groups: RosterInput['groups'] = [];
  const gate = GATE_STAFF_NAMES.slice(0, gateCount).map((name, i) => ({
    id: `gate-${i + 1}`,
    name,
    roles: i % 2 ? (['gate_duty', 'subject_teacher'] as const) : (['gate_duty'] as const),
  }));
  const staff: RosterInput['staff'] = [...LEADERS, ...gate.map((g) => ({ ...g, roles: [...g.roles] }))];
  const care: NonNullable<RosterInput['rotas']>['care'] = [];
  const people = { students: [] as Student[], guardians: [] as NonNullable<RosterInput['guardians']> };
  let classIndex = 0;
  /** Children of class number `classIndex` (0-based, school-wide): `size` shared out as evenly as it goes. */
  const classSize = (k: number) => Math.floor((size * (k + 1)) / classCount) - Math.floor((size * k) / classCount);

  grades.forEach((grade, gi) => {
    const gradeName = GRADE_NAMES[grade]!;
    const count = perGrade[gi]!;
    const wholeClasses = Math.ceil(count / 2);
    let careNo = 0;
    // care-1a, care-1b … as in the small demo: a grade has at most 11 whole-class and 8 mixed groups (5,000 children).
    const careTeacher = (groupId: string) => {
      careNo++;
      const id = `care-${grade}${String.fromCharCode(96 + careNo)}`;
      staff.push({
        id,
        name: `${pick(rand, SURNAMES)[0]}老师（看护）`,
        roles: careNo % 2 ? ['care_teacher', 'subject_teacher'] : ['care_teacher'],
      });
      care.push(...ALL_DAYS.map((weekday) => ({ groupId, weekday, staffId: id })));
    };
    /** the grade's children bound for a mixed group, in class order */
    const toMixed: Student[] = [];
    for (let c = 1; c <= count; c++) {
      const cc = pad(c, classWidth);
      // Class and room ids as the 花名册 import makes them (core/rosterImport.ts: `c${grade}-${number}`), so the
      // school's own spreadsheet imported back matches every class instead of adding a second 一年级1班.
      const classId = `c${grade}-${c}`;
      const roomId = `room-${grade}-${c}`;
      const teacherId = `t${grade}-${cc}`;
      const whole = c <= wholeClasses;
      const wholeId = `g${grade}-whole-${cc}`;
      rooms.push({ id: roomId, name: `${gradeName}${c}班教室`, capacity: 50 });
      classes.push({ id: classId, name: `${gradeName}${c}班`, grade, roomId, headTeacherId: teacherId });
      staff.push({
        id: teacherId,
        name: `${pick(rand, SURNAMES)[0]}老师（${gradeName}${c}班班主任）`,
        roles: ['class_teacher', 'subject_teacher'],
      });
      if (whole) {
        groups.push({
          id: wholeId,
          name: `${gradeName}${c}班（本班看护）`,
          kind: 'whole_class',
          roomId,
          capacity: 45,
          grades: [grade],
          weekdays: ALL_DAYS,
        });
        careTeacher(wholeId);
      }
      const children = classSize(classIndex++);
      for (let n = 1; n <= children; n++) {
        const { name, initials } = personName(rand);
        const enrolled = rand() < (whole ? WHOLE_CLASS_ENROL : MIXED_CLASS_ENROL);
        const r = rand();
        const walk = WALK_SHARE[grade]!;
        const pickup: Student['pickup'] =
          r < walk
            ? { kind: 'walks_alone', permissionOnFile: true }
            : r < walk + BUS_SHARE
              ? { kind: 'bus', bus: String(1 + Math.floor(rand() * busRoutes)) }
              : { kind: 'guardian' };
        const student = addChild(rand, card, people, {
          id: `s${grade}${cc}${pad(n, 2)}`,
          studentNo: `2026${grade}${cc}${pad(n, 2)}`,
          name,
          initials,
          grade,
          classId,
          groupId: enrolled && whole ? wholeId : null,
          pickup,
          // Dismissal by grade pair, as the sessions end: grades 1–2 first.
          pickupWave: Math.ceil(grade / 2),
        });
        if (enrolled && !whole) toMixed.push(student);
      }
    }
    // Mixed groups of about 40, the children shared out in class order (neighbouring classes walk together).
    const mixedCount = Math.ceil(toMixed.length / MIXED_GROUP_SIZE);
    const mixedWidth = mixedCount >= 10 ? 2 : 1;
    for (let m = 0; m < mixedCount; m++) {
      const mm = pad(m + 1, mixedWidth);
      const id = `g${grade}-mixed-${mm}`;
      const roomId = `room-mp-${grade}-${mm}`;
      rooms.push({ id: roomId, name: `${gradeName}多功能室${m + 1}`, capacity: 45 });
      groups.push({
        id,
        name: `${gradeName}混合${m + 1}班`,
        kind: 'mixed',
        roomId,
        capacity: 45,
        grades: [grade],
        weekdays: ALL_DAYS,
      });
      careTeacher(id);
      const from = Math.floor((toMixed.length * m) / mixedCount);
      const to = Math.floor((toMixed.length * (m + 1)) / mixedCount);
      for (const s of toMixed.slice(from, to)) s.groupId = id;
    }
  });
  rooms.push(...[...SPECIAL_ROOMS, ...BIG_SCHOOL_ROOMS].map((r) => ({ ...r })));
  return {
    rooms,
    classes,
    groups,
    clubs: [...CLUBS, ...BIG_SCHOOL_CLUBS].map((c) => ({ ...c })),
    staff,
    ...people,
    rotas: {
      care,
      // A school this size keeps every gate teacher at the gate every day (several gates and waves).
      gate: ALL_DAYS.flatMap((weekday) => gate.map((g) => ({ weekday, staffId: g.id }))),
      leader: leaderRota(),
      swaps: [],
    },
  };
}

/** The demo's session began this long before the hub's first start of the day, when the school's times are not live. */
export const DEMO_LIVE_LEAD_MINUTES = 20;
/** The school's own times are kept from this long before the first session starts… */
const LIVE_BEFORE_START_MINUTES = 90;
/** …until this long before it ends; outside that, the demo's times follow the clock. */
const LIVE_BEFORE_END_MINUTES = 30;
const LIVE_NOTE_OPEN = '演示：今天开放，课后服务时间跟随时钟 (demo: open today, session times follow the clock)';
const LIVE_NOTE = '演示：课后服务时间跟随时钟 (demo: session times follow the clock)';

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The demo's own timetable for one day: its id names the day, so past days keep the times they ran at. */
const DEMO_LIVE_PREFIX = 'demo-live-';
export function demoLiveTimetableId(day: string): string {
  return `${DEMO_LIVE_PREFIX}${day}`;
}

/** Whether a newcomer opening the demo at `nowHhmm` finds the earliest session about to start or under way. */
export function sessionIsLive(sessions: readonly SessionTimes[], nowHhmm: string): boolean {
  const first = [...sessions].sort((a, b) => (a.start < b.start ? -1 : 1))[0];
  if (!first) return false;
  const now = toMinutes(nowHhmm);
  return (
    now >= toMinutes(first.start) - LIVE_BEFORE_START_MINUTES && now <= toMinutes(first.end) - LIVE_BEFORE_END_MINUTES
  );
}

/**
 * The school's sessions moved as one so that the earliest began `DEMO_LIVE_LEAD_MINUTES` ago (on a 5-minute
 * step): at 21:00 grades 1–2 run 20:40–22:40 and grades 3–4 start at 21:05, as at 15:30 and 15:55 on a school
 * day. Nothing crosses midnight: late at night a session ends at 23:59.
 */
export function liveSessions(sessions: readonly SessionTimes[], nowHhmm: string): SessionTimes[] {
  const earliest = Math.min(...sessions.map((s) => toMinutes(s.start)));
  const now = toMinutes(nowHhmm);
  const offset = Math.max(0, now - (now % 5) - DEMO_LIVE_LEAD_MINUTES) - earliest;
  return sessions.map((s) => {
    const end = addMinutesToHhmm(s.end, offset);
    const start = addMinutesToHhmm(s.start, offset);
    return { ...s, start: start < end ? start : addMinutesToHhmm(end, -1), end };
  });
}

/**
 * The demo opens on any day, at any hour: a weekend or holiday today becomes a service-day exception (so the
 * demo works on a Saturday too), and at the hub's start (`retime`), when the school's own times are not live at
 * `now` (before 14:00 or after 17:00), today gets the demo's own timetable, which follows the clock
 * (liveSessions): a newcomer starting it at 21:00 or 06:00 finds a session under way. A hub left running into
 * the next day opens that day with the school's times (until it is restarted). Past days keep the times they
 * ran at. Real schools never get this (only rosters marked as the demo).
 */
export function openDemoToday(roster: Roster, today: string, now: number, opts: { retime?: boolean } = {}): Roster {
  if (roster.school.id !== 'demo') return roster;
  const cal = roster.calendar;
  const opened = cal.exceptions.some((e) => e.day === today);
  const nowHhmm = localTime(now, roster.settings.timeZone);
  const liveId = demoLiveTimetableId(today);
  const calendar = { ...cal };
  if (opts.retime && !sessionIsLive(timetableFor(cal, today).sessions, nowHhmm)) {
    // The school's own timetable of the day, moved; tomorrow goes back to the one it would have had.
    const school = timetableFor(
      { ...cal, switches: cal.switches.filter((s) => !s.timetableId.startsWith(DEMO_LIVE_PREFIX)) },
      today,
    );
    const tomorrow = addDays(today, 1);
    const afterId = timetableFor(cal, tomorrow).id;
    calendar.timetables = [
      ...cal.timetables.filter((t) => t.id !== liveId),
      { id: liveId, name: '演示（跟随时钟）', sessions: liveSessions(school.sessions, nowHhmm) },
    ];
    calendar.switches = [
      ...cal.switches.filter((s) => s.from !== today && s.from !== tomorrow),
      { from: today, timetableId: liveId },
      { from: tomorrow, timetableId: cal.switches.find((s) => s.from === tomorrow)?.timetableId ?? afterId },
    ].sort((a, b) => (a.from < b.from ? -1 : 1));
  }
  if (!opened) {
    const isWeekday = cal.serviceWeekdays.includes(isoWeekday(today));
    const inHoliday = cal.holidays.some((h) => h.from <= today && today <= h.to);
    const open = !isWeekday || inHoliday;
    const moved = calendar.timetables !== cal.timetables;
    if (open || moved)
      calendar.exceptions = [
        ...cal.exceptions,
        {
          day: today,
          service: true,
          note: open ? (moved ? LIVE_NOTE_OPEN : '演示：今天开放 (demo: open today)') : LIVE_NOTE,
        },
      ];
  }
  if (calendar.timetables === cal.timetables && calendar.exceptions === cal.exceptions) return roster;
  return { ...roster, calendar };
}
