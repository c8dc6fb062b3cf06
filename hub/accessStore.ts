/**
 * Who may do what: paired kiosks with revocable tokens, one-time pairing codes, staff PINs and the office's
 * admin password. Kept in its own lowdb file beside the roster; only hashes are stored.
 */
import { Low } from 'lowdb';
import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { PairingCodeInfo } from '../core/contract';
import { AssignedStationSchema } from '../core/stations';
import { addDays, DAY_PATTERN } from '../core/time';
import { DurableJsonFile } from './store/durableJsonFile';
import type { PasswordHash } from './secrets';
import { hashSecret, newAdminPassword, newPairingCode, newToken, tokenHash, verifySecret } from './secrets';

const Hash = z.object({ salt: z.string(), hash: z.string() });

const DeviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  tokenHash: z.string(),
  pairedAt: z.number(),
  revokedAt: z.number().nullable(),
  /** the station the office assigned (classroom, care room, gate) and its class or group (core/stations.ts) */
  station: AssignedStationSchema.nullable().default(null),
  /** when the token in use was issued (pairing, or the last rotation); records before rotation have pairedAt */
  tokenIssuedAt: z.number().optional(),
  /**
   * A new token the tablet asked for and has not used yet. Both work until the tablet uses the new one, so a
   * lost answer or a tablet that dies before saving it never locks the tablet out; then the old one stops.
   */
  nextTokenHash: z.string().nullable().default(null),
  /** a kiosk, or a gate board (BD1) whose token reads the board and nothing else */
  kind: z.enum(['kiosk', 'board']).default('kiosk'),
});
export type DeviceRecord = z.infer<typeof DeviceSchema>;

const PairingCodeSchema = z.object({
  /** what the office's list and its cancel name a code by; never the code itself, which is stored only hashed */
  id: z.string().default(() => randomUUID()),
  codeHash: z.string(),
  createdAt: z.number(),
  expiresAt: z.number(),
  /** the demo's code pairs any number of tablets while the demo lasts; real codes pair one */
  multiUse: z.boolean().default(false),
  usedAt: z.number().nullable().default(null),
  /** the tablet a single-use code paired */
  deviceId: z.string().nullable().default(null),
  cancelledAt: z.number().nullable().default(null),
  /** pairs a gate board (BD1), and only a board; the other codes pair kiosks only */
  board: z.boolean().default(false),
});
type PairingCodeRecord = z.infer<typeof PairingCodeSchema>;

/**
 * A teacher proved their PIN to the hub on this tablet: events in their name from this tablet are stored for the
 * days from `from` to `until`. Offline, the tablet checks the PIN itself against the verifier it saved at that same
 * sign-in, so its records of those days are the teacher's and are taken when it syncs. `pinSalt` ties the grant to
 * the PIN it was made with: a PIN reset (or the end of the demo's PINs) ends every grant of the old PIN.
 */
const StaffGrantSchema = z.object({
  deviceId: z.string(),
  staffId: z.string(),
  from: z.string().regex(DAY_PATTERN),
  until: z.string().regex(DAY_PATTERN),
  pinSalt: z.string(),
  at: z.number(),
});
type StaffGrant = z.infer<typeof StaffGrantSchema>;

const AccessDocSchema = z.object({
  adminPassword: Hash.nullable().default(null),
  devices: z.array(DeviceSchema).default([]),
  pairingCodes: z.array(PairingCodeSchema).default([]),
  staffPins: z.record(z.string(), Hash).default({}),
  staffGrants: z.array(StaffGrantSchema).default([]),
  /**
   * SN2: the duty leader's PIN checked at tablet `deviceId` for one child's release on `day` (verify-leader). Kept
   * on disk like the staff grants: a release the tablet wrote after the check is taken even if the hub restarted
   * before it arrived.
   */
  overrideGrants: z
    .array(z.object({ deviceId: z.string(), leaderId: z.string(), studentId: z.string(), day: z.string() }))
    .default([]),
  /**
   * Only for the demo school, so the start-up banner can show it every time: the one code kept in the clear, and
   * only while the demo lasts (endDemo clears it with the code itself and the demo's PINs).
   */
  demoPairingCode: z.string().nullable().default(null),
  /** the demo school's code and PINs are in place; a real roster import ends them (endDemo) */
  demoRunning: z.boolean().default(false),
  /**
   * The school's card key: tablets and leaders get the HMAC of each card id under it, never the id (core/cardHash.ts).
   * Made on first start; sent to paired tablets with the roster so they can hash what they scan.
   */
  cardKey: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable()
    .default(null),
});
type AccessDoc = z.infer<typeof AccessDocSchema>;

