/**
 * Issue #17, "Safe import" and "Roster history": the preview names every student added, changed (in words, old →
 * new) and removed; a large removal stops unless its number is typed or the file covers only its classes; the
 * file's tidying (bus numbers, signature lines, blank rows in a merged class, 一/初一, a new class named like its
 * siblings, a guardian's phone); and every save keeps the version it replaced.
 */
import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isLargeRemoval, normalizeBus, parseGrade, planImport } from '../../core/rosterImport';
import type { Roster } from '../../core/roster';
import { makeDemoSchool } from '../../hub/demo/demoSchool';
import { rosterWithout } from '../../hub/erasure';
import { pinyinInitials } from '../../hub/roster/initials';
import { removalStop, summarize } from '../../hub/roster/importRoster';
import { readTable } from '../../hub/roster/readTable';
import { restoreRoster } from '../../hub/roster/restoreRoster';
import { HISTORY_KEEP, RosterStore } from '../../hub/rosterStore';

const fakeRandom = (n: number) => new Uint8Array(randomBytes(n));
const demo = (): Roster => makeDemoSchool({ randomBytes: fakeRandom });
const opts = { randomBytes: fakeRandom, initials: pinyinInitials, now: 1 };
const HEAD = ['学号', '姓名', '年级', '班级', '课后服务班', '接送方式', '校车', '批次'];

/** The roster as the office's own file: every child, one row each. */
function rowsOf(roster: Roster, busText = (b: string) => b): string[][] {
  return [
    HEAD,
    ...roster.students.map((s) => [
      s.studentNo,
      s.name,
      String(s.grade),
      s.classId.split('-')[1]! + '班',
      roster.groups.find((g) => g.id === s.groupId)?.name ?? '',
      s.pickup.kind === 'bus' ? '校车' : s.pickup.kind === 'walks_alone' ? '自行回家' : '家长接送',
      s.pickup.kind === 'bus' ? busText(s.pickup.bus) : '',
      String(s.pickupWave),
    ]),
  ];
}

describe('the preview names every student, in words', () => {
  it('a two-row file: both added with their file rows, all 240 others removed by name and class', () => {
    const roster = demo();
    const table = [
      HEAD,
      ['20269001', '新一', '一年级', '1班', '', '家长接送', '', '1'],
      ['20269002', '新二', '二年级', '2班', '', '校车', '2号车', '1'],
    ];
    const plan = planImport(roster, table, opts);
    const s = summarize(plan, roster);
    expect(s.counts).toMatchObject({ added: 2, removed: 240, before: 240, cardsRevoked: 240, errors: 0 });
    expect(s.added).toEqual([
      { row: 2, studentNo: '20269001', name: '新一', className: '一年级1班', groupName: '' },
      { row: 3, studentNo: '20269002', name: '新二', className: '二年级2班', groupName: '' },
    ]);
    expect(s.removed).toHaveLength(240);
    const first = roster.students[0]!;
    expect(s.removed[0]).toEqual({
      studentNo: first.studentNo,
      name: first.name,
      className: roster.classes.find((c) => c.id === first.classId)!.name,
    });
    expect(JSON.stringify(s)).not.toMatch(/"(classId|groupId|id)"/);
    expect(s.largeRemoval).toBe(true);
  });

  it('a change says the field in words, old → new: 班级, 接送方式 with the bus, 课后服务班', () => {
    const roster = demo();
    const rows = rowsOf(roster);
    const i = roster.students.findIndex((s) => s.classId === 'c1-1' && s.pickup.kind === 'guardian');
    const child = roster.students[i]!;
    rows[i + 1] = [child.studentNo, child.name, '1', '2班', '', '校车', '2号车', String(child.pickupWave)];
    const s = summarize(planImport(roster, rows, opts), roster);
    expect(s.counts).toMatchObject({ changed: 1, removed: 0 });
    const change = s.changed[0]!;
    expect(change).toMatchObject({ studentNo: child.studentNo, name: child.name, className: '一年级2班' });
    const words = change.changes.map((c) => `${c.label.zh}：${c.before} → ${c.after}`);
    expect(words).toContain('班级：一年级1班 → 一年级2班');
    expect(words).toContain('接送方式：家长接送 → 校车 2号车');
    expect(words.some((w) => /^课后服务班：.+ → 不参加$/.test(w))).toBe(true);
  });

  it("a guardian's new phone number is a change, not unchanged", () => {
    const roster = demo();
    const head = [...HEAD, '监护人', '关系', '电话'];
    const child = roster.students[0]!;
    const g = roster.guardians.find((x) => x.studentIds.includes(child.id))!;
    const first = planImport(
      roster,
      [
        head,
        ...rowsOf(roster)
          .slice(1)
          .map((r, k) => (k === 0 ? [...r, g.name, g.relation, g.phone] : r)),
      ],
      opts,
    );
    const second = planImport(
      first.roster,
      [
        head,
        ...rowsOf(first.roster)
          .slice(1)
          .map((r, k) => (k === 0 ? [...r, g.name, g.relation, '13912345678'] : r)),
      ],
      opts,
    );
    expect(second.changed.map((c) => [c.after.studentNo, c.fields])).toEqual([[child.studentNo, ['phone']]]);
    expect(second.changed[0]!.diffs[0]).toMatchObject({ label: { zh: '监护人电话' }, after: '13912345678' });
    expect(second.unchanged).toBe(239);
  });
});

