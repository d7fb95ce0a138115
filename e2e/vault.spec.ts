import { createVault, goTo, PASSPHRASE, unlock } from './support/flows';
import { expect, screenshot, test } from './support/harness';

test('first run → lock → wrong passphrase is refused in words → unlock', async ({
  app,
}, testInfo) => {
  await expect(app.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
  await screenshot(app, testInfo, 'create-vault');
  await createVault(app);
  await screenshot(app, testInfo, 'dashboard-empty');

  await app.getByRole('button', { name: 'Lock vault' }).click();
  await expect(app.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
  await expect(app.getByText('You locked the vault.')).toBeVisible();
  // Nothing decrypted stays on screen behind the lock.
  await expect(app.getByRole('navigation', { name: 'Main' })).toHaveCount(0);

  await app.getByLabel('Passphrase', { exact: true }).fill('not the passphrase at all');
  await app.getByRole('button', { name: 'Unlock', exact: true }).click();
  const alert = app.getByRole('alert');
  await expect(alert).toHaveText('That passphrase or recovery key is not correct.');
  await expect(alert).not.toContainText('WRONG_SECRET');
  await expect(app.getByLabel('Passphrase', { exact: true })).toHaveValue('');
  await screenshot(app, testInfo, 'unlock-wrong-passphrase');

  await unlock(app, PASSPHRASE);
  await expect(
    app.getByText('There was 1 failed unlock attempt since the last unlock.'),
  ).toHaveCount(0);
  await goTo(app, 'Settings');
  await app.getByLabel('Lock automatically after (minutes of inactivity)').fill('5');
  await app.getByRole('button', { name: 'Save' }).click();
  await expect(app.getByText('The vault now locks after 5 minutes of inactivity.')).toBeVisible();

  // The audit log recorded all of it, in words, and its chain verifies.
  const audit = app.getByRole('table', { name: 'Audit log, newest first' });
  await expect(audit).toContainText('Failed unlock attempt');
  await expect(audit).toContainText('Vault locked');
  await expect(audit).toContainText('Vault created');
  await app.getByRole('button', { name: 'Verify the audit log' }).click();
  await expect(
    app.getByText(/^The audit log is intact: all \d+ entries check out\.$/),
  ).toBeVisible();
  await screenshot(app, testInfo, 'settings');
  await app.getByRole('heading', { name: 'Audit log' }).scrollIntoViewIfNeeded();
  await screenshot(app, testInfo, 'settings-audit-log');
});
