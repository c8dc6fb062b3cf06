/**
 * The kiosk's state and actions, apart from React: boot from IndexedDB, pair, choose a station, sign in, and
 * turn scans into events. Every decision comes from local state; the hub is told afterwards by the outbox.
 */
import { indexRoster } from '../../core/roster';
import type { Roster, RosterIndex, Staff, Student } from '../../core/roster';
import type { CustodyEvent, EventBody, EventOf, Source } from '../../core/events';
import { releaseBlock } from '../../core/safetyRules';
import { DayReducer, reduceModeOf } from '../../core/dayReducer';
import type { Anomaly, DayState } from '../../core/state';
import { localDay } from '../../core/time';
import { parseCardId } from '../../core/cardId';
import { problem } from '../../core/messages';
import type { Station } from '../../core/stations';
import { stationFromAssigned } from '../../core/stations';
import { call, HubError } from '../../common/hubClient';
import { ScanDeduper } from './dedupe';
import type { KioskDb, Pairing, Rejected, SignedIn } from './kioskDb';
import { makePinVerifier } from './pin';
import { checkPinOffline, OFFLINE_UNKNOWN } from './pinLockout';
import { decideScan, decideStudent, makeEvent, needsCall } from './stationRules';
import { parseDelegateInput } from '../../core/delegation';
import type { Bilingual, ScanContext, Verdict } from './stationRules';
import type { SyncStatus } from './syncEngine';
import { SyncEngine } from './syncEngine';
import { ViewStore } from '../../common/viewStore';

/** `?reduce=full` in the kiosk's address replays the whole day at every scan, as before #20 (the benchmarks). */
const REDUCE_MODE = reduceModeOf(typeof location === 'undefined' ? '' : location.search);

export const IDLE_SIGN_OUT_MS = 15 * 60_000;

export type Phase = 'loading' | 'pair' | 'station' | 'signin' | 'ready';

export interface KioskView {
  phase: Phase;
  pairing?: Pairing;
  station?: Station;
  staff?: Pick<Staff, 'id' | 'name' | 'roles'>;
  roster?: Roster;
  day: string;
  dayState?: DayState;
  sync: SyncStatus;
  verdict?: Verdict & { at: number; repeat?: boolean };
  /** DG1: the slip of a one-day pickup code read by the camera or a scanner at the gate, for the code sheet */
  delegateScan?: { text: string; at: number };
  /** the last consequential action, which can be taken back (a correction) until `until` */
  undo?: Undoable;
  guardianMatch?: Verdict['guardian'];
  /** SN2: a release a safety note forbids, not written: it waits for the duty leader's PIN (kiosk/ui/OverrideSheet.tsx) */
  blocked?: { event: EventOf<'released'>; student: Student; reason: Bilingual };
  rejected: Rejected[];
  error?: Bilingual;
  /** the hub refused this tablet (revoked or unknown) and it erased itself: how many unsent records went with it */
  wiped?: { unsent: number };
}

/** How long a verdict holds against the same card still in view, before a re-read may say "already recorded". */
export const VERDICT_HOLD_MS = 3_000;
/** How long the undo of a consequential action is offered. */
export const UNDO_MS = 10_000;

export interface Undoable {
  label: Bilingual;
  eventIds: string[];
  until: number;
}

/** Shown on the pairing screen after a tablet erased itself (docs/security.md, "The tablet"). */
export function wipedNotice(unsent: number): Bilingual {
  return {
    zh:
      '此平板已被教导处停用（或服务器已重新设置），平板上的花名册、记录和登录信息已全部清除。请向教导处索取新的配对码。' +
      (unsent ? `有 ${unsent} 条记录未能上传，已一并清除：请告知教导处补录。` : ''),
    en:
      'This tablet was revoked by the office (or the hub was set up again): the roster, records and sign-ins on it were erased. Ask the office for a new pairing code.' +
      (unsent
        ? ` ${unsent === 1 ? '1 record' : `${unsent} records`} had not reached the hub and ${unsent === 1 ? 'was' : 'were'} erased too: tell the office.`
        : ''),
  };
}

