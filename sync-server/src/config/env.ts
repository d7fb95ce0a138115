import path from 'node:path';
import { z } from 'zod';
import { KeyRingSchema, type KeyRing } from './keyRing';
import { DEFAULT_RATE_LIMITS, type RateLimit, type RateLimitRule } from './rateLimits';
import { DEFAULT_RETENTION, type RetentionPolicy } from '../backups/retention';

/*
 * The server's whole configuration comes from the environment (DESIGN.md, "Interfaces that
 * must stay stable"). It is parsed once at start-up; a bad value stops the server with one
 * line per variable naming it. In development (NODE_ENV is not "production") a missing
 * secret gets a generated stand-in and a warning, so `npm run server` needs no setup; in
 * production every missing secret is an error, because a generated one would silently
 * change on the next restart and a missing third-party secret would only fail on first use.
 */

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid server configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Timings of sign-in and sessions. Constants, not environment: tests shorten them. */
export interface AuthTimings {
  /** Access tokens are checked without a database write, so they must be short-lived. */
  accessTokenTtlSeconds: number;
  magicLinkTtlSeconds: number;
  /** A session (refresh-token family) unused for this long is dead: "idle timeout". */
  sessionIdleSeconds: number;
  /** Hard cap on a session's life, however active. */
  sessionMaxAgeSeconds: number;
  /** Wrong verifiers a magic link survives before it is burnt. */
  magicLinkMaxFailures: number;
  /** Time to enter the second factor after the first one passed. */
  mfaChallengeTtlSeconds: number;
  /** Wrong codes an MFA challenge survives before it is burnt. */
  mfaMaxFailures: number;
  /** How long a trusted device skips the second factor. */
  trustedDeviceSeconds: number;
  /** Time to finish an OIDC sign-in in the browser. */
  oidcFlowTtlSeconds: number;
}

/**
 * Security events are kept about 13 months: long enough to investigate an incident found
 * at a yearly review, short enough not to keep a history nobody needs (docs/privacy.md).
 */
export const DEFAULT_AUDIT_RETENTION_DAYS = 400;

export const DEFAULT_AUTH_TIMINGS: AuthTimings = {
  accessTokenTtlSeconds: 10 * 60,
  magicLinkTtlSeconds: 15 * 60,
  sessionIdleSeconds: 7 * 24 * 3600,
  sessionMaxAgeSeconds: 90 * 24 * 3600,
  magicLinkMaxFailures: 3,
  mfaChallengeTtlSeconds: 5 * 60,
  mfaMaxFailures: 5,
  trustedDeviceSeconds: 30 * 24 * 3600,
  oidcFlowTtlSeconds: 10 * 60,
};

export type DatabaseConfig =
  /**
   * `migrationUrl` (DATABASE_MIGRATION_URL), when set, is the owner's connection, used
   * only to migrate; `url` is then the app's own login role (casike_app), which cannot
   * leave its role at all. Unset, `url` is the owner and each transaction drops to
   * casike_app with SET LOCAL ROLE.
   */
  | { kind: 'postgres'; url: string; migrationUrl: string | undefined }
  /** `dataDir` null keeps the database in memory (tests). */
  | { kind: 'pglite'; dataDir: string | null };

export interface ServerConfig {
  production: boolean;
  host: string;
  port: number;
  publicUrl: URL;
  dataDir: string;
  database: DatabaseConfig;
  smtpUrl: string | undefined;
  mailFrom: string;
  keyRing: KeyRing;
  oidc: { issuer: string; clientId: string; clientSecret: string } | undefined;
  plaid:
    | { clientId: string; secret: string; env: string | undefined; baseUrl: string | undefined }
    | undefined;
  stripe:
    | { secretKey: string; webhookSecret: string; priceId: string; apiUrl: string | undefined }
    | undefined;
  openai: { apiKey: string; baseUrl: string | undefined } | undefined;
  /** Honour X-Forwarded-For from a proxy in front (TRUST_PROXY=1); off by default. */
  trustProxy: boolean;
  /** Largest request body accepted, in bytes; larger gets 413. */
  bodyLimitBytes: number;
  auth: AuthTimings;
  rateLimits: Record<RateLimitRule, RateLimit>;
  /** PEM files when the server terminates TLS itself (config/tls.ts). */
  tls: { certFile: string; keyFile: string } | undefined;
  /** How long the daily retention job keeps what it prunes (jobs/retention.ts). */
  retention: { auditLogDays: number };
  /** Encrypted backups: retention (BACKUP_KEEP_*) and how long an unfinished upload lives. */
  backups: { retention: RetentionPolicy; abandonedAfterSeconds: number };
}

