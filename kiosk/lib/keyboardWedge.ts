/**
 * USB and Bluetooth barcode scanners "type" the code like a keyboard, fast, ending in Enter. People type far
 * slower. This detector tells the two apart from key timings alone, so a scan works at any moment, whatever
 * has focus, and a teacher typing in a box is never mistaken for a scanner.
 *
 * It judges the whole burst, not each gap: the first keys of a burst often arrive late (a Bluetooth link
 * waking up, a busy tablet), but nobody types 18 characters at 40 ms a key.
 */
export const MAX_AVERAGE_GAP_MS = 40;
/** A pause this long starts a new burst. */
export const BURST_RESET_MS = 300;
export const MIN_SCAN_LENGTH = 6;
const MAX_BUFFER = 64;

export interface WedgeKey {
  key: string;
  time: number;
}

export class KeyboardWedge {
  private chars: string[] = [];
  private first = 0;
  private last = -Infinity;

  /** Feeds one keydown; returns the scanned text when this key completed a scan. */
  push({ key, time }: WedgeKey): string | null {
    const gap = time - this.last;
    if (key === 'Enter' || key === 'Tab') {
      const text = this.chars.join('');
      const average = this.chars.length > 1 ? (this.last - this.first) / (this.chars.length - 1) : Infinity;
      this.chars = [];
      this.last = time;
      return text.length >= MIN_SCAN_LENGTH && average <= MAX_AVERAGE_GAP_MS && gap <= BURST_RESET_MS ? text : null;
    }
    if (key.length !== 1) return null; // Shift, Alt …: scanners press Shift for capitals
    if (gap > BURST_RESET_MS || this.chars.length >= MAX_BUFFER) this.chars = [];
    if (this.chars.length === 0) this.first = time;
    this.chars.push(key);
    this.last = time;
    return null;
  }
}