/** The hub's refusals, as every page gets them (common/hubClient.ts). */
export { HubError };

export class KioskModel extends ViewStore<KioskView> {
  private sync: SyncEngine | undefined;
  /** the day so far, kept up to date event by event (CU23) */
  private reducer: DayReducer | undefined;
  private index: RosterIndex | undefined;
  private readonly dedupe = new ScanDeduper();
  /** the dedupe key of the card whose verdict is on screen */
  private verdictKey = '';
  private undoTimer: ReturnType<typeof setTimeout> | undefined;
  private lastActivity = Date.now();
  private savedActivity = 0;
  private idleTimer: ReturnType<typeof setInterval> | undefined;

  private constructor(private readonly db: KioskDb) {
    super({
      phase: 'loading',
      day: '',
      sync: { online: false, unsent: 0, lastSync: null, clockOffsetMs: 0, revoked: false, rejected: 0 },
      rejected: [],
    });
  }

  static async boot(db: KioskDb): Promise<KioskModel> {
    const m = new KioskModel(db);
    const pairing = await db.get<Pairing>('pairing');
    const station = await db.get<Station>('station');
    const cached = await db.get<{ version: number; roster: Roster }>('roster');
    m.set({ rejected: await db.rejectedList(), ...(pairing ? { pairing } : {}), ...(station ? { station } : {}) });
    if (cached) m.useRoster(cached.roster);
    if (!pairing) {
      m.set({ phase: 'pair' });
      return m;
    }
    m.startSync(pairing);
    void m.refreshRoster();
    await m.reload();
    const staff = await db.get<SignedIn>('staff');
    // The hub refused the tablet while it booted (refreshRoster): it has erased itself and shows the pairing screen.
    if (m.view.wiped) return m;
    if (station && staff && Date.now() - staff.lastActivity < IDLE_SIGN_OUT_MS) {
      m.lastActivity = staff.lastActivity;
      m.set({ phase: 'ready', staff: { id: staff.id, name: staff.name, roles: staff.roles as Staff['roles'] } });
    } else {
      m.set({ phase: station ? 'signin' : 'station' });
    }
    m.idleTimer = setInterval(() => m.checkIdle(), 30_000);
    // A tablet in kiosk mode may run for weeks without a reload: the token's age is asked at start and every 6 h.
    void m.renewToken();
    m.renewTimer = setInterval(() => void m.renewToken(), 6 * 3_600_000);
    return m;
  }

  private renewTimer: ReturnType<typeof setInterval> | undefined;
  private renewing = false;

  /**
   * A month-old token is replaced (the hub's TABLET_TOKEN_MS). The new one is saved before it is first used: from
   * that use on the hub takes only the new one, so the tablet must never be left holding only the old. Any
   * failure leaves the old one working; the next try is in 6 hours or at the next start.
   */
  async renewToken(): Promise<void> {
    const pairing = this.view.pairing;
    if (!pairing || this.renewing) return;
    this.renewing = true;
    try {
      const me = await call('device', { token: pairing.token });
      if (!me.tokenDue) return;
      const { token } = await call('deviceToken', { token: pairing.token });
      const renewed: Pairing = { ...pairing, token };
      await this.db.set('pairing', renewed);
      this.set({ pairing: renewed });
      await call('device', { token });
      this.sync?.close();
      this.startSync(renewed);
    } catch {
      // offline, or the hub busy: the old token still works
    } finally {
      this.renewing = false;
    }
  }

  get rosterIndex(): RosterIndex | undefined {
    return this.index;
  }

  /** Now on the hub's clock, as far as this tablet knows it. */
  now(): number {
    return Date.now() + this.view.sync.clockOffsetMs;
  }

  private today(): string {
    return this.view.roster ? localDay(this.now(), this.view.roster.settings.timeZone) : '';
  }

