/**
 * Retention (PIPL, docs/privacy.md): the hub keeps `retentionSchoolYears` school years from 1 September and the
 * daily purge deletes what is older, never today, a future day or anything inside retention; Windows' refusals
 * (EPERM, EBUSY) are retried later and never stop the hub. Dates are fixed or come from the hub's pinned clock,
 * never from the day the tests run.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrivacyStatus } from '../../core/contract';
import type { Roster } from '../../core/roster';
import { RosterSchema, SettingsSchema } from '../../core/roster';
import { addDays } from '../../core/time';
import { makeDemoSchool } from '../../hub/demo/demoSchool';
import { memoryLogger } from '../../hub/logger';
import type { FileOps } from '../../hub/retention';
import {
  AUDIT_FILE,
  managedEventLog,
  nodeFileOps,
  purgeExpired,
  retentionStart,
  startRetention,
} from '../../hub/retention';
import { createMemoryEventLog } from '../../hub/store/eventLog';
import { recentSchoolAfternoon } from '../fakeClock';
import type { RunningHub } from '../hub/hubProcess';
import { adminToken, startHub } from '../hub/hubProcess';
import { req, storedState } from './hubState';

describe('the retention period', () => {
  it('counts school years from 1 September: 2 keeps this school year and the one before', () => {
    expect(retentionStart('2026-12-01', 2)).toBe('2025-09-01');
    expect(retentionStart('2026-09-01', 2)).toBe('2025-09-01');
    expect(retentionStart('2026-08-31', 2)).toBe('2024-09-01');
    expect(retentionStart('2026-01-15', 1)).toBe('2025-09-01');
    expect(retentionStart('2026-10-15', 1)).toBe('2026-09-01');
    expect(retentionStart('2026-10-15', 3)).toBe('2024-09-01');
  });

  it('is a setting with a default, so a school.json written before it is read with 2 school years', () => {
    expect(SettingsSchema.parse({}).retentionSchoolYears).toBe(2);
    for (const bad of [0, 11, 1.5, '2', null]) {
      expect(SettingsSchema.safeParse({ retentionSchoolYears: bad }).success, String(bad)).toBe(false);
    }
    const demo = makeDemoSchool({ randomBytes: (n) => randomBytes(n) });
    const { retentionSchoolYears: _dropped, ...oldSettings } = demo.settings;
    const old = JSON.parse(JSON.stringify({ ...demo, settings: oldSettings })) as unknown;
    expect(RosterSchema.parse(old).settings.retentionSchoolYears).toBe(2);
  });
});

const TZ = 'Asia/Shanghai';
const line = (day: string, seq: number) => JSON.stringify({ id: `e-${day}-${seq}`, day, seq, hubTime: 1 }) + '\n';

/** A data folder with day files around the boundary of 2025-09-01 (today 2026-12-01, 2 school years). */
function dataFolder(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-retention-'));
  mkdirSync(path.join(dir, 'events'));
  for (const day of [
    '2023-05-10',
    '2024-09-01',
    '2025-08-31',
    '2025-09-01',
    '2026-11-30',
    '2026-12-01',
    '2027-02-01',
  ]) {
    writeFileSync(path.join(dir, 'events', `${day}.ndjson`), line(day, 1));
  }
  writeFileSync(path.join(dir, 'events', '2025-08-29.ndjson.torn-1756000000000'), '{"id":"x"');
  writeFileSync(path.join(dir, 'events', '2026-11-30.ndjson.torn-1764400000000'), '{"id":"y"');
  writeFileSync(path.join(dir, `school.json.damaged-${Date.UTC(2024, 0, 1)}`), '{');
  writeFileSync(path.join(dir, `school.json.damaged-${Date.UTC(2026, 10, 1)}`), '{');
  const roster = (ids: string[]) => JSON.stringify({ version: 1, roster: { students: ids.map((id) => ({ id })) } });
  writeFileSync(path.join(dir, 'school.json'), roster(['s1']));
  writeFileSync(path.join(dir, 'school.json.bak'), roster(['s1', 'removed-by-import']));
  return dir;
}
const dayFiles = (dir: string) => readdirSync(path.join(dir, 'events')).sort();

