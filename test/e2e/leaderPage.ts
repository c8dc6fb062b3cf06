/** The duty leader's phone, for end-to-end tests. */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningHub } from '../hub/hubProcess';

export class LeaderPage {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  /**
   * A phone whose clock the test controls (Playwright's clock), so alerts are tested without waiting. It starts
   * at the hub's time, as a phone on network time would.
   */
  static async open(browser: Browser, hub: RunningHub): Promise<LeaderPage> {
    const context = await browser.newContext({
      viewport: { width: 420, height: 900 },
      locale: 'zh-CN',
      isMobile: true,
    });
    await context.clock.install({ time: Date.now() + hub.clockOffsetMs });
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error('[leader page error]', err.message));
    page.on('dialog', (d) => void d.accept());
    await page.goto(`https://localhost:${hub.port}/leader/`);
    return new LeaderPage(context, page);
  }

  async login(staffId = 'leader-1', pin = '2468') {
    await this.page.getByTestId('leader-staff').locator(`option[value="${staffId}"]`).waitFor({ state: 'attached' });
    await this.page.getByTestId('leader-staff').selectOption(staffId);
    await this.page.getByTestId('leader-pin').fill(pin);
    await this.page.getByTestId('leader-login').click();
    await this.page.getByTestId('tile-on-campus').waitFor();
  }

  async tile(id: string): Promise<number> {
    return Number(await this.page.getByTestId(`tile-${id}`).getAttribute('data-n'));
  }

  async unaccounted(): Promise<number> {
    return Number(await this.page.getByTestId('unaccounted').getAttribute('data-n'));
  }

  async close() {
    await this.context.close();
  }
}
