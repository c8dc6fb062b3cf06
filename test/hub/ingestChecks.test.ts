/**
 * The hub's ingest (hub/ingest.ts) called directly, with the roster in memory and the memory event log: what it
 * stores, what it refuses and why, and what it tells the live feed and the log. The same code runs behind HTTP
 * and socket.io (hub.integration.test.ts drives it through a real hub process); here each rule is one call.
 */
import { describe, expect, it } from 'vitest';
import type { CustodyEvent } from '../../core/events';
import { MAX_BATCH_EVENTS } from '../../core/protocol';
import type { Actor } from '../../hub/ingest';
import { ingest, leaderDeviceId, OFFICE_DEVICE_ID } from '../../hub/ingest';
import { RosterStore } from '../../hub/rosterStore';
import { createMemoryEventLog } from '../../hub/store/eventLog';
import { at, card, DAY, ev, manual, nextId, tinyRoster } from '../core/fixtures';

const kiosk: Actor = { kind: 'device', deviceId: 'k1' };
const src = (n: number) => ({ kind: 'card', cardId: card('student', n) }) as const;

/** A hub at 16:00 on DAY (pinned, never the wall clock), recording what it tells the feed and the log. */
async function hubAt(now = at('16:00')) {
  const rosters = await RosterStore.open(null, () => tinyRoster());
  const log = createMemoryEventLog<CustodyEvent>();
  const stored: { day: string; events: (CustodyEvent & { seq: number; hubTime: number })[] }[] = [];
  const refused: { actor: Actor; counts: Record<string, number> }[] = [];
  // The kiosk k1's teachers proved their PINs on it (CU21; which days a grant covers: accessStore.test.ts).
  const granted = new Set(['t1', 't2', 'care1', 'gate1', 'gone'].map((s) => `k1 ${s}`));
  const deps = {
    rosters,
    log,
    clock: () => now,
    isGranted: (deviceId: string, staffId: string) => granted.has(`${deviceId} ${staffId}`),
    onStored: (day: string, events: (CustodyEvent & { seq: number; hubTime: number })[]) => {
      stored.push({ day, events });
    },
    onRefused: (actor: Actor, counts: Record<string, number>) => {
      refused.push({ actor, counts });
    },
  };
  return { deps, log, stored, refused, granted, submit: (actor: Actor, raw: unknown) => ingest(deps, actor, raw) };
}

const checkIn = (studentId = 'a', n = 1, envelope: Parameters<typeof ev>[3] = {}) =>
  ev('checked_in', '15:31', { studentId, source: src(n), groupId: 'g1' }, envelope);

