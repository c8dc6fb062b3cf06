/**
 * The screen audit (issue #16, "An audit that keeps it so"): checks one screen of a page in real Chromium as a
 * teacher in a hurry meets it, and says what is wrong as findings rather than failing at the first:
 *
 * - target-size: every control a person taps is at least 48×48 CSS px (TARGET_EXCEPTIONS says which may not be);
 * - axe: axe-core, injected into the page, reports no serious or critical violation;
 * - verdict-contrast: the kiosk's verdict, read at a metre in daylight, meets WCAG AAA (axe-core's
 *   color-contrast-enhanced, 7:1), whatever its level;
 * - internal-code: no visible text is an internal code (snake_case, an event type, a device, staff, class,
 *   group or student id, a station kind);
 * - off-viewport: whatever a tap opened (and any open dialog or menu) lies within the viewport;
 * - page-error, console-error, browser-dialog: none, and window.prompt/confirm/alert are never called.
 *
 * `watchPage` is attached once per page; `auditScreen` is called at each screen. With RELAY_AUDIT_SCREENSHOTS=DIR
 * each screen is also saved as DIR/<app>-<screen>-<size>.png for docs/kiosk.md and docs/leader.md.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';

export type Check =
  | 'target-size'
  | 'axe'
  | 'verdict-contrast'
  | 'internal-code'
  | 'off-viewport'
  | 'page-error'
  | 'console-error'
  | 'browser-dialog'
  | 'visit';

export interface Finding {
  app: string;
  screen: string;
  size: string;
  check: Check;
  detail: string;
}

export interface Size {
  name: string;
  width: number;
  height: number;
}

/** A landscape tablet, a portrait tablet, a small phone. */
export const SIZES: readonly Size[] = [
  { name: '1280×800', width: 1280, height: 800 },
  { name: '800×1280', width: 800, height: 1280 },
  { name: '360×800', width: 360, height: 800 },
];

export const MIN_TARGET_PX = 48;

/**
 * Controls that may be smaller than 48×48, each with its reason. Keep it short: every entry is a place a
 * finger may miss.
 */
export const TARGET_EXCEPTIONS: readonly { selector: string; why: string }[] = [
  {
    selector: 'p a[href], li > small a[href]',
    why: 'a link inside a sentence: WCAG 2.5.8 exempts inline targets, and making it 48 px tall would break the line',
  },
];

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const require = createRequire(import.meta.url);
let axeSource: string | undefined;
function axe(): string {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

/** The custody event types (core/events.ts): shown raw, they are the codes a teacher must never read. */
let eventTypes: string[] | undefined;
export function eventTypeNames(): string[] {
  eventTypes ??= [
    ...new Set(
      [...readFileSync(path.join(ROOT, 'core/events.ts'), 'utf8').matchAll(/type: z\.literal\('([a-z_]+)'\)/g)].map(
        (m) => m[1]!,
      ),
    ),
  ];
  return eventTypes;
}

/** What errors, console errors and browser dialogs a page produced since the last screen was audited. */
export interface PageWatch {
  take: () => { errors: string[]; consoleErrors: string[]; dialogs: string[] };
}

/** Listens for page errors, console errors and window.prompt/confirm/alert (answered, so the visit goes on). */
export function watchPage(page: Page): PageWatch {
  let errors: string[] = [];
  let consoleErrors: string[] = [];
  let dialogs: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message.split('\n')[0]!));
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const where = msg.location().url ? ` (${msg.location().url.replace(/^https:\/\/[^/]+/, '')})` : '';
      consoleErrors.push(`${msg.text().slice(0, 200)}${where}`);
    }
  });
  page.on('dialog', (d) => {
    dialogs.push(`window.${d.type() === 'beforeunload' ? 'onbeforeunload' : d.type()}("${d.message().slice(0, 80)}")`);
    void d.accept(d.type() === 'prompt' ? '' : undefined).catch(() => {});
  });
  return {
    take: () => {
      const out = { errors, consoleErrors, dialogs };
      errors = [];
      consoleErrors = [];
      dialogs = [];
      return out;
    },
  };
}

export interface ScreenContext {
  app: string;
  screen: string;
  size: Size;
  page: Page;
  watch: PageWatch;
  /** what the tap that led here opened: it must lie within the viewport */
  opened?: Locator[];
  /** where screenshots go (RELAY_AUDIT_SCREENSHOTS) */
  screenshotDir?: string;
}

