/**
 * The gate board (BD1, issue #19 item 2): the office's code for a board, the board's pairing, the board's one route,
 * and its socket namespace, which sends the whole view when a board connects and whenever it may have changed.
 * A board's token is refused by every other route (hub/http.ts authorize) and by the main socket namespace
 * (hub/sockets.ts); what it gets is worked out here from the log, names masked as the school's setting says.
 */
import type { Namespace, Server } from 'socket.io';
import { boardView } from '../../core/boardView';
import type { BoardView } from '../../core/boardView';
import type { BoardToClientEvents } from '../../core/contract';
import { BOARD_NAMESPACE } from '../../core/contract';
import { problem } from '../../core/messages';
import type { HubContext } from '../hubContext';
import type { AreaHandlers } from '../http';
import { HttpProblem, limited } from '../http';
import { lockKeys } from '../lockoutStore';

type Board = 'boardPairingCode' | 'boardPair' | 'board';

/** How often the open boards get the view again without a new event: the minutes since each call move on. */
export const BOARD_REFRESH_MS = 20_000;

/** Today's board as the hub sees it now. */
export async function currentBoard(ctx: HubContext): Promise<BoardView> {
  const day = ctx.today();
  const now = ctx.clock();
  const roster = ctx.rosters.roster;
  const state = await ctx.days.state(day, now);
  return boardView(state, roster, now);
}

export function boardRoutes(ctx: HubContext): AreaHandlers<Board> {
  const { access, rosters, logger, lockouts } = ctx;
  return {
    boardPairingCode: async () => {
      const made = await access.createPairingCode({ board: true });
      logger.info('board pairing code made', { expiresAt: new Date(made.expiresAt).toISOString() });
      return made;
    },

    // Locked out with the kiosks' pairing (one count): a guesser gains nothing by trying codes here instead.
    boardPair: {
      before: () => limited(logger, lockouts, lockKeys.pair),
      handle: async ({ req, body: { code, name } }) => {
        if (access.pairingCodeKind(code) === 'kiosk') {
          throw new HttpProblem(401, {
            code: 'bad_pairing_code',
            zh: '这是平板的配对码，不能用于校门大屏。请在办公室“平板与教师”里点“校门大屏配对码”',
            en: 'This code pairs a kiosk tablet, not a gate board: make a gate board code in the office',
          });
        }
        const paired = await access.pair(code, name, 'board');
        if (!paired) {
          await lockouts.fail(lockKeys.pair);
          logger.warn('board pairing refused', { ip: req.ip });
          throw new HttpProblem(401, problem('bad_pairing_code'));
        }
        await lockouts.succeed(lockKeys.pair);
        logger.info('board paired', { deviceId: paired.device.id, name: paired.device.name });
        return { deviceId: paired.device.id, token: paired.token, school: rosters.roster.school.name };
      },
    },

    board: () => currentBoard(ctx),
  };
}

/**
 * The /board namespace: only a live board's token connects; it gets the view at once, after every stored batch
 * (a little later, so a burst is one message) and every BOARD_REFRESH_MS. A board revoked while connected is cut
 * at the next message. Returns a stop for the timer.
 */
export function attachBoardSockets(ctx: HubContext, io: Pick<Server, 'of'>): () => void {
  // its own event map: a board takes no command and is sent nothing but its view
  const nsp = io.of(BOARD_NAMESPACE) as unknown as Namespace<Record<string, never>, BoardToClientEvents>;
  const tokenOf = (s: { handshake: { auth: unknown } }) => {
    const t = (s.handshake.auth as { token?: unknown } | undefined)?.token;
    return typeof t === 'string' ? t : undefined;
  };
  nsp.use((socket, next) => {
    const p = ctx.principalFor(tokenOf(socket));
    if (p?.kind === 'board') return next();
    ctx.logger.warn('board socket refused', { ip: socket.handshake.address });
    next(Object.assign(new Error('unauthorized'), { data: problem('unauthorized') }));
  });
  const send = async () => {
    if (nsp.sockets.size === 0) return;
    let view: BoardView;
    try {
      view = await currentBoard(ctx);
    } catch (err) {
      ctx.logger.error('board view failed', { error: String(err) });
      return;
    }
    for (const socket of nsp.sockets.values()) {
      if (ctx.principalFor(tokenOf(socket))?.kind !== 'board') socket.disconnect(true);
      else socket.emit('boardView', view);
    }
  };
  nsp.on('connection', (socket) => {
    void currentBoard(ctx).then(
      (view) => socket.emit('boardView', view),
      (err: unknown) => ctx.logger.error('board view failed', { error: String(err) }),
    );
  });
  let pending: ReturnType<typeof setTimeout> | undefined;
  ctx.storedListeners.push(() => {
    pending ??= setTimeout(() => {
      pending = undefined;
      void send();
    }, 250);
  });
  const timer = setInterval(() => void send(), BOARD_REFRESH_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    if (pending) clearTimeout(pending);
  };
}
