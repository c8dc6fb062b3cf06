/**
 * Keeps the tablet and the hub in step: sends the outbox with acknowledgements (exactly once, because the hub
 * stores by event id), follows the day's feed from the hub by sequence number, and measures the clock offset.
 * socket.io's own reconnection only restores the pipe; delivery is the outbox's job.
 */
import type { CustodyEvent } from '../../core/events';
import type { Ack, DaySlice, SubmitResult } from '../../core/protocol';
import { hubSocket, type HubSocket } from '../../common/hubSocket';
import type { Acknowledgement, KioskDb, Rejected } from './kioskDb';

export const BATCH_SIZE = 200;
export const ACK_TIMEOUT_MS = 10_000;
export const STATUS_EVERY_MS = 15_000;

export interface SyncStatus {
  online: boolean;
  unsent: number;
  lastSync: number | null;
  clockOffsetMs: number;
  /** the hub no longer knows this tablet: it must be paired again */
  revoked: boolean;
  rejected: number;
}

export interface SyncOptions {
  db: KioskDb;
  token: string;
  day: () => string;
  station: () => string | undefined;
  /**
   * Called after events arrive from the hub (`arrived`: just those, to be added to the day) or when the hub
   * refused some of this tablet's (no argument: they have left the day, which must be read again).
   */
  onChange: (arrived?: readonly CustodyEvent[]) => void;
  onStatus: (s: SyncStatus) => void;
  url?: string;
  /** the office imported a new roster */
  onRosterChanged?: () => void;
}

export class SyncEngine {
  private socket: HubSocket;
  private status: SyncStatus = {
    online: false,
    unsent: 0,
    lastSync: null,
    clockOffsetMs: 0,
    revoked: false,
    rejected: 0,
  };
  private flushing = false;
  private again = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private subscribedDay: string | null = null;

  constructor(private readonly opts: SyncOptions) {
    this.socket = hubSocket(opts.url ?? location.origin, opts.token);
    this.socket.on('connect', () => {
      this.update({ online: true });
      void this.onConnect();
    });
    this.socket.on('disconnect', (reason) => {
      this.subscribedDay = null;
      this.update({ online: false });
      // The hub cut this socket (it does so when the office revokes the tablet): socket.io does not reconnect by
      // itself then, so it is asked again now, and a refused handshake reports `revoked` below.
      if (reason === 'io server disconnect' && !this.closed) this.socket.connect();
    });
    this.socket.on('connect_error', (err) => {
      if (err.message === 'unauthorized') {
        this.update({ online: false, revoked: true });
        this.socket.disconnect();
      }
    });
    this.socket.on('eventsStored', (slice) => {
      void this.take(slice);
    });
    this.socket.on('rosterChanged', () => opts.onRosterChanged?.());
    this.timer = setInterval(() => {
      void this.heartbeat();
      void this.flush();
    }, STATUS_EVERY_MS);
    void this.refreshCounts();
    void opts.db.get<number>('clockOffsetMs').then((o) => {
      if (typeof o === 'number') this.update({ clockOffsetMs: o });
    });
  }

  get current(): SyncStatus {
    return this.status;
  }

  private update(patch: Partial<SyncStatus>) {
    this.status = { ...this.status, ...patch };
    this.opts.onStatus(this.status);
  }

  private async refreshCounts() {
    // A flush still waiting for the hub when the tablet closes (a page unload, a test's teardown) ends here after
    // the store is closed: there is nothing left to count, and nobody to show it to.
    if (this.closed) return;
    try {
      this.update({ unsent: await this.opts.db.outboxCount(), rejected: (await this.opts.db.rejectedList()).length });
    } catch (err) {
      if (!this.closed) throw err;
    }
  }

  private async onConnect() {
    await this.heartbeat();
    await this.subscribe();
    await this.flush();
  }

