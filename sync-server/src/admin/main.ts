import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type ServerConfig } from '../config/env';
import { persistentDevKeyRing } from '../config/devSecrets';
import { openDatabase } from '../db/open';
import { runRetention } from '../jobs/retention';
import { createSmtpMailer, createTerminalMailer } from '../mail/mailer';
import {
  notifyUsers,
  revokeSessions,
  rotateTokenKeys,
  verifyAudit,
  type UserSelector,
} from './commands';
import { isNoticeTemplate, NOTICE_TEMPLATES } from './noticeTemplates';

/*
 * The operator's tool for incidents and upkeep (docs/incident-response.md):
 *
 *   npm run admin -- revoke-sessions --all | --user EMAIL [--user EMAIL…]
 *   npm run admin -- rotate-token-keys
 *   npm run admin -- notify-users --template breach [--message TEXT] [--all | --user EMAIL…]
 *   npm run admin -- retention
 *   npm run admin -- verify-audit
 *
 * It reads the server's environment. It connects as the tables' owner
 * (DATABASE_MIGRATION_URL when set, else DATABASE_URL) and works as casike_operator.
 * With embedded PGlite (development), stop the server first: PGlite is single-process.
 * Exit codes: 0 done, 1 failed (message on stderr), 2 usage.
 */

const USAGE = `usage: npm run admin -- <command> [options]
  revoke-sessions --all | --user EMAIL…      sign out everyone, or these accounts (trusted devices too)
  rotate-token-keys                          re-seal everything under the newest TOKEN_ENCRYPTION_KEYS key
  notify-users --template NAME [--message TEXT] [--all | --user EMAIL…]
                                             email + in-app notice (templates: ${Object.keys(NOTICE_TEMPLATES).join(', ')})
  retention                                  run the retention job now
  verify-audit                               check the server audit log's hash chain`;

class UsageError extends Error {}

function selector(values: {
  all?: boolean | undefined;
  user?: string[] | undefined;
}): UserSelector {
  const users = values.user ?? [];
  if (values.all === true && users.length > 0)
    throw new UsageError('use either --all or --user, not both');
  if (values.all === true) return { all: true };
  if (users.length === 0) throw new UsageError('say who: --all or --user EMAIL');
  return { emails: users };
}

function ownerConfig(config: ServerConfig): ServerConfig['database'] {
  const db = config.database;
  return db.kind === 'postgres'
    ? { kind: 'postgres', url: db.migrationUrl ?? db.url, migrationUrl: undefined }
    : db;
}

export async function runAdmin(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  out: (line: string) => void,
): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      all: { type: 'boolean' },
      user: { type: 'string', multiple: true },
      template: { type: 'string' },
      message: { type: 'string' },
    },
    strict: true,
  });
  const { config } = loadConfig(env, { devKeyRing: persistentDevKeyRing });
  const known = [
    'revoke-sessions',
    'rotate-token-keys',
    'notify-users',
    'retention',
    'verify-audit',
  ];
  if (command === undefined || !known.includes(command))
    throw new UsageError(`unknown command ${command ?? '(none)'}`);
  const who =
    command === 'revoke-sessions' || command === 'notify-users' ? selector(values) : undefined;
  const db = await openDatabase(ownerConfig(config));
  const ctx = { db, config, now: () => new Date() };
  try {
    switch (command) {
      case 'revoke-sessions': {
        const r = await revokeSessions(ctx, who ?? { all: true });
        out(
          `revoked ${r.sessions} sessions and ${r.trustedDevices} trusted devices of ${r.users} accounts`,
        );
        for (const e of r.unknownEmails) out(`no account for ${e}`);
        return r.unknownEmails.length === 0 ? 0 : 1;
      }
      case 'rotate-token-keys': {
        const r = await rotateTokenKeys(ctx);
        for (const [name, n] of Object.entries(r.targets))
          out(`${name}: ${n} re-sealed under key ${r.keyId}`);
        out(
          'done: keys other than the first may now be dropped from TOKEN_ENCRYPTION_KEYS once access tokens signed with them have expired',
        );
        return 0;
      }
      case 'notify-users': {
        const template = values.template ?? '';
        if (!isNoticeTemplate(template))
          throw new UsageError(
            `--template must be one of ${Object.keys(NOTICE_TEMPLATES).join(', ')}`,
          );
        const mailer =
          config.smtpUrl === undefined
            ? createTerminalMailer(config.production, (text) => void process.stdout.write(text))
            : createSmtpMailer(config.smtpUrl, config.mailFrom);
        try {
          const r = await notifyUsers(ctx, mailer, template, who ?? { all: true }, values.message);
          out(
            `notified ${r.users} accounts: ${r.mailed} emails sent, ${r.users} in-app notices recorded`,
          );
          for (const e of r.mailFailures) out(`email failed (retry with --user): ${e}`);
          return r.mailFailures.length === 0 ? 0 : 1;
        } finally {
          mailer.close();
        }
      }
      case 'retention': {
        for (const r of await runRetention(db, config, ctx.now))
          out(`${r.task}: deleted ${r.deleted}`);
        return 0;
      }
      default: {
        const v = await verifyAudit(ctx);
        out(
          v.ok
            ? `audit log intact: ${v.rows} entries`
            : `audit log BROKEN at entry ${v.seq}: ${v.reason}`,
        );
        return v.ok ? 0 : 1;
      }
    }
  } finally {
    await db.close();
  }
}

// Run only as the entry point (tests import runAdmin).
if (
  process.argv[1] !== undefined &&
  import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))
) {
  runAdmin(
    process.argv.slice(2),
    process.env,
    (line) => void process.stdout.write(`${line}\n`),
  ).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (
        error instanceof UsageError ||
        (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
      ) {
        process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
        process.exit(2);
      }
      process.stderr.write(
        `${error instanceof ConfigError ? error.message : `admin: ${(error as Error).message}`}\n`,
      );
      process.exit(1);
    },
  );
}
