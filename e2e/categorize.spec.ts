import type { Page } from '@playwright/test';
import { createAccount, createVault, goTo } from './support/flows';
import { expect, screenshot, test } from './support/harness';

async function addTransaction(page: Page, payee: string, amount: string, category?: string) {
  await page.getByRole('button', { name: 'New transaction' }).click();
  const dialog = page.getByRole('dialog', { name: 'New transaction' });
  await dialog.getByLabel('Amount (USD)').fill(amount);
  await dialog.getByLabel('Payee').fill(payee);
  if (category) await dialog.getByLabel('Category').selectOption({ label: category });
  await dialog.getByRole('button', { name: 'Add transaction' }).click();
  await expect(dialog).toBeHidden();
}

test('a suggestion learned from the user’s own filing; the AI preview shows what would be sent', async ({
  app,
}, testInfo) => {
  await createVault(app);
  await createAccount(app, 'Everyday Checking');
  await goTo(app, 'Transactions');

  // The user files one coffee purchase; a similar one arrives uncategorized.
  await addTransaction(app, 'Blue Bottle Coffee #12', '4.50', 'Coffee');
  await addTransaction(app, 'Blue Bottle Coffee #7', '5.25');

  await app.getByRole('button', { name: 'Suggestions' }).click();
  const dialog = app.getByRole('dialog', { name: 'Category suggestions' });
  const suggestion = dialog.getByRole('row').filter({ hasText: 'Blue Bottle Coffee #7' });
  await expect(suggestion).toContainText('Coffee');
  await expect(suggestion).toContainText('Learned');
  await screenshot(app, testInfo, 'category-suggestions');

  // Apply at the lowest threshold: the grid shows the category afterwards.
  await dialog.getByLabel('Apply when at least').selectOption('0.5');
  await dialog.getByRole('button', { name: /^Apply ≥ 50%/ }).click();
  await expect(dialog.getByRole('status').filter({ hasText: /^Applied/ })).toBeVisible();
  await dialog.getByRole('button', { name: 'Close', exact: true }).first().click();
  const grid = app.getByRole('grid', { name: 'Transactions' });
  await expect(grid.getByRole('row').filter({ hasText: 'Blue Bottle Coffee #7' })).toContainText(
    'Coffee',
  );

  // A merchant the model has never seen stays uncategorized: the AI helper's kind of work.
  await addTransaction(app, 'Harbor Lights Bookshop', '18.00');

  // The AI helper is off; the preview shows the exact scrubbed payload before any send.
  await goTo(app, 'Settings');
  await expect(app.getByTestId('ai-status')).toHaveText(
    'The AI helper is off. Nothing is sent anywhere.',
  );
  await expect(app.getByRole('button', { name: 'Turn on the AI helper' })).toBeDisabled();
  await app.getByRole('button', { name: 'Preview what will be sent' }).click();
  const payload = app.getByLabel('What will be sent');
  await expect(payload).toContainText('HARBOR LIGHTS BOOKSHOP');
  await expect(payload).toContainText('"store": false');
  await expect(payload).not.toContainText('18.00');
  await expect(payload).not.toContainText('Everyday Checking');
  await payload.scrollIntoViewIfNeeded();
  await screenshot(app, testInfo, 'ai-preview');
});
