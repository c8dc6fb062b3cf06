/**
 * "点一下开启声音": shown while the browser still blocks sound (after a reload, before the first touch), on the
 * kiosk and on the leader's phone. Styled by base.css (.sound-dock, .sound.banner).
 */
import { useEffect, useState } from 'react';
import { Bi } from './Bi';
import { watchSoundUnlock } from './soundUnlock';

export function useSoundBlocked(): boolean {
  const [blocked, setBlocked] = useState(false);
  useEffect(() => watchSoundUnlock(setBlocked), []);
  return blocked;
}

export function SoundBanner() {
  // The tap itself unlocks the sound (the window's listener): the button only gives the finger a place to land.
  // Docked over the foot of the screen, not above the page: the first touch takes it away, and were it in the
  // page's flow everything would jump up under the finger and the tap would miss what it aimed at.
  return (
    <div className="sound-dock">
      <button type="button" className="sound banner" data-testid="sound-banner">
        <Bi zh="点一下开启声音" en="Tap to turn on sound" />
      </button>
    </div>
  );
}
