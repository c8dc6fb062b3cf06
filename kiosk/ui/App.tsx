/** The kiosk: set-up screens until a teacher is signed in, then the station with its scanner. */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { KioskModel } from '../lib/kioskModel';
import { beep, speak } from '../../common/feedback';
import { KeyboardWedge } from '../lib/keyboardWedge';
import { Bi } from '../../common/Bi';
import { CameraPanel, SearchBox, StatusBar, VerdictPanel } from './ScanPanels';
import { PairScreen, SignInScreen, StationScreen } from './SetupScreens';
import { CarePanel } from './CarePanel';
import { ClassroomPanel } from './ClassroomPanel';
import { GatePanel, GuardianMatch } from './GatePanel';
import { ReleaseOverride } from './OverrideSheet';
import { UpdatePrompt } from './UpdatePrompt';
import { SoundBanner, useSoundBlocked } from '../../common/SoundBanner';
import { CallBanner } from './CallBanner';
import { UndoBar } from './UndoBar';
import { ListFilter, ListQuery } from './childList';
import './kiosk.css';

/** Keyboard scanners work whatever has focus, except the search box, which handles its own Enter. */
function useKeyboardScanner(model: KioskModel) {
  useEffect(() => {
    const wedge = new KeyboardWedge();
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT'))
        return;
      const code = wedge.push({ key: e.key, time: e.timeStamp });
      if (code) {
        e.preventDefault(); // the scanner's Enter must not also press a focused button
        void model.scan(code);
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [model]);
}

/** Sound and (optionally) the spoken name for every new verdict. */
function useFeedback(model: KioskModel) {
  const view = useSyncExternalStore(model.subscribe, model.snapshot);
  const at = view.verdict?.at;
  useEffect(() => {
    if (!view.verdict || view.verdict.repeat) return;
    beep(view.verdict.level);
    if (localStorage.getItem('relay.speak') === '1' && view.verdict.student) speak(view.verdict.student.name);
    // Only a new verdict (its time) sounds; re-renders for other reasons stay silent.
  }, [at]);
}

export function App({ model }: { model: KioskModel }) {
  const view = useSyncExternalStore(model.subscribe, model.snapshot);
  useKeyboardScanner(model);
  useFeedback(model);
  const soundBlocked = useSoundBlocked();
  const [listQuery, setListQuery] = useState('');
  const stationKey = view.station ? JSON.stringify(view.station) : '';
  // A new station or teacher starts with every child in view.
  useEffect(() => setListQuery(''), [stationKey, view.staff?.id]);
  useEffect(() => {
    const touch = () => model.touch();
    window.addEventListener('pointerdown', touch);
    return () => window.removeEventListener('pointerdown', touch);
  }, [model]);

  let body;
  if (view.phase === 'loading')
    body = (
      <main className="setup">
        <Bi zh="正在启动…" en="Starting…" />
      </main>
    );
  else if (view.phase === 'pair') body = <PairScreen model={model} />;
  else if (view.phase === 'station') body = <StationScreen model={model} view={view} />;
  else if (view.phase === 'signin') body = <SignInScreen model={model} view={view} />;
  else {
    const st = view.station!;
    body = (
      <>
        <StatusBar model={model} view={view} />
        <div className="station">
          <div className="scan-col">
            <VerdictPanel view={view} />
            {/* SN2: a release a safety note forbids waits here for the duty leader's PIN */}
            <ReleaseOverride model={model} view={view} />
            {st.kind === 'gate' && <GuardianMatch model={model} view={view} />}
            {/* The search sits beside the camera's button: the camera keeps the height. */}
            <CameraPanel model={model}>
              <SearchBox model={model} view={view} />
            </CameraPanel>
          </div>
          <div className="list-col">
            <ListFilter value={listQuery} onChange={setListQuery} />
            <ListQuery.Provider value={listQuery}>
              {st.kind === 'classroom' && <ClassroomPanel model={model} view={view} classId={st.classId} />}
              {st.kind === 'care' && <CarePanel model={model} view={view} groupId={st.groupId} />}
              {st.kind === 'gate' && <GatePanel model={model} view={view} />}
            </ListQuery.Provider>
          </div>
        </div>
      </>
    );
  }
  return (
    <div className={view.phase === 'ready' ? 'kiosk ready' : 'kiosk'}>
      {view.error && (
        <p className="error banner" role="alert">
          <Bi {...view.error} />
        </p>
      )}
      {view.rejected.length > 0 && view.phase === 'ready' && (
        <p className="error banner" data-testid="rejected">
          <Bi
            zh={`${view.rejected.length} 条记录被服务器拒收：${view.rejected.at(-1)!.problem.zh}`}
            en={`${view.rejected.length} records refused by the hub`}
          />
        </p>
      )}
      {view.phase === 'ready' && view.dayState?.rollCall && view.dayState.rollCall.endedAt === undefined && (
        <p className="rollcall banner" data-testid="roll-call-banner" role="alert">
          <Bi
            zh={`紧急点名中：请扫描到场的学生（未确认 ${view.dayState.rollCall.unaccounted.length}）`}
            en="Emergency roll call: scan every child at the assembly point"
          />
        </p>
      )}
      {view.phase === 'ready' && view.station?.kind === 'care' && (
        <CallBanner model={model} view={view} groupId={view.station.groupId} />
      )}
      {soundBlocked && view.phase === 'ready' && <SoundBanner />}
      {body}
      {view.phase === 'ready' && <UndoBar model={model} view={view} />}
      <UpdatePrompt model={model} view={view} />
    </div>
  );
}
