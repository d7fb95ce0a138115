import { copySeededVault } from './support/seedVault';
import { goTo, PASSPHRASE, scrollToBottom, unlock } from './support/flows';
import { expect, screenshot, test } from './support/harness';

const ROWS = 100_000;

// The vault is seeded before the harness starts (the `dataDir` fixture runs first).
test.use({
  dataDir: async ({ dataDir }, use) => {
    await copySeededVault(dataDir, PASSPHRASE, ROWS);
    await use(dataDir);
  },
});
test.setTimeout(300_000);

interface Page {
  items: unknown[];
  nextCursor: string | null;
}

test('search 100,000 transactions and scroll to the end of the results', async ({
  app,
}, testInfo) => {
  await unlock(app);
  await expect(app.getByRole('table', { name: 'The latest transactions' })).toBeVisible();
  await screenshot(app, testInfo, 'dashboard-100k');

  // The whole ledger first: the list opens at once although it holds 100,000 rows.
  await goTo(app, 'Transactions');
  const grid = app.getByRole('grid', { name: 'Transactions' });
  await expect(grid.getByRole('row').nth(1)).toBeVisible();
  await screenshot(app, testInfo, 'transactions-100k');

  // How many rows match, counted through the same bridge the screen uses.
  const expected = await app.evaluate(async () => {
    const bridge = (
      globalThis as unknown as {
        casike: {
          transactions: {
            list: (q: object) => Promise<{ ok: boolean; value: Page }>;
          };
        };
      }
    ).casike;
    let count = 0;
    let cursor: string | undefined;
    for (;;) {
      const result = await bridge.transactions.list({ search: 'coffee', limit: 500, cursor });
      if (!result.ok) throw new Error('list failed');
      count += result.value.items.length;
      if (result.value.nextCursor === null) return count;
      cursor = result.value.nextCursor;
    }
  });
  expect(expected).toBeGreaterThan(1000);

  await app
    .getByRole('searchbox', { name: 'Search payee or memo' })
    .or(app.getByLabel('Search payee or memo'))
    .fill('coffee');
  const footer = app.locator('.tx-footer');
  await expect(footer).toContainText('transactions loaded');

  // Scroll to the bottom until the list has seen its last page.
  const total = `${expected.toLocaleString('en-US')} transactions`;
  for (let step = 0; step < 200; step += 1) {
    if ((await footer.innerText()).startsWith(total)) break;
    await scrollToBottom(grid);
    await app.waitForTimeout(100);
  }
  await expect(footer).toHaveText(new RegExp(`^${total}`));
  // The last page made the list longer: go to its very end, then the last row (the
  // oldest match, header is row 1) is on screen and filled in, not a placeholder.
  await scrollToBottom(grid);
  const last = grid.getByRole('row').last();
  await expect(last).toHaveAttribute('aria-rowindex', String(expected + 1));
  await expect(last).toBeVisible();
  await expect(last).toContainText(/2016/);
  await expect(last).toContainText(/coffee/i);
  await screenshot(app, testInfo, 'transactions-100k-search-end');
});
