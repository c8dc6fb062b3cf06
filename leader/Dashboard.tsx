/** The signed-in screen: the school's numbers, alerts, the groups, the roll call button, the end-of-day check. */
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DayState, GroupCount, SchoolCount } from '../core/state';
import type { Roster } from '../core/roster';
import { Bi } from '../common/Bi';
import { LevelIcon, type IconKind } from '../common/LevelIcon';
import type { LeaderModel, LeaderView } from './leaderModel';
import { Alerts } from './Alerts';
import { Chain } from './Chain';
import { EndOfDay } from './EndOfDay';
import { GroupView } from './GroupView';
import { Kiosks } from './Kiosks';
import {
  AutoPdfToggle,
  autoRollCallPdf,
  openRollCallPdf,
  PrintRollButton,
  Reunification,
  RollCallView,
} from './RollCallView';
import { groupName } from './labels';
import { countRender, sameValues } from '../common/memo';

/**
 * One number of the school's, big enough to read at arm's length while walking. A number that wants a look (children
 * in transit, absent without a reason) says so by a tint, a triangle and its words together, never colour alone.
 */
const Tile = memo(function Tile({
  zh,
  en,
  n,
  id,
  warn,
}: {
  zh: string;
  en: string;
  n: number;
  id: string;
  warn?: boolean;
}) {
  countRender('tile');
  const flagged = warn && n > 0;
  return (
    <div className={`tile${flagged ? ' warn' : ''}`} data-testid={`tile-${id}`} data-n={n}>
      <b className="n">{n}</b>
      <span className="label">
        {flagged && <LevelIcon kind="warn" />}
        <span>
          <Bi zh={zh} en={en} block />
        </span>
      </span>
    </div>
  );
});

/**
 * The school's numbers. The reducer hands on a fresh SchoolCount each time: compared by value, so a second with
 * nothing new renders none of them, and one child checked in renders the two tiles whose number moved.
 */
const SchoolTiles = memo(
  function SchoolTiles({ s }: { s: SchoolCount }) {
    return (
      <section className="tiles" aria-label="全校人数 Headcount">
        <Tile id="on-campus" zh="在校" en="on campus" n={s.onCampus} />
        <Tile id="in-care" zh="看护中" en="in care" n={s.inCare} />
        <Tile id="in-transit" zh="路上" en="in transit" n={s.inTransit} warn />
        <Tile id="at-gate" zh="校门" en="at gate" n={s.atGate} />
        <Tile id="released" zh="已离校" en="left school" n={s.released} />
        <Tile id="extended" zh="延时托管" en="extended care" n={s.extendedCare} />
        <Tile id="absent-reason" zh="缺席(有因)" en="absent, excused" n={s.absentWithReason + s.onLeave} />
        <Tile id="absent-no-reason" zh="缺席(无因)" en="absent, no reason" n={s.absentWithoutReason} warn />
      </section>
    );
  },
  (a, b) => sameValues(a.s, b.s),
);

/** A shortcut down a long page (seventy alerts push the groups far below a phone's screen). */
function Jump({ to, kind, zh, en }: { to: string; kind: IconKind; zh: string; en: string }) {
  return (
    <button type="button" onClick={() => document.getElementById(to)?.scrollIntoView({ block: 'start' })}>
      <LevelIcon kind={kind} />
      <Bi zh={zh} en={en} block />
    </button>
  );
}

/**
 * One group's line in 各组: its name, here / expected, teachers and children on the way. Its count is a fresh
 * object every time, compared by value: one child's move renders its own group's line, not all 75.
 */
const GroupRow = memo(
  function GroupRow({ g, label, onOpen }: { g: GroupCount; label: string; onOpen: (id: string) => void }) {
    countRender('group-row');
    return (
      <li>
        <button data-testid={`group-${g.groupId}`} onClick={() => onOpen(g.groupId)}>
          <span className="name">
            <b>{label}</b>
            <small>
              容量 {g.capacity} · 老师 {g.teachers} · 路上 {g.inTransit}
            </small>
          </span>
          <span className="n">
            <b>{g.present}</b>/{g.expected}
          </span>
        </button>
      </li>
    );
  },
  (a, b) => a.label === b.label && a.onOpen === b.onOpen && sameValues(a.g, b.g),
);

