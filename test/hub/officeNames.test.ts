/**
 * Names, not ids (issue #17 C): `npm run cards` takes a class or group by the name the office shows (an id still
 * works) and lists the names when none matches; the office's card PDF is named for what it holds, in RFC 5987's
 * filename*; the rota's swaps read as the day, the duty and the group in words.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachment, findNamed } from '../../cards/cardScope';
import type { Roster } from '../../core/roster';
import { swapWords } from '../../office/RotaTab';
import { recentSchoolAfternoon } from '../fakeClock';
import type { RunningHub } from './hubProcess';
import { request, startDemoHub } from './hubProcess';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);

let hub: RunningHub;
let admin: string;
let roster: Roster;

beforeAll(async () => {
  ({ hub, admin, roster } = await startDemoHub({ clockAt: recentSchoolAfternoon() }));
}, 90_000);
afterAll(async () => {
  await hub?.stop();
});

/** `npm run cards -- …` against the running hub's data folder: exit code, what it printed, the PDF's first bytes. */
async function cards(...args: string[]): Promise<{ code: number; out: string; pdf: string }> {
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'relay-cards-')), 'cards.pdf');
  const argv = ['--import', 'tsx', path.join(ROOT, 'scripts/cards.ts'), '--out', out, ...args, '--data', hub.dataDir];
  try {
    const r = await run(process.execPath, argv, { cwd: ROOT, encoding: 'utf8' });
    return { code: 0, out: r.stdout + r.stderr, pdf: readFileSync(out).subarray(0, 5).toString() };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr, pdf: '' };
  }
}

const inClass = (id: string) => roster.students.filter((s) => s.classId === id && s.cardId).length;
const inGroup = (id: string) => roster.students.filter((s) => s.groupId === id && s.cardId).length;

describe('npm run cards takes the names the office shows', () => {
  it('a class and a group by name, full-width digits and all, or by id as before', async () => {
    const byName = await cards('--class', '一年级２班');
    expect(byName).toMatchObject({ code: 0, pdf: '%PDF-' });
    expect(byName.out).toContain(`一年级2班：${inClass('c1-2')} 张卡`);
    const wide = await cards('--group', '三年级 混合班');
    expect(wide.out).toContain(`三年级混合班：${inGroup('g3-mixed')} 张卡`);
    const byId = await cards('--class', 'c1-2');
    expect(byId.out).toContain(`一年级2班：${inClass('c1-2')} 张卡`);
  }, 120_000);

  it('when no class or group matches, it says so and lists the names there are, printing nothing', async () => {
    const none = await cards('--class', '五年级9班');
    expect(none.code).toBe(1);
    expect(none.out).toContain('没有这个班级');
    for (const c of roster.classes) expect(none.out).toContain(c.name);
    const group = await cards('--group', 'g-nothing');
    expect(group.code).toBe(1);
    for (const g of roster.groups) expect(group.out).toContain(g.name);
  }, 120_000);

  it('a name inside one group name finds it; one inside several lists those', () => {
    expect(findNamed(roster.groups, '三年级1班')).toEqual({ ok: true, id: 'g3-whole', name: '三年级1班（本班看护）' });
    expect(findNamed(roster.groups, '三年级１班(本班看护)')).toMatchObject({ ok: true, id: 'g3-whole' });
    expect(findNamed(roster.groups, '混合班')).toEqual({ ok: false, candidates: ['一年级混合班', '三年级混合班'] });
  });
});

describe("the office's card PDF is named for what it holds", () => {
  async function nameOf(query: string): Promise<{ header: string; name: string }> {
    const r = await request(hub, 'GET', `/api/admin/cards.pdf${query}`, { token: admin });
    expect(r.status).toBe(200);
    const header = String(r.headers['content-disposition']);
    const m = /filename\*=UTF-8''([^;]+)/.exec(header);
    return { header, name: m ? decodeURIComponent(m[1]!) : '' };
  }

  it("a class, a group's pickup cards, the whole school: Content-Disposition with filename* (RFC 5987) and an ASCII filename", async () => {
    const cls = await nameOf('?class=c1-1');
    expect(cls.name).toBe('接力卡片-一年级1班.pdf');
    expect(cls.header).toMatch(/^attachment; filename="relay-cards-c1-1\.pdf"; filename\*=UTF-8''%E6%8E%A5/);
    expect((await nameOf('?group=g3-whole&guardians=1')).name).toBe('接力卡片-三年级1班（本班看护）-接送卡.pdf');
    expect((await nameOf('')).name).toBe('接力卡片-全校.pdf');
    const one = roster.students.find((s) => s.cardId)!;
    expect((await nameOf(`?students=${one.id}`)).name).toBe(`接力卡片-${one.name}.pdf`);
  });

  it('filename* encodes what RFC 5987 does not allow bare, and a class that does not exist is 404', async () => {
    expect(attachment("a (b)'*.pdf", 'a.pdf')).toBe(
      `attachment; filename="a.pdf"; filename*=UTF-8''a%20%28b%29%27%2A.pdf`,
    );
    const r = await request(hub, 'GET', '/api/admin/cards.pdf?class=c9-9', { token: admin });
    expect(r.status).toBe(404);
  });
});

describe("the rota's swaps in words", () => {
  it('the day, the duty and the group by name, who stands in for whom, and why', () => {
    const [a, b] = roster.staff;
    const care = {
      day: '2026-12-01',
      duty: 'care',
      groupId: 'g3-whole',
      replaces: a!.id,
      staffId: b!.id,
      note: '病假',
    };
    expect(swapWords(roster, care as never)).toBe(
      `2026-12-01 看护 三年级1班（本班看护）：${a!.name} → ${b!.name}（病假）`,
    );
    const gate = { day: '2026-12-02', duty: 'gate', replaces: a!.id, staffId: b!.id, note: '' };
    expect(swapWords(roster, gate as never)).toBe(`2026-12-02 校门：${a!.name} → ${b!.name}`);
    expect(swapWords(roster, { ...care, groupId: 'g-gone', staffId: 'nobody' } as never)).toBe(
      `2026-12-01 看护 已删除的班 g-gone：${a!.name} → 已删除 nobody（病假）`,
    );
  });
});
