import express from 'express';
import { describe, expect, it } from 'vitest';
import { ROUTE_KEYS, ROUTES, routeUrl } from '../../core/contract';
import type { HubContext } from '../../hub/hubContext';
import type { AreaHandlers } from '../../hub/http';
import { mountRoutes } from '../../hub/http';
import type { RouteKey } from '../../core/contract';

// Mounting reads no context; a request would. Handlers that are never called stand in for the real ones.
const ctx = {} as HubContext;
const handlers = Object.fromEntries(ROUTE_KEYS.map((k) => [k, () => ({})])) as unknown as AreaHandlers<RouteKey>;

describe('the route table', () => {
  it('names each method and path once, all under /api/', () => {
    const seen = ROUTE_KEYS.map((k) => `${ROUTES[k].method} ${ROUTES[k].path}`);
    expect(new Set(seen).size).toBe(seen.length);
    for (const k of ROUTE_KEYS) expect(ROUTES[k].path, k).toMatch(/^\/api\/[a-z]/);
  });

  it('the hub refuses to start with a route that has no handler, or a handler that has no route', () => {
    expect(() => mountRoutes(express.Router(), ctx, handlers)).not.toThrow();
    const { headcount: _gone, ...missing } = handlers;
    expect(() => mountRoutes(express.Router(), ctx, missing as AreaHandlers<RouteKey>)).toThrow(
      /without a handler: \[headcount\]/,
    );
    const extra = { ...handlers, stray: () => ({}) } as AreaHandlers<RouteKey>;
    expect(() => mountRoutes(express.Router(), ctx, extra)).toThrow(/for no route: \[stray\]/);
  });

  it('builds URLs with encoded parameters and no empty query entries', () => {
    expect(routeUrl('deviceRevoke', { id: 'a/b' })).toBe('/api/admin/devices/a%2Fb/revoke');
    expect(routeUrl('reportPeriod', undefined, { from: '2026-03-02', to: '', by: undefined })).toBe(
      '/api/admin/reports/period?from=2026-03-02',
    );
  });
});
