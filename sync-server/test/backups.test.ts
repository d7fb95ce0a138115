import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../src/audit/auditLog';
import { backupsToPrune } from '../src/backups/retention';
import { bearer, buildTestApp, signIn, type TestApp, type Tokens } from './_support/app';
import { openTestDatabase, testDrivers, type TestDatabase } from './_support/databases';
import { grantSubscription, setSubscriptionStatus } from './_support/subscriptions';

/*
 * /v1/backups: resumable part uploads, completion, download, delete, retention, audit, and
 * isolation between accounts (through the API and in SQL, below it).
 */

const PART = 64 * 1024;

describe('backup retention policy', () => {
  const at = (iso: string, id = iso) => ({ id, completedAt: new Date(iso) });
  it('keeps the newest N, the newest per recent day and per recent week', () => {
    const backups = [
      at('2026-03-10T10:00:00Z'),
      at('2026-03-10T09:00:00Z'),
      at('2026-03-10T08:00:00Z'),
      at('2026-03-09T23:00:00Z'),
      at('2026-03-09T01:00:00Z'),
      at('2026-03-08T12:00:00Z'), // Sunday: week of 03-02
      at('2026-03-01T12:00:00Z'), // Sunday: week of 02-23
      at('2026-02-20T12:00:00Z'), // week of 02-16
      at('2026-02-10T12:00:00Z'), // week of 02-09
    ];
    const pruned = backupsToPrune(backups, { keepLast: 2, keepDaily: 2, keepWeekly: 3 });
    // Kept: the two newest; newest of 03-10 and 03-09 (days); newest of weeks 03-09, 03-02, 02-23.
    expect(pruned.sort()).toEqual(
      [
        '2026-03-10T08:00:00Z',
        '2026-03-09T01:00:00Z',
        '2026-02-20T12:00:00Z',
        '2026-02-10T12:00:00Z',
      ].sort(),
    );
    expect(backupsToPrune(backups, { keepLast: 100, keepDaily: 0, keepWeekly: 0 })).toEqual([]);
    // Always keeps at least the newest one.
    expect(backupsToPrune(backups, { keepLast: 0, keepDaily: 0, keepWeekly: 0 })).toHaveLength(8);
  });
});

