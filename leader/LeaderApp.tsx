/**
 * The duty leader's phone: big numbers to read while walking, alerts that sound, each group and child a tap
 * away, headcount inspections, the emergency roll call and the end-of-day check.
 */
import { useEffect, useSyncExternalStore } from 'react';
import { beep } from '../common/feedback';
import { SoundBanner, useSoundBlocked } from '../common/SoundBanner';
import type { LeaderModel, LeaderView } from './leaderModel';
import { Dashboard } from './Dashboard';
import { Login } from './Login';

function useAlertSound(view: LeaderView) {
  const last = view.fresh.at(-1);
  useEffect(() => {
    if (!last) return;
    beep('error');
    navigator.vibrate?.([300, 100, 300]);
  }, [last]);
}

export function LeaderApp({ model }: { model: LeaderModel }) {
  const view = useSyncExternalStore(model.subscribe, model.snapshot);
  useAlertSound(view);
  // After a reload that restores the session no sign-in is tapped: the first touch anywhere turns sound on. The
  // banner lies over the foot of the screen, not above the page: that first touch takes it away, and were it in
  // the page's flow, everything would jump up under the finger and the tap would miss what it aimed at.
  const soundBlocked = useSoundBlocked();
  if (!view.session || !view.roster || !view.state) return <Login model={model} notice={view.notice} />;
  return (
    <>
      {soundBlocked && <SoundBanner />}
      <Dashboard model={model} view={view} roster={view.roster} state={view.state} />
    </>
  );
}
