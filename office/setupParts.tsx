/** What the set-up tabs share: weekday names, number lists, the save of one roster section, a list to remove from. */
import type { ReactNode } from 'react';
import { useState } from 'react';
import type { OfficeApi } from './officeApi';

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
export const WD = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];
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

export function Weekdays({ value, onChange }: { value: number[]; onChange: (v: number[]) => void }) {
  return (
    <span className="weekdays">
      {WEEKDAYS.map((d) => (
        <label key={d}>
          <input
            type="checkbox"
            checked={value.includes(d)}
            onChange={(e) => onChange(e.target.checked ? [...value, d].sort() : value.filter((x) => x !== d))}
          />
          {WD[d]!.slice(1)}
        </label>
      ))}
    </span>
  );
}

/** A list whose items each end in a × that removes that item. */
export function RemovableList<T>({
  items,
  onChange,
  children,
}: {
  items: T[];
  onChange: (items: T[]) => void;
  children: (item: T) => ReactNode;
}) {
  return (
    <ul>
      {items.map((x, i) => (
        <li key={i}>
          {children(x)}
          <button className="small" onClick={() => onChange(items.filter((_, k) => k !== i))}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
