/**
 * Issue #18 finding 7: the card font on Windows is looked for under %WINDIR% (Windows need not be on C:), and a
 * Noto Sans CJK installed there (it has 𠮷 and the other Ext-B characters Microsoft YaHei lacks) comes first.
 */
import { describe, expect, it } from 'vitest';
import { findCjkFont } from '../../cards/cardsPdf';

describe('the card font on Windows', () => {
  it('is found under %WINDIR%, Noto Sans CJK before Microsoft YaHei', () => {
    const present = (files: string[]) => (f: string) => files.includes(f);
    const env = { WINDIR: 'D:\\WINDOWS' };
    expect(findCjkFont(env, present(['D:\\WINDOWS\\Fonts\\msyh.ttc'])).file).toBe('D:\\WINDOWS\\Fonts\\msyh.ttc');
    expect(
      findCjkFont(env, present(['D:\\WINDOWS\\Fonts\\msyh.ttc', 'D:\\WINDOWS\\Fonts\\NotoSansCJK-Regular.ttc'])).file,
    ).toBe('D:\\WINDOWS\\Fonts\\NotoSansCJK-Regular.ttc');
    expect(() => findCjkFont(env, present([]))).toThrow(/找不到中文字体/);
  });
});
