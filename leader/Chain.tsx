/** One child's custody chain for the day: every scan, who made it and on which tablet. */
import type { DayState } from '../core/state';
import type { Roster } from '../core/roster';
import { Bi } from '../common/Bi';
import { STATUS, time } from './labels';

export function Chain({
  roster,
  state,
  studentId,
  onClose,
}: {
  roster: Roster;
  state: DayState;
  studentId: string;
  onClose: () => void;
}) {
  const c = state.children[studentId];
  const s = roster.students.find((x) => x.id === studentId);
  if (!c || !s) return null;
  return (
    <section className="chain" data-testid="chain">
      <h3>
        {s.name} · {STATUS[c.status][0]} <span className="en">{STATUS[c.status][1]}</span>
      </h3>
      <ol>
        {c.chain.map((l) => (
          <li key={l.eventId}>
            {time(l.at)} {l.type} · {roster.staff.find((x) => x.id === l.staffId)?.name ?? l.staffId} · {l.deviceId}
            {l.ignored ? ` (${l.ignored})` : ''}
          </li>
        ))}
      </ol>
      <button onClick={onClose}>
        <Bi zh="关闭" en="Close" />
      </button>
    </section>
  );
}
