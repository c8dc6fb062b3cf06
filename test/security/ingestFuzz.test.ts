/**
 * Bad input at the hub's front door: thousands of broken, oversized, wrongly typed and hostile events over HTTP
 * (in batches and one by one) and over socket.io, garbage bodies and JSON nested 100 000 deep. Every one gets a
 * clear bilingual refusal, the hub never crashes, and what it has stored is byte for byte what it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, DaySlice, SubmitResult } from '../../core/protocol';
import type { Roster } from '../../core/roster';
import { addDays } from '../../core/time';
import type { RunningHub } from '../hub/hubProcess';
import { connectSocket, readyKiosk, startDemoHub } from '../hub/hubProcess';
import { checkIn, enrolled, todayAtSchool } from '../hub/demoEvents';
import { brokenEvent, deepJsonText, randomJson } from './hostile';
import type { Foreign } from './hostile';
import { expectCleanLog, expectProblem, req, storedState } from './hubState';
import { seeded } from './seeded';

const rng = seeded('ingest fuzz');
const BATCHES = 10;
const BATCH = 500;
const SINGLES = 1000;
const SOCKET_MESSAGES = 3000;

let hub: RunningHub;
let admin: string;
let roster: Roster;
let kiosk: { deviceId: string; token: string };
let foreign: Foreign;
let before: Record<string, string>;
let headcountBefore: unknown;
const seedNote = `seed ${rng.seed}`;

const headcount = async () => {
  const r = await req<{ children: unknown; alerts: unknown }>(
    hub,
    'GET',
    `/api/headcount?date=${todayAtSchool(roster)}`,
    { token: admin },
  );
  return { children: r.body.children, alerts: r.body.alerts };
};

beforeAll(async () => {
  ({ hub, admin, roster } = await startDemoHub());
  kiosk = await readyKiosk(hub, ['care-1a', 'gate-1'], '压力测试平板');
  // One child already checked in, so "unchanged" covers a day with events as well as empty days.
  const first = await req<SubmitResult>(hub, 'POST', '/api/events', {
    token: kiosk.token,
    body: { events: [checkIn(roster, enrolled(roster)[0]!, kiosk.deviceId)] },
  });
  expect(first.body.results[0]?.status).toBe('stored');
  const today = todayAtSchool(roster);
  const kids = enrolled(roster);
  foreign = {
    deviceId: kiosk.deviceId,
    today,
    notEnrolledId: roster.students.find((s) => s.groupId === null)!.id,
    // another school's tag, a check character off by one, another child's card, a guardian's card
    badCards: [
      'RS' + 'ZZ' + kids[1]!.cardId!.slice(4),
      kids[1]!.cardId!.slice(0, -1) + (kids[1]!.cardId!.endsWith('0') ? '1' : '0'),
      kids[2]!.cardId!,
      roster.guardians[0]!.cardId!,
    ],
    badDays: [addDays(today, -15), addDays(today, 1), '1999-01-01', '2999-12-31'],
  };
  before = storedState(hub);
  headcountBefore = await headcount();
});

afterAll(async () => {
  await hub?.stop();
});

/** A broken version of a valid check-in of a random enrolled child (not the one checked in, nor those whose cards are the bad ones). */
function broken() {
  const kids = enrolled(roster).slice(3);
  const valid = checkIn(roster, kids[rng.int(kids.length)]!, kiosk.deviceId) as Record<string, unknown>;
  return brokenEvent(rng, valid, foreign);
}

function expectAllRefused(results: SubmitResult['results'], sent: { why: string }[], context: string) {
  expect(results, `${context} (${seedNote})`).toHaveLength(sent.length);
  results.forEach((r, i) => {
    expect(r.status, `${context} #${i} (${sent[i]!.why}, ${seedNote})`).toBe('rejected');
    if (r.status === 'rejected') expectProblem(r.problem, `${context} #${i} (${sent[i]!.why}, ${seedNote})`);
  });
}

