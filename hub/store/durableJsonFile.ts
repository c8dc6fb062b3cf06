/**
 * A lowdb adapter for small JSON documents that survives power loss. lowdb's JSONFile (steno) renames a temp
 * file without fsync, so a crash can leave an empty or old file; here the temp file and the directory are
 * fsynced around the rename. Note: lowdb's JSONFilePreset silently keeps data in memory when NODE_ENV=test,
 * which is why the hub builds `new Low(new DurableJsonFile(file), …)` itself.
 */
import type { Adapter } from 'lowdb';
import { open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

export class DurableJsonFile<T> implements Adapter<T> {
  readonly recoveries: string[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  private get tmp() {
    return `${this.file}.tmp`;
  }

  async read(): Promise<T | null> {
    // A temp file left by a crash was never renamed into place: the main file is still the last good one.
    try {
      await rm(this.tmp);
      this.recoveries.push(`removed ${path.basename(this.tmp)} left by an interrupted write`);
    } catch { /* none: the usual case */ }
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw new Error(`数据文件损坏 / data file is not valid JSON: ${this.file} (${(err as Error).message}). It was left untouched; restore it from a backup.`, { cause: err });
    }
  }

  write(data: T): Promise<void> {
    // Writes are serialised so two never interleave on the temp file; the last one wins.
    const next = this.chain.then(() => this.writeNow(data));
    this.chain = next.catch(() => {});
    return next;
  }

  private async writeNow(data: T): Promise<void> {
    const fh = await open(this.tmp, 'w', 0o600);
    try {
      await fh.writeFile(JSON.stringify(data, null, 2));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(this.tmp, this.file);
    await syncDir(path.dirname(this.file));
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