describe('CU17 CU18 ingest stores, answers and tells the feed', () => {
  it('CU18 stores a valid batch in order, answers each event with its sequence number and the hub time, and tells the feed once per day', async () => {
    const hub = await hubAt();
    const [a, b] = [checkIn('a', 1), checkIn('b', 2)];
    const r = await hub.submit(kiosk, [a, b]);
    expect(r).toEqual({
      hubTime: at('16:00'),
      results: [
        { id: a.id, status: 'stored', seq: 1, hubTime: at('16:00') },
        { id: b.id, status: 'stored', seq: 2, hubTime: at('16:00') },
      ],
    });
    expect(hub.stored).toEqual([
      {
        day: DAY,
        events: [
          { ...a, seq: 1, hubTime: at('16:00') },
          { ...b, seq: 2, hubTime: at('16:00') },
        ],
      },
    ]);
    expect((await hub.log.read(DAY)).map((e) => e.id)).toEqual([a.id, b.id]);
    expect(hub.refused).toEqual([]);
  });

  it('CU18 a repeat is answered duplicate with the original sequence number and is not broadcast again', async () => {
    const hub = await hubAt();
    const a = checkIn();
    await hub.submit(kiosk, [a]);
    const r = await hub.submit(kiosk, [a]);
    expect(r.results).toEqual([{ id: a.id, status: 'duplicate', seq: 1, hubTime: at('16:00') }]);
    expect(hub.stored).toHaveLength(1);
    expect(hub.refused).toEqual([]);
  });

  it("CU18 leave for a later day is stored in that day's log and broadcast under that day", async () => {
    const hub = await hubAt();
    const today = checkIn();
    const ahead = ev('leave_recorded', '08:00', { studentId: 'b', reason: 'sick', note: '' }, { day: '2026-11-27' });
    await hub.submit(kiosk, [today, ahead]);
    expect(hub.stored.map((s) => [s.day, s.events.map((e) => e.id)])).toEqual([
      [DAY, [today.id]],
      ['2026-11-27', [ahead.id]],
    ]);
    expect((await hub.log.read('2026-11-27')).map((e) => e.seq)).toEqual([1]);
  });

  it('CU17 refusals keep their place among stored answers; the log hears how many of each reason', async () => {
    const hub = await hubAt();
    const good = checkIn();
    const nobody = { ...checkIn('b', 2), studentId: 'nobody' };
    const noGroup = { ...checkIn('c', 3), groupId: 'g9' };
    const r = await hub.submit(kiosk, [
      { id: 'x'.repeat(100), type: 'nonsense' },
      good,
      nobody,
      42,
      noGroup,
      null,
      { id: 7 },
    ]);
    expect(r.results.map((x) => [x.id, x.status, x.status === 'rejected' ? x.problem.code : x.seq])).toEqual([
      ['x'.repeat(64), 'rejected', 'malformed'],
      [good.id, 'stored', 1],
      [nobody.id, 'rejected', 'unknown_student'],
      [null, 'rejected', 'malformed'],
      [noGroup.id, 'rejected', 'unknown_group'],
      [null, 'rejected', 'malformed'],
      [null, 'rejected', 'malformed'],
    ]);
    expect(hub.refused).toEqual([{ actor: kiosk, counts: { malformed: 4, unknown_student: 1, unknown_group: 1 } }]);
    expect(hub.stored.map((s) => s.events.map((e) => e.id))).toEqual([[good.id]]);
  });

  it('CU17 a hub without a refusal log still refuses, and answers every event', async () => {
    const hub = await hubAt();
    const { onRefused: _none, ...deps } = hub.deps;
    expect((await ingest(deps, kiosk, 'nonsense')).results).toMatchObject([
      { status: 'rejected', problem: { code: 'malformed' } },
    ]);
    expect(
      (
        await ingest(
          deps,
          kiosk,
          Array.from({ length: MAX_BATCH_EVENTS + 1 }, () => ({})),
        )
      ).results,
    ).toMatchObject([{ problem: { code: 'batch_too_large' } }]);
    expect(
      (await ingest(deps, kiosk, [{ ...checkIn(), staffId: 'gone' }, checkIn()])).results.map((x) => x.status),
    ).toEqual(['rejected', 'stored']);
  });

  it('CU17 a refused batch stores nothing and tells the feed nothing', async () => {
    const hub = await hubAt();
    const r = await hub.submit(kiosk, [{ ...checkIn(), staffId: 'gone' }]);
    expect(r.results).toMatchObject([{ status: 'rejected', problem: { code: 'unknown_staff', detail: 'gone' } }]);
    expect(hub.stored).toEqual([]);
    expect(await hub.log.days()).toEqual([]);
  });

  it('CU17 a body that is not a list of events is refused whole, with a reason a person can read', async () => {
    const hub = await hubAt();
    const r = await hub.submit(kiosk, { events: [checkIn()] });
    expect(r).toEqual({
      hubTime: at('16:00'),
      results: [
        {
          id: null,
          status: 'rejected',
          problem: {
            code: 'malformed',
            zh: '记录格式不正确',
            en: 'The record is malformed',
            detail: 'expected an array of events',
          },
        },
      ],
    });
    expect(hub.refused).toEqual([{ actor: kiosk, counts: { malformed: 1 } }]);
    expect(await hub.log.days()).toEqual([]);
  });

  it(`CU17 a batch of ${MAX_BATCH_EVENTS} events is taken; one more is refused whole`, async () => {
    const hub = await hubAt();
    const batch = (n: number) =>
      Array.from({ length: n }, () => ev('marked_safe', '15:50', { studentId: 'a', source: manual }));
    const tooMany = await hub.submit(kiosk, batch(MAX_BATCH_EVENTS + 1));
    expect(tooMany.results).toEqual([
      {
        id: null,
        status: 'rejected',
        problem: expect.objectContaining({ code: 'batch_too_large', detail: `max ${MAX_BATCH_EVENTS}` }),
      },
    ]);
    expect(hub.refused).toEqual([{ actor: kiosk, counts: { batch_too_large: 1 } }]);
    expect(await hub.log.days()).toEqual([]);
    const full = await hub.submit(kiosk, batch(MAX_BATCH_EVENTS));
    expect(full.results.filter((x) => x.status === 'stored')).toHaveLength(MAX_BATCH_EVENTS);
  });

  it("CU17 \"today\" is the school's day, not the machine's: at 07:30 on Wednesday in Shanghai (still Tuesday in UTC) today's arrangement is taken", async () => {
    const hub = await hubAt(at('07:30', '2026-11-25'));
    const early = ev(
      'arrangement_recorded',
      '07:25',
      { studentId: 'a', arrangement: { kind: 'early_pickup', at: '16:30', collectedBy: '奶奶' }, note: '' },
      { day: '2026-11-25' },
    );
    const friday = checkIn('b', 2, { day: '2026-11-27' });
    const r = await hub.submit(kiosk, [early, friday]);
    expect(r.results.map((x) => (x.status === 'rejected' ? x.problem.code : x.status))).toEqual([
      'stored',
      'day_out_of_range',
    ]);
  });
});

