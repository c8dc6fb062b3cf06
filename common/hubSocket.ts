/** The pages' live connection to the hub, typed by core/protocol's event maps. */
import { io, type Socket } from 'socket.io-client';
import type { ClientToHubEvents, HubToClientEvents } from '../core/protocol';
import { RECONNECT_DELAY_MAX_MS } from '../core/protocol';

export type HubSocket = Socket<HubToClientEvents, ClientToHubEvents>;

/**
 * On the school LAN a hub that is back answers at once: retry within 2 s (randomised by socket.io, so 200
 * tablets do not all knock together) rather than the default back-off, which left a gate waiting ~2 s more.
 */
export function hubSocket(url: string, token: string): HubSocket {
  return io(url, {
    auth: { token },
    transports: ['websocket', 'polling'],
    reconnectionDelay: 500,
    reconnectionDelayMax: RECONNECT_DELAY_MAX_MS,
  });
}