for (const kind of testDrivers()) {
  describe(`backups (${kind})`, () => {
    let tdb: TestDatabase;
    let t: TestApp;
    let a: Tokens;
    let b: Tokens;
    beforeAll(async () => {
      tdb = await openTestDatabase(kind);
      t = await buildTestApp(tdb.db, (config) => {
        config.backups.retention = { keepLast: 2, keepDaily: 0, keepWeekly: 0 };
      });
      a = await subscriber();
      b = await subscriber();
    });
    /** Uploading is a paid cloud feature: these users hold an active subscription. */
    async function subscriber(): Promise<Tokens> {
      const user = await signIn(t);
      await grantSubscription(tdb.db, user.userId);
      return user;
    }
    afterAll(async () => {
      await t.app.close();
      await tdb.close();
    });

    const start = (who: Tokens, id: string, totalBytes: number, partBytes = PART) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/backups',
        headers: bearer(who.accessToken),
        payload: { id, totalBytes, partBytes },
      });
    const put = (who: Tokens, id: string, index: number, data: Buffer) =>
      t.app.inject({
        method: 'PUT',
        url: `/v1/backups/${id}/parts/${index}`,
        headers: { ...bearer(who.accessToken), 'content-type': 'application/octet-stream' },
        payload: data,
      });
    const complete = (who: Tokens, id: string) =>
      t.app.inject({
        method: 'POST',
        url: `/v1/backups/${id}/complete`,
        headers: bearer(who.accessToken),
      });
    const get = (who: Tokens, url: string) =>
      t.app.inject({ method: 'GET', url, headers: bearer(who.accessToken) });
    const parts = (blob: Buffer, size = PART) => {
      const out: Buffer[] = [];
      for (let i = 0; i < blob.length; i += size) out.push(blob.subarray(i, i + size));
      return out;
    };
    async function upload(who: Tokens, blob: Buffer): Promise<string> {
      const id = randomUUID();
      expect((await start(who, id, blob.length)).statusCode).toBe(201);
      for (const [i, part] of parts(blob).entries())
        expect((await put(who, id, i, part)).statusCode).toBe(204);
      expect((await complete(who, id)).statusCode).toBe(200);
      return id;
    }
    const auditEvents = async (userId: string) =>
      (
        await tdb.db.transaction(
          (tx) =>
            tx.query<{ event: string; details: string }>(
              'SELECT event, details FROM audit_log ORDER BY seq',
            ),
          { userId },
        )
      ).rows;

    it('uploads in parts, resumes after an interruption, and downloads the same bytes', async () => {
      const blob = randomBytes(PART * 3 + 1000);
      const chunks = parts(blob);
      const id = randomUUID();
      const first = await start(a, id, blob.length);
      expect(first.statusCode).toBe(201);
      expect(first.json()).toMatchObject({ status: 'uploading', partCount: 4, receivedParts: [] });
      // Two parts arrive, out of order, then the connection "drops".
      expect((await put(a, id, 2, chunks[2]!)).statusCode).toBe(204);
      expect((await put(a, id, 0, chunks[0]!)).statusCode).toBe(204);
      const early = await complete(a, id);
      expect(early.statusCode).toBe(409);
      expect(early.json()).toMatchObject({ error: { code: 'backup_incomplete' } });
      // Resuming: the same start request answers 200 with what the server already holds.
      const resumed = await start(a, id, blob.length);
      expect(resumed.statusCode).toBe(200);
      expect(resumed.json()).toMatchObject({ receivedParts: [0, 2] });
      expect((await get(a, `/v1/backups/${id}`)).json()).toMatchObject({ receivedParts: [0, 2] });
      // A part may be sent again; a wrong size or index is refused.
      expect((await put(a, id, 0, chunks[0]!)).statusCode).toBe(204);
      expect((await put(a, id, 1, chunks[1]!.subarray(1))).json()).toMatchObject({
        error: { code: 'wrong_part_size' },
      });
      expect((await put(a, id, 4, chunks[3]!)).json()).toMatchObject({
        error: { code: 'part_out_of_range' },
      });
      // Downloading before completion is refused.
      expect((await get(a, `/v1/backups/${id}/parts/0`)).statusCode).toBe(409);
      expect((await put(a, id, 1, chunks[1]!)).statusCode).toBe(204);
      expect((await put(a, id, 3, chunks[3]!)).statusCode).toBe(204);
      const done = await complete(a, id);
      expect(done.statusCode).toBe(200);
      expect(done.json()).toMatchObject({
        backup: { id, status: 'complete', sizeBytes: blob.length },
      });
      // Complete is final: no more parts, and completing again is harmless.
      expect((await put(a, id, 0, chunks[0]!)).statusCode).toBe(409);
      expect((await complete(a, id)).statusCode).toBe(200);

      const downloaded: Buffer[] = [];
      for (let i = 0; i < 4; i += 1) {
        const r = await get(a, `/v1/backups/${id}/parts/${i}`);
        expect(r.statusCode).toBe(200);
        expect(r.headers['content-type']).toBe('application/octet-stream');
        downloaded.push(r.rawPayload);
      }
      expect(Buffer.concat(downloaded).equals(blob)).toBe(true);
      expect((await get(a, `/v1/backups/${id}/parts/4`)).statusCode).toBe(404);

      const events = (await auditEvents(a.userId)).map((r) => r.event);
      expect(events).toContain('backup.uploaded');
      expect(events).toContain('backup.downloaded');
    });

    it('refuses an unauthenticated upload before reading it, and bad requests', async () => {
      const id = randomUUID();
      const anonymous = await t.app.inject({
        method: 'PUT',
        url: `/v1/backups/${id}/parts/0`,
        headers: { 'content-type': 'application/octet-stream' },
        payload: randomBytes(PART),
      });
      expect(anonymous.statusCode).toBe(401);
      expect((await start(a, id, 10, 1000)).statusCode).toBe(400); // part size below the minimum
      expect((await start(a, 'not-a-uuid', 10)).statusCode).toBe(400);
      expect((await get(a, `/v1/backups/${randomUUID()}`)).statusCode).toBe(404);
      const tooBig = await put(a, id, 0, randomBytes(8 * 1024 * 1024 + 1));
      expect(tooBig.statusCode).toBe(413);
      // JSON where bytes belong.
      expect((await start(a, id, PART)).statusCode).toBe(201);
      const json = await t.app.inject({
        method: 'PUT',
        url: `/v1/backups/${id}/parts/0`,
        headers: bearer(a.accessToken),
        payload: { not: 'bytes' },
      });
      expect(json.statusCode).toBe(400);
      // The same id with another shape is a conflict.
      expect((await start(a, id, PART * 2)).statusCode).toBe(409);
    });

    it("user B can neither list, read, resume, complete nor delete user A's backups", async () => {
      const id = await upload(a, randomBytes(PART + 5));
      const pending = randomUUID();
      expect((await start(a, pending, PART)).statusCode).toBe(201);

      const listB = (await get(b, '/v1/backups')).json<{ backups: { id: string }[] }>();
      expect(listB.backups.map((x) => x.id)).not.toContain(id);
      expect((await get(b, `/v1/backups/${id}`)).statusCode).toBe(404);
      expect((await get(b, `/v1/backups/${id}/parts/0`)).statusCode).toBe(404);
      expect((await put(b, pending, 0, randomBytes(PART))).statusCode).toBe(404);
      expect((await complete(b, pending)).statusCode).toBe(404);
      // B cannot claim A's id either.
      expect((await start(b, pending, PART)).statusCode).toBe(409);
      expect(
        (
          await t.app.inject({
            method: 'DELETE',
            url: `/v1/backups/${id}`,
            headers: bearer(b.accessToken),
          })
        ).statusCode,
      ).toBe(404);
      expect((await get(a, `/v1/backups/${id}/parts/0`)).statusCode).toBe(200);

      // Below the API: as B, queries without a WHERE clause see none of A's rows, and
      // writes aimed at them change nothing or are refused.
      await tdb.db.transaction(
        async (tx) => {
          const rows = await tx.query<{ user_id: string }>('SELECT user_id FROM backups');
          expect(rows.rows.every((r) => r.user_id === b.userId)).toBe(true);
          const partsSeen = await tx.query<{ user_id: string }>('SELECT user_id FROM backup_parts');
          expect(partsSeen.rows.every((r) => r.user_id === b.userId)).toBe(true);
          expect(
            (await tx.query('DELETE FROM backup_parts WHERE backup_id = $1', [id])).rowCount,
          ).toBe(0);
          expect(
            (await tx.query('UPDATE backups SET completed_at = NULL WHERE id = $1', [id])).rowCount,
          ).toBe(0);
        },
        { userId: b.userId },
      );
      // Forging a part into A's backup, even with B's own user id, is refused.
      await expect(
        tdb.db.transaction(
          (tx) =>
            tx.query(
              `INSERT INTO backup_parts (backup_id, user_id, part_index, data, received_at) VALUES ($1, $2, 9, '\\x00', now())`,
              [pending, b.userId],
            ),
          { userId: b.userId },
        ),
      ).rejects.toThrow();
      await expect(
        tdb.db.transaction(
          (tx) =>
            tx.query(
              `INSERT INTO backup_parts (backup_id, user_id, part_index, data, received_at) VALUES ($1, $2, 9, '\\x00', now())`,
              [pending, a.userId],
            ),
          { userId: b.userId },
        ),
      ).rejects.toThrow(/row-level security/);
    });

    it('keeps the last N on completion, deletes on request, and audits both', async () => {
      const owner = await subscriber();
      const ids: string[] = [];
      for (let i = 0; i < 4; i += 1) {
        ids.push(await upload(owner, randomBytes(100 + i)));
        t.clock.advance(60);
      }
      const listed = (await get(owner, '/v1/backups')).json<{ backups: { id: string }[] }>();
      expect(listed.backups.map((x) => x.id)).toEqual([ids[3], ids[2]]);
      const del = await t.app.inject({
        method: 'DELETE',
        url: `/v1/backups/${ids[3]!}`,
        headers: bearer(owner.accessToken),
      });
      expect(del.statusCode).toBe(200);
      expect((await get(owner, `/v1/backups/${ids[3]!}`)).statusCode).toBe(404);
      const rows = await auditEvents(owner.userId);
      const deletions = rows
        .filter((r) => r.event === 'backup.deleted')
        .map((r) => JSON.parse(r.details) as { reason: string });
      expect(deletions.map((d) => d.reason)).toEqual(['retention', 'retention', 'user']);
      // Audit details name ids and sizes, never content.
      const verdict = await tdb.db.__dangerouslyAsOwner((c) =>
        verifyAuditChain(c, t.config.keyRing),
      );
      expect(verdict.ok).toBe(true);
    });

    it('drops uploads abandoned for a day when the account starts another', async () => {
      let owner = await subscriber();
      const stale = randomUUID();
      expect((await start(owner, stale, PART)).statusCode).toBe(201);
      t.clock.advance(25 * 3600);
      // The access token has expired by now; the session (7-day idle limit) has not.
      const renewed = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/refresh',
        payload: { refreshToken: owner.refreshToken },
      });
      owner = renewed.json<Tokens>();
      expect((await start(owner, randomUUID(), PART)).statusCode).toBe(201);
      expect((await get(owner, `/v1/backups/${stale}`)).statusCode).toBe(404);
    });

    it('refuses uploads without an entitlement (402), but a lapsed account still lists, downloads and deletes', async () => {
      const never = await signIn(t);
      const refusedStart = await start(never, randomUUID(), PART);
      expect(refusedStart.statusCode).toBe(402);
      const required = refusedStart.json<{ error: { code: string; message: string } }>().error;
      expect(required.code).toBe('subscription_required');
      expect(required.message).toMatch(/needs a Casike Cloud subscription/);

      const owner = await subscriber();
      const blob = randomBytes(PART + 77);
      const kept = await upload(owner, blob);
      const midway = randomUUID();
      expect((await start(owner, midway, PART * 2)).statusCode).toBe(201);
      await setSubscriptionStatus(tdb.db, owner.userId, 'canceled');

      // Every upload step is refused with a message that says what to do, before any bytes count.
      const lapsedStart = await start(owner, randomUUID(), PART);
      expect(lapsedStart.statusCode).toBe(402);
      const lapsed = lapsedStart.json<{ error: { code: string; message: string } }>().error;
      expect(lapsed.code).toBe('subscription_lapsed');
      expect(lapsed.message).toMatch(
        /^[^\n]*is paused: your Casike Cloud subscription is canceled[^\n]*local keeps working\.$/,
      );
      expect((await put(owner, midway, 0, randomBytes(PART))).statusCode).toBe(402);
      expect((await complete(owner, midway)).statusCode).toBe(402);
      const midwayState = (await get(owner, `/v1/backups/${midway}`)).json<unknown>();
      expect(midwayState).toMatchObject({ status: 'uploading', receivedParts: [] });

      // Getting the data back and erasing it never depend on the subscription.
      const listed = (await get(owner, '/v1/backups')).json<{ backups: { id: string }[] }>();
      expect(listed.backups.map((x) => x.id)).toContain(kept);
      const downloaded = Buffer.concat(
        await Promise.all(
          [0, 1].map(async (i) => (await get(owner, `/v1/backups/${kept}/parts/${i}`)).rawPayload),
        ),
      );
      expect(downloaded.equals(blob)).toBe(true);
      const erased = await t.app.inject({
        method: 'DELETE',
        url: `/v1/backups/${kept}`,
        headers: bearer(owner.accessToken),
      });
      expect(erased.statusCode).toBe(200);

      // A past_due renewal inside its grace period still uploads.
      await setSubscriptionStatus(tdb.db, owner.userId, 'past_due', { pastDueSince: t.clock.now });
      expect((await start(owner, randomUUID(), PART)).statusCode).toBe(201);
    });
  });
}
