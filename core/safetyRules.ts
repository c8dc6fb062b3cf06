/**
 * 安全提示 at a hand-over (SN1, SN2 of SPEC.md): which notes a child has, and whether a release breaks one. The kiosk
 * asks before it writes a release (and blocks it until the duty leader's PIN), the reducer asks again of every
 * stored release (core/custodyRules.ts), so a release written against a note is an alert wherever it came from.
 */
import type { ReleaseHow } from './events';
import type { Bilingual } from './messages';
import type { SafetyNotes, Student } from './roster';
import { NO_SAFETY_NOTES } from './roster';

/** A child's notes, as an old roster or a cut one may lack them. */
export const notesOf = (s: Pick<Student, 'safety'> | undefined): SafetyNotes => s?.safety ?? NO_SAFETY_NOTES;

/** Whether there is anything to show (SN1). */
export function hasSafetyNotes(s: Pick<Student, 'safety'> | undefined): boolean {
  const n = notesOf(s);
  return n.medical !== '' || n.custody !== '' || n.cardOnly || n.notWith.length > 0;
}

/** Whether there is a custody rule a release can break (SN2): 只凭接送卡 or 不得交给. */
export const hasCustodyRule = (s: Pick<Student, 'safety'> | undefined) =>
  notesOf(s).cardOnly || notesOf(s).notWith.length > 0;

/** Names compared as people write them: full-width letters, spaces and case do not matter (王 某某 = 王某某). */
const plain = (name: string) => name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
export const sameName = (a: string, b: string) => plain(a) !== '' && plain(a) === plain(b);

export interface ReleaseBlock extends Bilingual {
  code: 'card_only' | 'not_with';
}

/** Who takes the child in a release, by name: the adult named at the gate, or the pickup card's guardian. */
function takerName(how: ReleaseHow, guardianName: (id: string) => string | undefined): string | undefined {
  switch (how.kind) {
    case 'staff_confirmed':
    case 'delegate':
      return how.collectedBy;
    case 'reunified':
      return how.collectedBy;
    case 'guardian_card':
      return guardianName(how.guardianId);
    default:
      return undefined;
  }
}

/**
 * SN2: why the notes forbid this release, or null. 不得交给: the adult who takes the child (named at the gate, the
 * pickup card's guardian, the 临时代接 adult, the one at the assembly point) is a listed name. 只凭接送卡: the child
 * leaves only with a guardian's pickup card; by hand, by bus, walking alone or with a 临时代接 adult it is forbidden.
 * At the assembly point after an emergency (RC4, `reunified`) the duty leader hands the child over in person and
 * cards may be left behind, so 只凭接送卡 does not apply there; 不得交给 does.
 * @example releaseBlock(cardOnlyChild, { kind: 'staff_confirmed', collectedBy: '家长' })?.zh // '只凭接送卡接走：请扫描家长接送卡'
 */
export function releaseBlock(
  student: Pick<Student, 'safety'> | undefined,
  how: ReleaseHow,
  guardianName: (id: string) => string | undefined = () => undefined,
): ReleaseBlock | null {
  const n = notesOf(student);
  const taker = takerName(how, guardianName);
  const barred = taker === undefined ? undefined : n.notWith.find((x) => sameName(x, taker));
  if (barred !== undefined) return { code: 'not_with', zh: `不得交给 ${barred}`, en: `Must not be given to ${barred}` };
  if (n.cardOnly && how.kind !== 'guardian_card' && how.kind !== 'reunified')
    return {
      code: 'card_only',
      zh: '只凭接送卡接走：请扫描家长接送卡',
      en: 'Card only: scan the guardian’s pickup card',
    };
  return null;
}
