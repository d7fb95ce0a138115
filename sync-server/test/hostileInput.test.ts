import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../src/audit/auditLog';
import { ErrorBodySchema } from '../src/http/errors';
import { bearer, pkcePair, signIn, uniqueEmail, type Tokens } from './_support/app';
import { openTestDatabase, testDrivers, type TestDatabase } from './_support/databases';
import { startFakeOidc, type FakeOidc } from './_support/fakeOidc';
import { startFakeOpenAi, type FakeOpenAi } from './_support/fakeOpenAi';
import { enrolTotp, magicLinkFirstFactor } from './_support/mfa';
import {
  buildCloudTestApp,
  injectPlaidWebhook,
  subscribe,
  type CloudTestApp,
} from './fakes/_cloudApp';

/*
 * Hostile input through every route that takes any (SECURITY.md P000-32 and P000-58, the
 * server half): SQL-shaped strings, NUL bytes, very long strings, homoglyphs, a forged log
 * line, numbers as strings, arrays and objects where scalars belong, prototype keys and
 * deeply nested JSON, in every body field, path parameter and query parameter, sent by a
 * signed-in attacker with MFA, a subscription and a linked bank of their own (so input
 * reaches the handlers, not just the schemas). Every answer must be a 4xx with our JSON
 * error shape and nothing of SQL, stacks or the input in it, never a 5xx; a 2xx only where
 * the field is free text a user may legitimately send. Afterwards: the same tables with the
 * same row counts, the victim's rows byte for byte as they were, the audit chain intact,
 * the process's prototypes clean, and every log line one well-formed JSON object that
 * holds none of the hostile text.
 */

const NEST = 400;
const nested = (depth: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
};

/** Values sent in place of each field. Strings first (free-text fields may accept them). */
const HOSTILE_STRINGS: readonly string[] = [
  "' OR 1=1 --",
  "'; DROP TABLE users; --",
  '"; DROP TABLE backups; --',
  "admin'--",
  '1; SELECT pg_sleep(5); --',
  "$1'); DELETE FROM sessions WHERE ('1'='1",
  '\u0000',
  "nul\u0000'; DROP TABLE users; --",
  '\\x00',
  "\\'; TRUNCATE audit_log; --",
  'A'.repeat(20_000),
  'аdmin@ехаmple.test', // Cyrillic а, е, х
  'ｓｅｌｅｃｔ＊ｆｒｏｍ　users', // full-width letters and space
  "\u202e'; DROP TABLE plaid_items; --", // right-to-left override
  'x\r\n{"level":60,"msg":"forged log line"}',
  '{"$ne": null}',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '123456',
  '0',
  '-1',
  '1e400',
];
const HOSTILE_OTHERS: readonly unknown[] = [
  0,
  -1,
  1e308,
  0.5,
  2 ** 53 + 1,
  true,
  null,
  [],
  ["' OR 1=1 --"],
  {},
  { $gt: '' },
  JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
  nested(NEST),
];

/** Whole bodies that are hostile as JSON, not through one field. */
const HOSTILE_BODIES: readonly string[] = [
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  `{"'; DROP TABLE users; --":1}`,
  '[]',
  '[{"email":"a@example.test"}]',
  '"; DROP TABLE users; --"',
  '1',
  'null',
  'true',
  '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000),
  '['.repeat(20_000) + ']'.repeat(20_000),
  "{'single': 'quotes'}",
  '{"unterminated": "',
  `{"big":"${'C'.repeat(70 * 1024)}"}`, // over the 64 KiB body limit
];

/** Path parameters (ids, part indexes), percent-encoded as a client sends them. */
const HOSTILE_PATH_VALUES: readonly string[] = [
  "' OR 1=1 --",
  "'; DROP TABLE users; --",
  '\u0000',
  '..%2f..%2fetc%2fpasswd',
  'A'.repeat(150),
  'аdmin',
  '-1',
  '1e400',
  '99999999999999999999',
  '[]',
  '{}',
  '__proto__',
  'constructor',
];

/** What no error body may contain: SQL, a driver's words, a stack, a source path. */
const LEAK =
  /\b(SELECT|INSERT|UPDATE|DELETE|DROP|TRUNCATE|WHERE)\b|syntax error|relation "|violates|duplicate key|pg_|PGlite|postgres|node_modules|\.ts:\d+|\bat \S+ \(|stack/;

