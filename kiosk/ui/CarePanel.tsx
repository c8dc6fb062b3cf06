/** The care room: who is here, who is on the way, and the actions for one child (clubs, nurse, early pickup). */
import { useCallback, useState } from 'react';
import type { EventBody } from '../../core/events';
import type { Student } from '../../core/roster';
import type { KioskModel, KioskView } from '../lib/kioskModel';
import { Bi } from '../../common/Bi';
import type { Row } from './childList';
import { rows, ChildList } from './childList';
import type { Bilingual } from '../lib/stationRules';
import { awayReason, STATUS_WORDS } from '../lib/words';
import { BottomSheet } from './BottomSheet';
import { ConfirmButton } from './ConfirmButton';
import { releaseBlock } from '../../core/safetyRules';
import { delegateNote } from '../../core/delegation';

/** Where a child away from the room is, in words: the club by name, the nurse. */
function placeWords(r: Row, clubs: { id: string; name: string }[]): Bilingual | undefined {
  const p = r.child.place;
  if (p?.kind === 'club') {
    const name = clubs.find((c) => c.id === p.clubId)?.name ?? '';
    return { zh: name, en: 'club' };
  }
  if (p?.kind === 'nurse') return { zh: '医务室', en: 'nurse' };
  return undefined;
}

export function CarePanel({ model, view, groupId }: { model: KioskModel; view: KioskView; groupId: string }) {
  const roster = view.roster!;
  const mine = (r: Row) => r.child.groupId === groupId;
  const here = rows(
    view,
    (r) => r.child.status === 'in_care' && r.child.place?.kind === 'group' && r.child.place.groupId === groupId,
  );
  const away = rows(view, (r) => mine(r) && r.child.status === 'in_care' && r.child.place?.kind !== 'group');
  const missing = rows(view, (r) => mine(r) && (r.child.status === 'expected' || r.child.status === 'handed_off'));
  const leave = rows(view, (r) => mine(r) && (r.child.status === 'on_leave' || r.child.status === 'absent'));
  const [selected, setSelected] = useState<Student | null>(null);
  const act = useCallback(
    (bodies: EventBody[]) => {
      void model.act(bodies);
      setSelected(null);
    },
    [model],
  );
  /** A step that is hard to see undone (a whole group out of the room, a child absent): offered back for 10 s. */
  const actUndoable = (bodies: EventBody[], label: Bilingual) => {
    setSelected(null);
    void model.act(bodies).then(({ events }) =>
      model.offerUndo(
        label,
        events.map((e) => e.id),
      ),
    );
  };
  /**
   * 缺席 for a child the classroom already handed off: the reducer refuses it (out of order, CU13: a child on the
   * way is lost, not absent) and the teacher is told so in words, instead of a tap that seems to do nothing.
   */
  const markAbsent = useCallback(
    (r: Row) => {
      void model.act([{ type: 'marked_absent', studentId: r.student.id }]).then(({ events, anomalies }) => {
        if (anomalies.some((a) => a.code === 'out_of_order'))
          model.notify({
            level: 'warn',
            student: r.student,
            title: { zh: '不能记为缺席：已从教室交出，正在路上', en: 'Not recorded as absent: handed off, on the way' },
            detail: {
              zh: '教室已交出这名学生，看护室还没签到：请先找到孩子，并告知值班领导',
              en: 'The classroom handed this child off and nobody has received them: find the child, tell the duty leader',
            },
          });
        else
          model.offerUndo(
            { zh: `已记 ${r.student.name} 缺席`, en: `${r.student.name} marked absent` },
            events.map((e) => e.id),
          );
      });
    },
    [model],
  );
  // The lists' actions keep their identity from render to render, so the tiles they are in are memoized (childList).
  const absentAction = useCallback(
    (r: Row) => (
      <ConfirmButton
        className="small"
        testid={`absent-${r.student.id}`}
        label={{ zh: '缺席', en: 'absent' }}
        confirm={{ zh: '再点一次：缺席', en: 'Tap again' }}
        onConfirm={() => markAbsent(r)}
      />
    ),
    [markAbsent],
  );
  const moreAction = useCallback(
    (r: Row) => (
      <button
        className="small more"
        data-testid={`more-${r.student.id}`}
        aria-label={`${r.student.name} 更多 more`}
        onClick={() => setSelected(r.student)}
      >
        …
      </button>
    ),
    [],
  );
  const backAction = useCallback(
    (r: Row) => (
      <button
        className="small"
        onClick={() =>
          act([
            {
              type: 'transferred',
              studentId: r.student.id,
              source: { kind: 'manual', reason: '返回' },
              to: { kind: 'group', groupId },
            },
          ])
        }
      >
        <Bi zh="已回" en="back" />
      </button>
    ),
    [act, groupId],
  );
  const clubs = roster.clubs;
  const waves = [...new Set(here.map((r) => r.student.pickupWave))].sort();
  return (
    <div className="panels">
      <p className="count" data-testid="care-count">
        <Bi
          zh={`已到 ${here.length} · 未到 ${missing.length} · 外出 ${away.length} · 请假/缺席 ${leave.length}`}
          en={`present ${here.length}, missing ${missing.length}, away ${away.length}, leave/absent ${leave.length}`}
        />
      </p>
      <ConfirmButton
        testid="send-to-gate"
        disabled={here.length === 0}
        label={{ zh: `全组送到校门（${here.length}）`, en: 'Walk the group to the gate' }}
        confirm={{ zh: `再点一次：${here.length} 人送到校门`, en: 'Tap again to confirm' }}
        onConfirm={() =>
          actUndoable(
            here.map((r) => ({ type: 'sent_to_gate', studentId: r.student.id, source: { kind: 'group' } })),
            { zh: `已送到校门 ${here.length} 人`, en: `${here.length} sent to the gate` },
          )
        }
      />
      {waves.length > 1 &&
        waves.map((w) => {
          const batch = here.filter((r) => r.student.pickupWave === w);
          return (
            <ConfirmButton
              key={w}
              testid={`send-wave-${w}`}
              disabled={batch.length === 0}
              label={{ zh: `第 ${w} 批送到校门（${batch.length}）`, en: `Wave ${w} to the gate` }}
              confirm={{ zh: `再点一次：第 ${w} 批 ${batch.length} 人`, en: 'Tap again to confirm' }}
              onConfirm={() =>
                actUndoable(
                  batch.map((r) => ({
                    type: 'sent_to_gate',
                    studentId: r.student.id,
                    source: { kind: 'group' },
                    wave: w,
                  })),
                  { zh: `第 ${w} 批已送到校门 ${batch.length} 人`, en: `Wave ${w}: ${batch.length} sent to the gate` },
                )
              }
            />
          );
        })}
      <ChildList
        title={{ zh: '未到', en: 'Missing' }}
        items={missing}
        testid="missing"
        showClass
        note={(r) => (r.child.status === 'handed_off' ? STATUS_WORDS.handed_off : undefined)}
        action={absentAction}
      />
      <ChildList
        title={{ zh: '已到', en: 'Present' }}
        items={here}
        testid="present"
        note={(r) => delegateNote(r.child)}
        action={moreAction}
      />
      <ChildList
        title={{ zh: '社团/外出', en: 'Away' }}
        items={away}
        testid="away"
        note={(r) => placeWords(r, clubs)}
        action={backAction}
      />
      <ChildList
        title={{ zh: '请假/缺席', en: 'Leave / absent' }}
        items={leave}
        testid="leave"
        showClass
        note={(r) => awayReason(r.child)}
      />
      {selected && <ChildActions student={selected} clubs={clubs} onAct={act} onClose={() => setSelected(null)} />}
    </div>
  );
}