  /** Follows today's feed; on a new day (a kiosk left on overnight) it moves to the new day. */
  private async subscribe() {
    const day = this.opts.day();
    // No day yet (the roster is still loading after pairing): the model calls follow() once it has one.
    if (!day || this.subscribedDay === day || !this.socket.connected) return;
    if (this.subscribedDay) this.socket.emit('unsubscribeDay', { day: this.subscribedDay });
    const sinceSeq = (await this.opts.db.get<number>(`lastSeq:${day}`)) ?? 0;
    try {
      const ack = (await this.socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('subscribeDay', { day, sinceSeq })) as Ack<DaySlice>;
      if (ack.ok) {
        this.subscribedDay = day;
        await this.take(ack.data);
      }
    } catch {
      /* timed out: the next connect or heartbeat tries again */
    }
  }

  private async take(slice: DaySlice) {
    if (slice.events.length === 0) return;
    await this.opts.db.merge(slice.events);
    const key = `lastSeq:${slice.day}` as const;
    const known = (await this.opts.db.get<number>(key)) ?? 0;
    await this.opts.db.set(key, Math.max(known, ...slice.events.map((e) => e.seq)));
    this.opts.onChange(slice.events);
  }

  /** Clock sample: the hub's time at the midpoint of the round trip. Also tells the hub what is unsent. */
  private async heartbeat() {
    if (!this.socket.connected) return;
    await this.subscribe();
    const t0 = Date.now();
    try {
      const battery = await batteryLevel();
      const status = {
        unsent: this.status.unsent,
        ...(battery !== undefined ? { battery } : {}),
        ...(this.opts.station() ? { station: this.opts.station() } : {}),
      };
      const reply = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('reportStatus', status);
      const ack = reply as Ack<{ hubTime: number }>;
      if (!ack.ok) return;
      const t1 = Date.now();
      const offset = Math.round(ack.data.hubTime - (t0 + t1) / 2);
      await this.opts.db.set('clockOffsetMs', offset);
      this.update({ clockOffsetMs: offset });
    } catch {
      /* no answer: offline shows through the socket state */
    }
  }

  /** Sends the outbox in batches until it is empty or the hub stops answering. Never two flushes at once. */
  async flush(): Promise<void> {
    if (this.flushing) {
      this.again = true;
      return;
    }
    this.flushing = true;
    try {
      do {
        this.again = false;
        for (;;) {
          if (!this.socket.connected) return;
          // The events exactly as this tablet made them: the hub's seq and hubTime are kept beside them, not in them.
          const batch = await this.opts.db.outbox(BATCH_SIZE);
          if (batch.length === 0) break;
          let ack: Ack<SubmitResult>;
          try {
            ack = (await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('submitEvents', batch)) as Ack<SubmitResult>;
          } catch {
            return; // no acknowledgement: everything stays in the outbox and goes again
          }
          if (!ack.ok) return;
          await this.settle(batch, ack.data);
        }
      } while (this.again);
      this.update({ lastSync: Date.now() });
    } finally {
      this.flushing = false;
      await this.refreshCounts();
    }
  }

  private async settle(batch: CustodyEvent[], result: SubmitResult) {
    const byId = new Map(batch.map((e) => [e.id, e]));
    const done: Acknowledgement[] = [];
    const refused: Rejected[] = [];
    for (const r of result.results) {
      if (r.id === null) continue;
      const event = byId.get(r.id);
      if (!event) continue;
      if (r.status === 'rejected') refused.push({ event, problem: r.problem, at: result.hubTime });
      else done.push({ id: r.id, day: event.day, seq: r.seq, hubTime: r.hubTime, status: r.status });
    }
    await this.opts.db.acknowledged(done);
    if (refused.length) {
      await this.opts.db.refused(refused);
      this.opts.onChange();
    }
    await this.refreshCounts();
  }

  /** Starts following the day's feed as soon as the day is known (after the roster arrives). */
  async follow() {
    await this.subscribe();
  }

  /** A scan was written to the outbox: count it and try to send it now. */
  async queued() {
    await this.refreshCounts();
    void this.flush();
  }

  private closed = false;

  close() {
    this.closed = true;
    clearInterval(this.timer);
    this.socket.close();
  }
}

async function batteryLevel(): Promise<number | undefined> {
  const nav = navigator as Navigator & { getBattery?: () => Promise<{ level: number }> };
  try {
    return nav.getBattery ? (await nav.getBattery()).level : undefined;
  } catch {
    return undefined;
  }
}
