/**
 * A refused groups save in a clerk's words (issue #17): the hub's paths ("groups.0.capacity: Too big…") become the
 * group's name and the field's column, in Chinese first.
 */
import { describe, expect, it } from 'vitest';
import type { CareGroup } from '../../core/roster';
import { RosterSchema } from '../../core/roster';
import { groupProblemWords } from '../../office/groupProblems';

const group = (patch: Partial<CareGroup>): CareGroup => ({
  id: 'g1',
  name: '一年级混合班',
  kind: 'mixed',
  roomId: 'r1',
  capacity: 30,
  grades: [1],
  weekdays: [1, 2, 3, 4, 5],
  ...patch,
});

/** The detail the hub sends for these groups (hub/routes/roster.ts: the first five issues, path: message). */
function hubDetail(groups: CareGroup[]): string {
  const r = RosterSchema.safeParse({
    school: { id: 's', name: '学校', cardTag: 'AB' },
    settings: {},
    calendar: {
      serviceWeekdays: [1],
      timetables: [{ id: 't', name: '冬', sessions: [{ grades: [1], start: '15:30', end: '17:30' }] }],
    },
    rooms: [{ id: 'r1', name: '101', capacity: 50 }],
    classes: [],
    groups,
    staff: [],
    students: [],
  });
  expect(r.success).toBe(false);
  return r
    .error!.issues.slice(0, 5)
    .map((i) => `${i.path.join('.')}: ${i.message}`)
    .join('; ');
}

describe('groupProblemWords', () => {
  it('names the group and the field for a capacity over 45, in Chinese then English, without the raw path', () => {
    const groups = [group({ id: 'g0', name: '一年级1班' }), group({ capacity: 50 })];
    const detail = hubDetail(groups);
    expect(detail).toContain('groups.1.capacity');
    const words = groupProblemWords(detail, groups);
    expect(words).toEqual([{ zh: '一年级混合班：人数上限最多 45 人', en: '一年级混合班: capacity is at most 45' }]);
  });

  it('says each field in words: a zero capacity, an empty name, no weekday, a room that does not exist', () => {
    const groups = [
      group({ id: 'a', name: '二年级混合班', capacity: 0 }),
      group({ id: 'b', name: '  ' }),
      group({ id: 'c', name: '三年级混合班', weekdays: [] }),
      group({ id: 'd', name: '四年级混合班', roomId: 'nowhere' }),
    ];
    const zh = groupProblemWords(hubDetail(groups), groups).map((w) => w.zh);
    expect(zh).toEqual([
      '二年级混合班：人数上限至少 1 人',
      '第 2 个课后服务班：请填写名称',
      '三年级混合班：请至少勾选一个开班日',
      '四年级混合班：请选择一个现有的教室',
    ]);
    expect(zh.join('')).not.toMatch(/groups\.|Too (big|small)|expected/);
  });

  it('a child still in a removed group is said once, about the roster; an unknown problem keeps the hub words', () => {
    const words = groupProblemWords(
      'students.3.groupId: unknown group g9; students.4.groupId: unknown group g9; school.name: odd',
      [],
    );
    expect(words.map((w) => w.zh)).toEqual([
      '仍有学生在已删除的课后服务班中，请先在花名册中为他们换班',
      '内容不正确：school.name',
    ]);
  });
});
