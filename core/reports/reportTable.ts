/**
 * A report defined once: its title and its columns (Chinese and English label, what each cell holds), from which
 * the hub builds the .xlsx / .csv file and the office its table on screen, so the two cannot drift apart.
 * Amounts stay in fen in the projections; a 'money' column turns them into yuan: a number for Excel to sum, and
 * two decimals on screen.
 */
import type { Bilingual } from '../messages';

export type Cell = string | number;

/** One column of a report. `kind` says what its cells hold: text, a count, or an amount in fen. */
export type ReportColumn<R> = Bilingual & {
  /** false: in the files only, never on screen (a record id the office page does not show anywhere else) */
  screen?: false;
} & (
  | { kind: 'text' | 'number'; cell: (row: R) => Cell }
  /** fen; in the file yuan as a number shown with two decimals, on screen `yuan()` */
  | { kind: 'money'; cell: (row: R) => number }
);

/** A report: its title (from the school's name and the group, day or period) and its columns in order. */
export interface ReportDefinition<R, TitleArgs extends unknown[]> {
  title: (...args: TitleArgs) => string;
  columns: readonly ReportColumn<R>[];
}

/**
 * A report as rows of cells, as the hub writes it to .xlsx and .csv: counts and amounts are numbers; `money`
 * lists the columns shown with two decimals (yuan). The same shape as the hub's `Table`.
 */
export interface ReportTable { title: string; columns: string[]; rows: Cell[][]; money?: number[] }

/**
 * What a report says for someone or something no longer in the roster: never the record id (care-1a, c1-2,
 * g-…), which no report shows (R1 in core/SPEC.md).
 */
export const UNKNOWN_STAFF = '（已不在名册的教师）';
export const UNKNOWN_CLASS = '（已删除的班级）';
export const UNKNOWN_GROUP = '（已删除的课后服务班）';

/** fen as yuan with two decimals, as the office shows amounts: `yuan(-80)` is '-0.80'. */
export const yuan = (fen: number) => (fen / 100).toFixed(2);

/** Keys of R whose values can be shown as they are. */
type CellKey<R> = { [K in keyof R]: R[K] extends Cell ? K : never }[keyof R];

/**
 * Columns that show one field of the row as it is, for rows whose fields are already what the sheet says.
 * @example const col = fieldColumn<SheetRow>(); col('studentNo', '学号', 'Student no.')
 */
export function fieldColumn<R>() {
  return <K extends CellKey<R>>(key: K, zh: string, en: string, kind: 'text' | 'number' = 'text') =>
    ({ key, zh, en, kind, cell: (row: R) => row[key] as Cell }) satisfies ReportColumn<R> & { key: K };
}

/**
 * The file's table of a report: the title, the Chinese column labels, one row of cells per row, amounts in yuan.
 * @example reportTable('某校 课后服务收费结算 2026-11-01 – 2026-11-30', FEE_STATEMENT_REPORT.columns, lines)
 */
export function reportTable<R>(title: string, columns: readonly ReportColumn<R>[], rows: readonly R[]): ReportTable {
  const money = columns.flatMap((c, i) => (c.kind === 'money' ? [i] : []));
  return {
    title,
    columns: columns.map((c) => c.zh),
    rows: rows.map((r) => columns.map((c) => (c.kind === 'money' ? c.cell(r) / 100 : c.cell(r)))),
    ...(money.length > 0 ? { money } : {}),
  };
}

/** The columns the office shows on screen: all but those kept to the files. */
export function screenColumns<R>(columns: readonly ReportColumn<R>[]): ReportColumn<R>[] {
  return columns.filter((c) => c.screen !== false);
}

/** A cell as the office shows it: text and counts as they are, amounts in yuan with two decimals. */
export function screenCell<R>(column: ReportColumn<R>, row: R): string {
  return column.kind === 'money' ? yuan(column.cell(row)) : String(column.cell(row));
}
