/**
 * npm run roster -- import FILE [--dry-run] [--data DIR]    preview, then import a roster (.xlsx or .csv)
 *     [--only-classes-in-file]   the file covers only its classes: children of other classes stay as they are
 *     [--confirm-remove N]       N, the number the import removes, when that is more than 10 % or 20 students
 *     [--all]                    list every student changed and removed, not the first 20
 * npm run roster -- template > 花名册模板.csv                 the template to fill in
 *
 * Works on the same data folder as the hub (DATA_DIR or --data). While the hub runs, importing goes through the
 * office page; this command then only previews (a dry run).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AccessStore } from '../hub/accessStore';
import { readConfig } from '../hub/config';
import { DEMO_PIN } from '../hub/demo/demoSchool';
import { runningHub } from '../hub/hubLock';
import { planFromFile, removalStop, summarize, TEMPLATE_CSV } from '../hub/roster/importRoster';
import { TableError } from '../hub/roster/readTable';
import { RosterStore } from '../hub/rosterStore';

async function main(argv: string[]) {
  const [command, file] = argv;
  if (command === 'template') {
    process.stdout.write(TEMPLATE_CSV);
    return 0;
  }
  if (command !== 'import' || !file) {
    console.error(
      '用法 / usage: npm run roster -- import FILE [--dry-run] [--only-classes-in-file] [--confirm-remove N] [--all] [--data DIR]\n                 npm run roster -- template',
    );
    return 2;
  }
  const dryRun = argv.includes('--dry-run');
  const onlyClassesInFile = argv.includes('--only-classes-in-file');
  const all = argv.includes('--all');
  const confirmAt = argv.indexOf('--confirm-remove');
  const confirmText = confirmAt >= 0 ? argv[confirmAt + 1] : undefined;
  if (confirmAt >= 0 && !/^\d+$/.test(confirmText ?? '')) {
    console.error('--confirm-remove 后面要写将移除的人数 / --confirm-remove needs the number of students removed');
    return 2;
  }
  const confirmRemove = confirmText !== undefined ? Number(confirmText) : undefined;
  const { dataDir } = readConfig(argv, process.env);
  const rosters = await RosterStore.open(path.join(dataDir, 'school.json')).catch(() => null);
  if (!rosters) {
    console.error(`数据文件夹中没有学校数据 / no school in ${dataDir}: start the hub once first`);
    return 1;
  }
  let summary;
  let plan;
  try {
    plan = await planFromFile(rosters.roster, path.basename(file), readFileSync(file), Date.now(), {
      onlyClassesInFile,
    });
    summary = summarize(plan, rosters.roster);
  } catch (err) {
    if (err instanceof TableError) {
      console.error(`${err.zh} / ${err.en}`);
      return 1;
    }
    throw err;
  }
  const c = summary.counts;
  console.log(
    `表头在第 ${summary.headerRow} 行 / header on row ${summary.headerRow}: ${Object.values(summary.columns).join('、')}`,
  );
  console.log(
    `新增 added ${c.added} · 变更 changed ${c.changed} · 移除 removed ${c.removed} · 不变 unchanged ${c.unchanged} · 错误 errors ${c.errors}`,
  );
  if (onlyClassesInFile)
    console.log(`只更新文件中的班级 / only the classes in the file: ${summary.classesInFile.join('、')}`);
  const listed = <T>(rows: T[], line: (r: T) => string) => {
    for (const r of all ? rows : rows.slice(0, 20)) console.log(line(r));
    if (!all && rows.length > 20)
      console.log(`  …还有 ${rows.length - 20} 人 and ${rows.length - 20} more (--all 列出全部 lists all)`);
  };
  listed(summary.added, (s) => `  新增 ${s.studentNo} ${s.name} ${s.className}${s.row ? `（第 ${s.row} 行）` : ''}`);
  listed(
    summary.changed,
    (s) =>
      `  变更 ${s.studentNo} ${s.name}: ${s.changes.map((x) => `${x.label.zh}：${x.before} → ${x.after}`).join('；')}`,
  );
  listed(summary.removed, (s) => `  移除 ${s.studentNo} ${s.name} ${s.className}`);
  for (const e of summary.errors)
    console.log(
      `  ✗ 第 ${e.row} 行 row ${e.row} [${e.column}] ${e.value ? `“${e.value}” ` : ''}${e.reason.zh} / ${e.reason.en}`,
    );
  if (c.errors > 0) {
    console.log('未导入任何数据 / nothing was imported');
    return 1;
  }
  const stop = removalStop(plan, confirmRemove);
  if (dryRun) {
    if (stop) console.log(`${stop.zh}\n${stop.en}`);
    console.log('预览，未导入 / dry run: nothing was changed');
    return 0;
  }
  if (stop) {
    console.error(
      `${stop.zh}\n${stop.en}\n确认 / to confirm: --confirm-remove ${stop.removed}，或 or --only-classes-in-file`,
    );
    return 1;
  }
  const hub = await runningHub(dataDir);
  if (hub) {
    console.error(
      `接力服务正在运行（进程 ${hub.pid}）：请在网页“教导处”中导入，或先停止服务。\nThe hub is running (pid ${hub.pid}): import through the office page, or stop the hub first. Nothing was changed.`,
    );
    return 1;
  }
  await rosters.replace(plan.roster, {
    kind: 'import',
    by: `命令行 command line${process.env.USER || process.env.USERNAME ? ` (${process.env.USER || process.env.USERNAME})` : ''}`,
    note: `${path.basename(file)}${onlyClassesInFile ? '（只更新文件中的班级）' : ''}`,
  });
  // As through the office page: a real roster ends the demo's pairing code and its PIN 2468.
  const access = await AccessStore.open(path.join(dataDir, 'access.json'), Date.now);
  if (await access.endDemo(DEMO_PIN))
    console.log('演示配对码和演示 PIN 已停用 / the demo pairing code and PINs no longer work');
  console.log(
    `已导入 / imported: roster version ${rosters.version} — 新增 added ${c.added} · 变更 changed ${c.changed} · 移除 removed ${c.removed} · 作废卡片 cards revoked ${c.cardsRevoked}`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
