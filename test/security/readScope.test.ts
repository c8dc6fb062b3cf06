/**
 * Least privilege on reads (#14): a tablet reads today only, and free text reaches each reader as it may see it
 * (core/noteMasking.ts): a leave note never reaches a tablet, an arrangement note does with its phone numbers
 * masked, the duty leader sees notes with phone numbers masked, the office sees them whole. The hub stores every
 * event as it came.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustodyEvent, StoredEvent } from '../../core/events';
import { eventForReader, maskPhones } from '../../core/noteMasking';
import type { Ack, DaySlice } from '../../core/protocol';
import type { Roster } from '../../core/roster';
import type { DayState } from '../../core/state';
import { addDays } from '../../core/time';
import { cardHash, isCardHash } from '../../core/cardHash';
import { ev, manual } from '../core/fixtures';
import { checkIn, enrolled, todayAtSchool } from '../hub/demoEvents';
import type { RunningHub } from '../hub/hubProcess';
import { connectedSocket, pairKiosk, readyKiosk, startDemoHub } from '../hub/hubProcess';
import { req } from './hubState';

const LEAVE_NOTE = '哮喘发作 妈妈电话13800138000';
const ARRANGEMENT_NOTE = '奶奶来接，电话 139 1234 5678';

describe('masking free text (core/noteMasking.ts)', () => {
  it('keeps the first 3 and last 4 digits of a phone number, however it is written, and nothing else changes', () => {
    expect(maskPhones(LEAVE_NOTE)).toBe('哮喘发作 妈妈电话138****8000');
    expect(maskPhones(ARRANGEMENT_NOTE)).toBe('奶奶来接，电话 139 **** 5678');
    expect(maskPhones('+86 138-0013-8000 或 010-12345678')).toBe('+86 138-****-8000 或 010-****5678');
    expect(maskPhones('16:00 提前接，3 号校车')).toBe('16:00 提前接，3 号校车');
    expect(maskPhones('学号 20260101')).toBe('学号 20260101');
  });

  it('a tablet gets no leave, inspection or alert note and masked arrangements; a leader masked notes; the office all', () => {
    const leave = ev('leave_recorded', '08:00', { studentId: 's1', reason: 'sick', note: LEAVE_NOTE });
    const arrangement = ev('arrangement_recorded', '08:01', {
      studentId: 's1',
      arrangement: { kind: 'early_pickup', at: '16:00', collectedBy: '奶奶 13912345678' },
      note: ARRANGEMENT_NOTE,
    });
    const inspected = ev('headcount_inspected', '16:00', {
      groupId: 'g1',
      counted: 3,
      systemCount: 3,
      note: '家长 13700137000 来过',
      missingStudentIds: [],
    });
    const answered = ev('alert_acknowledged', '16:05', { alertKey: 'k', note: '已打电话 13600136000' });
    const early = ev('picked_up_early', '16:10', {
      studentId: 's1',
      source: { kind: 'manual', reason: '忘带卡 13500135000' },
      collectedBy: '爸爸 13500135001',
      reason: '看病',
    });
    const kiosk = (e: CustodyEvent) => eventForReader(e, 'kiosk') as unknown as Record<string, unknown>;
    expect(kiosk(leave).note).toBe('');
    expect(kiosk(inspected).note).toBe('');
    expect(kiosk(answered).note).toBe('—');
    expect(kiosk(arrangement)).toMatchObject({
      note: '奶奶来接，电话 139 **** 5678',
      arrangement: { collectedBy: '奶奶 139****5678' },
    });
    expect(kiosk(early)).toMatchObject({
      collectedBy: '爸爸 135****5001',
      source: { kind: 'manual', reason: '忘带卡 135****5000' },
    });
    expect((eventForReader(leave, 'leader') as typeof leave).note).toBe('哮喘发作 妈妈电话138****8000');
    expect((eventForReader(answered, 'leader') as typeof answered).note).toBe('已打电话 136****6000');
    expect(eventForReader(leave, 'office')).toBe(leave);
    // ids, days and times are never touched: the kiosk's sync compares by id and seq
    for (const e of [leave, arrangement, inspected, answered, early]) {
      const k = kiosk(e);
      expect([k.id, k.day, k.deviceTime, k.type, k.staffId]).toEqual([e.id, e.day, e.deviceTime, e.type, e.staffId]);
    }
    // and the event passed in is not changed
    expect(leave.note).toBe(LEAVE_NOTE);
    expect(manual.kind).toBe('manual');
  });
});

describe('reads on a real hub', () => {
  let hub: RunningHub;
  let admin: string;
  let roster: Roster;
  let kiosk: { deviceId: string; token: string };
  let leader: string;
  let today: string;
  beforeAll(async () => {
    ({ hub, admin, roster } = await startDemoHub());
    kiosk = await pairKiosk(hub, '读取测试平板');
    leader = (
      await req<{ token: string }>(hub, 'POST', '/api/leader/login', {
        body: { staffId: 'leader-1', pin: '2468' },
      })
    ).body.token;
    today = todayAtSchool(roster);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it("a tablet reading another day's events gets 403 today_only in both languages; today, the leader and the office other days work", async () => {
    for (const day of [addDays(today, -1), addDays(today, -7), addDays(today, 1)]) {
      const r = await req<{ problem: { code: string; zh: string; en: string } }>(hub, 'GET', `/api/events?day=${day}`, {
        token: kiosk.token,
      });
      expect(r.status, day).toBe(403);
      expect(r.body.problem).toMatchObject({ code: 'today_only', zh: expect.stringContaining('今天') });
      expect(r.body.problem.en).toContain('today');
    }
    expect((await req(hub, 'GET', `/api/events?day=${today}`, { token: kiosk.token })).status).toBe(200);
    expect((await req(hub, 'GET', '/api/events', { token: kiosk.token })).status).toBe(200);
    expect((await req(hub, 'GET', `/api/events?day=${addDays(today, -1)}`, { token: leader })).status).toBe(200);
    expect((await req(hub, 'GET', `/api/events?day=${addDays(today, -1)}`, { token: admin })).status).toBe(200);
    // and over the socket: a tablet cannot follow another day's feed
    const s = await connectedSocket(hub, kiosk.token);
    try {
      const other = (await s
        .timeout(10_000)
        .emitWithAck('subscribeDay', { day: addDays(today, -1), sinceSeq: 0 })) as Ack<DaySlice>;
      expect(other).toMatchObject({ ok: false, problem: { code: 'today_only' } });
      const own = (await s.timeout(10_000).emitWithAck('subscribeDay', { day: today, sinceSeq: 0 })) as Ack<DaySlice>;
      expect(own.ok).toBe(true);
    } finally {
      s.close();
    }
  });

  it('a leave note never reaches a tablet, an arrangement note does masked; the leader gets phones masked, the office all, the log file all', async () => {
    const child = enrolled(roster)[3]!;
    const kioskSocket = await connectedSocket(hub, kiosk.token);
    const leaderSocket = await connectedSocket(hub, leader);
    const officeSocket = await connectedSocket(hub, admin);
    const pushed = { kiosk: [] as StoredEvent[], leader: [] as StoredEvent[], office: [] as StoredEvent[] };
    try {
      for (const [who, s] of [
        ['kiosk', kioskSocket],
        ['leader', leaderSocket],
        ['office', officeSocket],
      ] as const) {
        s.on('eventsStored', (slice) => pushed[who].push(...slice.events));
        expect(
          ((await s.timeout(10_000).emitWithAck('subscribeDay', { day: today, sinceSeq: 0 })) as Ack<DaySlice>).ok,
        ).toBe(true);
      }
      const leave = await req(hub, 'POST', '/api/admin/leave', {
        token: admin,
        body: { staffId: 'office-1', studentId: child.id, from: today, to: today, reason: 'sick', note: LEAVE_NOTE },
      });
      expect(leave.status).toBe(200);
      const arrangement = await req(hub, 'POST', '/api/admin/arrangement', {
        token: admin,
        body: {
          staffId: 'office-1',
          studentId: child.id,
          day: today,
          arrangement: { kind: 'late_pickup', at: '18:00', collectedBy: '奶奶' },
          note: ARRANGEMENT_NOTE,
        },
      });
      expect(arrangement.status).toBe(200);
      await expect.poll(() => pushed.kiosk.length + pushed.leader.length + pushed.office.length).toBe(6);

      const read = async (token: string) =>
        (await req<DaySlice>(hub, 'GET', `/api/events?day=${today}`, { token })).body.events.filter(
          (e) => 'studentId' in e && e.studentId === child.id,
        );
      const subscribed = async (token: string) => {
        const s = await connectedSocket(hub, token);
        try {
          const a = (await s.timeout(10_000).emitWithAck('subscribeDay', { day: today, sinceSeq: 0 })) as Ack<DaySlice>;
          return a.ok ? a.data.events.filter((e) => 'studentId' in e && e.studentId === child.id) : [];
        } finally {
          s.close();
        }
      };
      const notes = (events: StoredEvent[]) =>
        Object.fromEntries(events.map((e) => [e.type, (e as { note?: string }).note]));

      for (const [how, events] of [
        ['GET /api/events', await read(kiosk.token)],
        ['subscribeDay', await subscribed(kiosk.token)],
        ['eventsStored', pushed.kiosk],
      ] as const) {
        expect(notes(events), `kiosk, ${how}`).toEqual({
          leave_recorded: '',
          arrangement_recorded: '奶奶来接，电话 139 **** 5678',
        });
        expect(JSON.stringify(events), how).not.toContain('哮喘');
      }
      for (const [how, events] of [
        ['GET /api/events', await read(leader)],
        ['subscribeDay', await subscribed(leader)],
        ['eventsStored', pushed.leader],
      ] as const) {
        expect(notes(events), `leader, ${how}`).toEqual({
          leave_recorded: '哮喘发作 妈妈电话138****8000',
          arrangement_recorded: '奶奶来接，电话 139 **** 5678',
        });
      }
      for (const events of [await read(admin), await subscribed(admin), pushed.office]) {
        expect(notes(events)).toEqual({ leave_recorded: LEAVE_NOTE, arrangement_recorded: ARRANGEMENT_NOTE });
      }
      // the day's state (GET /api/headcount) carries the same notes, cut the same way; a tablet gets today only
      const leaveIn = async (token: string) =>
        (await req<DayState>(hub, 'GET', `/api/headcount?date=${today}`, { token })).body.children[child.id]?.leave
          ?.note;
      expect(await leaveIn(kiosk.token)).toBe('');
      expect(await leaveIn(leader)).toBe('哮喘发作 妈妈电话138****8000');
      expect(await leaveIn(admin)).toBe(LEAVE_NOTE);
      expect((await req(hub, 'GET', `/api/headcount?date=${addDays(today, -1)}`, { token: kiosk.token })).status).toBe(
        403,
      );
      // the hub stored them unchanged
      const files = readdirSync(hub.dataDir, { recursive: true, encoding: 'utf8' }).filter((f) =>
        f.endsWith(`${today}.ndjson`),
      );
      expect(files.length).toBeGreaterThan(0);
      expect(files.map((f) => readFileSync(path.join(hub.dataDir, f), 'utf8')).join('')).toContain(LEAVE_NOTE);
    } finally {
      kioskSocket.close();
      leaderSocket.close();
      officeSocket.close();
    }
  });

  it("a scanned card's id reaches other tablets and the leader only as its hash; the office gets the id", async () => {
    const scanner = await readyKiosk(hub, ['care-1a'], '扫码平板');
    const child = enrolled(roster)[5]!;
    const event = checkIn(roster, child, scanner.deviceId);
    const stored = await req<{ results: { status: string }[] }>(hub, 'POST', '/api/events', {
      token: scanner.token,
      body: { events: [event] },
    });
    expect(stored.body.results[0]!.status).toBe('stored');
    const key = (await req<{ roster: Roster }>(hub, 'GET', '/api/roster', { token: kiosk.token })).body.roster
      .cardHashes!.key;
    const sourceOf = async (token: string) =>
      (
        (await req<DaySlice>(hub, 'GET', `/api/events?day=${today}`, { token })).body.events.find(
          (e) => e.id === event.id,
        ) as unknown as { source: { cardId: string } }
      ).source;
    for (const token of [kiosk.token, leader]) {
      const { cardId } = await sourceOf(token);
      expect(isCardHash(cardId)).toBe(true);
      expect(cardId).toBe(cardHash(key, child.cardId!));
    }
    expect((await sourceOf(admin)).cardId).toBe(child.cardId);
  });
});
