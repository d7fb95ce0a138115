import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, type TestApp } from './_support/app';
import { openTestDatabase, testDrivers, type TestDatabase } from './_support/databases';
import { enrolTotp, magicLinkFirstFactor, totpCode } from './_support/mfa';

/* Trusted devices skip MFA for 30 days, are listed, revocable, and die with sign-out everywhere. */

for (const kind of testDrivers()) {
  describe(`trusted devices (${kind})`, () => {
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

    /** Sign in with MFA and ask to trust the device; returns the device token. */
    async function trust(email: string, secret: string) {
      const c = (await magicLinkFirstFactor(t, email)).json<{ mfaToken: string }>();
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/mfa/verify',
        payload: { mfaToken: c.mfaToken, code: totpCode(t, secret), trustDevice: true },
      });
      expect(res.statusCode).toBe(200);
      t.clock.advance(30);
      return res.json<{
        accessToken: string;
        trustedDeviceToken: string;
        trustedDeviceExpiresAt: string;
      }>();
    }

    const list = async (accessToken: string) =>
      (
        await t.app.inject({
          method: 'GET',
          url: '/v1/account/trusted-devices',
          headers: bearer(accessToken),
        })
      ).json<{ devices: { id: string; deviceName: string; expiresAt: string }[] }>().devices;

    it('a trusted device skips the second factor for 30 days, then asks again', async () => {
      const { email, secret } = await enrolTotp(t);
      const trusted = await trust(email, secret);
      expect(trusted.trustedDeviceToken).toMatch(/^ctd_/);
      expect(
        new Date(trusted.trustedDeviceExpiresAt).getTime() - t.clock.now.getTime(),
      ).toBeGreaterThan(29 * 24 * 3600 * 1000);
      const skipped = await magicLinkFirstFactor(t, email, trusted.trustedDeviceToken);
      expect(skipped.json<{ accessToken?: string }>().accessToken).toBeDefined();
      // Without the token, or with another account's token, MFA is still asked.
      expect((await magicLinkFirstFactor(t, email)).json<{ status?: string }>().status).toBe(
        'mfa_required',
      );
      const other = await enrolTotp(t);
      const otherTrusted = await trust(other.email, other.secret);
      expect(
        (await magicLinkFirstFactor(t, email, otherTrusted.trustedDeviceToken)).json<{
          status?: string;
        }>().status,
      ).toBe('mfa_required');
      // After 30 days the device is no longer trusted.
      t.clock.advance(t.config.auth.trustedDeviceSeconds + 1);
      expect(
        (await magicLinkFirstFactor(t, email, trusted.trustedDeviceToken)).json<{
          status?: string;
        }>().status,
      ).toBe('mfa_required');
    });

    it('lists trusted devices and revokes one', async () => {
      const { email, secret } = await enrolTotp(t);
      const a = await trust(email, secret);
      const b = await trust(email, secret);
      const devices = await list(b.accessToken);
      expect(devices).toHaveLength(2);
      expect(devices[0]?.deviceName).toBe('Test laptop');
      const target = devices[1]?.id ?? '';
      const revoked = await t.app.inject({
        method: 'DELETE',
        url: `/v1/account/trusted-devices/${target}`,
        headers: bearer(b.accessToken),
      });
      expect(revoked.statusCode).toBe(200);
      expect(await list(b.accessToken)).toHaveLength(1);
      // Revoking again (or a stranger's id) is 404.
      expect(
        (
          await t.app.inject({
            method: 'DELETE',
            url: `/v1/account/trusted-devices/${target}`,
            headers: bearer(b.accessToken),
          })
        ).statusCode,
      ).toBe(404);
      // The revoked one (the older, a) now needs MFA; b still skips it.
      expect(
        (await magicLinkFirstFactor(t, email, a.trustedDeviceToken)).json<{ status?: string }>()
          .status,
      ).toBe('mfa_required');
      expect(
        (await magicLinkFirstFactor(t, email, b.trustedDeviceToken)).json<{
          accessToken?: string;
        }>().accessToken,
      ).toBeDefined();
      const events = await tdb.db.__dangerouslyAsOwner((c) =>
        c.query<{ event: string }>(
          "SELECT event FROM audit_log WHERE event LIKE 'device.%' OR event = 'mfa.skipped_trusted_device'",
        ),
      );
      const names = events.rows.map((r) => r.event);
      expect(names).toContain('device.trusted');
      expect(names).toContain('device.revoked');
      expect(names).toContain('mfa.skipped_trusted_device');
    });

    it('sign-out everywhere also revokes trusted devices', async () => {
      const { email, secret } = await enrolTotp(t);
      const a = await trust(email, secret);
      const out = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/sign-out-everywhere',
        headers: bearer(a.accessToken),
      });
      expect(out.statusCode).toBe(200);
      expect(
        (await magicLinkFirstFactor(t, email, a.trustedDeviceToken)).json<{ status?: string }>()
          .status,
      ).toBe('mfa_required');
    });

    it('lists live sessions and signs one out', async () => {
      const { email, secret } = await enrolTotp(t);
      const a = await trust(email, secret);
      const b = await trust(email, secret);
      const sessions = (
        await t.app.inject({
          method: 'GET',
          url: '/v1/account/sessions',
          headers: bearer(b.accessToken),
        })
      ).json<{ sessions: { id: string; current: boolean }[] }>().sessions;
      expect(sessions.filter((s) => s.current)).toHaveLength(1);
      const other = sessions.find((s) => !s.current && sessions.length >= 2);
      expect(other).toBeDefined();
      const res = await t.app.inject({
        method: 'DELETE',
        url: `/v1/account/sessions/${other?.id ?? ''}`,
        headers: bearer(b.accessToken),
      });
      expect(res.statusCode).toBe(200);
      // The session listed first that was not current is gone; `a` may be it.
      const after = (
        await t.app.inject({
          method: 'GET',
          url: '/v1/account/sessions',
          headers: bearer(b.accessToken),
        })
      ).json<{ sessions: unknown[] }>().sessions;
      expect(after).toHaveLength(sessions.length - 1);
      expect(a.accessToken).toBeTruthy();
    });
  });
}
