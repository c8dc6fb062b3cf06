/**
 * Every message a person may see from the core and the hub, Chinese first, English second. Codes are stable
 * (clients switch on them); texts may change.
 */
export const messages = {
  malformed: { zh: '记录格式不正确', en: 'The record is malformed' },
  card_malformed: { zh: '无法识别的二维码：这不是本系统的卡', en: 'Unrecognised code: not a Relay card' },
  card_foreign_school: { zh: '这张卡属于其他学校', en: 'This card belongs to another school' },
  card_revoked: { zh: '这张卡已作废（已补办新卡）', en: 'This card has been revoked (a new one was printed)' },
  card_unknown: { zh: '未登记的卡', en: 'Unknown card' },
  card_mismatch: { zh: '卡与学生不符', en: 'The card does not belong to this student' },
  unknown_student: { zh: '花名册中没有这名学生', en: 'No such student on the roster' },
  not_enrolled: { zh: '该学生未报名课后服务', en: 'The student is not enrolled in after-school service' },
  not_service_day: { zh: '今天不是课后服务日', en: 'Not a service day' },
  day_out_of_range: { zh: '日期超出允许范围', en: 'The day is outside the accepted range' },
  unknown_group: { zh: '没有这个课后服务班', en: 'No such care group' },
  unknown_club: { zh: '没有这个社团', en: 'No such club' },
  unknown_staff: { zh: '没有这位教职工，或已停用', en: 'No such staff member, or inactive' },
  unknown_guardian: { zh: '没有这位接送人', en: 'No such guardian' },
  device_mismatch: { zh: '记录的设备与登录设备不符', en: 'The record names another device' },
  not_signed_in: {
    zh: '这位老师没有在本平板上用 PIN 登录过（或登录已过期），记录未保存：请连接服务器后重新登录',
    en: 'This teacher has not signed in with a PIN on this tablet (or that sign-in expired): not stored; sign in again while the hub is reachable',
  },
  offline_expired: {
    zh: '离线登录已过期：这位老师上次在本平板联网登录已超过一周。请等平板连上服务器后再登录，其间请用纸质名单',
    en: 'Offline sign-in has expired: this teacher last signed in here with the hub over a week ago. Sign in once the tablet reaches the hub; use the paper list meanwhile',
  },
  leader_only: {
    zh: '只有值班领导在自己的手机上登录后才能做这一项',
    en: 'Only a duty leader signed in on their own phone can do this',
  },
  station_mismatch: {
    zh: '此平板由教导处分配到其他岗位，不能记录这一项',
    en: 'This tablet is assigned to another station: it cannot record this',
  },
  correction_target: {
    zh: '更正的原记录不存在或不可更正',
    en: 'The record to correct does not exist or cannot be corrected',
  },
  batch_too_large: { zh: '一次提交的记录太多', en: 'Too many records in one batch' },
  unauthorized: {
    zh: '设备未配对或已被停用，请重新配对',
    en: 'This device is not paired or was revoked: pair it again',
  },
  admin_required: { zh: '需要管理员登录', en: 'Office sign-in required' },
  today_only: {
    zh: '平板只能读取今天的记录；以前的记录请在教导处查看',
    en: 'A tablet may read only today’s records: earlier days are at the office',
  },
  bad_password: { zh: '密码错误', en: 'Wrong password' },
  bad_pairing_code: { zh: '配对码无效或已过期', en: 'The pairing code is invalid or expired' },
  bad_pin: { zh: 'PIN 码错误', en: 'Wrong PIN' },
  override_not_leader: {
    zh: '授权放行的人不是在职的值班领导，记录未保存',
    en: 'The override names someone who is not an active duty leader: not stored',
  },
  override_not_verified: {
    zh: '中心没有在本平板上核对过这位值班领导的 PIN，授权放行未保存',
    en: 'The hub did not check this duty leader’s PIN on this tablet: the override was not stored',
  },
  rate_limited: { zh: '尝试次数过多，请稍后再试', en: 'Too many attempts: try again later' },
  pin_too_short: {
    zh: '新 PIN 至少要 6 位数字，未修改',
    en: 'A new PIN needs at least 6 digits: nothing was changed',
  },
  pin_weak: {
    zh: '这个 PIN 太容易被猜到（同一数字、连续数字、重复的一组数字或工号），请换一个，未修改',
    en: 'This PIN is too easy to guess (one digit, a run, a repeated group or the staff id): choose another; nothing was changed',
  },
  not_found: { zh: '没有找到', en: 'Not found' },
  cross_origin: { zh: '拒绝来自其他网站的请求', en: 'Refused: the request came from another site' },
  bad_path: { zh: '无效的地址', en: 'Invalid address' },
  internal: { zh: '服务器内部错误，记录未保存', en: 'Server error: nothing was stored' },
  file_busy: {
    zh: '数据文件被其他程序占用（如杀毒或备份软件），请稍后再试',
    en: 'A data file is held open by another program (antivirus, backup): try again shortly',
  },
  // backups (#17, hub/autoBackup.ts): the detail names the folder
  backup_no_folder: {
    zh: '还没有设置自动备份文件夹',
    en: 'No backup folder is set yet',
  },
  backup_folder_invalid: {
    zh: '请填写一个文件夹的完整路径（例如 E:\\接力备份 或 /media/usb/relay）',
    en: 'Give the full path of a folder (e.g. E:\\relay-backups or /media/usb/relay)',
  },
  backup_folder_missing: {
    zh: '备份文件夹不存在（U 盘或移动硬盘是否已拔出？）',
    en: 'The backup folder does not exist (was the USB stick or drive removed?)',
  },
  backup_folder_in_data: {
    zh: '备份文件夹不能在数据文件夹之内：请选另一个磁盘或 U 盘',
    en: 'The backup folder must not be inside the data folder: choose another drive or a USB stick',
  },
  backup_folder_not_writable: {
    zh: '无法在备份文件夹中写入文件（只读或没有权限）',
    en: 'Cannot write in the backup folder (read-only or no permission)',
  },
  backup_disk_full: { zh: '备份所在的磁盘已满', en: 'The backup drive is full' },
  backup_failed: { zh: '备份失败', en: 'The backup failed' },
  // roster import (issue #17)
  removal_unconfirmed: {
    zh: '这次导入将移除很多学生：请输入将移除的人数确认，或选择“只更新文件中的班级”。未导入任何数据',
    en: 'This import would remove many students: type the number removed to confirm, or choose "only the classes in the file". Nothing was imported',
  },
} as const;
export type MessageCode = keyof typeof messages;

