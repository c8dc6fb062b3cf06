/**
 * The roster editor (issue #17): one student or guardian at a time, short of re-importing the whole file. Fix a
 * name, move a child to another class or group, add one newcomer (a card id made as an import makes one), mark a
 * child who left (their card revoked, as an import's removal does), change a guardian's phone. Each change is in
 * the name of the clerk chosen on the page, logged with who, when and from where, checked against the whole
 * roster before anything is written, and pushed to every kiosk and page as an import is (ctx.rosterChanged).
 */
import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import { CARD_RANDOM_BYTES, makeCardId } from '../../core/cardId';
import { problem } from '../../core/messages';
import type { Guardian, Roster, ScheduledMove, Student } from '../../core/roster';
import { NO_SAFETY_NOTES } from '../../core/roster';
import { addDays, DAY_PATTERN, isValidDay } from '../../core/time';
import type { HubContext } from '../hubContext';
import type { AreaHandlers } from '../http';
import { HttpProblem } from '../http';
import { clerkOf, commitRosterEdit, refused } from '../roster/commitEdit';
import { pinyinInitials } from '../roster/initials';
import { MOVE_AHEAD_DAYS } from '../roster/scheduledMoves';

type RosterEditRoutes =
  'rosterStudentAdd' | 'rosterStudentSave' | 'rosterStudentLeave' | 'rosterGuardianSave' | 'rosterMoveCancel';

/** 12月7日, as the office writes a day */
const zhDay = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;

