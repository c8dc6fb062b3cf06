/** The roster, calendar and settings: small, rarely written, kept whole in one lowdb file. */
import { Low } from 'lowdb';
import type { Roster } from '../core/roster';
import { RosterSchema } from '../core/roster';
import { openDemoToday } from './demo/demoSchool';
import { DurableJsonFile } from './store/durableJsonFile';

interface RosterDoc {
  version: number;
  roster: Roster;
}

export class RosterStore {
  private constructor(private readonly db: Low<RosterDoc | null>) {}

  /** Opens the file, or keeps the roster in memory when `file` is null (unit tests). */
  static async open(file: string | null, initial?: () => Roster): Promise<RosterStore> {
    const adapter = file
      ? new DurableJsonFile<RosterDoc | null>(file)
      : { read: async () => null, write: async () => {} };
    const db = new Low<RosterDoc | null>(adapter, null);
    await db.read();
    if (db.data) {
      const parsed = RosterSchema.safeParse(db.data.roster);
      if (!parsed.success) {
        throw new Error(
          `花名册文件无效 / roster file is invalid (${file}): ${parsed.error.issues
            .slice(0, 3)
            .map((i) => `${i.path.join('.')}: ${i.message}`)
            .join('; ')}`,
        );
      }
      db.data = { version: db.data.version, roster: parsed.data };
    } else if (initial) {
      db.data = { version: 1, roster: initial() };
      await db.write();
    } else {
      throw new Error('no roster: the data folder is empty and no initial roster was given');
    }
    return new RosterStore(db);
  }

  get version(): number {
    return this.db.data!.version;
  }

  get roster(): Roster {
    return this.db.data!.roster;
  }

  /**
   * The demo school opens on any day, with a session under way at any hour (hub/demo/demoSchool.ts); `retime`
   * at the hub's start. A real school's calendar is left as the office set it.
   */
  async openDemoDay(today: string, now: number, opts: { retime?: boolean } = {}): Promise<boolean> {
    const next = openDemoToday(this.roster, today, now, opts);
    if (next === this.roster) return false;
    await this.replace(next);
    return true;
  }

  async replace(roster: Roster): Promise<void> {
    const parsed = RosterSchema.parse(roster);
    this.db.data = { version: this.version + 1, roster: parsed };
    await this.db.write();
  }
}
