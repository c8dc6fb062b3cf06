/**
 * The demo school at any size (issue #20): `npm start -- --demo-size 3000` makes a fresh data folder's demo a
 * whole city primary school (six grades, 75 classes of about 40, whole-class and mixed care groups, bus routes,
 * about 10 % walking home alone), while the default demo stays exactly the small one hundreds of tests know.
 * Card ids come from a seeded byte source, so nothing here depends on chance or on the clock.
 */
import { createHash, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { checkEvent, DEFAULT_CHECK } from '../../core/checkEvent';
import { CustodyEventSchema } from '../../core/events';
import { prng } from '../../core/prng';
import type { Roster } from '../../core/roster';
import { groupCapacity, indexRoster } from '../../core/roster';
import { dutyOn } from '../../core/rotas';
import { addDays, isoWeekday } from '../../core/time';
import { readConfig } from '../../hub/config';
import { DEMO_PIN, makeDemoSchool } from '../../hub/demo/demoSchool';
import { demoWeekEvents } from '../../hub/demo/demoWeek';
import type { RunningHub } from './hubProcess';
import { adminToken, request, startHub } from './hubProcess';

/** The same bytes every run: card ids and the card tag are fixed too. */
const bytesFrom = (seed: number) => {
  const rand = prng(seed);
  return (n: number) => Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));
};

/**
 * What the generator decides, field by field. Defaults the roster schema fills in (settings added later, say)
 * are left out, so a new setting elsewhere does not look like a changed demo.
 */
function demoProjection(r: Roster) {
  const keys = <T extends object>(o: T, ks: (keyof T)[]) => ks.map((k) => o[k]);
  return {
    school: r.school,
    settings: keys(r.settings, [
      'feePerLessonHour',
      'maxChargedLessonHoursPerDay',
      'semesterFeeCap',
      'teacherPayPerLessonHour',
    ]),
    calendar: keys(r.calendar, ['serviceWeekdays', 'holidays', 'exceptions', 'timetables', 'switches']),
    rooms: r.rooms,
    classes: r.classes,
    groups: r.groups,
    clubs: r.clubs,
    staff: r.staff.map((s) => keys(s, ['id', 'name', 'roles'])),
    students: r.students.map((s) =>
      keys(s, [
        'id',
        'studentNo',
        'name',
        'initials',
        'grade',
        'classId',
        'groupId',
        'pickup',
        'pickupWave',
        'cardId',
        'priority',
        'feeWaiver',
      ]),
    ),
    guardians: r.guardians.map((g) => keys(g, ['id', 'name', 'relation', 'phone', 'studentIds', 'cardId'])),
    rotas: keys(r.rotas, ['care', 'gate', 'leader', 'swaps']),
  };
}
const sha256 = (x: unknown) => createHash('sha256').update(JSON.stringify(x)).digest('hex');

describe('the default demo school', () => {
  it('is exactly the one before --demo-size existed (hashes taken from the generator before the change)', () => {
    expect(sha256(demoProjection(makeDemoSchool({ randomBytes: bytesFrom(7) })))).toBe(
      '2d2b388c4bfcfafdaa58046b17cec4cb15d3d69888f702b9449adfee754441e7',
    );
    expect(sha256(demoProjection(makeDemoSchool({ randomBytes: bytesFrom(7), seed: 42 })))).toBe(
      'c0f79cdf6eed55f814a724e244e1841078262f854fb062815804baae2cdfe2e6',
    );
  });

  it('keeps the ids the other tests use', () => {
    const r = makeDemoSchool({ randomBytes: bytesFrom(7) });
    expect(r.students).toHaveLength(240);
    expect(r.groups.map((g) => g.id)).toEqual(['g1-whole', 'g1-mixed', 'g3-whole', 'g3-mixed']);
    const ids = new Set([...r.students, ...r.classes, ...r.staff].map((x) => x.id));
    for (const id of ['s1101', 'c1-1', 'care-1a', 'care-3b', 'gate-1', 'leader-1', 'office-1'])
      expect(ids).toContain(id);
  });
});

