/** 平板与教师: pair, name, place and revoke tablets; edit the staff and reset their PINs. */
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import type { DeviceInfo } from '../core/contract';
import type { Roster } from '../core/roster';
import { Bi } from '../common/Bi';
import { StaffUnlockButton } from './StaffUnlockButton';
import { CaFingerprint } from './CaFingerprint';
import type { OfficeApi } from './officeApi';
import { PairingCodes } from './PairingCodes';
import { StaffEditor } from './StaffEditor';

export function DevicesTab({ api, roster }: { api: OfficeApi; roster: Roster }) {
  const [code, setCode] = useState<{ code: string; expiresAt: number; qr: string; board?: boolean } | null>(null);
  const [devices, setDevices] = useState<DeviceInfo[] | null>(null);
  const [msg, setMsg] = useState('');
  // A refusal is said, and the list kept: an expired session takes the page back to the sign-in (OfficeApp).
  const load = () =>
    api
      .route('devices')
      .then((r) => setDevices(r.devices))
      .catch((err: Error) => setMsg(err.message));
  useEffect(() => {
    void load();
  }, []);
  return (
    <section>
      <button
        data-testid="new-pairing-code"
        onClick={() => {
          void api
            .route('pairingCode')
            .then(async (c) =>
              setCode({ ...c, qr: await QRCode.toDataURL(`RELAY-PAIR:${c.code}`, { margin: 4, scale: 8 }) }),
            );
        }}
      >
        <Bi zh="生成配对码" en="New pairing code" />
      </button>{' '}
      {/* BD1: the gate board's own code, which pairs a board only (docs/board.md) */}
      <button
        data-testid="new-board-code"
        onClick={() => {
          void api
            .route('boardPairingCode')
            .then((c) => setCode({ ...c, qr: '', board: true }))
            .catch((err: Error) => setMsg(err.message));
        }}
      >
        <Bi zh="校门大屏配对码" en="Gate board code" />
      </button>
      {code && (
        <div className="pairing">
          <p className="code" data-testid="pairing-code">
            {code.code}
          </p>
          {code.board ? (
            <p>
              <Bi
                zh={`15 分钟内有效，只能配对一块校门大屏：在大屏的浏览器打开 ${location.origin}/board/ 输入此码`}
                en="Valid 15 minutes, pairs one gate board: open /board/ on the board's browser and type it"
              />
            </p>
          ) : (
            <>
              <img src={code.qr} alt="pairing QR" width={200} />
              <p>
                <Bi zh={`15 分钟内有效，只能配对一台平板`} en="Valid 15 minutes, pairs one tablet" />
              </p>
            </>
          )}
        </div>
      )}
      <PairingCodes api={api} version={code?.expiresAt ?? 0} onMsg={setMsg} />
      <h3>
        <Bi zh="平板" en="Tablets" />
      </h3>
      {devices?.length === 0 && (
        <p data-testid="no-devices">
          <Bi
            zh="还没有配对的平板：生成配对码，在平板上输入或扫码。"
            en="No tablet paired yet: make a code, type or scan it on the tablet."
          />
        </p>
      )}
      <ul>
        {(devices ?? []).map((d) => (
          <li key={d.id}>
            {d.revokedAt ? (
              <>
                {d.name} <Bi zh="已停用" en="revoked" />
              </>
            ) : (
              <DeviceRow
                device={d}
                roster={roster}
                onSave={(patch) =>
                  api
                    .call(`/api/admin/devices/${d.id}`, { method: 'PUT', json: patch })
                    .then(load)
                    .then(() => setMsg(`${patch.name} 已保存`))
                    .catch((err: Error) => setMsg(err.message))
                }
                onRevoke={() =>
                  void api
                    .call(`/api/admin/devices/${d.id}/revoke`, { method: 'POST' })
                    .then(load)
                    .then(() => setMsg(`${d.name} 已停用 revoked`))
                    .catch((err: Error) => setMsg(err.message))
                }
              />
            )}
          </li>
        ))}
      </ul>
      <CaFingerprint />
      <StaffEditor api={api} roster={roster} onMsg={setMsg} />
      <h3>
        <Bi zh="教师 PIN" en="Staff PINs" />
      </h3>
      <ul className="pin-list">
        {roster.staff.map((s) => (
          <li key={s.id}>
            <span className="who">{s.name}</span>{' '}
            <PinReset
              name={s.name}
              onSave={(pin) =>
                api
                  .call(`/api/admin/staff/${s.id}/pin`, { json: { pin } })
                  .then(() => setMsg(`${s.name} 的 PIN 已重置 PIN reset`))
                  .catch((err: Error) => {
                    setMsg(err.message);
                    throw err;
                  })
              }
            />
            <StaffUnlockButton api={api} staff={s} onMsg={setMsg} />
          </li>
        ))}
      </ul>
      {/* said at the foot of the window, not 2,000 px below the button pressed */}
      {msg && (
        <p className="said" role="status" data-testid="devices-msg">
          {msg}
        </p>
      )}
    </section>
  );
}