/** Runs every check on the screen the page shows now. */
export async function auditScreen(ctx: ScreenContext): Promise<Finding[]> {
  const { page } = ctx;
  const found: Finding[] = [];
  const add = (check: Check, detail: string) =>
    found.push({ app: ctx.app, screen: ctx.screen, size: ctx.size.name, check, detail });
  // Let animations and a socket's first state settle.
  await page.waitForTimeout(400);

  for (const t of await smallTargets(page)) add('target-size', t);
  for (const v of await axeViolations(page)) add('axe', v);
  for (const v of await verdictContrast(page)) add('verdict-contrast', v);
  for (const c of await internalCodes(page)) add('internal-code', c);
  for (const o of await outsideViewport(page, ctx.opened ?? [])) add('off-viewport', o);

  const { errors, consoleErrors, dialogs } = ctx.watch.take();
  for (const e of errors) add('page-error', e);
  for (const e of consoleErrors) add('console-error', e);
  for (const d of dialogs) add('browser-dialog', d);

  if (ctx.screenshotDir) {
    mkdirSync(ctx.screenshotDir, { recursive: true });
    const file = `${ctx.app}-${ctx.screen}-${ctx.size.width}x${ctx.size.height}.png`;
    await page.screenshot({ path: path.join(ctx.screenshotDir, file), fullPage: false });
  }
  return found;
}

/** Tappable controls smaller than 48×48 CSS px, visible, not on the exception list; a line each. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(
    ({ min, exceptions }) => {
      const TAPPABLE =
        'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [role=link], [role=checkbox], [role=radio], [role=switch], [role=tab], [role=menuitem], [role=option], [tabindex]:not([tabindex="-1"])';
      const visible = (el: Element) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
      };
      const describe = (el: Element) => {
        const id = el.getAttribute('data-testid');
        const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 30);
        const label = el.getAttribute('aria-label') ?? (el as HTMLInputElement).placeholder ?? '';
        return `<${el.tagName.toLowerCase()}${el instanceof HTMLInputElement ? ` type=${el.type}` : ''}${
          id ? ` data-testid=${id}` : ''
        }>${text || label ? ` "${text || label}"` : ''}`;
      };
      const out: string[] = [];
      const seen = new Set<Element>();
      for (const el of document.querySelectorAll(TAPPABLE)) {
        if (!visible(el) || exceptions.some((s) => el.matches(s))) continue;
        // A checkbox or radio is tapped through its label: the label's box is the target.
        const target =
          el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio') && el.closest('label')
            ? el.closest('label')!
            : el;
        if (seen.has(target)) continue;
        seen.add(target);
        const r = target.getBoundingClientRect();
        if (r.width + 0.5 < min || r.height + 0.5 < min)
          out.push(`${describe(el)} is ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
      return out;
    },
    { min: MIN_TARGET_PX, exceptions: TARGET_EXCEPTIONS.map((e) => e.selector) },
  );
}

/** axe-core's serious and critical violations, one line each (rule, impact, how many nodes, the first). */
async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated over the DevTools protocol, which the page's Content-Security-Policy does not govern.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe());
  const violations = await page.evaluate(async () => {
    const w = window as unknown as {
      axe: {
        run: (
          ctx: Document,
          opts: object,
        ) => Promise<{
          violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
        }>;
      };
    };
    const r = await w.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.length,
      first: JSON.stringify(v.nodes[0]?.target ?? []),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}, ${v.nodes} node${v.nodes === 1 ? '' : 's'}, e.g. ${v.first}): ${v.help}`);
}

/** AAA contrast (7:1) for every text on the verdict, where the screen has one. */
async function verdictContrast(page: Page): Promise<string[]> {
  if ((await page.locator('[data-testid="verdict"]').count()) === 0) return [];
  return page.evaluate(async () => {
    const w = window as unknown as {
      axe: {
        run: (
          ctx: string,
          opts: object,
        ) => Promise<{ violations: { nodes: { target: unknown[]; failureSummary?: string }[] }[] }>;
      };
    };
    const r = await w.axe.run('[data-testid="verdict"]', {
      runOnly: { type: 'rule', values: ['color-contrast-enhanced'] },
      resultTypes: ['violations'],
    });
    return r.violations.flatMap((v) =>
      v.nodes.map((n) => `${JSON.stringify(n.target)}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ').trim()}`),
    );
  });
}

/** Visible text that is an internal code. */
async function internalCodes(page: Page): Promise<string[]> {
  return page.evaluate(
    ({ eventTypes }) => {
      const PATTERNS: [string, RegExp][] = [
        ['snake_case', /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/],
        ['device id', /\b(?:kiosk|demo)-[a-z0-9]+(?:-[a-z0-9]+)*\b|\bleader:[a-z0-9-]+\b/],
        ['staff id', /\b(?:care|gate|leader|office)-\d+[a-z]?\b|\bt\d-\d\b/],
        ['class, group or room id', /\bc\d-\d\b|\bg\d-(?:whole|mixed)\b|\broom-[a-z0-9-]+\b/],
        ['student id', /\bs\d{4}\b/],
      ];
      const singleWord = new Set([...eventTypes.filter((t) => !t.includes('_')), 'classroom', 'care', 'gate']);
      const out = new Set<string>();
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = (n.textContent ?? '').replace(/\s+/g, ' ').trim();
        const el = n.parentElement;
        if (!text || !el || el.closest('script, style, noscript, template')) continue;
        if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
        const where = el.getAttribute('data-testid') ?? el.closest('[data-testid]')?.getAttribute('data-testid');
        const at = where ? ` (in ${where})` : '';
        for (const [what, re] of PATTERNS) {
          const m = re.exec(text);
          if (m) out.add(`${what} "${m[0]}" in "${text.slice(0, 60)}"${at}`);
        }
        // An event type or a station kind shown bare, as a whole label or in brackets.
        const bare = /^[(（[]?\s*([a-z]+)\s*[)）\]]?$/.exec(text) ?? /[(（·:：]\s*([a-z]+)\s*[)）]?$/.exec(text);
        if (bare && singleWord.has(bare[1]!)) out.add(`code "${bare[1]}" in "${text.slice(0, 60)}"${at}`);
      }
      return [...out];
    },
    { eventTypes: eventTypeNames() },
  );
}

