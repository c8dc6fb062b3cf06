/**
 * Privacy (docs/privacy.md): what the hub keeps and for how long, erasing one child (a preview, then a second,
 * confirmed step), and one child's records for an access request (个人信息查阅).
 */
import { randomUUID } from 'node:crypto';
import type { CustodyEvent } from '../../core/events';
import { problem } from '../../core/messages';
import { applyErasure, exportTable, planErasure } from '../erasure';
import type { HubContext } from '../hubContext';
import type { AreaHandlers } from '../http';
import { HttpProblem, sendFile } from '../http';
import { toCsv, toXlsx } from '../reports/exportTable';
import type { FileOps, ManagedEventLog, startRetention } from '../retention';
import { appendAudit, isBusy, retentionStart } from '../retention';

type Privacy = 'privacyStatus' | 'erasurePreview' | 'erasureApply' | 'privacyExport';

const PREVIEW_MS = 15 * 60_000;

export interface PrivacyDeps {
  log: ManagedEventLog<CustodyEvent>;
  retention: ReturnType<typeof startRetention> | null;
  ops?: FileOps;
}

export function privacyRoutes(ctx: HubContext, deps: PrivacyDeps): AreaHandlers<Privacy> {
  const { rosters, clock, logger } = ctx;
  const previews = new Map<string, { studentId: string; at: number }>();

  const dataDir = () => {
    if (!ctx.dataDir || !deps.log.inFiles) throw new HttpProblem(404, problem('not_found', 'no data folder'));
    return ctx.dataDir;
  };
  const keepFrom = () => retentionStart(ctx.today(), rosters.roster.settings.retentionSchoolYears);
  const studentOf = (id: string) => {
    const s = rosters.roster.students.find((x) => x.id === id);
    if (!s) throw new HttpProblem(404, problem('unknown_student', id));
    return s;
  };
  const busy = (err: unknown): never => {
    if (isBusy(err)) {
      logger.warn('erasure stopped: a file is busy', { error: String(err) });
      throw new HttpProblem(503, {
        ...problem('file_busy'),
        zh: '数据文件被其他程序占用（如杀毒或备份软件），该学生仍在花名册中，请稍后再删除一次',
        en: 'A data file is held open by another program (antivirus, backup): the child is still on the roster; erase again shortly',
      });
    }
    throw err;
  };

  return {
    privacyStatus: async () => {
      const days = await deps.log.days();
      const last = deps.retention?.last() ?? null;
      return {
        today: ctx.today(),
        retentionSchoolYears: rosters.roster.settings.retentionSchoolYears,
        keepFrom: keepFrom(),
        oldestDay: days[0] ?? null,
        dayFiles: days.length,
        lastPurge: last
          ? { today: last.today, keepFrom: last.keepFrom, deletedDays: last.deletedDays.length, busy: last.busy.length }
          : null,
      };
    },

    erasurePreview: async ({ body: { studentId } }) => {
      const dir = dataDir();
      studentOf(studentId);
      const plan = await planErasure(dir, rosters.roster, studentId);
      if (!plan) throw new HttpProblem(404, problem('unknown_student', studentId));
      for (const [id, p] of previews) if (clock() - p.at > PREVIEW_MS) previews.delete(id);
      const previewId = randomUUID();
      previews.set(previewId, { studentId, at: clock() });
      const s = plan.student;
      const person = (g: { name: string; relation: string }) => ({ name: g.name, relation: g.relation });
      return {
        previewId,
        expiresAt: clock() + PREVIEW_MS,
        student: {
          studentNo: s.studentNo,
          name: s.name,
          className: rosters.roster.classes.find((c) => c.id === s.classId)?.name ?? '',
          groupName: rosters.roster.groups.find((g) => g.id === s.groupId)?.name ?? '',
        },
        events: plan.days.reduce((n, d) => n + d.removed, 0),
        edited: plan.days.reduce((n, d) => n + d.edited, 0),
        days: plan.days.map((d) => ({ day: d.day, removed: d.removed, edited: d.edited })),
        guardiansRemoved: plan.guardiansRemoved.map(person),
        guardiansKept: plan.guardiansKept.map(person),
        files: [
          'school.json',
          ...(plan.inBackup ? ['school.json.bak'] : []),
          ...plan.days.map((d) => `events/${d.day}.ndjson`),
          ...plan.setAside,
        ],
        untouched: plan.others,
      };
    },

    erasureApply: async ({ req, body: { previewId, studentNo, operator } }) => {
      const dir = dataDir();
      const preview = previews.get(previewId);
      if (!preview || clock() - preview.at > PREVIEW_MS) {
        throw new HttpProblem(404, {
          ...problem('not_found'),
          zh: '预览已过期或不存在，请重新预览，未删除任何数据',
          en: 'The preview expired or does not exist: preview again; nothing was erased',
        });
      }
      const student = studentOf(preview.studentId);
      if (student.studentNo !== studentNo) {
        throw new HttpProblem(400, {
          ...problem('malformed'),
          zh: '输入的学号与所选学生不符，未删除任何数据',
          en: 'The 学号 typed does not match the child chosen: nothing was erased',
        });
      }
      const result = await deps.log
        .maintain(() =>
          applyErasure({
            dataDir: dir,
            rosters,
            studentId: student.id,
            ...(deps.ops ? { ops: deps.ops } : {}),
          }),
        )
        .catch(busy);
      if (!result) throw new HttpProblem(404, problem('unknown_student', preview.studentId));
      previews.delete(previewId);
      // Who erased which 学号, when and from where: never the child's name or id.
      await appendAudit(dir, {
        at: new Date(clock()).toISOString(),
        action: 'erase',
        studentNo: student.studentNo,
        by: 'office',
        operator,
        ip: req.ip,
        removedEvents: result.removedEvents,
        editedEvents: result.editedEvents,
        days: result.days,
      });
      logger.info('student erased', { removedEvents: result.removedEvents, days: result.days, ip: req.ip });
      ctx.rosterChanged();
      return {
        ok: true,
        version: rosters.version,
        studentNo: student.studentNo,
        removedEvents: result.removedEvents,
        editedEvents: result.editedEvents,
        days: result.days,
        files: result.files,
      };
    },

    privacyExport: async ({ req, res, params }) => {
      const dir = dataDir();
      const student = studentOf(params.id);
      const table = await exportTable(dir, rosters.roster, student, keepFrom(), clock());
      const format = req.query.format === 'csv' || req.query.format === 'json' ? req.query.format : 'xlsx';
      const name = encodeURIComponent(`个人信息查阅-${student.studentNo}.${format}`);
      const type =
        format === 'csv'
          ? 'text/csv; charset=utf-8'
          : format === 'json'
            ? 'application/json; charset=utf-8'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      const data =
        format === 'csv' ? toCsv(table) : format === 'json' ? JSON.stringify(table, null, 2) : await toXlsx(table);
      logger.info('student records exported', { format, ip: req.ip });
      return sendFile(
        res,
        { 'Content-Type': type, 'Content-Disposition': `attachment; filename*=UTF-8''${name}` },
        data,
      );
    },
  };
}
