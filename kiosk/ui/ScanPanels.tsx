/** The parts every station shares: the status bar, the big verdict, the camera and the search. */
import { useEffect, useRef, useState } from 'react';
import type { Student } from '../../core/roster';
import { CameraScanner } from '../lib/cameraScanner';
import type { CameraInfo } from '../lib/cameraScanner';
import type { KioskModel, KioskView } from '../lib/kioskModel';
import { searchStudents } from '../../common/search';
import { Bi } from '../../common/Bi';
import { StationName } from './SetupScreens';

export function StatusBar({ model, view }: { model: KioskModel; view: KioskView }) {
  const s = view.sync;
  const last = s.lastSync ? new Date(s.lastSync).toLocaleTimeString('zh-CN', { hour12: false }) : '—';
  return (
    <header className="status">
      <span className="where">
        <StationName view={view} />
      </span>
      <span className="who">{view.staff?.name}</span>
      <span data-testid="sync-online" className={s.online ? 'online' : 'offline'}>
        {s.online ? <Bi zh="在线" en="online" /> : <Bi zh="离线" en="offline" />}
      </span>
      <span data-testid="sync-unsent" data-unsent={s.unsent}>
        <Bi zh={`未发送 ${s.unsent}`} en={`unsent ${s.unsent}`} />
      </span>
      <span className="en">
        <Bi zh={`上次同步 ${last}`} en="last sync" />
      </span>
      <SpeakToggle />
      <button className="link" data-testid="sign-out" onClick={() => void model.signOut()}>
        <Bi zh="退出" en="Sign out" />
      </button>
    </header>
  );
}

/** Saying the name aloud is optional: some rooms are quiet, some are loud. */
function SpeakToggle() {
  const [on, setOn] = useState(localStorage.getItem('relay.speak') === '1');
  return (
    <label className="speak">
      <input
        type="checkbox"
        checked={on}
        onChange={(e) => {
          localStorage.setItem('relay.speak', e.target.checked ? '1' : '0');
          setOn(e.target.checked);
        }}
      />
      <Bi zh="朗读姓名" en="say names" />
    </label>
  );
}

export function VerdictPanel({ view }: { view: KioskView }) {
  const v = view.verdict;
  if (!v)
    return (
      <section className="verdict idle" data-testid="verdict">
        <Bi zh="请扫描学生卡" en="Scan a student card" block />
      </section>
    );
  const s = v.student;
  const cls = s && view.roster?.classes.find((c) => c.id === s.classId)?.name;
  const grp = s?.groupId && view.roster?.groups.find((g) => g.id === s.groupId)?.name;
  return (
    <section
      className={`verdict ${v.level}`}
      data-testid="verdict"
      data-level={v.level}
      role="status"
      aria-live="assertive"
    >
      {s && (
        <div className="name" data-testid="verdict-name">
          {s.name}
        </div>
      )}
      {s && (
        <div className="meta">
          {cls} · {grp}
        </div>
      )}
      <div className="title" data-testid="verdict-title">
        {v.repeat ? <Bi zh="已记录" en="Already recorded" /> : <Bi {...v.title} />}
      </div>
      {v.detail && (
        <div className="detail">
          <Bi {...v.detail} />
        </div>
      )}
    </section>
  );
}

const CAMERA_ELEMENT = 'camera-view';

export function CameraPanel({ model }: { model: KioskModel }) {
  const scanner = useRef<CameraScanner | null>(null);
  const [on, setOn] = useState(false);
  const [cameras, setCameras] = useState<CameraInfo[]>([]);
  const [cameraId, setCameraId] = useState<string>('');
  const [torch, setTorch] = useState(false);
  const [error, setError] = useState(false);
  useEffect(() => {
    // One scanner per element for the life of the panel: StrictMode's double mount reuses it, never opens a second track.
    scanner.current ??= new CameraScanner(CAMERA_ELEMENT, (text) => {
      void model.scan(text);
    });
    return () => {
      void scanner.current?.stop();
    };
  }, [model]);
  useEffect(() => {
    if (!on) {
      void scanner.current?.stop();
      return;
    }
    setError(false);
    scanner.current
      ?.start(cameraId || undefined)
      .then(async () => {
        setCameras(await CameraScanner.cameras());
      })
      .catch(() => {
        setError(true);
        setOn(false);
      });
  }, [on, cameraId]);
  return (
    <section className="camera">
      <div id={CAMERA_ELEMENT} data-testid="camera-view" />
      <div className="row">
        <button data-testid="camera-toggle" onClick={() => setOn(!on)}>
          {on ? <Bi zh="关闭摄像头" en="Camera off" /> : <Bi zh="打开摄像头" en="Camera on" />}
        </button>
        {on && cameras.length > 1 && (
          <select value={cameraId} onChange={(e) => setCameraId(e.target.value)} aria-label="camera">
            <option value="">后置摄像头 rear camera</option>
            {cameras.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label || c.id}
              </option>
            ))}
          </select>
        )}
        {on && scanner.current?.hasTorch() && (
          <button
            onClick={() => {
              void scanner.current?.setTorch(!torch).then((ok) => ok && setTorch(!torch));
            }}
          >
            <Bi zh="手电筒" en="Torch" />
          </button>
        )}
      </div>
      {error && (
        <p className="error">
          <Bi
            zh="无法打开摄像头：请允许使用摄像头，或用扫码枪/搜索"
            en="Camera unavailable: allow it, or use a scanner or search"
          />
        </p>
      )}
    </section>
  );
}

const NO_CARD_REASONS = ['忘带卡', '卡损坏', '新生未发卡'];

export function SearchBox({
  model,
  view,
  onPicked,
}: {
  model: KioskModel;
  view: KioskView;
  onPicked?: (s: Student) => void;
}) {
  const [q, setQ] = useState('');
  const [reason, setReason] = useState(NO_CARD_REASONS[0]!);
  const students = (view.roster?.students ?? []).filter((s) => s.groupId !== null);
  const found = searchStudents(students, q);
  return (
    <section className="search">
      <input
        data-testid="search"
        placeholder="搜索姓名、学号或拼音首字母 / name, number or initials"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={(e) => {
          // A keyboard scanner typing into the search box is still a scan.
          if (e.key === 'Enter' && /^R[SG][0-9A-Z]{16}$/i.test(q.trim())) {
            void model.scan(q.trim());
            setQ('');
            e.preventDefault();
          }
        }}
      />
      {q && (
        <>
          <label className="reason">
            <Bi zh="无卡原因" en="No card because" />
            <select value={reason} onChange={(e) => setReason(e.target.value)}>
              {NO_CARD_REASONS.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </label>
          <ul className="results">
            {found.map((s) => (
              <li key={s.id}>
                <button
                  data-testid={`pick-${s.id}`}
                  onClick={() => {
                    void model.pick(s, reason);
                    onPicked?.(s);
                    setQ('');
                  }}
                >
                  {s.name}{' '}
                  <small>
                    {s.studentNo} · {view.roster?.classes.find((c) => c.id === s.classId)?.name}
                  </small>
                </button>
              </li>
            ))}
            {found.length === 0 && (
              <li className="none">
                <Bi zh="没有找到" en="No match" />
              </li>
            )}
          </ul>
        </>
      )}
    </section>
  );
}