  private useRoster(roster: Roster) {
    this.index = indexRoster(roster);
    this.set({ roster });
    void this.sync?.follow();
  }

  private startSync(pairing: Pairing) {
    this.sync = new SyncEngine({
      db: this.db,
      token: pairing.token,
      day: () => this.today(),
      station: () => this.view.station?.kind,
      onChange: (arrived) => {
        if (arrived) this.addEvents(arrived);
        else void this.reload();
      },
      onRosterChanged: () => {
        void this.refreshRoster();
      },
      onStatus: (sync) => {
        this.set({ sync });
        if (sync.revoked) void this.checkRevoked();
      },
    });
  }

  private wiping: Promise<void> | undefined;

  /**
   * The socket was refused: the hub is asked once more, over HTTP, who this tablet is. Only a 401 (the hub does
   * not know the token: revoked, or a hub set up again) erases the tablet; no answer (offline) changes nothing.
   */
  private checkRevoked(): Promise<void> {
    const pairing = this.view.pairing;
    if (!pairing) return Promise.resolve();
    this.wiping ??= call('device', { token: pairing.token }).then(
      () => {
        this.wiping = undefined;
      },
      async (err: unknown) => {
        if (err instanceof HubError && err.status === 401) await this.wipe();
        this.wiping = undefined;
      },
    );
    return this.wiping;
  }

  /** Erases the tablet (KioskDb.wipe) and goes back to pairing, saying why and how many unsent records went. */
  private async wipe() {
    const unsent = await this.db.outboxCount();
    this.sync?.close();
    this.sync = undefined;
    await this.db.wipe();
    this.reducer = undefined;
    this.index = undefined;
    this.lastTrim = '';
    this.replace({
      phase: 'pair',
      day: '',
      sync: { online: false, unsent: 0, lastSync: null, clockOffsetMs: 0, revoked: true, rejected: 0 },
      rejected: [],
      wiped: { unsent },
    });
  }

  private lastTrim = '';

  /**
   * Once a day (and after a new roster): events older than the last KEEP_DAYS days and data about children no
   * longer in the roster leave the tablet; what the hub has not acknowledged stays (KioskDb.trim).
   */
  private async trimDaily(day: string, force = false) {
    const roster = this.view.roster;
    if (!roster || !day || (!force && this.lastTrim === day)) return;
    this.lastTrim = day;
    await this.db.trim(day, new Set(roster.students.map((s) => s.id)));
  }

  /**
   * Fetches the roster when the hub is reachable; keeps the cached one otherwise. The hub's answer is the hashed
   * roster (card hashes, no card ids: core/cardHash.ts) and replaces the cached one in IndexedDB whole, so a roster
   * an older version cached with card ids is gone at the first load.
   */
  async refreshRoster() {
    const pairing = this.view.pairing;
    if (!pairing) return;
    try {
      const r = await call('roster', { token: pairing.token });
      await this.db.set('roster', r);
      this.useRoster(r.roster);
      await this.trimDaily(this.today(), true);
      await this.reload();
    } catch (err) {
      // 401: the hub does not know this tablet any more (revoked); anything else: offline, the cached roster stands
      if (err instanceof HubError && err.status === 401) await this.checkRevoked();
    }
  }

  /** Rebuilds the day from the events on the tablet. */
  async reload() {
    const roster = this.view.roster;
    if (!roster) return;
    const day = this.today();
    await this.trimDaily(day);
    const events = await this.db.eventsOf(day);
    if (this.view.roster !== roster) return; // a newer roster came meanwhile; its own reload follows
    this.reducer = new DayReducer(roster, day, { mode: REDUCE_MODE });
    this.reducer.add(events);
    this.recompute(day);
    this.set({ rejected: await this.db.rejectedList() });
  }

