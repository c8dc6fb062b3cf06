/** What the set-up tabs share: weekday names, number lists, the save of one roster section. */
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
