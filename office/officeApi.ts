/** How many calls are under way, so the page can show progress for anything slower than a second. */
let pending = 0;
const busyListeners = new Set<(n: number) => void>();
export function onBusy(fn: (n: number) => void): () => void { busyListeners.add(fn); return () => { busyListeners.delete(fn); }; }
async function tracked<T>(work: () => Promise<T>): Promise<T> {
  pending++;
  busyListeners.forEach((fn) => fn(pending));
  try { return await work(); } finally { pending--; busyListeners.forEach((fn) => fn(pending)); }
}

/** The office page's calls to the hub, with the session token from the admin login. */
export class OfficeApi {
  constructor(readonly token: string) {}

  static async login(password: string): Promise<OfficeApi> {
    const r = await fetch('/api/admin/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password }) });
    const body = await r.json() as { token?: string; problem?: { zh: string; en: string } };
    if (!r.ok || !body.token) throw new Error(body.problem ? `${body.problem.zh} ${body.problem.en}` : `HTTP ${r.status}`);
    return new OfficeApi(body.token);
  }

  call<T>(path: string, init: { method?: string; json?: unknown; raw?: Blob } = {}): Promise<T> {
    return tracked(() => this.callNow<T>(path, init));
  }

  private async callNow<T>(path: string, init: { method?: string; json?: unknown; raw?: Blob }): Promise<T> {
    const r = await fetch(path, {
      method: init.method ?? (init.json !== undefined || init.raw ? 'POST' : 'GET'), cache: 'no-store',
      headers: { authorization: `Bearer ${this.token}`, ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}), ...(init.raw ? { 'content-type': 'application/octet-stream' } : {}) },
      ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : init.raw ? { body: init.raw } : {}),
    });
    const body = await r.json().catch(() => ({})) as T & { problem?: { zh: string; en: string; detail?: string } };
    if (!r.ok) throw new Error(body.problem ? `${body.problem.zh} ${body.problem.en}${body.problem.detail ? ` (${body.problem.detail})` : ''}` : `HTTP ${r.status}`);
    return body;
  }

  /** Downloads a file the hub makes (a PDF, the template) under the given name. */
  download(path: string, fileName: string): Promise<void> {
    return tracked(() => this.downloadNow(path, fileName));
  }

  private async downloadNow(path: string, fileName: string) {
    const r = await fetch(path, { headers: { authorization: `Bearer ${this.token}` } });
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    const url = URL.createObjectURL(await r.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
