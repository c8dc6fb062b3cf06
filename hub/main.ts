/**
 * Starts the hub: certificates, storage, the demo school on an empty data folder, HTTPS with socket.io, and a
 * plain-HTTP port that only helps a tablet trust the school's certificate. Prints where to go next.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { CustodyEvent } from '../core/events';
import { localDay } from '../core/time';
import { AccessStore } from './accessStore';
import { readConfig } from './config';
import { createHub, LOGIN_LIMIT } from './createHub';
import { DEMO_PIN, makeDemoSchool } from './demo/demoSchool';
import { DEMO_HISTORY_DAYS, seedDemoWeek } from './demo/demoWeek';
import { openLockouts } from './lockoutStore';
import { consoleLogger } from './logger';
import { RosterStore } from './rosterStore';
import { hashSecret } from './secrets';
import { mountPages, redirectToHttps } from './pages';
import { repairJsonFile } from './store/durableJsonFile';
import { openFileEventLog } from './store/eventLog';
import type { TlsMaterial } from './tls/certificates';
import { CA_WARN_DAYS, ensureLocalTls, localNames, TLS_SERVER_OPTIONS } from './tls/certificates';
import { lockHint, runningHub, takeLock } from './hubLock';
import { lanAddresses, portProblem } from './lanAddresses';

/** After the start has settled: the tablets reconnect and catch up first (issue #20). */
const WARM_REPORTS_AFTER_MS = 5_000;
import { dailyLogFiles } from './logFiles';

const DEMO_CODE_MS = 365 * 86_400_000;
const CERT_CHECK_MS = 6 * 3_600_000;
const DAY_WATCH_MS = 5 * 60_000;

