/** The roster: reading it, importing a file (preview first, then apply all or nothing), editing one section. */
import { randomUUID } from 'node:crypto';
import type { RosterSection } from '../../core/contract';
import { problem } from '../../core/messages';
import type { RosterReader, TabletRoster } from '../../core/cardHash';
import { cardKeyFromHex, rosterFor, tabletRoster } from '../../core/cardHash';
import { stationFromAssigned } from '../../core/stations';
import type { Roster } from '../../core/roster';
import { RosterSchema } from '../../core/roster';
import type { ImportPlan } from '../../core/rosterImport';
import { DEMO_PIN } from '../demo/demoSchool';
import type { HubContext } from '../hubContext';
import type { AreaHandlers } from '../http';
import { HttpProblem, sendFile } from '../http';
import { planFromFile, summarize, TEMPLATE_CSV } from '../roster/importRoster';
import { TableError } from '../roster/readTable';

type RosterRoutes = 'roster' | 'rosterTemplate' | 'rosterPreview' | 'rosterApply' | 'rosterSection';

const PREVIEW_MS = 30 * 60_000;

const views = new WeakMap<Roster, { key: string; hashed: TabletRoster; byReader: Map<string, TabletRoster> }>();

/**
 * The roster without card ids or phone numbers, cut to what its reader uses (core/cardHash.ts `rosterFor`: a
 * kiosk to its station, no reader priority groups or fee waivers); hashed once per roster version (2 000 cards
 * hash in a few ms), cut once per reader.
 */
function tabletView(roster: Roster, cardKey: string, reader: RosterReader): TabletRoster {
  let cached = views.get(roster);
  if (!cached || cached.key !== cardKeyFromHex(cardKey)) {
    cached = { key: cardKeyFromHex(cardKey), hashed: tabletRoster(roster, cardKey), byReader: new Map() };
    views.set(roster, cached);
  }
  const id = JSON.stringify(reader);
  let view = cached.byReader.get(id);
  if (!view) {
    view = rosterFor(cached.hashed, reader);
    cached.byReader.set(id, view);
  }
  return view;
}

export function rosterRoutes(ctx: HubContext): AreaHandlers<RosterRoutes> {
  const { rosters, clock, logger } = ctx;
  const previews = new Map<string, { plan: ImportPlan; baseVersion: number; at: number }>();
  return {
    roster: ({ principal: p }) => {
      // The office prints the cards: it alone gets the card ids. Kiosks and leaders get their keyed hashes, so a
      // lost tablet cannot make a pickup card, and who may collect a child, never how to phone them. A kiosk gets
      // what the station the office gave it uses (docs/security.md, "The tablet").
      if (p.kind === 'admin') return { version: rosters.version, roster: rosters.roster };
      const reader: RosterReader =
        p.kind === 'leader' ? { kind: 'leader' } : { kind: 'kiosk', station: stationFromAssigned(p.device.station) };
      return { version: rosters.version, roster: tabletView(rosters.roster, ctx.access.cardKey, reader) };
    },

    rosterTemplate: ({ res }) =>
      sendFile(
        res,
        {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': 'attachment; filename="roster-template.csv"',
        },
        TEMPLATE_CSV,
      ),

    rosterPreview: async ({ req }) => {
      const fileName = String(req.query.file ?? 'roster.csv');
      const bytes = req.body instanceof Buffer ? req.body : Buffer.alloc(0);
      if (bytes.length === 0) throw new HttpProblem(400, problem('malformed', 'empty file'));
      let plan: ImportPlan;
      try {
        plan = await planFromFile(rosters.roster, fileName, bytes, clock());
      } catch (err) {
        if (err instanceof TableError) throw new HttpProblem(400, { code: 'malformed', zh: err.zh, en: err.en });
        throw err;
      }
      for (const [id, p] of previews) if (clock() - p.at > PREVIEW_MS) previews.delete(id);
      const previewId = randomUUID();
      previews.set(previewId, { plan, baseVersion: rosters.version, at: clock() });
      return { previewId, ...summarize(plan) };
    },

    rosterApply: async ({ body: { previewId } }) => {
      const preview = previews.get(previewId);
      if (!preview) {
        throw new HttpProblem(404, {
          code: 'not_found',
          zh: '预览已过期，请重新上传',
          en: 'The preview expired: upload again',
        });
      }
      const bad = preview.plan.errors.length;
      if (bad) {
        throw new HttpProblem(400, {
          code: 'malformed',
          zh: `有 ${bad} 行错误，未导入任何数据`,
          en: 'The file has bad rows: nothing was imported',
        });
      }
      if (preview.baseVersion !== rosters.version) {
        throw new HttpProblem(409, {
          code: 'malformed',
          zh: '花名册在预览后已变更，请重新预览',
          en: 'The roster changed since the preview: preview again',
        });
      }
      await rosters.replace(preview.plan.roster);
      // A real roster ends the demo: the pairing code printed at start-up and the PIN 2468 must not open it.
      if (await ctx.access.endDemo(DEMO_PIN)) logger.info('demo ended: its pairing code and PINs no longer work');
      previews.delete(previewId);
      const { added, changed, removed } = preview.plan;
      logger.info('roster imported', { added: added.length, changed: changed.length, removed: removed.length });
      ctx.rosterChanged();
      return { ok: true, version: rosters.version, ...summarize(preview.plan).counts };
    },

    /**
     * The office edits one part of the roster at a time (groups, rooms, clubs, calendar, settings, rotas, staff);
     * the whole roster is validated before anything is written, so a reference to a missing room is refused. The
     * section and the presence of a value are checked by the contract (404, 400) before this runs.
     */
    rosterSection: async ({ params, body: { value } }) => {
      const section = params.section as RosterSection;
      // An object section (settings, calendar, rotas) is sent whole, as the office page does: a missing field would
      // quietly fall back to its default (an empty rota) and an unknown one is a mistake, so both are refused.
      const current = rosters.roster[section];
      if (!Array.isArray(current)) {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          throw new HttpProblem(400, problem('malformed', `value: the whole ${section} object`));
        }
        const sent = Object.keys(value),
          known = Object.keys(current);
        const odd = [
          ...known.filter((k) => !sent.includes(k)).map((k) => `missing ${k}`),
          ...sent.filter((k) => !known.includes(k)).map((k) => `unknown ${k}`),
        ];
        if (odd.length) {
          throw new HttpProblem(400, {
            code: 'malformed',
            zh: '内容不完整或有多余项，未保存',
            en: 'Not saved: fields are missing or unknown',
            detail: odd.slice(0, 5).join('; '),
          });
        }
      }
      const candidate = RosterSchema.safeParse({ ...rosters.roster, [section]: value });
      if (!candidate.success) {
        const detail = candidate.error.issues
          .slice(0, 5)
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; ');
        throw new HttpProblem(400, {
          code: 'malformed',
          zh: '内容不正确，未保存',
          en: 'Not saved: the data is not valid',
          detail,
        });
      }
      await rosters.replace(candidate.data);
      ctx.rosterChanged();
      logger.info('roster section changed', { section, version: rosters.version });
      return { ok: true, version: rosters.version, value: candidate.data[section] };
    },
  };
}
