/** The office's cards (print, reprint) and the one-click backup. */
import { randomBytes } from 'node:crypto';
import { guardianCards, studentCards } from '../../cards/cardData';
import { attachment, cardsAsciiName, cardsFileName } from '../../cards/cardScope';
import { renderCardsPdf } from '../../cards/cardsPdf';
import { CARD_RANDOM_BYTES } from '../../core/cardId';
import { reprintCard } from '../../core/cards';
import { problem } from '../../core/messages';
import { localDay } from '../../core/time';
import { recordDownload } from '../autoBackup';
import { createBackup } from '../backup';
import type { HubContext } from '../hubContext';
import type { AreaHandlers } from '../http';
import { HttpProblem, sendFile, SENT } from '../http';

type Office = 'cardsPdf' | 'cardsReprint' | 'backup';

const ATTACHMENT = (fileName: string) => `attachment; filename="${fileName}"`;

export function officeRoutes(ctx: HubContext): AreaHandlers<Office> {
  const { rosters, clock, logger } = ctx;
  return {
    cardsPdf: async ({ req, res }) => {
      const q = req.query;
      const filter = {
        ...(q.class ? { classId: String(q.class) } : {}),
        ...(q.group ? { groupId: String(q.group) } : {}),
        ...(q.students ? { studentIds: String(q.students).split(',') } : {}),
      };
      const roster = rosters.roster;
      if (filter.classId && !roster.classes.some((c) => c.id === filter.classId)) {
        throw new HttpProblem(404, problem('not_found', `class ${filter.classId}`));
      }
      if (filter.groupId && !roster.groups.some((g) => g.id === filter.groupId)) {
        throw new HttpProblem(404, problem('unknown_group', filter.groupId));
      }
      const cards = q.guardians === '1' ? guardianCards(roster, filter) : studentCards(roster, filter);
      const pdf = await renderCardsPdf(cards);
      // Named for what it holds (接力卡片-一年级1班.pdf), in RFC 5987's filename* with an ASCII stand-in.
      const scope = { ...filter, guardians: q.guardians === '1' };
      const disposition = attachment(cardsFileName(roster, scope), cardsAsciiName(scope));
      const headers = { 'Content-Type': 'application/pdf', 'Content-Disposition': disposition };
      return sendFile(res, headers, pdf);
    },

    /** New cards for lost or damaged ones: new ids, the old ones revoked at once on every kiosk. */
    cardsReprint: async ({ body: r }) => {
      let next = rosters.roster;
      try {
        const fresh = () => randomBytes(CARD_RANDOM_BYTES);
        for (const id of r.studentIds) next = reprintCard(next, { kind: 'student', id }, fresh(), clock()).roster;
        for (const id of r.guardianIds) next = reprintCard(next, { kind: 'guardian', id }, fresh(), clock()).roster;
      } catch (err) {
        throw new HttpProblem(404, problem('not_found', String((err as Error).message)));
      }
      await rosters.replace(next);
      ctx.rosterChanged();
      logger.info('cards reprinted', { students: r.studentIds.length, guardians: r.guardianIds.length });
      return { ok: true, version: rosters.version };
    },

    /** One click: the data folder as one file (children's data, no private key: hub/backup.ts). */
    backup: ({ req, res }) => {
      if (!ctx.dataDir) throw new HttpProblem(404, problem('not_found', 'no data folder'));
      const name = `relay-backup-${localDay(clock(), rosters.roster.settings.timeZone)}.relaybak`;
      const headers = { 'Content-Type': 'application/octet-stream', 'Content-Disposition': ATTACHMENT(name) };
      const bytes = createBackup(ctx.dataDir, new Date(clock()));
      sendFile(res, headers, bytes);
      recordDownload(ctx.dataDir, bytes, clock(), req.ip, logger);
      logger.info('backup downloaded', { ip: req.ip });
      return SENT;
    },
  };
}
