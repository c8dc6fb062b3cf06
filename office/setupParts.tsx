/** What the set-up tabs share: weekday names, number lists, the save of one roster section, a list to remove from. */
import type { ReactNode } from 'react';
import { useState } from 'react';
import { Bi } from '../common/Bi';
import type { OfficeApi } from './officeApi';

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
export const WD = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];
export const WD_EN = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
export const nums = (s: string) =>
  s
    .split(/[,，\s]+/)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);

export function useSave(api: OfficeApi, onSaved: () => void) {
  const [msg, setMsg] = useState('');
  const save = (section: string, value: unknown) => {
    setMsg('');
    api
      .call(`/api/admin/roster/${section}`, { method: 'PUT', json: { value } })
      .then(() => {
        setMsg('已保存 Saved');
        onSaved();
      })
      .catch((err: Error) => setMsg(err.message));
  };
  return { msg, save };
}

/**
 * The seven weekdays as boxes to tick; `of` names what they belong to (a group's name), so each box reads as
 * "一年级1班 周一 Mon" to a screen reader, not a bare "一".
 */
export function Weekdays({ value, onChange, of }: { value: number[]; onChange: (v: number[]) => void; of?: string }) {
  return (
    <span className="weekdays">
      {WEEKDAYS.map((d) => (
        <label key={d}>
          <input
            type="checkbox"
            aria-label={`${of ? `${of} ` : ''}${WD[d]} ${WD_EN[d]}`}
            checked={value.includes(d)}
            onChange={(e) => onChange(e.target.checked ? [...value, d].sort() : value.filter((x) => x !== d))}
          />
          {WD[d]!.slice(1)}
        </label>
      ))}
    </span>
  );
}

/**
 * A control that cannot take an aria-label itself (the shared NameSelect): named by a label around it whose
 * text only a screen reader reads. `name` is Chinese, then English.
 */
export function Named({ name, children }: { name: string; children: ReactNode }) {
  return (
    <label className="named">
      <span className="sr-only">{name}</span>
      {children}
    </label>
  );
}

/**
 * A table's header row: each column named in Chinese with its English beneath, as every office table heads its
 * columns. `cols` lists them in order, each as [中文, English].
 */
export function HeadRow({ cols }: { cols: readonly (readonly [zh: string, en: string])[] }) {
  return (
    <tr>
      {cols.map(([zh, en]) => (
        <th key={zh}>
          <Bi zh={zh} en={en} block />
        </th>
      ))}
    </tr>
  );
}

/** A table as wide as its columns, scrolling inside its own box on a phone rather than widening the page. */
/**
 * A table wider than a phone scrolls sideways in its own box; the box takes the keyboard's focus so the arrow
 * keys scroll it too (axe: scrollable-region-focusable), named for a screen reader as what it is.
 */
export function TableScroll({
  children,
  label = '表格，可左右滚动 table, scrolls sideways',
}: {
  children: ReactNode;
  label?: string;
}) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}

/** A list whose items each end in a × that removes that item; `name` says which item, for a screen reader. */
export function RemovableList<T>({
  items,
  onChange,
  children,
  name,
}: {
  items: T[];
  onChange: (items: T[]) => void;
  children: (item: T) => ReactNode;
  name?: (item: T) => string;
}) {
  return (
    <ul>
      {items.map((x, i) => (
        <li key={i}>
          {children(x)}
          <button
            className="small"
            aria-label={`删除${name ? ` ${name(x)}` : ''} remove`}
            onClick={() => onChange(items.filter((_, k) => k !== i))}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
