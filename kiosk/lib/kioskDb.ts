/**
 * What the kiosk keeps on the tablet (IndexedDB), so it starts and scans with the hub unreachable and loses
 * nothing on a reload, a crash or a restart: its pairing, station, the roster, the day's events (its own and
 * those the hub sent) and the outbox of events the hub has not acknowledged.
 *
 * The tablet's own events are kept exactly as it made them, in `events`; what the hub answered about each
 * (seq, hubTime) is kept beside it in `acks`, never written into it. Only other tablets' events are kept as the
 * hub sent them, in `feed`. So a resend is always the event the tablet made, byte for byte.
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import { openDB } from 'idb';
import type { CustodyEvent, StoredEvent } from '../../core/events';
import type { Problem } from '../../core/messages';
import { withCardHashes } from '../../core/cardHash';
import type { Roster } from '../../core/roster';
import { addDays } from '../../core/time';
import { isCurrentVerifier } from './pin';
import type { Station } from './stationRules';

export interface Pairing {
  deviceId: string;
  token: string;
  school: string;
  name: string;
}
/** A PIN verifier kept after one online sign-in, so the same teacher can sign in again while offline. */
export interface PinVerifier {
  staffId: string;
  /** how `hash` was made (kiosk/lib/pin.ts PIN_KDF); absent on the PBKDF2 verifiers before it, which are dropped */
  kdf?: string;
  salt: string;
  hash: string;
  /**
   * the last day the hub takes this tablet's records in this teacher's name, from the online sign-in that made
   * the verifier (SPEC CU21); absent on verifiers made before grants, which then sign in online only
   */
  offlineUntil?: string;
  /** wrong PINs in a row while offline, and until when this tablet refuses the teacher offline (pinLockout.ts) */
  failures?: number;
  lockedUntil?: number;
}
export interface Rejected {
  event: CustodyEvent;
  problem: Problem;
  at: number;
}
/** What the hub said about one of this tablet's events, kept beside the event (keyed by its id). */
export interface Acknowledgement {
  id: string;
  day: string;
  seq: number;
  hubTime: number;
  /**
   * `stored` or `duplicate`: the hub's answer to a submission. `in_feed`: seq and hubTime came from the day's
   * feed, not from an answer (the answer was lost or is still to come, or version 1 of this store kept none);
   * an event still in the outbox is sent again all the same, and the answer then replaces this.
   */
  status: 'stored' | 'duplicate' | 'in_feed';
}

interface KioskSchema extends DBSchema {
  kv: { key: string; value: unknown };
  /** this tablet's own events, exactly as it made them */
  events: { key: string; value: CustodyEvent; indexes: { day: string } };
  outbox: { key: string; value: { id: string; day: string; queuedAt: number } };
  rejected: { key: string; value: Rejected };
  pins: { key: string; value: PinVerifier };
  /** other tablets' events, as the hub's day feed sent them (since version 2) */
  feed: { key: string; value: StoredEvent; indexes: { day: string } };
  /** the hub's acknowledgement of each of this tablet's events (since version 2) */
  acks: { key: string; value: Acknowledgement };
}

export const DB_NAME = 'relay-kiosk';
/** 1: one `events` store, where the feed's copy replaced the tablet's own. 2: own events, feed and acks apart. */
export const DB_VERSION = 2;

/** The teacher signed in, kept so a reload or a crash does not sign them out mid-session. */
export interface SignedIn {
  id: string;
  name: string;
  roles: string[];
  lastActivity: number;
}
type KvKey = 'pairing' | 'station' | 'roster' | 'clockOffsetMs' | 'staff' | 'trimmedOn' | `lastSeq:${string}`;

/** Days of events a tablet keeps: today and the two before it (a correction, a late sync, a question next morning). */
export const KEEP_DAYS = 3;

/** What `trim` deleted. */
export interface Trimmed {
  events: number;
  feed: number;
  rejected: number;
}

const STORES = ['kv', 'events', 'outbox', 'rejected', 'pins', 'feed', 'acks'] as const;