function ChildActions({
  student,
  clubs,
  onAct,
  onClose,
}: {
  student: Student;
  clubs: { id: string; name: string }[];
  onAct: (b: EventBody[]) => void;
  onClose: () => void;
}) {
  const [who, setWho] = useState('');
  const [why, setWhy] = useState('');
  const source = { kind: 'manual' as const, reason: '看护老师操作' };
  // SN2: an early pickup is a release by hand, so a note that forbids it (只凭接送卡, 不得交给) stops it here, in red,
  // before anything is written; the duty leader can allow it at the gate.
  const block = releaseBlock(student, { kind: 'staff_confirmed', collectedBy: who.trim() });
  return (
    <BottomSheet testid="child-actions" title={student.name} onClose={onClose}>
      {clubs.map((c) => (
        <button
          key={c.id}
          onClick={() =>
            onAct([{ type: 'transferred', studentId: student.id, source, to: { kind: 'club', clubId: c.id } }])
          }
        >
          {c.name}
        </button>
      ))}
      <button onClick={() => onAct([{ type: 'transferred', studentId: student.id, source, to: { kind: 'nurse' } }])}>
        <Bi zh="去医务室" en="To the nurse" />
      </button>
      <fieldset>
        <legend>
          <Bi zh="提前接走" en="Early pickup" />
        </legend>
        <input
          data-testid="early-who"
          placeholder="接走人 who came"
          value={who}
          onChange={(e) => setWho(e.target.value)}
        />
        <input data-testid="early-why" placeholder="原因 reason" value={why} onChange={(e) => setWhy(e.target.value)} />
        {block && (
          <p className="error" role="alert" data-testid="early-blocked">
            <Bi
              zh={`${block.zh}。不能在看护室提前接走：请带到校门，由值班领导授权`}
              en={`${block.en}. No early pickup from the room: take the child to the gate, the duty leader decides`}
            />
          </p>
        )}
        <button
          data-testid="early-submit"
          disabled={!who.trim() || !why.trim() || block !== null}
          onClick={() =>
            onAct([
              { type: 'picked_up_early', studentId: student.id, source, collectedBy: who.trim(), reason: why.trim() },
            ])
          }
        >
          <Bi zh="确认" en="Confirm" />
        </button>
      </fieldset>
    </BottomSheet>
  );
}
