/** The care room: who is here, who is on the way, and the actions for one child (clubs, nurse, early pickup). */
import { useState } from 'react';
import type { EventBody } from '../../core/events';
import type { Student } from '../../core/roster';
import type { KioskModel, KioskView } from '../lib/kioskModel';
import { Bi } from '../../common/Bi';
import type { Row } from './childList';
import { rows, ChildList } from './childList';

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
  const act = (bodies: EventBody[]) => {
    void model.act(bodies);
    setSelected(null);
  };
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
      <button
        data-testid="send-to-gate"
        disabled={here.length === 0}
        onClick={() =>
          act(here.map((r) => ({ type: 'sent_to_gate', studentId: r.student.id, source: { kind: 'group' } })))
        }
      >
        <Bi zh={`全组送到校门（${here.length}）`} en="Walk the group to the gate" />
      </button>
      {waves.length > 1 &&
        waves.map((w) => {
          const batch = here.filter((r) => r.student.pickupWave === w);
          return (
            <button
              key={w}
              data-testid={`send-wave-${w}`}
              disabled={batch.length === 0}
              onClick={() =>
                act(
                  batch.map((r) => ({
                    type: 'sent_to_gate',
                    studentId: r.student.id,
                    source: { kind: 'group' },
                    wave: w,
                  })),
                )
              }
            >
              <Bi zh={`第 ${w} 批送到校门（${batch.length}）`} en={`Wave ${w} to the gate`} />
            </button>
          );
        })}
      <ChildList
        title={{ zh: '未到', en: 'Missing' }}
        items={missing}
        testid="missing"
        action={(r) => (
          <>
            <small> {r.child.status === 'handed_off' ? '在路上 in transit' : ''}</small>
            <button
              className="small"
              data-testid={`absent-${r.student.id}`}
              onClick={() => act([{ type: 'marked_absent', studentId: r.student.id }])}
            >
              <Bi zh="缺席" en="absent" />
            </button>
          </>
        )}
      />
      <ChildList
        title={{ zh: '已到', en: 'Present' }}
        items={here}
        testid="present"
        action={(r) => (
          <button className="small" data-testid={`more-${r.student.id}`} onClick={() => setSelected(r.student)}>
            …
          </button>
        )}
      />
      <ChildList
        title={{ zh: '社团/外出', en: 'Away' }}
        items={away}
        testid="away"
        action={(r) => (
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
        )}
      />
      <ChildList title={{ zh: '请假/缺席', en: 'Leave / absent' }} items={leave} testid="leave" />
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
  return (
    <div className="dialog" data-testid="child-actions">
      <h3>{student.name}</h3>
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
        <button
          data-testid="early-submit"
          disabled={!who.trim() || !why.trim()}
          onClick={() =>
            onAct([
              { type: 'picked_up_early', studentId: student.id, source, collectedBy: who.trim(), reason: why.trim() },
            ])
          }
        >
          <Bi zh="确认" en="Confirm" />
        </button>
      </fieldset>
      <button onClick={onClose}>
        <Bi zh="关闭" en="Close" />
      </button>
    </div>
  );
}
