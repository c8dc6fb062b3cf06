/** Reads a roster file and plans the import against the current roster: shared by the hub's API and the CLI. */
import { randomBytes } from 'node:crypto';
import type { ImportPlan } from '../../core/rosterImport';
import { planImport } from '../../core/rosterImport';
import type { Roster } from '../../core/roster';
import { pinyinInitials } from './initials';
import { readTable } from './readTable';

export async function planFromFile(
  roster: Roster,
  fileName: string,
  bytes: Uint8Array,
  now: number,
): Promise<ImportPlan> {
  const table = await readTable(fileName, bytes);
  return planImport(roster, table, { randomBytes: (n) => randomBytes(n), initials: pinyinInitials, now });
}

/** What a person reads: counts, the first changes, and every error with row, column and reason. */
export function summarize(plan: ImportPlan) {
  return {
    headerRow: plan.headerRow,
    columns: plan.columns,
    counts: {
      added: plan.added.length,
      changed: plan.changed.length,
      removed: plan.removed.length,
      unchanged: plan.unchanged,
      errors: plan.errors.length,
    },
    added: plan.added.map((s) => ({ studentNo: s.studentNo, name: s.name, classId: s.classId, groupId: s.groupId })),
    changed: plan.changed.map((c) => ({ studentNo: c.after.studentNo, name: c.after.name, fields: c.fields })),
    removed: plan.removed.map((s) => ({ studentNo: s.studentNo, name: s.name })),
    errors: plan.errors,
  };
}

export const TEMPLATE_CSV =
  '\uFEFF学号,姓名,年级,班级,课后服务班,接送方式,校车,批次,监护人,关系,电话,重点关注,减免\r\n20260101,张小明,一年级,1班,一年级1班（本班看护）,家长接送,,1,张建国,父亲,13800000000,,否\r\n';
