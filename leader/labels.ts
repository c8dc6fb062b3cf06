/**
 * The words the leader's screens use for a child's status, an event, an anomaly, a place and a tablet, and how
 * they write a time of day: nothing of the log's own codes (`handed_off`, `kiosk-5d925bd0`) reaches the screen.
 */
import type { CustodyEvent, EventType, Place, ReleaseHow } from '../core/events';
import type { Roster } from '../core/roster';
import type { AnomalyCode, ChildDay, DeviceHealth } from '../core/state';

type Words = [zh: string, en: string];

export const STATUS: Record<ChildDay['status'], Words> = {
  expected: ['未到', 'not yet'],
  handed_off: ['路上', 'in transit'],
  in_care: ['看护中', 'in care'],
  at_gate: ['校门', 'at gate'],
  released: ['已离校', 'left school'],
  extended_care: ['延时托管', 'extended'],
  on_leave: ['请假', 'leave'],
  absent: ['缺席', 'absent'],
};

/** What each event is called in a child's chain of custody. */
export const EVENT: Record<EventType, Words> = {
  handed_off: ['交出', 'handed off'],
  checked_in: ['签到', 'checked in'],
  transferred: ['转到', 'moved to'],
  picked_up_early: ['提前接走', 'picked up early'],
  called_to_gate: ['家长到校门，呼叫', 'called to the gate'],
  sent_to_gate: ['送到校门', 'sent to the gate'],
  released: ['离校', 'left school'],
  extended_care_started: ['延时托管', 'extended care'],
  leave_recorded: ['请假', 'leave'],
  arrangement_recorded: ['接送安排', 'pickup arrangement'],
  marked_absent: ['缺席', 'absent'],
  corrected: ['更正', 'correction'],
  headcount_inspected: ['清点人数', 'headcount'],
  alert_acknowledged: ['处理警报', 'alert handled'],
  roll_call_started: ['开始紧急点名', 'roll call started'],
  marked_safe: ['点名：安全', 'roll call: safe'],
  roll_call_ended: ['结束紧急点名', 'roll call ended'],
  staff_signed_in: ['教师签到', 'staff signed in'],
  staff_signed_out: ['教师签退', 'staff signed out'],
};

/** What each anomaly is called, alert or warning. */
export const ANOMALY: Record<AnomalyCode, Words> = {
  lost_in_transit: ['交出后未到', 'handed off, not arrived'],
  not_handed_off: ['应到未交出', 'expected, not handed off'],
  wrong_group: ['进错组', 'in the wrong group'],
  left_on_campus: ['滞留', 'still on campus'],
  over_capacity: ['超员', 'over capacity'],
  teacher_ratio: ['看护老师不足', 'too few teachers'],
  rota_not_signed_in: ['值班老师未签到', 'rota teacher not signed in'],
  call_unanswered: ['呼叫后未送出', 'called, not sent to the gate'],
  reunified_not_safe: ['未点名确认安全即交家长', 'reunified without being marked safe'],
  released_twice: ['重复放行', 'released twice'],
  released_without_care: ['未签到即放行', 'released, never in care'],
  scan_after_release: ['离校后又被扫描', 'scanned after release'],
  kiosk_offline: ['平板离线', 'kiosk offline'],
  kiosk_unsent: ['平板有未发送记录', 'kiosk has unsent records'],
  headcount_mismatch: ['人数不符', 'headcount differs'],
  release_mismatch: ['放行方式不符', 'release differs from plan'],
  guardian_not_authorised: ['接送卡不符', 'pickup card not valid'],
  release_against_note: ['放行违反安全提示', 'released against a safety note'],
  release_overridden: ['值班领导授权放行', 'release allowed by the duty leader'],
  on_leave_present: ['请假却到校', 'on leave but here'],
  not_expected_today: ['今天不该来', 'not expected today'],
  never_checked_in: ['从未签到', 'never checked in'],
  out_of_order: ['顺序异常', 'out of order'],
};

export const SEVERITY: Record<'alert' | 'warning', Words> = {
  alert: ['警报', 'alert'],
  warning: ['提醒', 'warning'],
};

