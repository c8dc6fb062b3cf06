/**
 * npm run cards -- --out FILE.pdf [--class C | --group G] [--guardians] [--data DIR]
 * Prints the current student cards (or the guardians' pickup cards) of every student, a class or a group as an
 * A4 PDF. Reads only, so it works while the hub runs. Reprinting with new ids (which revokes the old cards)
 * is done in the office, so the hub stays the only writer.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { guardianCards, studentCards } from '../cards/cardData';
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
    console.error('用法 / usage: npm run cards -- --out FILE.pdf [--class C | --group G] [--guardians] [--data DIR]');
    return 2;
  }
  const { dataDir } = readConfig(argv, process.env);
  const rosters = await RosterStore.open(path.join(dataDir, 'school.json')).catch(() => null);
  if (!rosters) {
    console.error(`数据文件夹中没有学校数据 / no school in ${dataDir}: start the hub once first`);
    return 1;
  }
  const roster = rosters.roster;
  const filter = {
    ...(arg('class') ? { classId: arg('class')! } : {}),
    ...(arg('group') ? { groupId: arg('group')! } : {}),
  };
  if (filter.classId && !roster.classes.some((c) => c.id === filter.classId)) {
    console.error(`没有这个班级 / no class ${filter.classId}: ${roster.classes.map((c) => c.id).join(', ')}`);
    return 1;
  }
  if (filter.groupId && !roster.groups.some((g) => g.id === filter.groupId)) {
    console.error(`没有这个课后服务班 / no group ${filter.groupId}: ${roster.groups.map((g) => g.id).join(', ')}`);
    return 1;
  }
  const cards = argv.includes('--guardians') ? guardianCards(roster, filter) : studentCards(roster, filter);
  writeFileSync(out, await renderCardsPdf(cards));
  console.log(`${cards.length} 张卡 / cards → ${out}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
