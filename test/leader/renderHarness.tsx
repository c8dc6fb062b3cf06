/**
 * The page a render test loads in Chromium (bundled by test/leader/renderPage.ts): the duty leader's dashboard
 * and the kiosk's search and care room over the 3,000-child school of bigSchool.ts, rendered with React's
 * production build and the pages' own CSS, and `window.harness` to apply one change and read the render counts
 * (common/renderCount.ts) that change caused.
 */
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import type { DayState } from '../../core/state';
import type { Roster } from '../../core/roster';
import { Dashboard } from '../../leader/Dashboard';
import type { LeaderModel, LeaderView } from '../../leader/leaderModel';
import type { KioskModel, KioskView } from '../../kiosk/lib/kioskModel';
import { SearchBox } from '../../kiosk/ui/ScanPanels';
import { CarePanel } from '../../kiosk/ui/CarePanel';
import { GatePanel } from '../../kiosk/ui/GatePanel';
import { Bi } from '../../common/Bi';
import { DayReducer } from '../../core/dayReducer';
import type { CustodyEvent } from '../../core/events';
import { at, DAY, ev } from '../core/fixtures';
import {
  afternoonEvents,
  applyCheckIn,
  bigDay,
  bigRoster,
  checkInEvent,
  markSafe,
  startRollCall,
  tick,
  withAlerts,
} from './bigSchool';
import '../../common/base.css';
import '../../leader/leader.css';
import '../../kiosk/ui/kiosk.css';

type Counts = Record<string, number>;
const g = globalThis as unknown as { relayRenders?: Counts };

let root: Root | undefined;
let roster: Roster;
let state: DayState;
let draw: () => void = () => {};

function counted(change: () => void): Counts {
  g.relayRenders = {};
  const t0 = performance.now();
  flushSync(change);
  const out = g.relayRenders;
  out.ms = Math.round(performance.now() - t0);
  g.relayRenders = undefined;
  return out;
}

const leaderModel = {
  event: () => undefined,
  record: async () => ({}),
  logout: () => {},
} as unknown as LeaderModel;

function leaderView(): LeaderView {
  return {
    session: { staff: { id: 'leader', name: '值班领导' }, token: 't' } as unknown as LeaderView['session'],
    roster,
    state,
    kiosks: [],
    online: true,
    fresh: [],
  };
}

const kioskModel = { pick: async () => {}, scan: async () => {}, act: async () => ({ events: [], anomalies: [] }) };

function kioskView(): KioskView {
  return {
    phase: 'ready',
    day: state.day,
    roster,
    dayState: state,
    sync: { online: true, unsent: 0, lastSync: null, clockOffsetMs: 0, revoked: false, rejected: 0 },
    rejected: [],
  } as KioskView;
}

const screens: Record<string, () => React.ReactNode> = {
  leader: () => <Dashboard model={leaderModel} view={leaderView()} roster={roster} state={state} />,
  search: () => (
    <div className="kiosk ready">
      <div className="station">
        <div className="scan-col">
          {/* as CameraPanel lays it out: the camera's button, the search beside it */}
          <section className="camera scan-camera">
            <div className="row">
              <button data-testid="camera-toggle">
                <Bi zh="打开摄像头" en="Camera" />
              </button>
              <SearchBox model={kioskModel as unknown as KioskModel} view={kioskView()} />
            </div>
          </section>
        </div>
        <div className="list-col">
          <CarePanel model={kioskModel as unknown as KioskModel} view={kioskView()} groupId="g1" />
        </div>
      </div>
    </div>
  ),
  gate: () => (
    <div className="kiosk ready">
      <div className="station">
        <div className="list-col">
          <GatePanel model={kioskModel as unknown as KioskModel} view={kioskView()} />
        </div>
      </div>
    </div>
  ),
  care: () => (
    <div className="kiosk ready">
      <div className="station">
        <div className="list-col">
          <CarePanel model={kioskModel as unknown as KioskModel} view={kioskView()} groupId="g1" />
        </div>
      </div>
    </div>
  ),
};