describe('CU17 who may write', () => {
  it('CU17 a kiosk writes only in its own name: an event naming another device is refused', async () => {
    const hub = await hubAt();
    const r = await hub.submit(kiosk, [checkIn('a', 1, { deviceId: 'k2' })]);
    expect(r.results).toMatchObject([{ status: 'rejected', problem: { code: 'device_mismatch', detail: 'k2' } }]);
  });

  it('CU17 the office writes under the office device id and no other', async () => {
    const hub = await hubAt();
    const leave = ev(
      'leave_recorded',
      '08:00',
      { studentId: 'a', reason: 'sick', note: '' },
      { deviceId: OFFICE_DEVICE_ID },
    );
    const r = await hub.submit({ kind: 'office' }, [leave, checkIn('b', 2)]);
    expect(r.results.map((x) => (x.status === 'rejected' ? x.problem.code : x.status))).toEqual([
      'stored',
      'device_mismatch',
    ]);
  });

  it("CU17 a duty leader's phone writes only under that leader's device id and in that leader's name", async () => {
    const hub = await hubAt();
    const leader: Actor = { kind: 'leader', staffId: 't1' };
    const r = await hub.submit(leader, [
      ev('roll_call_started', '16:00', {}, { deviceId: leaderDeviceId('t1'), staffId: 't1' }),
      ev('roll_call_ended', '16:05', {}, { deviceId: leaderDeviceId('t1'), staffId: 't2' }),
      ev('roll_call_ended', '16:05', {}, { deviceId: leaderDeviceId('t2'), staffId: 't2' }),
      ev('roll_call_ended', '16:05', {}, { deviceId: 'k1', staffId: 't1' }),
    ]);
    expect(leaderDeviceId('t1')).toBe('leader:t1');
    expect(
      r.results.map((x) => (x.status === 'rejected' ? `${x.problem.code} ${x.problem.detail}` : x.status)),
    ).toEqual(['stored', 'unknown_staff t2', 'device_mismatch leader:t2', 'device_mismatch k1']);
  });

  it('CU20 a tablet the office gave a station is held to that station; the office and an unassigned tablet are not', async () => {
    const hub = await hubAt();
    const gate: Actor = { kind: 'device', deviceId: 'k1', station: { kind: 'gate' } };
    const r = await hub.submit(gate, [
      checkIn(),
      ev('released', '17:31', { studentId: 'b', source: src(2), how: { kind: 'bus', bus: '2' } }),
    ]);
    expect(
      r.results.map((x) => (x.status === 'rejected' ? `${x.problem.code} ${x.problem.detail}` : x.status)),
    ).toEqual(['station_mismatch gate: checked_in', 'stored']);
    expect((await hub.submit({ kind: 'device', deviceId: 'k1', station: null }, [checkIn()])).results[0]?.status).toBe(
      'stored',
    );
    const office = await hub.submit({ kind: 'office' }, [
      ev('checked_in', '15:31', { studentId: 'c', source: manual, groupId: 'g1' }, { deviceId: OFFICE_DEVICE_ID }),
    ]);
    expect(office.results[0]?.status).toBe('stored');
  });
});

