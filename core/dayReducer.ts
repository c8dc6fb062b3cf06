/**
 * CU23: the day kept up to date event by event. `reduceDay` replays every event of the day for every new one,
 * which for a school of 3,000 children (12,000 events by dismissal) is tens of milliseconds on a budget tablet at
 * each scan. This reducer applies a new event to the state it already has when the event comes after everything
 * applied (the common case), and otherwise replays only what the event can change:
 *
 * - a child's event that arrives late (another tablet's scan a moment earlier, an offline tablet's outbox) or a
 *   correction of one: that child's own events again, since a child's day depends on its events alone;
 * - anything else that arrives late (a sign-in, an inspection, an acknowledgement) or any late event on a day
 *   with a roll call (whose participants depend on every child at its start): from the last checkpoint before it.
 *
 * The result is the same as `reduceDay` over the same events in any order, with the same repeats (proved by
 * test/core/dayReducer.property.test.ts). The clock's rules are judged afresh at each `state(now)`.
 */
import type { CustodyEvent } from './events';
import { compareEvents, isStudentEvent } from './events';
import type { DayFold, VerdictMemo } from './reduceDay';
import { copyFold, finishDay, foldEvent, reduceDay, resetChild, startFold } from './reduceDay';
import type { Roster, RosterIndex } from './roster';
import { indexRoster } from './roster';
import type { ChildDay, DayState, DeviceHealth } from './state';

/** `full` replays the whole day at every state, as before #20: the benchmarks' side-by-side comparison. */
export type ReduceMode = 'incremental' | 'full';

/** A checkpoint every this many events, at least: a late sign-in replays at most about this many. */
const CHECKPOINT_EVERY = 1_000;

interface Checkpoint {
  /** events of `ordered` folded into it */
  count: number;
  fold: DayFold;
}

/** Index of the first event that sorts after `e` (so equal keys keep their arrival order: ids are unique). */
function upperBound(list: readonly CustodyEvent[], e: CustodyEvent): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareEvents(list[mid]!, e) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(list: CustodyEvent[], e: CustodyEvent): number {
  const at = list.length && compareEvents(list[list.length - 1]!, e) <= 0 ? list.length : upperBound(list, e);
  list.splice(at, 0, e);
  return at;
}

function indexOfEvent(list: readonly CustodyEvent[], e: CustodyEvent): number {
  const after = upperBound(list, e);
  return after > 0 && list[after - 1]!.id === e.id ? after - 1 : list.indexOf(e);
}

export class DayReducer {
  readonly index: RosterIndex;
  /** every distinct event of the day, in the reducer's order (CU2) */
  private ordered: CustodyEvent[] = [];
  private byId = new Map<string, CustodyEvent>();
  /** each child's events in order, for replaying one child */
  private byChild = new Map<string, CustodyEvent[]>();
  /** targets of the corrections seen so far (CU14) */
  private voided = new Set<string>();
  private hasRollCall = false;
  private fold: DayFold;
  private checkpoints: Checkpoint[] = [];
  /** the clock's verdict on each child, judged again only when its day changes or a turning point passes */
  private verdicts: VerdictMemo = new Map();
  /** the last state's children, handed back whole when none changed */
  private lastChildren: Readonly<Record<string, ChildDay>> | undefined;
  /** how often each path ran: for tests and the benchmarks */
  readonly stats = { appended: 0, childReplays: 0, checkpointReplays: 0, eventsRefolded: 0 };

  readonly mode: ReduceMode;
  private readonly checkpointEvery: number;

  constructor(
    readonly roster: Roster,
    readonly day: string,
    opts: { mode?: ReduceMode; checkpointEvery?: number } = {},
  ) {
    this.mode = opts.mode ?? 'incremental';
    this.checkpointEvery = opts.checkpointEvery ?? CHECKPOINT_EVERY;
    this.index = indexRoster(roster);
    this.fold = startFold(this.index, day);
    this.checkpoints.push({ count: 0, fold: copyFold(this.fold) });
  }

  /** How many distinct events of the day the reducer holds. */
  get eventCount(): number {
    return this.ordered.length;
  }

  /** The day's events, in order: what a caller that needs them all (a full replay, a report) reads. */
  events(): readonly CustodyEvent[] {
    return this.ordered;
  }

