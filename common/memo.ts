/**
 * What the pages' memoized rows and tiles share (issue #20: a 3,000-child school, one child's move re-renders its
 * group's line, not 75): comparing the reducer's fresh count objects by value, and a test hook counting renders.
 */

/** Two flat records (a GroupCount, the school's numbers, an anomaly's detail) hold the same values. */
export function sameValues<T extends object>(a: T | undefined, b: T | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const ka = Object.keys(a) as (keyof T)[];
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => a[k] === b[k]);
}

/**
 * A test hook: a memoized row or tile calls countRender with its kind each time it renders, and a test that has
 * set `globalThis.relayRenders = {}` reads how many of each rendered for one change. In the field nothing sets
 * it and the call is one property read.
 */
export function countRender(kind: string): void {
  const counts = (globalThis as { relayRenders?: Record<string, number> }).relayRenders;
  if (counts) counts[kind] = (counts[kind] ?? 0) + 1;
}
