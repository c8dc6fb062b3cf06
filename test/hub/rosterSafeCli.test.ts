/**
 * `npm run roster -- import FILE` (issue #17): a large removal is refused unless `--confirm-remove N` names the
 * count or `--only-classes-in-file` keeps the other classes; the removed are listed (the first 20, then 还有 N 人),
 * and the import lands in the roster's history as the command line's.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Student } from '../../core/roster';
import { makeDemoSchool } from '../../hub/demo/demoSchool';
import { RosterStore } from '../../hub/rosterStore';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);
async function cli(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/roster.ts'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}
const csv = (students: Student[]) =>
  [
    '学号,姓名,年级,班级',
    ...students.map((s) => `${s.studentNo},${s.name},${s.grade},${s.classId.split('-')[1]}班`),
  ].join('\r\n');

describe('roster import from the command line', () => {
  it('refuses a large removal without --confirm-remove N or --only-classes-in-file', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'relay-roster-cli-'));
    const roster = makeDemoSchool({ randomBytes: (n) => new Uint8Array(randomBytes(n)) });
    const school = path.join(dataDir, 'school.json');
    await RosterStore.open(school, () => roster);
    const c11 = roster.students.filter((s) => s.classId === 'c1-1');
    const file = path.join(dataDir, '一年级1班.csv');
    writeFileSync(file, csv(c11.slice(1)));

    const refused = await cli(['import', file, '--data', dataDir]);
    expect(refused.code, refused.out).toBe(1);
    expect(refused.out).toContain('移除 removed 201');
    expect(refused.out).toContain('还有 181 人 and 181 more');
    expect(refused.out).toMatch(/--confirm-remove 201/);
    const wrong = await cli(['import', file, '--data', dataDir, '--confirm-remove', '200']);
    expect(wrong.code, wrong.out).toBe(1);
    expect((await RosterStore.open(school)).roster.students).toHaveLength(240);

    const scoped = await cli(['import', file, '--data', dataDir, '--only-classes-in-file']);
    expect(scoped.code, scoped.out).toBe(0);
    expect(scoped.out).toContain(`移除 ${c11[0]!.studentNo} ${c11[0]!.name} 一年级1班`);
    expect(scoped.out).toMatch(/新增 added 0 · 变更 changed 0 · 移除 removed 1 · 作废卡片 cards revoked 1/);
    const after = await RosterStore.open(school);
    expect(after.roster.students).toHaveLength(239);
    expect(after.history[0]).toMatchObject({ kind: 'import', by: expect.stringContaining('命令行') });

    const confirmed = await cli(['import', file, '--data', dataDir, '--confirm-remove', '200', '--all']);
    expect(confirmed.code, confirmed.out).toBe(0);
    expect(confirmed.out.match(/^ {2}移除 /gm)).toHaveLength(200);
    expect((await RosterStore.open(school)).roster.students).toHaveLength(39);
  }, 120_000);
});
