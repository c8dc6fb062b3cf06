/** The parts every station shares: the status bar, the big verdict, the camera and the search. */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Student } from '../../core/roster';
import { CameraScanner } from '../lib/cameraScanner';
import type { CameraInfo } from '../lib/cameraScanner';
import { DecoderUnavailable, NativeScanner, saveFacing, savedFacing } from '../lib/nativeScanner';
import type { CameraStarted, Facing } from '../lib/nativeScanner';
import { regionOnPreview, scanRegion } from '../lib/scanGeometry';
import type { Rect } from '../lib/scanGeometry';
import './camera.css';
import type { KioskModel, KioskView } from '../lib/kioskModel';
import { indexStudents, searchIndex } from '../../common/search';
import { Bi } from '../../common/Bi';
import { LevelIcon } from '../../common/LevelIcon';
import { StationName } from './SetupScreens';
import { SafetyNotes } from './SafetyNotes';

/** Made once: toLocaleTimeString builds a formatter at every call, ~10 ms a render on a slow tablet (#20). */
const SYNC_TIME = new Intl.DateTimeFormat('zh-CN', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

export function StatusBar({ model, view }: { model: KioskModel; view: KioskView }) {
  const s = view.sync;
  const last = s.lastSync ? SYNC_TIME.format(s.lastSync) : '—';
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
      <button className="link sign-out" data-testid="sign-out" onClick={() => void model.signOut()}>
        <Bi zh="退出" en="Sign out" />
      </button>
    </header>
  );
}

/** Saying the name aloud is optional: some rooms are quiet, some are loud. A toggle a finger can hit, not a checkbox. */
function SpeakToggle() {
  const [on, setOn] = useState(localStorage.getItem('relay.speak') === '1');
  return (
    <button
      type="button"
      className={`speak${on ? ' on' : ''}`}
      data-testid="speak-toggle"
      aria-pressed={on}
      onClick={() => {
        localStorage.setItem('relay.speak', on ? '0' : '1');
        setOn(!on);
      }}
    >
      {/* On or off in words as well as colour (no emoji: a tablet without an emoji font shows an empty box). */}
      <Bi zh={on ? '朗读姓名：开' : '朗读姓名：关'} en={on ? 'say names: on' : 'say names: off'} />
    </button>
  );
}

export function VerdictPanel({ view }: { view: KioskView }) {
  const v = view.verdict;
  if (!v)
    return (
      <section className="verdict idle" data-testid="verdict">
        <LevelIcon kind="scan" />
        <div className="body">
          <Bi zh="请扫描学生卡" en="Scan a student card" block />
        </div>
      </section>
    );
  const s = v.student;
  const cls = s && view.roster?.classes.find((c) => c.id === s.classId)?.name;
  const grp = s?.groupId && view.roster?.groups.find((g) => g.id === s.groupId)?.name;
  const level = v.level;
  return (
    <section
      className={`verdict ${level}`}
      data-testid="verdict"
      data-level={v.level}
      role="status"
      aria-live="assertive"
    >
      <LevelIcon kind={level} />
      <div className="body">
        {s && (
          <div className="name" data-testid="verdict-name">
            {s.name}
          </div>
        )}
        {s && <div className="meta">{[cls, grp].filter(Boolean).join(' · ')}</div>}
        <div className="title" data-testid="verdict-title">
          {v.repeat ? <Bi zh="已记录" en="Already recorded" /> : <Bi {...v.title} />}
        </div>
        {v.detail && (
          <div className="detail">
            <Bi {...v.detail} />
          </div>
        )}
        {/* SN1: the child's safety notes wherever the child is scanned or chosen */}
        {s && <SafetyNotes student={s} />}
      </div>
    </section>
  );
}

/**
 * The camera: decoding at the camera's own resolution in a worker (kiosk/lib/nativeScanner.ts), unless this
 * tablet is set to the old pipeline for the benchmark (localStorage relay.decoder = html5-qrcode).
 */
export function CameraPanel({ model, children }: { model: KioskModel; children?: React.ReactNode }) {
  const [legacy] = useState(() => localStorage.getItem('relay.decoder') === 'html5-qrcode');
  return legacy ? (
    <LegacyCameraPanel model={model}>{children}</LegacyCameraPanel>
  ) : (
    <ScanCameraPanel model={model}>{children}</ScanCameraPanel>
  );
}

