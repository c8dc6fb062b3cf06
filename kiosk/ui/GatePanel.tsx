/** The gate: who has been sent out and is waiting for a guardian, the bus or permission to walk. */
import { useCallback, useEffect, useState } from 'react';
import type { Student } from '../../core/roster';
import type { KioskModel, KioskView } from '../lib/kioskModel';
import { Bi } from '../../common/Bi';
import { rows, ChildList, type Row } from './childList';
import { ConfirmButton } from './ConfirmButton';
import { CollectedSheet } from './CollectedSheet';
import { DelegateCode } from './DelegateCode';
import { delegateNote } from '../../core/delegation';
import { releaseWords, STATUS_WORDS } from '../lib/words';
import { planToday, whereNow } from '../lib/stationRules';
import { minutesSince, useMinuteClock } from './CallBanner';
import type { ChildDay } from '../../core/state';

/**
 * How long ago a child was called, and whether the call has reached the room: a call made while the hub is away
 * waits in this tablet's outbox and reaches the room when the hub is back (CU22).
 */
function callNote(child: ChildDay, now: number, view: KioskView) {
  const call = child.call!;
  const m = minutesSince(call.at, now);
  const roster = view.roster;
  const where = roster
    ? whereNow(
        { groups: new Map(roster.groups.map((g) => [g.id, g])), clubs: new Map(roster.clubs.map((c) => [c.id, c])) },
        child,
      )
    : { zh: '', en: '' };
  if (call.deviceId === view.pairing?.deviceId && !view.sync.online)
    return {
      zh: `${where.zh} · ${m} 分钟前呼叫 · 未送达：与中心断开，恢复后自动送到看护室`,
      en: `${where.en}, called ${m} min ago; not delivered: the hub is away, it reaches the room when it is back`,
    };
  return { zh: `${where.zh} · ${m} 分钟前呼叫`, en: `${where.en}, called ${m} min ago` };
}

export function GatePanel({ model, view }: { model: KioskModel; view: KioskView }) {
  const waiting = rows(view, (r) => r.child.status === 'at_gate');
  // CU22: called and still in a room (or on the way to one): the gate waits for them, oldest call first.
  const called = rows(
    view,
    (r) =>
      !!r.child.call &&
      r.child.call.answeredAt === undefined &&
      (r.child.status === 'in_care' || r.child.status === 'handed_off'),
  ).sort((a, b) => a.child.call!.at - b.child.call!.at);
  const now = useMinuteClock(view.sync.clockOffsetMs);
  const waves = [...new Set((view.roster?.students ?? []).map((s) => s.pickupWave))].sort();
  const extended = rows(view, (r) => r.child.status === 'extended_care');
  const released = rows(view, (r) => r.child.status === 'released');
  const g = view.guardianMatch;
  // The child whose collector is asked for, and the pickup card on screen when the question opened (not an answer).
  const [asking, setAsking] = useState<{ student: Student; staleMatch: typeof g } | null>(null);
  const collecting = asking?.student ?? null;
  const setCollecting = useCallback((s: Student | null) => setAsking(s ? { student: s, staleMatch: g } : null), [g]);
  const staffId = view.staff?.id ?? '';
  const extend = useCallback(
    (s: Student) => {
      void model
        .act([
          {
            type: 'extended_care_started',
            studentId: s.id,
            source: { kind: 'manual', reason: '家长未到' },
            place: '门卫室',
            adultStaffId: staffId,
          },
        ])
        .then(({ events }) =>
          model.offerUndo(
            { zh: `${s.name} 已转入延时托管（门卫室）`, en: `${s.name} is in extended care (guard room)` },
            events.map((e) => e.id),
          ),
        );
    },
    [model, staffId],
  );
  // The lists' actions keep their identity from render to render, so the tiles they are in are memoized (childList);
  // each is made again when what it uses changes (the teacher, the pickup card on screen).
  const arrivedAction = useCallback(
    (r: Row) => (
      <button
        className="small"
        data-testid={`arrived-${r.student.id}`}
        onClick={() => void model.releaseArrived(r.student)}
      >
        <Bi zh="已到，放行" en="here: release" />
      </button>
    ),
    [model],
  );
  const extendAction = useCallback(
    (r: Row) => (
      <ConfirmButton
        className="small"
        testid={`extend-${r.student.id}`}
        label={{ zh: '延时托管', en: 'extended care' }}
        confirm={{ zh: '再点一次：延时托管', en: 'Tap again' }}
        onConfirm={() => extend(r.student)}
      />
    ),
    [extend],
  );
  const collectedAction = useCallback(
    (r: Row) => (
      <button className="small" data-testid={`collected-${r.student.id}`} onClick={() => setCollecting(r.student)}>
        <Bi zh="已接走" en="collected" />
      </button>
    ),
    [setCollecting],
  );
  // A pickup card listing the child, scanned while the gate asks who came: the card answers, and releases.
  useEffect(() => {
    if (!asking || g === asking.staleMatch || !g?.students.some((s) => s.id === asking.student.id)) return;
    setAsking(null);
    void model.pick(asking.student, '延时托管后接走');
  }, [g, asking, model]);
  const guardiansOf = (s: Student) => (view.roster?.guardians ?? []).filter((x) => x.studentIds.includes(s.id));
  return (
    <div className="panels">
      <p className="count" data-testid="gate-count">
        <Bi
          zh={`等待 ${waiting.length} · 延时托管 ${extended.length} · 已离校 ${released.length}`}
          en={`waiting ${waiting.length}, extended ${extended.length}, released ${released.length}`}
        />
      </p>
      <DelegateCode model={model} view={view} />
      {waves.length > 1 && (
        <div className="wave-calls" data-testid="wave-calls">
          {waves.map((w) => (
            <ConfirmButton
              key={w}
              className="small"
              testid={`call-wave-${w}`}
              label={{ zh: `呼叫第 ${w} 批`, en: `Call wave ${w}` }}
              confirm={{ zh: `再点一次：呼叫第 ${w} 批`, en: 'Tap again' }}
              onConfirm={() =>
                void model.callWave(w).then((events) =>
                  model.notify({
                    level: events.length ? 'info' : 'warn',
                    title: events.length
                      ? { zh: `已呼叫第 ${w} 批 ${events.length} 人`, en: `Wave ${w}: ${events.length} called` }
                      : { zh: `第 ${w} 批没有要呼叫的学生`, en: `Wave ${w}: nobody left to call` },
                  }),
                )
              }
            />
          ))}
        </div>
      )}
      {called.length > 0 && (
        <ChildList
          title={{ zh: '已呼叫，等待送来', en: 'Called, waiting for the room' }}
          items={called}
          testid="called"
          showClass
          note={(r) => callNote(r.child, now, view)}
          action={arrivedAction}
        />
      )}
      <ChildList
        title={{ zh: '在校门等待', en: 'Waiting at the gate' }}
        items={waiting}
        testid="waiting"
        showClass
        note={(r) => {
          const plan = planToday(r.student, r.child);
          const planned =
            plan.kind === 'bus'
              ? { zh: `校车 ${plan.bus}`, en: `bus ${plan.bus}` }
              : plan.kind === 'walks_alone'
                ? { zh: '自行回家', en: 'walks home' }
                : { zh: '家长接', en: 'guardian' };
          // DG1: someone else collects today: the gate sees who before anyone comes.
          const delegate = delegateNote(r.child);
          const how = delegate
            ? { zh: `${planned.zh} · ${delegate.zh}`, en: `${planned.en}, ${delegate.en}` }
            : planned;
          // A called child sent by its room is on its way: the gate sees how long the parent has waited.
          const call = r.child.call;
          if (call?.answeredAt === undefined || call.answeredAt !== r.child.since) return how;
          const m = minutesSince(call.at, now);
          return { zh: `${how.zh} · 在路上（呼叫 ${m} 分钟）`, en: `${how.en}, on the way (called ${m} min ago)` };
        }}
        action={extendAction}
      />
      <ChildList
        title={{ zh: '延时托管', en: 'Extended care' }}
        items={extended}
        testid="extended"
        showClass
        action={collectedAction}
      />
      <ChildList
        title={{ zh: '已离校', en: 'Released' }}
        items={released.slice(-20)}
        testid="released"
        showClass
        note={(r) => (r.child.release ? releaseWords(r.child.release.how) : undefined)}
      />
      {collecting && (
        <CollectedSheet
          student={collecting}
          guardians={guardiansOf(collecting)}
          onClose={() => setCollecting(null)}
          onCollected={(who) => {
            const s = collecting;
            setCollecting(null);
            void model.releaseTo(s, who, '延时托管后接走');
          }}
        />
      )}
    </div>
  );
}