const harness = {
  /** Renders `screen` over a fresh school of `groups` × `perGroup`; the first render's counts. */
  start(screen: string, groups = 75, perGroup = 40): Counts {
    root?.unmount();
    roster = bigRoster(groups, perGroup);
    state = bigDay(roster);
    const el = document.getElementById('root')!;
    root = createRoot(el);
    draw = () => root!.render(screens[screen]!());
    return counted(draw);
  },
  /** One child checked in to its own group, re-rendered: what rendered again. */
  checkIn(studentId: string): Counts {
    state = applyCheckIn(state, studentId);
    return counted(draw);
  },
  /** A second passes with nothing new: what rendered again. */
  tick(): Counts {
    state = tick(state);
    return counted(draw);
  },
  /** Children checked in without measuring (a room filling up before the one change measured). */
  fill(ids: string[]): void {
    for (const id of ids) state = applyCheckIn(state, id);
    flushSync(draw);
  },
  /** The first `n` children walked to the gate (a dismissal's crowd), measured. */
  atGate(n: number): Counts {
    const children = { ...state.children };
    for (const s of roster.students.slice(0, n))
      children[s.id] = { ...children[s.id]!, status: 'at_gate', since: state.now, place: undefined };
    state = { ...state, children };
    return counted(draw);
  },
  /** Open alerts (fresh objects), measured. */
  alerts(n: number): Counts {
    state = withAlerts(state, n);
    return counted(draw);
  },
  /** A roll call starts, measured. */
  rollCall(): Counts {
    state = startRollCall(state);
    return counted(draw);
  },
  /** One child found safe, measured. */
  safe(studentId: string): Counts {
    state = markSafe(state, studentId);
    return counted(draw);
  },
  students: () => roster.students.length,

  /**
   * The real reducer instead of hand-built states (core/dayReducer.ts): the big school's afternoon added, its
   * state at 17:00 rendered on `screen`; the first render's counts.
   */
  reducerStart(screen: string): Counts {
    root?.unmount();
    roster = bigRoster();
    reducer = new DayReducer(roster, DAY);
    reducer.add(afternoonEvents(roster));
    now = at('17:00');
    state = reducer.state(now);
    lastDiff = { changed: [], stats: { ...reducer.stats } };
    root = createRoot(document.getElementById('root')!);
    draw = () => root!.render(screens[screen]!());
    return counted(draw);
  },
  /** One check-in stamped `time` added to the reducer, its state at the clock moved by `advanceMs`, rendered. */
  reducerCheckIn(studentId: string, time: string, advanceMs = 0): Counts {
    const stats0 = { ...reducer!.stats };
    reducer!.add([checkInEvent(roster, studentId, time)]);
    return reducerDraw(advanceMs, stats0);
  },
  /** Any event (test/core/fixtures.ts ev) added to the reducer, its state at the clock moved by `advanceMs`. */
  reducerEvent(type: string, time: string, body: object, envelope: object = {}, advanceMs = 0): Counts {
    const stats0 = { ...reducer!.stats };
    reducer!.add([ev(type as CustodyEvent['type'], time, body as never, envelope)]);
    return reducerDraw(advanceMs, stats0);
  },
  /**
   * The child's last event again under its own id, stamped a second earlier: a kiosk cache's different copy of
   * an event the reducer holds (CU2: the earlier copy counts).
   */
  reducerRecopy(studentId: string): Counts {
    const stats0 = { ...reducer!.stats };
    const e = reducer!.events().findLast((x) => 'studentId' in x && x.studentId === studentId)!;
    reducer!.add([{ ...e, deviceTime: e.deviceTime - 1_000 }]);
    return reducerDraw(0, stats0);
  },
  /** The reducer's state again, nothing added, at the clock moved by `advanceMs` (0: the same `now`). */
  reducerTick(advanceMs = 0): Counts {
    return reducerDraw(advanceMs);
  },
  /** What the last reducer state changed: children whose ChildDay is a new object, and the reducer's paths. */
  reducerDiff: () => lastDiff,
};

let reducer: DayReducer | undefined;
let now = 0;
let lastDiff: { changed: string[]; stats: DayReducer['stats'] } = {
  changed: [],
  stats: { appended: 0, childReplays: 0, checkpointReplays: 0, eventsRefolded: 0 },
};

function reducerDraw(advanceMs: number, stats0 = { ...reducer!.stats }): Counts {
  const before = state;
  now += advanceMs;
  state = reducer!.state(now);
  const s = reducer!.stats;
  lastDiff = {
    changed: Object.keys(state.children).filter((id) => state.children[id] !== before.children[id]),
    stats: {
      appended: s.appended - stats0.appended,
      childReplays: s.childReplays - stats0.childReplays,
      checkpointReplays: s.checkpointReplays - stats0.checkpointReplays,
      eventsRefolded: s.eventsRefolded - stats0.eventsRefolded,
    },
  };
  return counted(draw);
}
(window as unknown as { harness: typeof harness }).harness = harness;