export class KioskDb {
  private constructor(private readonly db: IDBPDatabase<KioskSchema>) {}

  static async open(name = DB_NAME): Promise<KioskDb> {
    const db = await openDB<KioskSchema>(name, DB_VERSION, {
      // Runs in the one version-change transaction: a tablet is on the old layout or the new, never half-way.
      async upgrade(d, oldVersion, _newVersion, tx) {
        if (oldVersion < 1) {
          d.createObjectStore('kv');
          d.createObjectStore('events', { keyPath: 'id' }).createIndex('day', 'day');
          d.createObjectStore('outbox', { keyPath: 'id' });
          d.createObjectStore('rejected', { keyPath: 'event.id' });
          d.createObjectStore('pins', { keyPath: 'staffId' });
        }
        if (oldVersion < 2) {
          d.createObjectStore('feed', { keyPath: 'id' }).createIndex('day', 'day');
          d.createObjectStore('acks', { keyPath: 'id' });
          // A failure aborts the whole upgrade (and the open): the tablet stays on version 1 with all its data.
          if (oldVersion >= 1) await separateHubCopies(tx).catch(() => abort(tx));
        }
      },
    });
    const kiosk = new KioskDb(db);
    await kiosk.dropOldVerifiers();
    return kiosk;
  }

  /**
   * PIN verifiers of an older kind (PBKDF2, before kiosk/lib/pin.ts used scrypt) gave up a PIN in seconds to
   * whoever copied the store: they are deleted, never checked. Their teachers sign in online once (the hub checks
   * the PIN) and the tablet keeps a new verifier; until then offline sign-in says only PINs used here work.
   */
  private async dropOldVerifiers() {
    const tx = this.db.transaction('pins', 'readwrite');
    for (let c = await tx.store.openCursor(); c; c = await c.continue())
      if (!isCurrentVerifier(c.value)) await c.delete();
    await tx.done;
  }

  async get<T>(key: KvKey): Promise<T | undefined> {
    return (await this.db.get('kv', key)) as T | undefined;
  }

  async set(
    key: KvKey,
    value: Pairing | Station | { version: number; roster: Roster } | SignedIn | number | null,
  ): Promise<void> {
    await this.db.put('kv', value, key);
    if (key === 'roster') this.cardKey = undefined;
  }

