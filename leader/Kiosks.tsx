/** The tablets: station, when last heard from, unsent records, battery. */
import { Bi } from '../common/Bi';
import type { LeaderView } from './leaderModel';
import { time } from './labels';

export function Kiosks({ view }: { view: LeaderView }) {
  return (
    <details className="kiosks" data-testid="kiosks">
      <summary>
        <Bi zh={`平板 ${view.kiosks.length}`} en="Kiosks" />
      </summary>
      <ul>
        {view.kiosks.map((k) => (
          <li key={k.deviceId}>
            {k.name} · {k.station ?? '—'} · {k.lastSeen ? time(k.lastSeen) : '—'} ·{' '}
            <Bi zh={`未发送 ${k.unsent}`} en="unsent" />
            {k.battery !== undefined ? ` · 🔋${Math.round(k.battery * 100)}%` : ''}
          </li>
        ))}
      </ul>
    </details>
  );
}
