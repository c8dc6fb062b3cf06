/**
 * The one way the office's roster edits are written (issue #17), shared by the roster editor's routes
 * (hub/routes/rosterEdit.ts) and the scheduled moves the hub applies on their day (hub/roster/scheduledMoves.ts):
 * the whole roster validated (nothing is saved if any of it is wrong), saved with the version it replaces kept in
 * the history as an edit in the clerk's name, every kiosk and page told exactly as after an import, and the change
 * logged with who and when. No child's name or phone number goes into the log: the 学号 and the fields say what.
 */
import type { Problem } from '../../core/messages';
import { problem } from '../../core/messages';
import type { Roster } from '../../core/roster';
import { RosterSchema } from '../../core/roster';
import type { HubContext } from '../hubContext';
import { HttpProblem } from '../http';

export type EditDeps = Pick<HubContext, 'rosters' | 'clock' | 'logger' | 'rosterChanged'>;

/** The clerk a change is entered in the name of: someone on the staff list, still working here; else 400. */
export function clerkOf(roster: Pick<Roster, 'staff'>, staffId: string): Roster['staff'][number] {
  const s = roster.staff.find((x) => x.id === staffId && x.active);
  if (!s) throw new HttpProblem(400, problem('unknown_staff', staffId));
  return s;
}

export const refused = (status: number, code: Problem['code'], zh: string, en: string, detail?: string) =>
  new HttpProblem(status, { code, zh, en, ...(detail ? { detail } : {}) });

export async function commitRosterEdit(
  ctx: EditDeps,
  next: Roster,
  opts: {
    /** the clerk's name, as the history shows it */
    by: string;
    msg: string;
    fields: Record<string, unknown>;
    /** who asked: the office's clerk and address, or the hub's own schedule */
    who: Record<string, unknown>;
  },
): Promise<Roster> {
  const { rosters, clock, logger } = ctx;
  const candidate = RosterSchema.safeParse(next);
  if (!candidate.success) {
    const detail = candidate.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.')}: ${i.message}`)
      .join('; ');
    throw refused(400, 'malformed', '内容不正确，未保存', 'Not saved: the data is not valid', detail);
  }
  // Kept in the roster's history (RosterStore) as an edit, in the clerk's name: the office can see and undo it.
  await rosters.replace(candidate.data, { kind: 'edit', by: opts.by, note: opts.msg, at: clock() });
  ctx.rosterChanged();
  logger.info(opts.msg, {
    ...opts.who,
    at: new Date(clock()).toISOString(),
    version: rosters.version,
    ...opts.fields,
  });
  return candidate.data;
}
