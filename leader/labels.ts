/** What the leader's screens call a child's status, and how they write a time of day. */
import type { ChildDay } from '../core/state';

export const STATUS: Record<ChildDay['status'], [string, string]> = {
  expected: ['未到', 'not yet'],
  handed_off: ['路上', 'in transit'],
  in_care: ['看护中', 'in care'],
  at_gate: ['校门', 'at gate'],
  released: ['已离校', 'released'],
  extended_care: ['延时托管', 'extended'],
  on_leave: ['请假', 'leave'],
  absent: ['缺席', 'absent'],
};

export const time = (ms: number) =>
  new Date(ms).toLocaleTimeString('zh-CN', { hour12: false, hour: '2-digit', minute: '2-digit' });
