import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, type Page, type TestInfo } from '@playwright/test';
import { startWebHarness, type WebHarness } from '../../src-main/webHarness/harnessServer';

/** A fresh, empty data dir for one test; removed afterwards. */
export function freshDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'casike-e2e-'));
}

interface HarnessFixtures {
  /** The test's vault folder; empty unless the test seeds it before using `harness`. */
  dataDir: string;
  /** The web harness serving the built renderer against `dataDir`. */
  harness: WebHarness;
  /** Opens the harness URL in `page` and returns the page. */
  app: Page;
}

export const test = base.extend<HarnessFixtures>({
  // eslint-disable-next-line no-empty-pattern
  dataDir: async ({}, use) => {
    const dir = freshDataDir();
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  harness: async ({ dataDir }, use) => {
    const harness = await startWebHarness({ dataDir, port: 0 });
    await use(harness);
    await harness.close();
  },
  app: async ({ page, harness }, use) => {
    await page.goto(harness.url);
    await use(page);
  },
});

export { expect } from '@playwright/test';

/** Saves a full-page screenshot under test-results/screenshots/ and attaches it. */
export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = join('test-results', 'screenshots', `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
