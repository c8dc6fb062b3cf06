/**
 * R3: a rota or pay change takes effect from a date; every past day keeps the rota and rates it had, so last
 * week's pay sheet and last month's fees never change because the office edited something today.
 */
import { describe, expect, it } from 'vitest';
import { rotaOn, settingsOn, supersede } from '../../core/effectiveDates';
import { reduceDay } from '../../core/reduceDay';
import { feeStatements } from '../../core/reports/fees';
import { UNKNOWN_STAFF } from '../../core/reports/reportTable';
import { teacherHours } from '../../core/reports/teacherHours';
import type { Roster } from '../../core/roster';
import { RosterSchema } from '../../core/roster';
import { dutyOn } from '../../core/rotas';
import { addDays } from '../../core/time';
import { at, card, DAY, ev, tinyRoster } from './fixtures';

// DAY is a Tuesday; WED the day after. Both are service days in the fixture's calendar.
const WED = addDays(DAY, 1);

const base = tinyRoster((r) => {
  r.settings = {
    ...r.settings,
    teacherPayPerLessonHour: 50,
    gateDutyLessonHours: 1,
    lessonMinutes: 40,
    feePerLessonHour: 2,
  };
  r.rotas = {
    care: [2, 3].map((weekday) => ({ groupId: 'g1', weekday, staffId: 'care1' })),
    gate: [],
    leader: [],
    swaps: [],
  };
});

/** What the hub does on a section save: the whole roster validated, then the old value kept for days before `from`. */
const change = (before: Roster, patch: (r: Roster) => Roster, from: string) =>
  supersede(before, RosterSchema.parse(patch(before)), from);

const signedIn = (day: string, staffId: string, groupId: string) =>
  ev('staff_signed_in', '15:20', { duty: 'care', groupId }, { staffId, day });

describe('R3 rota and pay settings take effect from a date', () => {
  it('R3: a new pay rate from Wednesday leaves Tuesday paid at the old rate', () => {
    const next = change(base, (r) => ({ ...r, settings: { ...r.settings, teacherPayPerLessonHour: 80 } }), WED);
    expect(settingsOn(next, DAY).teacherPayPerLessonHour).toBe(50);
    expect(settingsOn(next, WED).teacherPayPerLessonHour).toBe(80);
    const days = [DAY, WED].map((day) => ({ day, events: [signedIn(day, 'care1', 'g1')] }));
    // 15:30–17:30 is 3 lessons of 40 minutes a day: 3 × 50 + 3 × 80 yuan, in fen.
    const care1 = teacherHours(next, days).find((t) => t.staffId === 'care1')!;
    expect(care1).toMatchObject({ lessonHours: 6, subsidy: 3 * 5_000 + 3 * 8_000 });
    // Without dating, Tuesday would have been repriced at 80.
    expect(teacherHours(RosterSchema.parse({ ...next, superseded: undefined }), days)[0]!.subsidy).toBe(6 * 8_000);
  });

  it('R3: a care teacher given a group from today puts no missed sign-in into the days before', () => {
    // The case: on Wednesday the office gives group g2 a teacher for Tuesdays and Wednesdays.
    const next = change(
      base,
      (r) => ({
        ...r,
        rotas: {
          ...r.rotas,
          care: [...r.rotas.care, ...[2, 3].map((weekday) => ({ groupId: 'g2', weekday, staffId: 't2' }))],
        },
      }),
      WED,
    );
    expect(dutyOn(next, DAY).care.g2).toBeUndefined();
    expect(dutyOn(next, WED).care.g2).toEqual(['t2']);
    const t2 = teacherHours(
      next,
      [DAY, WED].map((day) => ({ day, events: [] })),
    ).find((t) => t.staffId === 't2')!;
    expect(t2.missed).toEqual([{ day: WED, duty: 'care', groupId: 'g2' }]);
  });

  it('R3: a teacher taken off the rota from today is still owed the days served before, and missed none after', () => {
    const next = change(base, (r) => ({ ...r, rotas: { ...r.rotas, care: [] } }), WED);
    const hours = teacherHours(next, [
      { day: DAY, events: [signedIn(DAY, 'care1', 'g1')] },
      { day: WED, events: [] },
    ]);
    expect(hours.find((t) => t.staffId === 'care1')).toMatchObject({ lessonHours: 3, missed: [] });
  });

  it('R3: fees charge each day at the rate of that day', () => {
    const next = change(base, (r) => ({ ...r, settings: { ...r.settings, feePerLessonHour: 3 } }), WED);
    const states = [DAY, WED].map((day) =>
      reduceDay({
        roster: next,
        day,
        now: at('20:00', day),
        events: [
          ev(
            'checked_in',
            '15:31',
            { studentId: 'a', source: { kind: 'card', cardId: card('student', 1) }, groupId: 'g1' },
            { day },
          ),
        ],
      }),
    );
    const a = feeStatements(next, states).find((l) => l.name === next.students.find((s) => s.id === 'a')!.name)!;
    // 3 lesson-hours a day capped at the fixture's daily maximum, at 2 then 3 yuan.
    const perDay = a.lessonHours / 2;
    expect(a.charged).toBe(perDay * 200 + perDay * 300);
  });

  it('R3: a change scheduled ahead is replaced by one that takes effect earlier; an unchanged save records nothing', () => {
    const later = addDays(DAY, 14);
    const scheduled = change(base, (r) => ({ ...r, settings: { ...r.settings, teacherPayPerLessonHour: 60 } }), later);
    expect(settingsOn(scheduled, addDays(later, -1)).teacherPayPerLessonHour).toBe(50);
    expect(settingsOn(scheduled, later).teacherPayPerLessonHour).toBe(60);
    // Now the office decides on 70 from Wednesday: Wednesday onwards is 70, the 60 never applies.
    const sooner = change(scheduled, (r) => ({ ...r, settings: { ...r.settings, teacherPayPerLessonHour: 70 } }), WED);
    expect([DAY, WED, later].map((d) => settingsOn(sooner, d).teacherPayPerLessonHour)).toEqual([50, 70, 70]);
    expect(sooner.superseded.settings).toHaveLength(1);
    // Saving the rota as it is (a swap added, say) is no rota change.
    const same = change(
      sooner,
      (r) => ({
        ...r,
        rotas: {
          ...r.rotas,
          swaps: [{ day: WED, duty: 'care', groupId: 'g1', replaces: 'care1', staffId: 't2', note: '' }],
        },
      }),
      WED,
    );
    expect(same.superseded.rotas).toEqual([]);
    expect(rotaOn(same, DAY)).toEqual(rotaOn(sooner, DAY));
  });

  it('R3: a past rota may name a teacher and group since removed from the roster, and still validates', () => {
    const next = change(base, (r) => ({ ...r, rotas: { ...r.rotas, care: [] } }), WED);
    const gone = { ...next, staff: next.staff.filter((s) => s.id !== 'care1'), groups: next.groups };
    expect(RosterSchema.safeParse(gone).success).toBe(true);
    expect(
      teacherHours(RosterSchema.parse(gone), [{ day: DAY, events: [signedIn(DAY, 'care1', 'g1')] }])[0],
    ).toMatchObject({ name: UNKNOWN_STAFF, lessonHours: 3 });
  });
});