  /** Adds events in any order, with repeats; events of other days are ignored. */
  add(events: Iterable<CustodyEvent>): void {
    /** the first position of `ordered` whose fold is no longer right, for a checkpoint replay */
    let refoldFrom = Infinity;
    const replayChildren = new Set<string>();
    let applied = this.ordered.length;
    /** children one of whose events came again with other content: the same ids no longer mean the same day */
    const recopied = new Set<string>();
    /** Something already folded changed at `at`: replay its child if that is enough, else from a checkpoint. */
    const stale = (at: number, e: CustodyEvent) => {
      if (isStudentEvent(e) && !this.hasRollCall) {
        replayChildren.add(e.studentId);
        this.dropCheckpointsAfter(at);
      } else refoldFrom = Math.min(refoldFrom, at);
    };
    for (const e of events) {
      if (e.day !== this.day) continue;
      const known = this.byId.get(e.id);
      if (known) {
        // CU2: of two copies of one id the first in order counts. The hub never stores two; should a kiosk's
        // cache hold a different copy, the whole day is refolded with the earlier one.
        if (compareEvents(e, known) >= 0) continue;
        this.ordered.splice(indexOfEvent(this.ordered, known), 1);
        this.removeFromChild(known);
        this.byId.set(e.id, e);
        insertSorted(this.ordered, e);
        if (isStudentEvent(e)) insertSorted(this.childList(e.studentId), e);
        this.voided = new Set(this.ordered.flatMap((x) => (x.type === 'corrected' ? [x.targetId] : [])));
        refoldFrom = 0;
        for (const x of [known, e]) if (isStudentEvent(x)) recopied.add(x.studentId);
        continue;
      }
      this.byId.set(e.id, e);
      if (e.type === 'roll_call_started') this.hasRollCall = true;
      const at = insertSorted(this.ordered, e);
      if (isStudentEvent(e)) insertSorted(this.childList(e.studentId), e);
      if (at < applied) {
        applied++;
        stale(at, e);
      }
      if (e.type === 'corrected' && !this.voided.has(e.targetId)) {
        this.voided.add(e.targetId);
        const target = this.byId.get(e.targetId);
        if (target) {
          const t = indexOfEvent(this.ordered, target);
          if (t < applied) stale(t, target);
        }
      }
    }
    if (this.mode === 'full') return;
    const before = this.fold.children;
    if (refoldFrom < applied) {
      this.dropCheckpointsAfter(refoldFrom);
      const from = this.checkpoints.at(-1)!;
      this.fold = copyFold(from.fold);
      applied = from.count;
      this.stats.checkpointReplays++;
      this.stats.eventsRefolded += this.ordered.length - applied;
    } else {
      // Replayed up to the first event this batch appends, which the loop below applies in its turn.
      const frontier = this.ordered[applied];
      for (const id of replayChildren) this.replayChild(id, frontier);
    }
    const previous = refoldFrom < Infinity ? before : undefined;
    this.stats.appended += this.ordered.length - applied;
    for (let i = applied; i < this.ordered.length; i++) {
      foldEvent(this.fold, this.ordered[i]!, this.index, this.day, this.voided);
      if (i + 1 - this.checkpoints.at(-1)!.count >= this.checkpointEvery)
        this.checkpoints.push({ count: i + 1, fold: copyFold(this.fold) });
    }
    if (previous) this.keepUnchanged(previous, recopied);
  }

  /**
   * After a replay from a checkpoint, a child whose chain is the same events as before has the same day (a child's
   * day is a function of its own events): it gets its earlier object back, so screens see it unchanged.
   */
  private keepUnchanged(previous: ReadonlyMap<string, ChildDay>, recopied: ReadonlySet<string>) {
    for (const [id, child] of this.fold.children) {
      const old = previous.get(id);
      if (recopied.has(id)) continue;
      if (!old || old === child || old.chain.length !== child.chain.length) continue;
      if (old.chain.every((l, i) => l.eventId === child.chain[i]!.eventId)) this.fold.children.set(id, old);
    }
  }

  /** The day at `now`. */
  state(now: number, devices?: readonly DeviceHealth[]): DayState {
    if (this.mode === 'full')
      return reduceDay({
        roster: this.roster,
        day: this.day,
        events: this.ordered,
        now,
        ...(devices ? { devices } : {}),
      });
    const state = finishDay(this.fold, {
      index: this.index,
      day: this.day,
      now,
      devices,
      eventCount: this.ordered.length,
      verdicts: this.verdicts,
      ...(this.lastChildren ? { previousChildren: this.lastChildren } : {}),
    });
    this.lastChildren = state.children;
    return state;
  }

  private childList(studentId: string): CustodyEvent[] {
    let list = this.byChild.get(studentId);
    if (!list) this.byChild.set(studentId, (list = []));
    return list;
  }

  private removeFromChild(e: CustodyEvent) {
    if (!isStudentEvent(e)) return;
    const list = this.childList(e.studentId);
    list.splice(list.indexOf(e), 1);
  }

  /** A checkpoint that holds the event at `at` (or anything after it) is no longer the fold of its prefix. */
  private dropCheckpointsAfter(at: number) {
    while (this.checkpoints.at(-1)!.count > at) this.checkpoints.pop();
  }

  /** One child's day again from its own events: all that a late event or a correction about it can change. */
  private replayChild(studentId: string, frontier: CustodyEvent | undefined) {
    this.stats.childReplays++;
    resetChild(this.fold, this.index, this.day, studentId);
    for (const e of this.byChild.get(studentId) ?? []) {
      if (frontier && compareEvents(e, frontier) >= 0) break;
      foldEvent(this.fold, e, this.index, this.day, this.voided);
    }
  }
}

/** The mode a page runs in: `?reduce=full` in its address replays the whole day, for the benchmarks. */
export function reduceModeOf(search: string): ReduceMode {
  return new URLSearchParams(search).get('reduce') === 'full' ? 'full' : 'incremental';
}
