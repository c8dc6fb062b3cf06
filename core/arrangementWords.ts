/**
 * Why an arrangement (接送安排) the office sends cannot be kept, in a clerk's words (issue #17): the hub checks it
 * as the event it becomes (core/events ArrangementSchema), whose refusal would name the schema's path.
 */
import { ArrangementSchema } from './events';
import type { Bilingual } from './messages';
import { HHMM_PATTERN } from './time';

const KINDS: Bilingual = {
  zh: '接送安排只能是提前接、晚接或改变接送方式',
  en: 'An arrangement is an early pickup, a late pickup or another way home',
};

/**
 * What is wrong with `arrangement`, or undefined when the hub can keep it.
 *
 * @example arrangementProblem({ kind: 'early_pickup', at: '4:30', collectedBy: '奶奶' })?.zh // '接送时间 4:30 不正确：请写 时:分，如 16:30'
 */
export function arrangementProblem(arrangement: unknown): Bilingual | undefined {
  if (ArrangementSchema.safeParse(arrangement).success) return undefined;
  if (typeof arrangement !== 'object' || arrangement === null) return KINDS;
  const a = arrangement as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  if (a.kind === 'early_pickup' || a.kind === 'late_pickup') {
    const what =
      a.kind === 'early_pickup' ? { zh: '提前接', en: 'an early pickup' } : { zh: '晚接', en: 'a late pickup' };
    if (typeof a.at !== 'string' || !HHMM_PATTERN.test(a.at)) {
      const shown = typeof a.at === 'string' ? a.at.slice(0, 20) : '';
      return {
        zh: `接送时间${shown ? ` ${shown} ` : ''}不正确：请写 时:分，如 16:30`,
        en: `The pickup time${shown ? ` ${shown}` : ''} is not a time: write hours:minutes, e.g. 16:30`,
      };
    }
    if (a.kind === 'early_pickup' && !text(a.collectedBy)) {
      return { zh: '提前接须写明接送人', en: 'An early pickup needs the name of who comes' };
    }
    if (a.collectedBy !== undefined && (typeof a.collectedBy !== 'string' || text(a.collectedBy).length > 64)) {
      return { zh: `${what.zh}的接送人最多 64 个字`, en: `Who comes for ${what.en}: at most 64 characters` };
    }
    return { zh: `${what.zh}只需时间和接送人`, en: `${what.en}: only a time and who comes` };
  }
  if (a.kind === 'delegate') {
    // DG1: the code's hash comes from the hub (POST /api/admin/delegate), never typed.
    return text(a.collectedBy)
      ? { zh: '临时代接人最多 64 个字，关系最多 16 个字', en: 'The adult: at most 64 characters; relation at most 16' }
      : { zh: '临时代接须写明接孩子的人', en: 'A one-day delegate needs the name of who comes' };
  }
  if (a.kind === 'pickup_change') {
    const plan = (typeof a.plan === 'object' && a.plan !== null ? a.plan : {}) as Record<string, unknown>;
    if (plan.kind === 'bus') {
      return text(plan.bus)
        ? { zh: '校车车号最多 16 个字', en: 'A bus number has at most 16 characters' }
        : { zh: '改坐校车须写明车号', en: 'Going home by bus needs the bus number' };
    }
    if (plan.kind === 'walks_alone') {
      return {
        zh: '自行回家须有家长的书面同意',
        en: 'Walking home alone needs the parents’ written consent',
      };
    }
    return {
      zh: '回家方式只能是家长接送、校车或自行回家（有书面同意）',
      en: 'The way home is a guardian, a school bus, or walking alone (with written consent)',
    };
  }
  return KINDS;
}
