/**
 * The hub's refusal of a groups save in a clerk's words (issue #17): the hub names each problem by its path in the
 * roster ("groups.0.capacity: Too big: expected number to be <=45"); the page knows what it sent, so it can name
 * the group by its name and the field by its column: 一年级混合班：人数上限最多 45 人.
 */
import type { Bilingual } from '../core/messages';
import type { CareGroup } from '../core/roster';

/** The hub's `detail`: up to five problems, `path: message`, joined by "; ". */
function issues(detail: string): { path: string[]; message: string }[] {
  return detail
    .split('; ')
    .map((part) => {
      const colon = part.indexOf(': ');
      if (colon < 0) return { path: [], message: part.trim() };
      return { path: part.slice(0, colon).split('.'), message: part.slice(colon + 2).trim() };
    })
    .filter((x) => x.path.length > 0 || x.message !== '');
}

/** What is wrong with one field of `g` (the group as sent), in words. */
function fieldWords(field: string | undefined, g: CareGroup | undefined, message: string): Bilingual | undefined {
  switch (field) {
    case 'capacity': {
      const n = g?.capacity;
      if (typeof n === 'number' && n > 45) return { zh: '人数上限最多 45 人', en: 'capacity is at most 45' };
      if (typeof n === 'number' && n < 1) return { zh: '人数上限至少 1 人', en: 'capacity is at least 1' };
      return { zh: '人数上限请填 1 到 45 的整数', en: 'capacity must be a whole number from 1 to 45' };
    }
    case 'name':
      return g && g.name.trim().length > 64
        ? { zh: '名称最多 64 个字', en: 'the name is at most 64 characters' }
        : { zh: '请填写名称', en: 'enter a name' };
    case 'roomId':
      return { zh: '请选择一个现有的教室', en: 'choose one of the rooms' };
    case 'grades':
      return { zh: '年级请填 1 到 12，至少一个', en: 'grades: at least one, from 1 to 12' };
    case 'weekdays':
      return { zh: '请至少勾选一个开班日', en: 'tick at least one weekday' };
    case 'kind':
      return { zh: '请选择类型（整班或混合）', en: 'choose a kind (whole class or mixed)' };
    case 'id':
      return { zh: '编号不正确，请删除后重新新增', en: 'the id is not valid; add the group again' };
    default:
      return message ? undefined : { zh: '内容不正确', en: 'not valid' };
  }
}

/**
 * Each problem of a refused groups save, Chinese then English; `groups` is the list that was sent, so
 * `groups.3.capacity` names the fourth group as the clerk typed it. A problem outside the groups (a child or a
 * rota still in a group that was taken out) is said about the roster; one not recognised keeps the hub's words.
 *
 * @example groupProblemWords('groups.0.capacity: Too big: expected number to be <=45', [{ name: '一年级混合班', capacity: 50, … }])
 *   // [{ zh: '一年级混合班：人数上限最多 45 人', en: '一年级混合班: capacity is at most 45' }]
 */
export function groupProblemWords(detail: string, groups: readonly CareGroup[]): Bilingual[] {
  const out: Bilingual[] = [];
  for (const { path, message } of issues(detail)) {
    const [section, index, field] = path;
    let words: Bilingual | undefined;
    if (section === 'groups' && index !== undefined && /^\d+$/.test(index)) {
      const i = Number(index);
      const g = groups[i];
      const who = g?.name.trim() || `第 ${i + 1} 个课后服务班`;
      const whoEn = g?.name.trim() || `group ${i + 1}`;
      const what = fieldWords(field, g, message);
      words = what ? { zh: `${who}：${what.zh}`, en: `${whoEn}: ${what.en}` } : undefined;
    } else if (section === 'groups' && /duplicate/.test(message)) {
      words = { zh: '有两个课后服务班编号相同，请删除其中一个后重新新增', en: 'two groups have the same id' };
    } else if (section === 'students' && field === 'groupId') {
      words = {
        zh: '仍有学生在已删除的课后服务班中，请先在花名册中为他们换班',
        en: 'some children are still in a group that was taken out; move them first',
      };
    } else if (section === 'rotas') {
      words = {
        zh: '值班安排中仍有已删除的课后服务班，请先修改值班安排',
        en: 'the rota still names a group that was taken out; change the rota first',
      };
    }
    out.push(words ?? { zh: `内容不正确：${path.join('.')}`, en: message });
  }
  // The same words twice (two children in one removed group) are said once.
  return out.filter((w, i) => out.findIndex((x) => x.zh === w.zh) === i);
}