/**
 * How many days, counting the day of sign-in, a tablet may record in a teacher's name after one sign-in the hub
 * checked. A week, not a day: the office PC that runs the hub is sometimes off for a day, and the tablets' records
 * of that day must still be taken when it is back. Every online sign-in starts the week again.
 */
export const OFFLINE_GRANT_DAYS = 7;

/**
 * A tablet's token is replaced once it is this old (the tablet asks, `POST /api/device/token`): a token copied off
 * a tablet, or out of a backup of one, stops working within a month even if nobody notices the copy.
 */
export const TABLET_TOKEN_MS = 30 * 86_400_000;

/** The longest an office or leader session lasts, however busy. */
export const ADMIN_SESSION_MS = 12 * 3_600_000;
/** The office's session ends after 30 minutes without a request: the office PC is shared and often left open. */
export const OFFICE_IDLE_MS = 30 * 60_000;
/**
 * A duty leader's ends after 4 hours without one. Their page asks the hub every few seconds while it is open, so
 * this counts only while the phone sleeps in a pocket: the whole after-school dismissal (about three hours) fits,
 * and a phone left signed in is closed by the evening.
 */
export const LEADER_IDLE_MS = 4 * 3_600_000;

/** An office or leader session: it ends at `expires` or `idleMs` after `lastUsed`, whichever comes first. */
interface Session {
  expires: number;
  lastUsed: number;
  idleMs: number;
}
/** An office code pairs one tablet within 15 minutes. */
export const PAIRING_CODE_MS = 15 * 60_000;
/** Used, cancelled and expired codes stay in the office's list this long, then are forgotten. */
export const PAIRING_CODE_LISTED_MS = 7 * 86_400_000;

/** When a code stopped pairing (or will): cancelled, used once, or expired. */
function endedAt(p: PairingCodeRecord): number {
  return Math.min(p.expiresAt, p.cancelledAt ?? Infinity, p.multiUse ? Infinity : (p.usedAt ?? Infinity));
}

export class AccessStore {
  private readonly adminSessions = new Map<string, Session>();
  /** duty leaders signed in on their phones: token hash → staff id and expiry */
  private readonly leaderSessions = new Map<string, Session & { staffId: string }>();
  private readonly byTokenHash = new Map<string, DeviceRecord>();

  private constructor(
    private readonly db: Low<AccessDoc>,
    private readonly clock: () => number,
  ) {
    this.reindex();
  }

  static async open(file: string | null, clock: () => number): Promise<AccessStore> {
    const adapter = file ? new DurableJsonFile<AccessDoc>(file) : { read: async () => null, write: async () => {} };
    const db = new Low<AccessDoc>(adapter, AccessDocSchema.parse({}));
    await db.read();
    db.data = AccessDocSchema.parse(db.data ?? {});
    if (db.data.cardKey === null) {
      db.data.cardKey = randomBytes(32).toString('hex');
      await db.write();
    }
    return new AccessStore(db, clock);
  }

  /** The key the roster's card hashes are made with (core/cardHash.ts). */
  get cardKey(): string {
    return this.db.data.cardKey!;
  }

  private reindex() {
    this.byTokenHash.clear();
    for (const d of this.db.data.devices) {
      this.byTokenHash.set(d.tokenHash, d);
      if (d.nextTokenHash) this.byTokenHash.set(d.nextTokenHash, d);
    }
  }

  /** Sets the admin password from the environment, or makes one on first start and returns it to print once. */
  async ensureAdminPassword(fromEnv: string | undefined): Promise<{ generated?: string }> {
    if (fromEnv) {
      if (!this.db.data.adminPassword || !verifySecret(fromEnv, this.db.data.adminPassword)) {
        this.db.data.adminPassword = hashSecret(fromEnv);
        await this.db.write();
      }
      return {};
    }
    if (this.db.data.adminPassword) return {};
    const generated = newAdminPassword();
    this.db.data.adminPassword = hashSecret(generated);
    await this.db.write();
    return { generated };
  }

