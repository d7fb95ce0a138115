import { expect, type Locator, type Page } from '@playwright/test';

/** A passphrase the strength meter accepts. */
export const PASSPHRASE = 'violet harbor quantum lantern 42';

/** First run: creates the vault, confirms the recovery key, lands on the dashboard. */
export async function createVault(page: Page, passphrase = PASSPHRASE): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByLabel('Confirm passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Create vault' }).click();
  await expect(page.getByRole('heading', { name: 'Save your recovery key' })).toBeVisible();
  const groups = page
    .getByRole('list', { name: 'Recovery key, in numbered groups' })
    .locator('code');
  const third = await groups.nth(2).innerText();
  await page.getByLabel('To confirm you saved it, type group 3').fill(third);
  await page.getByRole('button', { name: 'I saved it, continue' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
}

/** Unlocks from the lock screen with a passphrase; expects the dashboard. */
export async function unlock(page: Page, passphrase = PASSPHRASE): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
}

export async function goTo(page: Page, screen: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: screen })
    .click();
  await expect(page.getByRole('heading', { name: screen, level: 1 })).toBeVisible();
}

/** Creates an account on the Accounts screen (default currency, zero opening balance). */
export async function createAccount(page: Page, name: string, currency = 'USD'): Promise<void> {
  await goTo(page, 'Accounts');
  const empty = page.getByRole('button', { name: 'Add your first account' });
  if (await empty.isVisible()) await empty.click();
  else await page.getByRole('button', { name: 'New account' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Currency').selectOption(currency);
  await dialog.getByRole('button', { name: 'Create account' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('cell', { name })).toBeVisible();
}

/** Today as YYYY-MM-DD in UTC, the way the app dates new entries. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The part of a scrolling element the tests touch (the e2e program has no DOM types). */
interface Scroller {
  scrollTop: number;
  scrollHeight: number;
}

/** Scrolls an element (the virtualized grid) to its current bottom. */
export async function scrollToBottom(locator: Locator): Promise<void> {
  await locator.evaluate((el: Scroller) => {
    el.scrollTop = el.scrollHeight;
  });
}