async function main() {
  const config = readConfig(process.argv.slice(2), process.env);
  const clock = () => Date.now();
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const logFiles = dailyLogFiles(path.join(config.dataDir, 'logs'), { clock });
  const logger = consoleLogger(logFiles);
  const other = await runningHub(config.dataDir);
  if (other && other.pid !== process.pid) throw new Error(lockHint(config.dataDir, other));
  const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
    .version;

  const names = localNames();
  const tls = await ensureLocalTls(config.dataDir, new Date(clock()), names);
  if (tls.action !== 'reused')
    logger.info(`certificate ${tls.action}`, { notAfter: tls.notAfter.toISOString(), names: tls.names });
  logCa(logger, tls);

  // After a crash or a power cut: torn lines, half-written temp files and damaged JSON files are repaired here,
  // before anything reads them, and each repair is printed in the banner below.
  const eventsDir = path.join(config.dataDir, 'events');
  const log = await openFileEventLog<CustodyEvent>(eventsDir, {
    onRecovery: (note) => logger.warn('event log repaired', { note }),
  });
  const schoolFile = path.join(config.dataDir, 'school.json');
  const accessFile = path.join(config.dataDir, 'access.json');
  const fileRepairs = [...(await repairJsonFile(schoolFile)), ...(await repairJsonFile(accessFile))];
  for (const note of fileRepairs) logger.warn('data file repaired', { note });
  // A data folder with a custody log but no roster is damaged, not new: seeding the demo school there would
  // put made-up children beside real records.
  if (!existsSync(schoolFile) && existsSync(eventsDir) && readdirSync(eventsDir).some((f) => f.endsWith('.ndjson'))) {
    throw new Error(
      `花名册文件不见了，但这个数据文件夹里有签到记录：请用备份恢复（npm run backup -- restore 备份文件），不会创建演示学校 / school.json is missing but ${eventsDir} holds custody records: restore the data folder from a backup (npm run backup -- restore FILE); no demo school is created over real records`,
    );
  }
  let seeded = false;
  const rosters = await RosterStore.open(schoolFile, () => {
    seeded = true;
    return makeDemoSchool({ randomBytes: (n) => randomBytes(n), size: config.demoSize });
  });
  if (!seeded && config.demoSize !== undefined)
    logger.info('演示学校人数已忽略：已有学校，花名册不会被替换 / --demo-size ignored: a school is already here', {
      demoSize: config.demoSize,
    });
  const access = await AccessStore.open(accessFile, clock);
  if (seeded) {
    const pin = hashSecret(DEMO_PIN);
    await access.setStaffPins(Object.fromEntries(rosters.roster.staff.map((s) => [s.id, pin])));
    const { code } = await access.createPairingCode({ ttlMs: DEMO_CODE_MS, multiUse: true });
    await access.setDemoPairingCode(code);
  }
  const today = localDay(clock(), rosters.roster.settings.timeZone);
  const live = config.demoClock === 'live';
  if (await rosters.openDemoDay(today, clock(), { retime: live }))
    logger.info('demo school: today opened', { today, demoClock: config.demoClock });
  // Today is read now, so anything unreadable in it is in the banner rather than in a log line later.
  await log.read(today);
  if (seeded) {
    // Last week as the kiosks would have written it, so the office's reports have something in them.
    // and today up to now, so a newcomer finds children in care whatever the hour (the demo's times follow the clock).
    const events = await seedDemoWeek(rosters.roster, log, {
      today,
      ...(live ? { now: clock() } : {}),
      days: DEMO_HISTORY_DAYS,
      newId: randomUUID,
    });
    logger.info('demo school: last week seeded', { events });
  }
  const { generated } = await access.ensureAdminPassword(config.adminPassword);
  const lockouts = await openLockouts(path.join(config.dataDir, 'lockouts.json'), { ...LOGIN_LIMIT, clock });
  for (const note of lockouts.notes) logger.warn('data file repaired', { note });

  const hub = createHub({
    rosters,
    access,
    lockouts: lockouts.limiter,
    log,
    clock,
    logger,
    version,
    dataDir: config.dataDir,
    warmReportsAfterMs: WARM_REPORTS_AFTER_MS,
    mount: (app) => mountPages(app, { tls, httpsPort: () => port }),
  });
  let port = config.port;
  const server = https.createServer({ ...TLS_SERVER_OPTIONS, key: tls.key, cert: tls.cert }, hub.app);
  hub.attach(server);
  const plain = http.createServer(redirectToHttps({ tls, httpsPort: () => port }));
  // A hub left running for a year must renew its certificate (or follow a new DHCP address) without a restart.
  const renewal = setInterval(() => {
    ensureLocalTls(config.dataDir, new Date(clock()))
      .then((next) => {
        if (next.action === 'reused') return;
        // The whole context is replaced: without the TLS options again, renewal would bring back Node's ciphers.
        server.setSecureContext({ ...TLS_SERVER_OPTIONS, key: next.key, cert: next.cert });
        // The set-up page, /ca.crt and the plain port's host check read this object: a new CA shows there too.
        Object.assign(tls, next);
        logger.info(`certificate ${next.action}`, { notAfter: next.notAfter.toISOString() });
        logCa(logger, next);
      })
      .catch((err: unknown) => logger.error('certificate renewal failed', { error: String(err) }));
  }, CERT_CHECK_MS);
  renewal.unref();
  // The demo left running past midnight opens the new day too (a no-op for real schools).
  const dayWatch = setInterval(() => {
    void rosters
      .openDemoDay(localDay(clock(), rosters.roster.settings.timeZone), clock())
      .catch((err: unknown) => logger.error('demo day failed', { error: String(err) }));
  }, DAY_WATCH_MS);
  dayWatch.unref();

  // A port taken (another hub, IIS, a second start) is said in words with the way out, not as a raw EADDRINUSE.
  const listenOn = (srv: typeof server | typeof plain, p: number, what: string) =>
    new Promise<void>((resolve, reject) => {
      srv.once('error', (err) => reject(portProblem(err, p, what) ? new Error(portProblem(err, p, what)!) : err));
      srv.listen(p, config.host, resolve);
    });
  await listenOn(server, config.port, 'HTTPS --port');
  await listenOn(plain, config.httpPort, 'HTTP --http-port');
  port = (server.address() as { port: number }).port;
  const httpPort = (plain.address() as { port: number }).port;

  // The addresses on the certificate, with their adapters, listed once for the banner and the CA's setup link.
  const lan = lanAddresses(os.networkInterfaces()).filter((a) => tls.names.ips.includes(a.ip));
  const lines = [
    '',
    `接力 Relay ${version} — ${rosters.roster.school.name}`,
    `  本机 / this machine:   https://localhost:${port}/`,
    // The addresses on the certificate (a tablet refuses the hub at one the CA may not vouch for, a public one),
    // each with its adapter, the real ones first and virtual ones marked, so the office reads off the right one.
    ...lan.map((a) =>
      a.virtual
        ? `  虚拟网卡 / virtual (${a.adapter}): https://${a.ip}:${port}/   平板通常连不上 / tablets usually cannot reach it`
        : `  局域网 / LAN (${a.adapter}): https://${a.ip}:${port}/   (平板先安装证书 / tablets first trust the CA: http://${a.ip}:${httpPort}/setup)`,
    ),
    `  数据 / data folder:    ${config.dataDir}`,
    ...caBanner(
      tls,
      clock(),
      lan.find((a) => !a.virtual)?.ip ?? tls.names.ips.find((ip) => !ip.includes(':') && ip !== '127.0.0.1'),
      httpPort,
      config.host,
    ),
    ...(generated ? [`  管理员密码 / admin password (shown once, write it down): ${generated}`] : []),
    ...(access.demoPairingCode
      ? [`  演示配对码 / demo pairing code: ${access.demoPairingCode}    演示 PIN / demo staff PIN: ${DEMO_PIN}`]
      : []),
    ...[...fileRepairs, ...lockouts.notes].map((r) => `  ⚠ 数据文件已修复 / data file repaired: ${r}`),
    ...log.recoveries.map((r) => `  ⚠ 事件日志已修复 / event log repaired: ${r}`),
    '',
  ];
  console.log(lines.join('\n'));
  const lock = takeLock(config.dataDir, { port, host: config.host }, clock);
  logger.info('hub ready', { port, httpPort });

  const stop = async (signal: string) => {
    logger.info('stopping', { signal });
    clearInterval(renewal);
    clearInterval(dayWatch);
    plain.close();
    await hub.close();
    server.close();
    await log.close();
    lock.release();
    logger.info('stopped', { signal });
    await logFiles.close();
    process.exit(0);
  };
  // Ctrl+C (SIGINT; Windows delivers it to every process on the console, so scripts/start.mjs leaves it to the
  // hub), a service manager's SIGTERM, Ctrl+Break (SIGBREAK, Windows), and the console window closed (SIGHUP on
  // Windows, which then allows about 10 s): each shuts the hub down properly, so its lock does not stay behind.
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void stop(signal);
    });
  }
}

