import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FakePlaid,
  plaidTransaction,
  type FakeTransaction,
} from '../../../sync-server/test/fakes/fakePlaid';
import { FakeStripe } from '../../../sync-server/test/fakes/fakeStripe';
import {
  _startProxy,
  _startServer,
  type _Proxy,
  type _TestServer,
} from '../cloud/_cloudTestSupport';
import { completeSignIn, requestSignIn } from '../cloud';
import { _openTempVault } from '../vault/_testSupport';
import type { UnlockedVault } from '../vault';
import {
  billingPortalUrl,
  checkoutUrl,
  listBankItems,
  startBankLink,
  subscriptionStatus,
  syncBanks,
  unlinkBank,
  waitForBankLink,
} from './index';

/*
 * The acceptance test of issue 8, client side: the real sync server (child process,
 * embedded PGlite) configured with PLAID_BASE_URL / STRIPE_API_URL pointing at the fake
 * Plaid and fake Stripe, which the server drives with the official SDKs. The vault is a
 * real SQLCipher vault. A TCP proxy in front of the server plays "offline".
 */

const PRICE = 'price_cloud_monthly';
let plaid: FakePlaid;
let stripe: FakeStripe;
let server: _TestServer;
let proxy: _Proxy;
let vault: UnlockedVault;
let closeVault: () => void;
let dataDir: string;