describe('the purge (a data folder on disk, today pinned)', () => {
  it('deletes every day file before the retention and keeps the rest, today and the future included', async () => {
    const dir = dataFolder();
    const r = await purgeExpired({ dataDir: dir, today: '2026-12-01', years: 2, timeZone: TZ });
    expect(r.keepFrom).toBe('2025-09-01');
    expect(r.deletedDays).toEqual(['2023-05-10', '2024-09-01', '2025-08-31']);
    expect(dayFiles(dir)).toEqual([
      '2025-09-01.ndjson',
      '2026-11-30.ndjson',
      '2026-11-30.ndjson.torn-1764400000000',
      '2026-12-01.ndjson',
      '2027-02-01.ndjson',
    ]);
    expect(readdirSync(dir).filter((f) => f.includes('damaged'))).toEqual([
      `school.json.damaged-${Date.UTC(2026, 10, 1)}`,
    ]);
    // the previous roster version named a child no longer on the roster: it is now the roster itself
    expect(r.rosterBackupRefreshed).toBe(true);
    expect(readFileSync(path.join(dir, 'school.json.bak'), 'utf8')).toBe(
      readFileSync(path.join(dir, 'school.json'), 'utf8'),
    );
    // a second run finds nothing more
    const again = await purgeExpired({ dataDir: dir, today: '2026-12-01', years: 2, timeZone: TZ });
    expect([again.deletedDays, again.deletedFiles, again.rosterBackupRefreshed]).toEqual([[], [], false]);
  });

  it('never deletes today, even with a retention that would start after it', async () => {
    const dir = dataFolder();
    await purgeExpired({ dataDir: dir, today: '2026-12-01', years: 1, timeZone: TZ });
    expect(dayFiles(dir).filter((f) => f.endsWith('.ndjson'))).toEqual([
      '2026-11-30.ndjson',
      '2026-12-01.ndjson',
      '2027-02-01.ndjson',
    ]);
  });

  it('retries a file Windows keeps open (EPERM, EBUSY) at the next look, deleting the others meanwhile, and never throws', async () => {
    for (const code of ['EPERM', 'EBUSY']) {
      const dir = dataFolder();
      let refusals = 0;
      let locked = true;
      const ops: FileOps = {
        ...nodeFileOps,
        sleep: async () => {},
        unlink: async (f) => {
          if (locked && f.endsWith('2024-09-01.ndjson')) {
            refusals++;
            throw Object.assign(new Error(`${code}: operation not permitted, unlink '${f}'`), { code });
          }
          return nodeFileOps.unlink(f);
        },
      };
      const logger = memoryLogger();
      const log = managedEventLog(createMemoryEventLog());
      const clock = { now: Date.UTC(2026, 11, 1, 7) }; // 15:00 in Shanghai
      let tick = () => {};
      const roster = { settings: { timeZone: TZ, retentionSchoolYears: 2 } } as Roster;
      const retention = startRetention({
        dataDir: dir,
        log,
        roster: () => roster,
        clock: () => clock.now,
        logger,
        ops,
        every: (fn) => {
          tick = fn;
          return () => {};
        },
      });
      const first = await retention.runNow();
      expect(first?.busy, code).toEqual(['events/2024-09-01.ndjson']);
      expect(refusals, 'tried more than once').toBeGreaterThan(1);
      expect(dayFiles(dir)).toContain('2024-09-01.ndjson');
      expect(dayFiles(dir)).not.toContain('2023-05-10.ndjson');
      expect(logger.records.some((r) => r.level === 'warn' && r.msg.startsWith('retention purge: files busy'))).toBe(
        true,
      );
      // an hour later, the same day: the busy file is tried again, and this time it goes
      locked = false;
      clock.now += 3_600_000;
      tick();
      await retention.runNow();
      expect(dayFiles(dir)).not.toContain('2024-09-01.ndjson');
      expect(retention.last()?.busy).toEqual([]);
      const audit = readFileSync(path.join(dir, AUDIT_FILE), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(audit.map((a) => [a.action, a.days])).toEqual([
        ['purge', 2],
        ['purge', 1],
      ]);
      retention.stop();
    }
  });

  it('a purge that fails for another reason is logged, not thrown, and tried again', async () => {
    const dir = dataFolder();
    const logger = memoryLogger();
    let broken = true;
    const ops: FileOps = {
      ...nodeFileOps,
      unlink: async (f) => {
        if (broken) throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
        return nodeFileOps.unlink(f);
      },
    };
    const roster = { settings: { timeZone: TZ, retentionSchoolYears: 2 } } as Roster;
    let tick = () => {};
    const retention = startRetention({
      dataDir: dir,
      log: managedEventLog(createMemoryEventLog()),
      roster: () => roster,
      clock: () => Date.UTC(2026, 11, 1, 7),
      logger,
      ops,
      every: (fn) => {
        tick = fn;
        return () => {};
      },
    });
    expect(await retention.runNow()).toBeNull();
    expect(logger.records.some((r) => r.level === 'error' && r.msg === 'retention purge failed')).toBe(true);
    broken = false;
    tick();
    await retention.runNow();
    expect(dayFiles(dir)).not.toContain('2023-05-10.ndjson');
  });

  it('appends and reads wait while the files change under the log, then go on', async () => {
    const inner = createMemoryEventLog<{ id: string; day: string }>();
    let reopened = 0;
    const log = managedEventLog(inner, async () => {
      reopened++;
      return inner;
    });
    let appended = false;
    let pending: Promise<unknown> = Promise.resolve();
    await log.maintain(async () => {
      // an append made while the files change waits until they are done and the log is open again
      pending = log.append([{ id: 'a', day: '2026-12-01' }], 1).then(() => (appended = true));
      await new Promise((r) => setTimeout(r, 20));
      expect([appended, reopened]).toEqual([false, 0]);
    });
    await pending;
    expect([appended, reopened]).toEqual([true, 1]);
    expect((await log.read('2026-12-01')).map((e) => e.id)).toEqual(['a']);
  });
});

describe('the purge on a real hub (its clock pinned)', () => {
  let hub: RunningHub;
  let admin: string;
  const at = recentSchoolAfternoon();
  let status: PrivacyStatus;
  let seededDays: string[];

  beforeAll(async () => {
    hub = await startHub({ clockAt: at });
    admin = await adminToken(hub);
    status = (await req<PrivacyStatus>(hub, 'GET', '/api/admin/privacy', { token: admin })).body;
    seededDays = dayFiles(hub.dataDir)
      .filter((f) => f.endsWith('.ndjson'))
      .map((f) => f.slice(0, 10));
    await hub.stop();
    // Records older than the retention, written as an older hub would have left them.
    const sample = readFileSync(path.join(hub.dataDir, 'events', `${seededDays[0]}.ndjson`));
    for (const day of [addDays(status.keepFrom, -1), addDays(status.keepFrom, -400), status.keepFrom]) {
      writeFileSync(path.join(hub.dataDir, 'events', `${day}.ndjson`), sample);
    }
    writeFileSync(path.join(hub.dataDir, 'events', `${addDays(status.keepFrom, -3)}.ndjson.torn-1`), '{"id":');
    hub = await startHub({ dataDir: hub.dataDir, clockAt: at });
    admin = await adminToken(hub);
    for (let i = 0; i < 100 && !/"msg":"retention purge"/.test(hub.output()); i++)
      await new Promise((r) => setTimeout(r, 100));
  }, 120_000);
  afterAll(async () => {
    await hub?.stop();
  });

  it('keeps two school years by default and says so', () => {
    expect(status.retentionSchoolYears).toBe(2);
    expect(status.keepFrom).toBe(retentionStart(status.today, 2));
    expect(status.oldestDay! >= status.keepFrom).toBe(true);
  });

  it('at start, deletes the day files before the retention and keeps every other, and logs what it did', async () => {
    const files = dayFiles(hub.dataDir);
    expect(files.filter((f) => f.slice(0, 10) < status.keepFrom)).toEqual([]);
    expect(files).toContain(`${status.keepFrom}.ndjson`);
    for (const d of seededDays) expect(files).toContain(`${d}.ndjson`);
    const purge = hub
      .output()
      .split('\n')
      .filter((l) => l.includes('"msg":"retention purge"'))
      .map((l) => JSON.parse(l) as { days: number; keepFrom: string; from: string; to: string });
    expect(purge[0]).toMatchObject({
      days: 2,
      keepFrom: status.keepFrom,
      from: addDays(status.keepFrom, -400),
      to: addDays(status.keepFrom, -1),
    });
    const s = (await req<PrivacyStatus>(hub, 'GET', '/api/admin/privacy', { token: admin })).body;
    expect(s.lastPurge).toMatchObject({ deletedDays: 2, busy: 0 });
    expect(existsSync(path.join(hub.dataDir, AUDIT_FILE))).toBe(true);
  });

  it('reports and fee statements still read the days inside retention', async () => {
    const roster = (await req<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: admin })).body.roster;
    const group = roster.groups[0]!.id;
    const day = seededDays.at(-1)!;
    const daily = await req<{ rows: { arrival: string }[] }>(
      hub,
      'GET',
      `/api/admin/reports/daily?date=${day}&group=${group}`,
      { token: admin },
    );
    expect(daily.status).toBe(200);
    expect(daily.body.rows.some((r) => r.arrival !== '')).toBe(true);
    const fees = await req<{ days: number }>(hub, 'GET', `/api/admin/reports/fees?from=${seededDays[0]}&to=${day}`, {
      token: admin,
    });
    expect(fees.status).toBe(200);
    expect(fees.body.days).toBeGreaterThan(0);
  });

  it('a retention setting out of range is refused in Chinese and English, and nothing changes', async () => {
    const roster = (await req<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: admin })).body.roster;
    const before = storedState(hub);
    for (const bad of [0, 11, 'two', null]) {
      const r = await req<{ problem: { zh: string; detail?: string } }>(hub, 'PUT', '/api/admin/roster/settings', {
        token: admin,
        body: { value: { ...roster.settings, retentionSchoolYears: bad } },
      });
      expect(r.status, String(bad)).toBe(400);
      expect(r.body.problem.zh).toBe('内容不正确，未保存');
      expect(r.body.problem.detail).toContain('retentionSchoolYears');
    }
    expect(storedState(hub)).toEqual(before);
    const ok = await req(hub, 'PUT', '/api/admin/roster/settings', {
      token: admin,
      body: { value: { ...roster.settings, retentionSchoolYears: 3 } },
    });
    expect(ok.status).toBe(200);
    const s = (await req<PrivacyStatus>(hub, 'GET', '/api/admin/privacy', { token: admin })).body;
    expect([s.retentionSchoolYears, s.keepFrom]).toEqual([3, retentionStart(s.today, 3)]);
  });
});