export function rosterEditRoutes(ctx: HubContext): AreaHandlers<RosterEditRoutes> {
  const { rosters, clock } = ctx;

  /** The clerk a change is entered in the name of: someone on the staff list, still working here. */
  const clerk = (staffId: string) => clerkOf(rosters.roster, staffId);
  const studentOf = (id: string) => {
    const s = rosters.roster.students.find((x) => x.id === id);
    if (!s) throw new HttpProblem(404, problem('unknown_student', id));
    return s;
  };
  const classOf = (classId: string) => {
    const c = rosters.roster.classes.find((x) => x.id === classId);
    if (!c) throw refused(400, 'malformed', '没有这个班级，未保存', 'No such class: nothing was saved', classId);
    return c;
  };
  const groupOk = (groupId: string | null) => {
    if (groupId !== null && !rosters.roster.groups.some((g) => g.id === groupId))
      throw new HttpProblem(400, { ...problem('unknown_group', groupId), zh: '没有这个课后服务班，未保存' });
  };
  /** 学号 are the school's own key (an import matches on them): two children never share one. */
  const uniqueNo = (studentNo: string, except?: string) => {
    const other = rosters.roster.students.find((s) => s.studentNo === studentNo && s.id !== except);
    if (other)
      throw refused(
        409,
        'malformed',
        `学号 ${studentNo} 已属于 ${other.name}，未保存`,
        `学号 ${studentNo} already belongs to another child: nothing was saved`,
      );
  };

  /** Every change goes through hub/roster/commitEdit.ts, the scheduled moves' path too, in the clerk's name. */
  const commit = (req: Request, next: Roster, staffId: string, msg: string, fields: Record<string, unknown>) =>
    commitRosterEdit(ctx, next, {
      by: rosters.roster.staff.find((x) => x.id === staffId)?.name ?? staffId,
      msg,
      fields,
      who: { by: 'office', staffId, ip: req.ip },
    });

  /**
   * 生效日期 (RM1): the hub's today or a later day up to the leave window (120 days); a past day is refused,
   * as is one too far ahead or one the calendar has not got (2月30日).
   */
  const effectiveDay = (from: string, today: string) => {
    if (!DAY_PATTERN.test(from) || !isValidDay(from))
      throw refused(
        400,
        'malformed',
        `生效日期 ${from} 不是有效日期，未保存`,
        `${from} is not a date: nothing was saved`,
      );
    if (from < today)
      throw refused(
        400,
        'malformed',
        `生效日期 ${zhDay(from)} 已经过去（今天是 ${zhDay(today)}），未保存`,
        `The date ${from} has passed (today is ${today}): nothing was saved`,
      );
    const last = addDays(today, MOVE_AHEAD_DAYS);
    if (from > last)
      throw refused(
        400,
        'malformed',
        `生效日期 ${zhDay(from)} 太远：最多提前 ${MOVE_AHEAD_DAYS} 天（到 ${zhDay(last)}），未保存`,
        `The date ${from} is more than ${MOVE_AHEAD_DAYS} days ahead (last ${last}): nothing was saved`,
      );
  };

  return {
    /**
     * With `from` later than the hub's today, the class and group change is kept as a scheduled move (RM1), one
     * per child (a later one replaces it), and applied on that day by hub/roster/scheduledMoves.ts; anything else
     * in the save (a name, the way home) is saved now. A class or group changed now drops a pending move.
     */
    rosterStudentSave: async ({ req, params: { id }, body }) => {
      const { staffId, from, ...fields } = body;
      const who = clerk(staffId);
      const before = studentOf(id);
      const today = ctx.today();
      if (from !== undefined) effectiveDay(from, today);
      const later = from !== undefined && from > today;
      const { classId, groupId, ...rest } = fields;
      const patch: typeof fields = later ? rest : fields;
      if (patch.studentNo !== undefined) uniqueNo(patch.studentNo, id);
      if (classId !== undefined) classOf(classId);
      if (groupId !== undefined) groupOk(groupId);
      const klass = patch.classId !== undefined ? classOf(patch.classId) : undefined;
      const after: Student = {
        ...before,
        ...patch,
        ...(klass ? { grade: klass.grade } : {}),
        ...(patch.name !== undefined ? { initials: pinyinInitials(patch.name) } : {}),
      };
      const changed: string[] = (Object.keys(patch) as (keyof typeof patch)[]).filter(
        (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
      );
      const roster = rosters.roster;
      const pending = roster.scheduledMoves.find((m) => m.studentId === id);
      const move: ScheduledMove | undefined =
        later &&
        ((classId !== undefined && classId !== before.classId) || (groupId !== undefined && groupId !== before.groupId))
          ? {
              studentId: id,
              from,
              ...(classId !== undefined && classId !== before.classId ? { classId } : {}),
              ...(groupId !== undefined && groupId !== before.groupId ? { groupId } : {}),
              by: who.name,
              at: clock(),
            }
          : undefined;
      const movedNow = changed.includes('classId') || changed.includes('groupId');
      const moves = move
        ? [...roster.scheduledMoves.filter((m) => m !== pending), move]
        : movedNow && pending
          ? roster.scheduledMoves.filter((m) => m !== pending)
          : roster.scheduledMoves;
      if (move) changed.push('scheduledMove');
      else if (moves !== roster.scheduledMoves) changed.push('scheduledMoveDropped');
      if (changed.length === 0) return { ok: true, version: rosters.version, student: before };
      const saved = await commit(
        req,
        { ...roster, students: roster.students.map((s) => (s.id === id ? after : s)), scheduledMoves: moves },
        staffId,
        move && changed.length === 1 ? 'roster move scheduled' : 'roster student changed',
        { studentNo: after.studentNo, fields: changed, ...(move ? { from: move.from } : {}) },
      );
      return {
        ok: true,
        version: rosters.version,
        student: saved.students.find((s) => s.id === id)!,
        ...(move ? { scheduled: saved.scheduledMoves.find((m) => m.studentId === id)! } : {}),
      };
    },

    /** 取消: the child's scheduled move is dropped, an edit in the clerk's name like any other. */
    rosterMoveCancel: async ({ req, params: { id }, body: { staffId } }) => {
      clerk(staffId);
      const student = studentOf(id);
      const roster = rosters.roster;
      const pending = roster.scheduledMoves.find((m) => m.studentId === id);
      if (!pending) return { ok: true, version: rosters.version, cancelled: false };
      await commit(
        req,
        { ...roster, scheduledMoves: roster.scheduledMoves.filter((m) => m !== pending) },
        staffId,
        'roster move cancelled',
        { studentNo: student.studentNo, from: pending.from },
      );
      return { ok: true, version: rosters.version, cancelled: true };
    },

    rosterStudentAdd: async ({ req, body }) => {
      const { staffId, guardian: g, ...fields } = body;
      clerk(staffId);
      uniqueNo(fields.studentNo);
      const klass = classOf(fields.classId);
      groupOk(fields.groupId);
      const roster = rosters.roster;
      // The id and the card as an import makes them (core/rosterImport.ts): s-<学号>, a fresh random card id.
      const taken = new Set(roster.students.map((s) => s.id));
      let id = `s-${fields.studentNo}`;
      for (let n = 2; taken.has(id); n++) id = `s-${fields.studentNo}-${n}`;
      const fresh = () => randomBytes(CARD_RANDOM_BYTES);
      const student: Student = {
        id,
        ...fields,
        initials: pinyinInitials(fields.name),
        grade: klass.grade,
        cardId: makeCardId('student', roster.school.cardTag, fresh()),
        priority: [],
        feeWaiver: false,
        safety: fields.safety ?? NO_SAFETY_NOTES,
      };
      const guardian: Guardian | undefined = g && {
        id: `gd-${id}`,
        ...g,
        studentIds: [id],
        cardId: makeCardId('guardian', roster.school.cardTag, fresh()),
      };
      const saved = await commit(
        req,
        {
          ...roster,
          students: [...roster.students, student],
          guardians: guardian ? [...roster.guardians, guardian] : roster.guardians,
        },
        staffId,
        'roster student added',
        { studentNo: student.studentNo, guardian: Boolean(guardian) },
      );
      return {
        ok: true,
        version: rosters.version,
        student: saved.students.find((s) => s.id === id)!,
        ...(guardian ? { guardian: saved.guardians.find((x) => x.id === guardian.id)! } : {}),
      };
    },

    /**
     * A child who left: off the roster with their card revoked, as when an import no longer lists them; their
     * guardians who collect no other child go too, cards revoked, and a sibling's guardian stays without them.
     * Their past records stay in the log (erasing those is the privacy tab's, docs/privacy.md).
     */
    rosterStudentLeave: async ({ req, params: { id }, body: { studentNo, staffId } }) => {
      clerk(staffId);
      const student = studentOf(id);
      if (student.studentNo !== studentNo)
        throw refused(
          409,
          'malformed',
          '学号与所选学生不符，未做任何更改',
          'The 学号 does not match the child chosen: nothing was changed',
        );
      const roster = rosters.roster;
      const now = clock();
      const mine = roster.guardians.filter((g) => g.studentIds.includes(id));
      const gone = mine.filter((g) => g.studentIds.length === 1);
      const revoked = [student, ...gone]
        .filter((x) => x.cardId !== null)
        .map((x) => ({ cardId: x.cardId!, ownerId: x.id, revokedAt: now }));
      await commit(
        req,
        {
          ...roster,
          students: roster.students.filter((s) => s.id !== id),
          guardians: roster.guardians
            .filter((g) => !gone.includes(g))
            .map((g) => (g.studentIds.includes(id) ? { ...g, studentIds: g.studentIds.filter((x) => x !== id) } : g)),
          revokedCards: [...roster.revokedCards, ...revoked],
        },
        staffId,
        'roster student left',
        { studentNo, revokedCards: revoked.length, guardiansRemoved: gone.length },
      );
      return {
        ok: true,
        version: rosters.version,
        studentNo,
        revokedCards: revoked.length,
        guardiansRemoved: gone.length,
      };
    },

    rosterGuardianSave: async ({ req, params: { id }, body }) => {
      const { staffId, ...patch } = body;
      clerk(staffId);
      const roster = rosters.roster;
      const before = roster.guardians.find((g) => g.id === id);
      if (!before) throw new HttpProblem(404, problem('unknown_guardian', id));
      const after: Guardian = { ...before, ...patch };
      const changed = (Object.keys(patch) as (keyof typeof patch)[]).filter((k) => before[k] !== after[k]);
      if (changed.length === 0) return { ok: true, version: rosters.version, guardian: before };
      const saved = await commit(
        req,
        { ...roster, guardians: roster.guardians.map((g) => (g.id === id ? after : g)) },
        staffId,
        'roster guardian changed',
        { guardianId: id, fields: changed },
      );
      return { ok: true, version: rosters.version, guardian: saved.guardians.find((g) => g.id === id)! };
    },
  };
}
