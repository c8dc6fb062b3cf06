/**
 * The shape that goes with a result's colour, so a colour-blind teacher (about one man in twelve) tells OK from
 * a warning by the shape alone: a tick, an "i", a triangle with "!", a cross. Drawn in SVG with
 * the text's colour, not emoji: a tablet without an emoji font shows an empty box.
 */
import type { Level } from '../core/messages';

export type IconKind = Level | 'scan';

/** The shape drawn for each kind, named for the tests and the docs (data-icon). */
export const ICON_SHAPES: Record<IconKind, string> = {
  ok: 'tick',
  info: 'letter-i',
  warn: 'triangle',
  error: 'cross',
  scan: 'frame',
};

export function LevelIcon({ kind, className = 'icon' }: { kind: IconKind; className?: string }) {
  return (
    <svg
      className={className}
      data-icon={ICON_SHAPES[kind]}
      viewBox="0 0 48 48"
      fill="none"
      stroke="currentColor"
      strokeWidth={4.5}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {kind === 'ok' && (
        <>
          <circle cx="24" cy="24" r="20" />
          <path d="M14 24.5l7 7 13-14" />
        </>
      )}
      {kind === 'info' && (
        <>
          <circle cx="24" cy="24" r="20" />
          <path d="M24 22v12M24 14.5v.5" />
        </>
      )}
      {kind === 'warn' && (
        <>
          <path d="M24 5L44 41H4z" />
          <path d="M24 19v10M24 35.5v.5" />
        </>
      )}
      {kind === 'error' && (
        <>
          <path d="M16 4h16l12 12v16L32 44H16L4 32V16z" />
          <path d="M17 17l14 14M31 17L17 31" />
        </>
      )}
      {kind === 'scan' && (
        <path d="M6 16V8a2 2 0 012-2h8M32 6h8a2 2 0 012 2v8M42 32v8a2 2 0 01-2 2h-8M16 42H8a2 2 0 01-2-2v-8M14 24h20" />
      )}
    </svg>
  );
}
