/** Open routes and the sign-ins: health, pairing, the office's password, duty leaders' and teachers' PINs. */
import type { Request } from 'express';
import { problem } from '../../core/messages';
import { PROTOCOL_VERSION } from '../../core/protocol';
import type { Staff } from '../../core/roster';
import type { HubContext } from '../hubContext';
import type { AreaHandlers } from '../http';
import { HttpProblem, limited } from '../http';
import { leaderDeviceId } from '../ingest';

type Access = 'health' | 'pair' | 'adminLogin' | 'leaderStaff' | 'leaderLogin' | 'staffSignIn' | 'staffPin';

const mayLead = (s: Staff) => s.active && (s.roles.includes('duty_leader') || s.roles.includes('office'));

export function accessRoutes(ctx: HubContext): AreaHandlers<Access> {
  const { access, rosters, clock, logger, limiters } = ctx;
  const pairKey = (req: Request) => `pair:${req.ip}`;
  const adminKey = (req: Request) => `admin:${req.ip}`;
  return {
    health: () => ({
      ok: true,
      version: ctx.version,
      protocol: PROTOCOL_VERSION,
      hubTime: clock(),
      school: rosters.roster.school.name,
    }),

    pair: {
      before: (req) => limited(logger, limiters.pair, pairKey(req)),
      handle: async ({ req, body: { code, name } }) => {
        const paired = await access.pair(code, name);
        if (!paired) {
          limiters.pair.fail(pairKey(req));
          logger.warn('pairing refused', { ip: req.ip });
          throw new HttpProblem(401, problem('bad_pairing_code'));
        }
        limiters.pair.succeed(pairKey(req));
        logger.info('device paired', { deviceId: paired.device.id, name: paired.device.name });
        return { deviceId: paired.device.id, token: paired.token, school: rosters.roster.school.name };
      },
    },

    adminLogin: {
      before: (req) => limited(logger, limiters.admin, adminKey(req)),
      handle: ({ req, body: { password } }) => {
        if (!access.verifyAdminPassword(password)) {
          limiters.admin.fail(adminKey(req));
          logger.warn('admin login refused', { ip: req.ip });
          throw new HttpProblem(401, problem('bad_password'));
        }
        limiters.admin.succeed(adminKey(req));
        return { token: access.newAdminSession() };
      },
    },

    /** Who may sign in as duty leader: names for the login list, nothing about children. */
    leaderStaff: () => ({ leaders: rosters.roster.staff.filter(mayLead).map((s) => ({ id: s.id, name: s.name })) }),

    /** The duty leader signs in on a phone with a PIN; the phone is not a paired kiosk. */
    leaderLogin: ({ req, body: { staffId, pin } }) => {
      const key = `leader:${req.ip}:${staffId}`;
      limited(logger, limiters.leader, key);
      const staff = rosters.roster.staff.find((s) => s.id === staffId && mayLead(s));
      if (!staff || !access.verifyStaffPin(staffId, pin)) {
        limiters.leader.fail(key);
        logger.warn('leader login refused', { staffId, ip: req.ip });
        throw new HttpProblem(401, problem('bad_pin'));
      }
      limiters.leader.succeed(key);
      const signedIn = { id: staff.id, name: staff.name, roles: staff.roles };
      return { token: access.newLeaderSession(staffId), staff: signedIn, deviceId: leaderDeviceId(staffId) };
    },

    staffSignIn: ({ principal: p, body: { staffId, pin } }) => {
      const key = `pin:${p.kind === 'device' ? p.device.id : 'office'}:${staffId}`;
      limited(logger, limiters.pin, key);
      const staff = rosters.roster.staff.find((s) => s.id === staffId && s.active);
      if (!staff || !access.verifyStaffPin(staffId, pin)) {
        limiters.pin.fail(key);
        logger.warn('PIN refused', { staffId, deviceId: p.kind === 'device' ? p.device.id : 'office' });
        throw new HttpProblem(401, problem('bad_pin'));
      }
      limiters.pin.succeed(key);
      return { staff: { id: staff.id, name: staff.name, roles: staff.roles } };
    },

    staffPin: async ({ params: { id }, body: { pin } }) => {
      if (!rosters.roster.staff.some((s) => s.id === id)) throw new HttpProblem(404, problem('not_found', id));
      await access.setStaffPin(id, pin);
      logger.info('PIN reset', { staffId: id });
      return { ok: true };
    },
  };
}