/** A station kind as the school says it. */
export const STATION: Record<string, Words> = {
  classroom: ['教室', 'classroom'],
  care: ['看护', 'care room'],
  gate: ['校门', 'gate'],
};

const LEAVE: Record<string, string> = { sick: '病假', personal: '事假', other: '其他' };

let schoolZone: string | undefined;
/** Times are the school's, whatever zone the phone is set to (the model sets it from the roster). */
export function setSchoolZone(zone: string) {
  schoolZone = zone;
}
export const time = (ms: number) =>
  new Date(ms).toLocaleTimeString('zh-CN', {
    hour12: false,
    hour: '2-digit',
    minute: '2-digit',
    ...(schoolZone ? { timeZone: schoolZone } : {}),
  });

export const groupName = (roster: Roster, id: string | null | undefined) =>
  (id && roster.groups.find((g) => g.id === id)?.name) || '—';
export const staffName = (roster: Roster, id: string | undefined) =>
  (id && roster.staff.find((s) => s.id === id)?.name) || '—';
export const className = (roster: Roster, id: string | undefined) =>
  (id && roster.classes.find((c) => c.id === id)?.name) || '—';

/** A group's, a club's (with its room) or the nurse's name. */
export function placeName(roster: Roster, p: Place | undefined): string {
  if (!p) return '—';
  if (p.kind === 'group') return groupName(roster, p.groupId);
  if (p.kind === 'nurse') return '医务室';
  const club = roster.clubs.find((c) => c.id === p.clubId);
  if (!club) return '—';
  const room = roster.rooms.find((r) => r.id === club.roomId)?.name;
  return room ? `${club.name}（${room}）` : club.name;
}

function releaseHow(roster: Roster, how: ReleaseHow): string {
  switch (how.kind) {
    case 'guardian_card':
      return `接送卡 ${roster.guardians.find((g) => g.id === how.guardianId)?.name ?? ''}`.trim();
    case 'staff_confirmed':
      return `${how.collectedBy} 接走`;
    case 'bus':
      return `${how.bus} 号校车`;
    case 'walks_alone':
      return '自行回家';
    case 'reunified':
      return `集合点交给 ${how.collectedBy}`;
    case 'delegate':
      return `临时代接 ${how.collectedBy}`;
  }
}

/** What an event adds to its name: where to, who collected, why. Empty when its name says it all. */
export function eventDetail(roster: Roster, e: CustodyEvent | undefined): string {
  if (!e) return '';
  switch (e.type) {
    case 'handed_off':
      return `→ ${groupName(roster, e.toGroupId)}`;
    case 'checked_in':
      return `${groupName(roster, e.groupId)}${e.jointWithStaffId ? '（本班交接）' : ''}`;
    case 'transferred':
      return `→ ${placeName(roster, e.to)}`;
    case 'picked_up_early':
      return `${e.collectedBy}：${e.reason}`;
    case 'released':
      // SN2: a release the duty leader allowed against a safety note says who allowed it and why.
      return e.override
        ? `${releaseHow(roster, e.how)}（${staffName(roster, e.override.staffId)} 授权：${e.override.reason}）`
        : releaseHow(roster, e.how);
    case 'extended_care_started':
      return `${e.place} · ${staffName(roster, e.adultStaffId)}`;
    case 'leave_recorded':
      return [LEAVE[e.reason], e.note].filter(Boolean).join(' ');
    case 'marked_absent':
      return e.reason ?? '';
    case 'corrected':
      return e.reason;
    default:
      return '';
  }
}

/**
 * A device as a person knows it: a tablet by the name the office gave it, the leader's phone, the office. Never
 * the id: one the hub does not list (revoked, forgotten) is just "a tablet".
 */
export function deviceName(kiosks: readonly DeviceHealth[], id: string): string {
  if (id.startsWith('leader:')) return '值班领导手机';
  if (id === 'office') return '教导处';
  return kiosks.find((k) => k.deviceId === id)?.name ?? '平板';
}
