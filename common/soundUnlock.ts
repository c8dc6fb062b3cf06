/**
 * Browsers play sound only after a touch in this page load. The sign-in form used to be the only touch that
 * unlocked it, so a reload that restored the signed-in teacher (the kiosk) or duty leader (the leader's
 * phone) stayed silent. Now the first touch or key anywhere unlocks it, and until then the page can say so.
 */
import { unlockAudio } from './feedback';

/** Whether this browser would play sound now without a touch (a kiosk browser may allow it). */
function playsWithoutTouch(): boolean {
  try {
    const probe = new AudioContext();
    const running = probe.state === 'running';
    void probe.close();
    return running;
  } catch {
    return true; // no audio at all: nothing to unlock, and the banner would only confuse
  }
}

/** Unlocks sound at the first gesture; `onChange(blocked)` says whether the browser still blocks it. */
export function watchSoundUnlock(onChange: (blocked: boolean) => void): () => void {
  if (playsWithoutTouch()) {
    unlockAudio();
    onChange(false);
    return () => {};
  }
  onChange(true);
  const unlock = () => {
    unlockAudio();
    onChange(false);
  };
  // Capture phase, so a tap that a control stops still counts; every gesture, as a context may be suspended again.
  const opts = { capture: true } as const;
  window.addEventListener('pointerdown', unlock, opts);
  window.addEventListener('keydown', unlock, opts);
  return () => {
    window.removeEventListener('pointerdown', unlock, opts);
    window.removeEventListener('keydown', unlock, opts);
  };
}
