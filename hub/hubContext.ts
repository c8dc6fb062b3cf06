/**
 * What every area of the hub shares: its dependencies, who a token belongs to, when each kiosk was last heard
 * from, the login lock-outs, and the socket.io server once it is attached (for broadcasts).
 */
import type express from 'express';
import type { Server } from 'socket.io';
import type { CustodyEvent } from '../core/events';
import { problem } from '../core/messages';
import type { ClientToHubEvents, HubToClientEvents } from '../core/protocol';
import type { DeviceHealth } from '../core/state';
import { DAY_PATTERN, isValidDay, localDay } from '../core/time';
import type { AccessStore, DeviceRecord } from './accessStore';
import { HttpProblem } from './http';
import type { Actor } from './ingest';
import { actorDeviceId } from './ingest';
import type { Logger } from './logger';
import type { RateLimiter } from './rateLimit';
import { createRateLimiter } from './rateLimit';
import type { RosterStore } from './rosterStore';
import { broadcastStored } from './sockets';
import type { EventLog } from './store/eventLog';
import { createLiveDays } from './liveDays';

export interface HubDeps {
  rosters: RosterStore;
  access: AccessStore;
  log: EventLog<CustodyEvent>;
  clock: () => number;
  logger: Logger;
  version: string;
  /** the data folder, for backups; absent in tests that keep everything in memory */
  dataDir?: string;
  /** login failures and locks, kept in the data folder by main.ts (lockoutStore.ts); in memory when absent */
  lockouts?: RateLimiter;
  /**
   * Reduce the last month's days for the reports this long after the start (main.ts), so the office's first
   * 月汇总 after a restart does not wait for a month of day files; absent in tests (no background reads).
   */
  warmReportsAfterMs?: number;
  /** extra routes mounted before the API (the CA page, static pages) */
  mount?: (app: express.Express) => void;
}

export type Principal =
  | { kind: 'device'; device: DeviceRecord }
  | { kind: 'admin' }
  | { kind: 'leader'; staffId: string }
  /** a gate board (BD1): reads GET /api/board and the /board socket, nothing else (hub/http.ts authorize) */
  | { kind: 'board'; device: DeviceRecord };
/** Everyone but a gate board: who may call the routes and socket commands of the kiosks, leaders and office. */
export type ActorPrincipal = Exclude<Principal, { kind: 'board' }>;

export const LOGIN_LIMIT = { maxFailures: 5, windowMs: 10 * 60_000, lockMs: 15 * 60_000 };

export function createHubContext(deps: HubDeps) {
  const { access, rosters, clock, logger } = deps;
  const seen = new Map<string, { lastSeen: number; unsent: number; battery?: number; station?: string }>();
  let io: Server<ClientToHubEvents, HubToClientEvents> | undefined;

  const today = () => localDay(clock(), rosters.roster.settings.timeZone);

  function principalFor(token: string | undefined): Principal | null {
    if (!token) return null;
    if (access.isAdminSession(token)) return { kind: 'admin' };
    const leader = access.leaderForToken(token);
    if (leader) return { kind: 'leader', staffId: leader };
    const device = access.deviceForToken(token);
    if (!device) return null;
    return device.kind === 'board' ? { kind: 'board', device } : { kind: 'device', device };
  }

  function touch(p: Principal) {
    if (p.kind !== 'device') return;
    const s = seen.get(p.device.id);
    seen.set(p.device.id, { ...s, unsent: s?.unsent ?? 0, lastSeen: clock() });
  }

  function actorOf(p: ActorPrincipal): Actor {
    return p.kind === 'device'
      ? { kind: 'device', deviceId: p.device.id, station: p.device.station }
      : p.kind === 'leader'
        ? { kind: 'leader', staffId: p.staffId }
        : { kind: 'office' };
  }

  /** the kiosks' health (AN8): a gate board records nothing and is not a kiosk that can go silent */
  function deviceHealth(): DeviceHealth[] {
    return access
      .devices()
      .filter((d) => d.kind !== 'board')
      .map((d) => {
        const s = seen.get(d.id);
        return {
          deviceId: d.id,
          name: d.name,
          lastSeen: s?.lastSeen ?? null,
          unsent: s?.unsent ?? 0,
          revoked: d.revokedAt !== null,
          ...(s?.battery !== undefined ? { battery: s.battery } : {}),
          ...(s?.station ? { station: s.station } : {}),
        };
      });
  }

  /** told of every batch the log stored, after the broadcast (e.g. the paper roll of a roll call's start, RC5) */
  const storedListeners: ((day: string, events: CustodyEvent[]) => void)[] = [];
  const ingestDeps = {
    rosters,
    log: deps.log,
    clock,
    isGranted: (deviceId: string, staffId: string, day: string) => access.isGranted(deviceId, staffId, day),
    // SN2: the duty leader's PIN checked at a tablet for one child's release that day (verify-leader), on disk.
    isOverrideGranted: (deviceId: string, leaderId: string, studentId: string, day: string) =>
      access.isOverrideGranted(deviceId, leaderId, studentId, day),
    onStored: (day: string, events: (CustodyEvent & { seq: number; hubTime: number })[]) => {
      const lastSeq = events.at(-1)?.seq ?? 0;
      if (io) broadcastStored(io, day, events, lastSeq, deps.access.cardKey); // as each reader may see them (hub/sockets.ts)
      for (const listen of storedListeners) listen(day, events);
    },
    onRefused: (actor: Actor, counts: Record<string, number>) => {
      logger.warn('events refused', { by: actorDeviceId(actor), counts });
    },
  };

  /** `?date=` and the like: a valid day, today when absent. */
  const dayQuery = (value: unknown): string => {
    const day = typeof value === 'string' && value !== '' ? value : today();
    if (!DAY_PATTERN.test(day) || !isValidDay(day)) {
      throw new HttpProblem(400, problem('malformed', 'date must be YYYY-MM-DD'));
    }
    return day;
  };

  return {
    ...deps,
    seen,
    today,
    /** today's state (and yesterday's) kept up to date from the log: headcount, board, roll-call sheet */
    days: createLiveDays(deps.log, () => rosters.roster),
    principalFor,
    touch,
    actorOf,
    deviceHealth,
    ingestDeps,
    storedListeners,
    dayQuery,
    grantOverride: (deviceId: string, leaderId: string, studentId: string) =>
      access.grantOverride(deviceId, leaderId, studentId, today()),
    /** one count per staff member, one for pairing codes, one for the admin password (lockoutStore.ts lockKeys) */
    lockouts: deps.lockouts ?? createRateLimiter({ ...LOGIN_LIMIT, clock }),
    io: () => io,
    setIo: (server: Server<ClientToHubEvents, HubToClientEvents>) => {
      io = server;
    },
    /** every page and kiosk reloads the roster */
    rosterChanged: () => {
      io?.emit('rosterChanged', { version: rosters.version });
    },
  };
}
export type HubContext = ReturnType<typeof createHubContext>;