// An empty variable counts as unset: `FOO= npm run server` should not mean "the empty secret".
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const opt = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());
const secret = opt(z.string().min(8, 'is too short to be a real secret'));
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

const EnvSchema = z.object({
  NODE_ENV: opt(z.string()),
  HOST: opt(z.string()),
  PORT: opt(z.coerce.number().int().min(0).max(65535)),
  PUBLIC_URL: opt(httpUrl),
  DATABASE_URL: opt(z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' })),
  DATABASE_MIGRATION_URL: opt(
    z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }),
  ),
  CASIKE_SERVER_DATA_DIR: opt(z.string()),
  SMTP_URL: opt(z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' })),
  MAIL_FROM: opt(z.string().min(3)),
  TOKEN_ENCRYPTION_KEYS: z.preprocess(blankToUndefined, KeyRingSchema.optional()),
  OIDC_ISSUER: opt(httpUrl),
  OIDC_CLIENT_ID: opt(z.string()),
  OIDC_CLIENT_SECRET: secret,
  PLAID_CLIENT_ID: opt(z.string()),
  PLAID_SECRET: secret,
  PLAID_ENV: opt(z.enum(['sandbox', 'development', 'production'])),
  PLAID_BASE_URL: opt(httpUrl),
  STRIPE_SECRET_KEY: secret,
  STRIPE_WEBHOOK_SECRET: secret,
  STRIPE_PRICE_ID: opt(z.string()),
  STRIPE_API_URL: opt(httpUrl),
  OPENAI_API_KEY: secret,
  OPENAI_BASE_URL: opt(httpUrl),
  TRUST_PROXY: opt(z.enum(['0', '1', 'true', 'false'])),
  TLS_CERT_FILE: opt(z.string()),
  TLS_KEY_FILE: opt(z.string()),
  AUDIT_RETENTION_DAYS: opt(z.coerce.number().int().min(30, 'must be at least 30').max(3650)),
  BACKUP_KEEP_LAST: opt(z.coerce.number().int().min(1).max(10_000)),
  BACKUP_KEEP_DAILY: opt(z.coerce.number().int().min(0).max(10_000)),
  BACKUP_KEEP_WEEKLY: opt(z.coerce.number().int().min(0).max(10_000)),
});
type Env = z.infer<typeof EnvSchema>;

/**
 * Variables production cannot start without. The third-party secrets are here although
 * their features come later (DESIGN.md: "a missing one stops start-up"), so a deployment
 * is complete the day it is made rather than the day the feature first runs.
 */
const PRODUCTION_REQUIRED = [
  'PUBLIC_URL',
  'DATABASE_URL',
  'SMTP_URL',
  'TOKEN_ENCRYPTION_KEYS',
  'PLAID_CLIENT_ID',
  'PLAID_SECRET',
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'STRIPE_PRICE_ID',
  'OPENAI_API_KEY',
] as const satisfies readonly (keyof Env)[];

export interface LoadConfigOptions {
  /** Produces a development key ring (`id:key` text) when TOKEN_ENCRYPTION_KEYS is unset. */
  devKeyRing: (dataDir: string) => string;
  /** Working directory the default data dir is relative to. */
  cwd?: string;
}

export interface LoadedConfig {
  config: ServerConfig;
  /** Development stand-ins that were used; the caller logs them. */
  warnings: string[];
}

