import { readdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransactionInputSchema } from '../../../src-shared/contract/ledger';
import { createAccount, createTransaction } from '../ledger';
import { databasePath, initVault, openVault, vaultStatus, type UnlockedVault } from '../vault';
import { _tempDataDir } from '../vault/_testSupport';
import { _startProxy, _startServer, type _Proxy, type _TestServer } from './_cloudTestSupport';
import type { RestoreSwapStep } from './backupRestore';
import { CloudError } from './cloudErrors';
import { loadSession } from './cloudState';
import {
  cloudStatus,
  completeSignIn,
  createBackup,
  deleteBackup,
  listBackups,
  requestSignIn,
  restoreBackup,
  signOut,
} from './index';

/*
 * The cloud client end to end against the real sync server on 127.0.0.1 (embedded
 * PGlite), with a TCP proxy in between that plays a bad network or a malicious server.
 */

const PASS = 'cloud test passphrase';
const MARKER = 'ZEBRA-PLAINTEXT-MARKER-7741';
const PART = 64 * 1024;
const CHUNK = 16 * 1024;

let server: _TestServer;
let proxy: _Proxy;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  server = await _startServer();
  proxy = await _startProxy(server.url);
}, 240_000);
afterAll(async () => {
  for (const c of cleanups) c();
  await proxy?.close();
  await server?.close();
});

async function newVault(): Promise<{
  vault: UnlockedVault;
  dataDir: string;
  reopen: () => Promise<UnlockedVault>;
}> {
  const { dir, cleanup } = _tempDataDir();
  cleanups.push(cleanup);
  await initVault(dir, PASS);
  const reopen = () => openVault({ dataDir: dir }, { method: 'passphrase', passphrase: PASS });
  return { vault: await reopen(), dataDir: dir, reopen };
}

async function signInVia(vault: UnlockedVault, url: string, email: string): Promise<void> {
  await requestSignIn(vault, new URL(url), email);
  await completeSignIn(vault, await server.tokenFor(email));
}

/** Signs in and subscribes (backups are a paid cloud feature); returns the subscription id. */
async function subscribedVia(vault: UnlockedVault, url: string, email: string): Promise<string> {
  await signInVia(vault, url, email);
  const session = loadSession(vault.db);
  if (session === undefined) throw new Error('not signed in');
  return server.subscribe({ accessToken: session.accessToken });
}

function addLedgerRows(vault: UnlockedVault, rows: number): void {
  const account = createAccount(vault.db, {
    name: `${MARKER} checking`,
    type: 'checking',
    currency: 'USD',
    openingBalance: 0,
  });
  for (let i = 0; i < rows; i += 1) {
    createTransaction(
      vault.db,
      TransactionInputSchema.parse({
        accountId: account.id,
        date: '2026-03-10',
        amount: -(100 + i),
        payee: `${MARKER} payee ${i}`,
        memo: `${MARKER} memo ${i} ${'x'.repeat(200)}`,
      }),
    );
  }
}

const accountNames = (vault: UnlockedVault) =>
  (vault.db.prepare('SELECT name FROM accounts ORDER BY name').all() as { name: string }[]).map(
    (r) => r.name,
  );

const failureOf = async (work: Promise<unknown>): Promise<string> => {
  try {
    await work;
  } catch (error) {
    if (error instanceof CloudError) return error.failure;
    throw error;
  }
  return 'no error';
};

