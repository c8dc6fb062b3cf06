/**
 * USB and Bluetooth barcode scanners "type" the code like a keyboard, fast, ending in Enter. People type far
 * slower. This detector tells the two apart from key timings alone, so a scan works at any moment, whatever
 * has focus, and a teacher typing a name in the search box is never mistaken for a scanner.
 */
/** Scanners send a character every 1–20 ms; a quick typist manages one every 60 ms or more. */
export const MAX_SCANNER_GAP_MS = 35;
export const MIN_SCAN_LENGTH = 6;

export interface WedgeKey { key: string; time: number }

export class KeyboardWedge {
  private buffer = '';
  private last = -Infinity;

  /** Feeds one keydown; returns the scanned text when this key completed a scan. */
  push({ key, time }: WedgeKey): string | null {
    const gap = time - this.last;
    this.last = time;
    if (key === 'Enter' || key === 'Tab') {
      const text = this.buffer;
      this.buffer = '';
      return gap <= MAX_SCANNER_GAP_MS && text.length >= MIN_SCAN_LENGTH ? text : null;
    }
    if (key.length !== 1) return null; // Shift, Alt …: scanners press Shift for capitals
    this.buffer = gap <= MAX_SCANNER_GAP_MS ? this.buffer + key : key;
    return null;
  }

  /** How many characters of the current burst were typed (to take them back out of a focused input). */
  get pending(): number {
    return this.buffer.length;
  }
}