/** The preview with the aiming frame: the decoded region as it shows on the preview, with a hint to hold the card in it. */
function ScanCameraPanel({ model, children }: { model: KioskModel; children?: React.ReactNode }) {
  const video = useRef<HTMLVideoElement | null>(null);
  const box = useRef<HTMLDivElement | null>(null);
  const scanner = useRef<NativeScanner | null>(null);
  const [on, setOn] = useState(false);
  const [facing, setFacing] = useState<Facing>(savedFacing);
  const [started, setStarted] = useState<CameraStarted | null>(null);
  const [cameraCount, setCameraCount] = useState(0);
  const [torch, setTorch] = useState(false);
  const [error, setError] = useState<'camera' | 'decoder' | null>(null);
  const [aim, setAim] = useState<Rect | null>(null);
  useEffect(() => {
    // One scanner for the life of the panel: StrictMode's double mount reuses it, never opens a second track.
    scanner.current ??= new NativeScanner(
      video.current!,
      (text) => void model.scan(text),
      (message) => {
        console.error('[decoder]', message);
        setError('decoder');
      },
    );
    return () => {
      void scanner.current?.dispose();
    };
  }, [model]);
  useEffect(() => {
    const s = scanner.current;
    if (!s) return;
    if (!on) {
      setStarted(null);
      setTorch(false);
      void s.stop();
      return;
    }
    setError(null);
    s.start(facing)
      .then(async (st) => {
        setStarted(st);
        setCameraCount(await NativeScanner.cameraCount());
      })
      .catch((err: unknown) => {
        setError(err instanceof DecoderUnavailable ? 'decoder' : 'camera');
        setOn(false);
      });
  }, [on, facing]);
  // The aiming frame follows the preview's size and the camera's frame (a tablet turned round turns both).
  useEffect(() => {
    const v = video.current,
      b = box.current;
    if (!started || !v || !b) {
      setAim(null);
      return;
    }
    const place = () => {
      const frame = { width: v.videoWidth, height: v.videoHeight };
      setAim(
        regionOnPreview(frame, { width: b.clientWidth, height: b.clientHeight }, scanRegion(frame), started.mirrored),
      );
    };
    place();
    const ro = new ResizeObserver(place);
    ro.observe(b);
    v.addEventListener('resize', place);
    return () => {
      ro.disconnect();
      v.removeEventListener('resize', place);
    };
  }, [started]);
  // The decoder's figures on the preview, for the tests and for anyone tuning a tablet (no re-render).
  useEffect(() => {
    if (!started) return;
    const t = setInterval(() => {
      const st = scanner.current?.stats();
      const b = box.current;
      if (!st || !b) return;
      b.dataset.frames = String(st.frames);
      b.dataset.dropped = String(st.dropped);
      b.dataset.decodeMs = st.medianMs === null ? '' : st.medianMs.toFixed(1);
      b.dataset.decoder = st.by ?? '';
      b.dataset.source = st.source ?? '';
      b.dataset.region = st.region ? `${st.region.width}x${st.region.height}` : '';
    }, 500);
    return () => clearInterval(t);
  }, [started]);
  return (
    <section className="camera scan-camera">
      <div
        ref={box}
        className={`camera-box${on ? ' on' : ''}${started?.mirrored ? ' mirrored' : ''}`}
        data-testid="camera-view"
        data-frame={started ? `${started.frame.width}x${started.frame.height}` : ''}
      >
        <video ref={video} muted playsInline aria-label="摄像头画面 camera preview" />
        {aim && (
          <div
            className="aim"
            data-testid="camera-aim"
            style={{ left: aim.x, top: aim.y, width: aim.width, height: aim.height }}
          />
        )}
        {aim && (
          <p className="aim-hint" data-testid="camera-hint">
            <Bi zh="把学生卡放进框里，离平板 30–50 厘米" en="Hold the card inside the frame, 30–50 cm away" />
          </p>
        )}
      </div>
      <div className="row">
        <button data-testid="camera-toggle" className={on ? 'on' : ''} onClick={() => setOn(!on)}>
          {on ? <Bi zh="关闭摄像头" en="Camera off" /> : <Bi zh="打开摄像头" en="Camera on" />}
        </button>
        {on && cameraCount > 1 && (
          <button
            data-testid="camera-switch"
            onClick={() => {
              const next = facing === 'front' ? 'rear' : 'front';
              saveFacing(next);
              setFacing(next);
            }}
          >
            {facing === 'front' ? (
              <Bi zh="前置 → 后置" en="Use rear camera" />
            ) : (
              <Bi zh="后置 → 前置" en="Use front camera" />
            )}
          </button>
        )}
        {on && started?.torch && (
          <button
            data-testid="camera-torch"
            className={torch ? 'on' : ''}
            aria-pressed={torch}
            onClick={() => {
              void scanner.current?.setTorch(!torch).then((ok) => ok && setTorch(!torch));
            }}
          >
            <Bi zh="手电筒" en="Torch" />
          </button>
        )}
        {children}
      </div>
      {error && (
        <p className="error">
          {error === 'camera' ? (
            <Bi
              zh="无法打开摄像头：请允许使用摄像头，或用扫码枪/搜索"
              en="Camera unavailable: allow it, or use a scanner or search"
            />
          ) : (
            <Bi
              zh="扫码程序无法启动：请刷新页面，或用扫码枪/搜索"
              en="Decoder failed: reload, or use a scanner or search"
            />
          )}
        </p>
      )}
    </section>
  );
}

const CAMERA_ELEMENT = 'camera-view';

/** Today's pipeline, unchanged: html5-qrcode decodes its on-screen box (kept for the benchmark). */
function LegacyCameraPanel({ model, children }: { model: KioskModel; children?: React.ReactNode }) {
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
        {children}
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
  const roster = view.roster;
  // Made ready once per roster (3,000 children in a big school), not on every keystroke.
  const index = useMemo(() => indexStudents((roster?.students ?? []).filter((s) => s.groupId !== null)), [roster]);
  const classes = useMemo(() => new Map((roster?.classes ?? []).map((c) => [c.id, c.name])), [roster]);
  const { found, total } = searchIndex(index, q);
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
            <select
              data-testid="no-card-reason"
              autoComplete="off"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            >
              {NO_CARD_REASONS.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </label>
          {total > found.length && (
            // One letter finds hundreds in a big school: how many, above the first few, never all of them.
            <p className="search-more" role="status" data-testid="search-more" data-total={total}>
              <Bi
                zh={`找到 ${total} 名，只显示前 ${found.length} 名：请再输入几个字或学号`}
                en={`${total} found, the first ${found.length} shown: type more of the name or number`}
              />
            </p>
          )}
          <ul className="results">
            {found.map((s) => (
              <li key={s.id}>
                <button
                  data-testid={`pick-${s.id}`}
                  onClick={() => {
                    void model.pick(s, reason);
                    onPicked?.(s);
                    setQ('');
                    // The reason was this child's: the next child without a card starts from the usual one.
                    setReason(NO_CARD_REASONS[0]!);
                  }}
                >
                  {s.name}{' '}
                  <small>
                    {s.studentNo} · {classes.get(s.classId)}
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
