/**
 * npm run backup -- [--out FILE] [--data DIR]       the data folder as one file (works while the hub runs),
 *                                                   without the certificate keys; refused for a folder that is
 *                                                   not a Relay data folder, read back and checked once written
 * npm run backup -- --encrypt [--out FILE]          the same with the school CA's key, sealed with a passphrase
 * npm run backup -- check FILE                      what a backup holds, and whether it is sound
 * npm run backup -- restore FILE [--data DIR]       checks, then replaces the data folder (hub stopped)
 *
 * The passphrase is asked for on the terminal (not shown), or read from RELAY_BACKUP_PASSPHRASE, or from the
 * first line of standard input when that is not a terminal.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { recordBackup } from '../hub/autoBackup';
import type { WrittenBackup } from '../hub/backup';
import {
  BackupFailed,
  checkBackup,
  dataFolderProblem,
  MIN_PASSPHRASE,
  restoreBackup,
  writeVerifiedBackup,
} from '../hub/backup';
import { readConfig } from '../hub/config';
import { runningHub } from '../hub/hubLock';

/** One line typed on the terminal without echo, or the first line of piped input. */
async function readSecret(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of stdin) chunks.push(c as Buffer);
    return (Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '').trim();
  }
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const onData = (b: Buffer) => {
      for (const ch of b.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          resolve(typed);
          return;
        }
        if (ch === '\u0003') {
          stdin.setRawMode(false);
          reject(new Error('cancelled'));
          return;
        }
        typed = ch === '\u007f' ? typed.slice(0, -1) : typed + ch;
      }
    };
    stdin.on('data', onData);
  });
}

let asked: string | undefined;
async function passphrase(twice: boolean): Promise<string> {
  if (process.env.RELAY_BACKUP_PASSPHRASE) return process.env.RELAY_BACKUP_PASSPHRASE;
  if (asked !== undefined) return asked;
  const first = await readSecret('备份口令 / backup passphrase: ');
  if (!first) throw new Error('没有输入口令 / no passphrase given');
  if (twice && process.stdin.isTTY) {
    const again = await readSecret('再输一次 / again: ');
    if (again !== first) throw new Error('两次口令不一样 / the two passphrases differ');
  }
  asked = first;
  return first;
}

const CA_NOTE = {
  from_backup: '根证书来自备份，平板无需重新设置 / the CA comes from the backup: tablets need nothing',
  kept: '保留了本机原有的根证书，平板无需重新设置 / the CA this folder had is kept: tablets need nothing',
  unconstrained:
    '这个根证书是旧版生成的（可以为任何网站担保）：服务启动时会换成只能为本服务担保的新证书，每台平板和手机都要重新打开 /setup 信任新证书 / this CA is an old one that can vouch for any website: the hub replaces it at its next start, and every tablet and phone must trust the new one at /setup',
  new: '备份不含根证书私钥：服务启动时会生成新的根证书，每台平板和手机都要重新打开 /setup 信任新证书 / the backup holds no CA key: the hub makes a new CA at its next start, and every tablet and phone must trust it again at /setup',
} as const;

