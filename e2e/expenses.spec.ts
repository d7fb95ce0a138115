import { fileURLToPath } from 'node:url';
import { overflowsHorizontally, unnamedControls } from './support/accessibility';
import { createAccount, createVault, goTo } from './support/flows';
import { expect, screenshot, test } from './support/harness';

const RECEIPT_PNG = fileURLToPath(new URL('./fixtures/receipt.png', import.meta.url));

test('add an expense with a receipt → in the expenses list, the transactions list and on the dashboard; quick entry by keyboard; delete with confirmation', async ({
  app,
}, testInfo) => {
  await createVault(app);
  await createAccount(app, 'Everyday Checking');

  await goTo(app, 'Expenses');
  await expect(app.getByText('No expenses yet')).toBeVisible();
  const entry = app.getByRole('form', { name: 'Quick expense entry' });
  const amount = entry.getByLabel('Amount (USD)');
  await expect(amount).toBeFocused();

  // The first one with everything: category, a flag and a receipt dropped in as bytes.
  await amount.fill('12.50');
  await entry.getByLabel('Payee').fill('Office Depot');
  await entry.getByLabel('Category').selectOption({ label: 'Groceries' });
  await entry.getByLabel('Business').check();
  await entry.getByLabel('Receipts', { exact: true }).setInputFiles(RECEIPT_PNG);
  await expect(entry.getByRole('img', { name: 'Preview of receipt.png' })).toBeVisible();
  await screenshot(app, testInfo, 'expenses-entry');
  await entry.getByLabel('Payee').press('Enter');
  await expect(entry.getByRole('status')).toContainText(
    'Saved $12.50 at Office Depot with 1 receipt.',
  );
  await expect(amount).toBeFocused();
  await expect(amount).toHaveValue('');

  const table = app.getByRole('table', { name: 'Expenses' });
  const row = table.getByRole('row').filter({ hasText: 'Office Depot' });
  await expect(row).toContainText('-$12.50');
  await expect(row).toContainText('Groceries');
  await expect(row).toContainText('Business');
  const thumb = row.getByRole('button', { name: 'Open receipt receipt.png' });
  await expect(thumb.locator('img')).toBeVisible();

  // Pure keyboard: amount, Tab to payee, Enter. Measured from the first key to "Saved".
  const started = Date.now();
  await app.keyboard.type('4.20');
  await app.keyboard.press('Tab');
  await app.keyboard.type('Coffee Cart');
  await app.keyboard.press('Enter');
  await expect(entry.getByRole('status')).toContainText('Saved $4.20 at Coffee Cart.');
  const elapsed = Date.now() - started;
  testInfo.annotations.push({ type: 'quick entry ms', description: String(elapsed) });
  expect(elapsed).toBeLessThan(5_000);
  await expect(amount).toBeFocused();
  await expect(table.getByRole('row').filter({ hasText: 'Coffee Cart' })).toContainText('-$4.20');

  // The receipt opens from memory at full size.
  await thumb.click();
  const viewer = app.getByRole('dialog', { name: 'receipt.png' });
  await expect(viewer.getByRole('img', { name: 'Receipt receipt.png' })).toBeVisible();
  await app.keyboard.press('Escape');
  await expect(viewer).toBeHidden();

  // A filter narrows the list.
  // Mileage: distance × rate, the amount shown before saving.
  await entry
    .getByRole('group', { name: 'Kind of expense' })
    .getByText('Mileage', { exact: true })
    .click();
  await entry.getByLabel('Distance').fill('12.5');
  await entry.getByLabel('Unit').selectOption('mi');
  await entry.getByLabel(/^Rate per mile/).fill('0.655');
  await expect(entry.getByText('Amount: $8.19')).toBeVisible();
  // The vault's Mileage category is picked for a mileage entry.
  await expect(entry.getByLabel('Category').locator('option:checked')).toHaveText('Mileage');
  await entry.getByLabel('Payee').fill('Client visit');
  await entry.getByLabel('Payee').press('Enter');
  await expect(entry.getByRole('status')).toContainText('Saved $8.19 at Client visit.');
  await expect(table.getByRole('row').filter({ hasText: 'Client visit' })).toContainText('12.5 mi');
  await entry
    .getByRole('group', { name: 'Kind of expense' })
    .getByText('Expense', { exact: true })
    .click();

  await app.getByLabel('Flag').selectOption({ label: 'Business' });
  await expect(table.getByRole('row').filter({ hasText: 'Coffee Cart' })).toHaveCount(0);
  await expect(row).toBeVisible();
  await app.getByRole('button', { name: 'Clear filters' }).click();
  for (const scheme of ['light', 'dark'] as const) {
    await app.emulateMedia({ colorScheme: scheme });
    await expect(thumb.locator('img')).toBeVisible();
    expect(await unnamedControls(app), 'Expenses: controls without an accessible name').toEqual([]);
    expect(await overflowsHorizontally(app), 'Expenses scrolls sideways').toBe(false);
    await screenshot(app, testInfo, scheme === 'light' ? 'expenses' : 'dark-expenses');
  }
  await app.emulateMedia({ colorScheme: 'light' });

  // Delete asks first.
  await table.getByRole('button', { name: /^Delete expense Coffee Cart/ }).click();
  const confirm = app.getByRole('dialog', { name: 'Delete this expense?' });
  await expect(confirm).toContainText('Coffee Cart');
  await confirm.getByRole('button', { name: 'Delete expense' }).click();
  await expect(confirm).toBeHidden();
  await expect(table.getByRole('row').filter({ hasText: 'Coffee Cart' })).toHaveCount(0);

  await goTo(app, 'Transactions');
  const grid = app.getByRole('grid', { name: 'Transactions' });
  await expect(grid.getByRole('row').filter({ hasText: 'Office Depot' })).toContainText('-$12.50');

  await goTo(app, 'Dashboard');
  const recent = app.getByRole('table', { name: 'The latest transactions' });
  await expect(recent).toContainText('Office Depot');
  await expect(recent).not.toContainText('Coffee Cart');
  // $12.50 at Office Depot + $8.19 of mileage; the deleted coffee is gone.
  await expect(app.getByRole('region', { name: 'Net worth' })).toContainText('-$20.69');
  // No invoices yet: the unpaid invoices card shows its empty state.
  await expect(app.getByRole('region', { name: 'Unpaid invoices' })).toContainText(
    'Nothing outstanding',
  );
  await screenshot(app, testInfo, 'dashboard-with-expense');
});
