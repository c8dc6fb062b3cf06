/**
 * 临时代接 (DG1): a named adult collects a child on one day, optionally with a one-day pickup code of 6 digits
 * that the hub makes when the office asks for one and shows once. The event keeps only a keyed hash of the code
 * (cardHash with the school's card key, over the day, the child and the code), so a tablet checks a typed or
 * scanned code offline and the code works only on its day, only for its child, and only until the child leaves.
 *
 * What a tablet's holder could do: the tablet has the card key, and 6 digits are a million tries, so someone who
 * has a tablet and today's events can find today's codes in seconds. Such a person can already release any child
 * from that tablet; the code is a check for the gate teacher, not a secret from the school's own tablets.
 */
import { z } from 'zod';
import { cardHash } from './cardHash';
import type { SubmitResult } from './protocol';
import type { Arrangement } from './events';
import type { ChildDay, DayState } from './state';

export const DELEGATE_CODE_DIGITS = 6;

/** What the slip's QR carries: R (Relay), D (delegate), the day as 8 digits, the code. No name, class or number. */
const PAYLOAD = /^RD(\d{4})(\d{2})(\d{2})(\d{6})$/;

/**
 * The keyed hash an arrangement keeps of its code: bound to the day and the child, so a hash copied into another
 * child's arrangement, or another day's, matches no code.
 * @example delegateCodeHash(roster.cardHashes.key, '2026-12-01', 's1101', '042917') // 64 letters a–p
 */
export function delegateCodeHash(key: string, day: string, studentId: string, code: string): string {
  return cardHash(key, `DG:${day}:${studentId}:${code}`);
}

/** The code as 6 digits from a number below a million (the hub draws it with crypto.randomInt). */
export function delegateCodeText(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 10 ** DELEGATE_CODE_DIGITS) throw new Error('a code is 0 … 999999');
  return String(n).padStart(DELEGATE_CODE_DIGITS, '0');
}

/** @example delegatePayload('2026-12-01', '042917') // 'RD20261201042917' */
export function delegatePayload(day: string, code: string): string {
  return `RD${day.replaceAll('-', '')}${code}`;
}

/**
 * What the gate was given: 6 typed digits (spaces allowed), or the slip's QR (with its day). Anything else is null.
 * @example parseDelegateInput('RD20261201042917') // { code: '042917', day: '2026-12-01' }
 */
export function parseDelegateInput(text: string): { code: string; day?: string } | null {
  const t = text.replace(/\s+/g, '').toUpperCase();
  if (/^\d{6}$/.test(t)) return { code: t };
  const m = PAYLOAD.exec(t);
  return m ? { code: m[4]!, day: `${m[1]}-${m[2]}-${m[3]}` } : null;
}

export type DelegateArrangement = Extract<Arrangement, { kind: 'delegate' }> & { note: string; eventId: string };

/** The child's delegate arrangement today, if any (the latest of its kind, CU19). */
export function delegateOf(child: ChildDay | undefined): DelegateArrangement | undefined {
  const a = child?.arrangements?.find((x) => x.kind === 'delegate');
  return a?.kind === 'delegate' ? a : undefined;
}

/**
 * What the gate's waiting row and the care room's list say of a child a delegate collects today.
 * @example delegateNote(child)?.zh // '今天由 王阿姨 代接'
 */
export function delegateNote(child: ChildDay | undefined): { zh: string; en: string } | undefined {
  const a = delegateOf(child);
  return a ? { zh: `今天由 ${a.collectedBy} 代接`, en: `collected by ${a.collectedBy} today` } : undefined;
}

export type DelegateMatch =
  | { ok: true; studentId: string; arrangement: DelegateArrangement }
  | {
      ok: false;
      /** malformed: not 6 digits; other_day: the slip is another day's; unknown: no child has it today; used: the child has left */
      reason: 'malformed' | 'other_day' | 'unknown' | 'used';
      day?: string;
      studentId?: string;
    };

/**
 * DG1: the child whose delegate arrangement today has this code. The state is the reducer's for its day (it saw
 * only that day's events, corrections applied), so another day's code and a voided arrangement match nothing.
 */
export function matchDelegateCode(state: Pick<DayState, 'day' | 'children'>, key: string, text: string): DelegateMatch {
  const input = parseDelegateInput(text);
  if (!input) return { ok: false, reason: 'malformed' };
  if (input.day !== undefined && input.day !== state.day) return { ok: false, reason: 'other_day', day: input.day };
  for (const child of Object.values(state.children)) {
    const a = delegateOf(child);
    if (!a?.codeHash || delegateCodeHash(key, state.day, child.studentId, input.code) !== a.codeHash) continue;
    if (child.status === 'released') return { ok: false, reason: 'used', studentId: child.studentId };
    return { ok: true, studentId: child.studentId, arrangement: a };
  }
  return { ok: false, reason: 'unknown' };
}

/** What the gate says when a code does not match, in red; nothing is written. */
export function delegateRefusal(m: Extract<DelegateMatch, { ok: false }>): { zh: string; en: string } {
  switch (m.reason) {
    case 'malformed':
      return { zh: '接送码是 6 位数字', en: 'A pickup code has 6 digits' };
    case 'other_day':
      return { zh: `这是 ${m.day} 的接送码，今天不能用`, en: `This code is for ${m.day}, not today` };
    case 'used':
      return { zh: '这个接送码已用过：孩子已离校', en: 'This code was used: the child has left' };
    case 'unknown':
      return { zh: '接送码不对，或不是今天的', en: 'No child has this code today' };
  }
}

/**
 * What the office sends to record a delegate (POST /api/admin/delegate): the hub makes the code when `withCode`,
 * so no page ever picks one. The fields are checked by the handler, which says in words which one is wrong.
 */
export const DelegateBody = z.object({
  staffId: z.string().min(1).max(64),
  studentId: z.string().min(1).max(64),
  day: z.string().max(40),
  collectedBy: z.string().max(200),
  relation: z.string().max(200).default(''),
  withCode: z.boolean().default(false),
  note: z.string().max(200).default(''),
});

/** The hub's answer: the code and its slip (a PDF, base64) only in this answer, once; the log keeps the hash. */
export type DelegateAnswer = SubmitResult & { code?: string; slipPdf?: string };
