/**
 * The hub as a factory with its dependencies injected (store, clock, logger), so a test builds one in a line
 * and the real start-up (main.ts) only adds certificates, files and ports. This file is the wiring: the HTTP
 * routes are the table in core/contract, their handlers live in routes/ by area, the sockets in sockets.ts.
 */
import compression from 'compression';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import path from 'node:path';
import { problem } from '../core/messages';
import type { HubDeps } from './hubContext';
import { createHubContext } from './hubContext';
import { isBusy } from './store/busyRetry';
import { HttpProblem, MAX_JSON_BYTES, mountRoutes } from './http';
import { refuseTraversal, sameOrigin } from './pages';
import { SECURITY_HEADERS } from './securityHeaders';
import { accessRoutes } from './routes/access';
import { deviceRoutes } from './routes/devices';
import { eventRoutes } from './routes/events';
import { delegateRoutes } from './delegateSlip';
import { officeRoutes } from './routes/office';
import { backupRoutes } from './routes/backup';
import { boardRoutes } from './routes/board';
import { autoBackupDeps, startAutoBackup } from './autoBackup';
import { privacyRoutes } from './routes/privacy';
import { reportRoutes } from './routes/reports';
import { rollCallCopies, rollCallRoutes } from './reports/rollCallPdf';
import { rosterRoutes } from './routes/roster';
import { rosterEditRoutes } from './routes/rosterEdit';
import { startScheduledMoves } from './roster/scheduledMoves';
import { attachSockets } from './sockets';
import { managedEventLog, startRetention } from './retention';
import { openFileEventLog } from './store/eventLog';

export type { HubDeps } from './hubContext';
export { LOGIN_LIMIT } from './hubContext';

export function createHub(deps: HubDeps) {
  // The log in files (main.ts opens it in <data>/events) can be closed and opened again under the purge and the
  // erasure, which change its files (hub/retention.ts); an in-memory log is used as it is.
  const eventsDir = deps.dataDir && path.join(deps.dataDir, 'events');
  const log = managedEventLog(
    deps.log,
    eventsDir
      ? () => openFileEventLog(eventsDir, { onRecovery: (note) => deps.logger.warn('event log repaired', { note }) })
      : undefined,
  );
  const ctx = createHubContext({ ...deps, log });
  const { logger } = ctx;
  const retention = deps.dataDir
    ? startRetention({ dataDir: deps.dataDir, log, roster: () => deps.rosters.roster, clock: deps.clock, logger })
    : null;
  const backups = deps.dataDir ? startAutoBackup({ dataDir: deps.dataDir, ...autoBackupDeps(deps) }) : null;
  // moves the office entered for a later day, applied when the hub's day reaches them (RM1): now, then each minute
  const moves = startScheduledMoves(ctx);
  // RC5: the paper roll of each roll call's start, in the data folder for the office PC
  if (deps.dataDir) ctx.storedListeners.push(rollCallCopies(ctx, deps.dataDir));

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use((_req, res, next) => {
    res.set(SECURITY_HEADERS);
    next();
  });
  // Before any file is served: ../, encoded or not, backslashes and NUL bytes never reach a file route.
  app.use(refuseTraversal(logger));
  // Pages, scripts and report JSON go out gzipped: a tablet's first load over busy school Wi-Fi is a third the
  // size (docs/benchmarks.md). socket.io is not an Express route and is not touched.
  app.use(compression());
  deps.mount?.(app);

  const api = express.Router();
  // Tokens are bearer headers, never cookies; still, a page of another site gets nothing from the API, not even
  // a CORS header: a browser's request that names a foreign Origin is refused before it is read.
  api.use((req, _res, next) => {
    if (sameOrigin(req.headers)) {
      next();
      return;
    }
    logger.warn('cross-origin refused', {
      path: req.path,
      ip: req.ip,
      origin: String(req.get('origin')).slice(0, 100),
    });
    throw new HttpProblem(403, problem('cross_origin'));
  });
  api.use(express.json({ limit: MAX_JSON_BYTES }));
  api.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  mountRoutes(api, ctx, {
    ...accessRoutes(ctx),
    ...deviceRoutes(ctx),
    ...rosterRoutes(ctx),
    ...rosterEditRoutes(ctx),
    ...eventRoutes(ctx),
    ...delegateRoutes(ctx),
    ...officeRoutes(ctx),
    ...backupRoutes(ctx, backups),
    ...reportRoutes(ctx),
    ...boardRoutes(ctx),
    ...rollCallRoutes(ctx),
    ...privacyRoutes(ctx, { log, retention }),
  });

  api.use((_req, _res) => {
    throw new HttpProblem(404, problem('not_found'));
  });
  app.use('/api', api);

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof HttpProblem) {
      res.status(err.status).json({ problem: err.body });
      return;
    }
    const status = (err as { status?: number; type?: string }).status;
    if (status === 413) {
      res.status(413).json({ problem: problem('batch_too_large', 'body too large') });
      return;
    }
    if (status === 400) {
      res.status(400).json({ problem: problem('malformed', 'invalid JSON') });
      return;
    }
    if (isBusy(err)) {
      // Windows: a data file held by a scanner or a sync folder past the retries (hub/store/busyRetry.ts). The
      // store put its state back, so nothing was saved, and the page says to try again rather than "server error".
      logger.warn('file busy', { path: req.path, error: String(err) });
      res.status(503).json({
        problem: {
          ...problem('file_busy'),
          zh: `${problem('file_busy').zh}，未保存`,
          en: `${problem('file_busy').en}; nothing was saved`,
        },
      });
      return;
    }
    logger.error('request failed', { path: req.path, error: String(err) });
    res.status(500).json({ problem: problem('internal') });
  });

  const attach = (server: HttpServer | HttpsServer) => attachSockets(ctx, server);
  const close = async () => {
    retention?.stop();
    backups?.stop();
    moves.stop();
    await ctx.io()?.close();
    // the log main.ts opened may have been replaced by a purge or an erasure: close the one in use now
    await log.close();
  };
  return { app, attach, deviceHealth: ctx.deviceHealth, today: ctx.today, close };
}
export type Hub = ReturnType<typeof createHub>;
