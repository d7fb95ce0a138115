import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../src/audit/auditLog';
import type { RawClient } from '../src/db/types';
import { buildTestApp, signIn, type TestApp } from './_support/app';
import { openTestDatabase, testDrivers, type TestDatabase } from './_support/databases';

/* The server audit log: append-only in the database, hash-chained, verifiable. */

for (const kind of testDrivers()) {
  describe(`audit log (${kind})`, () => {
    let tdb: TestDatabase;
    let t: TestApp;
    beforeAll(async () => {
      tdb = await openTestDatabase(kind);
      t = await buildTestApp(tdb.db);
      await signIn(t);
      await signIn(t);
      await t.app.inject({
        method: 'POST',
        url: '/v1/auth/magic-link/verify',
        payload: { token: `cml_${'A'.repeat(43)}`, codeVerifier: 'v'.repeat(43) },
      });
    });
    afterAll(async () => {
      await t.app.close();
      await tdb.close();
    });

    const owner = <T>(fn: (client: RawClient) => Promise<T>) => tdb.db.__dangerouslyAsOwner(fn);

    it('records sign-in events and verifies as an unbroken chain', async () => {
      const events = await owner((c) =>
        c.query<{ event: string }>('SELECT event FROM audit_log ORDER BY seq'),
      );
      const names = events.rows.map((r) => r.event);
      expect(names).toEqual(
        expect.arrayContaining([
          'sign_in.link_requested',
          'account.created',
          'sign_in.succeeded',
          'sign_in.failed',
        ]),
      );
      const verdict = await owner((c) => verifyAuditChain(c, t.config.keyRing));
      expect(verdict).toEqual({ ok: true, rows: names.length });
    });

    it('never stores tokens or addresses in its details', async () => {
      const rows = await owner((c) =>
        c.query<{ details: string; ip: string | null }>('SELECT details, ip FROM audit_log'),
      );
      for (const r of rows.rows) expect(r.details).not.toMatch(/@|cml_|crt_|eyJ/);
    });

    it('the database refuses UPDATE, DELETE and TRUNCATE, even from the owner', async () => {
      await expect(
        owner((c) => c.query("UPDATE audit_log SET event = 'x' WHERE seq = 1")),
      ).rejects.toThrow(/append-only/);
      await expect(owner((c) => c.query('DELETE FROM audit_log WHERE seq = 1'))).rejects.toThrow(
        /append-only/,
      );
      await expect(owner((c) => c.query('TRUNCATE audit_log'))).rejects.toThrow(/append-only/);
      // The app role has no UPDATE/DELETE grant at all.
      await expect(tdb.db.transaction((tx) => tx.query('DELETE FROM audit_log'))).rejects.toThrow(
        /permission denied/,
      );
    });

    it('detects an edited, a deleted and a reordered entry once the trigger is bypassed', async () => {
      // An operator with DDL rights could switch the trigger off; the chain still tells.
      // Everything on one connection, rolled back afterwards.
      const tamper = (sql: string) =>
        owner(async (c) => {
          await c.exec(
            `BEGIN; ALTER TABLE audit_log DISABLE TRIGGER USER; ${sql}; ALTER TABLE audit_log ENABLE TRIGGER USER`,
          );
          try {
            return await verifyAuditChain(c, t.config.keyRing);
          } finally {
            await c.exec('ROLLBACK');
          }
        });
      const edited = await tamper(
        'UPDATE audit_log SET details = \'{"reason":"nothing"}\' WHERE seq = 2',
      );
      expect(edited).toMatchObject({ ok: false, seq: 2, reason: 'entry was altered' });
      const deleted = await tamper('DELETE FROM audit_log WHERE seq = 2');
      expect(deleted).toMatchObject({ ok: false, seq: 3 });
      const tail = await tamper(
        'DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)',
      );
      expect(tail).toMatchObject({ ok: false, reason: 'entries after this one are missing' });
      const swapped = await tamper(
        'UPDATE audit_log SET seq = -1 WHERE seq = 1; UPDATE audit_log SET seq = 1 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = -1',
      );
      expect(swapped.ok).toBe(false);
      // After each rollback the real chain is intact again.
      expect((await owner((c) => verifyAuditChain(c, t.config.keyRing))).ok).toBe(true);
    });

    it('cannot be verified without the key (a forger without the environment cannot re-chain it)', async () => {
      const { keys } = t.config.keyRing;
      const verdict = await owner((c) =>
        verifyAuditChain(c, { keys: keys.map((k) => ({ id: k.id, secret: Buffer.alloc(32, 7) })) }),
      );
      expect(verdict).toMatchObject({ ok: false, seq: 1, reason: 'entry was altered' });
    });
  });
}