/** The CA's fingerprint in the log at every start; a warning when the tablets must trust a new CA. */
function logCa(logger: ReturnType<typeof consoleLogger>, tls: TlsMaterial) {
  if (tls.caChange && tls.caChange !== 'first')
    logger.warn('certificate authority replaced', { reason: tls.caChange, caFingerprint: tls.caFingerprint });
  else
    logger.info('certificate authority', { caFingerprint: tls.caFingerprint, notAfter: tls.caNotAfter.toISOString() });
  if (tls.leftOff.length > 0) logger.warn('names left off the certificate', { leftOff: tls.leftOff });
}

const CA_REASON: Record<NonNullable<TlsMaterial['caChange']>, string> = {
  first: '',
  unconstrained:
    '旧证书可以为任何网站担保，新证书只能为本服务担保 / the old one could vouch for any website, the new one only for this hub',
  key_missing:
    '旧证书的私钥不在（例如从不含私钥的备份恢复）/ the old key is missing (e.g. restored from a backup without it)',
  expiring: '旧证书即将过期 / the old one was about to expire',
};

function caBanner(
  tls: TlsMaterial,
  now: number,
  lanIp: string | undefined,
  httpPort: number,
  listenHost: string,
): string[] {
  const setup = `http://${lanIp ?? 'localhost'}:${httpPort}/setup`;
  const lines = [`  根证书指纹 / CA fingerprint (SHA-256): ${tls.caFingerprint}`];
  if (tls.caChange && tls.caChange !== 'first')
    lines.push(
      `  ⚠ 学校根证书已更换：每台平板和手机都要重新打开 ${setup} 安装并信任新证书（旧证书可删除）`,
      `    The school's CA was replaced: every tablet and phone must trust the new one again at ${setup}`,
      `    ${CA_REASON[tls.caChange]}`,
    );
  const daysLeft = Math.floor((tls.caNotAfter.getTime() - now) / 86_400_000);
  if (daysLeft < CA_WARN_DAYS)
    lines.push(
      `  ⚠ 学校根证书 ${daysLeft} 天后到期，届时自动更换，平板需重新信任 / the school's CA expires in ${daysLeft} days and is then replaced: tablets must trust the new one`,
    );
  // Public IPv6 addresses (most PCs have some, and they change) are left off quietly: tablets use IPv4. A hub
  // that listens on one address only (--host) is reached at no other, so only that one is worth a warning.
  const everywhere = listenHost === '0.0.0.0' || listenHost === '::';
  const leftOff = tls.leftOff.filter((n) => !n.includes(':') && (everywhere || n === listenHost));
  if (leftOff.length > 0)
    lines.push(
      `  ⚠ 证书不含这些名称或地址（根证书不能为它们担保）/ not on the certificate (the CA may not vouch for them): ${leftOff.join(', ')}`,
    );
  return lines;
}

main().catch((err: unknown) => {
  console.error(`接力 Relay 无法启动 / could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
