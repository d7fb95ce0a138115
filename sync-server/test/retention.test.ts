import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../src/audit/auditLog';
import { runRetention } from '../src/jobs/retention';
import { buildTestApp, pkcePair, requestLink, signIn, type TestApp } from './_support/app';
import { openTestDatabase, testDrivers, type TestDatabase } from './_support/databases';

/* The daily retention job deletes exactly what is past retention, and audits it. */

const DAY = 24 * 3600;

for (const kind of testDrivers()) {
  describe(`retention (${kind})`, () => {
    let tdb: TestDatabase;
    let t: TestApp;
    beforeAll(async () => {
      tdb = await openTestDatabase(kind);
      t = await buildTestApp(tdb.db);
    });
    afterAll(async () => {
      await t.app.close();
      await tdb.close();
    });

    const owner = <T>(sql: string, params: unknown[] = []) =>
      tdb.db.__dangerouslyAsOwner((c) => c.query<T>(sql, params)).then((r) => r.rows);

    it('prunes the audit log to its retention period, keeps the chain verifiable, and audits it', async () => {
      const start = new Date(t.clock.now);
      await signIn(t);
      await signIn(t);
      t.clock.advance(100 * DAY);
      await signIn(t);
      t.clock.advance((t.config.retention.auditLogDays - 100 + 50) * DAY);
      const cutoff = new Date(t.clock.now.getTime() - t.config.retention.auditLogDays * DAY * 1000);
      expect(cutoff.getTime()).toBeGreaterThan(start.getTime());

      const before = await owner<{ seq: string | number; at: Date | string }>(
        'SELECT seq, at FROM audit_log ORDER BY seq',
      );
      const expired = before.filter((r) => new Date(r.at).getTime() < cutoff.getTime());
      const kept = before.filter((r) => new Date(r.at).getTime() >= cutoff.getTime());
      expect(expired.length).toBeGreaterThan(0);
      expect(kept.length).toBeGreaterThan(0);

      const reports = await runRetention(tdb.db, t.config, t.clock.fn);
      expect(reports.find((r) => r.task === 'audit-log')).toEqual({
        task: 'audit-log',
        deleted: expired.length,
      });

      const after = await owner<{ seq: string | number; event: string; details: string }>(
        'SELECT seq, event, details FROM audit_log ORDER BY seq',
      );
      const afterSeqs = after.map((r) => Number(r.seq));
      // Exactly the expired ones are gone; every kept one is still there.
      for (const r of expired) expect(afterSeqs).not.toContain(Number(r.seq));
      for (const r of kept) expect(afterSeqs).toContain(Number(r.seq));
      const audited = after
        .filter((r) => r.event === 'retention.deleted')
        .map((r) => JSON.parse(r.details) as Record<string, unknown>);
      expect(audited).toContainEqual(
        expect.objectContaining({
          task: 'audit-log',
          deleted: expired.length,
          cutoff: cutoff.toISOString(),
        }),
      );
      const verdict = await tdb.db.__dangerouslyAsOwner((c) =>
        verifyAuditChain(c, t.config.keyRing),
      );
      expect(verdict).toEqual({ ok: true, rows: after.length });

      // A second run finds nothing more to delete.
      const again = await runRetention(tdb.db, t.config, t.clock.fn);
      expect(again.find((r) => r.task === 'audit-log')?.deleted).toBe(0);
    });

    it('outside a retention run the audit log still refuses DELETE, even for the owner', async () => {
      await expect(
        owner('DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)'),
      ).rejects.toThrow(/append-only/);
      await expect(tdb.db.transaction((tx) => tx.query('DELETE FROM audit_log'))).rejects.toThrow(
        /permission denied|append-only/,
      );
    });

    it('deletes expired sign-in leftovers and long-ended sessions, nothing live', async () => {
      const live = await signIn(t);
      await requestLink(t, 'stale@example.test', pkcePair().challenge);
      t.clock.advance(2 * DAY);
      await requestLink(t, 'fresh@example.test', pkcePair().challenge);
      const links = await owner<{ email: string }>('SELECT email FROM magic_links');
      expect(links.map((l) => l.email)).toContain('stale@example.test');
      const [report] = (await runRetention(tdb.db, t.config, t.clock.fn)).filter(
        (r) => r.task === 'sign-in-state',
      );
      expect(report?.deleted).toBeGreaterThan(0);
      const left = (await owner<{ email: string }>('SELECT email FROM magic_links')).map(
        (l) => l.email,
      );
      expect(left).not.toContain('stale@example.test');
      expect(left).toContain('fresh@example.test');
      expect(await owner('SELECT 1 FROM sessions WHERE id = $1', [live.sessionId])).toHaveLength(1);
    });
  });
}
