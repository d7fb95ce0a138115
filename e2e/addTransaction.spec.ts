import { createAccount, createVault, goTo } from './support/flows';
import { expect, screenshot, test } from './support/harness';

test('add a transaction → it is in the list and on the dashboard; edit it inline by keyboard, bulk categorize', async ({
  app,
}, testInfo) => {
  await createVault(app);
  await createAccount(app, 'Everyday Checking');
  await screenshot(app, testInfo, 'accounts');

  await goTo(app, 'Transactions');
  await expect(app.getByText('No transactions yet')).toBeVisible();
  await app.getByRole('button', { name: 'New transaction' }).click();
  const dialog = app.getByRole('dialog', { name: 'New transaction' });
  await dialog.getByLabel('Amount (USD)').fill('23.40');
  await dialog.getByLabel('Payee').fill('Corner Bakery');
  await dialog.getByLabel('Category').selectOption({ label: 'Groceries' });
  await dialog.getByLabel('Memo').fill('bread and rolls');
  await screenshot(app, testInfo, 'new-transaction');
  await dialog.getByRole('button', { name: 'Add transaction' }).click();
  await expect(dialog).toBeHidden();

  const grid = app.getByRole('grid', { name: 'Transactions' });
  const row = grid.getByRole('row').filter({ hasText: 'Corner Bakery' });
  await expect(row).toContainText('Groceries');
  await expect(row).toContainText('-$23.40');
  await expect(app.getByText('1 transaction ·')).toBeVisible();
  await screenshot(app, testInfo, 'transactions');

  // Keyboard: focus the grid, Enter edits the active row, type a memo, Enter saves.
  await grid.focus();
  await app.keyboard.press('ArrowDown');
  await app.keyboard.press('Enter');
  const memo = app.getByLabel(/^Memo of /);
  await expect(memo)
    .toBeFocused({ timeout: 5_000 })
    .catch(() => memo.focus());
  await memo.fill('bread, rolls and a cake');
  await memo.press('Enter');
  await expect(grid.getByRole('row').filter({ hasText: 'Corner Bakery' })).toContainText(
    'bread, rolls and a cake',
  );

  // Bulk categorize: Space selects the active row, the bulk bar recategorizes it.
  await grid.focus();
  await app.keyboard.press('Space');
  const bulk = app.getByRole('region', { name: 'Bulk actions' });
  await expect(bulk).toContainText('1 selected');
  await bulk
    .getByLabel('Category for the selected transactions')
    .selectOption({ label: 'Restaurants' });
  await bulk.getByRole('button', { name: 'Categorize selected' }).click();
  await expect(grid.getByRole('row').filter({ hasText: 'Corner Bakery' })).toContainText(
    'Restaurants',
  );

  await goTo(app, 'Dashboard');
  const recent = app.getByRole('table', { name: 'The latest transactions' });
  await expect(recent).toContainText('Corner Bakery');
  await expect(recent).toContainText('-$23.40');
  await expect(app.getByRole('region', { name: 'Net worth' })).toContainText('-$23.40');
  await screenshot(app, testInfo, 'dashboard');
});
