/**
 * The naive alternative hub for the bench: the same hub (createHub, socket.io over HTTPS, the same validation)
 * with only the event store swapped for one lowdb file (bench/naiveStore.ts). Run on a data folder made by
 * the real hub; the events live in `naive-events.json` beside it.
 */
import https from 'node:https';
import path from 'node:path';
import type { CustodyEvent } from '../core/events';
import { AccessStore } from '../hub/accessStore';
import { readConfig } from '../hub/config';
import { createHub } from '../hub/createHub';
import { consoleLogger } from '../hub/logger';
import { RosterStore } from '../hub/rosterStore';
import { ensureLocalTls } from '../hub/tls/certificates';
import { openNaiveEventLog } from './naiveStore';

const config = readConfig(process.argv.slice(2), process.env);
const logger = consoleLogger();
const clock = () => Date.now();
const tls = await ensureLocalTls(config.dataDir, new Date(clock()));
const log = await openNaiveEventLog<CustodyEvent>(path.join(config.dataDir, 'naive-events.json'));
const rosters = await RosterStore.open(path.join(config.dataDir, 'school.json'));
const access = await AccessStore.open(path.join(config.dataDir, 'access.json'), clock);
const hub = createHub({ rosters, access, log, clock, logger, version: 'naive' });
const server = https.createServer({ key: tls.key, cert: tls.cert }, hub.app);
hub.attach(server);
await new Promise<void>((resolve, reject) => {
  server.once('error', reject);
  server.listen(config.port, config.host, resolve);
});
logger.info('hub ready', { port: (server.address() as { port: number }).port, httpPort: 0 });
process.once('SIGTERM', () => {
  void hub.close().then(() => process.exit(0));
});