describe('a large removal stops', () => {
  it('more than 10 % of the school or more than 20 students', () => {
    expect(isLargeRemoval(20, 240)).toBe(false);
    expect(isLargeRemoval(21, 240)).toBe(true);
    expect(isLargeRemoval(5, 40)).toBe(true);
    expect(isLargeRemoval(4, 40)).toBe(false);
  });

  it('unless the number removed is typed exactly', () => {
    const roster = demo();
    const plan = planImport(roster, [HEAD, ['20269001', '新一', '一年级', '1班', '', '', '', '1']], opts);
    expect(removalStop(plan, undefined)).toMatchObject({ removed: 240, zh: expect.stringContaining('240') });
    expect(removalStop(plan, 239)).toBeDefined();
    expect(removalStop(plan, 240)).toBeUndefined();
    const small = planImport(roster, rowsOf(roster).slice(0, -3), opts);
    expect(small.removed).toHaveLength(3);
    expect(removalStop(small, undefined)).toBeUndefined();
  });

  it('"only the classes in the file" keeps every child of another class as they are, cards and all', () => {
    const roster = demo();
    const c11 = roster.students.filter((s) => s.classId === 'c1-1');
    const rows = rowsOf(roster).filter((r, i) => i === 0 || roster.students[i - 1]!.classId === 'c1-1');
    rows.splice(1, 1); // one child of 一年级1班 has left
    const plan = planImport(roster, rows, { ...opts, onlyClassesInFile: true });
    expect(plan.errors).toEqual([]);
    expect(plan.removed.map((s) => s.studentNo)).toEqual([c11[0]!.studentNo]);
    expect(plan.roster.students).toHaveLength(239);
    expect(plan.roster.revokedCards.map((c) => c.ownerId)).toEqual([c11[0]!.id]);
    const other = roster.students.find((s) => s.classId === 'c3-2')!;
    expect(plan.roster.students.find((s) => s.id === other.id)).toEqual(other);
    expect(removalStop(plan, undefined)).toBeUndefined();
    expect(summarize(plan, roster)).toMatchObject({ onlyClassesInFile: true, classesInFile: ['一年级1班'] });
  });
});

describe('tidying the file', () => {
  it('bus numbers: 2号车, 2号, ２, 2路 and 二号车 are bus 2', () => {
    for (const t of ['2号车', '2号', '２', '2路', ' 2 号车 ', '二号车', '2']) expect(normalizeBus(t)).toBe('2');
    expect(normalizeBus('A线')).toBe('A线');
  });

  it('the demo roster written with 1号车 / 2号车 re-imports with nothing changed', () => {
    const roster = demo();
    const plan = planImport(
      roster,
      rowsOf(roster, (b) => `${b}号车`),
      opts,
    );
    expect(plan.errors).toEqual([]);
    expect({ changed: plan.changed.length, unchanged: plan.unchanged }).toEqual({ changed: 0, unchanged: 240 });
  });

  it('signature and date lines under the table are not bad rows', () => {
    const roster = demo();
    const plan = planImport(
      roster,
      [
        ...rowsOf(roster),
        ['', '', '', '', '', '', '', ''],
        ['制表人：张老师', '', '', '', '审核人：李主任', '', '', ''],
        ['日期：2026年9月1日', '', '', '', '', '', '', ''],
        ['', '制表人:王老师', '', '', '', '', '', ''],
      ],
      opts,
    );
    expect(plan.errors).toEqual([]);
    expect(plan.unchanged).toBe(240);
  });

  it('a blank row inside a merged 班级 block is not a bad row', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('花名册');
    ws.addRow(['班级', '学号', '姓名', '年级', '课后服务班']);
    ws.addRow(['2班', 20269101, '赵六', '一', '一年级混合班']);
    ws.addRow([null, null, null, null, null]);
    ws.addRow([null, 20269102, '钱七', '一', '一年级混合班']);
    ws.addRow([null, null, null, null, null]);
    ws.mergeCells('A2:A5');
    const table = await readTable('roster.xlsx', new Uint8Array(await wb.xlsx.writeBuffer()));
    const plan = planImport(demo(), table, opts);
    expect(plan.errors).toEqual([]);
    expect(plan.added.map((s) => [s.studentNo, s.grade, s.classId])).toEqual([
      ['20269101', 1, 'c1-2'],
      ['20269102', 1, 'c1-2'],
    ]);
  });

  it('grades 一 … 六 and 初一 … 初三 are read', () => {
    expect(['一', '二', '三', '四', '五', '六'].map(parseGrade)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(['初一', '初二', '初三', '初一年级', '高一'].map(parseGrade)).toEqual([7, 8, 9, 7, 10]);
    const plan = planImport(demo(), [HEAD, ['20269301', '孙八', '一', '1班', '', '', '', '1']], opts);
    expect(plan.errors).toEqual([]);
    expect(plan.added[0]).toMatchObject({ grade: 1, classId: 'c1-1' });
  });

  it('a column the file does not have keeps what the roster says (care group, way home, wave)', () => {
    const roster = demo();
    const rows = rowsOf(roster).map((r) => r.slice(0, 4));
    const plan = planImport(roster, rows, opts);
    expect(plan.errors).toEqual([]);
    expect({ changed: plan.changed.length, unchanged: plan.unchanged }).toEqual({ changed: 0, unchanged: 240 });
    expect(plan.roster.students).toEqual(roster.students);
  });

  it('a new class is named like its siblings: 三年级4班 beside 三年级1班', () => {
    const plan = planImport(demo(), [...rowsOf(demo()), ['20269401', '周九', '3', '4班', '', '', '', '1']], opts);
    expect(plan.errors).toEqual([]);
    expect(plan.roster.classes.find((c) => c.id === 'c3-4')).toMatchObject({ name: '三年级4班', grade: 3 });
    expect(plan.roster.rooms.find((r) => r.id === 'room-3-4')?.name).toBe('三年级4班教室');
    expect(summarize(plan, demo()).added.at(-1)).toMatchObject({ className: '三年级4班' });
  });
});