/**
 * A guardian's pickup card at the gate: the children it may collect, each with 放行, under the verdict where the
 * gate teacher is already looking (not down the list column).
 */
export function GuardianMatch({ model, view }: { model: KioskModel; view: KioskView }) {
  const g = view.guardianMatch;
  const now = useMinuteClock(view.sync.clockOffsetMs);
  if (!g) return null;
  return (
    <section className="guardian" data-testid="guardian-match">
      <h3>
        {g.guardian.name}（{g.guardian.relation}）<Bi zh="可接：" en="may collect:" />
      </h3>
      <ul>
        {g.students.map((s) => {
          const child = view.dayState?.children[s.id];
          const status = child?.status;
          const gone = status === 'released';
          // CU22: still in a room, so the card called the child; 放行 waits for the child to be here.
          const inRoom = status === 'in_care' || status === 'handed_off';
          return (
            <li key={s.id}>
              <span className="child-name">{s.name}</span>{' '}
              <small data-testid={`match-status-${s.id}`}>
                {inRoom && child?.call ? (
                  <Bi {...callNote(child!, now, view)} />
                ) : status ? (
                  <Bi {...STATUS_WORDS[status]} />
                ) : (
                  <Bi zh="今天不参加" en="not in today" />
                )}
              </small>
              <button
                className={gone || !status || inRoom ? 'small' : 'small primary'}
                data-testid={`release-${s.id}`}
                disabled={gone || !status}
                onClick={() => void (inRoom ? model.releaseArrived(s) : model.pick(s, '接送卡匹配'))}
              >
                {gone ? (
                  <Bi zh="已放行" en="released" />
                ) : inRoom ? (
                  <Bi zh="已到，放行" en="here: release" />
                ) : (
                  <Bi zh="放行" en="release" />
                )}
              </button>
            </li>
          );
        })}
      </ul>
      <button onClick={() => model.clearGuardian()}>
        <Bi zh="结束接送卡匹配" en="Done with this card" />
      </button>
    </section>
  );
}
