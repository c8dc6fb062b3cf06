/** One editable roster list as the set-up tabs show it: a heading, a row per item, then add and save. */
import type { ReactNode } from 'react';
import type { Bilingual } from '../core/messages';
import { Bi } from '../common/Bi';
import { TableScroll } from './setupParts';

export function ListEditor<T extends { id: string }>({
  title,
  items,
  setItems,
  head,
  row,
  fresh,
  saveLabel,
  saveTestId,
  onSave,
}: {
  title: Bilingual;
  items: T[];
  setItems: (items: T[]) => void;
  /** The table's header row, where the cells need naming (each field also names its column and row itself). */
  head?: ReactNode;
  /** The cells of one item; `set` changes that item. */
  row: (item: T, set: (patch: Partial<T>) => void) => ReactNode;
  /** A new item for the add button, with a fresh id. */
  fresh: () => T;
  saveLabel: Bilingual;
  saveTestId?: string;
  onSave: () => void;
}) {
  const set = (i: number) => (patch: Partial<T>) => setItems(items.map((x, k) => (k === i ? { ...x, ...patch } : x)));
  return (
    <>
      <h3>
        <Bi {...title} />
      </h3>
      <TableScroll>
        <table>
          {head && <thead>{head}</thead>}
          <tbody>
            {items.map((item, i) => (
              <tr key={item.id}>{row(item, set(i))}</tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <button onClick={() => setItems([...items, fresh()])}>
        <Bi zh="新增" en="Add" />
      </button>
      <button data-testid={saveTestId} onClick={onSave}>
        <Bi {...saveLabel} />
      </button>
    </>
  );
}

/** A fresh id for a new item: the prefix and the time, base 36. */
export const newId = (prefix: string) => `${prefix}-${Date.now().toString(36)}`;
