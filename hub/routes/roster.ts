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
import { diffRosters } from '../../core/rosterImport';
import { describeDiff, planFromFile, removalStop, summarize, TEMPLATE_CSV } from '../roster/importRoster';
import { TableError } from '../roster/readTable';
import { restoreRoster } from '../roster/restoreRoster';
import { DEFAULT_CHECK } from '../../core/checkEvent';
import { supersede } from '../../core/effectiveDates';
import { clerkOf } from '../roster/commitEdit';
import { addDays, localDay } from '../../core/time';

type RosterRoutes =
  | 'roster'
  | 'rosterTemplate'
  | 'rosterPreview'
  | 'rosterApply'
  | 'rosterSection'
  | 'rosterHistory'
  | 'rosterRestorePreview'
  | 'rosterRestore';

/** who an office save is recorded as when the page names no clerk: the office has one sign-in, not one per clerk */
const OFFICE = '教导处 office';

/** The sections whose changes take effect from a date, never repricing a past day (R3, core/effectiveDates.ts). */
const DATED_SECTIONS: readonly RosterSection[] = ['rotas', 'settings'];
/** How far ahead a rota or pay change may be entered: the window leave and arrangements allow (CU17). */
const DATED_AHEAD_DAYS = DEFAULT_CHECK.maxFutureDays;

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
  const previews = new Map<string, { plan: ImportPlan; baseVersion: number; at: number; file: string }>();
  const restores = new Map<string, { fromVersion: number; baseVersion: number; at: number }>();
  /** The name the roster history records: the clerk the page chose, or 教导处 when it chose none. */
  const savedBy = (staffId: string | undefined) =>
    staffId === undefined ? OFFICE : clerkOf(rosters.roster, staffId).name;
  const today = () => localDay(clock(), rosters.roster.settings.timeZone);
  const expire = () => {
    for (const [id, p] of previews) if (clock() - p.at > PREVIEW_MS) previews.delete(id);
    for (const [id, p] of restores) if (clock() - p.at > PREVIEW_MS) restores.delete(id);
  };
  const stale = () =>
    new HttpProblem(409, {
      code: 'malformed',
      zh: '花名册在预览后已变更，请重新预览',
      en: 'The roster changed since the preview: preview again',
    });
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
      // 只更新文件中的班级: children of classes the file does not name stay as they are.
      const onlyClassesInFile = req.query.scope === 'classes';
      const bytes = req.body instanceof Buffer ? req.body : Buffer.alloc(0);
      if (bytes.length === 0) throw new HttpProblem(400, problem('malformed', 'empty file'));
      let plan: ImportPlan;
      try {
        plan = await planFromFile(rosters.roster, fileName, bytes, clock(), { onlyClassesInFile });
      } catch (err) {
        if (err instanceof TableError) throw new HttpProblem(400, { code: 'malformed', zh: err.zh, en: err.en });
        throw err;
      }
      expire();
      const previewId = randomUUID();
      previews.set(previewId, { plan, baseVersion: rosters.version, at: clock(), file: fileName.slice(0, 100) });
      return { previewId, ...summarize(plan, rosters.roster) };
    },

    rosterApply: async ({ body: { previewId, confirmRemove, staffId } }) => {
      const by = savedBy(staffId);
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
      if (preview.baseVersion !== rosters.version) throw stale();
      // A large removal needs its number typed, whatever the client: a two-row file must not empty the school.
      const stop = removalStop(preview.plan, confirmRemove);
      if (stop) {
        throw new HttpProblem(409, {
          ...problem('removal_unconfirmed'),
          zh: stop.zh,
          en: stop.en,
          detail: `removed ${stop.removed}`,
        });
      }
      const before = rosters.roster;
      const counts = summarize(preview.plan, before).counts;
      await rosters.replace(preview.plan.roster, {
        kind: 'import',
        by,
        note: `${preview.file}${preview.plan.onlyClassesInFile ? '（只更新文件中的班级）' : ''}`,
        at: clock(),
      });
      // A real roster ends the demo: the pairing code printed at start-up and the PIN 2468 must not open it.
      if (await ctx.access.endDemo(DEMO_PIN)) logger.info('demo ended: its pairing code and PINs no longer work');
      previews.delete(previewId);
      const { added, changed, removed } = preview.plan;
      logger.info('roster imported', {
        added: added.length,
        changed: changed.length,
        removed: removed.length,
        cardsRevoked: counts.cardsRevoked,
      });
      ctx.rosterChanged();
      return { ok: true, version: rosters.version, ...counts };
    },

    rosterHistory: () => ({
      version: rosters.version,
      history: rosters.history.map(({ roster: _, ...h }) => h),
    }),

    /** Restoring an earlier version is previewed like an import: who comes back, who goes, what changes. */
    rosterRestorePreview: ({ body: { version } }) => {
      const entry = rosters.history.find((h) => h.version === version);
      if (!entry) throw new HttpProblem(404, problem('not_found', `version ${version}`));
      expire();
      const previewId = randomUUID();
      restores.set(previewId, { fromVersion: version, baseVersion: rosters.version, at: clock() });
      const next = restoreRoster(rosters.roster, entry.roster, clock());
      return {
        previewId,
        fromVersion: version,
        ...describeDiff(rosters.roster, next, diffRosters(rosters.roster, next)),
      };
    },

    /** The second tap: the version becomes the roster again, recorded in the history as a restore. */
    rosterRestore: async ({ body: { previewId, staffId } }) => {
      const by = savedBy(staffId);
      const r = restores.get(previewId);
      if (!r) {
        throw new HttpProblem(404, {
          code: 'not_found',
          zh: '预览已过期，请重新预览',
          en: 'The preview expired: preview again',
        });
      }
      if (r.baseVersion !== rosters.version) throw stale();
      const entry = rosters.history.find((h) => h.version === r.fromVersion);
      if (!entry) throw new HttpProblem(404, problem('not_found', `version ${r.fromVersion}`));
      const before = rosters.roster;
      // An earlier rota or pay rate comes back from today: the days between keep what they had (R3).
      const next = supersede(before, restoreRoster(before, entry.roster, clock()), today());
      const counts = describeDiff(before, next, diffRosters(before, next)).counts;
      await rosters.replace(next, {
        kind: 'restore',
        by,
        note: `恢复第 ${r.fromVersion} 版 restored version ${r.fromVersion}`,
        at: clock(),
      });
      restores.delete(previewId);
      logger.info('roster restored', { fromVersion: r.fromVersion, version: rosters.version, ...counts });
      ctx.rosterChanged();
      return { ok: true, version: rosters.version, fromVersion: r.fromVersion, ...counts };
    },

    /**
     * The office edits one part of the roster at a time (groups, rooms, clubs, calendar, settings, rotas, staff);
     * the whole roster is validated before anything is written, so a reference to a missing room is refused. The
     * section and the presence of a value are checked by the contract (404, 400) before this runs.
     */
    rosterSection: async ({ params, body: { value, from: askedFrom, staffId } }) => {
      const section = params.section as RosterSection;
      const by = savedBy(staffId);
      const dated = DATED_SECTIONS.includes(section);
      if (askedFrom !== undefined && !dated) {
        throw new HttpProblem(400, {
          code: 'malformed',
          zh: '只有排班和补贴、收费标准按生效日期保存，未保存',
          en: 'Only the rota and the pay and fee settings take a start date: nothing was saved',
          detail: `from: ${section}`,
        });
      }
      const from = askedFrom ?? today();
      if (dated && (from < today() || from > addDays(today(), DATED_AHEAD_DAYS))) {
        // Pay already worked out for past days must not change under the school's feet (R3).
        throw new HttpProblem(400, {
          code: 'malformed',
          zh: `生效日期须在 ${today()} 至 ${addDays(today(), DATED_AHEAD_DAYS)} 之间（已过去的日子按原排班和标准计算），未保存`,
          en: `The start date must be from ${today()} to ${addDays(today(), DATED_AHEAD_DAYS)} (past days keep their rota and rates): nothing was saved`,
          detail: `from: ${from}`,
        });
      }
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
      const before = rosters.roster;
      const next = dated ? supersede(before, candidate.data, from) : candidate.data;
      const datedChange = dated && JSON.stringify(next.superseded) !== JSON.stringify(before.superseded);
      await rosters.replace(next, {
        kind: 'edit',
        by,
        note: datedChange ? `${section}（自 ${from} 起生效）` : section,
        at: clock(),
      });
      ctx.rosterChanged();
      logger.info('roster section changed', { section, version: rosters.version, ...(datedChange ? { from } : {}) });
      return { ok: true, version: rosters.version, value: next[section], ...(datedChange ? { from } : {}) };
    },
  };
}
