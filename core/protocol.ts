/**
 * The wire protocol between kiosks, dashboards and the hub: one module both sides import, so an event name
 * or a payload cannot drift between them. Commands are imperative (client → hub), broadcasts past tense
 * (hub → client). HTTP mirrors the commands; see docs/protocol.md.
 */
import type { CustodyEvent, StoredEvent } from './events';
import type { Problem } from './messages';
import type { z } from 'zod';
import type { ReportStatusRequest, SubscribeDayRequest, UnsubscribeDayRequest } from './contract/socket';

/** Bumped on any incompatible change; a client with another version is told to reload. */
export const PROTOCOL_VERSION = 1;
/** Events in one submission; a kiosk with a longer outbox sends several. */
export const MAX_BATCH_EVENTS = 500;
/** Clients retry a lost connection within this long (socket.io randomises each wait by ±50 %): the hub is on the LAN. */
export const RECONNECT_DELAY_MAX_MS = 2_000;

/** The outcome for one submitted event. `duplicate` means it was already stored: the sender may forget it. */
export type EventResult =
  | { id: string; status: 'stored'; seq: number; hubTime: number }
  | { id: string; status: 'duplicate'; seq: number; hubTime: number }
  | { id: string | null; status: 'rejected'; problem: Problem };

export type Ack<T> = { ok: true; data: T } | { ok: false; problem: Problem };

export interface SubmitResult {
  results: EventResult[];
  hubTime: number;
}

/** Everything stored for one day since `sinceSeq`, in seq order. */
export interface DaySlice {
  day: string;
  events: StoredEvent[];
  lastSeq: number;
}

/** Commands, their payloads (schemas in contract/socket.ts) and acks; the hub's handlers are typed from it. */
export interface ClientToHubEvents {
  /** store a batch of events (idempotent by event id); each event is checked by itself, as `POST /api/events` */
  submitEvents: (events: unknown[], ack: (r: Ack<SubmitResult>) => void) => void;
  /** join a day's live feed; the ack carries what was stored since `sinceSeq`, then `eventsStored` follows */
  subscribeDay: (req: z.infer<typeof SubscribeDayRequest>, ack: (r: Ack<DaySlice>) => void) => void;
  unsubscribeDay: (req: z.infer<typeof UnsubscribeDayRequest>) => void;
  /** kiosk heartbeat: what it still holds unsent, for the duty leader's kiosk-health view */
  reportStatus: (req: z.infer<typeof ReportStatusRequest>, ack: (r: Ack<{ hubTime: number }>) => void) => void;
}

export interface HubToClientEvents {
  /** new events of a subscribed day, in seq order, right after they became durable */
  eventsStored: (slice: DaySlice) => void;
  /** the roster or settings changed: reload them */
  rosterChanged: (info: { version: number }) => void;
}

export interface HealthResponse {
  ok: true;
  version: string;
  protocol: number;
  hubTime: number;
  school: string;
}

export type { CustodyEvent };
