/**
 * The figures a county education bureau asks for twice a month: per grade and in total, students served
 * (received into care at least once), student-days, and teachers taking part (signed in for care, gate or bus
 * duty at least once).
 */
import type { CustodyEvent } from '../events';
import type { Roster } from '../roster';
import type { DayState } from '../state';
import type { ReportDefinition, ReportTable } from './reportTable';
import { reportTable } from './reportTable';
import { beforeServiceStart } from './servicePeriod';

export interface BureauRow { grade: string; studentsServed: number; studentDays: number; enrolled: number }
export interface BureauFigures { rows: BureauRow[]; teachers: number; serviceDays: number }

/** Days before the school's service start are not counted, nor are they service days (R2). */
export function bureauFigures(roster: Roster, allDays: readonly { state: DayState; events: readonly CustodyEvent[] }[]): BureauFigures {
  const days = allDays.filter((d) => !beforeServiceStart(roster, d.state.day));
  const gradeOf = new Map(roster.students.map((s) => [s.id, s.grade]));
  const served = new Map<number, Set<string>>();
  const studentDays = new Map<number, number>();
  const teachers = new Set<string>();
  for (const { state, events } of days) {
    for (const c of Object.values(state.children)) {
      if (!c.chain.some((l) => (l.type === 'checked_in' || l.type === 'transferred') && !l.ignored)) continue;
      const grade = gradeOf.get(c.studentId);
      if (grade === undefined) continue;
      (served.get(grade) ?? served.set(grade, new Set()).get(grade)!).add(c.studentId);
      studentDays.set(grade, (studentDays.get(grade) ?? 0) + 1);
    }
    for (const e of events) if (e.type === 'staff_signed_in' && (e.duty === 'care' || e.duty === 'gate' || e.duty === 'bus')) teachers.add(e.staffId);
  }
  const grades = [...new Set(roster.students.filter((s) => s.groupId !== null).map((s) => s.grade))].sort((a, b) => a - b);
  const rows = grades.map((g) => ({
    grade: `${g} 年级`, studentsServed: served.get(g)?.size ?? 0, studentDays: studentDays.get(g) ?? 0,
    enrolled: roster.students.filter((s) => s.grade === g && s.groupId !== null).length,
  }));
  rows.push({ grade: '合计', studentsServed: rows.reduce((n, r) => n + r.studentsServed, 0), studentDays: rows.reduce((n, r) => n + r.studentDays, 0), enrolled: rows.reduce((n, r) => n + r.enrolled, 0) });
  return { rows, teachers: teachers.size, serviceDays: days.length };
}

/** 教育局报表: the title carries the period's service days and teachers taking part; one row per grade and 合计. */
export const BUREAU_REPORT = {
  title: (school: string, from: string, to: string, f: Pick<BureauFigures, 'serviceDays' | 'teachers'>) =>
    `${school} 课后服务情况 ${from} – ${to}（服务 ${f.serviceDays} 天，参与教师 ${f.teachers} 人）`,
  columns: [
    { zh: '年级', en: 'Grade', kind: 'text', cell: (r) => r.grade },
    { zh: '报名人数', en: 'Enrolled', kind: 'number', cell: (r) => r.enrolled },
    { zh: '服务学生数', en: 'Students served', kind: 'number', cell: (r) => r.studentsServed },
    { zh: '服务人次', en: 'Student-days', kind: 'number', cell: (r) => r.studentDays },
  ],
} satisfies ReportDefinition<BureauRow, [string, string, string, Pick<BureauFigures, 'serviceDays' | 'teachers'>]>;

/** @example bureauTable(roster.school.name, from, to, bureauFigures(roster, days)) */
export function bureauTable(school: string, from: string, to: string, figures: BureauFigures): ReportTable {
  return reportTable(BUREAU_REPORT.title(school, from, to, figures), BUREAU_REPORT.columns, figures.rows);
}
