/**
 * Issue #18: the hub's log kept on disk, one file per school day in the school's time zone, the last 30 kept, so a
 * hub started by Task Scheduler (no console) or a console closed since still says what happened.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dailyLogFiles } from '../../hub/logFiles';

describe('the log files', () => {
  it('writes each line to the day it was logged on, Shanghai time, and keeps the last days only', async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'relay-logs-')), 'logs');
    // 23:59:30 and 00:00:30 in Shanghai: two school days, though the same UTC day.
    let t = Date.parse('2026-11-24T15:59:30Z');
    const logs = dailyLogFiles(dir, { clock: () => t, keep: 2 });
    logs.write('{"msg":"late"}');
    t = Date.parse('2026-11-24T16:00:30Z');
    logs.write('{"msg":"after midnight"}');
    await logs.close();
    expect(readFileSync(path.join(dir, 'hub-2026-11-24.log'), 'utf8')).toBe('{"msg":"late"}\n');
    expect(readFileSync(path.join(dir, 'hub-2026-11-25.log'), 'utf8')).toBe('{"msg":"after midnight"}\n');

    // Older days beyond `keep` go when a new day's file opens; other files in the folder are left alone.
    writeFileSync(path.join(dir, 'hub-2026-11-01.log'), 'old\n');
    writeFileSync(path.join(dir, 'notes.txt'), 'mine\n');
    t = Date.parse('2026-11-26T01:00:00Z');
    const next = dailyLogFiles(dir, { clock: () => t, keep: 2 });
    next.write('{"msg":"next day"}');
    await next.close();
    expect(readdirSync(dir).sort()).toEqual(['hub-2026-11-25.log', 'hub-2026-11-26.log', 'notes.txt']);
  });
});
