/** The kiosk as a teacher uses it, for end-to-end tests (a page object, as Actual's e2e/page-models). */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { RunningHub } from '../hub/hubProcess';

export class KioskPage {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly hub: { port: number },
  ) {}

  /** A tablet: its own storage, trusting the hub as a tablet with the school's CA installed would. */
  static async open(browser: Browser, hub: RunningHub): Promise<KioskPage> {
    const context = await browser.newContext({
      viewport: { width: 1100, height: 800 },
      locale: 'zh-CN',
      permissions: ['camera'],
    });
    // A kiosk never opens the browser's own dialogs, and a teacher hears every verdict: both are counted here.
    await context.addInitScript(() => {
      const w = window as unknown as { __dialogs: string[]; __tones: number; __notes: string[] };
      w.__dialogs = [];
      w.__tones = 0;
      w.__notes = [];
      // Counted, then opened as before: a test's own dialog handler (or Playwright's dismissal) still sees it.
      for (const name of ['prompt', 'confirm', 'alert'] as const) {
        const open = window[name] as (...a: unknown[]) => unknown;
        (window as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
          w.__dialogs.push(`${name}: ${String(args[0] ?? '')}`);
          return open.apply(window, args);
        };
      }
      const start = OscillatorNode.prototype.start;
      OscillatorNode.prototype.start = function (this: OscillatorNode, ...args: [number?]) {
        if (this.context.state === 'running') {
          w.__tones++;
          w.__notes.push(`${this.type}:${this.frequency.value}`);
        }
        return start.apply(this, args);
      };
    });
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error('[kiosk page error]', err.message));
    const k = new KioskPage(context, page, hub);
    await k.goto();
    return k;
  }

  url(): string {
    return `https://localhost:${this.hub.port}/kiosk/`;
  }

  async goto() {
    await this.page.goto(this.url());
  }

  async pair(code: string, name = '测试平板') {
    await this.page.getByTestId('pair-code').fill(code);
    await this.page.getByTestId('pair-name').fill(name);
    await this.page.getByTestId('pair-submit').click();
    await this.page.getByTestId('station-gate').waitFor();
  }

  async chooseClassroom(classId: string) {
    await this.page.getByTestId('station-classroom').click();
    await this.page.getByTestId(`class-${classId}`).click();
  }

  async chooseCare(groupId: string) {
    await this.page.getByTestId('station-care').click();
    await this.page.getByTestId(`group-${groupId}`).click();
  }

  async chooseGate() {
    await this.page.getByTestId('station-gate').click();
  }

  async signIn(staffId: string, pin = '2468') {
    await this.page.getByTestId('signin-staff').selectOption(staffId);
    await this.page.getByTestId('signin-pin').fill(pin);
    await this.page.getByTestId('signin-submit').click();
    await this.page.getByTestId('verdict').waitFor();
  }

  /** A USB scanner: characters a few milliseconds apart, then Enter, with nothing focused. */
  async scanWithKeyboard(code: string) {
    await this.page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
    });
    await this.page.keyboard.type(code, { delay: 4 });
    await this.page.keyboard.press('Enter');
  }

  async verdict(): Promise<{ level: string | null; name: string; title: string }> {
    const v = this.page.getByTestId('verdict');
    return {
      level: await v.getAttribute('data-level'),
      name: (await this.page.getByTestId('verdict-name').count())
        ? ((await this.page.getByTestId('verdict-name').textContent()) ?? '')
        : '',
      title: (await this.page.getByTestId('verdict-title').textContent()) ?? '',
    };
  }

  /** Waits until the verdict names this child, and returns it. */
  async verdictFor(name: string) {
    await expect.poll(async () => (await this.verdict()).name, { timeout: 5_000 }).toBe(name);
    return this.verdict();
  }

  /** A card read by the camera (what its decoder hands the model), resolved once the verdict shows. */
  async scanNow(code: string): Promise<void> {
    await this.page.evaluate(async (c) => {
      await (window as unknown as { relayKiosk: { scan(t: string): Promise<unknown> } }).relayKiosk.scan(c);
    }, code);
  }

  /** window.prompt/confirm/alert calls so far (a kiosk makes none). */
  async dialogs(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __dialogs: string[] }).__dialogs);
  }

  /** Tones played on a running audio context so far. */
  async tones(): Promise<number> {
    return this.page.evaluate(() => (window as unknown as { __tones: number }).__tones);
  }

  /** Heard notes, each as `waveform:Hz`, in the order they started (e.g. the call chime's three rising notes). */
  async notes(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __notes: string[] }).__notes);
  }

  async unsent(): Promise<number> {
    return Number(await this.page.getByTestId('sync-unsent').getAttribute('data-unsent'));
  }

  async close() {
    await this.context.close();
  }
}
