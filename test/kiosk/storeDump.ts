/**
 * Everything a kiosk's IndexedDB holds, store by store, read with the bare API as someone who copied the tablet's
 * browser profile would. Works in Node (fake-indexeddb) and, as `DUMP_IN_PAGE`, inside a page.
 */
import { openDB } from 'idb';
import { DB_NAME } from '../../kiosk/lib/kioskDb';

export type StoreDump = Record<string, { key: unknown; value: unknown }[]>;

export async function dumpStore(name = DB_NAME): Promise<StoreDump> {
  const db = await openDB(name);
  const out: StoreDump = {};
  for (const store of db.objectStoreNames) {
    const keys = await db.getAllKeys(store);
    const values = await db.getAll(store);
    out[store] = keys.map((key, i) => ({ key, value: values[i] }));
  }
  db.close();
  return out;
}

/** The same, as a function for page.evaluate: no imports, the bare IndexedDB API. */
export const DUMP_IN_PAGE = async (name: string): Promise<StoreDump> => {
  const req = <T>(r: IDBRequest<T>) =>
    new Promise<T>((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  const open = indexedDB.open(name);
  const db = await req(open);
  const out: StoreDump = {};
  for (const store of Array.from(db.objectStoreNames)) {
    const tx = db.transaction(store);
    const keys = await req(tx.objectStore(store).getAllKeys());
    const values = await req(tx.objectStore(store).getAll());
    out[store] = keys.map((key, i) => ({ key, value: values[i] }));
  }
  db.close();
  return out;
};
