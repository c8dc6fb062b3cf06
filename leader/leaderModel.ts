/**
 * The duty leader's live picture: the day's events from the hub (socket.io, resumed by sequence number), the
 * same reducer as every kiosk, judged again every second so time-based alerts fire without waiting for an event.
 */
import type { CustodyEvent, EventBody } from '../core/events';
import type { Ack, DaySlice, SubmitResult } from '../core/protocol';
import { hubSocket, type HubSocket } from '../common/hubSocket';
import { DayReducer, reduceModeOf } from '../core/dayReducer';
import type { Roster } from '../core/roster';
import type { DayState, DeviceHealth } from '../core/state';
import { localDay } from '../core/time';
import type { LeaderSessionAnswer } from '../core/contract';
import { call, describeBilingual, HubError } from '../common/hubClient';
import { ViewStore } from '../common/viewStore';
import { setSchoolZone } from './labels';

export const TICK_MS = 1_000;
/**
 * At dismissal hundreds of events arrive in minutes; recomputing the whole day for each one kept a slow phone
 * busy until it fell behind. So an event waits after the last recompute for as long as that recompute took:
 * on a quick phone that is a few milliseconds, and a slow one spends at most half its time recomputing however
 * fast events come (docs/benchmarks.md, scan to leader). Never longer than this.
 */
export const MAX_RECOMPUTE_WAIT_MS = 300;
export const KIOSK_POLL_MS = 10_000;
/** `?reduce=full` in the page's address replays the whole day at every recompute, as before #20 (the benchmarks). */
const REDUCE_MODE = reduceModeOf(typeof location === 'undefined' ? '' : location.search);
const SESSION_KEY = 'relay.leader';
/** What the sign-in says when the hub no longer knows the session (restarted, signed out elsewhere, idle too long). */
export const SESSION_EXPIRED = '会话已过期，请重新登录 Session expired: sign in again';

export type LeaderSession = LeaderSessionAnswer;

export interface LeaderView {
  session?: LeaderSession;
  roster?: Roster;
  state?: DayState;
  kiosks: DeviceHealth[];
  online: boolean;
  /** alert keys that arrived since the page opened, newest last, for sound and vibration */
  fresh: string[];
  error?: string;
  /** why the sign-in is showing, when the page did not sign out by itself */
  notice?: string;
}

/** A refusal that means the hub does not know this session any more. */
const unauthorized = (err: unknown) =>
  err instanceof HubError
    ? err.status === 401
    : err instanceof Error &&
      (err.message === 'unauthorized' || (err as { data?: { code?: string } }).data?.code === 'unauthorized');

export class LeaderModel extends ViewStore<LeaderView> {
  private events = new Map<string, CustodyEvent>();
  /** the day so far, kept up to date event by event (CU23); made again for a new roster or day */
  private reducer: DayReducer | undefined;
  private lastSeq = 0;
  private day = '';
  private socket: HubSocket | undefined;
  private timers: ReturnType<typeof setInterval>[] = [];
  private alerted = new Set<string>();
  private first = true;
  /** when the last recompute ended, and how long it took (performance.now() ms) */
  private lastTick = { end: 0, took: 0 };
  private pendingTick: ReturnType<typeof setTimeout> | undefined;
  /** hub clock minus this phone's, from the round trip of each kiosk poll; stamped on the events it writes */
  private clockOffsetMs = 0;

  constructor() {
    super({ kiosks: [], online: false, fresh: [] });
  }

  async resume() {
    const saved = sessionStorage.getItem(SESSION_KEY);
    if (saved)
      await this.start(JSON.parse(saved) as LeaderSession).catch((err: unknown) => {
        sessionStorage.removeItem(SESSION_KEY);
        if (unauthorized(err)) this.expire();
      });
  }

  /** The event behind a chain link or an anomaly, for what it says beyond its type (where to, who was not seen). */
  event(id: string | undefined): CustodyEvent | undefined {
    return id === undefined ? undefined : this.events.get(id);
  }

  async staffList(): Promise<{ id: string; name: string }[]> {
    // Names only, before sign-in: the login list. (The roster itself needs the session.)
    return (await call('leaderStaff', { describe: describeBilingual })).leaders;
  }

  async login(staffId: string, pin: string) {
    const session = await call('leaderLogin', { body: { staffId, pin }, describe: describeBilingual });
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    await this.start(session);
  }

  logout() {
    const token = this.view.session?.token;
    this.end();
    // The hub ends the session too; the phone is signed out whatever it answers (the hub may be out of reach).
    if (token) void call('signOut', { token, describe: describeBilingual }).catch(() => undefined);
  }

  /** Back to the sign-in, forgetting the session and the day's copy. */
  private end(notice?: string) {
    sessionStorage.removeItem(SESSION_KEY);
    this.stop();
    this.events.clear();
    this.lastSeq = 0;
    this.first = true;
    this.replace({ kiosks: [], online: false, fresh: [], ...(notice ? { notice } : {}) });
  }

  /**
   * The hub refused this session (it restarted and forgot it, or it was signed out): the sign-in shows at once and
   * says why, rather than a page sitting "offline" with numbers that no longer move.
   */
  private expire() {
    this.end(SESSION_EXPIRED);
  }

