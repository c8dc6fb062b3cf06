/**
 * socket.io: the handshake (same origin, a valid token) and the commands of core/protocol.ts. Each handler is
 * typed from ClientToHubEvents, so an acknowledgement of the wrong shape does not compile; payloads are still
 * validated, since a client can send anything.
 */
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { Server } from 'socket.io';
import { cardKeyFromHex } from '../core/cardHash';
import { COMMAND_PAYLOADS } from '../core/contract';
import type { StoredEvent } from '../core/events';
import type { Reader } from '../core/noteMasking';
import { eventsForReader } from '../core/noteMasking';
import { problem } from '../core/messages';
import type { Ack, ClientToHubEvents, HubToClientEvents } from '../core/protocol';
import { isValidDay } from '../core/time';
import type { ActorPrincipal, HubContext } from './hubContext';
import { MAX_JSON_BYTES } from './http';
import { ingest } from './ingest';
import { sameOrigin } from './pages';
import { tokenHash } from './secrets';
import { attachBoardSockets } from './routes/board';

type Command = keyof ClientToHubEvents;

type Args<K extends Command> = Parameters<ClientToHubEvents[K]>;

/** The room of the sockets an office or leader session opened: signing out cuts them. */
export const sessionRoom = (token: string) => `session:${tokenHash(token)}`;

/** Who reads the log, for what its free text may say (core/noteMasking.ts): the office whole, the others cut. */
export const readerOf = (p: ActorPrincipal): Reader =>
  p.kind === 'admin' ? 'office' : p.kind === 'leader' ? 'leader' : 'kiosk';

const READERS: readonly Reader[] = ['office', 'leader', 'kiosk'];
/** One room per day and reader, so each gets the copy its reader may see. */
const dayRoom = (day: string, reader: Reader) => `day:${day}:${reader}`;

/** The events just stored, to every page following that day, as its reader may see them. */
export function broadcastStored(
  io: Pick<Server<ClientToHubEvents, HubToClientEvents>, 'to'>,
  day: string,
  events: StoredEvent[],
  lastSeq: number,
  cardKeyHex: string,
) {
  const key = cardKeyFromHex(cardKeyHex);
  for (const reader of READERS) {
    io.to(dayRoom(day, reader)).emit('eventsStored', { day, events: eventsForReader(events, reader, key), lastSeq });
  }
}

export function attachSockets(ctx: HubContext, server: HttpServer | HttpsServer) {
  const { access, log, clock, logger } = ctx;
  const io = new Server<ClientToHubEvents, HubToClientEvents>(server, {
    maxHttpBufferSize: MAX_JSON_BYTES,
    serveClient: false,
    // No `cors` option, so no CORS headers; and a browser page of another site cannot even open the socket
    // (WebSockets are not covered by CORS, so the Origin header is checked here).
    allowRequest: (req, callback) => {
      const ok = sameOrigin(req.headers);
      const origin = String(req.headers.origin).slice(0, 100);
      if (!ok) logger.warn('socket cross-origin refused', { ip: req.socket.remoteAddress, origin });
      callback(ok ? null : 'cross-origin', ok);
    },
  });
  ctx.setIo(io);
  attachBoardSockets(ctx, io); // BD1: the gate boards' own namespace
  io.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const p = ctx.principalFor(typeof token === 'string' ? token : undefined);
    // a gate board (BD1) has its own namespace (hub/routes/board.ts) and no business here
    if (!p || p.kind === 'board') {
      logger.warn('socket refused', { ip: socket.handshake.address, ...(p ? { reason: 'board token' } : {}) });
      next(Object.assign(new Error('unauthorized'), { data: problem('unauthorized') }));
      return;
    }
    socket.data.principal = p;
    socket.data.token = token;
    next();
  });
  io.on('connection', (socket) => {
    const p = socket.data.principal as ActorPrincipal;
    const token = socket.data.token as string;
    if (p.kind === 'device') void socket.join(`device:${p.device.id}`);
    else void socket.join(sessionRoom(token));
    ctx.touch(p);
    // A token revoked while the socket is open stops working at the next message, not at the next reconnect.
    // So is an office or leader session that was signed out or went idle.
    const stillValid = () =>
      p.kind !== 'device'
        ? ctx.principalFor(token) !== null
        : access.devices().some((d) => d.id === p.device.id && d.revokedAt === null);
    /** A handler typed by the protocol; a failure is logged and, when the client waits, acknowledged as such. */
    const on = <K extends Command>(name: K, fn: (...args: Args<K>) => Promise<void> | void) => {
      const listener = async (...args: Args<K>) => {
        const ack: unknown = args.at(-1);
        try {
          if (!stillValid()) {
            socket.disconnect(true);
            return;
          }
          ctx.touch(p);
          await fn(...args);
        } catch (err) {
          logger.error('socket handler failed', { error: String(err) });
          // Every ack takes an Ack<T>, and a failure is one whatever T is.
          if (typeof ack === 'function') (ack as (r: Ack<never>) => void)({ ok: false, problem: problem('internal') });
        }
      };
      // socket.io's typed `on` cannot relate a generic K to its listener type; `listener` has exactly that type.
      socket.on(name, listener as never);
    };
    // `typeof ack` checks stay: the type says a function, but a client may send a command without one.
    on('submitEvents', async (events, ack) => {
      if (typeof ack !== 'function') return;
      ack({ ok: true, data: await ingest(ctx.ingestDeps, ctx.actorOf(p), events) });
    });
    on('subscribeDay', async (req, ack) => {
      if (typeof ack !== 'function') return;
      const r = COMMAND_PAYLOADS.subscribeDay.safeParse(req);
      if (!r.success || !isValidDay(r.data.day)) {
        ack({ ok: false, problem: problem('malformed') });
        return;
      }
      // A tablet follows today only (GET /api/events says the same): a lost one cannot page through the school's past.
      if (p.kind === 'device' && r.data.day !== ctx.today()) {
        ack({ ok: false, problem: problem('today_only', `${r.data.day}`) });
        return;
      }
      // Join before reading, so nothing stored in between is missed; the client drops repeats by seq.
      const reader = readerOf(p);
      await socket.join(dayRoom(r.data.day, reader));
      const events = eventsForReader(
        await log.read(r.data.day, r.data.sinceSeq),
        reader,
        cardKeyFromHex(access.cardKey),
      );
      ack({ ok: true, data: { day: r.data.day, events, lastSeq: await log.lastSeq(r.data.day) } });
    });
    on('unsubscribeDay', async (req) => {
      const r = COMMAND_PAYLOADS.unsubscribeDay.safeParse(req);
      if (r.success) await socket.leave(dayRoom(r.data.day, readerOf(p)));
    });
    on('reportStatus', (req, ack) => {
      const r = COMMAND_PAYLOADS.reportStatus.safeParse(req);
      if (r.success && p.kind === 'device') {
        const { unsent, battery, station } = r.data;
        ctx.seen.set(p.device.id, {
          lastSeen: clock(),
          unsent,
          ...(battery !== undefined ? { battery } : {}),
          ...(station ? { station } : {}),
        });
      }
      if (typeof ack === 'function') {
        ack(r.success ? { ok: true, data: { hubTime: clock() } } : { ok: false, problem: problem('malformed') });
      }
    });
  });
  return io;
}