  verifyAdminPassword(password: string): boolean {
    const stored = this.db.data.adminPassword;
    return stored !== null && verifySecret(password, stored);
  }

  private newSession(idleMs: number): Session {
    const now = this.clock();
    return { expires: now + ADMIN_SESSION_MS, lastUsed: now, idleMs };
  }

  /** Whether a session is still live; a live one counts as used now (the idle time starts again). */
  private used<S extends Session>(sessions: Map<string, S>, hash: string): S | null {
    const s = sessions.get(hash);
    const now = this.clock();
    if (!s) return null;
    if (s.expires <= now || s.lastUsed + s.idleMs <= now) {
      sessions.delete(hash);
      return null;
    }
    s.lastUsed = now;
    return s;
  }

  newAdminSession(): string {
    const token = newToken();
    this.adminSessions.set(tokenHash(token), this.newSession(OFFICE_IDLE_MS));
    return token;
  }

  isAdminSession(token: string): boolean {
    return this.used(this.adminSessions, tokenHash(token)) !== null;
  }

  newLeaderSession(staffId: string): string {
    const token = newToken();
    this.leaderSessions.set(tokenHash(token), { ...this.newSession(LEADER_IDLE_MS), staffId });
    return token;
  }

  leaderForToken(token: string): string | null {
    return this.used(this.leaderSessions, tokenHash(token))?.staffId ?? null;
  }

  /** Signing out: the office's or a leader's token stops working at once. False if it was no live session. */
  endSession(token: string): boolean {
    const hash = tokenHash(token);
    return this.adminSessions.delete(hash) || this.leaderSessions.delete(hash);
  }

  async createPairingCode(
    opts: { ttlMs?: number; multiUse?: boolean; board?: boolean } = {},
  ): Promise<{ code: string; expiresAt: number }> {
    const code = newPairingCode();
    const now = this.clock();
    const expiresAt = now + (opts.ttlMs ?? PAIRING_CODE_MS);
    this.db.data.pairingCodes = this.db.data.pairingCodes.filter((p) => endedAt(p) > now - PAIRING_CODE_LISTED_MS);
    this.db.data.pairingCodes.push(
      PairingCodeSchema.parse({
        codeHash: tokenHash(code),
        createdAt: now,
        expiresAt,
        multiUse: opts.multiUse ?? false,
        board: opts.board ?? false,
      }),
    );
    await this.db.write();
    return { code, expiresAt };
  }

  /** The codes made in the last week, newest first: never the code, never its hash. */
  pairingCodes(): PairingCodeInfo[] {
    return this.db.data.pairingCodes.map(({ codeHash: _h, ...p }) => p).sort((a, b) => b.createdAt - a.createdAt);
  }

  /** The office cancels a code before it is used; `spent` when it can no longer pair anyway (used, expired, cancelled). */
  async cancelPairingCode(id: string): Promise<'cancelled' | 'not_found' | 'spent'> {
    const p = this.db.data.pairingCodes.find((x) => x.id === id);
    if (!p) return 'not_found';
    if (!this.usable(p, this.clock())) return 'spent';
    p.cancelledAt = this.clock();
    if (p.multiUse) this.db.data.demoPairingCode = null;
    await this.db.write();
    return 'cancelled';
  }

  private usable(p: PairingCodeRecord, now: number): boolean {
    return p.cancelledAt === null && p.expiresAt > now && (p.multiUse || p.usedAt === null);
  }

  async setDemoPairingCode(code: string) {
    this.db.data.demoPairingCode = code;
    this.db.data.demoRunning = true;
    await this.db.write();
  }

  /** The demo's code for the start-up banner, while it still pairs. */
  get demoPairingCode(): string | null {
    const code = this.db.data.demoPairingCode;
    if (code === null) return null;
    const entry = this.db.data.pairingCodes.find((p) => p.codeHash === tokenHash(code));
    return entry && this.usable(entry, this.clock()) ? code : null;
  }

