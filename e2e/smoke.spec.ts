import { expect, test } from './support/harness';

test('the first run shows the create-vault screen', async ({ app }) => {
  await expect(app.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
});
