/**
 * Bundles test/leader/renderHarness.tsx with esbuild (React's production build, the pages' CSS inline) and
 * opens it in Chromium: the render tests and their screenshots use it, no hub and no vite build needed.
 */
import path from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, FLAGS } from '../e2e/browser';

export type Counts = Record<string, number>;

let html: string | undefined;

async function bundle(): Promise<string> {
  if (html) return html;
  const out = await build({
    entryPoints: [path.join(import.meta.dirname, 'renderHarness.tsx')],
    bundle: true,
    write: false,
    outdir: '/out',
    format: 'iife',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
    // The kiosk's scanner imports its decoder as vite assets (…?url, …?worker): not used by these screens.
    plugins: [
      {
        name: 'vite-assets',
        setup(b) {
          b.onResolve({ filter: /\?(url|worker|raw)(&url)?$/ }, (a) => ({ path: a.path, namespace: 'asset' }));
          b.onLoad({ filter: /.*/, namespace: 'asset' }, () => ({ contents: 'export default "";', loader: 'js' }));
        },
      },
    ],
  });
  const js = out.outputFiles.find((f) => f.path.endsWith('.js'))!.text;
  const css = out.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? '';
  html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><style>${css}</style></head><body><div id="root"></div><script>${js.replace(/<\/script/g, '<\\/script')}</script></body></html>`;
  return html;
}

export async function openHarness(size = { width: 360, height: 800 }): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  const page = await browser.newPage({ viewport: size });
  await page.setContent(await bundle());
  await page.waitForFunction(() => 'harness' in window);
  return { browser, page };
}

/** Calls `window.harness[fn](...args)` in the page: the render counts the change caused (and `ms`, its time). */
export function harnessOf(page: Page) {
  return (fn: string, ...args: unknown[]): Promise<Counts> =>
    page.evaluate(
      ([fn, args]) =>
        (window as unknown as { harness: Record<string, (...a: unknown[]) => Counts> }).harness[fn as string]!(
          ...(args as unknown[]),
        ),
      [fn, args] as const,
    );
}

/** The render counts without the time the change took. */
export const rendered = (c: Counts) => Object.fromEntries(Object.entries(c).filter(([k]) => k !== 'ms'));
