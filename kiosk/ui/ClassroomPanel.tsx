/** The classroom: who is still to be handed off, and a joint hand-over for a class that stays. */
import { useCallback, useState } from 'react';
import type { Student } from '../../core/roster';
import type { KioskModel, KioskView } from '../lib/kioskModel';
import { HubError } from '../lib/kioskModel';
import { Bi } from '../../common/Bi';
import { NameSelect, PinInput } from '../../common/fields';
import type { Row } from './childList';
import { rows, ChildList } from './childList';
import { LeaveSheet } from './LeaveSheet';
import { awayReason, leaveWords } from '../lib/words';

export function ClassroomPanel({ model, view, classId }: { model: KioskModel; view: KioskView; classId: string }) {
  const mine = (r: Row) => r.student.classId === classId;
  const waiting = rows(view, (r) => mine(r) && (r.child.status === 'expected' || r.child.status === 'absent'));
  const sent = rows(view, (r) => mine(r) && !['expected', 'absent', 'on_leave'].includes(r.child.status));
  const leave = rows(view, (r) => mine(r) && r.child.status === 'on_leave');
  const roster = view.roster!;
  const cls = roster.classes.find((c) => c.id === classId);
  // A whole class that stays in its own room hands over jointly, with both teachers present.
  const inPlace = roster.groups.find((g) => g.kind === 'whole_class' && g.roomId === cls?.roomId);
  const [joint, setJoint] = useState(false);
  const [leaveFor, setLeaveFor] = useState<Row | null>(null);
  // Kept from render to render, so the list's tiles are memoized (childList): made again with a new roster only.
  const handOffAction = useCallback(
    (r: Row) => (
      <>
        <small> → {roster.groups.find((g) => g.id === r.child.groupId)?.name ?? ''}</small>
        {/* The class teacher records today's leave right here; ranges are entered in the office. */}
        <button className="small" data-testid={`leave-${r.student.id}`} onClick={() => setLeaveFor(r)}>
          <Bi zh="请假" en="leave" />
        </button>
      </>
    ),
    [roster],
  );
  return (
    <div className="panels">
      <p className="count" data-testid="handoff-count">
        <Bi
          zh={`已交出 ${sent.length} / 应交 ${sent.length + waiting.length}`}
          en={`handed off ${sent.length} of ${sent.length + waiting.length}`}
        />
      </p>
      {inPlace && waiting.length > 0 && (
        <button data-testid="joint-open" onClick={() => setJoint(true)}>
          <Bi zh="本班留在教室：整体交接" en="Class stays: joint hand-over" />
        </button>
      )}
      {joint && inPlace && (
        <JointHandOver
          model={model}
          view={view}
          students={waiting.filter((r) => r.child.groupId === inPlace.id).map((r) => r.student)}
          groupId={inPlace.id}
          onDone={() => setJoint(false)}
        />
      )}
      <ChildList
        title={{ zh: '待交出', en: 'To hand off' }}
        items={waiting}
        testid="to-hand-off"
        action={handOffAction}
      />
      <ChildList title={{ zh: '已交出', en: 'Handed off' }} items={sent} testid="handed-off" />
      <ChildList
        title={{ zh: '请假', en: 'On leave' }}
        items={leave}
        testid="on-leave"
        showClass
        note={(r) => awayReason(r.child)}
      />
      {leaveFor && (
        <LeaveSheet
          student={leaveFor.student}
          className={leaveFor.className}
          onClose={() => setLeaveFor(null)}
          onSave={(reason, note) => {
            const s = leaveFor.student;
            setLeaveFor(null);
            void model.act([{ type: 'leave_recorded', studentId: s.id, reason, note }]).then(({ events }) =>
              model.offerUndo(
                { zh: `已记 ${s.name} 请假（${leaveWords(reason).zh}）`, en: `Leave recorded for ${s.name}` },
                events.map((e) => e.id),
              ),
            );
          }}
        />
      )}
    </div>
  );
}

function JointHandOver({
  model,
  view,
  students,
  groupId,
  onDone,
}: {
  model: KioskModel;
  view: KioskView;
  students: Student[];
  groupId: string;
  onDone: () => void;
}) {
  const [staffId, setStaffId] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string>();
  const carers = (view.roster?.staff ?? []).filter((s) => s.active && s.roles.includes('care_teacher'));
  return (
    <form
      className="dialog"
      onSubmit={(e) => {
        e.preventDefault();
        model
          .jointHandOver(staffId, pin, students, groupId)
          .then(onDone)
          .catch((err: unknown) =>
            setError(err instanceof HubError && err.problem ? `${err.problem.zh} ${err.problem.en}` : String(err)),
          );
      }}
    >
      <p>
        <Bi zh={`${students.length} 名学生交给看护老师`} en={`${students.length} children to the care teacher`} />
      </p>
      <NameSelect
        testId="joint-staff"
        value={staffId}
        onChange={setStaffId}
        options={carers}
        blank="看护老师 care teacher"
      />
      <PinInput testId="joint-pin" value={pin} onChange={setPin} />
      <button data-testid="joint-submit" disabled={!staffId || pin.length < 4}>
        <Bi zh="确认交接" en="Confirm" />
      </button>
      <button type="button" onClick={onDone}>
        <Bi zh="取消" en="Cancel" />
      </button>
      {error && <p className="error">{error}</p>}
    </form>
  );
}