  /**
   * The day's reducer (CU23) for this roster: a new roster judges the same events afresh; a new day (past
   * midnight) starts empty and is filled from the tablet's store.
   */
  private dayReducer(day: string): DayReducer | undefined {
    const roster = this.view.roster;
    if (!roster) return undefined;
    const current = this.reducer;
    if (current && current.day === day && current.roster === roster) return current;
    const next = new DayReducer(roster, day, { mode: REDUCE_MODE });
    if (current?.day === day) next.add(current.events());
    else void this.reload();
    return (this.reducer = next);
  }

  /** Events that reached the tablet (its own, or the hub's feed) join the day: only they are applied. */
  private addEvents(events: readonly CustodyEvent[]) {
    const day = this.today();
    this.dayReducer(day)?.add(events);
    this.recompute(day);
  }

  private recompute(day = this.today()) {
    const reducer = this.dayReducer(day);
    if (!reducer) return;
    this.set({ day, dayState: reducer.state(this.now()) });
  }

  // --- set-up ----------------------------------------------------------------------------------------------
  async pair(code: string, name: string): Promise<void> {
    const r = await call('pair', { body: { code: code.trim().toUpperCase(), name } });
    const pairing: Pairing = { deviceId: r.deviceId, token: r.token, school: r.school, name };
    await this.db.set('pairing', pairing);
    this.set({ pairing, error: undefined, wiped: undefined });
    this.startSync(pairing);
    await this.refreshRoster();
    // A station the office already gave this tablet is taken as is; otherwise the teacher picks one.
    const assigned = await call('device', { token: pairing.token })
      .then((d) => d.station)
      .catch(() => null);
    const station = stationFromAssigned(assigned);
    if (station) await this.chooseStation(station);
    else this.set({ phase: 'station' });
  }

  async chooseStation(station: Station) {
    await this.db.set('station', station);
    this.set({ station, phase: 'signin' });
  }

  async changeStation() {
    await this.signOut();
    this.set({ phase: 'station' });
  }

  /** PIN sign-in: checked by the hub when it is reachable, else against this tablet's verifier from an earlier sign-in. */
  async signIn(staffId: string, pin: string): Promise<void> {
    const pairing = this.view.pairing;
    const staff = this.index?.staff.get(staffId);
    if (!pairing || !staff) throw new HubError(undefined, 400);
    try {
      const { offlineUntil } = await call('staffSignIn', { token: pairing.token, body: { staffId, pin } });
      await this.db.savePin({ ...(await makePinVerifier(staffId, pin)), offlineUntil });
    } catch (err) {
      if (err instanceof HubError) throw err;
      const refused = await checkPinOffline(this.db, staffId, pin, Date.now(), OFFLINE_UNKNOWN);
      if (refused) throw new HubError(refused, refused.code === 'rate_limited' ? 429 : 401);
      // The PIN is right, but past the hub's grant every record made now would be refused when the tablet syncs:
      // better the teacher knows now (and uses paper) than finds the day's scans refused tonight.
      const until = (await this.db.pin(staffId))?.offlineUntil;
      if (until === undefined || until < this.today()) throw new HubError(problem('offline_expired', until), 401);
    }
    // The duty sign-in is recorded before the first scan can be.
    this.set({ staff: { id: staff.id, name: staff.name, roles: staff.roles } });
    this.lastActivity = Date.now();
    await this.db.set('staff', { id: staff.id, name: staff.name, roles: staff.roles, lastActivity: this.lastActivity });
    await this.write([this.dutyEvent('staff_signed_in')]);
    this.set({ phase: 'ready' });
  }

  async signOut() {
    if (this.view.staff) await this.write([this.dutyEvent('staff_signed_out')]);
    await this.db.set('staff', null);
    clearTimeout(this.undoTimer);
    this.set({ staff: undefined, phase: 'signin', verdict: undefined, guardianMatch: undefined, undo: undefined });
    this.set({ blocked: undefined }); // SN2: a held release is not left for the next teacher
  }

  private dutyEvent(type: 'staff_signed_in' | 'staff_signed_out'): CustodyEvent {
    const st = this.view.station;
    const duty = st?.kind === 'care' ? 'care' : st?.kind === 'gate' ? 'gate' : 'class';
    return makeEvent(this.context(), {
      type,
      duty,
      ...(st?.kind === 'care' ? { groupId: st.groupId } : {}),
    } as EventBody);
  }

