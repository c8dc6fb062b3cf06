/**
 * 日出席签到表: the daily sign-in sheet of one care group, a projection of the same custody log as everything
 * else (never typed twice): each child, when it arrived and who received it, when and how it left, leave, and
 * late pickup (extended care).
 */
import type { DayState } from '../state';
import type { Roster } from '../roster';
import { localTime } from '../time';

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
  const staffName = (id: string) => roster.staff.find((s) => s.id === id)?.name ?? id;
  const className = (id: string) => roster.classes.find((c) => c.id === id)?.name ?? '';
  return roster.students
    .filter((s) => state.children[s.id]?.groupId === groupId)
    .sort((a, b) => a.classId.localeCompare(b.classId) || a.studentNo.localeCompare(b.studentNo))
    .map((s) => {
      const c = state.children[s.id]!;
      const arrival = c.chain.find((l) => l.type === 'checked_in' && !l.ignored);
      const rel = c.release;
      const how = rel ? (rel.early ? `提前接（${rel.early.collectedBy}：${rel.early.reason}）` : rel.how.kind === 'bus' ? `校车 ${rel.how.bus}` : rel.how.kind === 'staff_confirmed' ? rel.how.collectedBy : HOW[rel.how.kind] ?? rel.how.kind) : '';
      const absence = c.status === 'on_leave' ? `请假：${c.leave?.note || c.leave?.reason || ''}` : c.status === 'absent' ? `缺席${c.absence?.reason ? `：${c.absence.reason}` : '（无原因）'}` : '';
      return {
        studentNo: s.studentNo, name: s.name, className: className(s.classId),
        arrival: arrival ? localTime(arrival.at, tz) : '', receivedBy: arrival ? staffName(arrival.staffId) : '',
        release: rel ? localTime(rel.at, tz) : '', how, absence,
        latePickup: c.extendedCare ? localTime(c.extendedCare.since, tz) : '',
      };
    });
}

export const DAILY_SHEET_COLUMNS: [keyof SheetRow, string][] = [
  ['studentNo', '学号'], ['name', '姓名'], ['className', '班级'], ['arrival', '签到时间'], ['receivedBy', '接收老师'],
  ['release', '离校时间'], ['how', '离校方式'], ['absence', '请假/缺席'], ['latePickup', '延时托管'],
];