describe('a demo school of 3,000 children', () => {
  const r = makeDemoSchool({ randomBytes: bytesFrom(3), size: 3000 });
  const index = indexRoster(r);
  const enrolledIn = (groupId: string) => r.students.filter((s) => s.groupId === groupId).length;

  it('has six grades of 12 or 13 classes of about 40, each class in its own room', () => {
    expect(r.students).toHaveLength(3000);
    expect(r.classes).toHaveLength(75);
    const perGrade = [1, 2, 3, 4, 5, 6].map((g) => r.classes.filter((c) => c.grade === g).length);
    expect(perGrade.every((n) => n >= 12 && n <= 13)).toBe(true);
    expect(new Set(r.students.map((s) => s.grade))).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    for (const c of r.classes) {
      const n = r.students.filter((s) => s.classId === c.id).length;
      expect(n, c.id).toBeGreaterThanOrEqual(38);
      expect(n, c.id).toBeLessThanOrEqual(42);
    }
    expect(new Set(r.classes.map((c) => c.roomId)).size).toBe(75);
    const gradeNames = ['一年级', '二年级', '三年级', '四年级', '五年级', '六年级'];
    for (const c of r.classes) expect(c.name.startsWith(gradeNames[c.grade - 1]!)).toBe(true);
  });

  it('enrols about 80 % in whole-class and mixed groups, none over its capacity on any day it meets', () => {
    const enrolled = r.students.filter((s) => s.groupId !== null).length / r.students.length;
    expect(enrolled).toBeGreaterThan(0.75);
    expect(enrolled).toBeLessThan(0.85);
    for (const grade of [1, 2, 3, 4, 5, 6]) {
      const kinds = new Set(r.groups.filter((g) => g.grades.includes(grade)).map((g) => g.kind));
      expect(kinds, `grade ${grade}`).toEqual(new Set(['whole_class', 'mixed']));
    }
    // Enrolment is for the semester: every child of a group comes each day it meets.
    for (let weekday = 1; weekday <= 7; weekday++)
      for (const g of r.groups.filter((x) => x.weekdays.includes(weekday)))
        expect(enrolledIn(g.id), `${g.id} on weekday ${weekday}`).toBeLessThanOrEqual(groupCapacity(index, g));
    for (const g of r.groups) {
      expect(g.weekdays).toEqual(expect.arrayContaining([1, 2, 3, 4, 5]));
      expect(enrolledIn(g.id), g.id).toBeGreaterThan(0);
      // A whole-class group is one class in its own room; a mixed group has a room of its own (多功能室).
      const children = r.students.filter((s) => s.groupId === g.id);
      if (g.kind === 'whole_class') {
        expect(new Set(children.map((s) => s.classId)).size).toBe(1);
        expect(index.classes.get(children[0]!.classId)!.roomId).toBe(g.roomId);
      } else expect(index.rooms.get(g.roomId)!.name).toContain('多功能室');
      expect(children.every((s) => g.grades.includes(s.grade))).toBe(true);
    }
  });

  it('has a care teacher on the rota for every group on every weekday, and gate staff and a leader every day', () => {
    const monday = '2026-11-23';
    for (let i = 0; i < 7; i++) {
      const day = addDays(monday, i);
      const duty = dutyOn(r, day);
      for (const g of r.groups.filter((x) => x.weekdays.includes(isoWeekday(day)))) {
        const care = duty.care[g.id] ?? [];
        expect(care.length, `${g.id} on ${day}`).toBeGreaterThan(0);
        expect(care.every((id) => index.staff.get(id)?.roles.includes('care_teacher'))).toBe(true);
      }
      expect(duty.gate.length).toBeGreaterThanOrEqual(2);
      expect(duty.leader.length).toBeGreaterThan(0);
    }
    expect(r.staff.filter((s) => s.roles.includes('gate_duty')).map((s) => s.id)).toContain('gate-1');
    expect(r.staff.map((s) => s.id)).toEqual(expect.arrayContaining(['leader-1', 'office-1', 'care-1a']));
    for (const c of r.classes) expect(index.staff.get(c.headTeacherId!)?.roles).toContain('class_teacher');
  });

  it('sends about 10 % home alone (mostly the upper grades), several bus routes, the rest with a guardian', () => {
    const walkers = r.students.filter((s) => s.pickup.kind === 'walks_alone');
    expect(walkers.length / 3000).toBeGreaterThanOrEqual(0.08);
    expect(walkers.length / 3000).toBeLessThanOrEqual(0.12);
    expect(walkers.filter((s) => s.grade >= 4).length / walkers.length).toBeGreaterThan(0.8);
    const routes = new Set(r.students.flatMap((s) => (s.pickup.kind === 'bus' ? [s.pickup.bus] : [])));
    expect(routes.size).toBeGreaterThanOrEqual(3);
    expect(r.students.filter((s) => s.pickup.kind === 'guardian').length / 3000).toBeGreaterThan(0.6);
    // Waves by grade, as the sessions end: grades 1–2 first.
    expect(new Set(r.students.map((s) => `${s.grade}:${s.pickupWave}`)).size).toBe(6);
    expect(r.students.find((s) => s.grade === 1)!.pickupWave).toBeLessThan(
      r.students.find((s) => s.grade === 6)!.pickupWave,
    );
    expect(r.guardians).toHaveLength(3000);
    expect(r.clubs.length).toBeGreaterThanOrEqual(4);
  });

  it('has unique ids and card ids, the same for a seed', () => {
    for (const xs of [r.students, r.guardians, r.staff, r.rooms, r.classes, r.groups, r.clubs])
      expect(new Set(xs.map((x) => x.id)).size).toBe(xs.length);
    const cards = [...r.students, ...r.guardians].map((x) => x.cardId);
    expect(new Set(cards).size).toBe(cards.length);
    // as the 花名册 import names them, so the school's spreadsheet imported back matches each class
    expect(r.classes.map((c) => c.id)).toContain('c1-10');
    expect(r.students.map((s) => s.id)).toContain('s10101');
    expect(makeDemoSchool({ randomBytes: bytesFrom(3), size: 3000 })).toEqual(r);
    const other = makeDemoSchool({ randomBytes: bytesFrom(3), size: 3000, seed: 1 });
    expect(other.students.map((s) => s.name)).not.toEqual(r.students.map((s) => s.name));
    expect(other.students.map((s) => s.id)).toEqual(r.students.map((s) => s.id));
  });
});

