/** The signed-in screen: the school's numbers, alerts, the groups, the roll call button, the end-of-day check. */
import { useEffect, useRef, useState } from 'react';
import type { DayState } from '../core/state';
import type { Roster } from '../core/roster';
import { Bi } from '../common/Bi';
import type { LeaderModel, LeaderView } from './leaderModel';
import { Alerts } from './Alerts';
import { Chain } from './Chain';
import { EndOfDay } from './EndOfDay';
import { GroupView } from './GroupView';
import { Kiosks } from './Kiosks';
import { RollCallView } from './RollCallView';
import { groupName } from './labels';

function Tile({ zh, en, n, id, warn }: { zh: string; en: string; n: number; id: string; warn?: boolean }) {
  return (
    <div className={`tile${warn && n > 0 ? ' warn' : ''}`} data-testid={`tile-${id}`} data-n={n}>
      <b>{n}</b>
      <Bi zh={zh} en={en} block />
    </div>
  );
}

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
  // The question takes the button's place but is taller: brought into view whole when it opens (once, not at
  // each second's re-render), so 开始点名 is never below the fold.
  useEffect(() => {
    if (confirmRoll) confirmBox.current?.scrollIntoView({ block: 'nearest' });
  }, [confirmRoll]);
  const s = state.school;
  const name = (id: string) => roster.students.find((x) => x.id === id)?.name ?? '—';
  const roll = state.rollCall && state.rollCall.endedAt === undefined ? state.rollCall : undefined;
  return (
    <main className="leader">
      <header>
        <span>
          {roster.school.name} · {view.session!.staff.name}
        </span>
        <span data-testid="leader-online" className={view.online ? 'online' : 'offline'}>
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
          <section className="tiles">
            <Tile id="on-campus" zh="在校" en="on campus" n={s.onCampus} />
            <Tile id="in-care" zh="看护中" en="in care" n={s.inCare} />
            <Tile id="in-transit" zh="路上" en="in transit" n={s.inTransit} warn />
            <Tile id="at-gate" zh="校门" en="at gate" n={s.atGate} />
            <Tile id="released" zh="已离校" en="left school" n={s.released} />
            <Tile id="extended" zh="延时托管" en="extended care" n={s.extendedCare} />
            <Tile id="absent-reason" zh="缺席(有因)" en="absent, excused" n={s.absentWithReason + s.onLeave} />
            <Tile id="absent-no-reason" zh="缺席(无因)" en="absent, no reason" n={s.absentWithoutReason} warn />
          </section>
          <Alerts model={model} roster={roster} state={state} name={name} />
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
            <section>
              <h2>
                <Bi zh="各组" en="Groups" />
              </h2>
              <ul className="groups">
                {Object.values(state.groups).map((g) => (
                  <li key={g.groupId}>
                    <button data-testid={`group-${g.groupId}`} onClick={() => setGroup(g.groupId)}>
                      <b>{groupName(roster, g.groupId)}</b>{' '}
                      <span>
                        {g.present}/{g.expected}
                      </span>{' '}
                      <small>
                        容量 {g.capacity} · 老师 {g.teachers} · 路上 {g.inTransit}
                      </small>
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          )}
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
              <button
                className="danger"
                data-testid="roll-call-confirm"
                onClick={() => {
                  setConfirmRoll(false);
                  void model.record([{ type: 'roll_call_started' }]);
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
              <Bi zh="紧急点名" en="Emergency roll call" />
            </button>
          )}
          <EndOfDay state={state} name={name} />
          <Kiosks model={model} kiosks={view.kiosks} roster={roster} state={state} />
        </>
      )}
    </main>
  );
}
