/**
 * What the kiosk keeps on the tablet (IndexedDB), so it starts and scans with the hub unreachable and loses
 * nothing on a reload, a crash or a restart: its pairing, station, the roster, the day's events (its own and
 * those the hub sent) and the outbox of events the hub has not acknowledged.
 */
import type { DBSchema, IDBPDatabase } from 'idb';
import { openDB } from 'idb';
import type { CustodyEvent } from '../../core/events';
import type { Problem } from '../../core/messages';
import type { Roster } from '../../core/roster';
import type { Station } from './stationRules';

export interface Pairing { deviceId: string; token: string; school: string; name: string }
/** A PIN verifier kept after one online sign-in, so the same teacher can sign in again while offline. */
export interface PinVerifier { staffId: string; salt: string; hash: string }
export interface Rejected { event: CustodyEvent; problem: Problem; at: number }

interface KioskSchema extends DBSchema {
  kv: { key: string; value: unknown };
  events: { key: string; value: CustodyEvent; indexes: { day: string } };
  outbox: { key: string; value: { id: string; day: string; queuedAt: number } };
  rejected: { key: string; value: Rejected };
  pins: { key: string; value: PinVerifier };
}

export const DB_NAME = 'relay-kiosk';

/** The teacher signed in, kept so a reload or a crash does not sign them out mid-session. */
export interface SignedIn { id: string; name: string; roles: string[]; lastActivity: number }
type KvKey = 'pairing' | 'station' | 'roster' | 'clockOffsetMs' | 'staff' | `lastSeq:${string}`;

export class KioskDb {
  private constructor(private readonly db: IDBPDatabase<KioskSchema>) {}

  static async open(name = DB_NAME): Promise<KioskDb> {
    const db = await openDB<KioskSchema>(name, 1, {
      upgrade(d) {
        d.createObjectStore('kv');
        d.createObjectStore('events', { keyPath: 'id' }).createIndex('day', 'day');
        d.createObjectStore('outbox', { keyPath: 'id' });
        d.createObjectStore('rejected', { keyPath: 'event.id' });
        d.createObjectStore('pins', { keyPath: 'staffId' });
      },
    });
    return new KioskDb(db);
  }

  async get<T>(key: KvKey): Promise<T | undefined> {
    return (await this.db.get('kv', key)) as T | undefined;
  }

  async set(key: KvKey, value: Pairing | Station | { version: number; roster: Roster } | SignedIn | number | null): Promise<void> {
    await this.db.put('kv', value, key);
  }

  /** Event and outbox entry in one transaction: once this resolves, the scan survives anything. */
  async record(events: readonly CustodyEvent[], now: number): Promise<void> {
    const tx = this.db.transaction(['events', 'outbox'], 'readwrite');
    for (const e of events) {
      void tx.objectStore('events').put(e);
      void tx.objectStore('outbox').put({ id: e.id, day: e.day, queuedAt: now });
    }
    await tx.done;
  }

  /** Events the hub sent (other kiosks' and our own acknowledged ones). */
  async merge(events: readonly CustodyEvent[]): Promise<void> {
    const tx = this.db.transaction('events', 'readwrite');
    for (const e of events) void tx.store.put(e);
    await tx.done;
  }

  async eventsOf(day: string): Promise<CustodyEvent[]> {
    return this.db.getAllFromIndex('events', 'day', day);
  }

  async outbox(limit = 500): Promise<CustodyEvent[]> {
    const ids = (await this.db.getAll('outbox', undefined, limit)).sort((a, b) => a.queuedAt - b.queuedAt).map((o) => o.id);
    const events = await Promise.all(ids.map((id) => this.db.get('events', id)));
    return events.filter((e): e is CustodyEvent => e !== undefined);
  }

  async outboxCount(): Promise<number> {
    return this.db.count('outbox');
  }

  async acknowledged(ids: readonly string[]): Promise<void> {
    const tx = this.db.transaction('outbox', 'readwrite');
    for (const id of ids) void tx.store.delete(id);
    await tx.done;
  }

  /** The hub refused these: they leave the outbox and the local state, and are kept to show the teacher. */
  async refused(items: readonly Rejected[]): Promise<void> {
    const tx = this.db.transaction(['outbox', 'events', 'rejected'], 'readwrite');
    for (const r of items) {
      void tx.objectStore('outbox').delete(r.event.id);
      void tx.objectStore('events').delete(r.event.id);
      void tx.objectStore('rejected').put(r);
    }
    await tx.done;
  }

  async rejectedList(): Promise<Rejected[]> {
    return this.db.getAll('rejected');
  }

  async pin(staffId: string): Promise<PinVerifier | undefined> {
    return this.db.get('pins', staffId);
  }

  async savePin(v: PinVerifier): Promise<void> {
    await this.db.put('pins', v);
  }

  /** Unpairing wipes the tablet, except events not yet sent: those are the school's record and must reach the hub. */
  async forgetPairing(): Promise<void> {
    await this.db.delete('kv', 'pairing');
    await this.db.clear('pins');
  }

  close() {
    this.db.close();
  }
}
