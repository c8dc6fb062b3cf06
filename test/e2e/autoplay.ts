/**
 * Sound in a test browser as on a tablet or phone (issue #16, finding 1); each is passed to
 * `context.addInitScript`.
 */

/**
 * A tablet's autoplay policy. Headless Chromium here plays sound without a touch; a tablet's browser does not.
 * As Chrome applies it there: an AudioContext made before the page's first touch or key stays suspended until
 * resumed after one. Counted from the events themselves: Playwright's own evaluations count as activation in
 * navigator.userActivation.
 */
export function soundNeedsATouch() {
  let touched = false;
  for (const type of ['pointerdown', 'keydown'])
    window.addEventListener(type, () => (touched = true), { capture: true });
  const Real = window.AudioContext;
  window.AudioContext = class extends Real {
    constructor(options?: AudioContextOptions) {
      super(options);
      if (!touched) void super.suspend();
    }
    override get state(): AudioContextState {
      return touched ? super.state : 'suspended';
    }
  };
}

/** Counts in window.__tones each tone started on a running context: one that is heard. */
export function countTones() {
  const w = window as unknown as { __tones: number };
  w.__tones = 0;
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (this: OscillatorNode, ...args: [number?]) {
    if (this.context.state === 'running') w.__tones++;
    return start.apply(this, args);
  };
}
