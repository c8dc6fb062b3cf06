/**
 * Importing a roster through the hub (preview, then apply all or nothing) and from the command line, which
 * refuses to write while the hub runs: never two writers on one file.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import type { Roster } from '../../core/roster';
import type { RunningHub } from './hubProcess';
import { connectedSocket, request, startDemoHub } from './hubProcess';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);
async function cli(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/roster.ts'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

function fullRosterCsv(roster: Roster, extra: string[]): string {
  const lines = ['学号,姓名,年级,班级,课后服务班,接送方式,校车,批次'];
  for (const s of roster.students) {
    const group = roster.groups.find((g) => g.id === s.groupId)?.name ?? '';
    const pickup = s.pickup.kind === 'bus' ? '校车' : s.pickup.kind === 'walks_alone' ? '自行回家' : '家长接送';
    lines.push(
      [
        s.studentNo,
        s.name,
        s.grade,
        `${s.classId.split('-')[1]}班`,
        group,
        pickup,
        s.pickup.kind === 'bus' ? s.pickup.bus : '',
        s.pickupWave,
      ].join(','),
    );
  }
  return [...lines, ...extra].join('\r\n');
}

describe('roster import', () => {
  let hub: RunningHub | undefined;
  afterAll(async () => {
    await hub?.stop();
  });

  it('previews, refuses a bad file without changing anything, applies a good one, and tells the kiosks', async () => {
    const started = await startDemoHub();
    hub = started.hub;
    const { admin, roster } = started;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-roster-'));
    const good = path.join(dir, '花名册.csv');
    writeFileSync(
      good,
      iconv.encode(fullRosterCsv(roster, ['20269001,新同学,一年级,1班,一年级1班（本班看护）,家长接送,,1']), 'gbk'),
    );
    const bad = iconv.encode(fullRosterCsv(roster, ['20269002,坏行,十五年级,1班,,家长接送,,1']), 'gbk');

    // The command line previews while the hub runs, but will not write.
    const dry = await cli(['import', good, '--dry-run', '--data', hub.dataDir]);
    expect(dry.code, dry.out).toBe(0);
    expect(dry.out).toMatch(/新增 added 1 · 变更 changed 0 · 移除 removed 0/);
    const refused = await cli(['import', good, '--data', hub.dataDir]);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/接力服务正在运行/);

    const preview = async (bytes: Uint8Array, file: string) =>
      request<{ previewId: string; counts: Record<string, number>; errors: { row: number; reason: { zh: string } }[] }>(
        hub!,
        'POST',
        `/api/admin/roster/preview?file=${encodeURIComponent(file)}`,
        {
          token: admin,
          rawBody: Buffer.from(bytes),
          headers: { 'content-type': 'application/octet-stream' },
        },
      );
    const badPreview = await preview(bad, 'bad.csv');
    expect(badPreview.body.counts.errors).toBe(1);
    expect(badPreview.body.errors[0]).toMatchObject({
      row: roster.students.length + 2,
      reason: { zh: expect.stringContaining('年级') },
    });
    const badApply = await request(hub, 'POST', '/api/admin/roster/apply', {
      token: admin,
      body: { previewId: badPreview.body.previewId },
    });
    expect(badApply.status).toBe(400);

    const tablet = await connectedSocket(hub, admin);
    const changed = new Promise<{ version: number }>((resolve) => tablet.on('rosterChanged', resolve));
    const goodPreview = await preview(
      iconv.encode(fullRosterCsv(roster, ['20269001,新同学,一年级,1班,一年级1班（本班看护）,家长接送,,1']), 'gbk'),
      'good.csv',
    );
    expect(goodPreview.body.counts).toMatchObject({ added: 1, changed: 0, removed: 0, errors: 0 });
    const applied = await request<{ ok: boolean; version: number }>(hub, 'POST', '/api/admin/roster/apply', {
      token: admin,
      body: { previewId: goodPreview.body.previewId },
    });
    expect(applied.status).toBe(200);
    expect((await changed).version).toBe(applied.body.version);
    tablet.close();
    const after = (await request<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: admin })).body.roster;
    expect(after.students.find((s) => s.studentNo === '20269001')).toMatchObject({
      name: '新同学',
      initials: 'xtx',
      groupId: 'g1-whole',
    });
    expect(after.students).toHaveLength(roster.students.length + 1);

    // Printing only reads, so it works while the hub runs.
    const pdf = path.join(dir, 'cards.pdf');
    const printed = await run(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'scripts/cards.ts'), '--out', pdf, '--class', 'c1-1', '--data', hub.dataDir],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(printed.stdout).toMatch(/41 张卡/);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');

    // With the hub stopped, the command line may write.
    await hub.stop();
    writeFileSync(
      good,
      iconv.encode(fullRosterCsv(after, ['20269003,又一个,三年级,2班,三年级混合班,家长接送,,1']), 'gbk'),
    );
    const offline = await cli(['import', good, '--data', hub.dataDir]);
    expect(offline.code, offline.out).toBe(0);
    expect(offline.out).toMatch(/已导入/);
    hub = undefined;
  }, 180_000); // a hub and five command-line runs (each starts tsx) on a busy two-core machine
});
