import type { AnswerOf, RouteKey } from '../core/contract';
import type { CallArgs, CallOptions } from '../common/hubClient';
import { call, describeBilingual, describeDetailed, HubError, requestFile, requestJson } from '../common/hubClient';

/** How many calls are under way, so the page can show progress for anything slower than a second. */
let pending = 0;
const busyListeners = new Set<(n: number) => void>();
export function onBusy(fn: (n: number) => void): () => void {
  busyListeners.add(fn);
  return () => {
    busyListeners.delete(fn);
  };
}
async function tracked<T>(work: () => Promise<T>): Promise<T> {
  pending++;
  busyListeners.forEach((fn) => fn(pending));
  try {
    return await work();
  } finally {
    pending--;
    busyListeners.forEach((fn) => fn(pending));
  }
}

/**
 * The office page's calls to the hub (common/hubClient.ts), with the session token from the admin login. A
 * refusal reads in Chinese and English with the hub's detail, which names the field or row that is wrong.
 */
export class OfficeApi {
  /**
   * Called once when the hub refuses this session (401: it restarted and forgot it, or it went idle): the page
   * returns to the sign-in and says why, instead of showing the refusal (whose words are the kiosk's) on a form.
   */
  onExpired: (() => void) | undefined;
  private expired = false;

  constructor(readonly token: string) {}

  private guarded<T>(work: () => Promise<T>): Promise<T> {
    return tracked(work).catch((err: unknown) => {
      if (err instanceof HubError && err.status === 401 && !this.expired) {
        this.expired = true;
        this.onExpired?.();
      }
      throw err;
    });
  }

  static async login(password: string): Promise<OfficeApi> {
    const { token } = await call('adminLogin', { body: { password }, describe: describeBilingual });
    if (!token) throw new HubError(undefined, 200, 'HTTP 200');
    return new OfficeApi(token);
  }

  /**
   * Asks the hub whether it still knows this session, without the progress bar: a refusal calls onExpired, a hub
   * out of reach says nothing (the next real call will).
   */
  async check(): Promise<void> {
    try {
      await call('pairingCodes', { token: this.token, describe: describeDetailed });
    } catch (err) {
      if (err instanceof HubError && err.status === 401 && !this.expired) {
        this.expired = true;
        this.onExpired?.();
      }
    }
  }

  /** Ends this session on the hub; the page signs out whatever the hub answers (it may be out of reach). */
  async signOut(): Promise<void> {
    await call('signOut', { token: this.token, describe: describeBilingual }).catch(() => undefined);
  }

  /** One route of the contract, typed by it. */
  route<K extends RouteKey>(key: K, ...[opts]: CallArgs<K>): Promise<AnswerOf<K>> {
    const o = { ...(opts ?? {}), token: this.token, describe: describeDetailed } as CallOptions<K>;
    return this.guarded(() => call(key, ...([o] as CallArgs<K>)));
  }

  /** Any URL of the hub's API, for a URL the page builds itself (a report with its query). */
  call<T>(path: string, init: { method?: string; json?: unknown; raw?: Blob } = {}): Promise<T> {
    return this.guarded(() => requestJson<T>(path, { ...init, token: this.token, describe: describeDetailed }));
  }

  /** Downloads a file the hub makes (a PDF, the template) under the given name. */
  download(path: string, fileName: string): Promise<void> {
    return this.guarded(() => this.downloadNow(path, fileName));
  }

  private async downloadNow(path: string, fileName: string) {
    const url = URL.createObjectURL(await requestFile(path, { token: this.token }));
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
