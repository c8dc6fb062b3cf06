/**
 * A list over many children (3,000 unaccounted when a roll call starts, the end-of-day check at 17:00) lays out a
 * first page of rows and a button for the next: the phone never builds thousands of rows at once, and the count
 * above the list still says how many there are.
 */
import { useState } from 'react';
import { Bi } from './Bi';

export const PAGE = 100;

/** How many of `total` rows to show, and the step to show more. */
export function useShown(total: number, page = PAGE): { shown: number; more: () => void } {
  const [n, setN] = useState(page);
  return { shown: Math.min(n, total), more: () => setN(n + page) };
}

export function MoreButton({
  shown,
  total,
  onMore,
  testid,
  page = PAGE,
  unit = '名',
}: {
  shown: number;
  total: number;
  onMore: () => void;
  testid: string;
  page?: number;
  /** what is counted: 名 for children, 条 for alerts */
  unit?: string;
}) {
  if (shown >= total) return null;
  return (
    <button type="button" className="more" data-testid={testid} data-rest={total - shown} onClick={onMore}>
      <Bi
        zh={`再显示 ${Math.min(page, total - shown)} ${unit}（还有 ${total - shown} ${unit}）`}
        en="show more"
        block
      />
    </button>
  );
}
