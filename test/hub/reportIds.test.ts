/**
 * R1: no report shows a record id. Every report the hub files (the same tables the .xlsx and .csv are written
 * from, and the columns the office shows) is built from the demo school's last week and scanned, title, headers
 * and every cell, for the roster's internal ids: staff (care-1a), classes (c1-2), care groups (g1-mixed),
 * children, guardians and rooms. A teacher, class or group since removed from the roster is named as such.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CustodyEventSchema } from '../../core/events';
import { reduceDay } from '../../core/reduceDay';
import { bureauFigures, bureauTable } from '../../core/reports/bureau';
import { dailySheet, dailySheetTable } from '../../core/reports/dailySheet';
import { feeStatements, feeStatementTable, feeSummary, feeSummaryTable } from '../../core/reports/fees';
import type { ReportTable } from '../../core/reports/reportTable';
import { UNKNOWN_STAFF } from '../../core/reports/reportTable';
import type { GroupBy } from '../../core/reports/statistics';
import { periodStats, periodTable } from '../../core/reports/statistics';
import { teacherHours, teacherHoursTable } from '../../core/reports/teacherHours';
import type { Roster } from '../../core/roster';
import { zonedTimeToEpoch } from '../../core/time';
import { makeDemoSchool } from '../../hub/demo/demoSchool';
import { demoWeekEvents, pastServiceDays } from '../../hub/demo/demoWeek';
import { toCsv } from '../../hub/reports/exportTable';

const roster = makeDemoSchool({ randomBytes: (n) => randomBytes(n) });
const today = '2026-11-24'; // a Tuesday
const events = demoWeekEvents(roster, { today, days: 5, newId: randomUUID }).map((e) => CustodyEventSchema.parse(e));
const days = pastServiceDays(roster, today, 5);
const [from, to] = [days[0]!, days.at(-1)!];

/** Every table the hub's report routes build, for this roster and the demo week. */
function everyReport(r: Roster): ReportTable[] {
  const school = r.school.name;
  const states = days.map((day) =>
    reduceDay({
      roster: r,
      day,
      events: events.filter((e) => e.day === day),
      now: zonedTimeToEpoch(day, '23:59', r.settings.timeZone),
    }),
  );
  const lines = feeStatements(r, states);
  const byDay = days.map((day) => ({ day, events: events.filter((e) => e.day === day) }));
  return [
    ...states.flatMap((s) => roster.groups.map((g) => dailySheetTable(school, g.name, s.day, dailySheet(r, s, g.id)))),
    ...(['class', 'group', 'grade', 'school'] as GroupBy[]).map((by) =>
      periodTable(school, from, to, periodStats(r, states, by)),
    ),
    feeStatementTable(school, from, to, lines),
    feeSummaryTable(school, from, to, feeSummary(lines)),
    teacherHoursTable(school, from, to, teacherHours(r, byDay)),
    bureauTable(
      school,
      from,
      to,
      bureauFigures(
        r,
        states.map((state) => ({ state, events: events.filter((e) => e.day === state.day) })),
      ),
    ),
  ];
}

const ids = [
  ...roster.staff,
  ...roster.classes,
  ...roster.groups,
  ...roster.students,
  ...roster.guardians,
  ...roster.rooms,
].map((x) => x.id);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const idPattern = new RegExp(`(^|[^A-Za-z0-9_-])(${ids.map(escape).join('|')})($|[^A-Za-z0-9_-])`);

/** Each text of a table that holds a record id, with where it is. */
function idsIn(table: ReportTable): string[] {
  const texts = [table.title, ...table.columns, ...table.rows.flat().map(String)];
  const csv = toCsv(table).toString('utf8');
  return [...texts, csv].filter((t) => idPattern.test(t)).map((t) => `${table.title}: ${t.slice(0, 80)}`);
}

describe('R1 no internal ids in any report', () => {
  it('the scan would see one: a staff id, class id or group id in a cell is caught', () => {
    expect(idPattern.test('care-3b')).toBe(true);
    expect(idPattern.test('c1-2')).toBe(true);
    expect(idPattern.test('2026-11-17 g3-mixed 看护')).toBe(true);
    expect(idPattern.test('一年级2班')).toBe(false);
  });

  it('no title, header or cell of any report (nor its CSV) holds a staff, class, group, child or guardian id', () => {
    const tables = everyReport(roster);
    expect(tables.length).toBeGreaterThan(20);
    expect(tables.flatMap(idsIn)).toEqual([]);
  });

  it('the pay sheet names the teacher (no 工号 column) and the group of each missed day by its name', () => {
    const hours = teacherHoursTable(
      roster.school.name,
      from,
      to,
      teacherHours(
        roster,
        days.map((day) => ({ day, events: events.filter((e) => e.day === day) })),
      ),
    );
    expect(hours.columns).toEqual(['姓名', '值班天数', '课时', '补贴(元)', '漏签到']);
    const careName = roster.staff.find((s) => s.id === 'care-3b')!.name;
    const group = roster.groups.find((g) => g.id === 'g3-mixed')!.name;
    expect(hours.rows.find((r) => r[0] === careName)![4]).toBe(`2026-11-17 ${group} 看护`);
  });

  it('a teacher, class or group no longer in the roster is named as such, not by its id', () => {
    const removed: Roster = {
      ...roster,
      staff: roster.staff.filter((s) => !s.id.startsWith('care-')),
      classes: roster.classes.filter((c) => c.id !== 'c1-2'),
    };
    const tables = everyReport(removed);
    expect(tables.flatMap(idsIn)).toEqual([]);
    const pay = tables.find((t) => t.title.includes('看护教师课时'))!;
    expect(pay.rows.some((r) => r[0] === UNKNOWN_STAFF)).toBe(true);
  });
});
