import { writeFileSync } from 'node:fs';
import { createAccount, createVault, goTo, today } from './support/flows';
import { expect, screenshot, test } from './support/harness';

/** A small bank export dated this month, so the budget month shows it. */
function statement(): string {
  const month = today().slice(0, 7);
  return [
    'Date,Description,Amount',
    `${month}-01,Blue Bottle Coffee #12,-4.50`,
    `${month}-02,ACME PAYROLL,2500.00`,
    `${month}-03,Blue Bottle Coffee #7,-5.25`,
    '',
  ].join('\n');
}

test('import a CSV → a rule categorizes it → the budget shows the spending', async ({
  app,
}, testInfo) => {
  await createVault(app);
  await createAccount(app, 'Everyday Checking');

  // A rule first, so the import runs it on every new row.
  await goTo(app, 'Rules');
  await expect(app.getByText('No rules yet')).toBeVisible();
  await screenshot(app, testInfo, 'rules-empty');
  await app.getByRole('button', { name: 'Create your first rule' }).click();
  const editor = app.getByRole('dialog', { name: 'New rule' });
  await editor.getByLabel('Rule name').fill('Coffee shops');
  await editor.getByLabel('Condition 1: text to match').fill('blue bottle');
  await editor.getByLabel('Action 1: category').selectOption({ label: 'Coffee' });
  await screenshot(app, testInfo, 'rule-editor');
  await editor.getByRole('button', { name: 'Create rule' }).click();
  await expect(editor).toBeHidden();
  await expect(
    app.getByText('If payee contains “blue bottle”, then set category to Coffee.'),
  ).toBeVisible();
  await screenshot(app, testInfo, 'rules');

  // The wizard: file → detected format → mapping preview → result with counts.
  const file = testInfo.outputPath('statement.csv');
  writeFileSync(file, statement());
  await goTo(app, 'Import');
  await screenshot(app, testInfo, 'import-choose');
  const chooser = app.waitForEvent('filechooser');
  await app.getByRole('button', { name: 'Choose a file…' }).click();
  await (await chooser).setFiles(file);
  await expect(app.getByTestId('import-format')).toHaveText('CSV (comma-separated values)');
  await expect(app.getByLabel('Date column')).toHaveValue('0');
  await expect(app.getByLabel('Amount column')).toHaveValue('2');
  const rows = app.getByRole('table', { name: 'Preview of the imported transactions' });
  await expect(rows.getByRole('row')).toHaveCount(4);
  await expect(rows).toContainText('Blue Bottle Coffee #12');
  await expect(rows).toContainText('-$4.50');
  await screenshot(app, testInfo, 'import-preview');
  await app.getByRole('button', { name: 'Import into Everyday Checking' }).click();
  await expect(app.getByRole('heading', { name: 'Import finished' })).toBeVisible();
  await expect(app.getByTestId('import-added')).toHaveText('3');
  await expect(app.getByTestId('import-duplicates')).toHaveText('0');
  await screenshot(app, testInfo, 'import-result');

  // The rule categorized the coffee, not the payroll.
  await app.getByRole('button', { name: 'View transactions' }).click();
  await expect(app.getByRole('heading', { name: 'Transactions', level: 1 })).toBeVisible();
  const grid = app.getByRole('grid', { name: 'Transactions' });
  const coffee = grid.getByRole('row').filter({ hasText: 'Blue Bottle Coffee #7' });
  await expect(coffee).toContainText('Coffee');
  const payroll = grid.getByRole('row').filter({ hasText: 'ACME PAYROLL' });
  await expect(payroll).toContainText('Uncategorized');
  await screenshot(app, testInfo, 'transactions-imported');

  // The budget shows what was spent on coffee this month.
  await goTo(app, 'Budgets');
  const line = app
    .getByRole('row')
    .filter({ has: app.getByRole('rowheader', { name: /^Coffee/ }) });
  await line.getByLabel('Budget for Coffee in USD').fill('40');
  await line.getByLabel('Budget for Coffee in USD').press('Enter');
  await expect(line).toContainText('$9.75');
  await expect(line).toContainText('$30.25');
  await screenshot(app, testInfo, 'budgets');

  // The same file again adds nothing twice.
  await goTo(app, 'Import');
  const again = app.waitForEvent('filechooser');
  await app.getByRole('button', { name: 'Choose a file…' }).click();
  await (await again).setFiles(file);
  await app.getByRole('button', { name: 'Import into Everyday Checking' }).click();
  await expect(app.getByRole('heading', { name: 'Nothing new to import' })).toBeVisible();
  await expect(app.getByTestId('import-added')).toHaveText('0');
  await expect(app.getByTestId('import-duplicates')).toHaveText('3');

  // A rule made after the import: preview what it would change, then apply it.
  await goTo(app, 'Rules');
  await app.getByRole('button', { name: 'New rule' }).click();
  const salaryRule = app.getByRole('dialog', { name: 'New rule' });
  await salaryRule.getByLabel('Rule name').fill('Salary');
  await salaryRule.getByLabel('Condition 1: how to compare').selectOption({ label: 'starts with' });
  await salaryRule.getByLabel('Condition 1: text to match').fill('ACME');
  await salaryRule.getByLabel('Action 1: category').selectOption({ label: 'Salary' });
  await salaryRule.getByRole('button', { name: 'Create rule' }).click();
  await expect(salaryRule).toBeHidden();
  await app.getByRole('button', { name: 'Preview changes' }).click();
  await expect(app.getByText('1 transaction would change.')).toBeVisible();
  const changes = app.getByRole('table', { name: 'Changes the rules would make' });
  await expect(changes).toContainText('ACME PAYROLL');
  await expect(changes).toContainText('Category: Uncategorized → Salary');
  await screenshot(app, testInfo, 'rules-preview');
  await app.getByRole('button', { name: 'Apply to 1 transaction' }).click();
  await expect(app.getByText('1 transaction was updated.')).toBeVisible();
  await goTo(app, 'Transactions');
  await expect(
    app
      .getByRole('grid', { name: 'Transactions' })
      .getByRole('row')
      .filter({ hasText: 'ACME PAYROLL' }),
  ).toContainText('Salary');
});
