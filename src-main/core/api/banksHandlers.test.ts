import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveSession } from '../cloud/cloudState';
import { _tempDataDir } from '../vault/_testSupport';
import { createCoreApi, type CoreApi } from './index';

/*
 * The bank and billing calls through the real dispatcher on a real vault. The full flow
 * against the real server and fakes is e2e/banks.spec.ts; here: what the renderer can and
 * cannot get (no link, no token), bad input, signed out, offline from the vault's record,
 * and links a hostile server might send, which must never reach the opener.
 */

let api: CoreApi;
let opened: string[];
let cleanup: () => void;
let server: http.Server | undefined;

beforeEach(async () => {
  const temp = _tempDataDir();
  cleanup = temp.cleanup;
  opened = [];
  api = createCoreApi({
    dataDir: temp.dir,
    openUrl: (url) => {
      opened.push(url);
      return Promise.resolve();
    },
  });
  await api.session.create('banks handler passphrase');
});
afterEach(async () => {
  api.session.lock('user');
  cleanup();
  if (server) await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

function signInTo(serverUrl: string): void {
  saveSession(api.session.requireVault().db, {
    serverUrl,
    email: 'me@example.com',
    userId: 'user-1',
    sessionId: 'session-1',
    refreshToken: 'refresh-token-for-tests',
    accessToken: 'access-token-for-tests',
    accessExpiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    signedInAt: new Date().toISOString(),
  });
}

/** A sync server that answers every request with `body` (JSON). */
async function fakeServer(body: (path: string) => unknown): Promise<string> {
  server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body(req.url ?? '')));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('bank and billing calls', () => {
  it('signed out: says so, lists nothing, opens nothing', async () => {
    expect(await api.dispatch('banks.list', {})).toEqual({
      ok: true,
      value: { cloud: 'signed-out', message: 'Not signed in to Casike Cloud.', items: [] },
    });
    expect(await api.dispatch('billing.status', {})).toMatchObject({
      ok: true,
      value: { cloud: 'signed-out', email: null, subscription: null },
    });
    expect(await api.dispatch('banks.link', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/not signed in/) as unknown },
    });
    expect(await api.dispatch('billing.checkout', {})).toMatchObject({ ok: false });
    expect(opened).toEqual([]);
  });

  it('refuses bad input before any handler runs', async () => {
    for (const [channel, input] of [
      ['banks.linkStatus', { linkId: 'short' }],
      ['banks.linkStatus', { linkId: '../../etc/passwd-aaaaaaaaaaaa' }],
      ['banks.unlink', {}],
      ['banks.unlink', { itemId: 'x', extra: 1 }],
      ['banks.sync', { itemId: '' }],
      ['billing.portal', { url: 'https://evil.example' }],
    ] as const)
      expect(await api.dispatch(channel, input)).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      });
    expect(await api.dispatch('banks.linkStatus', { linkId: 'a'.repeat(24) })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('offline: the banks, accounts and balances come from the vault', async () => {
    signInTo('http://127.0.0.1:1'); // nothing listens on port 1
    const account = await api.dispatch('accounts.create', {
      name: 'Platypus Checking ••0000',
      type: 'checking',
      currency: 'USD',
      openingBalance: 0,
    });
    if (!account.ok) throw new Error('no account');
    const accountId = (account.value as { id: string }).id;
    const db = api.session.requireVault().db;
    db.prepare(
      `INSERT INTO bank_items (item_id, institution_name, last_synced_at, linked_at)
       VALUES ('item-1', 'First Platypus Bank', '2026-11-20T10:00:00.000Z', '2026-11-01T09:00:00.000Z')`,
    ).run();
    db.prepare(
      `INSERT INTO bank_accounts (plaid_account_id, item_id, account_id, balance_current, balance_available)
       VALUES ('acc-1', 'item-1', ?, 11094, 10012)`,
    ).run(accountId);
    const listed = await api.dispatch('banks.list', {});
    expect(listed).toMatchObject({
      ok: true,
      value: {
        cloud: 'offline',
        message: expect.stringMatching(/will sync when you are online/) as unknown,
        items: [
          {
            itemId: 'item-1',
            institutionName: 'First Platypus Bank',
            status: 'unknown',
            lastSyncedAt: '2026-11-20T10:00:00.000Z',
            accounts: [
              { accountId, currency: 'USD', balanceCurrent: 11094, balanceAvailable: 10012 },
            ],
          },
        ],
      },
    });
    expect(await api.dispatch('billing.status', {})).toMatchObject({
      ok: true,
      value: { cloud: 'offline', email: 'me@example.com', subscription: null },
    });
  });

  it('opens the link the server sent, and returns neither it nor the link token', async () => {
    const url = await fakeServer(() => ({
      linkSessionId: 'ls-1',
      linkToken: 'link-sandbox-secret-token',
      hostedLinkUrl: 'http://127.0.0.1:9/hosted-link/abc',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      url: 'https://checkout.stripe.com/c/pay/cs_test_1',
    }));
    signInTo(url);
    const linked = await api.dispatch('banks.link', {});
    expect(linked.ok).toBe(true);
    expect(JSON.stringify(linked)).not.toMatch(/hosted-link|link-sandbox/);
    expect(await api.dispatch('billing.checkout', {})).toEqual({
      ok: true,
      value: { opened: true },
    });
    expect(opened).toEqual([
      'http://127.0.0.1:9/hosted-link/abc',
      'https://checkout.stripe.com/c/pay/cs_test_1',
    ]);
  });

  it.each([
    'file:///etc/passwd',
    'smb://attacker/share',
    'javascript:alert(1)',
    'http://evil.example/phish',
    'https://user:pw@checkout.stripe.com/',
  ])('never opens %j from a hostile server', async (hostile) => {
    const url = await fakeServer(() => ({
      linkSessionId: 'ls-1',
      linkToken: 'link-sandbox-secret-token',
      hostedLinkUrl: hostile,
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      url: hostile,
    }));
    signInTo(url);
    expect(await api.dispatch('banks.link', {})).toMatchObject({ ok: false });
    expect(await api.dispatch('billing.portal', {})).toMatchObject({ ok: false });
    expect(opened).toEqual([]);
  });
});
