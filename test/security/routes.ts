/** Every HTTP route of the hub, read from its source, so a route added later is swept by the access tests too. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Route { method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH'; path: string; auth: 'none' | 'any' | 'admin' }

export function hubRoutes(): Route[] {
  const source = readFileSync(path.join(ROOT, 'hub/createHub.ts'), 'utf8');
  const out: Route[] = [];
  for (const m of source.matchAll(/api\.(get|post|put|delete|patch)\('([^']+)'(, requireAuth\((true|false)\))?/g)) {
    out.push({ method: m[1]!.toUpperCase() as Route['method'], path: `/api${m[2]!}`, auth: m[4] === 'true' ? 'admin' : m[4] === 'false' ? 'any' : 'none' });
  }
  return out;
}

/** A concrete URL for a route pattern (`:id` and the like filled in with something that exists). */
export function concrete(route: Route, params: Record<string, string> = {}): string {
  return route.path.replace(/:([a-z]+)/g, (_m, name: string) => params[name] ?? 'x');
}