describe('fuzzing the ingest API', () => {
  it(`refuses ${BATCHES * BATCH} broken events sent in batches of ${BATCH}, each with its own bilingual reason`, async () => {
    for (let b = 0; b < BATCHES; b++) {
      const sent = Array.from({ length: BATCH }, broken);
      const r = await req<SubmitResult>(hub, 'POST', '/api/events', {
        token: kiosk.token,
        body: { events: sent.map((s) => s.event) },
      });
      if (r.status === 413) {
        expectProblem((r.body as unknown as { problem: unknown }).problem, 'batch too large');
        continue;
      }
      expect(r.status).toBe(200);
      expectAllRefused(r.body.results, sent, `batch ${b}`);
    }
    expect(storedState(hub)).toEqual(before);
  });

  it(`refuses ${SINGLES} broken events and garbage bodies sent one request at a time`, async () => {
    for (let i = 0; i < SINGLES; i++) {
      const kind = rng.int(4);
      if (kind === 0) {
        // a body that is not the expected shape at all: any JSON, or not JSON
        const raw = rng.chance(0.5)
          ? JSON.stringify(randomJson(rng, 4))
          : rng.pick(['{', '{"events":', 'null', '', '\u0000', '{"events":[1,2,', '<xml/>', '{"events":NaN}']);
        const r = await req<{ problem?: unknown; results?: SubmitResult['results'] }>(hub, 'POST', '/api/events', {
          token: kiosk.token,
          rawBody: raw,
        });
        if (r.status === 200)
          r.body.results!.forEach((x) => {
            expect(x.status, `${raw.slice(0, 80)} (${seedNote})`).toBe('rejected');
          });
        else {
          expect([400, 413]).toContain(r.status);
          expectProblem(r.body.problem, raw.slice(0, 80));
        }
      } else if (kind === 1) {
        // the events under another content type, or as a bare array
        const s = broken();
        const r = await req<{ problem?: unknown; results?: SubmitResult['results'] }>(hub, 'POST', '/api/events', {
          token: kiosk.token,
          rawBody: JSON.stringify(rng.chance(0.5) ? [s.event] : { events: [s.event] }),
          headers: {
            'content-type': rng.pick(['text/plain', 'application/x-www-form-urlencoded', 'application/json']),
          },
        });
        if (r.status === 200)
          r.body.results!.forEach((x) => {
            expect(x.status, `${s.why} (${seedNote})`).toBe('rejected');
          });
        else expect(r.status).toBe(400);
      } else {
        const s = broken();
        const r = await req<SubmitResult>(hub, 'POST', '/api/events', {
          token: kiosk.token,
          body: { events: [s.event] },
        });
        expect(r.status).toBe(200);
        expectAllRefused(r.body.results, [s], `single ${i}`);
      }
    }
    expect(storedState(hub)).toEqual(before);
  });

  it('refuses JSON nested 100 000 deep, a body over 1 MB and a batch over 500, and keeps serving', async () => {
    const deep = await req<{ problem?: unknown; results?: SubmitResult['results'] }>(hub, 'POST', '/api/events', {
      token: kiosk.token,
      rawBody: `{"events":[${deepJsonText(100_000)}]}`,
    });
    if (deep.status === 200)
      expect(deep.body.results).toMatchObject([{ status: 'rejected', problem: { code: 'malformed' } }]);
    else expectProblem(deep.body.problem, 'deep JSON');
    const deepObject = await req<{ problem?: unknown }>(hub, 'POST', '/api/events', {
      token: kiosk.token,
      rawBody: '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000),
    });
    expect([200, 400, 413]).toContain(deepObject.status);
    const big = await req<{ problem: unknown }>(hub, 'POST', '/api/events', {
      token: kiosk.token,
      rawBody: JSON.stringify({ events: [{ note: 'x'.repeat(1_100_000) }] }),
    });
    expect(big.status).toBe(413);
    expect(big.body.problem).toMatchObject({ code: 'batch_too_large' });
    const many = await req<SubmitResult>(hub, 'POST', '/api/events', {
      token: kiosk.token,
      body: { events: Array.from({ length: 501 }, () => ({})) },
    });
    expect(many.body.results).toMatchObject([{ status: 'rejected', problem: { code: 'batch_too_large' } }]);
    expect((await req(hub, 'GET', '/api/health')).status).toBe(200);
    expect(storedState(hub)).toEqual(before);
  });
});