describe('cloud sign-in', { timeout: 240_000 }, () => {
  it('signs in with the emailed code or link, keeps tokens only in the vault, and signs out', async () => {
    const { vault, dataDir } = await newVault();
    const email = `ann-${Date.now()}@example.test`;
    expect(await cloudStatus(vault)).toEqual({ signedIn: false, pendingSignIn: null });
    await requestSignIn(vault, new URL(server.url), email);
    expect(await cloudStatus(vault)).toMatchObject({ signedIn: false, pendingSignIn: { email } });
    const token = await server.tokenFor(email);
    // The emailed casike:// link works as well as the bare code.
    const link = `casike://auth/magic-link?token=${token}&server=${encodeURIComponent(server.url)}`;
    const done = await completeSignIn(vault, link);
    expect(done).toMatchObject({ email, server: server.url, mfa: false });
    const status = await cloudStatus(vault);
    expect(status).toMatchObject({ signedIn: true, email, me: { user: { email } } });
    // Tokens live in the encrypted database; no other file in the data folder appeared.
    const session = loadSession(vault.db);
    expect(session?.refreshToken).toMatch(/^crt_/);
    expect(readdirSync(dataDir).sort()).toEqual([
      'casike.db',
      'casike.db-shm',
      'casike.db-wal',
      'vault.json',
    ]);
    // A link for another server is refused before anything is sent.
    await requestSignIn(vault, new URL(server.url), email);
    expect(
      await failureOf(
        completeSignIn(
          vault,
          `casike://auth/magic-link?token=${token}&server=https%3A%2F%2Fevil.example`,
        ),
      ),
    ).toBe('rejected');
    // The used code does not work twice.
    expect(await failureOf(completeSignIn(vault, token))).toBe('not_signed_in');

    // An expiring access token is renewed first; the rotated refresh token is saved at once.
    vault.db
      .prepare("UPDATE cloud_session SET access_expires_at = '2000-01-01T00:00:00.000Z'")
      .run();
    expect(await listBackups(vault)).toEqual([]);
    const renewed = loadSession(vault.db);
    expect(renewed?.refreshToken).not.toBe(session?.refreshToken);
    expect(Date.parse(renewed?.accessExpiresAt ?? '')).toBeGreaterThan(Date.now());
    expect(await cloudStatus(vault)).toMatchObject({ signedIn: true });

    expect(await signOut(vault)).toEqual({ serverConfirmed: true });
    expect(loadSession(vault.db)).toBeUndefined();
    expect(await failureOf(listBackups(vault))).toBe('not_signed_in');
    const events = vault.listAudit(20).map((r) => r.event);
    expect(events).toContain('cloud.signed_in');
    expect(events).toContain('cloud.signed_out');
    vault.lock();
  });

  it('refuses a plain-http server that is not loopback', async () => {
    const { vault } = await newVault();
    expect(
      await failureOf(requestSignIn(vault, new URL('http://cloud.example.com'), 'a@example.test')),
    ).toBe('insecure_url');
    vault.lock();
  });
});

