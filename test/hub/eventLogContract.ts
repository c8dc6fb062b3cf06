/**
 * One suite for every implementation of the event log (the idea of tldraw's storageContractSuite): memory
 * and file must agree on numbering, duplicates and order, or the kiosk and the hub would disagree.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EventLog } from '../../hub/store/eventLog';

export interface TestEvent {
  id: string;
  day: string;
  n: number;
}

export interface LogHarness {
  log: EventLog<TestEvent>;
  /** closes and opens the same storage again (file implementations) */
  reopen?: () => Promise<EventLog<TestEvent>>;
  cleanup: () => Promise<void>;
}

const D1 = '2026-11-24';
const D2 = '2026-11-25';
const e = (id: string, n = 0, day = D1): TestEvent => ({ id, day, n });

/** `durable`: the implementation keeps its events across a close and reopen, and the suite checks that it does. */
export function eventLogContractSuite(name: string, make: () => Promise<LogHarness>, opts: { durable: boolean }) {
  describe(`CU18 event log contract: ${name}`, () => {
    let h: LogHarness;
    afterEach(async () => {
      await h?.cleanup();
    });

    it('CU18 stores new events with gap-free seq and answers a repeat as duplicate with the first seq', async () => {
      h = await make();
      expect(await h.log.append([e('a'), e('b')], 100)).toEqual([
        { status: 'stored', seq: 1, hubTime: 100 },
        { status: 'stored', seq: 2, hubTime: 100 },
      ]);
      expect(await h.log.append([e('b'), e('c')], 200)).toEqual([
        { status: 'duplicate', seq: 2, hubTime: 100 },
        { status: 'stored', seq: 3, hubTime: 200 },
      ]);
      expect((await h.log.read(D1)).map((x) => [x.id, x.seq, x.hubTime])).toEqual([
        ['a', 1, 100],
        ['b', 2, 100],
        ['c', 3, 200],
      ]);
    });

    it('CU18 an id repeated within one call is a duplicate of the first', async () => {
      h = await make();
      expect(await h.log.append([e('x', 1), e('x', 2)], 5)).toEqual([
        { status: 'stored', seq: 1, hubTime: 5 },
        { status: 'duplicate', seq: 1, hubTime: 5 },
      ]);
      expect((await h.log.read(D1)).map((x) => x.n)).toEqual([1]);
    });

    it('CU18 days are numbered independently and read since a seq', async () => {
      h = await make();
      await h.log.append([e('a'), e('b', 0, D2), e('c'), e('d', 0, D2)], 1);
      expect(await h.log.lastSeq(D1)).toBe(2);
      expect(await h.log.lastSeq(D2)).toBe(2);
      expect((await h.log.read(D2, 1)).map((x) => x.id)).toEqual(['d']);
      expect(await h.log.days()).toEqual([D1, D2]);
      expect(await h.log.read('2026-01-01')).toEqual([]);
    });

    it('CU18 concurrent appends all resolve with distinct seqs and nothing is lost', async () => {
      h = await make();
      const calls = Array.from({ length: 200 }, (_, i) =>
        h.log.append(
          Array.from({ length: 5 }, (_, j) => e(`e${i}-${j}`, i * 5 + j)),
          i,
        ),
      );
      const outcomes = (await Promise.all(calls)).flat();
      expect(outcomes.every((o) => o.status === 'stored')).toBe(true);
      expect(outcomes.map((o) => o.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
      const stored = await h.log.read(D1);
      expect(stored.map((x) => x.seq)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
      expect(new Set(stored.map((x) => x.id)).size).toBe(1000);
    });

    it('CU18 refuses a day that is not YYYY-MM-DD (no paths from the outside)', async () => {
      h = await make();
      await expect(h.log.append([e('a', 0, '../../etc/passwd')], 1)).rejects.toThrow(/day/);
      await expect(h.log.read('../x')).rejects.toThrow(/day/);
    });

    if (opts.durable)
      it('CU18 everything survives a reopen, and duplicates are still recognised', async () => {
        h = await make();
        const reopen = h.reopen;
        if (!reopen) throw new Error(`${name} is declared durable but its harness cannot reopen it`);
        await h.log.append([e('a'), e('b'), e('c', 0, D2)], 7);
        const log = await reopen();
        expect((await log.read(D1)).map((x) => x.id)).toEqual(['a', 'b']);
        expect(await log.append([e('b'), e('z')], 8)).toEqual([
          { status: 'duplicate', seq: 2, hubTime: 7 },
          { status: 'stored', seq: 3, hubTime: 8 },
        ]);
        expect(await log.lastSeq(D2)).toBe(1);
      });
  });
}
