/** Medians, quantiles and their spread: every figure the bench prints is one of these. */

export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  // Nearest rank: p99 of 100 samples is the 99th, never an interpolation between two.
  const rank = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[rank]!;
}

export const median = (xs: readonly number[]) => quantile(xs, 0.5);

/** A median over repeated runs with its min–max spread. */
export interface Figure {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function figure(xs: readonly number[]): Figure {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs.length };
}

/** Rounds to a sensible number of digits for a table: 12 345, 123, 12.3, 1.23. */
export function num(x: number): string {
  if (!Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toLocaleString('en-US');
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toPrecision(2);
}

/** "1,234 (1,100–1,300)" */
export function fmt(f: Figure, unit = ''): string {
  const u = unit ? ` ${unit}` : '';
  if (f.runs <= 1 || f.min === f.max) return `${num(f.median)}${u}`;
  return `${num(f.median)}${u} (${num(f.min)}–${num(f.max)})`;
}