  private async start(session: LeaderSession) {
    const { roster } = await call('roster', { token: session.token, describe: describeBilingual });
    setSchoolZone(roster.settings.timeZone);
    this.set({ session, roster, error: undefined, notice: undefined });
    this.day = localDay(Date.now(), roster.settings.timeZone);
    this.socket = hubSocket(location.origin, session.token);
    this.socket.on('connect', () => {
      this.set({ online: true });
      void this.follow();
    });
    this.socket.on('disconnect', (reason) => {
      this.set({ online: false });
      // The hub cut the socket itself (a session it no longer accepts): socket.io will not retry, so ask why.
      if (reason === 'io server disconnect') void this.pollKiosks();
    });
    // A refused handshake (after a hub restart the session is unknown): socket.io stops retrying.
    this.socket.on('connect_error', (err) => {
      if (unauthorized(err)) this.expire();
    });
    this.socket.on('eventsStored', (slice) => this.take(slice));
    // Settings and roster saved in the office: the thresholds, names and groups apply at once.
    this.socket.on('rosterChanged', () => void this.reloadRoster());
    this.timers.push(
      setInterval(() => this.tick(), TICK_MS),
      setInterval(() => void this.pollKiosks(), KIOSK_POLL_MS),
    );
    void this.pollKiosks();
    this.tick();
  }

  private stop() {
    clearTimeout(this.pendingTick);
    this.pendingTick = undefined;
    this.timers.forEach(clearInterval);
    this.timers = [];
    this.socket?.close();
  }

  /** After every (re)connect: everything since the last sequence number seen. */
  private async follow() {
    const ack = (await this.socket!.timeout(10_000).emitWithAck('subscribeDay', {
      day: this.day,
      sinceSeq: this.lastSeq,
    })) as Ack<DaySlice>;
    if (ack.ok) this.take(ack.data);
  }

  private take(slice: DaySlice) {
    if (slice.day !== this.day) return;
    for (const e of slice.events) {
      this.events.set(e.id, e);
      this.lastSeq = Math.max(this.lastSeq, e.seq);
    }
    this.reducer?.add(slice.events);
    this.soon();
  }

  /** tick() now if the phone has been idle as long as the last recompute took, else once it has. */
  private soon() {
    if (this.pendingTick) return;
    const wait = this.lastTick.end + Math.min(this.lastTick.took, MAX_RECOMPUTE_WAIT_MS) - performance.now();
    if (wait <= 0) {
      this.tick();
      return;
    }
    this.pendingTick = setTimeout(() => {
      this.pendingTick = undefined;
      this.tick();
    }, wait);
  }

  private async reloadRoster() {
    const s = this.view.session;
    if (!s) return;
    try {
      const { roster } = await call('roster', { token: s.token, describe: describeBilingual });
      if (this.view.session !== s) return;
      setSchoolZone(roster.settings.timeZone);
      this.set({ roster });
      this.tick();
    } catch (err) {
      if (unauthorized(err)) this.expire();
    }
  }

  private async pollKiosks() {
    const s = this.view.session;
    if (!s) return;
    try {
      const t0 = Date.now();
      const r = await call('kiosks', { token: s.token, describe: describeBilingual });
      if (this.view.session !== s) return;
      this.clockOffsetMs = Math.round(r.hubTime - (t0 + Date.now()) / 2);
      this.set({ kiosks: r.kiosks });
    } catch (err) {
      // Out of reach is shown as offline by the socket; a session the hub refuses goes back to the sign-in.
      if (unauthorized(err) && this.view.session === s) this.expire();
    }
  }

  /**
   * Recomputes the day now; new alerts are remembered so the page can sound them once. Alerts are judged on the
   * phone's own clock (phones keep network time); what the phone writes carries the measured offset, so the
   * hub and every kiosk order it correctly even if the phone's clock is off.
   */
  tick() {
    const roster = this.view.roster;
    if (!roster) return;
    const started = performance.now();
    const day = localDay(Date.now(), roster.settings.timeZone);
    if (day !== this.day) {
      this.day = day;
      this.events.clear();
      this.lastSeq = 0;
      void this.follow();
    }
    if (!this.reducer || this.reducer.day !== day || this.reducer.roster !== roster) {
      this.reducer = new DayReducer(roster, day, { mode: REDUCE_MODE });
      this.reducer.add(this.events.values());
    }
    const state = this.reducer.state(Date.now(), this.view.kiosks);
    const fresh = state.anomalies
      .filter((a) => a.severity === 'alert' && !a.acknowledged && !this.alerted.has(a.key))
      .map((a) => a.key);
    fresh.forEach((k) => this.alerted.add(k));
    // Alerts already standing when the page opens are listed, not sounded.
    this.set({ state, fresh: this.first ? [] : fresh });
    this.first = false;
    // Measured once the page has rendered the new state (React renders sync updates before the next task).
    setTimeout(() => {
      const end = performance.now();
      this.lastTick = { end, took: end - started };
    }, 0);
  }

  /** Records an event in the leader's name (inspection, acknowledgement, roll call). */
  async record(bodies: EventBody[]) {
    const s = this.view.session!;
    const events = bodies.map((b) => ({
      id: crypto.randomUUID(),
      day: this.day,
      deviceId: s.deviceId,
      staffId: s.staff.id,
      deviceTime: Date.now(),
      clockOffsetMs: this.clockOffsetMs,
      ...b,
    }));
    const ack = (await this.socket!.timeout(10_000).emitWithAck('submitEvents', events)) as Ack<SubmitResult>;
    if (!ack.ok) throw new Error(ack.problem.zh);
    const refused = ack.data.results.find((r) => r.status === 'rejected');
    if (refused && refused.status === 'rejected') throw new Error(`${refused.problem.zh} ${refused.problem.en}`);
  }
}
