/** Tablets: pairing codes, the office's list and edits, revoking, a kiosk asking who it is, kiosk health. */
import { problem } from '../../core/messages';
import { assignedStationProblem } from '../../core/stations';
import type { HubContext } from '../hubContext';
import type { AreaHandlers } from '../http';
import { HttpProblem } from '../http';

type Devices = 'pairingCode' | 'devices' | 'deviceUpdate' | 'deviceRevoke' | 'device' | 'kiosks';

export function deviceRoutes(ctx: HubContext): AreaHandlers<Devices> {
  const { access, rosters, logger, clock } = ctx;
  return {
    pairingCode: () => access.createPairingCode(),

    devices: () => ({
      devices: access.devices().map(({ tokenHash: _t, ...d }) => ({
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
      return { ok: true, device: { id: d.id, name: d.name, station: d.station } };
    },

    deviceRevoke: async ({ params: { id } }) => {
      if (!(await access.revokeDevice(id))) throw new HttpProblem(404, problem('not_found', id));
      ctx.io()?.in(`device:${id}`).disconnectSockets(true);
      logger.info('device revoked', { deviceId: id });
      return { ok: true };
    },

    /** A kiosk asks who it is: its name and the station the office gave it, if any. */
    device: ({ principal: p }) => ({ deviceId: p.device.id, name: p.device.name, station: p.device.station }),

    /** Kiosk health for the duty leader and the office: station, last contact, unsent records, battery. */
    kiosks: () => ({ hubTime: clock(), kiosks: ctx.deviceHealth().filter((d) => !d.revoked) }),
  };
}