describe('encrypted backups', { timeout: 240_000 }, () => {
  it('uploads only ciphertext, restores it, and keeps the session across the restore', async () => {
    const { vault, reopen } = await newVault();
    await subscribedVia(vault, proxy.url, `bob-${Date.now()}@example.test`);
    addLedgerRows(vault, 50);
    proxy.sent.length = 0;
    const made = await createBackup(vault, { partBytes: PART, chunkBytes: CHUNK });
    expect(made).toMatchObject({ sequence: 1, resumed: false });
    // Everything the client sent (and the server stores) is free of the ledger's text.
    const wire = Buffer.concat(proxy.sent);
    expect(wire.length).toBeGreaterThan(made.sizeBytes);
    expect(wire.includes(Buffer.from(MARKER))).toBe(false);
    expect(wire.includes(Buffer.from('SQLite format 3'))).toBe(false);

    // Change the vault after the backup, then restore: the change is gone.
    createAccount(vault.db, {
      name: 'made after the backup',
      type: 'cash',
      currency: 'USD',
      openingBalance: 0,
    });
    expect((await listBackups(vault)).map((b) => b.id)).toEqual([made.backupId]);
    const restored = await restoreBackup(vault, made.backupId, { reopen });
    expect(vault.isOpen).toBe(false);
    const names = accountNames(restored.vault);
    expect(names).toEqual([`${MARKER} checking`]);
    const rows = restored.vault.db.prepare('SELECT count(*) AS n FROM transactions').get() as {
      n: number;
    };
    expect(rows.n).toBe(50);
    // Same device, same session: still signed in, and the audit chain is intact.
    expect(await cloudStatus(restored.vault)).toMatchObject({ signedIn: true });
    expect(restored.vault.verifyAudit()).toMatchObject({ ok: true });
    expect(restored.vault.listAudit(10).map((r) => r.event)).toContain('backup.restored');
    restored.vault.lock();
  });

  it('detects a byte flipped by the server, and leaves the vault as it was', async () => {
    const { vault, reopen } = await newVault();
    await subscribedVia(vault, proxy.url, `carol-${Date.now()}@example.test`);
    addLedgerRows(vault, 30);
    const made = await createBackup(vault, { partBytes: PART, chunkBytes: CHUNK });
    proxy.mode = { kind: 'flipResponse' };
    const failure = await failureOf(
      restoreBackup(vault, made.backupId, {
        reopen: () => Promise.reject(new Error('must not reopen')),
      }),
    );
    proxy.mode = { kind: 'pass' };
    expect(failure).toBe('tampered');
    expect(vault.isOpen).toBe(true);
    expect(accountNames(vault)).toEqual([`${MARKER} checking`]);
    expect(
      readdirSync(vault.dataDir).filter(
        (f) => f.includes('restoring') || f.includes('pre-restore'),
      ),
    ).toEqual([]);

    // A restored vault that does not open puts the previous one back, as it was.
    createAccount(vault.db, {
      name: 'after the backup',
      type: 'cash',
      currency: 'USD',
      openingBalance: 0,
    });
    await expect(
      restoreBackup(vault, made.backupId, {
        reopen: () => Promise.reject(new Error('cannot open it')),
      }),
    ).rejects.toThrow('cannot open it');
    expect(vault.isOpen).toBe(false);
    const again = await reopen();
    expect(accountNames(again)).toEqual(['after the backup', `${MARKER} checking`]);
    expect(again.verifyAudit()).toMatchObject({ ok: true });
    expect(
      readdirSync(again.dataDir).filter(
        (f) => f.includes('restoring') || f.includes('pre-restore'),
      ),
    ).toEqual([]);
    again.lock();
  });

  it('refuses a rollback to an older backup and a backup swapped for another', async () => {
    const { vault, reopen } = await newVault();
    await subscribedVia(vault, proxy.url, `dave-${Date.now()}@example.test`);
    addLedgerRows(vault, 5);
    const first = await createBackup(vault, { partBytes: PART, chunkBytes: CHUNK });
    createAccount(vault.db, { name: 'second', type: 'cash', currency: 'USD', openingBalance: 0 });
    const second = await createBackup(vault, { partBytes: PART, chunkBytes: CHUNK });
    expect(second.sequence).toBe(first.sequence + 1);

    // The server answers the newer backup's request with the older one's bytes.
    proxy.mode = { kind: 'swapId', from: second.backupId, to: first.backupId };
    expect(await failureOf(restoreBackup(vault, second.backupId, { reopen }))).toBe('wrong_backup');
    proxy.mode = { kind: 'pass' };
    // Asking for the older one is a rollback: refused unless the user means it.
    expect(await failureOf(restoreBackup(vault, first.backupId, { reopen }))).toBe('rollback');
    const older = await restoreBackup(vault, first.backupId, { reopen, allowOlder: true });
    expect(accountNames(older.vault)).toEqual([`${MARKER} checking`]);
    // The restored vault still remembers the newest sequence, so the next backup is newer.
    const third = await createBackup(older.vault, { partBytes: PART, chunkBytes: CHUNK });
    expect(third.sequence).toBe(second.sequence + 1);
    // And "latest" now means the third.
    const latest = await restoreBackup(older.vault, 'latest', { reopen });
    expect(latest.backupId).toBe(third.backupId);
    await deleteBackup(latest.vault, first.backupId);
    expect((await listBackups(latest.vault)).map((b) => b.id)).not.toContain(first.backupId);
    expect(latest.vault.listAudit(5).map((r) => r.event)).toContain('backup.deleted');
    latest.vault.lock();
  });

  it('resumes an upload after a dropped connection, in the same call and in a later one', async () => {
    const { vault } = await newVault();
    await subscribedVia(vault, proxy.url, `erin-${Date.now()}@example.test`);
    addLedgerRows(vault, 400);
    // Same call: the connection dies in the middle of the second part; the client asks the
    // server what it has and sends only the rest.
    proxy.mode = { kind: 'dropAfter', bytes: PART + PART / 2 };
    const once = await createBackup(vault, { partBytes: PART, chunkBytes: CHUNK });
    const parts = Math.ceil(once.sizeBytes / PART);
    expect(parts).toBeGreaterThan(3);
    expect(proxy.mode).toEqual({ kind: 'pass' }); // the drop happened
    expect(once.reconnects).toBe(1);
    expect(once.partsUploaded).toBe(parts);

    // Later call: the network goes down for good mid-upload; the call fails, the upload
    // stays resumable, and the next call finishes it without starting over.
    proxy.mode = { kind: 'dropAfter', bytes: PART * 2 + 100 };
    const downAfterDrop = setInterval(() => {
      if (proxy.mode.kind === 'pass') proxy.mode = { kind: 'down' };
    }, 1);
    const failure = await failureOf(
      createBackup(vault, { partBytes: PART, chunkBytes: CHUNK, retries: 1 }),
    );
    clearInterval(downAfterDrop);
    proxy.mode = { kind: 'pass' };
    expect(failure).toBe('unreachable');
    const resumed = await createBackup(vault, { partBytes: PART, chunkBytes: CHUNK });
    expect(resumed.resumed).toBe(true);
    expect(resumed.reconnects).toBe(0);
    expect(resumed.partsUploaded).toBeGreaterThan(0);
    expect(resumed.partsUploaded).toBeLessThan(Math.ceil(resumed.sizeBytes / PART));
    expect(resumed.sequence).toBe(once.sequence + 1);
    const listed = await listBackups(vault);
    expect(listed.find((b) => b.id === resumed.backupId)).toMatchObject({ status: 'complete' });
    vault.lock();
  });

  it('restores onto a new device with the passphrase, and user B cannot reach A’s backups', async () => {
    const email = `fran-${Date.now()}@example.test`;
    const a = await newVault();
    await subscribedVia(a.vault, proxy.url, email);
    addLedgerRows(a.vault, 10);
    const made = await createBackup(a.vault, { partBytes: PART, chunkBytes: CHUNK });
    a.vault.lock();

    // Another account sees nothing of A's.
    const b = await newVault();
    await signInVia(b.vault, proxy.url, `gus-${Date.now()}@example.test`);
    expect(await listBackups(b.vault)).toEqual([]);
    expect(await failureOf(restoreBackup(b.vault, made.backupId, { reopen: b.reopen }))).toBe(
      'rejected',
    );
    expect(await failureOf(deleteBackup(b.vault, made.backupId))).toBe('rejected');
    b.vault.lock();

    // A new device: a fresh vault signed in to A's account restores with A's passphrase.
    const { dir, cleanup } = _tempDataDir();
    cleanups.push(cleanup);
    await initVault(dir, 'the new device passphrase');
    const fresh = await openVault(
      { dataDir: dir },
      { method: 'passphrase', passphrase: 'the new device passphrase' },
    );
    await signInVia(fresh, proxy.url, email);
    expect(await failureOf(restoreBackup(fresh, made.backupId, { reopen: b.reopen }))).toBe(
      'wrong_secret',
    );
    expect(
      await failureOf(
        restoreBackup(fresh, made.backupId, {
          secret: { passphrase: 'not the passphrase' },
          reopen: () => Promise.reject(new Error('unused')),
        }),
      ),
    ).toBe('wrong_secret');
    const restored = await restoreBackup(fresh, made.backupId, {
      secret: { passphrase: PASS },
      reopen: ({ replacedKeys }) => {
        expect(replacedKeys).toBe(true);
        return openVault({ dataDir: dir }, { method: 'passphrase', passphrase: PASS });
      },
    });
    expect(restored.replacedKeys).toBe(true);
    expect(accountNames(restored.vault)).toEqual([`${MARKER} checking`]);
    expect(restored.vault.verifyAudit()).toMatchObject({ ok: true });
    expect(await cloudStatus(restored.vault)).toMatchObject({ signedIn: true, email });
    restored.vault.lock();
  });

  it('refuses to upload once the subscription lapses, with one clear line; local work, list, restore and delete go on', async () => {
    const { vault, reopen } = await newVault();
    const email = `hal-${Date.now()}@example.test`;
    const subscription = await subscribedVia(vault, proxy.url, email);
    addLedgerRows(vault, 8);
    const made = await createBackup(vault, { partBytes: PART, chunkBytes: CHUNK });
    await server.setSubscriptionStatus(subscription, 'canceled');

    let refusal: unknown;
    try {
      await createBackup(vault, { partBytes: PART, chunkBytes: CHUNK });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(CloudError);
    const cloudError = refusal as CloudError;
    expect(cloudError).toMatchObject({ failure: 'rejected', status: 402 });
    expect(cloudError.serverCode).toBe('subscription_lapsed');
    expect(cloudError.message).toMatch(/subscription is canceled/);
    expect(cloudError.message).toMatch(/everything local keeps working/);
    expect(cloudError.message).not.toMatch(/\n/);
    expect((await listBackups(vault)).map((b) => b.id)).toEqual([made.backupId]);

    // The free local app does not care: the vault still takes new data.
    createAccount(vault.db, {
      name: 'after the lapse',
      type: 'cash',
      currency: 'USD',
      openingBalance: 0,
    });
    expect(accountNames(vault)).toEqual(['after the lapse', `${MARKER} checking`]);

    // Getting the data back never depends on paying: restore, then erase it from the server.
    const restored = await restoreBackup(vault, made.backupId, { reopen });
    expect(accountNames(restored.vault)).toEqual([`${MARKER} checking`]);
    expect(restored.vault.verifyAudit()).toMatchObject({ ok: true });
    await deleteBackup(restored.vault, made.backupId);
    expect(await listBackups(restored.vault)).toEqual([]);
    restored.vault.lock();
  });
});

describe('a restore cut short by a crash', { timeout: 240_000 }, () => {
  class SimulatedCrash extends Error {}
  const STEPS: readonly RestoreSwapStep[] = [
    'previous-moved',
    'vault-file-moved',
    'vault-file-written',
    'restored-in-place',
    'reopened',
    'committed',
  ];
  const leftovers = (dir: string) =>
    readdirSync(dir).filter((f) => f.includes('pre-restore') || f.includes('restoring'));

  /** Restores with a "crash" at `step`: the process dies, its open files with it. */
  async function crashAt(
    vault: UnlockedVault,
    backupId: string,
    step: RestoreSwapStep,
    reopen: () => Promise<UnlockedVault>,
    secret?: { passphrase: string },
  ): Promise<void> {
    let opened: UnlockedVault | undefined;
    await expect(
      restoreBackup(vault, backupId, {
        ...(secret === undefined ? {} : { secret }),
        reopen: async () => (opened = await reopen()),
        onSwapStep: (reached) => {
          if (reached === step) throw new SimulatedCrash(step);
        },
      }),
    ).rejects.toBeInstanceOf(SimulatedCrash);
    // A dead process writes nothing more: close the handle without locking (no audit row).
    opened?.db.close();
  }

  it('rolls back to the previous vault until the commit point, and finishes after it (same keys)', async () => {
    const { vault, dataDir, reopen } = await newVault();
    await subscribedVia(vault, proxy.url, `ivy-${Date.now()}@example.test`);
    addLedgerRows(vault, 3);
    const made = await createBackup(vault, { partBytes: PART, chunkBytes: CHUNK });
    createAccount(vault.db, {
      name: 'after the backup',
      type: 'cash',
      currency: 'USD',
      openingBalance: 0,
    });
    let current = vault;
    for (const step of STEPS) {
      await crashAt(current, made.backupId, step, reopen);
      expect(leftovers(dataDir).length, step).toBeGreaterThan(0);
      // Startup: the status screen already sees the vault; unlocking puts it right.
      expect(vaultStatus(dataDir).exists, step).toBe(true);
      current = await reopen();
      expect(leftovers(dataDir), step).toEqual([]);
      expect(current.verifyAudit(), step).toMatchObject({ ok: true });
      if (step === 'committed') {
        expect(accountNames(current), step).toEqual([`${MARKER} checking`]);
        expect(current.listAudit(20).map((r) => r.event)).toContain('backup.restored');
      } else {
        expect(accountNames(current), step).toEqual(['after the backup', `${MARKER} checking`]);
        expect(await cloudStatus(current), step).toMatchObject({ signedIn: true });
      }
    }
    // A download cut short leaves only its staging file; the next unlock removes it.
    current.lock();
    writeFileSync(`${databasePath(dataDir)}.restoring`, 'partial download');
    current = await reopen();
    expect(leftovers(dataDir)).toEqual([]);
    current.lock();
  });

  it('rolls back to the new device’s own vault, or finishes onto the backup’s keys (replaced keys)', async () => {
    const email = `jo-${Date.now()}@example.test`;
    const a = await newVault();
    await subscribedVia(a.vault, proxy.url, email);
    addLedgerRows(a.vault, 3);
    const made = await createBackup(a.vault, { partBytes: PART, chunkBytes: CHUNK });
    a.vault.lock();

    const { dir, cleanup } = _tempDataDir();
    cleanups.push(cleanup);
    await initVault(dir, 'the new device passphrase');
    const own = () =>
      openVault(
        { dataDir: dir },
        { method: 'passphrase', passphrase: 'the new device passphrase' },
      );
    const theirs = () => openVault({ dataDir: dir }, { method: 'passphrase', passphrase: PASS });
    let current = await own();
    createAccount(current.db, {
      name: 'new device only',
      type: 'cash',
      currency: 'USD',
      openingBalance: 0,
    });
    await signInVia(current, proxy.url, email);
    for (const step of STEPS) {
      await crashAt(current, made.backupId, step, theirs, { passphrase: PASS });
      expect(leftovers(dir).length, step).toBeGreaterThan(0);
      expect(vaultStatus(dir).exists, step).toBe(true);
      // Rolled back, the device's own passphrase opens its own vault, signed in as before.
      current = step === 'committed' ? await theirs() : await own();
      expect(leftovers(dir), step).toEqual([]);
      expect(accountNames(current), step).toEqual(
        step === 'committed' ? [`${MARKER} checking`] : ['new device only'],
      );
      expect(current.verifyAudit(), step).toMatchObject({ ok: true });
      if (step !== 'committed')
        expect(await cloudStatus(current), step).toMatchObject({ signedIn: true, email });
    }
    current.lock();
  });
});
