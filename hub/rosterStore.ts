/** The roster, calendar and settings: small, rarely written, kept whole in one lowdb file. */
import { Low } from 'lowdb';
import type { Roster } from '../core/roster';
import { RosterSchema } from '../core/roster';
import { diffRosters } from '../core/rosterImport';
import { openDemoToday } from './demo/demoSchool';
import { DurableJsonFile } from './store/durableJsonFile';

/** What kind of save replaced a version: an import, a restore from history, an edit in the office, … */
export type RosterChangeKind = 'import' | 'restore' | 'edit' | 'cards' | 'demo' | 'erasure' | 'other';

/** Who saved, when and how: kept with the version the save replaced. */
export interface RosterChangeMeta {
  kind?: RosterChangeKind;
  /** who did it, as a person reads it: 教导处, 命令行 … */
  by?: string;
  /** what it was, in a few words (the file's name, "restored version 7") */
  note?: string;
  /** when (the hub's clock); the store's clock when not given */
  at?: number;
  /** a child erased (hub/erasure.ts): every kept version forgets them too */
  forgetStudentId?: string;
}

/** A version the roster had before a save, and what that save was. */
export interface RosterHistoryEntry {
  version: number;
  roster: Roster;
  /** when it was replaced, by whom and by what kind of save */
  replacedAt: number;
  kind: RosterChangeKind;
  by: string;
  note: string;
  /** students in this version, and the save's changes to them */
  counts: { students: number; added: number; changed: number; removed: number };
}

interface RosterDoc {
  version: number;
  roster: Roster;
  /** the versions before this one, newest first (at most HISTORY_KEEP) */
  history?: RosterHistoryEntry[];
}

/** how many earlier versions are kept */
export const HISTORY_KEEP = 20;

export class RosterStore {
  private constructor(
    private readonly db: Low<RosterDoc | null>,
    private readonly clock: () => number,
  ) {}

  /**
   * Opens the file, or keeps the roster in memory when `file` is null (unit tests). `clock` stamps the history
   * (the hub's clock; the wall clock when not given).
   */
  static async open(
    file: string | null,
    initial?: () => Roster,
    opts: { clock?: () => number } = {},
  ): Promise<RosterStore> {
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
      // An earlier version that no longer reads (an old format) is dropped rather than failing the start.
      const history = (db.data.history ?? []).filter((h) => RosterSchema.safeParse(h.roster).success);
      db.data = { version: db.data.version, roster: parsed.data, history };
    } else if (initial) {
      db.data = { version: 1, roster: initial() };
      await db.write();
    } else {
      throw new Error('no roster: the data folder is empty and no initial roster was given');
    }
    return new RosterStore(db, opts.clock ?? Date.now);
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
    await this.replace(next, { kind: 'demo', by: '演示学校 demo school', note: today, at: now });
    return true;
  }

  /** The versions before this one, newest first. */
  get history(): readonly RosterHistoryEntry[] {
    return this.db.data!.history ?? [];
  }

  /**
   * Every save goes through here, and keeps the version it replaces in the history (the last HISTORY_KEEP) with
   * who, when, what kind of save and its counts. `meta` is optional so every caller's save lands in the history.
   * Saving the same roster again keeps no copy. An erasure (`forgetStudentId`) keeps none either, and takes the
   * child out of every kept version: an erased child must not come back from the history.
   */
  async replace(roster: Roster, meta: RosterChangeMeta = {}): Promise<void> {
    const parsed = RosterSchema.parse(roster);
    const previous = this.db.data!;
    let history = [...(previous.history ?? [])];
    if (meta.forgetStudentId) {
      const id = meta.forgetStudentId;
      history = history.map((h) => ({ ...h, roster: forget(h.roster, id) }));
    } else if (JSON.stringify(previous.roster) !== JSON.stringify(parsed)) {
      const d = diffRosters(previous.roster, parsed);
      history.unshift({
        version: previous.version,
        roster: previous.roster,
        replacedAt: meta.at ?? this.clock(),
        kind: meta.kind ?? 'other',
        by: meta.by ?? '',
        note: meta.note ?? '',
        counts: {
          students: previous.roster.students.length,
          added: d.added.length,
          changed: d.changed.length,
          removed: d.removed.length,
        },
      });
    }
    this.db.data = { version: previous.version + 1, roster: parsed, history: history.slice(0, HISTORY_KEEP) };
    try {
      await this.db.write();
    } catch (err) {
      // Not on disk, so not done: the roster in memory goes back to what the file holds, or the office, the
      // kiosks and the reports would run on a change that vanishes at the next start (Windows: a file held by a
      // scanner past the retries). The caller answers with the error; nothing was changed.
      this.db.data = previous;
      throw err;
    }
  }
}

/** The roster without one child: their entry, the guardians who collect only them, and their revoked cards. */
function forget(roster: Roster, studentId: string): Roster {
  const gone = new Set(
    roster.guardians.filter((g) => g.studentIds.length === 1 && g.studentIds[0] === studentId).map((g) => g.id),
  );
  return {
    ...roster,
    students: roster.students.filter((s) => s.id !== studentId),
    guardians: roster.guardians
      .filter((g) => !gone.has(g.id))
      .map((g) =>
        g.studentIds.includes(studentId) ? { ...g, studentIds: g.studentIds.filter((x) => x !== studentId) } : g,
      ),
    revokedCards: roster.revokedCards.filter((c) => c.ownerId !== studentId && !gone.has(c.ownerId)),
    // a kept version that had a move scheduled for the child (RM1) names them there too; older ones have none
    scheduledMoves: (roster.scheduledMoves ?? []).filter((m) => m.studentId !== studentId),
  };
}
