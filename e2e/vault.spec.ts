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
  await screenshot(app, testInfo, 'settings');
});
