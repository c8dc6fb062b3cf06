/**
 * A kiosk page made ready for a bench the way a teacher does it: paired with the demo code under a tablet name,
 * the care station of a group chosen, its care teacher signed in with the demo PIN, and that sign-in at the hub.
 */
import type { Page } from 'playwright-core';
import { demoPairingCode } from '../../test/hub/hubProcess';
import type { BenchHub } from './hubs';

/** The group and teacher every kiosk bench uses (the demo school's third-grade class group). */
export const BENCH_GROUP = 'g3-whole';
export const BENCH_STAFF = 'care-3a';

export async function pairCareStation(page: Page, hub: BenchHub, tabletName: string): Promise<void> {
  await page.getByTestId('pair-code').fill(demoPairingCode(hub));
  await page.getByTestId('pair-name').fill(tabletName);
  await page.getByTestId('pair-submit').click();
  await page.getByTestId('station-care').click();
  await page.getByTestId(`group-${BENCH_GROUP}`).click();
  await page.getByTestId('signin-staff').selectOption(BENCH_STAFF);
  await page.getByTestId('signin-pin').fill('2468');
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('verdict').waitFor();
  const end = Date.now() + 20_000;
  while ((await page.getByTestId('sync-unsent').getAttribute('data-unsent')) !== '0') {
    if (Date.now() > end) throw new Error('the sign-in did not reach the hub');
    await page.waitForTimeout(100);
  }
}
