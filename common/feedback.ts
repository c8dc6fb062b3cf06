/**
 * Sound a teacher can tell apart without looking: one high beep for OK, two middle beeps for a warning, a low
 * buzz for an error. Web Audio tones need no files and start within a few milliseconds.
 */
import type { Level } from '../core/messages';

let ctx: AudioContext | undefined;

const TONES: Record<Level, { freq: number; ms: number; type: OscillatorType; repeat: number }> = {
  ok: { freq: 1320, ms: 90, type: 'sine', repeat: 1 },
  info: { freq: 990, ms: 60, type: 'sine', repeat: 1 },
  warn: { freq: 660, ms: 110, type: 'square', repeat: 2 },
  error: { freq: 180, ms: 420, type: 'sawtooth', repeat: 1 },
};

/** Browsers allow audio only after a user gesture: call this from the first tap (sign-in). */
export function unlockAudio() {
  try {
    ctx ??= new AudioContext();
    void ctx.resume();
  } catch {
    /* no audio on this device: the colours still tell */
  }
}

export function beep(level: Level) {
  if (!ctx) return;
  const tone = TONES[level];
  for (let i = 0; i < tone.repeat; i++) {
    const start = ctx.currentTime + i * (tone.ms / 1000) * 1.6;
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = tone.type;
    osc.frequency.value = tone.freq;
    gain.gain.setValueAtTime(0.25, start);
    gain.gain.exponentialRampToValueAtTime(0.001, start + tone.ms / 1000);
    osc.connect(gain).connect(ctx.destination);
    osc.start(start);
    osc.stop(start + tone.ms / 1000);
  }
}

/**
 * The call to the gate (CU22): three rising notes, unlike any scan's tone, so a care room hears "a parent is at the
 * gate" across the room without looking.
 */
export const CHIME_HZ = [660, 880, 1175] as const;
/** Plays the chime; false when the tablet cannot sound yet (no touch since the page loaded), so it is tried again. */
export function chime(): boolean {
  if (!ctx || ctx.state !== 'running') return false;
  CHIME_HZ.forEach((freq, i) => {
    const start = ctx!.currentTime + i * 0.22;
    const osc = ctx!.createOscillator();
    const gain = ctx!.createGain();
    osc.type = 'triangle';
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.3, start);
    gain.gain.exponentialRampToValueAtTime(0.001, start + 0.35);
    osc.connect(gain).connect(ctx!.destination);
    osc.start(start);
    osc.stop(start + 0.35);
  });
  return true;
}

/** Optional: says the child's name in Chinese, so the teacher need not look at the screen. */
export function speak(text: string) {
  if (!('speechSynthesis' in window)) return;
  window.speechSynthesis.cancel();
  const u = new SpeechSynthesisUtterance(text);
  u.lang = 'zh-CN';
  u.rate = 1.2;
  window.speechSynthesis.speak(u);
}
