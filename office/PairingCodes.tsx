/**
 * 配对码 Pairing codes: the ones made in the last week, when each was made and until when it pairs, used or not,
 * and a cancel that asks for a second tap. The code itself is never listed: it is shown once, when it is made.
 */
import { useEffect, useState } from 'react';
import type { PairingCodeInfo } from '../core/contract';
import { Bi } from '../common/Bi';
import type { OfficeApi } from './officeApi';

/** Day and time; the year too when it is not this year (the demo's code lasts a year: 12/1 would read as today). */
const when = (ms: number) =>
  new Date(ms).toLocaleString('zh-CN', {
    ...(new Date(ms).getFullYear() !== new Date().getFullYear() ? { year: 'numeric' } : {}),
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });

/** `names` maps a paired tablet's id to the name the office gave it: the id itself is never shown. */
function status(c: PairingCodeInfo, now: number, names: ReadonlyMap<string, string>) {
  if (c.cancelledAt !== null) return <Bi zh={`已取消 ${when(c.cancelledAt)}`} en="cancelled" />;
  if (!c.multiUse && c.usedAt !== null) {
    const name = c.deviceId ? names.get(c.deviceId) : undefined;
    return (
      <Bi
        zh={`已配对 ${when(c.usedAt)}${name ? ` 「${name}」` : ''}`}
        en={name ? 'used: paired this tablet' : 'used: paired a tablet'}
      />
    );
  }
  if (c.expiresAt <= now) return <Bi zh="已过期" en="expired" />;
  return <Bi zh={`有效至 ${when(c.expiresAt)}`} en="valid, not used yet" />;
}

/** `version` changes when a new code is made, so the list shows it at once. */
export function PairingCodes({ api, version, onMsg }: { api: OfficeApi; version: number; onMsg: (m: string) => void }) {
  const [list, setList] = useState<{ hubTime: number; codes: PairingCodeInfo[] }>({ hubTime: 0, codes: [] });
  const [armed, setArmed] = useState<string | null>(null);
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  // The tablets' names come from the devices list (the names the office gives them in this tab).
  const load = () =>
    Promise.all([
      api.route('pairingCodes').then(setList),
      api.route('devices').then((r) => setNames(new Map(r.devices.map((d) => [d.id, d.name])))),
    ]).catch((err: Error) => onMsg(err.message));
  useEffect(() => {
    void load();
  }, [version]);
  const usable = (c: PairingCodeInfo) =>
    c.cancelledAt === null && c.expiresAt > list.hubTime && (c.multiUse || c.usedAt === null);
  if (!list.codes.length) return null;
  return (
    <div data-testid="pairing-codes">
      <h3>
        <Bi zh="配对码" en="Pairing codes" />
      </h3>
      <ul>
        {list.codes.map((c) => (
          <li key={c.id} data-testid={`pairing-code-${c.id}`}>
            {c.multiUse ? <Bi zh="演示配对码（可配对多台）" en="demo code (many tablets)" /> : null}
            {c.board ? <Bi zh="校门大屏" en="gate board" /> : null} <Bi zh={`生成于 ${when(c.createdAt)}`} en="made" />{' '}
            · {status(c, list.hubTime, names)}
            {usable(c) &&
              (armed === c.id ? (
                <>
                  {' '}
                  <button
                    data-testid={`cancel-code-confirm-${c.id}`}
                    onClick={() => {
                      setArmed(null);
                      void api
                        .route('pairingCodeCancel', { params: { id: c.id } })
                        .then(() => onMsg('配对码已取消 / The pairing code was cancelled'))
                        .catch((err: Error) => onMsg(err.message))
                        .then(load);
                    }}
                  >
                    <Bi zh="确认取消，此码不能再配对" en="Confirm: it will pair nothing" />
                  </button>{' '}
                  <button onClick={() => setArmed(null)}>
                    <Bi zh="保留" en="Keep it" />
                  </button>
                </>
              ) : (
                <>
                  {' '}
                  <button data-testid={`cancel-code-${c.id}`} onClick={() => setArmed(c.id)}>
                    <Bi zh="取消此码" en="Cancel code" />
                  </button>
                </>
              ))}
          </li>
        ))}
      </ul>
    </div>
  );
}
