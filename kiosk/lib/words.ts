/**
 * The words a teacher reads for the reducer's codes: a child's status, a leave reason, a way home. Nothing on a
 * kiosk screen shows a code (`at_gate`, `sick`, `walks_alone`); every screen asks this module instead.
 */
import type { ReleaseHow } from '../../core/events';
import type { ChildDay, ChildStatus } from '../../core/state';
import type { Bilingual } from './stationRules';

export const STATUS_WORDS: Record<ChildStatus, Bilingual> = {
  expected: { zh: '未到', en: 'not here yet' },
  handed_off: { zh: '在路上', en: 'on the way' },
  in_care: { zh: '看护中', en: 'in care' },
  at_gate: { zh: '在校门等待', en: 'waiting at the gate' },
  released: { zh: '已离校', en: 'left school' },
  extended_care: { zh: '延时托管', en: 'extended care' },
  on_leave: { zh: '请假', en: 'on leave' },
  absent: { zh: '缺席', en: 'absent' },
};

export type LeaveReason = NonNullable<ChildDay['leave']>['reason'];

/** The school's leave reasons, in the order the class teacher is offered them. */
export const LEAVE_REASONS: { reason: LeaveReason; words: Bilingual }[] = [
  { reason: 'sick', words: { zh: '病假', en: 'sick' } },
  { reason: 'personal', words: { zh: '事假', en: 'personal' } },
  { reason: 'other', words: { zh: '其他', en: 'other' } },
];

export function leaveWords(reason: LeaveReason): Bilingual {
  return LEAVE_REASONS.find((r) => r.reason === reason)?.words ?? { zh: '其他', en: 'other' };
}

/** Why a child is on the leave/absent list, in words: "病假 · 发烧", "缺席". */
export function awayReason(child: ChildDay): Bilingual {
  if (child.status === 'on_leave' && child.leave) {
    const w = leaveWords(child.leave.reason);
    return child.leave.note ? { zh: `${w.zh} · ${child.leave.note}`, en: `${w.en} · ${child.leave.note}` } : w;
  }
  if (child.status === 'absent') {
    const why = child.absence?.reason;
    return why ? { zh: `缺席 · ${why}`, en: `absent · ${why}` } : STATUS_WORDS.absent;
  }
  return STATUS_WORDS[child.status];
}

export function releaseWords(how: ReleaseHow): Bilingual {
  switch (how.kind) {
    case 'guardian_card':
      return { zh: '接送卡', en: 'pickup card' };
    case 'staff_confirmed':
      return { zh: `${how.collectedBy}接走`, en: `collected by ${how.collectedBy}` };
    case 'bus':
      return { zh: `校车 ${how.bus}`, en: `bus ${how.bus}` };
    case 'walks_alone':
      return { zh: '自行回家', en: 'walked home' };
    case 'reunified':
      return { zh: `集合点交给${how.collectedBy}`, en: `reunified with ${how.collectedBy}` };
    case 'delegate':
      return { zh: `临时代接：${how.collectedBy}`, en: `one-day delegate: ${how.collectedBy}` };
  }
}
