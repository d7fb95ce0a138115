import { createVault, goTo } from './support/flows';
import { expect, screenshot, test } from './support/harness';

test('client → invoice with a taxed and an untaxed line → totals → send → partial payment', async ({
  app,
}, testInfo) => {
  await createVault(app);
  await goTo(app, 'Invoices');
  await expect(app.getByText('No invoices yet')).toBeVisible();
  await expect(app.getByText('No clients yet')).toBeVisible();
  await screenshot(app, testInfo, 'invoices-empty');

  // A client first: invoices are always for someone.
  await app.getByRole('button', { name: 'New client' }).click();
  const clientDialog = app.getByRole('dialog', { name: 'New client' });
  await clientDialog.getByLabel('Client name').fill('Northwind Studio');
  await clientDialog.getByLabel('Email').fill('billing@northwind.example');
  await clientDialog.getByRole('button', { name: 'Create client' }).click();
  await expect(clientDialog).toBeHidden();
  await expect(app.getByRole('region', { name: 'Clients' })).toContainText('Northwind Studio');

  // Two lines, one taxed at 20 %: the core computes the totals the editor shows.
  await app.getByRole('button', { name: 'Create your first invoice' }).click();
  await expect(app.getByRole('heading', { name: 'New invoice' })).toBeVisible();
  await expect(app.getByLabel('Client')).toHaveValue(/.+/);
  await app.getByLabel('Line 1 description').fill('Design work');
  await app.getByLabel('Line 1 quantity').fill('10');
  await app.getByLabel('Line 1 unit price').fill('120.00');
  await app.getByLabel('Line 1 tax rate in percent').fill('20');
  await app.getByRole('button', { name: 'Add line' }).click();
  await app.getByLabel('Line 2 description').fill('Hosting');
  await app.getByLabel('Line 2 quantity').fill('1');
  await app.getByLabel('Line 2 unit price').fill('50');
  await app.getByLabel('Payment terms').fill('Net 30');

  await expect(app.getByTestId('invoice-subtotal')).toHaveText('$1,250.00');
  await expect(app.getByTestId('invoice-tax')).toHaveText('$240.00');
  await expect(app.getByTestId('invoice-total')).toHaveText('$1,490.00');
  await expect(app.getByTestId('line-1-amount')).toHaveText('$1,200.00');
  await expect(app.getByTestId('line-2-amount')).toHaveText('$50.00');
  await screenshot(app, testInfo, 'invoice-editor');
  await app.getByRole('button', { name: 'Done' }).click();

  // Sending gives it the first number.
  await expect(app.getByTestId('invoice-status')).toHaveText('Draft');
  await app.getByRole('button', { name: 'Send invoice' }).click();
  await expect(app.getByTestId('invoice-number')).toHaveText('INV-0001');
  await expect(app.getByTestId('invoice-status')).toHaveText('Sent');

  // A partial payment leaves a balance.
  await app.getByRole('button', { name: 'Record payment' }).click();
  const payment = app.getByRole('dialog', { name: 'Record a payment' });
  await payment.getByLabel('Amount received (USD)').fill('500');
  await payment.getByRole('button', { name: 'Record payment' }).click();
  await expect(payment).toBeHidden();
  await expect(app.getByTestId('invoice-status')).toHaveText('Partially paid');
  await expect(app.getByTestId('invoice-paid')).toHaveText('$500.00');
  await expect(app.getByTestId('invoice-balance')).toHaveText('$990.00');
  await screenshot(app, testInfo, 'invoice-partially-paid');

  // No save dialog in the web harness: a sentence, not a failure.
  await app.getByRole('button', { name: 'Export PDF' }).click();
  await expect(app.getByText('Saving files is only available in the desktop app.')).toBeVisible();

  // The list and the metrics agree.
  await app.getByRole('button', { name: 'All invoices' }).click();
  const row = app.getByRole('row').filter({ hasText: 'INV-0001' });
  await expect(row).toContainText('Partially paid');
  await expect(row).toContainText('$990.00');
  await expect(app.getByRole('definition').filter({ hasText: '$990.00' }).first()).toBeVisible();
  await screenshot(app, testInfo, 'invoices');
  await app.emulateMedia({ colorScheme: 'dark' });
  await screenshot(app, testInfo, 'invoices-dark');
});
