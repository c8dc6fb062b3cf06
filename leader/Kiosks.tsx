/** The tablets: by name, which station (and which class or group), when last heard from, unsent records, battery. */
import { useState } from 'react';
import type { DayState, DeviceHealth } from '../core/state';
import type { Roster } from '../core/roster';
import { Bi } from '../common/Bi';
import { LevelIcon } from '../common/LevelIcon';
import type { LeaderModel } from './leaderModel';
import { className, groupName, STATION, time } from './labels';

/**
 * Which class a classroom tablet serves and which group a care-room tablet: a tablet reports only its station's
 * kind, so this is read from what it recorded today (the latest hand-off's class, the latest check-in's group).
 */
function servedBy(model: LeaderModel, roster: Roster, state: DayState, deviceId: string): Map<string, string> {
  let classAt = 0,
    groupAt = 0;
  const found = new Map<string, string>();
  for (const c of Object.values(state.children)) {
    for (const l of c.chain) {
      if (l.deviceId !== deviceId) continue;
      if (l.type === 'handed_off' && l.at >= classAt) {
        const s = roster.students.find((x) => x.id === c.studentId);
        if (s) {
          classAt = l.at;
          found.set('classroom', className(roster, s.classId));
        }
      }
      const e = l.type === 'checked_in' && l.at >= groupAt ? model.event(l.eventId) : undefined;
      if (e?.type === 'checked_in') {
        groupAt = l.at;
        found.set('care', groupName(roster, e.groupId));
      }
    }
  }
  return found;
}

function station(model: LeaderModel, roster: Roster, state: DayState, k: DeviceHealth): string {
  if (!k.station) return '—';
  const words = STATION[k.station];
  const kind = words ? words[0] : '—';
  const what = servedBy(model, roster, state, k.deviceId).get(k.station);
  return what ? `${kind} ${what}` : kind;
}

export function Kiosks({
  model,
  kiosks,
  roster,
  state,
}: {
  model: LeaderModel;
  kiosks: DeviceHealth[];
  roster: Roster;
  state: DayState;
}) {
  const shown = kiosks.filter((k) => !k.revoked);
  // Folded, the list costs nothing: which class or group each tablet serves is read from every child's chain of the
  // day (3,000 in a big school), each second, only while the list is open.
  const [open, setOpen] = useState(false);
  return (
    <details className="kiosks card" data-testid="kiosks" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <Bi zh={`平板 ${shown.length}`} en="Kiosks" />
      </summary>
      <ul>
        {(open ? shown : []).map((k) => (
          <li key={k.deviceId} data-testid={`kiosk-${k.deviceId}`}>
            <b>{k.name}</b> · {station(model, roster, state, k)} · <Bi zh="最后联系" en="last seen" />{' '}
            {k.lastSeen ? time(k.lastSeen) : '—'} ·{' '}
            <span className={k.unsent > 0 ? 'unsent' : ''}>
              {k.unsent > 0 && <LevelIcon kind="warn" />}
              <Bi zh={`未发送 ${k.unsent}`} en="unsent" />
            </span>
            {k.battery !== undefined ? ` · 电量 ${Math.round(k.battery * 100)}%` : ''}
          </li>
        ))}
      </ul>
    </details>
  );
}