  /**
   * The demo is over (a real roster was imported): its pairing code stops pairing and is forgotten, and every PIN
   * that is still the demo's PIN is removed, so nothing printed at start-up or written in the README opens a real
   * school. Tablets already paired stay paired (the office revokes them if it wants). True when anything changed.
   */
  async endDemo(demoPin: string): Promise<boolean> {
    // access.json written before demoRunning existed: the demo ran if its code was kept
    if (!this.db.data.demoRunning && this.db.data.demoPairingCode === null) return false;
    const now = this.clock();
    const demoCodes = this.db.data.pairingCodes.filter((p) => p.multiUse && p.cancelledAt === null);
    const demoHashes = new Map<string, boolean>();
    const isDemoPin = (h: PasswordHash) => {
      const key = `${h.salt}:${h.hash}`;
      if (!demoHashes.has(key)) demoHashes.set(key, verifySecret(demoPin, h));
      return demoHashes.get(key)!;
    };
    const demoPins = Object.entries(this.db.data.staffPins).filter(([, h]) => isDemoPin(h));
    for (const p of demoCodes) p.cancelledAt = now;
    for (const [staffId] of demoPins) delete this.db.data.staffPins[staffId];
    this.db.data.demoPairingCode = null;
    this.db.data.demoRunning = false;
    await this.db.write();
    return true;
  }

  /** What a code that still pairs pairs (a kiosk or a gate board), or null: so a mix-up can be said in words. */
  pairingCodeKind(code: string): DeviceRecord['kind'] | null {
    const hash = tokenHash(code.trim().toUpperCase());
    const entry = this.db.data.pairingCodes.find((p) => p.codeHash === hash);
    return entry && this.usable(entry, this.clock()) ? (entry.board ? 'board' : 'kiosk') : null;
  }

  /**
   * Exchanges a valid pairing code for a device id and token; null when the code is wrong, used or expired, or
   * pairs the other kind (a board's code pairs only a board, a kiosk's only a kiosk; the code stays usable).
   */
  async pair(
    code: string,
    name: string,
    kind: DeviceRecord['kind'] = 'kiosk',
  ): Promise<{ device: DeviceRecord; token: string } | null> {
    const now = this.clock();
    const hash = tokenHash(code.trim().toUpperCase());
    const entry = this.db.data.pairingCodes.find((p) => p.codeHash === hash);
    if (!entry || !this.usable(entry, now) || entry.board !== (kind === 'board')) return null;
    entry.usedAt = now;
    const token = newToken();
    const device: DeviceRecord = {
      id: `${kind}-${randomUUID().slice(0, 8)}`,
      name,
      tokenHash: tokenHash(token),
      pairedAt: now,
      revokedAt: null,
      station: null,
      tokenIssuedAt: now,
      nextTokenHash: null,
      kind,
    };
    if (!entry.multiUse) entry.deviceId = device.id;
    this.db.data.devices.push(device);
    await this.db.write();
    this.reindex();
    return { device, token };
  }

  /** The live device behind a bearer token; revoked or unknown tokens give null. */
  deviceForToken(token: string): DeviceRecord | null {
    const d = this.byTokenHash.get(tokenHash(token));
    return d && d.revokedAt === null ? d : null;
  }

  /** Whether this tablet's token is old enough to be replaced (TABLET_TOKEN_MS). */
  tokenDue(d: DeviceRecord): boolean {
    return this.clock() - (d.tokenIssuedAt ?? d.pairedAt) >= TABLET_TOKEN_MS;
  }

  /** A new token for the tablet; the one it has keeps working until it first uses the new one (useToken). */
  async rotateToken(deviceId: string): Promise<string> {
    const d = this.db.data.devices.find((x) => x.id === deviceId && x.revokedAt === null);
    if (!d) throw new Error(`no live device ${deviceId}`);
    const token = newToken();
    d.nextTokenHash = tokenHash(token);
    await this.db.write();
    this.reindex();
    return token;
  }

  /**
   * The tablet used `token`: if it is the new one it asked for, it becomes its only token and the old one stops
   * working. True when that happened.
   */
  async useToken(token: string): Promise<boolean> {
    const hash = tokenHash(token);
    const d = this.byTokenHash.get(hash);
    if (!d || d.revokedAt !== null || d.nextTokenHash !== hash) return false;
    d.tokenHash = hash;
    d.nextTokenHash = null;
    d.tokenIssuedAt = this.clock();
    await this.db.write();
    this.reindex();
    return true;
  }

  devices(): readonly DeviceRecord[] {
    return this.db.data.devices;
  }

