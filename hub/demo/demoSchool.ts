/**
 * The demo school a fresh hub starts with, so a newcomer can try every screen at once: two grades × three
 * classes, about 240 students, a whole-class and a mixed care group per grade, clubs, staff with PINs.
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
const GRADE_NAMES: Record<number, string> = { 1: '一年级', 3: '三年级' };
const CLASS_SIZE = 40;
export const DEMO_PIN = '2468';

function pick<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)]!;
}

export interface DemoOptions {
  /** random bytes for card ids and the school's card tag */
  randomBytes: (n: number) => Uint8Array;
  seed?: number;
}

function personName(rand: () => number): { name: string; initials: string } {
  const [s, si] = pick(rand, SURNAMES);
  const parts = [pick(rand, GIVEN), ...(rand() < 0.7 ? [pick(rand, GIVEN)] : [])];
  return { name: s + parts.map((p) => p[0]).join(''), initials: si + parts.map((p) => p[1]).join('') };
}

export function makeDemoSchool(opts: DemoOptions): Roster {
  const rand = prng(opts.seed ?? 20261124);
  const tagBytes = opts.randomBytes(2);
  const cardTag = CARD_ALPHABET[tagBytes[0]! % 32]! + CARD_ALPHABET[tagBytes[1]! % 32]!;
  const card = (kind: 'student' | 'guardian') => makeCardId(kind, cardTag, opts.randomBytes(CARD_RANDOM_BYTES));
  const allDays = [1, 2, 3, 4, 5, 6, 7];

  const rooms: RosterInput['rooms'] = [];
  const classes: RosterInput['classes'] = [];
  const groups: RosterInput['groups'] = [];
  const staff: RosterInput['staff'] = [
    { id: 'leader-1', name: '赵校长', roles: ['duty_leader'] },
    { id: 'office-1', name: '钱主任', roles: ['office', 'duty_leader'] },
    { id: 'gate-1', name: '孙师傅', roles: ['gate_duty'] },
    { id: 'gate-2', name: '周老师', roles: ['gate_duty', 'subject_teacher'] },
  ];
  const students: Student[] = [];
  const guardians: RosterInput['guardians'] = [];

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
      weekdays: allDays,
    });
    groups.push({
      id: `g${grade}-mixed`,
      name: `${gradeName}混合班`,
      kind: 'mixed',
      roomId: mixedRoom,
      capacity: 45,
      grades: [grade],
      weekdays: allDays,
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
        students.push({
          id,
          studentNo: `2026${grade}${c}${String(n).padStart(2, '0')}`,
          name,
          initials,
          grade,
          classId,
          groupId: enrolled ? (c === 1 ? `g${grade}-whole` : `g${grade}-mixed`) : null,
          pickup,
          pickupWave: grade === 1 ? 1 : 2,
          cardId: card('student'),
          priority: rand() < 0.05 ? ['left_behind'] : [],
          feeWaiver: rand() < 0.04,
          safety: NO_SAFETY_NOTES,
        });
        const parent = rand() < 0.5 ? '母亲' : '父亲';
        guardians.push({
          id: `gd-${id}`,
          name: `${name.slice(0, 1)}${pick(rand, GIVEN)[0]}${pick(rand, GIVEN)[0]}`,
          relation: parent,
          phone: `13${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`,
          studentIds: [id],
          cardId: card('guardian'),
        });
      }
    }
  }
  rooms.push(
    { id: 'room-music', name: '音乐教室', capacity: 40 },
    { id: 'room-art', name: '美术教室', capacity: 40 },
    { id: 'room-guard', name: '门卫室', capacity: 20 },
  );

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
    rooms,
    classes,
    groups,
    clubs: [
      { id: 'club-choir', name: '合唱社团', roomId: 'room-music', weekdays: [2, 4] },
      { id: 'club-art', name: '美术社团', roomId: 'room-art', weekdays: [1, 3, 5] },
    ],
    staff,
    students,
    guardians,
    revokedCards: [],
    rotas: {
      care: [1, 3].flatMap((g) =>
        allDays.flatMap((weekday) => [
          { groupId: `g${g}-whole`, weekday, staffId: `care-${g}a` },
          { groupId: `g${g}-mixed`, weekday, staffId: `care-${g}b` },
        ]),
      ),
      gate: allDays.map((weekday) => ({ weekday, staffId: weekday % 2 ? 'gate-1' : 'gate-2' })),
      leader: allDays.map((weekday) => ({ weekday, staffId: weekday <= 3 ? 'leader-1' : 'office-1' })),
      swaps: [],
    },
  } satisfies RosterInput);
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