/** The real `casike` command, spawned without blocking (the fakes answer from this process). */
function casike(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const bin = fileURLToPath(new URL('../../../bin/casike.js', import.meta.url));
  const child = spawn(process.execPath, [bin, ...args], {
    env: {
      ...process.env,
      CASIKE_DATA_DIR: dataDir,
      CASIKE_PASSPHRASE: 'temporary test passphrase',
      // The CLI's "system browser" is a fake that records each URL (see fakeBrowser).
      BROWSER: browser.command,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** A stand-in for the browser: a script that appends each URL it is given to a file. */
function fakeBrowser(): { command: string; urls: () => string[]; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'casike-browser-'));
  const log = join(dir, 'opened.txt');
  const command = join(dir, 'browser.sh');
  writeFileSync(command, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${log}'\n`);
  chmodSync(command, 0o755);
  return {
    command,
    dir,
    urls: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []),
  };
}
const browser = fakeBrowser();

beforeAll(async () => {
  plaid = await FakePlaid.start();
  stripe = await FakeStripe.start();
  server = await _startServer({
    PLAID_CLIENT_ID: plaid.clientId,
    PLAID_SECRET: plaid.secret,
    PLAID_BASE_URL: plaid.url,
    STRIPE_SECRET_KEY: stripe.secretKey,
    STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
    STRIPE_PRICE_ID: PRICE,
    STRIPE_API_URL: stripe.url,
  });
  proxy = await _startProxy(server.url);
  ({ vault, close: closeVault, dataDir } = await _openTempVault());
  await requestSignIn(vault, new URL(proxy.url), 'banker@example.com');
  await completeSignIn(vault, await server.tokenFor('banker@example.com'));
}, 240_000);

afterAll(async () => {
  rmSync(browser.dir, { recursive: true, force: true });
  closeVault?.();
  await proxy?.close();
  await server?.close();
  await plaid?.close();
  await stripe?.close();
});

interface Row {
  external_id: string;
  amount: number;
  date: string;
  status: string;
  category: string | null;
}
const ledger = (): Row[] =>
  vault.db
    .prepare(
      `SELECT t.external_id, t.amount, t.date, t.status,
              (SELECT name FROM categories WHERE id = t.category_id) AS category
       FROM transactions t ORDER BY t.external_id`,
    )
    .all() as Row[];
const dump = () => ({
  rows: vault.db.prepare('SELECT * FROM transactions ORDER BY id').all(),
  accounts: vault.db.prepare('SELECT * FROM accounts ORDER BY id').all(),
  cursor: vault.db.prepare('SELECT item_id, cursor FROM bank_items').all(),
});

const coffee = (accountId: string, over: Partial<FakeTransaction> = {}) =>
  plaidTransaction({
    transaction_id: 'tx-coffee-pending',
    account_id: accountId,
    amount: 4.5,
    name: 'BLUE BOTTLE #12',
    merchant_name: 'Blue Bottle Coffee',
    pending: true,
    personal_finance_category: {
      primary: 'FOOD_AND_DRINK',
      detailed: 'FOOD_AND_DRINK_COFFEE',
      confidence_level: 'VERY_HIGH',
    },
    ...over,
  });

describe('bank linking and sync end to end', () => {
  it('refuses to link without a subscription, then links after Checkout', async () => {
    await expect(startBankLink(vault)).rejects.toThrow(/subscri/i);
    expect(await checkoutUrl(vault)).toMatch(/^https?:\/\//);
    // `casike cloud subscribe` opens Checkout in the (fake) browser and waits for the plan.
    const subscribing = casike(['cloud', 'subscribe', '--poll-seconds', '0.1']);
    for (let i = 0; i < 200 && browser.urls().length === 0; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const url = browser.urls().at(-1) ?? '';
    expect(url.startsWith(`${stripe.url}/c/pay/`)).toBe(true);
    const sessionId = url.split('/').at(-1) ?? '';
    const { events } = stripe.completeCheckout(sessionId);
    for (const event of events)
      expect(await stripe.deliver(`${server.url}/webhooks/stripe`, event)).toBe(200);
    const subscribed = await subscribing;
    expect(subscribed.code).toBe(0);
    expect(subscribed.stdout).toMatch(/^Subscribed: active, renews /);
    expect(await subscriptionStatus(vault)).toMatchObject({ status: 'active', entitled: true });
    expect(await billingPortalUrl(vault)).toMatch(/^https?:\/\//);
  });

  let itemId = '';
  it('link → exchange → sync three pages → exactly the expected rows; again → no change', async () => {
    const link = await startBankLink(vault);
    expect(link.hostedLinkUrl).toMatch(/^https?:\/\//);
    let fakeItemId = '';
    // The user finishes in the browser while the client polls.
    const waiting = waitForBankLink(vault, link.linkToken, {
      intervalMs: 50,
      sleep: async (ms) => {
        if (fakeItemId === '') {
          const done = plaid.completeHostedLink(link.linkToken);
          fakeItemId = done.item?.itemId ?? '';
        }
        await new Promise((resolve) => setTimeout(resolve, ms));
      },
    });
    const linked = await waiting;
    expect(linked.status).toBe('linked');
    if (linked.status !== 'linked') return;
    expect(linked.items).toHaveLength(1);
    itemId = linked.items[0]?.id ?? '';

    const fake = plaid.items.get(fakeItemId);
    const chk = fake?.accounts[0]?.account_id ?? '';
    const cc = fake?.accounts[1]?.account_id ?? '';
    const groceries = plaidTransaction({
      transaction_id: 'tx-groceries',
      account_id: chk,
      amount: 82.15,
      name: 'WHOLE FOODS',
      merchant_name: 'Whole Foods',
      personal_finance_category: {
        primary: 'FOOD_AND_DRINK',
        detailed: 'FOOD_AND_DRINK_GROCERIES',
        confidence_level: 'HIGH',
      },
    });
    const payroll = plaidTransaction({
      transaction_id: 'tx-payroll',
      account_id: chk,
      amount: -2500,
      name: 'ACME PAYROLL',
    });
    plaid.setPages(fakeItemId, [
      { added: [coffee(cc), groceries, payroll] },
      {
        added: [
          coffee(cc, {
            transaction_id: 'tx-coffee-posted',
            amount: 5.4,
            pending: false,
            pending_transaction_id: 'tx-coffee-pending',
            date: '2026-02-21',
          }),
        ],
        modified: [{ ...groceries, amount: 80.15 }],
        removed: [{ transaction_id: 'tx-coffee-pending', account_id: cc }],
      },
      {
        added: [
          plaidTransaction({
            transaction_id: 'tx-refund',
            account_id: cc,
            amount: -19.99,
            name: 'REFUND',
          }),
        ],
        removed: [{ transaction_id: 'tx-payroll', account_id: chk }],
      },
    ]);

    const [result] = await syncBanks(vault);
    expect(result).toMatchObject({ added: 4, removed: 1, pendingReplaced: 1, accountsCreated: 2 });
    expect(ledger()).toEqual([
      {
        external_id: 'tx-coffee-posted',
        amount: -540,
        date: '2026-02-21',
        status: 'cleared',
        category: 'Coffee',
      },
      {
        external_id: 'tx-groceries',
        amount: -8015,
        date: '2026-02-20',
        status: 'cleared',
        category: 'Groceries',
      },
      {
        external_id: 'tx-refund',
        amount: 1999,
        date: '2026-02-20',
        status: 'cleared',
        category: 'Shopping', // the fake's default category: GENERAL_MERCHANDISE
      },
    ]);
    const balances = vault.db
      .prepare('SELECT balance_current FROM bank_accounts ORDER BY balance_current')
      .all();
    expect(balances).toEqual([{ balance_current: 11094 }, { balance_current: 41050 }]);

    const before = dump();
    const [again] = await syncBanks(vault);
    expect(again).toMatchObject({ added: 0, modified: 0, removed: 0, pendingReplaced: 0 });
    expect(dump()).toEqual(before);

    // The CLI on the same vault: a third sync through `casike bank sync --json` finds nothing.
    const cli = await casike(['bank', 'sync', '--json']);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject([{ itemId, added: 0, modified: 0, removed: 0 }]);
    const listedByCli = await casike(['bank', 'list']);
    expect(listedByCli.stdout).toContain(itemId);
    expect(listedByCli.stdout).toContain('First Platypus Bank Plaid Checking ••0000');
    const billing = await casike(['cloud', 'billing', '--json']);
    const portal = JSON.parse(billing.stdout) as { url: string; opened: boolean };
    expect(portal.opened).toBe(true);
    expect(portal.url).toMatch(/^https?:/);
    expect(browser.urls().at(-1)).toBe(portal.url);
    const printed = await casike(['cloud', 'billing', '--no-browser']);
    expect(printed.stdout.trim()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/p\/session\//);
    expect(browser.urls().at(-1)).toBe(portal.url); // --no-browser opened nothing
    expect(dump()).toEqual(before);

    const listed = await listBankItems(vault);
    expect(listed.map((i) => [i.id, i.accounts.length])).toEqual([[itemId, 2]]);
  });

  it('the CLI opens Hosted Link in the browser and waits: cancelled, then timed out', async () => {
    const before = dump();
    const opened = browser.urls().length;
    const running = casike(['bank', 'link', '--poll-seconds', '0.1']);
    for (let i = 0; i < 200 && browser.urls().length === opened; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const url = browser.urls().at(-1) ?? '';
    expect(url.startsWith(`${plaid.url}/hosted-link/`)).toBe(true);
    const tail = url.split('/').at(-1) ?? '';
    const token = [...plaid.linkTokens.keys()].find((t) => t.endsWith(tail)) ?? '';
    plaid.completeHostedLink(token, { exit: true });
    const cancelled = await running;
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout).toContain('Linking was cancelled in the browser; nothing was linked.');
    expect(cancelled.stderr).toContain(`Opened your browser to connect your bank`);

    const late = await casike([
      'bank',
      'link',
      '--poll-seconds',
      '0.1',
      '--timeout-minutes',
      '0.01',
    ]);
    expect(late.code).toBe(1);
    expect(late.stderr.trim().split('\n').at(-1)).toMatch(
      /the bank link was not finished within 0\.01 minutes; nothing was linked/,
    );
    expect(late.stderr).not.toMatch(/\n\s+at /);
    expect(dump()).toEqual(before);
  });

  it('offline: a clear "will sync when online" error and nothing changes', async () => {
    const before = dump();
    proxy.mode = { kind: 'down' };
    try {
      await expect(syncBanks(vault)).rejects.toThrow(/will sync when you are online/);
    } finally {
      proxy.mode = { kind: 'pass' };
    }
    expect(dump()).toEqual(before);
  });

  it('unlink: the fake saw /item/remove; the records stay in the vault', async () => {
    const rows = ledger().length;
    await unlinkBank(vault, itemId);
    expect(plaid.callsTo('/item/remove')).toHaveLength(1);
    expect(await listBankItems(vault)).toEqual([]);
    expect(ledger()).toHaveLength(rows);
    expect(vault.db.prepare('SELECT count(*) AS n FROM bank_items').get()).toEqual({ n: 0 });
    // Audited (P000-42): linked, synced, unlinked, with counts only, never a token or an id.
    const audit = vault.db
      .prepare(`SELECT event, details FROM audit_log WHERE event LIKE 'bank.%' ORDER BY seq`)
      .all() as { event: string; details: string }[];
    expect(audit.map((row) => row.event)).toEqual([
      'bank.linked',
      'bank.synced',
      'bank.synced',
      'bank.synced', // the third by `casike bank sync` on the same vault
      'bank.unlinked',
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/access-|link-|public-|item-|acc-/);
  });

  it('audits linking, every sync and the unlink in the vault chain, with ids and counts only', () => {
    const rows = vault
      .listAudit(500)
      .filter((r) => r.event.startsWith('bank.'))
      .reverse()
      .map((r) => ({ event: r.event, details: JSON.parse(r.details) as Record<string, unknown> }));
    const events = rows.map((r) => r.event);
    expect(events[0]).toBe('bank.linked');
    expect(events.at(-1)).toBe('bank.unlinked');
    expect(rows[0]?.details).toEqual({ items: 1, itemIds: itemId, reconnected: false });
    expect(rows.at(-1)?.details).toEqual({ itemId });
    // Each sync this process ran is one row (the first pulled three pages); the offline
    // attempt, which changed nothing, left none.
    const syncs = rows.filter((r) => r.event === 'bank.synced');
    expect(syncs.length).toBeGreaterThanOrEqual(2);
    expect(syncs[0]?.details).toMatchObject({ itemId });
    for (const sync of syncs)
      expect(Object.keys(sync.details).sort()).toEqual(['added', 'itemId', 'modified', 'removed']);
    expect(syncs.some((r) => Number(r.details.added) > 0)).toBe(true);
    // Nothing of the bank's data: no merchant, no Plaid ids, no amounts' text.
    const text = JSON.stringify(rows);
    for (const secret of ['WHOLE FOODS', 'Whole Foods', 'BLUE BOTTLE', 'tx-', 'access-'])
      expect(text).not.toContain(secret);
    expect(vault.verifyAudit()).toMatchObject({ ok: true });
  });
});
