/**
 * The visual system (#16): one set of design tokens for the kiosk, the leader's phone and the office.
 * - every text/background pair the apps use meets WCAG AA (4.5:1), the verdict's AAA (7:1), controls' borders 3:1;
 * - no style sheet but common/tokens.css names a colour, so a new screen cannot drift off the palette
 *   (or below the contrast proven here).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contrastRatio, parseTokens } from './contrast';

const root = path.resolve(__dirname, '../..');
const tokens = parseTokens(readFileSync(path.join(root, 'common/tokens.css'), 'utf8'));

function ratio(fg: string, bg: string): number {
  const f = tokens.get(fg),
    b = tokens.get(bg);
  if (!f || !b) throw new Error(`no token ${f ? bg : fg}`);
  return contrastRatio(f, b);
}

/** [text, background, minimum]: where each pair is used is in the comment beside it. */
const PAIRS: [string, string, number][] = [
  // the verdict, read at a metre in daylight: AAA
  ['--c-on-ok', '--c-ok', 7],
  ['--c-on-info', '--c-info', 7],
  ['--c-on-warn', '--c-warn', 7],
  ['--c-on-danger', '--c-danger', 7],
  ['--c-on-idle', '--c-idle', 7],
  // page text, English lines, hints: AA
  ['--c-ink', '--c-bg', 4.5],
  ['--c-ink', '--c-surface', 4.5],
  ['--c-ink-muted', '--c-bg', 4.5],
  ['--c-ink-muted', '--c-surface', 4.5],
  ['--c-ink-muted', '--c-idle', 4.5],
  // rows tinted by their state (alerts, warnings, a guardian's card, a saved inspection)
  ['--c-ink', '--c-ok-soft', 4.5],
  ['--c-ink-muted', '--c-ok-soft', 4.5],
  ['--c-ink-muted', '--c-info-soft', 4.5],
  ['--c-ink-muted', '--c-warn-soft', 4.5],
  ['--c-ink-muted', '--c-danger-soft', 4.5],
  ['--c-danger', '--c-danger-soft', 4.5],
  ['--c-ok', '--c-ok-soft', 4.5],
  ['--c-danger', '--c-bg', 4.5],
  ['--c-ok', '--c-surface', 4.5],
  ['--c-ok', '--c-bg', 4.5],
  // the dark status bar
  ['--c-on-bar', '--c-bar', 4.5],
  ['--c-on-bar-muted', '--c-bar', 4.5],
  ['--c-online-on-bar', '--c-bar', 4.5],
  ['--c-offline-on-bar', '--c-bar', 4.5],
  // a control's edge against what it sits on (WCAG 1.4.11)
  ['--c-line-strong', '--c-surface', 3],
  ['--c-line-strong', '--c-bg', 3],
  ['--c-focus', '--c-bg', 3],
];

describe('design tokens (common/tokens.css)', () => {
  it.each(PAIRS)('%s on %s reaches %s:1', (fg, bg, min) => {
    expect(ratio(fg, bg)).toBeGreaterThanOrEqual(min);
  });

  it('the contrast arithmetic is WCAG 2.x (black on white 21:1, #767676 on white 4.54:1)', () => {
    expect(contrastRatio([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 5);
    expect(contrastRatio([0x76, 0x76, 0x76], [255, 255, 255])).toBeCloseTo(4.54, 2);
  });
});

/** Every style sheet of the apps, except the tokens themselves. */
function styleSheets(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...styleSheets(p));
    else if (e.name.endsWith('.css') && !p.endsWith(path.join('common', 'tokens.css'))) out.push(p);
  }
  return out;
}

const COLOUR_LITERAL =
  /#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\(|:\s*(?:white|black|red|green|blue|yellow|orange|grey|gray)\b/gi;

describe('one palette', () => {
  const sheets = ['kiosk', 'leader', 'office', 'common'].flatMap((d) => styleSheets(path.join(root, d)));

  it('finds the style sheets of all three apps', () => {
    const names = sheets.map((p) => path.relative(root, p));
    expect(names).toEqual(
      expect.arrayContaining(['common/base.css', 'kiosk/ui/kiosk.css', 'leader/leader.css', 'office/office.css']),
    );
  });

  it.each(['kiosk', 'leader', 'office', 'board', 'common'])(
    'no style sheet under %s/ names a colour of its own',
    (dir) => {
      const found: string[] = [];
      for (const p of sheets.filter((s) => path.relative(root, s).startsWith(`${dir}/`))) {
        readFileSync(p, 'utf8')
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .split('\n')
          .forEach((line, i) => {
            for (const m of line.matchAll(COLOUR_LITERAL)) found.push(`${path.relative(root, p)}:${i + 1} ${m[0]}`);
          });
      }
      expect(found, 'use a token from common/tokens.css').toEqual([]);
    },
  );

  it('the check catches a colour written into a sheet', () => {
    expect('.x { color: #b00020; }'.match(COLOUR_LITERAL)).not.toBeNull();
    expect('.x { background: rgb(0 0 0 / 45%); }'.match(COLOUR_LITERAL)).not.toBeNull();
    expect('.x { border-color: white; }'.match(COLOUR_LITERAL)).not.toBeNull();
    expect('.x { color: var(--c-danger); }'.match(COLOUR_LITERAL)).toBeNull();
  });
});
