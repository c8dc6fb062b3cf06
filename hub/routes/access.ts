/** Open routes and the sign-ins: health, pairing, the office's password, duty leaders' and teachers' PINs. */
import { OFFICE_UNLOCKS, problem } from '../../core/messages';
import { newPinProblem } from '../../core/pinRules';
import { PROTOCOL_VERSION } from '../../core/protocol';
import type { Staff } from '../../core/roster';
import type { HubContext } from '../hubContext';
import type { AreaHandlers } from '../http';
import { bearer, HttpProblem, limited } from '../http';
import { leaderDeviceId } from '../ingest';
import { sessionRoom } from '../sockets';
import { lockKeys } from '../lockoutStore';

type Access =
  | 'health'
  | 'pair'
  | 'adminLogin'
  | 'leaderStaff'
  | 'leaderLogin'
  | 'staffSignIn'
  | 'verifyLeader'
  | 'staffPin'
  | 'staffUnlock'
  | 'signOut';

const mayLead = (s: Staff) => s.active && (s.roles.includes('duty_leader') || s.roles.includes('office'));

export function accessRoutes(ctx: HubContext): AreaHandlers<Access> {
  const { access, rosters, clock, logger, lockouts } = ctx;
  // Counted across addresses and tablets: a guesser gains nothing by moving to another tablet or address.
  const { pair: pairKey, admin: adminKey } = lockKeys;
  return {
    health: () => ({
      ok: true,
      version: ctx.version,
      protocol: PROTOCOL_VERSION,
      hubTime: clock(),
      school: rosters.roster.school.name,
    }),

    pair: {
      before: () => limited(logger, lockouts, pairKey),
      handle: async ({ req, body: { code, name } }) => {
        const paired = await access.pair(code, name);
        if (!paired) {
          await lockouts.fail(pairKey);
          logger.warn('pairing refused', { ip: req.ip });
          throw new HttpProblem(401, problem('bad_pairing_code'));
        }
        await lockouts.succeed(pairKey);
        logger.info('device paired', { deviceId: paired.device.id, name: paired.device.name });
        return { deviceId: paired.device.id, token: paired.token, school: rosters.roster.school.name };
      },
    },

    adminLogin: {
      before: () => limited(logger, lockouts, adminKey),
      handle: async ({ req, body: { password } }) => {
        if (!access.verifyAdminPassword(password)) {
          await lockouts.fail(adminKey);
          logger.warn('admin login refused', { ip: req.ip });
          throw new HttpProblem(401, problem('bad_password'));
        }
        await lockouts.succeed(adminKey);
        logger.info('admin signed in', { ip: req.ip });
        return { token: access.newAdminSession() };
      },
    },

    /** Who may sign in as duty leader: names for the login list, nothing about children. */
    leaderStaff: () => ({ leaders: rosters.roster.staff.filter(mayLead).map((s) => ({ id: s.id, name: s.name })) }),

    /** The duty leader signs in on a phone with a PIN; the phone is not a paired kiosk. */
    leaderLogin: async ({ req, body: { staffId, pin } }) => {
      const key = lockKeys.staff(staffId);
      limited(logger, lockouts, key, OFFICE_UNLOCKS);
      const staff = rosters.roster.staff.find((s) => s.id === staffId && mayLead(s));
      if (!staff || !access.verifyStaffPin(staffId, pin)) {
        await lockouts.fail(key);
        logger.warn('leader login refused', { staffId, ip: req.ip });
        throw new HttpProblem(401, problem('bad_pin'));
      }
      await lockouts.succeed(key);
      logger.info('leader signed in', { staffId, ip: req.ip });
      const signedIn = { id: staff.id, name: staff.name, roles: staff.roles };
      return { token: access.newLeaderSession(staffId), staff: signedIn, deviceId: leaderDeviceId(staffId) };
    },

    /** Ends the office's or a leader's session on the hub, and cuts the sockets it opened. */
    signOut: ({ req, principal }) => {
      const token = bearer(req)!;
      access.endSession(token);
      ctx.io()?.in(sessionRoom(token)).disconnectSockets(true);
      logger.info('signed out', { who: principal.kind === 'leader' ? principal.staffId : 'office', ip: req.ip });
      return { ok: true };
    },

    staffSignIn: async ({ principal: p, body: { staffId, pin } }) => {
      const key = lockKeys.staff(staffId);
      limited(logger, lockouts, key, OFFICE_UNLOCKS);
      const staff = rosters.roster.staff.find((s) => s.id === staffId && s.active);
      if (!staff || !access.verifyStaffPin(staffId, pin)) {
        await lockouts.fail(key);
        logger.warn('PIN refused', { staffId, deviceId: p.device.id });
        // Locked now: this tablet's standing sign-in for them ends too, so a guesser holding the tablet gains nothing.
        if (lockouts.retryAfter(key) > 0 && (await access.endGrant(p.device.id, staffId))) {
          logger.warn('tablet sign-in ended by lock-out', { staffId, deviceId: p.device.id });
        }
        throw new HttpProblem(401, problem('bad_pin'));
      }
      await lockouts.succeed(key);
      const offlineUntil = await access.grantStaff(p.device.id, staffId, ctx.today());
      logger.info('staff signed in', { staffId, deviceId: p.device.id, offlineUntil });
      return { staff: { id: staff.id, name: staff.name, roles: staff.roles }, offlineUntil };
    },

    /** SN2: the duty leader's PIN for one override at a tablet; the same lock-out as their sign-ins. */
    verifyLeader: async ({ principal: p, body: { staffId, pin, studentId } }) => {
      const key = lockKeys.staff(staffId);
      limited(logger, lockouts, key, OFFICE_UNLOCKS);
      const staff = rosters.roster.staff.find((s) => s.id === staffId && s.active && s.roles.includes('duty_leader'));
      if (!staff || !access.verifyStaffPin(staffId, pin)) {
        await lockouts.fail(key);
        logger.warn('leader override PIN refused', { staffId, deviceId: p.device.id });
        throw new HttpProblem(401, problem('bad_pin'));
      }
      await lockouts.succeed(key);
      await ctx.grantOverride(p.device.id, staffId, studentId);
      logger.info('leader override allowed', { staffId, studentId, deviceId: p.device.id });
      return { staff: { id: staff.id, name: staff.name } };
    },

    staffPin: async ({ params: { id }, body: { pin } }) => {
      if (!rosters.roster.staff.some((s) => s.id === id)) throw new HttpProblem(404, problem('not_found', id));
      const weak = newPinProblem(pin, id);
      if (weak) throw new HttpProblem(400, problem(weak));
      await access.setStaffPin(id, pin);
      logger.info('PIN reset', { staffId: id });
      return { ok: true };
    },

    staffUnlock: async ({ params: { id } }) => {
      if (!rosters.roster.staff.some((s) => s.id === id)) throw new HttpProblem(404, problem('not_found', id));
      const wasLocked = await lockouts.clear(lockKeys.staff(id));
      logger.info('PIN unlocked', { staffId: id, wasLocked });
      return { ok: true, wasLocked };
    },
  };
}
