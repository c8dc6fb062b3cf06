/**
 * 日出席签到表: the daily sign-in sheet of one care group, a projection of the same custody log as everything
 * else (never typed twice): each child, when it arrived and who received it, when and how it left, leave, and
 * late pickup (extended care).
 */
import type { DayState } from '../state';
import type { Roster } from '../roster';
import { localTime } from '../time';
import type { ReportDefinition, ReportTable } from './reportTable';
import { fieldColumn, reportTable, UNKNOWN_STAFF } from './reportTable';

export interface SheetRow {
  studentNo: string;
  name: string;
  className: string;
  /** 签到 HH:MM, or '' */
  arrival: string;
  receivedBy: string;
  /** 离校 HH:MM, or '' */
  release: string;
  how: string;
  /** 请假/缺席 with the reason */
  absence: string;
  /** 延时托管 from HH:MM */
  latePickup: string;
}

const HOW: Record<string, string> = { guardian_card: '接送卡', staff_confirmed: '家长接', bus: '校车', walks_alone: '自行回家' };

export function dailySheet(roster: Roster, state: DayState, groupId: string): SheetRow[] {
  const tz = roster.settings.timeZone;
  const staffName = (id: string) => roster.staff.find((s) => s.id === id)?.name ?? UNKNOWN_STAFF;
  const className = (id: string) => roster.classes.find((c) => c.id === id)?.name ?? '';
  return roster.students
    .filter((s) => state.children[s.id]?.groupId === groupId)
    .sort((a, b) => a.classId.localeCompare(b.classId) || a.studentNo.localeCompare(b.studentNo))
    .map((s) => {
      const c = state.children[s.id]!;
      const arrival = c.chain.find((l) => l.type === 'checked_in' && !l.ignored);
      const rel = c.release;
      const how = rel ? (rel.early ? `提前接（${rel.early.collectedBy}：${rel.early.reason}）` : rel.how.kind === 'bus' ? `校车 ${rel.how.bus}` : rel.how.kind === 'staff_confirmed' || rel.how.kind === 'reunified' ? rel.how.collectedBy : rel.how.kind === 'delegate' ? `临时代接 ${rel.how.collectedBy}` : HOW[rel.how.kind] ?? rel.how.kind) : '';
      const absence = c.status === 'on_leave' ? `请假：${c.leave?.note || c.leave?.reason || ''}` : c.status === 'absent' ? `缺席${c.absence?.reason ? `：${c.absence.reason}` : '（无原因）'}` : '';
      return {
        studentNo: s.studentNo, name: s.name, className: className(s.classId),
        arrival: arrival ? localTime(arrival.at, tz) : '', receivedBy: arrival ? staffName(arrival.staffId) : '',
        release: rel ? localTime(rel.at, tz) : '', how, absence,
        latePickup: c.extendedCare ? localTime(c.extendedCare.since, tz) : '',
      };
    });
}

const col = fieldColumn<SheetRow>();

/** 日出席签到表: the file's title names the school, the group and the day. */
export const DAILY_SHEET_REPORT = {
  title: (school: string, group: string, day: string) => `${school} ${group} 日出席签到表 ${day}`,
  columns: [
    col('studentNo', '学号', 'Student no.'), col('name', '姓名', 'Name'), col('className', '班级', 'Class'),
    col('arrival', '签到时间', 'Arrived'), col('receivedBy', '接收老师', 'Received by'), col('release', '离校时间', 'Left'),
    col('how', '离校方式', 'How'), col('absence', '请假/缺席', 'Leave or absence'), col('latePickup', '延时托管', 'Extended care'),
  ],
} satisfies ReportDefinition<SheetRow, [string, string, string]>;

/** @example dailySheetTable(roster.school.name, group.name, day, dailySheet(roster, state, group.id)) */
export function dailySheetTable(school: string, group: string, day: string, rows: readonly SheetRow[]): ReportTable {
  return reportTable(DAILY_SHEET_REPORT.title(school, group, day), DAILY_SHEET_REPORT.columns, rows);
}

/** @deprecated the columns as [key, 学号] pairs, until the hub builds its file with `dailySheetTable` */
export const DAILY_SHEET_COLUMNS: [keyof SheetRow, string][] = DAILY_SHEET_REPORT.columns.map((c) => [c.key, c.zh]);