async function main(argv: string[]): Promise<number> {
  const { dataDir } = readConfig(argv, process.env);
  const [command, file] = argv;
  if (command === 'check' || command === 'restore') {
    if (!file) {
      console.error('用法 / usage: npm run backup -- restore FILE [--data DIR]');
      return 2;
    }
    const bytes = readFileSync(file);
    let key: { passphrase?: string } = {};
    if (checkBackup(bytes).encrypted) key = { passphrase: await passphrase(false) };
    if (command === 'check') {
      const c = checkBackup(bytes, key);
      console.log(
        `${c.ok ? '完好 / sound' : '有问题 / problems'}: ${c.files.length} files, ${c.students} students, ${c.days} days of events (${c.events}), made ${c.createdAt ?? '?'}${c.encrypted ? ', encrypted' : ''}${c.ok ? (c.files.includes('tls/ca.key') ? ', with the CA key' : ', without the CA key') : ''}`,
      );
      c.problems.forEach((p) => console.log(`  ✗ ${p}`));
      return c.ok ? 0 : 1;
    }
    const hub = await runningHub(dataDir);
    if (hub) {
      console.error(
        `接力服务正在运行（进程 ${hub.pid}）：请先停止服务再恢复。The hub is running: stop it before restoring. Nothing was changed.`,
      );
      return 1;
    }
    let r: ReturnType<typeof restoreBackup>;
    try {
      r = restoreBackup(bytes, dataDir, new Date(), key);
    } catch (err) {
      if (!(err instanceof BackupFailed)) throw err;
      console.error(`未恢复：${err.words.zh}`);
      console.error(`Not restored: ${err.words.en}`);
      return 1;
    }
    if (!r.ok) {
      console.error('备份有问题，未恢复 / the backup is not sound, nothing was changed:');
      r.problems.forEach((p) => console.error(`  ✗ ${p}`));
      return 1;
    }
    console.log(
      `已恢复 / restored ${r.files.length} files, ${r.events} events into ${dataDir}${r.previous ? `; the previous folder is kept at ${r.previous}` : ''}`,
    );
    if (r.ca) console.log(`${r.ca === 'new' || r.ca === 'unconstrained' ? '⚠ ' : ''}${CA_NOTE[r.ca]}`);
    return 0;
  }
  // A folder the hub never wrote (a typo in --data, the wrong drive) is refused before anything is written (#17).
  const notData = dataFolderProblem(dataDir);
  if (notData) {
    console.error(`未备份：${notData.zh}。请用 --data 指定接力的数据文件夹。`);
    console.error(`Nothing was backed up: ${notData.en}. Name the Relay data folder with --data DIR.`);
    return 1;
  }
  const outIndex = argv.indexOf('--out');
  const out = outIndex >= 0 ? argv[outIndex + 1]! : `relay-backup-${new Date().toISOString().slice(0, 10)}.relaybak`;
  const encrypt = argv.includes('--encrypt');
  const secret = encrypt ? await passphrase(true) : undefined;
  if (secret !== undefined && secret.length < MIN_PASSPHRASE) {
    console.error(`口令至少 ${MIN_PASSPHRASE} 个字符 / the passphrase needs at least ${MIN_PASSPHRASE} characters`);
    return 2;
  }
  let w: WrittenBackup;
  try {
    w = writeVerifiedBackup(dataDir, out, secret !== undefined ? { passphrase: secret } : {});
  } catch (err) {
    if (!(err instanceof BackupFailed)) throw err;
    console.error(`备份失败：${err.words.zh}`);
    console.error(`Backup failed: ${err.words.en}`);
    return 1;
  }
  try {
    const at = Date.parse(w.createdAt);
    const { bytes, files, students, days } = w;
    recordBackup(dataDir, {
      at,
      kind: 'cli',
      ok: true,
      where: path.resolve(out),
      bytes,
      files,
      students,
      days,
      by: 'command line',
    });
  } catch {
    // the office's page then does not list it; the archive is sound all the same
  }
  const holds = `${w.files} 个文件、${w.students} 名学生、${w.days} 天的记录（${w.events} 条） / ${w.files} files, ${w.students} students, ${w.days} days of events (${w.events})`;
  console.log(
    encrypt
      ? `已加密备份并校验 / backed up, encrypted and checked, ${dataDir} → ${out}: ${holds}（含根证书私钥，忘记口令就无法恢复 / holds the CA key: without the passphrase it cannot be restored）`
      : `已备份并校验 / backed up and checked ${dataDir} → ${out}: ${holds}（含学生信息，请妥善保管；不含证书私钥，要一并备份请加 --encrypt / holds children's data: keep it safe; no certificate keys, add --encrypt to include them）`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`备份失败 / backup failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