export function Dashboard({
  model,
  view,
  roster,
  state,
}: {
  model: LeaderModel;
  view: LeaderView;
  roster: Roster;
  state: DayState;
}) {
  const [group, setGroup] = useState<string | null>(null);
  const [child, setChild] = useState<string | null>(null);
  const [confirmRoll, setConfirmRoll] = useState(false);
  const confirmBox = useRef<HTMLDivElement | null>(null);
  // The question takes the button's place but is taller: brought into view whole when it opens, and kept there
  // for its first 3 s while the lists above it may still grow (a new alert), so 开始点名 is never below the fold.
  // Not after: a leader scrolling away on purpose is not pulled back at each second's re-render.
  const openedAt = useRef(0);
  useEffect(() => {
    if (confirmRoll) openedAt.current = Date.now();
  }, [confirmRoll]);
  useEffect(() => {
    const box = confirmBox.current;
    if (!confirmRoll || !box || Date.now() - openedAt.current > 3_000) return;
    const r = box.getBoundingClientRect();
    if (r.bottom > window.innerHeight || r.top < 0) box.scrollIntoView({ block: 'nearest' });
  });
  // One lookup table a roster (a search through 3,000 students for each name was 9 million steps a second), and
  // one `name` function, so the memoized lists below see the same one from render to render.
  const byId = useMemo(() => new Map(roster.students.map((x) => [x.id, x.name])), [roster]);
  const name = useCallback((id: string) => byId.get(id) ?? '—', [byId]);
  const open = state.anomalies.filter((a) => !a.acknowledged);
  const alerts = open.filter((a) => a.severity === 'alert').length;
  const warnings = open.length - alerts;
  const roll = state.rollCall && state.rollCall.endedAt === undefined ? state.rollCall : undefined;
  return (
    <main className="leader">
      <header className="bar">
        <span className="who">
          <b>{roster.school.name}</b> <span>{view.session!.staff.name}</span>
        </span>
        <span data-testid="leader-online" className={view.online ? 'online' : 'offline'}>
          <LevelIcon kind={view.online ? 'ok' : 'error'} />
          {view.online ? '在线 online' : '离线 offline'}
        </span>
        <button className="link" onClick={() => model.logout()}>
          <Bi zh="退出" en="Sign out" />
        </button>
      </header>
      {roll ? (
        <RollCallView model={model} state={state} name={name} roster={roster} />
      ) : (
        <>
          <SchoolTiles s={state.school} />
          <nav className="jump" aria-label="跳到 Go to">
            <Jump to="leader-alerts" kind={alerts ? 'error' : 'ok'} zh={`警报 ${alerts}`} en="Alerts" />
            <Jump to="leader-warnings" kind={warnings ? 'warn' : 'ok'} zh={`提醒 ${warnings}`} en="Warnings" />
            <Jump to="leader-groups" kind="info" zh={group ? groupName(roster, group) : '各组'} en="Groups" />
          </nav>
          <div className="columns">
            <div className="column">
              <Alerts model={model} roster={roster} state={state} name={name} />
            </div>
            <div className="column" id="leader-groups">
              {group ? (
                <GroupView
                  model={model}
                  roster={roster}
                  state={state}
                  groupId={group}
                  onBack={() => setGroup(null)}
                  onChild={setChild}
                />
              ) : (
                <section className="card">
                  <h2>
                    <Bi zh="各组" en="Groups" />
                  </h2>
                  <ul className="groups">
                    {Object.values(state.groups).map((g) => (
                      <GroupRow key={g.groupId} g={g} label={groupName(roster, g.groupId)} onOpen={setGroup} />
                    ))}
                  </ul>
                </section>
              )}
            </div>
          </div>
          {child && (
            <Chain
              model={model}
              roster={roster}
              state={state}
              kiosks={view.kiosks}
              studentId={child}
              onClose={() => setChild(null)}
            />
          )}
          {confirmRoll ? (
            <div className="confirm" role="group" data-testid="roll-call-confirm-box" ref={confirmBox}>
              <p>
                <Bi
                  zh="开始紧急点名？所有平板将切换到点名模式。"
                  en="Start an emergency roll call? Every tablet becomes an assembly point."
                />
              </p>
              <AutoPdfToggle />
              <button
                className="danger"
                data-testid="roll-call-confirm"
                onClick={() => {
                  setConfirmRoll(false);
                  // RC5: the tab for the paper roll opens at the tap (later it would be a blocked pop-up)
                  const win = autoRollCallPdf() ? window.open('', '_blank') : null;
                  void model
                    .record([{ type: 'roll_call_started' }])
                    .then(() => (win ? openRollCallPdf(model, win) : undefined))
                    .catch(() => win?.close());
                }}
              >
                <Bi zh="开始点名" en="Start" />
              </button>
              <button data-testid="roll-call-cancel" onClick={() => setConfirmRoll(false)}>
                <Bi zh="取消" en="Cancel" />
              </button>
            </div>
          ) : (
            <button className="danger" data-testid="roll-call-start" onClick={() => setConfirmRoll(true)}>
              <LevelIcon kind="error" />
              <Bi zh="紧急点名" en="Emergency roll call" />
            </button>
          )}
          <PrintRollButton model={model} />
          {state.rollCall && (
            <Reunification model={model} state={state} roll={state.rollCall} name={name} roster={roster} folded />
          )}
          <EndOfDay state={state} name={name} />
          <Kiosks model={model} kiosks={view.kiosks} roster={roster} state={state} />
        </>
      )}
    </main>
  );
}
