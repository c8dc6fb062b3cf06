/**
 * html5-qrcode fires its callback for every decoded frame, ten a second, and a scanner can double-read: the
 * same code within a few seconds is the same scan. "Already recorded" is said, nothing is written.
 */
export const SAME_SCAN_MS = 4_000;

export class ScanDeduper {
  private readonly seen = new Map<string, number>();

  /** true when this code was already taken within the window */
  isRepeat(code: string, now: number): boolean {
    const key = code.trim().toUpperCase();
    const last = this.seen.get(key);
    for (const [k, t] of this.seen) if (now - t > SAME_SCAN_MS) this.seen.delete(k);
    // A card held in front of the camera keeps counting as the same scan for as long as it stays in view.
    this.seen.set(key, now);
    return last !== undefined && now - last <= SAME_SCAN_MS;
  }
}
