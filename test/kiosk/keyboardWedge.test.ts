import { describe, expect, it } from 'vitest';
import { KeyboardWedge } from '../../kiosk/lib/keyboardWedge';

function feed(w: KeyboardWedge, text: string, gaps: number[] | number, start = 1000): (string | null)[] {
  const out: (string | null)[] = [];
  let t = start;
  [...text, 'Enter'].forEach((key, i) => {
    t += Array.isArray(gaps) ? (gaps[i] ?? gaps.at(-1)!) : gaps;
    out.push(w.push({ key, time: t }));
  });
  return out;
}

describe('keyboard-wedge scanners', () => {
  it('a scanner burst ending in Enter is a scan', () => {
    expect(feed(new KeyboardWedge(), 'RSYD406YWM86YSZEDN', 8).at(-1)).toBe('RSYD406YWM86YSZEDN');
  });

  it('a burst whose first keys arrive late (a Bluetooth link waking up) is still a scan', () => {
    expect(feed(new KeyboardWedge(), 'RSYD406YWM86YSZEDN', [0, 92, 58, 18, 14, 10]).at(-1)).toBe('RSYD406YWM86YSZEDN');
  });

  it('a person typing, even fast, is not a scanner', () => {
    expect(feed(new KeyboardWedge(), 'zhangxiaoming', 90).at(-1)).toBeNull();
    expect(feed(new KeyboardWedge(), 'RSYD406YWM86YSZEDN', 70).at(-1)).toBeNull();
  });

  it('a pause starts a new burst, so earlier typing does not spoil the next scan', () => {
    const w = new KeyboardWedge();
    feed(w, 'abc', 150);
    expect(feed(w, 'RSYD406YWM86YSZEDN', 6, 10_000).at(-1)).toBe('RSYD406YWM86YSZEDN');
  });

  it('modifier keys (Shift for capitals) are ignored; short bursts are not scans', () => {
    const w = new KeyboardWedge();
    expect(w.push({ key: 'Shift', time: 1 })).toBeNull();
    expect(feed(w, 'AB', 5).at(-1)).toBeNull();
  });
});

describe('keyboard-wedge scanners, back to back', () => {
  it('two scans 100 ms apart are both scans', () => {
    const w = new KeyboardWedge();
    const first = feed(w, 'RSYD406YWM86YSZEDN', 8, 1000).at(-1);
    const second = feed(w, 'RSYDDYE1DQE2KP4EX6', 8, 1000 + 19 * 8 + 100).at(-1);
    expect([first, second]).toEqual(['RSYD406YWM86YSZEDN', 'RSYDDYE1DQE2KP4EX6']);
  });
});