describe('other sizes', () => {
  it.each([40, 400, 2000, 5000])('%i children: that many, every group within its capacity, ids unique', (size) => {
    const r = makeDemoSchool({ randomBytes: bytesFrom(size), size });
    const index = indexRoster(r);
    expect(r.students).toHaveLength(size);
    expect(new Set(r.classes.map((c) => c.grade))).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    for (const g of r.groups)
      expect(r.students.filter((s) => s.groupId === g.id).length).toBeLessThanOrEqual(groupCapacity(index, g));
    for (const xs of [r.students, r.staff, r.classes, r.groups, r.rooms])
      expect(new Set(xs.map((x) => x.id)).size).toBe(xs.length);
  });

  it('refuses a size the generator cannot make', () => {
    for (const size of [39, 5001, 100.5]) expect(() => makeDemoSchool({ randomBytes: bytesFrom(1), size })).toThrow();
  });

  it("writes a last week the hub would accept from the kiosks, for the big school's groups too", () => {
    const r = makeDemoSchool({ randomBytes: bytesFrom(4), size: 400 });
    const events = demoWeekEvents(r, { today: '2026-11-24', days: 5, newId: randomUUID }).map((e) =>
      CustodyEventSchema.parse(e),
    );
    const index = indexRoster(r);
    expect(events.map((e) => checkEvent(index, e, { today: '2026-11-24', ...DEFAULT_CHECK })).filter(Boolean)).toEqual(
      [],
    );
    const checkedIn = new Set(events.flatMap((e) => (e.type === 'checked_in' ? [e.groupId] : [])));
    expect(checkedIn).toEqual(new Set(r.groups.map((g) => g.id)));
  });
});

describe('--demo-size / DEMO_SIZE', () => {
  it('is read from the command line or the environment, the command line first; absent, the small demo', () => {
    expect(readConfig(['--demo-size', '3000'], {}).demoSize).toBe(3000);
    expect(readConfig(['--demo-size=400'], {}).demoSize).toBe(400);
    expect(readConfig([], { DEMO_SIZE: '2000' }).demoSize).toBe(2000);
    expect(readConfig(['--demo-size', '500'], { DEMO_SIZE: '2000' }).demoSize).toBe(500);
    expect(readConfig([], {}).demoSize).toBeUndefined();
    expect(readConfig([], { DEMO_SIZE: '' }).demoSize).toBeUndefined();
  });

  it('stops the start on a bad value, saying so in Chinese first', () => {
    for (const bad of ['abc', '39', '5001', '12.5', '-100', '3e3', '3000x']) {
      expect(() => readConfig(['--demo-size', bad], {}), bad).toThrow(
        /^演示学校人数 --demo-size \/ DEMO_SIZE 必须是 40 到 5000 之间的整数，现在是 .+ \/ --demo-size \(DEMO_SIZE\) must be a whole number/,
      );
    }
    expect(() => readConfig([], { DEMO_SIZE: 'big' })).toThrow(/big/);
  });
});

describe('a hub started with --demo-size', () => {
  const running: RunningHub[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((h) => h.stop()));
  });

  // One start only, to stay quick: that a data folder with a school keeps it (and logs that the size was ignored)
  // is hub/main.ts's RosterStore.open, which seeds only a folder without school.json.
  it("makes a fresh data folder's demo school that size", async () => {
    const hub = await startHub({ env: { DEMO_SIZE: '400' } });
    running.push(hub);
    const roster = (await request<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: await adminToken(hub) })).body
      .roster;
    expect(roster.students).toHaveLength(400);
    expect(new Set(roster.classes.map((c) => c.grade)).size).toBe(6);
    expect(hub.output()).toContain(DEMO_PIN);
    expect(hub.output()).not.toContain('--demo-size ignored');
    await running.pop()!.stop();
    rmSync(hub.dataDir, { recursive: true, force: true });
  });
});