/** The parts of what a tap opened (and of any open dialog or menu) that lie outside the viewport. */
async function outsideViewport(page: Page, opened: Locator[]): Promise<string[]> {
  const vp = page.viewportSize()!;
  const out: string[] = [];
  const check = (what: string, b: { x: number; y: number; width: number; height: number }) => {
    if (b.x < -1 || b.y < -1 || b.x + b.width > vp.width + 1 || b.y + b.height > vp.height + 1)
      out.push(
        `${what} at x ${Math.round(b.x)}–${Math.round(b.x + b.width)}, y ${Math.round(b.y)}–${Math.round(
          b.y + b.height,
        )} in a ${vp.width}×${vp.height} viewport`,
      );
  };
  for (const l of opened) {
    const n = await l.count();
    if (n === 0) {
      out.push(`${l.toString()} did not open`);
      continue;
    }
    const b = await l.first().boundingBox();
    if (b)
      check(
        l
          .toString()
          .replace(/^locator\(/, '')
          .replace(/\)$/, ''),
        b,
      );
  }
  const open = await page.evaluate(() =>
    [...document.querySelectorAll('dialog[open], [role=dialog], [role=alertdialog], [role=menu]')]
      .filter((el) => el.checkVisibility())
      .map((el) => {
        const r = el.getBoundingClientRect();
        const id = el.getAttribute('data-testid');
        return { what: `<${el.tagName.toLowerCase()}${id ? ` data-testid=${id}` : ''}>`, r: r.toJSON() as DOMRect };
      }),
  );
  for (const o of open) check(o.what, o.r);
  return out;
}

/**
 * One row for the same problem on many elements of a screen (an acknowledge button per alert, a name per child):
 * controls are grouped by tag and the data-testid up to its first id (`ack-*`, `child-*`), with how many.
 */
export function groupFindings(findings: readonly Finding[]): (Finding & { count: number })[] {
  const groups = new Map<string, Finding & { count: number }>();
  for (const f of findings) {
    const control = /^<(\w+)(?: type=\w+)?(?: data-testid=([a-z]+)(?:[-:][^>]*?\d[^>]*)?)?>/.exec(f.detail);
    // Without a test id, the same kind of control at the same size, whatever its words.
    const what = control
      ? `${control[1]}|${control[2] ?? f.detail.replace(/"[^"]*"/, '')}`
      : f.detail.replace(/\d+/g, '#');
    const key = [f.app, f.screen, f.size, f.check, what].join('|');
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { ...f, count: 1 });
  }
  return [...groups.values()];
}

/** The findings as a Markdown report: counts by check, then a table (app, screen, size, check, detail). */
export function findingsReport(findings: readonly Finding[], intro = ''): string {
  const byCheck = new Map<string, number>();
  for (const f of findings) byCheck.set(f.check, (byCheck.get(f.check) ?? 0) + 1);
  const grouped = groupFindings(findings);
  const rowsByCheck = new Map<string, number>();
  for (const g of grouped) rowsByCheck.set(g.check, (rowsByCheck.get(g.check) ?? 0) + 1);
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    '# Screen audit findings',
    '',
    intro,
    '',
    `${findings.length} finding${findings.length === 1 ? '' : 's'} in ${grouped.length} rows (the same problem on many elements of a screen is one row, with how many).`,
    '',
    '| check | findings | rows |',
    '|---|---|---|',
    ...[...byCheck].sort((a, b) => b[1] - a[1]).map(([c, n]) => `| ${c} | ${n} | ${rowsByCheck.get(c)} |`),
    '',
    '| app | screen | size | check | detail |',
    '|---|---|---|---|---|',
    ...grouped.map(
      (f) =>
        `| ${f.app} | ${f.screen} | ${f.size} | ${f.check} | ${f.count > 1 ? `${f.count}×, e.g. ` : ''}${cell(f.detail)} |`,
    ),
    '',
  ].join('\n');
}