/** Parses and checks the environment. Throws ConfigError naming every bad variable. */
export function loadConfig(
  raw: Readonly<Record<string, string | undefined>>,
  options: LoadConfigOptions,
): LoadedConfig {
  const parsed = EnvSchema.safeParse(raw);
  if (!parsed.success) {
    // zod's path names the variable; its message never contains the value.
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'} ${i.message}`),
    );
  }
  const env = parsed.data;
  const production = env.NODE_ENV === 'production';
  const problems: string[] = [];
  const warnings: string[] = [];

  if (production) {
    for (const name of PRODUCTION_REQUIRED) {
      if (env[name] === undefined) problems.push(`${name} is required when NODE_ENV=production`);
    }
    if (env.PUBLIC_URL !== undefined && !env.PUBLIC_URL.startsWith('https://')) {
      problems.push('PUBLIC_URL must be https:// when NODE_ENV=production');
    }
  }
  const oidcSet = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET].filter(
    (v) => v !== undefined,
  ).length;
  if (oidcSet !== 0 && oidcSet !== 3) {
    problems.push('OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together');
  }
  if ((env.TLS_CERT_FILE === undefined) !== (env.TLS_KEY_FILE === undefined)) {
    problems.push('TLS_CERT_FILE and TLS_KEY_FILE must be set together');
  }
  if (env.DATABASE_MIGRATION_URL !== undefined && env.DATABASE_URL === undefined) {
    problems.push('DATABASE_MIGRATION_URL needs DATABASE_URL (the app role connection)');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const host = env.HOST ?? '127.0.0.1';
  const port = env.PORT ?? 8787;
  const dataDir = path.resolve(
    options.cwd ?? process.cwd(),
    env.CASIKE_SERVER_DATA_DIR ?? '.data/server',
  );
  const publicUrl = new URL(env.PUBLIC_URL ?? `http://${host}:${port}`);

  let keyRing = env.TOKEN_ENCRYPTION_KEYS;
  if (keyRing === undefined) {
    keyRing = KeyRingSchema.parse(options.devKeyRing(dataDir));
    warnings.push(
      'TOKEN_ENCRYPTION_KEYS is not set: using a generated development key ring (never do this in production)',
    );
  }
  if (production && env.DATABASE_MIGRATION_URL === undefined) {
    warnings.push(
      'DATABASE_MIGRATION_URL is not set: the app connects as the table owner and drops to casike_app per transaction; prefer a casike_app login for DATABASE_URL',
    );
  }
  if (env.SMTP_URL === undefined) {
    warnings.push('SMTP_URL is not set: sign-in links are written to the log instead of mailed');
  }
  for (const [name, present] of [
    ['PLAID_SECRET', env.PLAID_SECRET !== undefined],
    ['STRIPE_SECRET_KEY', env.STRIPE_SECRET_KEY !== undefined],
    ['OPENAI_API_KEY', env.OPENAI_API_KEY !== undefined],
  ] as const) {
    if (!present) warnings.push(`${name} is not set: that integration is disabled`);
  }

  const config: ServerConfig = {
    production,
    host,
    port,
    publicUrl,
    dataDir,
    database:
      env.DATABASE_URL !== undefined
        ? { kind: 'postgres', url: env.DATABASE_URL, migrationUrl: env.DATABASE_MIGRATION_URL }
        : { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') },
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM ?? `Casike <no-reply@${publicUrl.hostname}>`,
    keyRing,
    oidc:
      env.OIDC_ISSUER !== undefined &&
      env.OIDC_CLIENT_ID !== undefined &&
      env.OIDC_CLIENT_SECRET !== undefined
        ? {
            issuer: env.OIDC_ISSUER,
            clientId: env.OIDC_CLIENT_ID,
            clientSecret: env.OIDC_CLIENT_SECRET,
          }
        : undefined,
    plaid:
      env.PLAID_CLIENT_ID !== undefined && env.PLAID_SECRET !== undefined
        ? {
            clientId: env.PLAID_CLIENT_ID,
            secret: env.PLAID_SECRET,
            env: env.PLAID_ENV,
            baseUrl: env.PLAID_BASE_URL,
          }
        : undefined,
    stripe:
      env.STRIPE_SECRET_KEY !== undefined &&
      env.STRIPE_WEBHOOK_SECRET !== undefined &&
      env.STRIPE_PRICE_ID !== undefined
        ? {
            secretKey: env.STRIPE_SECRET_KEY,
            webhookSecret: env.STRIPE_WEBHOOK_SECRET,
            priceId: env.STRIPE_PRICE_ID,
            apiUrl: env.STRIPE_API_URL,
          }
        : undefined,
    openai:
      env.OPENAI_API_KEY !== undefined
        ? { apiKey: env.OPENAI_API_KEY, baseUrl: env.OPENAI_BASE_URL }
        : undefined,
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    bodyLimitBytes: 64 * 1024,
    auth: { ...DEFAULT_AUTH_TIMINGS },
    rateLimits: { ...DEFAULT_RATE_LIMITS },
    tls:
      env.TLS_CERT_FILE !== undefined && env.TLS_KEY_FILE !== undefined
        ? { certFile: env.TLS_CERT_FILE, keyFile: env.TLS_KEY_FILE }
        : undefined,
    retention: { auditLogDays: env.AUDIT_RETENTION_DAYS ?? DEFAULT_AUDIT_RETENTION_DAYS },
    backups: {
      retention: {
        keepLast: env.BACKUP_KEEP_LAST ?? DEFAULT_RETENTION.keepLast,
        keepDaily: env.BACKUP_KEEP_DAILY ?? DEFAULT_RETENTION.keepDaily,
        keepWeekly: env.BACKUP_KEEP_WEEKLY ?? DEFAULT_RETENTION.keepWeekly,
      },
      abandonedAfterSeconds: 24 * 3600,
    },
  };
  return { config, warnings };
}
