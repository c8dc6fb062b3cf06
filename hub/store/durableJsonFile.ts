/**
 * A lowdb adapter for small JSON documents that survives power loss. lowdb's JSONFile (steno) renames a temp
 * file without fsync, so a crash can leave an empty or old file; here the temp file and the directory are
 * fsynced around the rename. The version being replaced stays beside it as `<file>.bak` (a hard link, so it
 * costs no copy): if the file is ever found empty, cut short or gone (a disk that lied about fsync, a copy
 * interrupted by hand), the hub starts from the previous version and says so, instead of refusing to start or,
 * worse, treating the folder as new. Note: lowdb's JSONFilePreset silently keeps data in memory when
 * NODE_ENV=test, which is why the hub builds `new Low(new DurableJsonFile(file), …)` itself.
 */
import type { Adapter } from 'lowdb';
import { copyFile, link, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { retryBusy } from './busyRetry';

const tmpOf = (file: string) => `${file}.tmp`;
const bakOf = (file: string) => `${file}.bak`;

/** The file's text if it exists and parses; `missing` or `damaged` otherwise. */
async function readJson(
  file: string,
): Promise<{ ok: true; value: unknown } | { ok: false; why: 'missing' | 'damaged'; detail: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false, why: 'missing', detail: 'no such file' };
    throw err;
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, why: 'damaged', detail: text.length === 0 ? 'the file is empty' : (err as Error).message };
  }
}

/**
 * What start-up does before a JSON file is read: removes a temp file an interrupted write left, and puts the
 * previous version back when the file is damaged or gone. Returns what it did, one line each in Chinese and
 * English, for the start-up banner. Throws, naming the file and what to do, when nothing good is left.
 */
export async function repairJsonFile(file: string): Promise<string[]> {
  const notes: string[] = [];
  const name = path.basename(file);
  // A temp file left by a crash was never renamed into place, so its write was never reported done: drop it.
  try {
    await rm(tmpOf(file));
    notes.push(
      `${name}.tmp：上次写入被中断，未完成的临时文件已删除，${name} 仍是最后一次完整保存的版本 / removed ${name}.tmp left by an interrupted write; ${name} is the last complete save`,
    );
  } catch {
    /* none: the usual case */
  }
  const main = await readJson(file);
  if (main.ok) return notes;
  const bak = await readJson(bakOf(file));
  if (!bak.ok) {
    if (main.why === 'missing') return notes; // a first start
    throw new Error(
      `数据文件损坏 / data file is not valid JSON: ${file} (${main.detail}). 文件未被改动；请用备份恢复：npm run backup -- restore 备份文件 / It was left untouched; restore the data folder from a backup: npm run backup -- restore FILE`,
    );
  }
  let aside = '';
  if (main.why === 'damaged') {
    aside = `${file}.damaged-${Date.now()}`;
    await retryBusy(() => rename(file, aside));
  }
  await writeDurably(file, JSON.stringify(bak.value, null, 2), { keepPrevious: false });
  notes.push(
    main.why === 'damaged'
      ? `${name} 已损坏（${main.detail}），已用上一版（${name}.bak）恢复，损坏的文件保存为 ${path.basename(aside)}；请检查最近的修改 / ${name} was damaged (${main.detail}); the previous version (${name}.bak) was put back and the damaged file kept as ${path.basename(aside)}; check the latest changes`
      : `${name} 不见了，已用上一版（${name}.bak）恢复；请检查最近的修改 / ${name} was missing; the previous version (${name}.bak) was put back; check the latest changes`,
  );
  return notes;
}

/** temp file, fsync, (keep the old version as .bak), rename over, fsync the folder: never a moment without a good file */
async function writeDurably(file: string, text: string, opts: { keepPrevious: boolean }): Promise<void> {
  const tmp = tmpOf(file);
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
  if (opts.keepPrevious) {
    // The .bak is a convenience: a scanner holding it (Windows) costs this write its .bak, not the write itself.
    const old = await retryBusy(() => rm(bakOf(file), { force: true })).then(
      () => true,
      () => false,
    );
    // A hard link costs no copy; a file system without them (FAT32, exFAT: a USB stick) gets a copy instead, so
    // the previous version is kept there too. No file yet (the first write): no .bak this time.
    if (old)
      await link(file, bakOf(file)).catch((err: NodeJS.ErrnoException) =>
        err.code === 'ENOENT' ? undefined : copyFile(file, bakOf(file)).catch(() => {}),
      );
  }
  try {
    // Windows: an antivirus scanner or OneDrive holding the file refuses the rename for a moment (EPERM, EBUSY).
    await retryBusy(() => rename(tmp, file));
  } catch (err) {
    // The old file is untouched; the caller is told, and no temp file is left to be mistaken for a crash.
    await rm(tmp, { force: true }).catch(() => {});
    throw err;
  }
  await syncDir(path.dirname(file));
}

export class DurableJsonFile<T> implements Adapter<T> {
  readonly recoveries: string[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  async read(): Promise<T | null> {
    this.recoveries.push(...(await repairJsonFile(this.file)));
    const r = await readJson(this.file);
    return r.ok ? (r.value as T) : null;
  }

  write(data: T): Promise<void> {
    // Writes are serialised so two never interleave on the temp file; the last one wins.
    const next = this.chain.then(() => writeDurably(this.file, JSON.stringify(data, null, 2), { keepPrevious: true }));
    this.chain = next.catch(() => {});
    return next;
  }
}

/** Makes the rename itself durable. Some platforms refuse to fsync a directory; the rename is then as good as it gets. */
export async function syncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM') throw err;
  } finally {
    await fh?.close();
  }
}
