/** Pairing, station choice and PIN sign-in: what a tablet shows before the first scan. */
import { useEffect, useRef, useState } from 'react';
import { CameraScanner } from '../lib/cameraScanner';
import type { KioskModel, KioskView } from '../lib/kioskModel';
import { HubError, wipedNotice } from '../lib/kioskModel';
import type { Station } from '../../core/stations';
import { unlockAudio } from '../../common/feedback';
import { Bi } from '../../common/Bi';
import { ErrorLine, NameSelect, PinInput } from '../../common/fields';

function problemText(err: unknown) {
  if (err instanceof HubError && err.problem) return { zh: err.problem.zh, en: err.problem.en };
  return { zh: '无法连接服务器，请检查网络', en: 'Cannot reach the hub: check the network' };
}

/** The office's pairing QR carries `RELAY-PAIR:<code>`; a bare code is accepted too. */
export function pairingCodeFrom(text: string): string | null {
  const m = /^(?:RELAY-PAIR:)?([23456789A-HJ-NP-Z]{8})$/i.exec(text.trim());
  return m ? m[1]!.toUpperCase() : null;
}

export function PairScreen({ model }: { model: KioskModel }) {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<{ zh: string; en: string }>();
  const [busy, setBusy] = useState(false);
  const [scanning, setScanning] = useState(false);
  const scanner = useRef<CameraScanner | null>(null);
  useEffect(() => {
    if (!scanning) {
      void scanner.current?.stop();
      return;
    }
    scanner.current ??= new CameraScanner('pair-camera', (text) => {
      const found = pairingCodeFrom(text);
      if (found) {
        setCode(found);
        setScanning(false);
      }
    });
    scanner.current.start().catch(() => {
      setScanning(false);
      setError({ zh: '无法打开摄像头，请手动输入配对码', en: 'Camera unavailable: type the code' });
    });
    return () => {
      void scanner.current?.stop();
    };
  }, [scanning]);
  const wiped = model.snapshot().wiped;
  return (
    <main className="setup">
      {wiped && (
        <p className="error banner" role="alert" data-testid="wiped">
          <Bi {...wipedNotice(wiped.unsent)} block />
        </p>
      )}
      <h1>
        <Bi zh="配对平板" en="Pair this tablet" />
      </h1>
      <p>
        <Bi zh="请输入教导处提供的配对码" en="Enter the pairing code from the office" />
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          model
            .pair(code, name || '平板')
            .catch((err: unknown) => setError(problemText(err)))
            .finally(() => setBusy(false));
        }}
      >
        <label>
          <Bi zh="配对码" en="Pairing code" />
          <input
            data-testid="pair-code"
            value={code}
            autoCapitalize="characters"
            autoComplete="off"
            onChange={(e) => setCode(e.target.value)}
          />
        </label>
        <label>
          <Bi zh="平板名称（如：一年级1班）" en="Tablet name" />
          <input data-testid="pair-name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <button data-testid="pair-submit" disabled={busy || code.trim().length < 4}>
          <Bi zh="配对" en="Pair" />
        </button>
        <button type="button" onClick={() => setScanning(!scanning)}>
          {scanning ? <Bi zh="停止扫码" en="Stop" /> : <Bi zh="扫描配对二维码" en="Scan the pairing QR" />}
        </button>
      </form>
      <div id="pair-camera" style={{ maxWidth: '24rem' }} />
      <ErrorLine error={error && <Bi {...error} block />} />
    </main>
  );
}

export function StationScreen({ model, view }: { model: KioskModel; view: KioskView }) {
  const [kind, setKind] = useState<Station['kind'] | null>(null);
  const roster = view.roster;
  if (!roster)
    return (
      <main className="setup">
        <p>
          <Bi zh="正在加载花名册…" en="Loading the roster…" />
        </p>
      </main>
    );
  const choose = (s: Station) => {
    void model.chooseStation(s);
  };
  return (
    <main className="setup">
      <h1>
        <Bi zh="选择岗位" en="Choose the station" />
      </h1>
      <div className="choices">
        <button
          data-testid="station-classroom"
          className={kind === 'classroom' ? 'on' : ''}
          onClick={() => setKind('classroom')}
        >
          <Bi zh="教室交出" en="Classroom hand-off" block />
        </button>
        <button data-testid="station-care" className={kind === 'care' ? 'on' : ''} onClick={() => setKind('care')}>
          <Bi zh="看护签到" en="Care room" block />
        </button>
        <button data-testid="station-gate" onClick={() => choose({ kind: 'gate' })}>
          <Bi zh="校门放行" en="Gate" block />
        </button>
      </div>
      {kind === 'classroom' && (
        <div className="choices">
          {roster.classes.map((c) => (
            <button
              key={c.id}
              data-testid={`class-${c.id}`}
              onClick={() => choose({ kind: 'classroom', classId: c.id })}
            >
              {c.name}
            </button>
          ))}
        </div>
      )}
      {kind === 'care' && (
        <div className="choices">
          {roster.groups.map((g) => (
            <button key={g.id} data-testid={`group-${g.id}`} onClick={() => choose({ kind: 'care', groupId: g.id })}>
              {g.name}
            </button>
          ))}
        </div>
      )}
    </main>
  );
}

export function SignInScreen({ model, view }: { model: KioskModel; view: KioskView }) {
  const [staffId, setStaffId] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<{ zh: string; en: string }>();
  const staff = (view.roster?.staff ?? []).filter((s) => s.active);
  return (
    <main className="setup">
      <h1>
        <Bi zh="教师登录" en="Staff sign-in" />
      </h1>
      <p>
        <StationName view={view} /> ·{' '}
        <button className="small" data-testid="change-station" onClick={() => void model.changeStation()}>
          <Bi zh="更换岗位" en="Change station" />
        </button>
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          unlockAudio();
          model
            .signIn(staffId, pin)
            .then(() => setPin(''))
            .catch((err: unknown) => {
              setPin('');
              setError(problemText(err));
            });
        }}
      >
        <label>
          <Bi zh="姓名" en="Name" />
          <NameSelect testId="signin-staff" value={staffId} onChange={setStaffId} options={staff} blank="—" />
        </label>
        <label>
          <Bi zh="PIN 码" en="PIN" />
          <PinInput testId="signin-pin" value={pin} onChange={setPin} />
        </label>
        <button data-testid="signin-submit" disabled={!staffId || pin.length < 4}>
          <Bi zh="登录" en="Sign in" />
        </button>
      </form>
      <ErrorLine error={error && <Bi {...error} block />} />
    </main>
  );
}

export function StationName({ view }: { view: KioskView }) {
  const st = view.station;
  const roster = view.roster;
  if (!st || !roster) return null;
  if (st.kind === 'gate') return <Bi zh="校门" en="Gate" />;
  if (st.kind === 'classroom')
    return (
      <>
        {roster.classes.find((c) => c.id === st.classId)?.name} <span className="en">Classroom</span>
      </>
    );
  return (
    <>
      {roster.groups.find((g) => g.id === st.groupId)?.name} <span className="en">Care room</span>
    </>
  );
}