describe('CU21 a record is the teacher who signed in on that tablet', () => {
  it('CU21 a tablet records only in the name of a teacher whose PIN the hub checked on it, for the days granted', async () => {
    const hub = await hubAt();
    hub.granted.delete('k1 t1');
    const r = await hub.submit(kiosk, [
      checkIn('a', 1),
      checkIn('b', 2, { staffId: 'care1' }),
      ev('staff_signed_in', '15:30', { duty: 'care', groupId: 'g1' }),
    ]);
    expect(
      r.results.map((x) => (x.status === 'rejected' ? `${x.problem.code} ${x.problem.detail}` : x.status)),
    ).toEqual(['not_signed_in t1', 'stored', 'not_signed_in t1']);
    // the same teacher's grant on another tablet is no grant on this one
    hub.granted.add('k2 t1');
    expect((await hub.submit(kiosk, [checkIn('c', 3)])).results[0]).toMatchObject({
      status: 'rejected',
      problem: { code: 'not_signed_in' },
    });
    expect(hub.stored.flatMap((s) => s.events.map((e) => e.staffId))).toEqual(['care1']);
  });

  it("CU21 roll calls, inspections and alert answers are a duty leader's: refused from a tablet, taken from a leader's phone and the office", async () => {
    const hub = await hubAt();
    const leaderActs = (envelope: Parameters<typeof ev>[3]) => [
      ev('roll_call_started', '16:00', {}, envelope),
      ev('roll_call_ended', '16:05', {}, envelope),
      ev('headcount_inspected', '16:10', { groupId: 'g1', counted: 1, systemCount: 1 }, envelope),
      ev('alert_acknowledged', '16:20', { alertKey: 'lost_in_transit:a', note: '已找到' }, envelope),
    ];
    const fromTablet = await hub.submit(kiosk, leaderActs({}));
    expect(fromTablet.results.map((x) => (x.status === 'rejected' ? x.problem.code : x.status))).toEqual([
      'leader_only',
      'leader_only',
      'leader_only',
      'leader_only',
    ]);
    const leader = await hub.submit(
      { kind: 'leader', staffId: 't1' },
      leaderActs({ deviceId: leaderDeviceId('t1'), staffId: 't1' }),
    );
    expect(leader.results.map((x) => x.status)).toEqual(['stored', 'stored', 'stored', 'stored']);
    const office = await hub.submit({ kind: 'office' }, leaderActs({ deviceId: OFFICE_DEVICE_ID }));
    expect(office.results.map((x) => x.status)).toEqual(['stored', 'stored', 'stored', 'stored']);
  });
});

describe('CU14 corrections at ingest', () => {
  const correct = (targetId: string) => ev('corrected', '15:40', { targetId, reason: '扫错了学生' });
  const outcome = (r: Awaited<ReturnType<typeof ingest>>) =>
    r.results.map((x) => (x.status === 'rejected' ? `${x.problem.code} ${x.problem.detail}` : x.status));

  it('CU14 a correction of a stored event is stored', async () => {
    const hub = await hubAt();
    const wrong = checkIn();
    await hub.submit(kiosk, [wrong]);
    expect(outcome(await hub.submit(kiosk, [correct(wrong.id)]))).toEqual(['stored']);
  });

  it('CU14 a correction whose target is not stored is refused, naming the target', async () => {
    const hub = await hubAt();
    const missing = nextId();
    const r = await hub.submit(kiosk, [correct(missing)]);
    expect(outcome(r)).toEqual([`correction_target ${missing}`]);
    expect(r.results[0]).toMatchObject({ problem: { zh: '更正的原记录不存在或不可更正' } });
    expect(await hub.log.days()).toEqual([]);
  });

  it('CU14 a correction whose target is stored on another day is refused: a correction voids only its own day', async () => {
    const hub = await hubAt();
    const monday = checkIn('a', 1, { day: '2026-11-23' });
    await hub.submit(kiosk, [monday]);
    expect(outcome(await hub.submit(kiosk, [correct(monday.id)]))).toEqual([`correction_target ${monday.id}`]);
  });

  it('CU14 a correction of a correction is refused, whether the first is stored or in the same batch', async () => {
    const hub = await hubAt();
    const wrong = checkIn();
    const first = correct(wrong.id);
    await hub.submit(kiosk, [wrong, first]);
    expect(outcome(await hub.submit(kiosk, [correct(first.id)]))).toEqual([
      expect.stringMatching(/^correction_target /),
    ]);
    const other = checkIn('b', 2);
    const fix = correct(other.id);
    expect(outcome(await hub.submit(kiosk, [other, fix, correct(fix.id)]))).toEqual([
      'stored',
      'stored',
      `correction_target ${fix.id}`,
    ]);
  });

  it('CU14 a correction may follow its target in the same batch, but not a target that was refused', async () => {
    const hub = await hubAt();
    const wrong = checkIn();
    const refused = { ...checkIn('b', 2), studentId: 'nobody' };
    expect(outcome(await hub.submit(kiosk, [wrong, correct(wrong.id), refused, correct(refused.id)]))).toEqual([
      'stored',
      'stored',
      'unknown_student nobody',
      `correction_target ${refused.id}`,
    ]);
  });
});
