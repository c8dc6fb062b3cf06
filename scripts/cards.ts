/**
 * npm run cards -- --out FILE.pdf [--class C | --group G] [--guardians] [--data DIR]
 * Prints the current student cards (or the guardians' pickup cards) of every student, a class or a group as an
 * A4 PDF. C and G are names as the office shows them (--class 一年级1班, --group 三年级混合班) or ids; when none
 * matches, the names there are are listed. Reads only, so it works while the hub runs. Reprinting with new ids (which revokes the old cards)
 * is done in the office, so the hub stays the only writer.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { guardianCards, studentCards } from '../cards/cardData';
import { findNamed, scopeWords } from '../cards/cardScope';
import { renderCardsPdf } from '../cards/cardsPdf';
import { readConfig } from '../hub/config';
import { RosterStore } from '../hub/rosterStore';

async function main(argv: string[]) {
  const arg = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const out = arg('out');
  if (!out) {
    console.error(
      '用法 / usage: npm run cards -- --out FILE.pdf [--class 班级名 | --group 课后服务班名] [--guardians] [--data DIR]',
    );
    return 2;
  }
  const { dataDir } = readConfig(argv, process.env);
  const rosters = await RosterStore.open(path.join(dataDir, 'school.json')).catch(() => null);
  if (!rosters) {
    console.error(`数据文件夹中没有学校数据 / no school in ${dataDir}: start the hub once first`);
    return 1;
  }
  const roster = rosters.roster;
  // A class or group by its name as the office shows it (一年级1班, 三年级托管1班), or by its id.
  const filter: { classId?: string; groupId?: string } = {};
  for (const [flag, items, what] of [
    ['class', roster.classes, { zh: '班级', en: 'class' }],
    ['group', roster.groups, { zh: '课后服务班', en: 'care group' }],
  ] as const) {
    const text = arg(flag);
    if (text === undefined) continue;
    const found = findNamed(items, text);
    if (!found.ok) {
      console.error(`没有这个${what.zh} / no ${what.en} “${text}”。可选 / choose from: ${found.candidates.join('、')}`);
      return 1;
    }
    if (flag === 'class') filter.classId = found.id;
    else filter.groupId = found.id;
  }
  const cards = argv.includes('--guardians') ? guardianCards(roster, filter) : studentCards(roster, filter);
  writeFileSync(out, await renderCardsPdf(cards));
  console.log(`${scopeWords(roster, filter)}：${cards.length} 张卡 / cards → ${out}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
