import { expect as baseExpect } from '@playwright/test';
import { FakePlaid, plaidTransaction } from '../sync-server/test/fakes/fakePlaid';
import { FakeStripe } from '../sync-server/test/fakes/fakeStripe';
import {
  _startProxy,
  _startServer,
  type _Proxy,
  type _TestServer,
} from '../src-main/core/cloud/_cloudTestSupport';
import { completeSignIn, requestSignIn } from '../src-main/core/cloud';
import { initVault, openVault } from '../src-main/core/vault';
import { startWebHarness } from '../src-main/webHarness/harnessServer';
import { overflowsHorizontally, unnamedControls } from './support/accessibility';
import { goTo, PASSPHRASE, unlock } from './support/flows';
import { expect, screenshot, test as harnessTest } from './support/harness';

// The Banks screen and the Subscription section against the real cloud: the real sync
// server (child process, embedded PGlite) with the fake Plaid and fake Stripe on loopback,
// driven by the official SDKs. The vault is signed in before the harness starts (the app
// has no sign-in screen yet). The harness's "system browser" is a capture: the test plays
// the user on Stripe's and Plaid's pages by completing those sessions at the fakes.

const EMAIL = 'banks-e2e@example.com';
let plaid: FakePlaid;
let stripe: FakeStripe;
let server: _TestServer;
/** In front of the server, so the test can take the network down. */
let proxy: _Proxy;

const test = harnessTest.extend<{ opened: string[]; signedIn: boolean }>({
  signedIn: [true, { option: true }],
  // eslint-disable-next-line no-empty-pattern
  opened: async ({}, use) => {
    await use([]);
  },
  dataDir: async ({ dataDir, signedIn }, use) => {
    await initVault(dataDir, PASSPHRASE);
    const vault = await openVault({ dataDir }, { method: 'passphrase', passphrase: PASSPHRASE });
    try {
      if (signedIn) {
        await requestSignIn(vault, new URL(proxy.url), EMAIL);
        await completeSignIn(vault, await server.tokenFor(EMAIL));
      }
    } finally {
      vault.lock('exit');
    }
    await use(dataDir);
  },
  harness: async ({ dataDir, opened }, use) => {
    const harness = await startWebHarness({
      dataDir,
      port: 0,
      openUrl: (url) => {
        opened.push(url);
        return Promise.resolve();
      },
    });
    await use(harness);
    await harness.close();
  },
});

test.setTimeout(300_000);

test.beforeAll(async () => {
  plaid = await FakePlaid.start();
  stripe = await FakeStripe.start();
  server = await _startServer({
    PLAID_CLIENT_ID: plaid.clientId,
    PLAID_SECRET: plaid.secret,
    PLAID_BASE_URL: plaid.url,
    STRIPE_SECRET_KEY: stripe.secretKey,
    STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
    STRIPE_PRICE_ID: 'price_cloud_monthly',
    STRIPE_API_URL: stripe.url,
  });
  proxy = await _startProxy(server.url);
});

test.afterAll(async () => {
  await proxy?.close();
  await server?.close();
  await plaid?.close();
  await stripe?.close();
});

/** Waits for the app to hand the system browser one more URL, and returns it. */
async function nextOpened(opened: string[], count: number): Promise<string> {
  await baseExpect.poll(() => opened.length, { timeout: 15_000 }).toBe(count);
  const url = opened[count - 1];
  if (url === undefined) throw new Error('no URL opened');
  return url;
}