  private checkIdle() {
    if (this.view.phase === 'ready' && Date.now() - this.lastActivity > IDLE_SIGN_OUT_MS) void this.signOut();
  }

  touch() {
    this.lastActivity = Date.now();
    const s = this.view.staff;
    // Saved at most once a minute: enough to restore the session after a reload.
    if (s && this.lastActivity - this.savedActivity > 60_000) {
      this.savedActivity = this.lastActivity;
      void this.db.set('staff', { ...s, lastActivity: this.lastActivity });
    }
  }

  // --- scanning --------------------------------------------------------------------------------------------
  private context(): ScanContext {
    const pairing = this.view.pairing!;
    return {
      index: this.index!,
      state: this.view.dayState!,
      station: this.view.station!,
      day: this.today(),
      now: Date.now(),
      deviceId: pairing.deviceId,
      staffId: this.view.staff?.id ?? '',
      clockOffsetMs: this.view.sync.clockOffsetMs,
      newId: () => crypto.randomUUID(),
      guardianMatch: this.view.guardianMatch
        ? { guardian: this.view.guardianMatch.guardian, cardId: this.view.guardianMatch.cardId }
        : undefined,
    };
  }

  /** A code from the camera or a keyboard scanner. Returns the verdict shown. */
  async scan(text: string): Promise<Verdict | undefined> {
    if (this.view.phase !== 'ready' || !this.index || !this.view.dayState) return undefined;
    this.touch();
    // DG1: a one-day pickup slip is no card: at the gate it opens the code sheet with what was read.
    if (this.view.station?.kind === 'gate' && parseDelegateInput(text)?.day) {
      this.set({ delegateScan: { text, at: Date.now() } });
      return undefined;
    }
    const parsed = parseCardId(text);
    // A change of mode (an emergency roll call starting) makes the same card a new scan at once.
    const mode =
      this.view.dayState.rollCall && this.view.dayState.rollCall.endedAt === undefined ? 'roll-call' : 'station';
    const key = `${mode}:${parsed.ok ? parsed.cardId : text}`;
    const now = Date.now();
    const repeat = this.dedupe.isRepeat(key, now);
    const last = this.view.verdict;
    // The same card still in front of the camera is the same scan: its verdict stays as it is. Only after the
    // hold, and only if that verdict recorded something, does the screen say "already recorded". A card that
    // recorded nothing (a guardian's pickup card, a refusal) keeps its words.
    if (repeat && last && key === this.verdictKey) {
      // A pickup card's calls (CU22) are not a scan to repeat: the card keeps its name on screen.
      if (now - last.at >= VERDICT_HOLD_MS && last.events.length > 0 && !last.repeat && !last.guardian)
        this.set({ verdict: { ...last, repeat: true } });
      return last;
    }
    const verdict = decideScan(this.context(), text);
    this.verdictKey = key;
    await this.show(verdict);
    return verdict;
  }

  /** A child chosen by search or from a list, without a card: the reason is recorded. */
  async pick(student: Student, reason: string): Promise<Verdict | undefined> {
    if (this.view.phase !== 'ready' || !this.index || !this.view.dayState) return undefined;
    this.touch();
    const source: Source = { kind: 'manual', reason };
    const verdict = decideStudent(this.context(), student, source);
    this.verdictKey = `pick:${student.id}`;
    await this.show(verdict);
    return verdict;
  }

  /** The gate: a child called earlier (CU22) stands at the gate now, without a card: released the planned way. */
  async releaseArrived(student: Student): Promise<Verdict | undefined> {
    if (this.view.phase !== 'ready' || !this.index || !this.view.dayState) return undefined;
    this.touch();
    const verdict = decideStudent(this.context(), student, { kind: 'manual', reason: '呼叫后到校门' }, true);
    this.verdictKey = `pick:${student.id}`;
    await this.show(verdict);
    return verdict;
  }

