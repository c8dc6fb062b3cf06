/** What each station lists beside the scanner, and its group actions. */
import { useState } from 'react';
import type { EventBody } from '../../core/events';
import type { Student } from '../../core/roster';
import type { ChildDay } from '../../core/state';
import type { KioskModel, KioskView } from '../lib/kioskModel';
import { HubError } from '../lib/kioskModel';
import { Bi } from '../../common/Bi';

interface Row {
  student: Student;
  child: ChildDay;
}

function rows(view: KioskView, keep: (r: Row) => boolean): Row[] {
  const out: Row[] = [];
  for (const s of view.roster?.students ?? []) {
    const child = view.dayState?.children[s.id];
    if (child && keep({ student: s, child })) out.push({ student: s, child });
  }
  return out.sort((a, b) => a.student.studentNo.localeCompare(b.student.studentNo));
}

function ChildList({
  title,
  items,
  testid,
  action,
}: {
  title: { zh: string; en: string };
  items: Row[];
  testid: string;
  action?: (r: Row) => React.ReactNode;
}) {
  return (
    <section className="list" data-testid={testid} data-count={items.length}>
      <h3>
        <Bi {...title} /> <b>{items.length}</b>
      </h3>
      <ul>
        {items.map((r) => (
          <li key={r.student.id} data-testid={`${testid}-${r.student.id}`}>
            {r.student.name}
            {action?.(r)}
          </li>
        ))}
      </ul>
    </section>
  );
}

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
  const groupName = (id: string | null) => roster.groups.find((g) => g.id === id)?.name ?? '';
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
        action={(r) => (
          <>
            <small> → {groupName(r.child.groupId)}</small>
            {/* The class teacher records today's leave right here; ranges are entered in the office. */}
            <button
              className="small"
              data-testid={`leave-${r.student.id}`}
              onClick={() => {
                const note = prompt(`${r.student.name} 今天请假的原因（病假请写“病”）/ reason for leave today`);
                if (note)
                  void model.act([
                    {
                      type: 'leave_recorded',
                      studentId: r.student.id,
                      reason: /病|sick/i.test(note) ? 'sick' : 'personal',
                      note,
                    },
                  ]);
              }}
            >
              <Bi zh="请假" en="leave" />
            </button>
          </>
        )}
      />
      <ChildList title={{ zh: '已交出', en: 'Handed off' }} items={sent} testid="handed-off" />
      <ChildList
        title={{ zh: '请假', en: 'On leave' }}
        items={leave}
        testid="on-leave"
        action={(r) => <small> {r.child.leave?.note || r.child.leave?.reason}</small>}
      />
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
      <select data-testid="joint-staff" value={staffId} onChange={(e) => setStaffId(e.target.value)}>
        <option value="">看护老师 care teacher</option>
        {carers.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
      <input
        data-testid="joint-pin"
        type="password"
        inputMode="numeric"
        placeholder="PIN"
        value={pin}
        onChange={(e) => setPin(e.target.value)}
      />
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

export function GatePanel({ model, view }: { model: KioskModel; view: KioskView }) {
  const waiting = rows(view, (r) => r.child.status === 'at_gate');
  const extended = rows(view, (r) => r.child.status === 'extended_care');
  const released = rows(view, (r) => r.child.status === 'released');
  const g = view.guardianMatch;
  const staffId = view.staff?.id ?? '';
  const extend = (s: Student) => {
    void model.act([
      {
        type: 'extended_care_started',
        studentId: s.id,
        source: { kind: 'manual', reason: '家长未到' },
        place: '门卫室',
        adultStaffId: staffId,
      },
    ]);
  };
  const releaseLate = (s: Student) => {
    void model.pick(s, '延时托管后接走');
  };
  return (
    <div className="panels">
      {g && (
        <section className="guardian" data-testid="guardian-match">
          <h3>
            {g.guardian.name}（{g.guardian.relation}）<Bi zh="可接：" en="may collect:" />
          </h3>
          <ul>
            {g.students.map((s) => (
              <li key={s.id}>
                {s.name} <small>{view.dayState?.children[s.id]?.status ?? ''}</small>
                <button
                  className="small"
                  data-testid={`release-${s.id}`}
                  onClick={() => void model.pick(s, '接送卡匹配')}
                >
                  <Bi zh="放行" en="release" />
                </button>
              </li>
            ))}
          </ul>
          <button onClick={() => model.clearGuardian()}>
            <Bi zh="结束接送卡匹配" en="Done with this card" />
          </button>
        </section>
      )}
      <p className="count" data-testid="gate-count">
        <Bi
          zh={`等待 ${waiting.length} · 延时托管 ${extended.length} · 已离校 ${released.length}`}
          en={`waiting ${waiting.length}, extended ${extended.length}, released ${released.length}`}
        />
      </p>
      <ChildList
        title={{ zh: '在校门等待', en: 'Waiting at the gate' }}
        items={waiting}
        testid="waiting"
        action={(r) => (
          <>
            <small>
              {' '}
              {r.student.pickup.kind === 'bus'
                ? `校车 ${r.student.pickup.bus}`
                : r.student.pickup.kind === 'walks_alone'
                  ? '自行回家'
                  : '家长接'}
            </small>
            <button className="small" data-testid={`extend-${r.student.id}`} onClick={() => extend(r.student)}>
              <Bi zh="延时托管" en="extended care" />
            </button>
          </>
        )}
      />
      <ChildList
        title={{ zh: '延时托管', en: 'Extended care' }}
        items={extended}
        testid="extended"
        action={(r) => (
          <button className="small" onClick={() => releaseLate(r.student)}>
            <Bi zh="已接走" en="collected" />
          </button>
        )}
      />
      <ChildList title={{ zh: '已离校', en: 'Released' }} items={released.slice(-20)} testid="released" />
    </div>
  );
}
