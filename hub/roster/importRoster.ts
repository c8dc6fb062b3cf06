/** Reads a roster file and plans the import against the current roster: shared by the hub's API and the CLI. */
import { randomBytes } from 'node:crypto';
import type { DiffSummary, ImportSummary } from '../../core/contract';
import type { ImportPlan } from '../../core/rosterImport';
import { isLargeRemoval, planImport } from '../../core/rosterImport';
import type { Roster } from '../../core/roster';
import { pinyinInitials } from './initials';
import { readTable } from './readTable';

export async function planFromFile(
  roster: Roster,
  fileName: string,
  bytes: Uint8Array,
  now: number,
  opts: { onlyClassesInFile?: boolean } = {},
): Promise<ImportPlan> {
  const table = await readTable(fileName, bytes);
  return planImport(roster, table, {
    randomBytes: (n) => randomBytes(n),
    initials: pinyinInitials,
    now,
    ...(opts.onlyClassesInFile ? { onlyClassesInFile: true } : {}),
  });
}

/**
 * The difference as a person reads it, every student of it: who is added (with the file's row), changed (each
 * field in words, old → new) and removed, by name and class, never by id.
 */
export function describeDiff(
  before: Roster,
  after: Roster,
  diff: Pick<ImportPlan, 'added' | 'changed' | 'removed' | 'unchanged'>,
  rowOf: Record<string, number> = {},
): DiffSummary {
  const className = (r: Roster, id: string) => r.classes.find((c) => c.id === id)?.name ?? '';
  const groupName = (r: Roster, id: string | null) => (id ? (r.groups.find((g) => g.id === id)?.name ?? '') : '');
  return {
    counts: {
      added: diff.added.length,
      changed: diff.changed.length,
      removed: diff.removed.length,
      unchanged: diff.unchanged,
      before: before.students.length,
      after: after.students.length,
      cardsRevoked: diff.removed.filter((s) => s.cardId).length,
    },
    largeRemoval: isLargeRemoval(diff.removed.length, before.students.length),
    added: diff.added.map((s) => ({
      row: rowOf[s.studentNo] ?? null,
      studentNo: s.studentNo,
      name: s.name,
      className: className(after, s.classId),
      groupName: groupName(after, s.groupId),
    })),
    changed: diff.changed.map((c) => ({
      studentNo: c.after.studentNo,
      name: c.after.name,
      className: className(after, c.after.classId),
      fields: c.fields,
      changes: c.diffs.map((d) => ({ label: d.label, before: d.before, after: d.after })),
    })),
    removed: diff.removed.map((s) => ({
      studentNo: s.studentNo,
      name: s.name,
      className: className(before, s.classId),
    })),
  };
}

/** What a person reads: counts, every student added, changed and removed, every error with row, column and reason. */
export function summarize(plan: ImportPlan, before: Roster): ImportSummary {
  const d = describeDiff(before, plan.roster, plan, plan.rowOf);
  const classNames = plan.classesInFile
    .map((id) => plan.roster.classes.find((c) => c.id === id)?.name ?? '')
    .filter(Boolean);
  return {
    headerRow: plan.headerRow,
    columns: plan.columns,
    ...d,
    counts: { ...d.counts, errors: plan.errors.length },
    onlyClassesInFile: plan.onlyClassesInFile,
    classesInFile: classNames,
    errors: plan.errors,
  };
}

/** The stop before a large removal, for the hub and the command line alike: undefined when the import may go. */
export function removalStop(
  plan: Pick<ImportPlan, 'removed' | 'before'>,
  confirmRemove: number | undefined,
): { removed: number; zh: string; en: string } | undefined {
  const removed = plan.removed.length;
  if (!isLargeRemoval(removed, plan.before) || confirmRemove === removed) return undefined;
  return {
    removed,
    zh: `这次导入将移除 ${removed} 名学生（共 ${plan.before} 名）并作废他们的卡：请输入将移除的人数 ${removed} 确认，或选择“只更新文件中的班级”。未导入任何数据`,
    en: `This import would remove ${removed} of ${plan.before} students and revoke their cards: type the number ${removed} to confirm, or choose "only the classes in the file". Nothing was imported`,
  };
}

export const TEMPLATE_CSV =
  '\uFEFF学号,姓名,年级,班级,课后服务班,接送方式,校车,批次,监护人,关系,电话,重点关注,减免\r\n20260101,张小明,一年级,1班,一年级1班（本班看护）,家长接送,,1,张建国,父亲,13800000000,,否\r\n';