describe('roster history', () => {
  it('every save keeps the version it replaced, who, when, what kind and its counts; the last 20', async () => {
    const roster = demo();
    const store = await RosterStore.open(null, () => roster, { clock: () => 1_000 });
    const plan = planImport(roster, [HEAD, ['20269001', '新一', '一年级', '1班', '', '', '', '1']], opts);
    await store.replace(plan.roster, { kind: 'import', by: '教导处 office', note: 'a.csv', at: 5_000 });
    expect(store.history).toHaveLength(1);
    expect(store.history[0]).toMatchObject({
      version: 1,
      replacedAt: 5_000,
      kind: 'import',
      by: '教导处 office',
      note: 'a.csv',
      counts: { students: 240, added: 1, changed: 0, removed: 240 },
    });
    expect(store.history[0]!.roster).toBe(roster);
    // A save without a description (any other caller) lands in the history too, stamped by the store's clock.
    await store.replace({ ...store.roster, groups: store.roster.groups.slice(0) });
    expect(store.history).toHaveLength(1); // the same roster again: nothing to keep
    await store.replace({ ...store.roster, settings: { ...store.roster.settings, feePerLessonHour: 9 } });
    expect(store.history[0]).toMatchObject({ version: 3, kind: 'other', replacedAt: 1_000 });
    for (let k = 0; k < 25; k++)
      await store.replace({ ...store.roster, settings: { ...store.roster.settings, feePerLessonHour: 10 + k } });
    expect(store.history).toHaveLength(HISTORY_KEEP);
    expect(store.history[0]!.version).toBe(store.version - 1);
  });

  it('an erased child is taken out of every kept version', async () => {
    const roster = demo();
    const child = roster.students[5]!;
    const store = await RosterStore.open(null, () => roster, { clock: () => 1 });
    await store.replace({ ...roster, settings: { ...roster.settings, feePerLessonHour: 9 } });
    await store.replace(rosterWithout(store.roster, child.id), { kind: 'erasure', forgetStudentId: child.id });
    await store.replace(store.roster);
    expect(JSON.stringify(store.history)).not.toContain(child.studentNo);
    expect(store.history).toHaveLength(1);
  });

  it('a restore brings back the removed children with their own cards and keeps a card printed since', () => {
    const roster = demo();
    const plan = planImport(roster, [HEAD, ['20269001', '新一', '一年级', '1班', '', '', '', '1']], opts);
    const reprinted = {
      ...plan.roster,
      students: plan.roster.students.map((s) => ({ ...s, cardId: 'NEW-CARD' })),
    };
    const back = restoreRoster(reprinted, roster, 7);
    expect(back.students.map((s) => s.cardId)).toEqual(roster.students.map((s) => s.cardId));
    expect(back.revokedCards.some((c) => roster.students.some((s) => s.cardId === c.cardId))).toBe(false);
    // the child the restore removes: their card revoked
    expect(back.revokedCards).toContainEqual({ cardId: 'NEW-CARD', ownerId: 's-20269001', revokedAt: 7 });
    // a reprint since the earlier version: the new card stays, the old one stays revoked
    const kept = roster.students[0]!;
    const current = {
      ...roster,
      students: roster.students.map((s, k) => (k === 0 ? { ...s, cardId: 'REPRINT' } : s)),
      revokedCards: [{ cardId: kept.cardId!, ownerId: kept.id, revokedAt: 3 }],
      settings: { ...roster.settings, feePerLessonHour: 9 },
    };
    const restored = restoreRoster(current, roster, 8);
    expect(restored.students[0]!.cardId).toBe('REPRINT');
    expect(restored.revokedCards).toContainEqual({ cardId: kept.cardId, ownerId: kept.id, revokedAt: 3 });
  });
});
