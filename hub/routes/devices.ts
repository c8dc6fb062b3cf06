/** Tablets: pairing codes (made, listed, cancelled), the office's list and edits, revoking, a kiosk asking who it is, kiosk health. */
import { problem } from '../../core/messages';
import { assignedStationProblem } from '../../core/stations';
import type { HubContext } from '../hubContext';
import type { AreaHandlers } from '../http';
import { bearer, HttpProblem } from '../http';

type Devices =
  | 'pairingCode'
  | 'pairingCodes'
  | 'pairingCodeCancel'
  | 'devices'
  | 'deviceUpdate'
  | 'deviceRevoke'
  | 'device'
  | 'deviceToken'
  | 'kiosks';

export function deviceRoutes(ctx: HubContext): AreaHandlers<Devices> {
  const { access, rosters, logger, clock } = ctx;
  return {
    pairingCode: async () => {
      const made = await access.createPairingCode();
      logger.info('pairing code made', { expiresAt: new Date(made.expiresAt).toISOString() });
      return made;
    },

    pairingCodes: () => ({ hubTime: clock(), codes: access.pairingCodes() }),

    pairingCodeCancel: async ({ params: { id } }) => {
      const r = await access.cancelPairingCode(id);
      if (r === 'not_found') throw new HttpProblem(404, problem('not_found', id));
      if (r === 'spent') {
        throw new HttpProblem(409, {
          code: 'malformed',
          zh: '这个配对码已用过、已过期或已取消',
          en: 'This pairing code was already used, has expired or was cancelled',
        });
      }
      logger.info('pairing code cancelled', { id });
      return { ok: true };
    },

    devices: () => ({
      devices: access.devices().map(({ tokenHash: _t, nextTokenHash: _n, ...d }) => ({
        ...d,
        health: ctx.deviceHealth().find((h) => h.deviceId === d.id),
      })),
    }),

    deviceUpdate: async ({ params: { id }, body: r }) => {
      const refused = r.station ? assignedStationProblem(rosters.roster, r.station) : undefined;
      if (refused) throw new HttpProblem(400, refused);
      const patch = {
        ...(r.name !== undefined ? { name: r.name } : {}),
        ...(r.station !== undefined ? { station: r.station } : {}),
      };
      const d = await access.updateDevice(id, patch);
      if (!d) throw new HttpProblem(404, problem('not_found'));
      // The tablet's roster is cut to its station (core/cardHash.ts rosterFor): it loads it again now.
      if (r.station !== undefined) ctx.io()?.in(`device:${id}`).emit('rosterChanged', { version: rosters.version });
      return { ok: true, device: { id: d.id, name: d.name, station: d.station } };
    },

    deviceRevoke: async ({ params: { id } }) => {
      if (!(await access.revokeDevice(id))) throw new HttpProblem(404, problem('not_found', id));
      ctx.io()?.in(`device:${id}`).disconnectSockets(true);
      logger.info('device revoked', { deviceId: id });
      return { ok: true };
    },

    /** A kiosk asks who it is: its name and the station the office gave it, if any. */
    device: async ({ req, principal: p }) => {
      if (await access.useToken(bearer(req)!)) logger.info('tablet token replaced', { deviceId: p.device.id });
      return {
        deviceId: p.device.id,
        name: p.device.name,
        station: p.device.station,
        tokenDue: access.tokenDue(p.device),
      };
    },

    deviceToken: async ({ principal: p }) => ({ token: await access.rotateToken(p.device.id) }),

    /** Kiosk health for the duty leader and the office: station, last contact, unsent records, battery. */
    kiosks: () => ({ hubTime: clock(), kiosks: ctx.deviceHealth().filter((d) => !d.revoked) }),
  };
}
