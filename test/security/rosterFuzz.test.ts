/**
 * Bad roster files: random bytes named .csv or .xlsx, zip files that are not workbooks, tables with hostile
 * cells, sheets far too big, and random edits of roster sections. Each is refused (or previewed with every bad
 * row named) and the roster the hub serves does not change.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planImport } from '../../core/rosterImport';
import { RosterSchema } from '../../core/roster';
import { makeDemoSchool } from '../../hub/demo/demoSchool';
import { pinyinInitials } from '../../hub/roster/initials';
import { readTable, TableError } from '../../hub/roster/readTable';
import type { RunningHub } from '../hub/hubProcess';
import { startDemoHub } from '../hub/hubProcess';
import { HOSTILE_STRINGS, randomJson } from './hostile';
import { expectCleanLog, expectProblem, req, storedState } from './hubState';
import { seeded } from './seeded';

const rng = seeded('roster fuzz');
const bytes = (n: number) => Uint8Array.from({ length: n }, () => rng.int(256));
const HEADER = [
  '学号',
  '姓名',
  '年级',
  '班级',
  '课后服务班',
  '接送方式',
  '校车',
  '批次',
  '监护人',
  '关系',
  '电话',
  '重点关注',
  '减免',
];

function randomCell(): string {
  switch (rng.int(8)) {
    case 0:
    case 1:
      return rng.pick(HOSTILE_STRINGS);
    case 2:
      return String(rng.int(100_000_000));
    case 3:
      return rng.pick([
        '一年级',
        '三年级',
        '十三年级',
        '0',
        '1班',
        '(2)班',
        '31班',
        '家长接送',
        '校车',
        '自行回家',
        '是',
        '留守',
        '一年级1班（本班看护）',
        '第10批',
      ]);
    case 4:
      return '';
    default: {
      let s = '';
      for (let i = rng.int(20); i > 0; i--) s += String.fromCharCode(rng.int(0xffff));
      return s;
    }
  }
}

function randomTable(): string[][] {
  const rows: string[][] = [];
  for (let i = rng.int(4); i > 0; i--) rows.push(Array.from({ length: rng.int(6) }, randomCell));
  if (rng.chance(0.8))
    rows.push(
      rng.chance(0.5)
        ? [...HEADER]
        : HEADER.filter(() => rng.chance(0.7)).map((h) => (rng.chance(0.1) ? ` ${h}：` : h)),
    );
  for (let i = rng.int(30); i > 0; i--) rows.push(Array.from({ length: rng.int(16) }, randomCell));
  return rows;
}

describe('roster files, read and planned in memory', () => {
  const roster = makeDemoSchool({ randomBytes: bytes });
  const opts = { randomBytes: bytes, initials: pinyinInitials, now: 1 };

  it('2 000 random tables: never a crash; either every bad row is named (and nothing changes) or the new roster is valid', () => {
    for (let i = 0; i < 2000; i++) {
      const table = randomTable();
      const label = `table ${i} (seed ${rng.seed})`;
      const plan = planImport(roster, table, opts);
      if (plan.errors.length) {
        expect(plan.roster, label).toBe(roster);
        for (const e of plan.errors) {
          expect(typeof e.row === 'number' && e.reason.zh.length > 0 && e.reason.en.length > 0, label).toBe(true);
        }
      } else {
        expect(RosterSchema.safeParse(plan.roster).success, label).toBe(true);
        // whatever a name holds, it is kept as the text it was, never interpreted
        for (const s of plan.added)
          expect(
            table.some((r) =>
              r.some(
                (c) =>
                  c.includes(s.name.slice(0, 3)) ||
                  c.replace(/\s/g, '').includes(s.name.replace(/\s/g, '').slice(0, 3)),
              ),
            ),
            label,
          ).toBe(true);
      }
    }
  });

  it('random bytes as .csv, .xlsx or a zip are read or refused with a reason, never anything else', async () => {
    for (let i = 0; i < 300; i++) {
      const kind = rng.int(3);
      const data = kind === 2 ? Uint8Array.from([0x50, 0x4b, 3, 4, ...bytes(rng.int(4000))]) : bytes(rng.int(4000));
      const name =
        kind === 0
          ? 'roster.csv'
          : kind === 1
            ? 'roster.xlsx'
            : rng.pick(['roster.csv', 'x', '../../etc/passwd', 'a.xls']);
      try {
        const table = await readTable(name, data);
        expect(
          Array.isArray(table) && table.every((r) => Array.isArray(r) && r.every((c) => typeof c === 'string')),
          `${name} (seed ${rng.seed})`,
        ).toBe(true);
      } catch (err) {
        expect(err, `${name} (seed ${rng.seed})`).toBeInstanceOf(TableError);
        expect((err as TableError).zh.length).toBeGreaterThan(0);
      }
    }
  });
});

describe('roster import at the hub', () => {
  let hub: RunningHub;
  let admin: string;
  let before: Record<string, string>;
  beforeAll(async () => {
    ({ hub, admin } = await startDemoHub());
    before = storedState(hub);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const preview = (file: string, body: Buffer) =>
    req<{ previewId?: string; counts?: { errors: number }; problem?: unknown }>(
      hub,
      'POST',
      `/api/admin/roster/preview?file=${encodeURIComponent(file)}`,
      { token: admin, rawBody: body, headers: { 'content-type': 'application/octet-stream' } },
    );
  const version = async () =>
    (await req<{ version: number }>(hub, 'GET', '/api/roster', { token: admin })).body.version;

  it('hostile files are refused or previewed with their errors, and applying them imports nothing', async () => {
    const v0 = await version();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('花名册');
    ws.addRow(HEADER);
    for (let i = 0; i < 50; i++) ws.addRow(HEADER.map(() => randomCell()));
    ws.addRow(['20260001', { formula: 'HYPERLINK("http://evil.example","x")' }, '一年级', '1班']);
    const files: [string, Buffer][] = [
      ['roster.xlsx', Buffer.from(bytes(5000))],
      ['roster.xlsx', Buffer.from([0x50, 0x4b, 3, 4, ...bytes(2000)])],
      ['roster.csv', Buffer.from(bytes(20_000))],
      ['../../../../etc/passwd', Buffer.from('学号,姓名\n1,<script>alert(1)</script>\n')],
      ['<img src=x onerror=alert(1)>.csv', Buffer.from('a,b\n')],
      ['roster.xls', Buffer.from(bytes(100))],
      ['hostile.xlsx', Buffer.from(await wb.xlsx.writeBuffer())],
      [
        'many-columns.csv',
        Buffer.from(`${HEADER.join(',')}\n${Array.from({ length: 1000 }, () => 'x,'.repeat(2000)).join('\n')}`),
      ],
      ['quotes.csv', Buffer.from('"'.repeat(100_000))],
      ['nul.csv', Buffer.alloc(50_000)],
    ];
    for (const [name, body] of files) {
      const r = await preview(name, body);
      if (r.status === 200) {
        expect(r.body.counts!.errors, name).toBeGreaterThan(0);
        const apply = await req<{ problem: unknown }>(hub, 'POST', '/api/admin/roster/apply', {
          token: admin,
          body: { previewId: r.body.previewId },
        });
        expect(apply.status, name).toBe(400);
        expectProblem(apply.body.problem, name);
      } else {
        expect(r.status, name).toBe(400);
        expectProblem(r.body.problem, name);
      }
    }
    expect((await preview('big.csv', Buffer.alloc(5_100_000, 0x41))).status).toBe(413);
    expect((await preview('empty.csv', Buffer.alloc(0))).status).toBe(400);
    for (const previewId of ['', 'x', '00000000-0000-4000-8000-000000000000', '../../school.json', 12, null]) {
      const r = await req<{ problem: unknown }>(hub, 'POST', '/api/admin/roster/apply', {
        token: admin,
        body: { previewId },
      });
      expect([400, 404], String(previewId)).toContain(r.status);
      expectProblem(r.body.problem, String(previewId));
    }
    expect(await version()).toBe(v0);
    expect(storedState(hub)).toEqual(before);
  });

  it('a sheet of 30 000 rows just under the size limit is previewed in reasonable time and changes nothing', async () => {
    const rows = Array.from(
      { length: 30_000 },
      (_, i) =>
        `${30000000 + i},${
          rng
            .pick(HOSTILE_STRINGS)
            .slice(0, 20)
            .replace(/[,\n\r"]/g, '') || '某某'
        },一年级,1班,,家长接送,,1,家长,父亲,13800000000`,
    );
    const body = Buffer.from(`${HEADER.slice(0, 11).join(',')}\n${rows.join('\n')}`);
    expect(body.length).toBeLessThan(5_000_000);
    const started = Date.now();
    const r = await preview('big.csv', body);
    expect(r.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(storedState(hub)).toEqual(before);
  });

  it('300 random edits of roster sections are refused with the reason and change nothing', async () => {
    const v0 = await version();
    const sections = [
      'rooms',
      'groups',
      'clubs',
      'calendar',
      'settings',
      'rotas',
      'staff',
      'classes',
      'students',
      'guardians',
      'school',
      '__proto__',
      'constructor',
      '..%2f..%2fschool',
    ];
    let refused = 0;
    for (let i = 0; i < 300; i++) {
      const section = rng.pick(sections);
      const value = randomJson(rng, 3);
      // a real edit, not bad input: an empty list (of clubs, say)
      if (Array.isArray(value) && value.length === 0) continue;
      const r = await req<{ problem: unknown }>(hub, 'PUT', `/api/admin/roster/${section}`, {
        token: admin,
        body: rng.chance(0.9) ? { value } : value,
      });
      expect([400, 404], `${section} ${JSON.stringify(value).slice(0, 80)} (seed ${rng.seed})`).toContain(r.status);
      expectProblem(r.body.problem, section);
      refused++;
    }
    expect(refused).toBeGreaterThan(250);
    // found by this fuzz: a body without `value` used to reset the section to its default (no clubs, default settings)
    // and settings or a rota sent in part, or with a stray field, fell back to defaults (an empty rota)
    const { roster } = (await req<{ roster: Record<string, object> }>(hub, 'GET', '/api/roster', { token: admin }))
      .body;
    for (const section of ['settings', 'rotas', 'calendar']) {
      for (const value of [{}, { care: [] }, { ...roster[section], stray: 1 }])
        expect(
          (await req(hub, 'PUT', `/api/admin/roster/${section}`, { token: admin, body: { value } })).status,
          `${section} ${JSON.stringify(value).slice(0, 80)}`,
        ).toBe(400);
    }
    for (const section of ['clubs', 'settings', 'rotas', 'calendar']) {
      for (const body of [{}, [], { values: [] }, { value: null }])
        expect(
          (await req(hub, 'PUT', `/api/admin/roster/${section}`, { token: admin, body })).status,
          `${section} ${JSON.stringify(body)}`,
        ).toBe(400);
    }
    expect(await version()).toBe(v0);
    expect(storedState(hub)).toEqual(before);
    expectCleanLog(hub, [admin]);
  });
});