describe('fuzzing the socket messages', () => {
  it(`answers ${SOCKET_MESSAGES} hostile messages and ${BATCHES / 2} batches of ${BATCH} broken events with refusals, and stays up`, async () => {
    const s = connectSocket(hub, kiosk.token);
    try {
      await new Promise<void>((resolve, reject) => {
        s.once('connect', resolve);
        s.once('connect_error', reject);
      });
      for (let b = 0; b < BATCHES / 2; b++) {
        const sent = Array.from({ length: BATCH }, broken);
        const ack = (await s.timeout(20_000).emitWithAck(
          'submitEvents',
          sent.map((x) => x.event),
        )) as Ack<SubmitResult>;
        expect(ack.ok).toBe(true);
        if (ack.ok) expectAllRefused(ack.data.results, sent, `socket batch ${b}`);
      }
      const emitAny = s.timeout(10_000).emitWithAck.bind(s.timeout(10_000)) as unknown as (
        ev: string,
        ...args: unknown[]
      ) => Promise<unknown>;
      for (let i = 0; i < SOCKET_MESSAGES; i++) {
        const command = rng.pick([
          'submitEvents',
          'submitEvents',
          'subscribeDay',
          'reportStatus',
          'unsubscribeDay',
          'deleteEverything',
          '__proto__',
          'constructor',
        ]);
        const payload = command === 'submitEvents' && rng.chance(0.6) ? [broken().event] : randomJson(rng, 3);
        if (command === 'unsubscribeDay' || !['submitEvents', 'subscribeDay', 'reportStatus'].includes(command)) {
          // no acknowledgement expected: fire and forget, as an attacker would
          (s.emit as unknown as (ev: string, ...args: unknown[]) => void)(command, payload);
          continue;
        }
        const ack = (await emitAny(command, payload)) as Ack<unknown>;
        if (command === 'submitEvents') {
          if (ack.ok)
            (ack.data as SubmitResult).results.forEach((r) => {
              expect(r.status, `socket ${i} ${JSON.stringify(payload).slice(0, 100)} (${seedNote})`).toBe('rejected');
            });
          else expectProblem(ack.problem, `socket ${i}`);
        } else if (!ack.ok) expectProblem(ack.problem, `socket ${i} ${command}`);
        else if (command === 'subscribeDay')
          expect((ack.data as DaySlice).events.every((e) => typeof e.seq === 'number')).toBe(true);
      }
      // JSON nested 100 000 deep, written straight onto the wire (the client library cannot even encode it):
      // socket.io packet type 2 (event) with acknowledgement id 9999, then the hub must answer that ack.
      const acked = new Promise<string>((resolve) => {
        s.io.engine.on('packet', (p: { type: string; data?: unknown }) => {
          if (p.type === 'message' && typeof p.data === 'string' && p.data.startsWith('39999')) resolve(p.data);
        });
      });
      s.io.engine.send(`29999["submitEvents",${deepJsonText(100_000)}]`);
      const raw = await acked;
      expect(JSON.parse(raw.slice(5))).toMatchObject([
        { ok: true, data: { results: [{ status: 'rejected', problem: { code: 'malformed' } }] } },
      ]);
      // and a message whose last argument is not an acknowledgement function
      (s.emit as unknown as (ev: string, ...args: unknown[]) => void)(
        'submitEvents',
        [broken().event],
        'not a function',
      );
      expect(s.connected).toBe(true);
    } finally {
      s.close();
    }
    expect((await req(hub, 'GET', '/api/health')).status).toBe(200);
    expect(storedState(hub)).toEqual(before);
  });
});

describe('after the attack', () => {
  it('nothing stored changed, the headcount is the same, the log holds no error and no phone number, and a real check-in still works', async () => {
    expect(storedState(hub)).toEqual(before);
    expect(await headcount()).toEqual(headcountBefore);
    expect(hub.output()).toMatch(/"msg":"events refused"/);
    expectCleanLog(hub, [kiosk.token, admin]);
    const ok = await req<SubmitResult>(hub, 'POST', '/api/events', {
      token: kiosk.token,
      body: { events: [checkIn(roster, enrolled(roster)[3]!, kiosk.deviceId)] },
    });
    expect(ok.body.results[0]?.status).toBe('stored');
  });
});
