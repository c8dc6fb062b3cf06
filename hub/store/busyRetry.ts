/**
 * Windows' "another program has this file open": an antivirus scanner (360安全卫士, Defender), OneDrive or the
 * search indexer opens a file the moment it is written, and for that moment a rename or delete of it fails with
 * EPERM, EBUSY or EACCES. Linux never does this, so the hub retries these operations briefly wherever it renames
 * or deletes (issue #18 finding 5); tests inject the errors here.
 */

/** The error codes Windows gives for a file held open by another program. */
export const isBusy = (err: unknown) =>
  ['EPERM', 'EBUSY', 'EACCES'].includes((err as NodeJS.ErrnoException).code ?? '');

/** How long to wait before try `i` (1-based) after a busy answer: 100, 200, 400, 800 ms: about 1.5 s in all. */
const backoff = (i: number) => 100 * 2 ** (i - 1);
export const BUSY_TRIES = 5;

/**
 * Runs `op`, retrying while the file is busy, and throws the last error. `sleep` is the wait (a test passes one
 * that does not wait).
 */
export async function retryBusy<T>(
  op: () => Promise<T>,
  opts: { tries?: number; sleep?: (ms: number) => Promise<void> } = {},
): Promise<T> {
  const tries = opts.tries ?? BUSY_TRIES;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let i = 1; ; i++) {
    try {
      return await op();
    } catch (err) {
      if (!isBusy(err) || i >= tries) throw err;
      await sleep(backoff(i));
    }
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));
/** The same for the synchronous file code of the command-line tools and the certificates (blocks while it waits). */
export function retryBusySync<T>(op: () => T, tries = BUSY_TRIES): T {
  for (let i = 1; ; i++) {
    try {
      return op();
    } catch (err) {
      if (!isBusy(err) || i >= tries) throw err;
      Atomics.wait(pause, 0, 0, backoff(i));
    }
  }
}
