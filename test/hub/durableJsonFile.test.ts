import { Low } from 'lowdb';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DurableJsonFile } from '../../hub/store/durableJsonFile';

const file = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'relay-json-')), 'school.json');

describe('lowdb with a durable adapter (roster, settings, devices)', () => {
  it('writes real files even under vitest (NODE_ENV=test), and reads them back', async () => {
    const f = file();
    const db = new Low(new DurableJsonFile<{ n: number }>(f), { n: 0 });
    await db.read();
    db.data.n = 42;
    await db.write();
    expect(JSON.parse(readFileSync(f, 'utf8'))).toEqual({ n: 42 });
    const again = new Low(new DurableJsonFile<{ n: number }>(f), { n: 0 });
    await again.read();
    expect(again.data).toEqual({ n: 42 });
  });

  it('a temp file left by a crash is removed and reported; the last good file stands', async () => {
    const f = file();
    writeFileSync(f, '{"n":1}');
    writeFileSync(`${f}.tmp`, '{"n":2');
    const adapter = new DurableJsonFile<{ n: number }>(f);
    expect(await adapter.read()).toEqual({ n: 1 });
    expect(existsSync(`${f}.tmp`)).toBe(false);
    expect(adapter.recoveries).toEqual([expect.stringMatching(/interrupted write/)]);
  });

  it('a corrupt file is refused with a clear message and left untouched', async () => {
    const f = file();
    writeFileSync(f, '{"students": [');
    await expect(new DurableJsonFile(f).read()).rejects.toThrow(/not valid JSON.*school\.json/);
    expect(readFileSync(f, 'utf8')).toBe('{"students": [');
  });

  it('concurrent writes never interleave: the last one wins', async () => {
    const f = file();
    const adapter = new DurableJsonFile<{ n: number }>(f);
    await Promise.all(Array.from({ length: 20 }, (_, i) => adapter.write({ n: i })));
    expect(JSON.parse(readFileSync(f, 'utf8'))).toEqual({ n: 19 });
    expect(existsSync(`${f}.tmp`)).toBe(false);
  });
});