test('subscribe, link a bank, see balances, sync, see transactions, unlink', async ({
  app,
  opened,
}, testInfo) => {
  await unlock(app);
  await goTo(app, 'Banks');

  // Signed in, no subscription: said plainly, linking is off, the app works.
  const notice = app.getByRole('note', { name: 'Subscription' });
  await expect(notice.getByRole('heading', { name: 'No subscription' })).toBeVisible();
  await expect(app.getByRole('button', { name: 'Link a bank' })).toBeDisabled();
  await expect(app.getByText('No linked banks')).toBeVisible();
  await screenshot(app, testInfo, 'banks-no-subscription');

  // Subscribe: the Checkout URL from the server goes to the browser; the user pays there.
  await notice.getByRole('button', { name: 'Subscribe' }).click();
  const checkout = await nextOpened(opened, 1);
  expect(checkout.startsWith(`${stripe.url}/c/pay/`)).toBe(true);
  const sessionId = checkout.split('/').at(-1) ?? '';
  const { events } = stripe.completeCheckout(sessionId);
  for (const event of events)
    expect(await stripe.deliver(`${server.url}/webhooks/stripe`, event)).toBe(200);

  await goTo(app, 'Settings');
  const plan = app.getByRole('region', { name: 'Subscription' });
  await plan.getByRole('button', { name: 'Refresh' }).click();
  await expect(plan.getByTestId('plan-badge')).toHaveText('Active');
  await expect(plan.getByTestId('plan-status')).toContainText('Renews on');
  await plan.getByRole('button', { name: 'Manage billing' }).click();
  expect((await nextOpened(opened, 2)).startsWith(`${stripe.url}/p/session/`)).toBe(true);
  await plan.scrollIntoViewIfNeeded();
  await screenshot(app, testInfo, 'settings-subscription-active');

  // Link a bank: Hosted Link opens in the browser; the user finishes it at the fake Plaid.
  await goTo(app, 'Banks');
  await expect(app.getByRole('note', { name: 'Subscription' })).toHaveCount(0);
  await app.getByRole('button', { name: 'Link a bank' }).click();
  const hosted = await nextOpened(opened, 3);
  expect(hosted.startsWith(`${plaid.url}/hosted-link/`)).toBe(true);
  await expect(app.getByText(/Waiting for you to finish/)).toBeVisible();
  await screenshot(app, testInfo, 'banks-waiting-for-link');
  const tail = hosted.split('/').at(-1) ?? '';
  const linkToken = [...plaid.linkTokens.keys()].find((token) => token.endsWith(tail)) ?? '';
  const item = plaid.completeHostedLink(linkToken).item;
  if (item === undefined) throw new Error('the fake made no item');

  // Linked, then synced at once: the accounts and their balances show.
  const bank = app.getByRole('article', { name: 'First Platypus Bank' });
  await expect(app.getByText('Linked First Platypus Bank.')).toBeVisible();
  await expect(bank.getByRole('row', { name: /Plaid Checking/ })).toContainText('$110.94');
  await expect(bank.getByRole('row', { name: /Plaid Checking/ })).toContainText('$100.12');
  // What is owed on the card shows as money out (Plaid reports it positive).
  await expect(bank.getByRole('row', { name: /Plaid Credit Card/ })).toContainText(/[−-]\$410\.50/);
  await expect(bank.getByText('Connected')).toBeVisible();
  await expect(bank).not.toContainText('Last synced never');

  // New transactions at the bank; Sync now brings them in.
  const checking = item.accounts[0]?.account_id ?? '';
  plaid.setPages(item.itemId, [
    {
      added: [
        plaidTransaction({
          transaction_id: 'tx-e2e-groceries',
          account_id: checking,
          amount: 82.15,
          name: 'WHOLE FOODS MARKET',
          merchant_name: 'Whole Foods',
        }),
        plaidTransaction({
          transaction_id: 'tx-e2e-payroll',
          account_id: checking,
          amount: -2500,
          name: 'ACME PAYROLL',
        }),
      ],
    },
  ]);
  await bank.getByRole('button', { name: 'Sync First Platypus Bank now' }).click();
  await expect(app.getByText('First Platypus Bank: 2 new, 0 changed, 0 removed.')).toBeVisible();
  expect(await unnamedControls(app), 'controls without an accessible name').toEqual([]);
  expect(await overflowsHorizontally(app), 'the Banks screen scrolls sideways').toBe(false);
  await screenshot(app, testInfo, 'banks-linked-light');
  await app.emulateMedia({ colorScheme: 'dark' });
  await screenshot(app, testInfo, 'banks-linked-dark');
  await app.emulateMedia({ colorScheme: 'light' });

  await goTo(app, 'Transactions');
  await expect(app.getByText('Whole Foods').first()).toBeVisible();
  await expect(app.getByText(/ACME PAYROLL/i).first()).toBeVisible();
  await screenshot(app, testInfo, 'transactions-after-bank-sync');

  // The bank wants the user to sign in again (Plaid's ITEM/ERROR webhook): Reconnect runs
  // update-mode Link in the browser, and the bank is connected again.
  expect(
    await plaid.deliverWebhook(`${server.url}/webhooks/plaid`, {
      webhook_type: 'ITEM',
      webhook_code: 'ERROR',
      item_id: item.itemId,
      error: {
        error_type: 'ITEM_ERROR',
        error_code: 'ITEM_LOGIN_REQUIRED',
        error_message: 'the login details of this item have changed',
        display_message: null,
      },
      environment: 'sandbox',
    }),
  ).toBe(200);
  await goTo(app, 'Banks');
  await expect(bank.getByText('Reconnect your bank')).toBeVisible();
  await expect(bank.getByText('The bank asks you to sign in again.')).toBeVisible();
  await expect(bank.getByRole('button', { name: 'Sync First Platypus Bank now' })).toBeDisabled();
  await screenshot(app, testInfo, 'banks-reconnect');
  await bank.getByRole('button', { name: 'Reconnect First Platypus Bank' }).click();
  const update = await nextOpened(opened, 4);
  const updateToken =
    [...plaid.linkTokens.keys()].find((t) => t.endsWith(update.split('/').at(-1) ?? '')) ?? '';
  expect(plaid.linkTokens.get(updateToken)?.request.access_token).toBeTruthy(); // update mode
  plaid.completeHostedLink(updateToken);
  await expect(app.getByText('Reconnected First Platypus Bank. It syncs again.')).toBeVisible();
  await expect(bank.getByText('Connected')).toBeVisible();

  // Offline: the banks and their last balances still show, with "will sync when online".
  proxy.mode = { kind: 'down' };
  try {
    await goTo(app, 'Dashboard');
    await goTo(app, 'Banks');
    await expect(app.getByRole('heading', { name: 'Offline' })).toBeVisible();
    await expect(bank.getByText('Will sync when you are online.')).toBeVisible();
    await expect(bank.getByRole('row', { name: /Plaid Checking/ })).toContainText('$110.94');
    await expect(app.getByRole('button', { name: 'Link a bank' })).toBeDisabled();
    await screenshot(app, testInfo, 'banks-offline');
  } finally {
    proxy.mode = { kind: 'pass' };
  }

  // Unlink, after a confirmation that says the records stay.
  await goTo(app, 'Banks');
  await app
    .getByRole('article', { name: 'First Platypus Bank' })
    .getByRole('button', { name: 'Unlink First Platypus Bank' })
    .click();
  const dialog = app.getByRole('dialog', { name: 'Unlink First Platypus Bank?' });
  await expect(dialog).toContainText('every transaction already in your vault stay');
  await screenshot(app, testInfo, 'banks-unlink-confirm');
  await dialog.getByRole('button', { name: 'Unlink bank' }).click();
  await expect(dialog).toBeHidden();
  await expect(app.getByText(/Unlinked First Platypus Bank/)).toBeVisible();
  await expect(app.getByText('No linked banks')).toBeVisible();
  expect(plaid.callsTo('/item/remove')).toHaveLength(1);

  // The records stay in the vault.
  await goTo(app, 'Transactions');
  await expect(app.getByText('Whole Foods').first()).toBeVisible();
});

test.describe('signed out', () => {
  test.use({ signedIn: false });

  test('the Banks screen and Settings say so plainly; the local app keeps working', async ({
    app,
  }, testInfo) => {
    await unlock(app);
    await goTo(app, 'Banks');
    const notice = app.getByRole('note', { name: 'Casike Cloud' });
    await expect(
      notice.getByRole('heading', { name: 'Bank sync needs Casike Cloud' }),
    ).toBeVisible();
    await expect(notice).toContainText('Everything else in Casike works on this device');
    await expect(app.getByRole('button', { name: 'Link a bank' })).toBeDisabled();
    await expect(app.getByRole('alert')).toHaveCount(0);
    await screenshot(app, testInfo, 'banks-signed-out');
    await goTo(app, 'Settings');
    const plan = app.getByRole('region', { name: 'Subscription' });
    await expect(plan.getByTestId('plan-badge')).toHaveText('Not signed in');
    await expect(plan.getByRole('button', { name: 'Subscribe' })).toHaveCount(0);
    await expect(app.getByRole('alert')).toHaveCount(0);
    // Local features are untouched: an account can still be created.
    await goTo(app, 'Accounts');
    await expect(app.getByRole('button', { name: 'Add your first account' })).toBeEnabled();
  });
});
