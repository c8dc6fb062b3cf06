/**
 * What the hub accepts with each socket.io command; the event maps in core/protocol.ts take their payload types
 * from here, and the hub validates every payload with these (a client can send anything).
 */
import { z } from 'zod';
import { DAY_PATTERN } from '../time';
import type { ClientToHubEvents } from '../protocol';
import type { BoardView } from '../boardView';

export const SubscribeDayRequest = z.object({
  day: z.string().regex(DAY_PATTERN),
  sinceSeq: z.number().int().min(0),
});
export const UnsubscribeDayRequest = z.object({ day: z.string().regex(DAY_PATTERN) });
export const ReportStatusRequest = z.object({
  unsent: z.number().int().min(0).max(1e6),
  battery: z.number().min(0).max(1).optional(),
  station: z.string().max(64).optional(),
});

/**
 * The gate board's socket (BD1): its own namespace, which only a board's token opens and a board's token opens
 * nothing else; the hub sends the whole view on connecting and whenever it changes, and takes no command.
 */
export const BOARD_NAMESPACE = '/board';
export interface BoardToClientEvents {
  boardView: (view: BoardView) => void;
}

/**
 * Each command's payload schema, one per name of ClientToHubEvents. `submitEvents` has none: ingest checks the
 * events one by one, so that each gets its own result.
 */
export const COMMAND_PAYLOADS = {
  submitEvents: null,
  subscribeDay: SubscribeDayRequest,
  unsubscribeDay: UnsubscribeDayRequest,
  reportStatus: ReportStatusRequest,
} as const satisfies Record<keyof ClientToHubEvents, z.ZodType | null>;
