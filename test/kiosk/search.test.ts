import { describe, expect, it } from 'vitest';
import { ScanDeduper, SAME_SCAN_MS } from '../../kiosk/lib/dedupe';
import { searchStudents } from '../../common/search';
import { tinyRoster } from '../core/fixtures';

const students = tinyRoster().students;

describe('search without a card', () => {
  it('finds by name, by 学号 and by pinyin initials', () => {
    expect(searchStudents(students, '小明').map((s) => s.id)).toEqual(['a']);
    expect(searchStudents(students, '003').map((s) => s.id)).toEqual(['c']);
    expect(searchStudents(students, 'zxm').map((s) => s.id)).toEqual(['a']);
    expect(searchStudents(students, 'z').map((s) => s.id)).toEqual(['a', 'd']);
  });

  it('an empty query finds nothing', () => {
    expect(searchStudents(students, '  ')).toEqual([]);
  });
});

describe('the same card twice', () => {
  it('within a few seconds is the same scan; after that a new one', () => {
    const d = new ScanDeduper();
    expect(d.isRepeat('RSAB1', 0)).toBe(false);
    expect(d.isRepeat('rsab1 ', 1000)).toBe(true);
    expect(d.isRepeat('RSAB2', 1000)).toBe(false);
    expect(d.isRepeat('RSAB1', 1000 + SAME_SCAN_MS + 1)).toBe(false);
  });
});

describe('pairing QR', () => {
  it("reads the office's pairing QR or a bare code, and nothing else", async () => {
    const { pairingCodeFrom } = await import('../../kiosk/ui/SetupScreens');
    expect(pairingCodeFrom('RELAY-PAIR:WJ9R5Z4B')).toBe('WJ9R5Z4B');
    expect(pairingCodeFrom(' wj9r5z4b ')).toBe('WJ9R5Z4B');
    expect(pairingCodeFrom('RSYD406YWM86YSZEDN')).toBeNull();
    expect(pairingCodeFrom('https://example.com')).toBeNull();
  });
});
