/**
 * Scheduled moves (issue #17, RM1 in core/SPEC.md): "from Monday 12月7日, 张三 moves to 一年级2班". The office's
 * student sheet keeps a class or group change for a later day in the roster (`scheduledMoves`); the hub applies
 * each when its own day (the injected clock, in the school's time zone) reaches the move's `from`: at start, and
 * on a look every minute, as the daily backup and the purge look for their day (hub/autoBackup.ts). Applying is
 * an edit like any other (hub/roster/commitEdit.ts): in the history in the name of the clerk who entered the
 * move, every kiosk told at once.
 */
import { DEFAULT_CHECK } from '../../core/checkEvent';
import type { Roster, ScheduledMove, Student } from '../../core/roster';
import type { HubContext } from '../hubContext';
import type { EditDeps } from './commitEdit';
import { commitRosterEdit } from './commitEdit';

/** how often the hub looks whether its day has reached a move's `from` */
export const MOVE_CHECK_MS = 60_000;
/** a move may be scheduled at most this many days ahead: the window leave may be entered in (core/checkEvent.ts) */
export const MOVE_AHEAD_DAYS = DEFAULT_CHECK.maxFutureDays;

/** The child as the move leaves them: the class (the grade follows it) and/or the group. */
export function movedStudent(
  roster: Roster,
  student: Student,
  move: Pick<ScheduledMove, 'classId' | 'groupId'>,
): Student {
  const klass = move.classId !== undefined ? roster.classes.find((c) => c.id === move.classId) : undefined;
  return {
    ...student,
    ...(klass ? { classId: klass.id, grade: klass.grade } : {}),
    ...(move.groupId !== undefined ? { groupId: move.groupId } : {}),
  };
}

/** The roster with the moves of clerk `by` due on `today` applied and taken off the list. */
export function applyDue(roster: Roster, today: string, by: string): { roster: Roster; applied: ScheduledMove[] } {
  const applied = roster.scheduledMoves.filter((m) => m.from <= today && m.by === by);
  if (applied.length === 0) return { roster, applied };
  const byStudent = new Map(applied.map((m) => [m.studentId, m]));
  return {
    roster: {
      ...roster,
      students: roster.students.map((s) => {
        const m = byStudent.get(s.id);
        return m ? movedStudent(roster, s, m) : s;
      }),
      scheduledMoves: roster.scheduledMoves.filter((m) => !applied.includes(m)),
    },
    applied,
  };
}

export function startScheduledMoves(
  ctx: EditDeps & Pick<HubContext, 'today'>,
  opts: {
    /** the minute's look; tests pass their own and call `tick` */
    every?: (fn: () => void, ms: number) => () => void;
  } = {},
) {
  const { rosters, logger } = ctx;
  let running: Promise<number> | null = null;

  /** Applies every move due by the hub's today, one save per clerk; resolves to how many were applied. */
  async function applyAll(): Promise<number> {
    const today = ctx.today();
    const clerks = [...new Set(rosters.roster.scheduledMoves.filter((m) => m.from <= today).map((m) => m.by))];
    let count = 0;
    for (const by of clerks) {
      const { roster, applied } = applyDue(rosters.roster, today, by);
      if (applied.length === 0) continue;
      const nos = applied.map((m) => rosters.roster.students.find((s) => s.id === m.studentId)?.studentNo);
      await commitRosterEdit(ctx, roster, {
        by,
        msg: 'roster scheduled move applied',
        fields: { studentNos: nos, from: applied.map((m) => m.from), today },
        who: { by: 'schedule' },
      });
      count += applied.length;
    }
    return count;
  }

  /** one look at a time: a minute's look never runs beside a slow save of the one before */
  const tick = (): Promise<number> => {
    running ??= applyAll().finally(() => {
      running = null;
    });
    return running;
  };
  const safeTick = () => {
    tick().catch((err: unknown) => logger.error('scheduled moves not applied', { error: String(err) }));
  };
  const every =
    opts.every ??
    ((fn: () => void, ms: number) => {
      const t = setInterval(fn, ms);
      t.unref();
      return () => clearInterval(t);
    });
  safeTick();
  const stop = every(safeTick, MOVE_CHECK_MS);
  return { tick, stop };
}
export type ScheduledMoves = ReturnType<typeof startScheduledMoves>;