  /** The gate calls a whole pickup wave (CU22): every child of it still in a room and not called yet. */
  async callWave(wave: number): Promise<CustodyEvent[]> {
    if (this.view.phase !== 'ready' || !this.index || !this.view.dayState) return [];
    const ctx = this.context();
    const students = [...this.index.students.values()].filter((s) => s.pickupWave === wave && needsCall(ctx, s));
    const { events } = await this.act(
      students.map((s) => ({ type: 'called_to_gate', studentId: s.id, source: { kind: 'group' }, wave })),
    );
    return events;
  }

  /** Extended care or the gate: a child collected by a guardian the teacher named (no card in hand). */
  async releaseTo(student: Student, collectedBy: string, reason: string): Promise<Verdict | undefined> {
    if (this.view.phase !== 'ready' || !this.index || !this.view.dayState) return undefined;
    this.touch();
    const ctx = this.context();
    const verdict: Verdict = {
      level: 'ok',
      title: { zh: '放行', en: 'Released' },
      detail: { zh: `由 ${collectedBy} 接走`, en: `Collected by ${collectedBy}` },
      student,
      events: [
        makeEvent(ctx, {
          type: 'released',
          studentId: student.id,
          source: { kind: 'manual', reason },
          how: { kind: 'staff_confirmed', collectedBy },
        }),
      ],
    };
    this.verdictKey = `pick:${student.id}`;
    await this.show(verdict);
    return verdict;
  }

  /** A verdict that comes from an action, not a scan (a refusal the reducer gave, a confirmation). */
  notify(verdict: Omit<Verdict, 'events'>) {
    this.verdictKey = '';
    this.set({ verdict: { ...verdict, events: [], at: Date.now() } });
    this.set({ blocked: undefined }); // SN2: the held release belonged to the verdict this one replaces
  }

  /** Offers to take back these just-recorded events for UNDO_MS. */
  offerUndo(label: Bilingual, eventIds: string[]) {
    clearTimeout(this.undoTimer);
    if (eventIds.length === 0) return;
    this.set({ undo: { label, eventIds, until: Date.now() + UNDO_MS } });
    this.undoTimer = setTimeout(() => this.set({ undo: undefined }), UNDO_MS);
  }

  /** The undo: a correction for each event (CU14), so the record keeps both what was done and that it was undone. */
  async undo() {
    const u = this.view.undo;
    clearTimeout(this.undoTimer);
    this.set({ undo: undefined });
    if (!u || Date.now() > u.until) return;
    await this.act(u.eventIds.map((targetId) => ({ type: 'corrected', targetId, reason: '撤销：老师点错了' })));
    if (this.view.verdict?.events.some((e) => u.eventIds.includes(e.id))) {
      this.verdictKey = '';
      this.set({ verdict: undefined });
    }
  }

  clearGuardian() {
    this.set({ guardianMatch: undefined });
  }

  /**
   * SN2: a release a safety note forbids (只凭接送卡, 不得交给) is not written: the verdict turns red with the reason
   * and the release waits in `blocked` for the duty leader's PIN (`overrideRelease`). Any other verdict drops it.
   */
  private holdAgainstNotes(v: Verdict): Verdict {
    const e = v.events.find((x): x is EventOf<'released'> => x.type === 'released' && !x.override);
    const student = e && this.index?.students.get(e.studentId);
    const block = e && student ? releaseBlock(student, e.how, (id) => this.index?.guardians.get(id)?.name) : null;
    if (!e || !student || !block) {
      if (this.view.blocked) this.set({ blocked: undefined });
      return v;
    }
    this.set({ blocked: { event: e, student, reason: { zh: block.zh, en: block.en } } });
    const detail = { zh: '未放行：需值班领导授权', en: 'Not released: the duty leader must allow it' };
    return { level: 'error', title: { zh: block.zh, en: block.en }, detail, student, events: [] };
  }

