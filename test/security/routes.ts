/** Every HTTP route of the hub, from the contract's table, so a route added later is swept by the access tests too. */
import { ROUTE_KEYS, ROUTES } from '../../core/contract';
import type { Auth } from '../../core/contract';

/**
 * `any` is every route that needs some valid token: besides `any` itself, the kiosk-only (`device`) and the
 * people-only (`leader`) ones, which refuse the wrong kind of token with 403 (tested by name in access.test.ts).
 */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  path: string;
  auth: 'none' | 'any' | 'admin';
}

const SWEPT_AS: Record<Auth, Route['auth']> = {
  none: 'none',
  any: 'any',
  device: 'any',
  leader: 'any',
  admin: 'admin',
  // the gate board's route (BD1) needs a board's token: 401 without one, 403 with another (test/hub/board.test.ts)
  board: 'any',
};

export function hubRoutes(): Route[] {
  return ROUTE_KEYS.map((key) => {
    const r = ROUTES[key];
    return { method: r.method, path: r.path, auth: SWEPT_AS[r.auth] };
  });
}

/** A concrete URL for a route pattern (`:id` and the like filled in with something that exists). */
export function concrete(route: Route, params: Record<string, string> = {}): string {
  return route.path.replace(/:([a-z]+)/g, (_m, name: string) => params[name] ?? 'x');
}
