/**
 * Validate, store, acknowledge, then broadcast: in that order, so nothing is acknowledged that is not durable
 * and nothing is broadcast that could still be lost.
 */
import type { CustodyEvent } from '../core/events';
import { parseEvent } from '../core/events';
import type { AssignedStation } from '../core/checkEvent';
import { checkEvent, DEFAULT_CHECK, stationProblem } from '../core/checkEvent';
import { problem } from '../core/messages';
import type { EventResult, SubmitResult } from '../core/protocol';
import { MAX_BATCH_EVENTS } from '../core/protocol';
import { indexRoster } from '../core/roster';
import { localDay } from '../core/time';
import type { EventLog } from './store/eventLog';
import type { RosterStore } from './rosterStore';

/** Who submits: a paired kiosk, or the office (leave and corrections entered at a desk). */
export type Actor =
  | { kind: 'device'; deviceId: string; station?: AssignedStation | null }
  | { kind: 'office' }
  | { kind: 'leader'; staffId: string };
export const OFFICE_DEVICE_ID = 'office';
/** The device id a duty leader's phone writes under. */
export const leaderDeviceId = (staffId: string) => `leader:${staffId}`;
/** The device id an actor's events must carry: its own, the leader's phone's, or the office's. */
export const actorDeviceId = (actor: Actor) =>
  actor.kind === 'device' ? actor.deviceId : actor.kind === 'leader' ? leaderDeviceId(actor.staffId) : OFFICE_DEVICE_ID;

export interface IngestDeps {
  rosters: RosterStore;
  log: EventLog<CustodyEvent>;
  clock: () => number;
  /**
   * Whether the hub checked `staffId`'s PIN on tablet `deviceId` recently enough to take its records of `day`
   * (AccessStore.isGranted): a tablet's token alone does not make a record anyone's.
   */
  isGranted: (deviceId: string, staffId: string, day: string) => boolean;
  /**
   * SN2: whether the hub checked duty leader `leaderId`'s PIN on tablet `deviceId` for a release of `studentId`
   * on `day` (`/api/staff/verify-leader`). Absent: no tablet override is taken.
   */
  isOverrideGranted?: (deviceId: string, leaderId: string, studentId: string, day: string) => boolean;
  /** called with the newly stored events of each day, after they are durable */
  onStored: (day: string, events: (CustodyEvent & { seq: number; hubTime: number })[]) => void;
  /** called when any event of a submission was refused, with how many of each reason: for the log */
  onRefused?: (actor: Actor, counts: Record<string, number>) => void;
}

/**
 * What only a duty leader does, from their own phone (a leader session) or the office: an emergency roll call, a
 * room's headcount, an answer to an alert. A tablet's teacher does none of these, so a tablet may not record them.
 */
const LEADER_ONLY = new Set<CustodyEvent['type']>([
  'roll_call_started',
  'roll_call_ended',
  'headcount_inspected',
  'alert_acknowledged',
]);

/** Why a tablet may not record `e`: a leader's action, or a person who did not sign in on it. */
function deviceProblem(deps: IngestDeps, deviceId: string, e: CustodyEvent) {
  if (LEADER_ONLY.has(e.type)) return problem('leader_only', e.type);
  if (!deps.isGranted(deviceId, e.staffId, e.day)) return problem('not_signed_in', e.staffId);
  if (
    e.type === 'released' &&
    e.override &&
    !deps.isOverrideGranted?.(deviceId, e.override.staffId, e.studentId, e.day)
  )
    return problem('override_not_verified', e.override.staffId);
  return undefined;
}

function rawId(raw: unknown): string | null {
  return typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string'
    ? (raw as { id: string }).id.slice(0, 64)
    : null;
}

/** CU14: a correction must point at a stored (or same-batch) custody event that is not itself a correction. */
async function correctionTargetOk(
  deps: IngestDeps,
  e: CustodyEvent,
  accepted: readonly CustodyEvent[],
): Promise<boolean> {
  if (e.type !== 'corrected') return true;
  const inBatch = accepted.find((x) => x.id === e.targetId);
  if (inBatch) return inBatch.type !== 'corrected';
  const stored = (await deps.log.read(e.day)).find((x) => x.id === e.targetId);
  return stored !== undefined && stored.type !== 'corrected';
}

export async function ingest(deps: IngestDeps, actor: Actor, raw: unknown): Promise<SubmitResult> {
  const hubTime = deps.clock();
  if (!Array.isArray(raw)) {
    deps.onRefused?.(actor, { malformed: 1 });
    return {
      hubTime,
      results: [{ id: null, status: 'rejected', problem: problem('malformed', 'expected an array of events') }],
    };
  }
  if (raw.length > MAX_BATCH_EVENTS) {
    deps.onRefused?.(actor, { batch_too_large: 1 });
    return {
      hubTime,
      results: [{ id: null, status: 'rejected', problem: problem('batch_too_large', `max ${MAX_BATCH_EVENTS}`) }],
    };
  }
  const roster = deps.rosters.roster;
  const index = indexRoster(roster);
  const ctx = { today: localDay(hubTime, roster.settings.timeZone), ...DEFAULT_CHECK };
  const expectedDevice = actorDeviceId(actor);

  const results: (EventResult | null)[] = [];
  const accepted: CustodyEvent[] = [];
  for (const item of raw) {
    const parsed = parseEvent(item);
    if (!parsed.ok) {
      results.push({ id: rawId(item), status: 'rejected', problem: problem('malformed', parsed.issues) });
      continue;
    }
    const e = parsed.event;
    // A device writes only in its own name: a stolen event body cannot be replayed as another kiosk.
    // A leader's phone is not a paired kiosk: it acts only in the name of the leader who signed in on it.
    const why =
      e.deviceId !== expectedDevice
        ? problem('device_mismatch', e.deviceId)
        : actor.kind === 'leader' && e.staffId !== actor.staffId
          ? problem('unknown_staff', e.staffId)
          : (checkEvent(index, e, ctx) ??
            (actor.kind === 'device' ? deviceProblem(deps, actor.deviceId, e) : undefined) ??
            // A tablet given a station by the office records only what that station does.
            (actor.kind === 'device' ? stationProblem(index, e, actor.station) : undefined) ??
            ((await correctionTargetOk(deps, e, accepted))
              ? undefined
              : problem('correction_target', e.type === 'corrected' ? e.targetId : undefined)));
    if (why) {
      results.push({ id: e.id, status: 'rejected', problem: why });
      continue;
    }
    accepted.push(e);
    results.push(null);
  }

  const outcomes = accepted.length ? await deps.log.append(accepted, hubTime) : [];
  const storedByDay = new Map<string, (CustodyEvent & { seq: number; hubTime: number })[]>();
  let k = 0;
  const final = results.map((r): EventResult => {
    if (r) return r;
    const e = accepted[k]!;
    const o = outcomes[k++]!;
    if (o.status === 'stored') {
      const list = storedByDay.get(e.day) ?? [];
      list.push({ ...e, seq: o.seq, hubTime: o.hubTime });
      storedByDay.set(e.day, list);
    }
    return { id: e.id, status: o.status, seq: o.seq, hubTime: o.hubTime };
  });
  for (const [day, events] of storedByDay) deps.onStored(day, events);
  const refused: Record<string, number> = {};
  for (const r of final) if (r.status === 'rejected') refused[r.problem.code] = (refused[r.problem.code] ?? 0) + 1;
  if (Object.keys(refused).length) deps.onRefused?.(actor, refused);
  return { hubTime, results: final };
}