/** A text a person sees: Chinese first, English second. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** How a result sounds and looks on every screen: a beep for ok, two for a warning, a buzz for an error. */
export type Level = 'ok' | 'warn' | 'error' | 'info';

export interface Problem {
  code: MessageCode;
  zh: string;
  en: string;
  detail?: string;
}

export function problem(code: MessageCode, detail?: string): Problem {
  return { code, ...messages[code], ...(detail ? { detail } : {}) };
}

/**
 * `rate_limited` saying when to try again, for a lock of `waitMs` ms, and who can lift it if anyone (`unlock`):
 * the hub's logins and the tablet's offline PIN check both use it.
 *
 * @example
 * rateLimited(15 * 60_000).en // 'Too many attempts: locked, try again in 15 min'
 */
export function rateLimited(waitMs: number, unlock?: Bilingual): Problem {
  const minutes = Math.max(1, Math.ceil(waitMs / 60_000));
  return {
    ...problem('rate_limited', `retry in ${Math.ceil(waitMs / 1000)} s`),
    zh: `尝试次数过多，已锁定，请稍后再试：${minutes} 分钟后可以再试${unlock ? `（${unlock.zh}）` : ''}`,
    en: `Too many attempts: locked, try again in ${minutes} min${unlock ? ` (${unlock.en})` : ''}`,
  };
}

/** who lifts a staff member's PIN lock before it runs out */
export const OFFICE_UNLOCKS: Bilingual = { zh: '或请教导处解除锁定', en: 'or ask the office to unlock it' };

/** What a refused day was for: the words of CU17's window (安排 an arrangement, 登记 leave, 记录 anything else). */
export type DayPurpose = 'arrangement' | 'leave' | 'record';
const DAY_PURPOSE: Record<DayPurpose, Bilingual> = {
  arrangement: { zh: '安排', en: 'Arrangements can be made' },
  leave: { zh: '登记请假', en: 'Leave can be recorded' },
  record: { zh: '记录', en: 'Records are taken' },
};

/** Why a day is refused (CU17): before the window, after it, or in it but without service (`why`: 周日, 元旦…). */
export type DayRefusal =
  | { kind: 'past'; maxPastDays: number }
  | { kind: 'ahead'; maxFutureDays: number }
  | { kind: 'not_service'; why: Bilingual };

/**
 * CU17's refusal of an event's day in words: what is wrong with that day, then the days that may be used.
 *
 * @example
 * dayRefused('2026-11-29', { kind: 'not_service', why: { zh: '周日', en: 'Sunday' } },
 *   { today: '2026-11-24', first: '2026-11-10', last: '2027-03-24', purpose: 'arrangement' }).zh
 * // '2026-11-29（周日）不是课后服务日：只能安排 2026-11-10 至 2027-03-24 之间的课后服务日'
 */
export function dayRefused(
  day: string,
  why: DayRefusal,
  w: { today: string; first: string; last: string; purpose: DayPurpose },
): Problem {
  const purpose = DAY_PURPOSE[w.purpose];
  const last =
    w.last === w.today ? { zh: `${w.last}（今天）`, en: `${w.last} (today)` } : { zh: `${w.last} `, en: w.last };
  const range = {
    zh: `只能${purpose.zh} ${w.first} 至 ${last.zh}之间的课后服务日`,
    en: `${purpose.en} only for service days from ${w.first} to ${last.en}`,
  };
  if (why.kind === 'not_service' && day === w.today) {
    return {
      ...problem('not_service_day', day),
      zh: `今天（${day}）不是课后服务日`,
      en: `Today (${day}) is not a service day`,
    };
  }
  const head =
    why.kind === 'not_service'
      ? { zh: `${day}（${why.why.zh}）不是课后服务日`, en: `${day} (${why.why.en}) is not a service day` }
      : why.kind === 'past'
        ? { zh: `${day} 已过去超过 ${why.maxPastDays} 天`, en: `${day} is more than ${why.maxPastDays} days ago` }
        : w.last === w.today
          ? { zh: `${day} 还没有到`, en: `${day} is in the future` }
          : {
              zh: `${day} 太远：最多提前 ${why.maxFutureDays} 天`,
              en: `${day} is more than ${why.maxFutureDays} days ahead`,
            };
  return {
    ...problem(why.kind === 'not_service' ? 'not_service_day' : 'day_out_of_range', day),
    zh: `${head.zh}：${range.zh}`,
    en: `${head.en}: ${range.en}`,
  };
}
