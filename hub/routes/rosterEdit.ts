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
import type { Problem } from '../../core/messages';
import { problem } from '../../core/messages';
import type { Guardian, Roster, Student } from '../../core/roster';
import { RosterSchema } from '../../core/roster';
import type { HubContext } from '../hubContext';
import type { AreaHandlers } from '../http';
import { HttpProblem } from '../http';
import { pinyinInitials } from '../roster/initials';

type RosterEditRoutes = 'rosterStudentAdd' | 'rosterStudentSave' | 'rosterStudentLeave' | 'rosterGuardianSave';

const refused = (status: number, code: Problem['code'], zh: string, en: string, detail?: string) =>
  new HttpProblem(status, { code, zh, en, ...(detail ? { detail } : {}) });

export function rosterEditRoutes(ctx: HubContext): AreaHandlers<RosterEditRoutes> {
  const { rosters, clock, logger } = ctx;

  /** The clerk a change is entered in the name of: someone on the staff list, still working here. */
  const clerk = (staffId: string) => {
    const s = rosters.roster.staff.find((x) => x.id === staffId && x.active);
    if (!s) throw new HttpProblem(400, problem('unknown_staff', staffId));
    return s;
  };
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

  /**
   * The one way a change is written: the whole roster validated (nothing is saved if any of it is wrong), saved,
   * every kiosk and page told exactly as after an import, and the change logged with who and when. No name or
   * phone number goes into the log: the 学号 and the fields changed say what.
   */
  async function commit(req: Request, next: Roster, staffId: string, msg: string, fields: Record<string, unknown>) {
    const candidate = RosterSchema.safeParse(next);
    if (!candidate.success) {
      const detail = candidate.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ');
      throw refused(400, 'malformed', '内容不正确，未保存', 'Not saved: the data is not valid', detail);
    }
    // Kept in the roster's history (RosterStore) as an edit, in the clerk's name: the office can see and undo it.
    const by = rosters.roster.staff.find((x) => x.id === staffId)?.name ?? staffId;
    await rosters.replace(candidate.data, { kind: 'edit', by, note: msg, at: clock() });
    ctx.rosterChanged();
    logger.info(msg, {
      by: 'office',
      staffId,
      ip: req.ip,
      at: new Date(clock()).toISOString(),
      version: rosters.version,
      ...fields,
    });
    return candidate.data;
  }

  return {
    rosterStudentSave: async ({ req, params: { id }, body }) => {
      const { staffId, ...patch } = body;
      clerk(staffId);
      const before = studentOf(id);
      if (patch.studentNo !== undefined) uniqueNo(patch.studentNo, id);
      const klass = patch.classId !== undefined ? classOf(patch.classId) : undefined;
      if (patch.groupId !== undefined) groupOk(patch.groupId);
      const after: Student = {
        ...before,
        ...patch,
        ...(klass ? { grade: klass.grade } : {}),
        ...(patch.name !== undefined ? { initials: pinyinInitials(patch.name) } : {}),
      };
      const changed = (Object.keys(patch) as (keyof typeof patch)[]).filter(
        (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
      );
      if (changed.length === 0) return { ok: true, version: rosters.version, student: before };
      const roster = rosters.roster;
      const saved = await commit(
        req,
        { ...roster, students: roster.students.map((s) => (s.id === id ? after : s)) },
        staffId,
        'roster student changed',
        { studentNo: after.studentNo, fields: changed },
      );
      return { ok: true, version: rosters.version, student: saved.students.find((s) => s.id === id)! };
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
