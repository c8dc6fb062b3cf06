/**
 * npm run backup -- [--out FILE] [--data DIR]       the data folder as one file (works while the hub runs)
 * npm run backup -- check FILE                      what a backup holds, and whether it is sound
 * npm run backup -- restore FILE [--data DIR]       checks, then replaces the data folder (hub stopped)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { checkBackup, createBackup, restoreBackup } from '../hub/backup';
import { readConfig } from '../hub/config';
import { runningHub } from '../hub/hubLock';

function main(argv: string[]): number {
  const { dataDir } = readConfig(argv, process.env);
  const [command, file] = argv;
  if (command === 'check' || command === 'restore') {
    if (!file) {
      console.error('用法 / usage: npm run backup -- restore FILE [--data DIR]');
      return 2;
    }
    const bytes = readFileSync(file);
    if (command === 'check') {
      const c = checkBackup(bytes);
      console.log(
        `${c.ok ? '完好 / sound' : '有问题 / problems'}: ${c.files.length} files, ${c.events} events, made ${c.createdAt ?? '?'}`,
      );
      c.problems.forEach((p) => console.log(`  ✗ ${p}`));
      return c.ok ? 0 : 1;
    }
    const hub = runningHub(dataDir);
    if (hub) {
      console.error(
        `接力服务正在运行（进程 ${hub.pid}）：请先停止服务再恢复。The hub is running: stop it before restoring. Nothing was changed.`,
      );
      return 1;
    }
    const r = restoreBackup(bytes, dataDir);
    if (!r.ok) {
      console.error('备份有问题，未恢复 / the backup is not sound, nothing was changed:');
      r.problems.forEach((p) => console.error(`  ✗ ${p}`));
      return 1;
    }
    console.log(
      `已恢复 / restored ${r.files.length} files, ${r.events} events into ${dataDir}${r.previous ? `; the previous folder is kept at ${r.previous}` : ''}`,
    );
    return 0;
  }
  const outIndex = argv.indexOf('--out');
  const out = outIndex >= 0 ? argv[outIndex + 1]! : `relay-backup-${new Date().toISOString().slice(0, 10)}.relaybak`;
  writeFileSync(out, createBackup(dataDir), { mode: 0o600 });
  console.log(
    `已备份 / backed up ${dataDir} → ${out}（含密钥与学生信息，请妥善保管 / holds keys and children's data: keep it safe）`,
  );
  return 0;
}

process.exit(main(process.argv.slice(2)));
