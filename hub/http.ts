/**
 * The HTTP plumbing every area shares: the refusal type, the bearer token, rate limits, and mounting the route
 * table of core/contract: each route gets its auth check, body validation and a handler typed by the table.
 */
import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import type { Auth, AnswerOf, BodyOf, ParamsOf, RouteKey, Routes, RouteSpec } from '../core/contract';
import { ROUTE_KEYS, ROUTES } from '../core/contract';
import type { Bilingual, Problem } from '../core/messages';
import { problem, rateLimited } from '../core/messages';
import type { ActorPrincipal, HubContext, Principal } from './hubContext';
import type { Logger } from './logger';
import type { RateLimiter } from './rateLimit';
import { MAX_ROSTER_BYTES } from './roster/readTable';

export const MAX_JSON_BYTES = 1_000_000;

/** A refusal with its status: the error handler answers `{problem}`. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly body: Problem,
  ) {
    super(body.en);
  }
}

export const bearer = (req: Request) => /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];

/** 429 while the key is locked out by too many failures. */
export function limited(logger: Logger, limiter: RateLimiter, key: string, unlock?: Bilingual) {
  const wait = limiter.retryAfter(key);
  if (wait > 0) logger.warn('locked out', { key, retryInS: Math.ceil(wait / 1000) });
  if (wait > 0) throw new HttpProblem(429, rateLimited(wait, unlock));
}

/** Returned by a handler that answered by itself (a file); anything else it returns is sent as JSON. */
export class Sent {
  readonly answered = 'by itself';
}
export const SENT = new Sent();
export function sendFile(res: Response, headers: Record<string, string>, data: string | Buffer | Uint8Array): Sent {
  res.set(headers).send(data);
  return SENT;
}

export type PrincipalOf<A extends Auth> = A extends 'none'
  ? undefined
  : A extends 'device'
    ? Extract<Principal, { kind: 'device' }>
    : A extends 'admin'
      ? Extract<Principal, { kind: 'admin' }>
      : A extends 'leader'
        ? Exclude<Principal, { kind: 'device' | 'board' }>
        : A extends 'board'
          ? Extract<Principal, { kind: 'board' }>
          : ActorPrincipal;

export interface Call<K extends RouteKey> {
  req: Request;
  res: Response;
  principal: PrincipalOf<Routes[K]['auth']>;
  /** validated against the route's schema */
  body: BodyOf<K>;
  params: ParamsOf<K>;
}
type Handle<K extends RouteKey> = (call: Call<K>) => Promise<AnswerOf<K> | Sent> | AnswerOf<K> | Sent;
/** `before` runs ahead of body validation: a locked-out address is refused whatever it sends. */
export type Handler<K extends RouteKey> = Handle<K> | { before: (req: Request) => void; handle: Handle<K> };
/** One area's handlers: exactly the routes it names. */
export type AreaHandlers<K extends RouteKey> = { [P in K]: Handler<P> };

/** 400 `malformed` naming the first few fields that are wrong. */
export function malformed(issues: readonly { path: PropertyKey[]; message: string }[]): HttpProblem {
  const detail = issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.')}: ${i.message}`)
    .join('; ');
  return new HttpProblem(400, problem('malformed', detail));
}

/**
 * Mounts a handler for every route of the table on the /api router. Types require a handler for each route;
 * this also checks at start, so a table entry without a handler (or a handler without one) stops the hub.
 */
export function mountRoutes(api: Router, ctx: HubContext, handlers: AreaHandlers<RouteKey>) {
  const given = Object.keys(handlers);
  const missing = ROUTE_KEYS.filter((k) => !given.includes(k));
  const extra = given.filter((k) => !(k in ROUTES));
  if (missing.length || extra.length) {
    throw new Error(`routes without a handler: [${missing.join(', ')}]; handlers for no route: [${extra.join(', ')}]`);
  }
  for (const key of ROUTE_KEYS) {
    const spec: RouteSpec = ROUTES[key];
    const handler = handlers[key] as Handler<RouteKey>;
    const { before, handle } = typeof handler === 'function' ? { before: undefined, handle: handler } : handler;
    const method = spec.method === 'GET' ? 'get' : spec.method === 'POST' ? 'post' : 'put';
    const steps = [
      ...(spec.auth === 'none' ? [] : [authorize(ctx, spec.auth)]),
      ...(spec.body === 'raw' ? [express.raw({ type: () => true, limit: MAX_ROSTER_BYTES })] : []),
    ];
    api[method](spec.path.slice('/api'.length), ...steps, async (req: Request, res: Response) => {
      if (spec.params && !spec.params.safeParse(req.params).success) {
        throw new HttpProblem(404, problem('not_found', Object.values(req.params).join('/')));
      }
      before?.(req);
      let body: unknown;
      if (spec.body && spec.body !== 'raw') {
        const r = spec.body.safeParse(req.body);
        if (!r.success) throw malformed(r.error.issues);
        body = r.data;
      }
      const call = { req, res, principal: res.locals.principal as Principal | undefined, body, params: req.params };
      const answer = await handle(call as Call<RouteKey>);
      if (answer !== SENT) res.status(spec.status ?? 200).json(answer);
    });
  }
}

/** 401 without a valid token, 403 with the wrong kind; a kiosk's contact is noted either way. */
function authorize(ctx: HubContext, auth: Exclude<Auth, 'none'>) {
  return (req: Request, res: Response, next: NextFunction) => {
    const p = ctx.principalFor(bearer(req));
    if (!p || (auth === 'admin' && p.kind !== 'admin')) {
      ctx.logger.warn('refused', { path: req.path, ip: req.ip, reason: p ? 'not admin' : 'no valid token' });
      throw new HttpProblem(p ? 403 : 401, problem(p ? 'admin_required' : 'unauthorized'));
    }
    // BD1: a gate board's token reads the board and nothing else; the board's route takes no other token
    if ((p.kind === 'board') !== (auth === 'board')) {
      ctx.logger.warn('refused', {
        path: req.path,
        ip: req.ip,
        reason: p.kind === 'board' ? 'board token' : 'not a board',
      });
      throw new HttpProblem(403, problem('unauthorized'));
    }
    ctx.touch(p);
    if (auth === 'leader' && p.kind === 'device') throw new HttpProblem(403, problem('admin_required'));
    if (auth === 'device' && p.kind !== 'device') throw new HttpProblem(403, problem('unauthorized'));
    res.locals.principal = p;
    next();
  };
}
