/**
 * What makes a new staff PIN acceptable. A PIN guards a child's hand-over, and the lock-out only slows guessing
 * (5 tries per 15 minutes): a guesser starts with the PINs people pick, so those are refused outright. Stored
 * 4-digit PINs from before this rule (the demo's 2468) still sign in; only setting a PIN is held to it.
 */
import type { MessageCode } from './messages';

export const MIN_NEW_PIN_DIGITS = 6;

/** PINs common enough to be tried first that the patterns below do not catch (keyboard and phone-pad shapes, dates of love). */
const COMMON = new Set([
  '112233',
  '123321',
  '147258',
  '147369',
  '159357',
  '159753',
  '258369',
  '520131',
  '131420',
  '201314',
]);

/** every digit one more (or one less) than the one before, wrapping 9→0: 123456, 654321, 890123 */
function isRun(pin: string): boolean {
  for (const step of [1, 9]) {
    let run = true;
    for (let i = 1; i < pin.length && run; i++) run = (Number(pin[i]) - Number(pin[i - 1]) + 10) % 10 === step % 10;
    if (run) return true;
  }
  return false;
}

/** the PIN is a shorter block said again: 000000, 121212, 123123 */
function isRepeat(pin: string): boolean {
  for (let len = 1; len <= pin.length / 2; len++)
    if (pin.length % len === 0 && pin.slice(0, len).repeat(pin.length / len) === pin) return true;
  return false;
}

/**
 * Why `pin` may not be set as `staffId`'s new PIN, or null when it may.
 *
 * @example
 * newPinProblem('2468', 'care-1a') // 'pin_too_short'
 * newPinProblem('123456', 'care-1a') // 'pin_weak'
 * newPinProblem('305918', 'care-1a') // null
 */
export function newPinProblem(pin: string, staffId: string): Extract<MessageCode, 'pin_too_short' | 'pin_weak'> | null {
  if (!/^\d+$/.test(pin) || pin.length < MIN_NEW_PIN_DIGITS) return 'pin_too_short';
  if (isRepeat(pin) || isRun(pin) || COMMON.has(pin)) return 'pin_weak';
  // The staff id's digits (a 工号 such as t20180931): printed on badges and rotas, so known to everyone.
  const idDigits = staffId.replace(/\D/g, '');
  if (idDigits.length >= 3 && (pin.includes(idDigits) || idDigits.includes(pin))) return 'pin_weak';
  return null;
}