  /** The office renames a tablet or gives it its station; the kiosk takes the station when it is next set up. */
  async updateDevice(
    id: string,
    patch: { name?: string; station?: DeviceRecord['station'] },
  ): Promise<DeviceRecord | null> {
    const d = this.db.data.devices.find((x) => x.id === id);
    if (!d) return null;
    if (patch.name !== undefined) d.name = patch.name;
    if (patch.station !== undefined) d.station = patch.station;
    await this.db.write();
    return d;
  }

  async revokeDevice(id: string): Promise<boolean> {
    const d = this.db.data.devices.find((x) => x.id === id);
    if (!d || d.revokedAt !== null) return false;
    d.revokedAt = this.clock();
    d.nextTokenHash = null;
    this.db.data.staffGrants = this.db.data.staffGrants.filter((g) => g.deviceId !== id);
    await this.db.write();
    return true;
  }

  async setStaffPin(staffId: string, pin: string) {
    this.db.data.staffPins[staffId] = hashSecret(pin);
    await this.db.write();
  }

  async setStaffPins(pins: Record<string, PasswordHash>) {
    Object.assign(this.db.data.staffPins, pins);
    await this.db.write();
  }

  /**
   * After the hub checked `staffId`'s PIN on tablet `deviceId` on `today`: that tablet may record in their name
   * until the grant's last day, which it returns. A grant still running from the day before is extended, not
   * replaced, so records made offline before this sign-in and not yet sent are still taken.
   */
  async grantStaff(deviceId: string, staffId: string, today: string): Promise<string> {
    const pinSalt = this.db.data.staffPins[staffId]?.salt;
    if (pinSalt === undefined) throw new Error(`no PIN for ${staffId}`);
    const old = this.db.data.staffGrants.find((g) => g.deviceId === deviceId && g.staffId === staffId);
    const runs = old !== undefined && old.pinSalt === pinSalt && old.until >= addDays(today, -1) && old.from <= today;
    const grant: StaffGrant = {
      deviceId,
      staffId,
      from: runs ? old.from : today,
      until: addDays(today, OFFLINE_GRANT_DAYS - 1),
      pinSalt,
      at: this.clock(),
    };
    // Grants that ended more than a week ago are of no use to anyone: dropped so the file stays small.
    const stale = addDays(today, -OFFLINE_GRANT_DAYS);
    this.db.data.staffGrants = [...this.db.data.staffGrants.filter((g) => g !== old && g.until >= stale), grant];
    await this.db.write();
    return grant.until;
  }

  /** SN2: the leader's PIN was checked at this tablet for this child today; written before the tablet is told so. */
  async grantOverride(deviceId: string, leaderId: string, studentId: string, day: string): Promise<void> {
    const stale = addDays(day, -OFFLINE_GRANT_DAYS);
    const kept = this.db.data.overrideGrants.filter(
      (g) =>
        g.day >= stale &&
        !(g.deviceId === deviceId && g.leaderId === leaderId && g.studentId === studentId && g.day === day),
    );
    this.db.data.overrideGrants = [...kept, { deviceId, leaderId, studentId, day }];
    await this.db.write();
  }

  isOverrideGranted(deviceId: string, leaderId: string, studentId: string, day: string): boolean {
    return this.db.data.overrideGrants.some(
      (g) => g.deviceId === deviceId && g.leaderId === leaderId && g.studentId === studentId && g.day === day,
    );
  }

  /** Whether tablet `deviceId` may record in `staffId`'s name on `day`: a grant of their current PIN covers it. */
  isGranted(deviceId: string, staffId: string, day: string): boolean {
    const pinSalt = this.db.data.staffPins[staffId]?.salt;
    return this.db.data.staffGrants.some(
      (g) =>
        g.deviceId === deviceId && g.staffId === staffId && g.pinSalt === pinSalt && g.from <= day && day <= g.until,
    );
  }

  /** A PIN locked out on a tablet ends that tablet's grant for that person: whoever holds it must prove the PIN again. */
  async endGrant(deviceId: string, staffId: string): Promise<boolean> {
    const before = this.db.data.staffGrants.length;
    this.db.data.staffGrants = this.db.data.staffGrants.filter(
      (g) => !(g.deviceId === deviceId && g.staffId === staffId),
    );
    if (this.db.data.staffGrants.length === before) return false;
    await this.db.write();
    return true;
  }

  verifyStaffPin(staffId: string, pin: string): boolean {
    const stored = this.db.data.staffPins[staffId];
    return stored !== undefined && verifySecret(pin, stored);
  }
}
