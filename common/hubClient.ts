/**
 * The pages' one way to the hub's HTTP routes, made from the contract's table (core/contract): `call('roster',
 * {token})` knows the method, the path, what to send and what comes back. Every refusal is a HubError carrying
 * the hub's Problem. Each page keeps the wording of its messages (`describe`).
 * @example const { roster } = await call('roster', { token });
 */
import type { AnswerOf, ParamsOf, QueryOf, RequestOf, RouteKey } from '../core/contract';
import { ROUTES, routeUrl } from '../core/contract';
import type { Problem } from '../core/messages';

/** How a refusal reads on the page. */
export type Describe = (problem: Problem | undefined, status: number) => string;
/** The English text, or the status when the hub sent no problem (the kiosk's wording). */
export const describeEnglish: Describe = (p, status) => p?.en ?? `HTTP ${status}`;
/** Chinese, then English (the duty leader's and the office's sign-in). */
export const describeBilingual: Describe = (p, status) => (p ? `${p.zh} ${p.en}` : `HTTP ${status}`);
/** Chinese, English and the detail, which names the field or row (the office's forms). */
export const describeDetailed: Describe = (p, status) =>
  p ? `${p.zh} ${p.en}${p.detail ? ` (${p.detail})` : ''}` : `HTTP ${status}`;

export class HubError extends Error {
  constructor(
    readonly problem: Problem | undefined,
    readonly status: number,
    message = describeEnglish(problem, status),
  ) {
    super(message);
  }
}

export interface RequestInit {
  method?: string;
  token?: string | undefined;
  /** sent as JSON */
  json?: unknown;
  /** sent as it is (a file) */
  raw?: Blob;
  describe?: Describe;
}

async function send(url: string, init: RequestInit): Promise<Response> {
  const type = init.json !== undefined ? 'application/json' : init.raw ? 'application/octet-stream' : undefined;
  return fetch(url, {
    method: init.method ?? (init.json !== undefined || init.raw ? 'POST' : 'GET'),
    cache: 'no-store',
    headers: {
      ...(type ? { 'content-type': type } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : init.raw ? { body: init.raw } : {}),
  });
}

/** A JSON answer from any URL of the hub; for what the table cannot name, such as a URL built elsewhere. */
export async function requestJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  const res = await send(url, init);
  const body = (await res.json().catch(() => ({}))) as T & { problem?: Problem };
  const describe = init.describe ?? describeEnglish;
  if (!res.ok) throw new HubError(body.problem, res.status, describe(body.problem, res.status));
  return body;
}

/** A file the hub makes (a PDF, a spreadsheet, the backup). A refusal says only its status, as downloads did. */
export async function requestFile(url: string, init: Pick<RequestInit, 'token'> = {}): Promise<Blob> {
  const res = await send(url, init);
  if (!res.ok) throw new HubError(undefined, res.status, `HTTP ${res.status}`);
  return res.blob();
}

type Field<Name extends string, T> = [T] extends [undefined] ? { [P in Name]?: undefined } : { [P in Name]: T };
export type CallOptions<K extends RouteKey> = { token?: string | undefined; describe?: Describe } & Field<
  'params',
  ParamsOf<K>
> &
  Field<'body', RequestOf<K>> &
  ([QueryOf<K>] extends [undefined] ? { query?: undefined } : { query?: QueryOf<K> });
/** The options may be left out when nothing in them is required. */
export type CallArgs<K extends RouteKey> =
  object extends CallOptions<K> ? [opts?: CallOptions<K>] : [opts: CallOptions<K>];

/** The URL of a route with its parameters and query, for a call or a download. */
export function urlOf<K extends RouteKey>(key: K, opts: CallOptions<K>): string {
  const query = opts.query as Record<string, string | undefined> | undefined;
  return routeUrl(key, opts.params as Record<string, string> | undefined, query);
}

/** Calls one route of the table and returns its answer, typed by the table. */
export function call<K extends RouteKey>(key: K, ...[opts]: CallArgs<K>): Promise<AnswerOf<K>> {
  const o = (opts ?? {}) as CallOptions<K>;
  const body = o.body as unknown;
  return requestJson<AnswerOf<K>>(urlOf(key, o), {
    method: ROUTES[key].method,
    token: o.token,
    ...(o.describe ? { describe: o.describe } : {}),
    ...(body instanceof Blob ? { raw: body } : body !== undefined ? { json: body } : {}),
  });
}
