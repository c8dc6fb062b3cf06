/** WCAG 2.x contrast, and the colours declared in common/tokens.css (for test/common/tokens.test.ts and the audit). */

export type Rgb = [number, number, number];

function channel(v: number): number {
  const c = v / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

export function luminance([r, g, b]: Rgb): number {
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function contrastRatio(a: Rgb, b: Rgb): number {
  const x = luminance(a),
    y = luminance(b);
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

/** `#rgb` or `#rrggbb` to channels; anything else (a scrim with alpha) is not a text colour and is skipped. */
export function hex(value: string): Rgb | undefined {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value.trim());
  if (!m) return undefined;
  const h = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as Rgb;
}

/** The `--c-*: #hex;` declarations of a style sheet. */
export function parseTokens(css: string): Map<string, Rgb> {
  const out = new Map<string, Rgb>();
  for (const m of css.matchAll(/(--c-[a-z-]+)\s*:\s*([^;]+);/g)) {
    const rgb = hex(m[2]!);
    if (rgb) out.set(m[1]!, rgb);
  }
  return out;
}