  /**
   * SN2: the duty leader allows the blocked release with their PIN, checked by the hub (never on the tablet, and the
   * leader is not signed in here). A wrong PIN or an unreachable hub throws and writes nothing.
   */
  async overrideRelease(leaderId: string, pin: string, reason: string): Promise<void> {
    const b = this.view.blocked;
    const pairing = this.view.pairing;
    if (!b || !pairing || this.view.phase !== 'ready') return;
    await call('verifyLeader', { token: pairing.token, body: { staffId: leaderId, pin, studentId: b.student.id } });
    const leader = this.index?.staff.get(leaderId)?.name ?? '值班领导';
    const { source, how } = b.event;
    const event = makeEvent(this.context(), {
      type: 'released',
      studentId: b.student.id,
      source,
      how,
      override: { staffId: leaderId, reason },
    });
    this.set({ blocked: undefined });
    this.verdictKey = `pick:${b.student.id}`;
    await this.show({
      level: 'warn',
      title: { zh: `已放行：${leader} 授权`, en: `Released: allowed by ${leader}` },
      detail: { zh: `${b.reason.zh}；已记录并通知值班领导`, en: `${b.reason.en}; recorded, the duty leader is told` },
      student: b.student,
      events: [event],
    });
  }

  private async show(shown: Verdict) {
    const verdict = this.holdAgainstNotes(shown);
    // Written to IndexedDB before it shows: a confirmed scan survives a crash or a reload.
    if (verdict.events.length) await this.write(verdict.events);
    this.set({
      verdict: { ...verdict, at: Date.now() },
      ...(verdict.guardian ? { guardianMatch: verdict.guardian } : {}),
    });
    // A release the system warned about (never checked in, on leave) happened in one tap: it can be taken back.
    const released = verdict.events.filter((e) => e.type === 'released');
    if (verdict.level === 'warn' && released.length && verdict.student)
      this.offerUndo(
        { zh: `已放行 ${verdict.student.name}（${verdict.title.zh}）`, en: `Released ${verdict.student.name}` },
        released.map((e) => e.id),
      );
  }

  /** Records events made by this tablet (scans, group actions, duty). */
  async write(events: CustodyEvent[]) {
    if (events.length === 0) return;
    await this.db.record(events, Date.now());
    this.addEvents(events);
    void this.sync?.queued();
  }

  /** Builds and records events for a group action (send to the gate, a joint hand-over, extended care …). */
  async act(bodies: EventBody[]): Promise<{ events: CustodyEvent[]; anomalies: Anomaly[] }> {
    this.touch();
    const ctx = this.context();
    const events = bodies.map((b) => makeEvent(ctx, b));
    await this.write(events);
    // What the reducer made of them (an out-of-order warning, say), for the screen to put into words.
    const ids = new Set(events.map((e) => e.id));
    const anomalies = (this.view.dayState?.anomalies ?? []).filter((a) => a.eventId && ids.has(a.eventId));
    return { events, anomalies };
  }

  /** A joint hand-over for a class that stays in its own room needs the care teacher's PIN too. */
  async jointHandOver(careStaffId: string, pin: string, students: Student[], groupId: string) {
    const pairing = this.view.pairing!;
    try {
      await call('staffSignIn', { token: pairing.token, body: { staffId: careStaffId, pin } });
    } catch (err) {
      if (err instanceof HubError) throw err;
      const refused = await checkPinOffline(this.db, careStaffId, pin, Date.now());
      if (refused) throw new HubError(refused, refused.code === 'rate_limited' ? 429 : 401);
    }
    await this.act(
      students.map((s) => ({
        type: 'checked_in',
        studentId: s.id,
        source: { kind: 'group' },
        groupId,
        jointWithStaffId: careStaffId,
      })),
    );
  }

  async flushNow() {
    await this.sync?.flush();
  }

  close() {
    clearInterval(this.idleTimer);
    clearInterval(this.renewTimer);
    this.sync?.close();
    this.db.close();
  }
}
