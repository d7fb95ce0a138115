import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyUsers, revokeSessions, rotateTokenKeys } from '../src/admin/commands';
import { runAdmin } from '../src/admin/main';
import { ephemeralDevKeyRing } from '../src/config/devSecrets';
import { KeyRingSchema, type KeyRing } from '../src/config/keyRing';
import { createSmtpMailer } from '../src/mail/mailer';
import {
  bearer,
  buildTestApp,
  signIn,
  uniqueEmail,
  type TestApp,
  type Tokens,
} from './_support/app';
import { openTestDatabase, testDrivers, type TestDatabase } from './_support/databases';
import { decodeQuotedPrintable, startFakeSmtp, type FakeSmtp } from './_support/fakeSmtp';
import { enrolTotp, magicLinkFirstFactor, totpCode } from './_support/mfa';

/* The admin CLI: revoke sessions, rotate the key ring's sealed data, notify users; retention. */

const ringText = (ring: KeyRing) =>
  ring.keys.map((k) => `${k.id}:${k.secret.toString('base64url')}`).join(',');

for (const kind of testDrivers()) {
  describe(`admin CLI (${kind})`, () => {
    let tdb: TestDatabase;
    let t: TestApp;
    let smtp: FakeSmtp;
    beforeAll(async () => {
      tdb = await openTestDatabase(kind);
      t = await buildTestApp(tdb.db);
      smtp = await startFakeSmtp();
    });
    afterAll(async () => {
      await t.app.close();
      await tdb.close();
      await smtp.close();
    });
    const ctx = () => ({ db: tdb.db, config: t.config, now: t.clock.fn });
    const me = (tokens: Tokens) =>
      t.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(tokens.accessToken) });

    it('revoke-sessions --user signs out that account only; --all signs out everyone', async () => {
      const email = uniqueEmail('target');
      const a1 = await signIn(t, email);
      const a2 = await signIn(t, email);
      const other = await signIn(t);
      const r = await revokeSessions(ctx(), {
        emails: [email.toUpperCase(), 'nobody@example.test'],
      });
      expect(r).toMatchObject({ users: 1, sessions: 2, unknownEmails: ['nobody@example.test'] });
      expect((await me(a1)).statusCode).toBe(401);
      expect((await me(a2)).statusCode).toBe(401);
      expect((await me(other)).statusCode).toBe(200);
      const all = await revokeSessions(ctx(), { all: true });
      expect(all.sessions).toBeGreaterThanOrEqual(1);
      expect((await me(other)).statusCode).toBe(401);
      const refresh = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/refresh',
        payload: { refreshToken: other.refreshToken },
      });
      expect(refresh.statusCode).toBe(401);
      const events = await tdb.db.__dangerouslyAsOwner((c) =>
        c.query<{ n: string | number }>(
          "SELECT count(*) AS n FROM audit_log WHERE event = 'admin.sessions_revoked'",
        ),
      );
      expect(Number(events.rows[0]?.n)).toBe(2);
    });

    it('rotate-token-keys re-seals TOTP seeds so the old key can be dropped', async () => {
      const oldRing = t.config.keyRing;
      const { email, secret } = await enrolTotp(t);
      const newKeys = KeyRingSchema.parse(ephemeralDevKeyRing().replace('test1', 'rotated')).keys;
      t.config.keyRing = { keys: [...newKeys, ...oldRing.keys] };
      try {
        const r = await rotateTokenKeys(ctx());
        expect(r.keyId).toBe('rotated');
        expect(r.targets['mfa-totp-seeds']).toBeGreaterThanOrEqual(1);
        const ids = await tdb.db.__dangerouslyAsOwner((c) =>
          c.query<{ key_id: string }>('SELECT DISTINCT key_id FROM mfa_totp'),
        );
        expect(ids.rows.map((r) => r.key_id)).toEqual(['rotated']);
        // Only the new key left: the second factor still works.
        t.config.keyRing = { keys: newKeys };
        const challenge = (await magicLinkFirstFactor(t, email)).json<{ mfaToken: string }>();
        const ok = await t.app.inject({
          method: 'POST',
          url: '/v1/auth/mfa/verify',
          payload: { mfaToken: challenge.mfaToken, code: totpCode(t, secret) },
        });
        expect(ok.statusCode).toBe(200);
        expect((await rotateTokenKeys(ctx())).targets['mfa-totp-seeds']).toBe(0);
      } finally {
        // The audit entries written meanwhile are chained under the new key: keep it (as an
        // older key) so the chain still verifies.
        t.config.keyRing = { keys: [...oldRing.keys, ...newKeys] };
      }
    });

    it('notify-users mails every affected user over SMTP, and the in-app notice shows once', async () => {
      // Everyone signed in so far was signed out above; these three are the ones to reach.
      const emails = [uniqueEmail('n1'), uniqueEmail('n2'), uniqueEmail('n3')];
      for (const e of emails) await signIn(t, e);
      const mailer = createSmtpMailer(smtp.url, 'Casike <security@casike.test>');
      const before = smtp.received.length;
      const r = await notifyUsers(
        ctx(),
        mailer,
        'breach',
        { all: true },
        'On 1 March an attacker read session metadata.',
      );
      mailer.close();
      const userCount = await tdb.db.__dangerouslyAsOwner((c) =>
        c.query<{ n: string | number }>('SELECT count(*) AS n FROM users'),
      );
      expect(r.users).toBe(Number(userCount.rows[0]?.n));
      expect(r.mailFailures).toEqual([]);
      const received = smtp.received.slice(before);
      expect(received).toHaveLength(r.users);
      for (const e of emails) {
        const mail = received.find((m) => m.to.includes(e));
        expect(mail).toBeDefined();
        expect(decodeQuotedPrintable(mail?.raw ?? '')).toContain(
          'On 1 March an attacker read session metadata.',
        );
      }
      // Next sign-in: the notice appears once.
      const tokens = await signIn(t, emails[0]);
      const first = await t.app.inject({
        method: 'GET',
        url: '/v1/account/notices',
        headers: bearer(tokens.accessToken),
      });
      const notices = first.json<{ notices: { template: string; body: string }[] }>().notices;
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({ template: 'breach' });
      expect(notices[0]?.body).toContain('session metadata');
      const second = await t.app.inject({
        method: 'GET',
        url: '/v1/account/notices',
        headers: bearer(tokens.accessToken),
      });
      expect(second.json()).toEqual({ notices: [] });
    });

    if (kind === 'postgres') {
      it('runs as `npm run admin` against the server environment', async () => {
        const env = {
          DATABASE_URL: tdb.url ?? '',
          TOKEN_ENCRYPTION_KEYS: ringText(t.config.keyRing),
          SMTP_URL: smtp.url,
          PUBLIC_URL: t.config.publicUrl.origin,
        };
        const lines: string[] = [];
        const email = uniqueEmail('cli');
        const victim = await signIn(t, email);
        expect(
          await runAdmin(['revoke-sessions', '--user', email], env, (l) => lines.push(l)),
        ).toBe(0);
        expect(lines.join('\n')).toMatch(/revoked 1 sessions/);
        expect((await me(victim)).statusCode).toBe(401);
        expect(
          await runAdmin(['notify-users', '--template', 'breach', '--user', email], env, (l) =>
            lines.push(l),
          ),
        ).toBe(0);
        expect(smtp.received.at(-1)?.to).toEqual([email]);
        expect(await runAdmin(['verify-audit'], env, (l) => lines.push(l))).toBe(0);
        expect(lines.at(-1)).toMatch(/audit log intact/);
        await expect(runAdmin(['revoke-sessions'], env, () => undefined)).rejects.toThrow(
          /--all or --user/,
        );
        await expect(
          runAdmin(['notify-users', '--all', '--template', 'nope'], env, () => undefined),
        ).rejects.toThrow(/--template/);
      });
    }
  });
}