interface JsonRoute {
  name: string;
  method: 'POST' | 'DELETE';
  url: () => string;
  /** The attacker's bearer token is sent unless the route is public. */
  public?: boolean;
  base: () => Record<string, unknown> | undefined;
  fields: readonly string[];
  /** Fields that are free text: any string may be accepted (and must be stored as data). */
  freeText?: readonly string[];
  /** Fields that are lists of free text: any array of strings may be accepted. */
  freeTextLists?: readonly string[];
  /** Other fields some hostile value happens to be valid for (digits for a digit id). */
  accepts?: Readonly<Record<string, (value: unknown) => boolean>>;
}

/** Whether a route may accept `value` in `field` (free text is data, not an attack). */
function mayAccept(route: JsonRoute, field: string, value: unknown): boolean {
  if (route.freeText?.includes(field) === true && typeof value === 'string') return true;
  if (route.accepts?.[field]?.(value) === true) return true;
  return (
    route.freeTextLists?.includes(field) === true &&
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((v) => typeof v === 'string')
  );
}

const isJson = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

function withField(
  base: Record<string, unknown>,
  path: string,
  value: unknown,
): Record<string, unknown> {
  const copy = structuredClone(base);
  const keys = path.split('.');
  let at: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>;
  // defineProperty, so a "__proto__" value is an own property like JSON.parse would make.
  Object.defineProperty(at, keys.at(-1) ?? '', {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}

for (const kind of testDrivers()) {
  describe(`hostile input through every route (${kind})`, () => {
    let tdb: TestDatabase;
    let t: CloudTestApp;
    let idp: FakeOidc;
    let openai: FakeOpenAi;
    let victim: Tokens;
    let victimEmail: string;
    let victimItem: string;
    let victimBackup: string;
    let victimBackupBytes: Buffer;
    let attacker: Tokens;
    let attackerEmail: string;
    let attackerItem: string;
    let mfaToken: string;
    const challenge = pkcePair().challenge;
    const verifier = pkcePair().verifier;
    /** Every response of the fuzzing, for the log and echo checks at the end. */
    const seen: { route: string; field: string; status: number; body: string }[] = [];

    const linkBank = async (user: Tokens): Promise<string> => {
      const call = (url: string, payload: Record<string, unknown>) =>
        t.app.inject({ method: 'POST', url, headers: bearer(user.accessToken), payload });
      const started = await call('/v1/plaid/link-token', {});
      expect(started.statusCode).toBe(200);
      const { linkToken } = started.json<{ linkToken: string }>();
      expect((await call('/v1/plaid/exchange', { linkToken })).statusCode).toBe(200);
      const { webhook } = t.plaid.completeHostedLink(linkToken);
      expect((await injectPlaidWebhook(t, webhook)).statusCode).toBe(200);
      const done = await call('/v1/plaid/exchange', { linkToken });
      return done.json<{ items: { id: string }[] }>().items[0]?.id ?? '';
    };

    const uploadBackup = async (user: Tokens, blob: Buffer): Promise<string> => {
      const id = randomUUID();
      const auth = bearer(user.accessToken);
      const started = await t.app.inject({
        method: 'POST',
        url: '/v1/backups',
        headers: auth,
        payload: { id, totalBytes: blob.length, partBytes: 64 * 1024 },
      });
      expect(started.statusCode).toBe(201);
      const put = await t.app.inject({
        method: 'PUT',
        url: `/v1/backups/${id}/parts/0`,
        headers: { ...auth, 'content-type': 'application/octet-stream' },
        payload: blob,
      });
      expect(put.statusCode).toBe(204);
      const done = await t.app.inject({
        method: 'POST',
        url: `/v1/backups/${id}/complete`,
        headers: auth,
      });
      expect(done.statusCode).toBe(200);
      return id;
    };

    /** Every table of the schema with its row count, as the owner (behind RLS). */
    const tableCounts = () =>
      tdb.db.__dangerouslyAsOwner(async (c) => {
        const tables = await c.query<{ tablename: string }>(
          `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
        );
        const out: Record<string, number> = {};
        for (const { tablename } of tables.rows) {
          const { rows } = await c.query<{ n: string | number }>(
            `SELECT count(*) AS n FROM "${tablename}"`,
          );
          out[tablename] = Number(rows[0]?.n);
        }
        return out;
      });

    /** Every row that belongs to the victim, in every table that has a user_id. */
    const victimRows = () =>
      tdb.db.__dangerouslyAsOwner(async (c) => {
        const tables = await c.query<{ table_name: string }>(
          `SELECT table_name FROM information_schema.columns
           WHERE table_schema = 'public' AND column_name = 'user_id' ORDER BY table_name`,
        );
        const out: Record<string, string> = {};
        out.users = JSON.stringify(
          (await c.query('SELECT * FROM users WHERE id = $1', [victim.userId])).rows,
        );
        for (const { table_name } of tables.rows) {
          const { rows } = await c.query(
            `SELECT * FROM "${table_name}" WHERE user_id = $1 ORDER BY 1, 2`,
            [victim.userId],
          );
          out[table_name] = JSON.stringify(rows, (_k, v: unknown) =>
            v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v,
          );
        }
        return out;
      });

    let countsBefore: Record<string, number>;
    let victimBefore: Record<string, string>;

    beforeAll(async () => {
      idp = await startFakeOidc();
      openai = await startFakeOpenAi('Coffee');
      tdb = await openTestDatabase(kind);
      t = await buildCloudTestApp(tdb.db, {
        tweak: (config) => {
          config.oidc = {
            issuer: idp.issuer,
            clientId: idp.clientId,
            clientSecret: idp.clientSecret,
          };
          config.openai = { apiKey: 'sk-hostile-test', baseUrl: openai.baseURL };
          // The point is to reach validation and the handlers, not the rate limiter.
          for (const rule of Object.keys(config.rateLimits) as (keyof typeof config.rateLimits)[])
            config.rateLimits[rule] = { ...config.rateLimits[rule], limit: 1_000_000 };
        },
      });
      victimEmail = uniqueEmail('victim');
      victim = await signIn(t, victimEmail);
      await subscribe(t, victim);
      victimItem = await linkBank(victim);
      victimBackupBytes = randomBytes(1000);
      victimBackup = await uploadBackup(victim, victimBackupBytes);

      const enrolled = await enrolTotp(t, uniqueEmail('attacker'));
      attacker = enrolled.tokens;
      attackerEmail = enrolled.email;
      await subscribe(t, attacker);
      attackerItem = await linkBank(attacker);
      const pending = await magicLinkFirstFactor(t, attackerEmail);
      mfaToken = pending.json<{ mfaToken: string }>().mfaToken;
      expect(mfaToken).toMatch(/\S/);

      countsBefore = await tableCounts();
      victimBefore = await victimRows();
    });
    afterAll(async () => {
      await t?.close();
      await tdb?.close();
      await idp?.close();
      await openai?.close();
    });

    const JSON_ROUTES: readonly JsonRoute[] = [
      {
        name: 'magic-link request',
        method: 'POST',
        url: () => '/v1/auth/magic-link',
        public: true,
        base: () => ({
          email: attackerEmail,
          codeChallenge: challenge,
          codeChallengeMethod: 'S256',
          deviceName: 'Fuzz laptop',
        }),
        fields: ['email', 'codeChallenge', 'codeChallengeMethod', 'deviceName'],
        freeText: ['deviceName'],
      },
      {
        name: 'magic-link verify',
        method: 'POST',
        url: () => '/v1/auth/magic-link/verify',
        public: true,
        base: () => ({
          token: `cml_${randomBytes(32).toString('base64url')}`,
          codeVerifier: verifier,
        }),
        fields: ['token', 'codeVerifier', 'trustedDeviceToken'],
      },
      {
        name: 'MFA code at sign-in',
        method: 'POST',
        url: () => '/v1/auth/mfa/verify',
        public: true,
        base: () => ({ mfaToken, code: '000000' }),
        fields: ['mfaToken', 'code', 'recoveryCode', 'trustDevice'],
      },
      {
        name: 'OIDC start',
        method: 'POST',
        url: () => '/v1/auth/oidc/start',
        public: true,
        base: () => ({
          redirectUri: 'http://127.0.0.1:53682/callback',
          codeChallenge: challenge,
          codeChallengeMethod: 'S256',
          deviceName: 'Fuzz laptop',
        }),
        fields: ['redirectUri', 'codeChallenge', 'codeChallengeMethod', 'deviceName'],
        freeText: ['deviceName'],
      },
      {
        name: 'OIDC complete',
        method: 'POST',
        url: () => '/v1/auth/oidc/complete',
        public: true,
        base: () => ({
          callbackUrl: 'http://127.0.0.1:53682/callback?code=abc&state=def',
          codeVerifier: verifier,
        }),
        fields: ['callbackUrl', 'codeVerifier', 'trustedDeviceToken'],
      },
      {
        name: 'token refresh',
        method: 'POST',
        url: () => '/v1/auth/refresh',
        public: true,
        base: () => ({ refreshToken: `crt_${randomBytes(32).toString('base64url')}` }),
        fields: ['refreshToken'],
      },
      {
        name: 'MFA enrol confirm',
        method: 'POST',
        url: () => '/v1/account/mfa/totp/confirm',
        base: () => ({ code: '000000' }),
        fields: ['code'],
      },
      {
        name: 'MFA disable',
        method: 'POST',
        url: () => '/v1/account/mfa/totp/disable',
        base: () => ({ code: '000000' }),
        fields: ['code', 'recoveryCode'],
      },
      {
        name: 'MFA new recovery codes',
        method: 'POST',
        url: () => '/v1/account/mfa/recovery-codes',
        base: () => ({ code: '000000' }),
        fields: ['code', 'recoveryCode'],
      },
      {
        name: 'account deletion (aimed at the victim)',
        method: 'DELETE',
        url: () => '/v1/account',
        base: () => ({ confirmEmail: victimEmail, code: '000000' }),
        fields: ['confirmEmail', 'code', 'recoveryCode'],
      },
      {
        name: 'backup start',
        method: 'POST',
        url: () => '/v1/backups',
        base: () => ({ id: victimBackup, totalBytes: 1000, partBytes: 64 * 1024 }),
        fields: ['id', 'totalBytes', 'partBytes'],
      },
      {
        name: 'bank link token',
        method: 'POST',
        url: () => '/v1/plaid/link-token',
        base: () => ({ itemId: victimItem }),
        fields: ['itemId'],
      },
      {
        name: 'bank exchange',
        method: 'POST',
        url: () => '/v1/plaid/exchange',
        base: () => ({ linkToken: 'link-sandbox-00000000' }),
        fields: ['linkToken'],
      },
      {
        name: 'bank sync (own item)',
        method: 'POST',
        url: () => `/v1/plaid/items/${attackerItem}/sync`,
        base: () => ({}),
        fields: ['cursor'],
      },
      {
        name: 'bank sync (victim item)',
        method: 'POST',
        url: () => `/v1/plaid/items/${victimItem}/sync`,
        base: () => ({}),
        fields: ['cursor'],
      },
      {
        name: 'billing checkout',
        method: 'POST',
        url: () => '/v1/billing/checkout',
        base: () => undefined,
        fields: [],
      },
      {
        name: 'billing portal',
        method: 'POST',
        url: () => '/v1/billing/portal',
        base: () => undefined,
        fields: [],
      },
      {
        name: 'AI relay',
        method: 'POST',
        url: () => '/v1/ai/categorize',
        base: () => ({
          categories: ['Coffee', 'Groceries'],
          items: [{ id: '1', description: 'BLUE BOTTLE', direction: 'out' }],
        }),
        fields: [
          'categories',
          'categories.0',
          'items',
          'items.0',
          'items.0.id',
          'items.0.description',
          'items.0.direction',
        ],
        freeText: ['categories.0', 'items.0.description'],
        freeTextLists: ['categories'],
        accepts: { 'items.0.id': (v) => typeof v === 'string' && /^\d{1,3}$/.test(v) },
      },
    ];

    const send = (
      route: { method: string; url: string; public?: boolean },
      payload: string | undefined,
    ) =>
      t.app.inject({
        method: route.method as 'POST',
        url: route.url,
        headers: {
          ...(route.public === true ? {} : bearer(attacker.accessToken)),
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(payload === undefined ? {} : { payload }),
      });

    /** The checks every answer to hostile input must pass. */
    function judge(route: string, field: string, status: number, body: string, accepts: boolean) {
      seen.push({ route, field, status, body });
      const where = `${route} / ${field} → ${status} ${body.slice(0, 300)}`;
      expect(status, where).toBeGreaterThanOrEqual(200);
      expect(status, where).toBeLessThan(500);
      if (status < 400) {
        expect(accepts, `accepted a hostile value: ${where}`).toBe(true);
        return;
      }
      const parsed = ErrorBodySchema.safeParse(JSON.parse(body));
      expect(parsed.success, where).toBe(true);
      expect(body, where).not.toMatch(LEAK);
    }

    it('answers hostile values in every body field with a clean 4xx (or stores free text as data)', async () => {
      for (const route of JSON_ROUTES) {
        const base = route.base();
        if (base === undefined) continue;
        for (const field of route.fields) {
          for (const value of [...HOSTILE_STRINGS, ...HOSTILE_OTHERS]) {
            const response = await send(
              { method: route.method, url: route.url(), public: route.public },
              JSON.stringify(withField(base, field, value)),
            );
            judge(
              route.name,
              field,
              response.statusCode,
              response.body,
              mayAccept(route, field, value),
            );
            // A refused value is never echoed back.
            if (response.statusCode >= 400 && typeof value === 'string' && value.length >= 6)
              expect(response.body, `${route.name} / ${field} echoed its input`).not.toContain(
                JSON.stringify(value).slice(1, -1),
              );
          }
        }
      }
    });

    it('answers hostile whole bodies (prototype keys, deep nesting, wrong JSON types) with 4xx', async () => {
      const bodied = [
        ...JSON_ROUTES.map((r) => ({
          name: r.name,
          method: r.method,
          url: r.url(),
          public: r.public,
        })),
        { name: 'Stripe webhook', method: 'POST', url: '/webhooks/stripe', public: true },
        { name: 'Plaid webhook', method: 'POST', url: '/webhooks/plaid', public: true },
      ];
      for (const route of bodied) {
        for (const body of HOSTILE_BODIES) {
          const response = await send(route, body);
          // Routes that take no input (checkout, portal) ignore a well-formed body.
          const ignoresBody =
            route.name.startsWith('billing') && isJson(body) && body.length < 64 * 1024;
          judge(
            route.name,
            `body ${body.slice(0, 40)}`,
            response.statusCode,
            response.body,
            ignoresBody,
          );
        }
      }
      // Nothing reached Object.prototype in this process (inject runs the server in it).
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
    });

    it('answers hostile path and query parameters with a clean 4xx', async () => {
      const pathRoutes: {
        name: string;
        method: 'GET' | 'DELETE' | 'POST' | 'PUT';
        url: (v: string) => string;
      }[] = [
        { name: 'backup', method: 'GET', url: (v) => `/v1/backups/${v}` },
        { name: 'backup delete', method: 'DELETE', url: (v) => `/v1/backups/${v}` },
        { name: 'backup complete', method: 'POST', url: (v) => `/v1/backups/${v}/complete` },
        { name: 'backup part id', method: 'GET', url: (v) => `/v1/backups/${v}/parts/0` },
        {
          name: 'backup part index',
          method: 'GET',
          url: (v) => `/v1/backups/${victimBackup}/parts/${v}`,
        },
        {
          name: 'backup part upload',
          method: 'PUT',
          url: (v) => `/v1/backups/${victimBackup}/parts/${v}`,
        },
        { name: 'bank sync id', method: 'POST', url: (v) => `/v1/plaid/items/${v}/sync` },
        { name: 'bank unlink', method: 'DELETE', url: (v) => `/v1/plaid/items/${v}` },
        { name: 'session revoke', method: 'DELETE', url: (v) => `/v1/account/sessions/${v}` },
        {
          name: 'trusted device revoke',
          method: 'DELETE',
          url: (v) => `/v1/account/trusted-devices/${v}`,
        },
      ];
      const ids = [
        ...HOSTILE_PATH_VALUES.map((v) => encodeURIComponent(v)),
        victimBackup,
        victimItem,
        victim.sessionId,
      ];
      for (const route of pathRoutes) {
        for (const value of ids) {
          const response = await t.app.inject({
            method: route.method,
            url: route.url(value),
            headers: {
              ...bearer(attacker.accessToken),
              ...(route.method === 'PUT' ? { 'content-type': 'application/octet-stream' } : {}),
            },
            ...(route.method === 'PUT' ? { payload: Buffer.alloc(1000) } : {}),
          });
          judge(
            route.name,
            `path ${value.slice(0, 40)}`,
            response.statusCode,
            response.body,
            false,
          );
        }
      }
      for (const value of HOSTILE_STRINGS.slice(0, 12)) {
        const response = await t.app.inject({
          method: 'GET',
          url: `/v1/billing/return?result=${encodeURIComponent(value)}`,
        });
        // A plain page that never reflects its query.
        expect(response.statusCode).toBeLessThan(500);
        if (value.length >= 4) expect(response.body).not.toContain(value);
      }
    });

    it('leaves every table, the victim’s rows and data, and the audit chain as they were', async () => {
      const countsAfter = await tableCounts();
      expect(Object.keys(countsAfter)).toEqual(Object.keys(countsBefore));
      expect(countsAfter.users).toBe(countsBefore.users);
      // Tables the attacker's own accepted requests may add to: sign-in mails and OIDC
      // flows they asked for (free-text device names), MFA challenges, rate-limit
      // buckets and the audit log. Everything else has exactly as many rows as before.
      const MAY_GROW = new Set([
        'magic_links',
        'oidc_flows',
        'mfa_challenges',
        'rate_limits',
        'audit_log',
        'audit_head',
      ]);
      for (const [table, n] of Object.entries(countsBefore)) {
        if (!MAY_GROW.has(table)) expect(countsAfter[table], table).toBe(n);
      }
      // Free text that was accepted went in as data, byte for byte: a device name that is
      // SQL is stored as that string, not run.
      const names = await tdb.db.__dangerouslyAsOwner(async (c) => {
        const links = await c.query<{ device_name: string }>(
          'SELECT device_name FROM magic_links WHERE email = $1',
          [attackerEmail],
        );
        const flows = await c.query<{ device_name: string }>('SELECT device_name FROM oidc_flows');
        return [...links.rows, ...flows.rows].map((r) => r.device_name);
      });
      for (const stored of ["' OR 1=1 --", "'; DROP TABLE users; --", 'аdmin@ехаmple.test'])
        expect(names.filter((n) => n === stored)).toHaveLength(2); // one mail, one OIDC flow
      expect(await victimRows()).toEqual(victimBefore);
      // The victim still signs in to their data: session, backup bytes, bank.
      const mine = await t.app.inject({
        method: 'GET',
        url: `/v1/backups/${victimBackup}/parts/0`,
        headers: bearer(victim.accessToken),
      });
      expect(mine.statusCode).toBe(200);
      expect(mine.rawPayload.equals(victimBackupBytes)).toBe(true);
      const items = await t.app.inject({
        method: 'GET',
        url: '/v1/plaid/items',
        headers: bearer(victim.accessToken),
      });
      expect(items.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toEqual([
        victimItem,
      ]);
      // The attacker's own export holds nothing of the victim's.
      const exported = await t.app.inject({
        method: 'GET',
        url: '/v1/account/export',
        headers: bearer(attacker.accessToken),
      });
      expect(exported.statusCode).toBe(200);
      for (const secret of [victim.userId, victimEmail, victimBackup, victimItem])
        expect(exported.body).not.toContain(secret);
      const chain = await tdb.db.__dangerouslyAsOwner((c) => verifyAuditChain(c, t.config.keyRing));
      expect(chain.ok).toBe(true);
    });

    it('logs every request as one well-formed JSON line, with none of the hostile text in it', () => {
      expect(seen.length).toBeGreaterThan(1000);
      expect(t.log.lines.length).toBeGreaterThan(seen.length);
      for (const line of t.log.lines) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        expect(typeof entry.level, line.slice(0, 200)).toBe('number');
        expect(entry.msg).not.toBe('forged log line');
        // Control characters never reach a line raw (JSON escapes them).
        expect([...line].some((ch) => ch.charCodeAt(0) < 0x20 || ch === '\u202e')).toBe(false);
      }
      const text = t.log.text;
      for (const marker of [
        'DROP TABLE',
        'OR 1=1',
        'pg_sleep',
        'TRUNCATE',
        'forged log line',
        'аdmin',
        'ｓｅｌｅｃｔ',
        '<script>',
        'A'.repeat(200),
      ])
        expect(text, marker).not.toContain(marker);
      // And no answer was a 5xx.
      expect(seen.filter((s) => s.status >= 500)).toEqual([]);
    });
  });
}
