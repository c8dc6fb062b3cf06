/** The gate: who has been sent out and is waiting for a guardian, the bus or permission to walk. */
import type { Student } from '../../core/roster';
import type { KioskModel, KioskView } from '../lib/kioskModel';
import { Bi } from '../../common/Bi';
import { rows, ChildList } from './childList';

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