/** A new PIN typed in the page (no browser prompt), kept until the hub accepts it. */
function PinReset({ name, onSave }: { name: string; onSave: (pin: string) => Promise<unknown> }) {
  const [open, setOpen] = useState(false);
  const [pin, setPin] = useState('');
  if (!open)
    return (
      <button onClick={() => setOpen(true)}>
        <Bi zh="重置 PIN" en="reset PIN" />
      </button>
    );
  return (
    <form
      className="pin-reset"
      onSubmit={(e) => {
        e.preventDefault();
        void onSave(pin)
          .then(() => {
            setOpen(false);
            setPin('');
          })
          .catch(() => undefined);
      }}
    >
      <label>
        <Bi zh={`${name} 的新 PIN（6–8 位数字，不要用 123456、000000 之类）`} en="New PIN, 6–8 digits" />
        <input
          type="password"
          inputMode="numeric"
          autoComplete="new-password"
          style={{ minHeight: '3rem' }}
          value={pin}
          onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 8))}
        />
      </label>
      <button disabled={pin.length < 6}>
        <Bi zh="保存" en="save" />
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        <Bi zh="取消" en="cancel" />
      </button>
    </form>
  );
}

function DeviceRow({
  device,
  roster,
  onSave,
  onRevoke,
}: {
  device: { id: string; name: string; station: { kind: string; ref?: string } | null; kind?: 'kiosk' | 'board' };
  roster: Roster;
  onSave: (p: { name: string; station: { kind: string; ref?: string } | null }) => void;
  onRevoke: () => void;
}) {
  const [name, setName] = useState(device.name);
  const [confirmRevoke, setConfirmRevoke] = useState(false);
  const [station, setStation] = useState(device.station ? `${device.station.kind}:${device.station.ref ?? ''}` : '');
  const parsed = () => {
    if (!station) return null;
    const [kind, ref] = station.split(':');
    return { kind: kind!, ...(ref ? { ref } : {}) };
  };
  return (
    <span className="device">
      <input
        aria-label="平板名称 tablet name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        style={{ width: '12rem', minHeight: '3rem' }}
      />{' '}
      {device.kind === 'board' ? (
        <Bi zh="校门大屏（只显示呼叫）" en="gate board (shows calls only)" />
      ) : (
        <select
          aria-label="站点 station"
          value={station}
          onChange={(e) => setStation(e.target.value)}
          style={{ minHeight: '3rem' }}
        >
          <option value="">平板自选 chosen on the tablet</option>
          <option value="gate:">校门 gate</option>
          {roster.classes.map((c) => (
            <option key={c.id} value={`classroom:${c.id}`}>
              教室 {c.name}
            </option>
          ))}
          {roster.groups.map((g) => (
            <option key={g.id} value={`care:${g.id}`}>
              看护 {g.name}
            </option>
          ))}
        </select>
      )}
      <button onClick={() => onSave({ name, station: parsed() })}>
        <Bi zh="保存" en="save" />
      </button>
      {confirmRevoke ? (
        <>
          <Bi zh={`停用 ${device.name}？它将不能再记录。`} en="Revoke? It can no longer record." />{' '}
          <button
            onClick={() => {
              setConfirmRevoke(false);
              onRevoke();
            }}
          >
            <Bi zh="确定停用" en="revoke" />
          </button>
          <button onClick={() => setConfirmRevoke(false)}>
            <Bi zh="取消" en="cancel" />
          </button>
        </>
      ) : (
        <button onClick={() => setConfirmRevoke(true)}>
          <Bi zh="停用" en="revoke" />
        </button>
      )}
    </span>
  );
}