  /**
   * The roster's card-hash key, read once: every acknowledgement needs it, and reading the cached roster for it
   * (1.3 MB at 3,000 children) cost 70–90 ms of a budget tablet's main thread at each one (issue #20).
   */
  private cardKey: { key: string | undefined } | undefined;
  private async cardHashKey(kv: { get(key: string): Promise<unknown> }): Promise<string | undefined> {
    if (!this.cardKey) {
      const cached = (await kv.get('roster')) as { roster: Roster } | undefined;
      this.cardKey = { key: cached?.roster.cardHashes?.key };
    }
    return this.cardKey.key;
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

  /**
   * Events the hub's day feed sent. Other tablets' are kept as sent; for one of our own only its seq and hubTime
   * are noted beside it (if no answer did so first): the event stays as this tablet made it.
   */
  async merge(events: readonly StoredEvent[]): Promise<void> {
    const tx = this.db.transaction(['events', 'feed', 'acks'], 'readwrite');
    await Promise.all(
      events.map(async (e) => {
        if ((await tx.objectStore('events').getKey(e.id)) === undefined) return tx.objectStore('feed').put(e);
        if ((await tx.objectStore('acks').getKey(e.id)) !== undefined) return;
        return tx.objectStore('acks').put({ id: e.id, day: e.day, seq: e.seq, hubTime: e.hubTime, status: 'in_feed' });
      }),
    );
    await tx.done;
  }

  /** The day's events, one per id (this tablet's own as it made them, the rest as the hub sent them), by id. */
  async eventsOf(day: string): Promise<CustodyEvent[]> {
    const tx = this.db.transaction(['events', 'feed']);
    const [own, feed] = await Promise.all([
      tx.objectStore('events').index('day').getAll(day),
      tx.objectStore('feed').index('day').getAll(day),
    ]);
    await tx.done;
    const mine = new Set(own.map((e) => e.id));
    return [...own, ...feed.filter((e) => !mine.has(e.id))].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** What the hub answered about one of this tablet's events, if it has. */
  async acknowledgement(id: string): Promise<Acknowledgement | undefined> {
    return this.db.get('acks', id);
  }

  async outbox(limit = 500): Promise<CustodyEvent[]> {
    const ids = (await this.db.getAll('outbox', undefined, limit))
      .sort((a, b) => a.queuedAt - b.queuedAt)
      .map((o) => o.id);
    const events = await Promise.all(ids.map((id) => this.db.get('events', id)));
    return events.filter((e): e is CustodyEvent => e !== undefined);
  }

  async outboxCount(): Promise<number> {
    return this.db.count('outbox');
  }

  /**
   * The hub stored these (or had already): they leave the outbox, and its answer is kept beside each event. Such an
   * event is never sent again, so from now on the tablet keeps its card ids only as their hashes (core/cardHash.ts,
   * with the key of the roster it holds): a lost tablet's log names no card that could be printed.
   */
  async acknowledged(acks: readonly Acknowledgement[]): Promise<void> {
    const tx = this.db.transaction(['outbox', 'acks', 'events', 'kv'], 'readwrite');
    const key = await this.cardHashKey(tx.objectStore('kv'));
    for (const a of acks) {
      void tx.objectStore('outbox').delete(a.id);
      void tx.objectStore('acks').put(a);
    }
    if (key) {
      for (const a of acks) {
        const e = await tx.objectStore('events').get(a.id);
        if (!e) continue;
        const hashed = withCardHashes(e, key);
        if (hashed !== e) await tx.objectStore('events').put(hashed);
      }
    }
    await tx.done;
  }

  /**
   * The hub refused these: they leave the outbox and the local state, and are kept to show the teacher, with their
   * card ids as hashes (never sent again, like an acknowledged event).
   */
  async refused(items: readonly Rejected[]): Promise<void> {
    const tx = this.db.transaction(['outbox', 'events', 'acks', 'rejected', 'kv'], 'readwrite');
    const key = await this.cardHashKey(tx.objectStore('kv'));
    for (const r of items) {
      void tx.objectStore('outbox').delete(r.event.id);
      void tx.objectStore('events').delete(r.event.id);
      void tx.objectStore('acks').delete(r.event.id);
      void tx.objectStore('rejected').put(key ? { ...r, event: withCardHashes(r.event, key) } : r);
    }
    await tx.done;
  }

  async rejectedList(): Promise<Rejected[]> {
    return this.db.getAll('rejected');
  }

  async pin(staffId: string): Promise<PinVerifier | undefined> {
    const v = await this.db.get('pins', staffId);
    return v && isCurrentVerifier(v) ? v : undefined;
  }

  async savePin(v: PinVerifier): Promise<void> {
    await this.db.put('pins', v);
  }

  /** Unpairing wipes the tablet, except events not yet sent: those are the school's record and must reach the hub. */
  async forgetPairing(): Promise<void> {
    await this.db.delete('kv', 'pairing');
    await this.db.clear('pins');
  }

  /**
   * The daily trim: a tablet keeps only what it still needs. Events of days before the last `KEEP_DAYS` (today
   * included), from the feed and the tablet's own, go with their acknowledgements and `lastSeq`; so do events and
   * refusals of earlier days about children no longer in the roster (`students`, when given). An event still in the outbox is kept
   * whatever its day or child: the hub has not acknowledged it, and it is the school's record until it has.
   */
  async trim(today: string, students?: ReadonlySet<string>, keepDays = KEEP_DAYS): Promise<Trimmed> {
    const oldest = addDays(today, 1 - keepDays);
    // A child gone from the roster: today's events stay until tomorrow's trim (the reducer skips unknown children),
    // so a child put back the same day, an import undone, still has their day on this tablet.
    const stale = (e: { day: string; studentId?: string }) =>
      e.day < oldest ||
      (e.day < today && students !== undefined && e.studentId !== undefined && !students.has(e.studentId));
    const done: Trimmed = { events: 0, feed: 0, rejected: 0 };
    const tx = this.db.transaction(['events', 'outbox', 'acks', 'feed', 'rejected', 'kv'], 'readwrite');
    const unsent = new Set(await tx.objectStore('outbox').getAllKeys());
    for (let c = await tx.objectStore('events').openCursor(); c; c = await c.continue()) {
      if (unsent.has(c.value.id) || !stale(c.value as { day: string; studentId?: string })) continue;
      await tx.objectStore('acks').delete(c.value.id);
      await c.delete();
      done.events++;
    }
    for (let c = await tx.objectStore('acks').openCursor(); c; c = await c.continue()) {
      // an acknowledgement whose event is gone (an old day) goes too
      if (!unsent.has(c.value.id) && c.value.day < oldest) await c.delete();
    }
    for (let c = await tx.objectStore('feed').openCursor(); c; c = await c.continue()) {
      if (!stale(c.value as { day: string; studentId?: string })) continue;
      await c.delete();
      done.feed++;
    }
    for (let c = await tx.objectStore('rejected').openCursor(); c; c = await c.continue()) {
      if (!stale(c.value.event as { day: string; studentId?: string })) continue;
      await c.delete();
      done.rejected++;
    }
    for (const key of await tx.objectStore('kv').getAllKeys()) {
      if (typeof key === 'string' && key.startsWith('lastSeq:') && key.slice(8) < oldest)
        await tx.objectStore('kv').delete(key);
    }
    await tx.objectStore('kv').put(today, 'trimmedOn');
    await tx.done;
    return done;
  }

  /**
   * The hub no longer knows this tablet (revoked, or a hub set up again): everything goes, the token, the roster,
   * the PIN verifiers and the events, unsent ones too. A revoked tablet can never send them (its token is refused,
   * and a tablet paired again is a new device, whose events may not name the old one), and whoever holds a revoked
   * tablet is not the school (docs/security.md, "The tablet"). One transaction: all of it or none.
   */
  async wipe(): Promise<void> {
    const tx = this.db.transaction([...STORES], 'readwrite');
    for (const s of STORES) void tx.objectStore(s).clear();
    await tx.done;
    this.cardKey = undefined;
  }

  close() {
    this.db.close();
  }
}

function abort(tx: UpgradeTransaction) {
  tx.done.catch(() => {
    /* expected: the open fails with the abort */
  });
  try {
    tx.abort();
  } catch {
    /* a failed request has aborted it already */
  }
}

type UpgradeTransaction = IDBPTransaction<KioskSchema, ArrayLike<StoreNames<KioskSchema>>, 'versionchange'>;

/**
 * Version 1 kept one copy of each event, and the day's feed wrote the hub's copy (with `seq` and `hubTime`) over
 * the tablet's own. Copies of other tablets' events move to `feed`; on our own, seq and hubTime move to `acks`
 * and the event is put back without them (the nearest to what the tablet made that is left: the hub also trims
 * text). An event is ours if it is still in the outbox or names this tablet's device; one without a seq was
 * never replaced and stays as it is.
 */
async function separateHubCopies(tx: UpgradeTransaction) {
  const pairing = (await tx.objectStore('kv').get('pairing')) as Pairing | undefined;
  const unsent = new Set(await tx.objectStore('outbox').getAllKeys());
  for (let c = await tx.objectStore('events').openCursor(); c; c = await c.continue()) {
    const e = c.value as CustodyEvent & Partial<StoredEvent>;
    if (e.seq === undefined || e.hubTime === undefined) continue;
    if (!unsent.has(e.id) && e.deviceId !== pairing?.deviceId) {
      await tx.objectStore('feed').put(e as StoredEvent);
      await c.delete();
      continue;
    }
    const { seq, hubTime, ...made } = e;
    await tx.objectStore('acks').put({ id: e.id, day: e.day, seq, hubTime, status: 'in_feed' });
    await c.update(made as CustodyEvent);
  }
}
