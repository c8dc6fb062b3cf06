/**
 * CU21 against a real hub process: a tablet's token alone makes no record anyone's. The hub takes a tablet's
 * event only in the name of a teacher whose PIN it checked on that tablet, and a roll call, an inspection or an
 * alert answer only from a duty leader's own session. Each refusal changes nothing in the day's log.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DaySlice, SubmitResult } from '../../core/protocol';
import type { Roster, Student } from '../../core/roster';
import { checkIn, enrolled, todayAtSchool } from '../hub/demoEvents';
import type { RunningHub } from '../hub/hubProcess';
import { pairKiosk, signInStaff, startDemoHub } from '../hub/hubProcess';
import { req } from './hubState';

let hub: RunningHub;
let admin: string;
let roster: Roster;
let kids: Student[];
let next = 0;
const kid = () => kids[next++]!;

beforeAll(async () => {
  ({ hub, admin, roster } = await startDemoHub());
  kids = enrolled(roster);
});
afterAll(async () => {
  await hub?.stop();
});

const day = () => todayAtSchool(roster);
const lastSeq = async () =>
  (await req<DaySlice>(hub, 'GET', `/api/events?day=${day()}`, { token: admin })).body.lastSeq;

/** What the hub answered for each event: `stored`, or the refusal's code. */
async function submit(token: string, events: unknown[]): Promise<string[]> {
  const r = await req<SubmitResult>(hub, 'POST', '/api/events', { token, body: { events } });
  expect(r.status).toBe(200);
  return r.body.results.map((x) => (x.status === 'rejected' ? x.problem.code : x.status));
}

const envelope = (deviceId: string, staffId: string) => ({
  id: randomUUID(),
  day: day(),
  deviceId,
  staffId,
  deviceTime: Date.now(),
  clockOffsetMs: 0,
});
const release = (deviceId: string, staffId: string) => ({
  ...envelope(deviceId, staffId),
  type: 'released',
  studentId: kid().id,
  source: { kind: 'manual', reason: '忘带卡' },
  how: { kind: 'staff_confirmed', collectedBy: '妈妈' },
});
const dutyStart = (deviceId: string, staffId: string) => ({
  ...envelope(deviceId, staffId),
  type: 'staff_signed_in',
  duty: 'care',
  groupId: 'g1-whole',
});

describe('CU21 a tablet records only for a teacher who signed in on it', () => {
  it('a token alone records nothing: a check-in, a release in the duty leader’s name, a duty sign-in are refused and the log is unchanged', async () => {
    const tablet = await pairKiosk(hub, '没人登录的平板');
    const before = await lastSeq();
    expect(
      await submit(tablet.token, [
        checkIn(roster, kid(), tablet.deviceId, 'care-1a'),
        release(tablet.deviceId, 'leader-1'),
        dutyStart(tablet.deviceId, 'care-1a'),
      ]),
    ).toEqual(['not_signed_in', 'not_signed_in', 'not_signed_in']);
    expect(await lastSeq()).toBe(before);
  });

  it('after a PIN sign-in the hub takes that teacher’s records from that tablet only, and nobody else’s', async () => {
    const tablet = await pairKiosk(hub, '一年级看护室');
    const other = await pairKiosk(hub, '另一台平板');
    const signedIn = await req<{ offlineUntil: string }>(hub, 'POST', '/api/staff/sign-in', {
      token: tablet.token,
      body: { staffId: 'care-1a', pin: '2468' },
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.offlineUntil > day()).toBe(true);
    expect(
      await submit(tablet.token, [
        dutyStart(tablet.deviceId, 'care-1a'),
        checkIn(roster, kid(), tablet.deviceId, 'care-1a'),
        release(tablet.deviceId, 'leader-1'),
        checkIn(roster, kid(), tablet.deviceId, 'care-1b'),
      ]),
    ).toEqual(['stored', 'stored', 'not_signed_in', 'not_signed_in']);
    expect(await submit(other.token, [checkIn(roster, kid(), other.deviceId, 'care-1a')])).toEqual(['not_signed_in']);
  });

  it('a lock-out on a tablet ends that teacher’s sign-in there: a duty sign-in sent while locked is refused', async () => {
    const tablet = await pairKiosk(hub, '三年级看护室');
    await signInStaff(hub, tablet.token, 'care-3a');
    expect(await submit(tablet.token, [checkIn(roster, kid(), tablet.deviceId, 'care-3a')])).toEqual(['stored']);
    for (let i = 0; i < 5; i++) {
      const wrong = await req(hub, 'POST', '/api/staff/sign-in', {
        token: tablet.token,
        body: { staffId: 'care-3a', pin: String(135790 + i) },
      });
      expect(wrong.status).toBe(401);
    }
    const before = await lastSeq();
    expect(
      await submit(tablet.token, [
        { ...dutyStart(tablet.deviceId, 'care-3a'), groupId: 'g3-whole' },
        checkIn(roster, kid(), tablet.deviceId, 'care-3a'),
      ]),
    ).toEqual(['not_signed_in', 'not_signed_in']);
    expect(await lastSeq()).toBe(before);
  });

  it('a new PIN from the office ends every sign-in made with the old one; the new PIN signs in again', async () => {
    const tablet = await pairKiosk(hub, '三年级混合班');
    await signInStaff(hub, tablet.token, 'care-3b');
    expect(await submit(tablet.token, [checkIn(roster, kid(), tablet.deviceId, 'care-3b')])).toEqual(['stored']);
    const reset = await req(hub, 'POST', '/api/admin/staff/care-3b/pin', { token: admin, body: { pin: '604918' } });
    expect(reset.status).toBe(200);
    expect(await submit(tablet.token, [checkIn(roster, kid(), tablet.deviceId, 'care-3b')])).toEqual(['not_signed_in']);
    await signInStaff(hub, tablet.token, 'care-3b', '604918');
    expect(await submit(tablet.token, [checkIn(roster, kid(), tablet.deviceId, 'care-3b')])).toEqual(['stored']);
  });
});

describe("CU21 roll calls, inspections and alert answers are the duty leader's", () => {
  it('refused from a tablet even with the duty leader signed in on it; taken from the leader’s own phone', async () => {
    const tablet = await pairKiosk(hub, '校门平板');
    await signInStaff(hub, tablet.token, 'leader-1');
    const fromTablet = [
      { ...envelope(tablet.deviceId, 'leader-1'), type: 'roll_call_started' },
      {
        ...envelope(tablet.deviceId, 'leader-1'),
        type: 'headcount_inspected',
        groupId: 'g1-whole',
        counted: 3,
        systemCount: 3,
      },
      { ...envelope(tablet.deviceId, 'leader-1'), type: 'alert_acknowledged', alertKey: 'x', note: '已处理' },
      { ...envelope(tablet.deviceId, 'leader-1'), type: 'roll_call_ended' },
    ];
    const before = await lastSeq();
    expect(await submit(tablet.token, fromTablet)).toEqual([
      'leader_only',
      'leader_only',
      'leader_only',
      'leader_only',
    ]);
    expect(await lastSeq()).toBe(before);

    const phone = await req<{ token: string; deviceId: string }>(hub, 'POST', '/api/leader/login', {
      body: { staffId: 'leader-1', pin: '2468' },
    });
    const started = { ...envelope(phone.body.deviceId, 'leader-1'), type: 'roll_call_started' };
    const ended = { ...envelope(phone.body.deviceId, 'leader-1'), type: 'roll_call_ended' };
    expect(await submit(phone.body.token, [started, ended])).toEqual(['stored', 'stored']);
  });
});
