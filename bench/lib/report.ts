/** What every section hands back: rows for the table, and notes for "why a target is missed". */
export interface Row {
  section: string;
  what: string;
  /** our figure: median (min–max) */
  ours: string;
  /** the obvious alternative, measured in the same run */
  alt?: string;
  /** ours ÷ alternative (or the other way round where smaller is better), median of per-run ratios */
  ratio?: string;
  target?: string;
  ok?: boolean;
}

export interface SectionResult {
  rows: Row[];
  notes: string[];
  /** for each target missed: why, and what would reach it */
  missed?: string[];
  extra?: string;
}

/** The order of the issue (#7): the table reads as the issue does. */
export const SECTIONS = [
  'Ingest',
  'Scan → leader',
  'Start-up',
  'Decode',
  'Reading distance',
  'Resync',
  'Cards',
  'Memory',
];

export function markdownTable(rows: readonly Row[]): string {
  const head = '| | measured (median, min–max) | alternative, same run | ratio | target | |\n|---|---|---|---|---|---|';
  const body = rows.map(
    (r) =>
      `| **${r.section}** ${r.what} | ${r.ours} | ${r.alt ?? ''} | ${r.ratio ?? ''} | ${r.target ?? ''} | ${r.ok === undefined ? '' : r.ok ? '✓' : '✗'} |`,
  );
  return [head, ...body].join('\n');
}

/** The same table for a terminal: fixed columns, no Markdown. */
export function textTable(rows: readonly Row[]): string {
  const cells = rows.map((r) => [
    `${r.section}: ${r.what}`,
    r.ours,
    r.alt ?? '',
    r.ratio ?? '',
    r.target ?? '',
    r.ok === undefined ? '' : r.ok ? '✓' : '✗',
  ]);
  const all = [['figure', 'measured', 'alternative', 'ratio', 'target', ''], ...cells];
  const width = (s: string) => [...s].reduce((n, ch) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
  const widths = all[0]!.map((_, i) => Math.max(...all.map((c) => width(c[i]!))));
  const line = (c: string[]) => c.map((x, i) => x + ' '.repeat(widths[i]! - width(x))).join(' │ ');
  return [line(all[0]!), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...cells.map(line)].join('\n');
}
