import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
import {
  cloudStatus,
  cloudUrlFrom,
  completeSignIn,
  listTrustedDevices,
  requestSignIn,
  revokeTrustedDevice,
  setMfa,
  signInWithOidc,
  signOut,
  systemBrowserOpener,
  type SecondFactor,
  type SecondFactorOptions,
  type SignedIn,
} from '../../core/cloud';
import type { CliContext } from '../cliContext';
import { CliError } from '../cliErrors';

type ContextFactory = (command: Command) => CliContext;

/** A line typed by the user (visible: a sign-in code is single-use and bound to this device). */
async function askLine(question: string): Promise<string> {
  if (!process.stdin.isTTY)
    throw new CliError('USAGE', 'no terminal to ask on; pass the value as an option instead');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

interface LoginOptions {
  server?: string;
  code?: string;
  oidc?: boolean;
  mfaCode?: string;
  recoveryCode?: string;
  trustDevice?: boolean;
  wait: boolean;
}

function serverFrom(option: string | undefined): URL {
  const server = cloudUrlFrom(option);
  if (server === undefined)
    throw new CliError('USAGE', 'which server? pass --server URL or set CASIKE_CLOUD_URL');
  return server;
}

const SIX_DIGITS = /^\d{6}$/;
const RECOVERY = /^[A-Za-z0-9]{5}-?[A-Za-z0-9]{5}$/;

/** The second factor from the options, or a prompt on a terminal (three tries). */
function secondFactorFrom(options: LoginOptions): SecondFactorOptions {
  const trust = options.trustDevice === true ? { trustDevice: true } : {};
  if (options.mfaCode !== undefined && options.recoveryCode !== undefined)
    throw new CliError('USAGE', 'give one of --mfa-code and --recovery-code, not both');
  if (options.mfaCode !== undefined) {
    const code = options.mfaCode.trim();
    if (!SIX_DIGITS.test(code))
      throw new CliError('BAD_INPUT', '--mfa-code must be the 6 digits your authenticator shows');
    return { ...trust, secondFactor: () => Promise.resolve({ code }) };
  }
  if (options.recoveryCode !== undefined) {
    const recoveryCode = options.recoveryCode.trim();
    if (!RECOVERY.test(recoveryCode))
      throw new CliError('BAD_INPUT', '--recovery-code must look like xxxxx-xxxxx');
    return { ...trust, secondFactor: () => Promise.resolve({ recoveryCode }) };
  }
  if (!process.stdin.isTTY) return trust;
  return {
    ...trust,
    secondFactorAttempts: 3,
    secondFactor: async (attempt): Promise<SecondFactor> => {
      for (;;) {
        const typed = await askLine(
          attempt === 1
            ? 'Two-step sign-in code (authenticator, or a recovery code): '
            : 'That code did not work. Try again: ',
        );
        if (SIX_DIGITS.test(typed)) return { code: typed };
        if (RECOVERY.test(typed)) return { recoveryCode: typed };
        process.stderr.write('A code is 6 digits; a recovery code looks like xxxxx-xxxxx.\n');
      }
    },
  };
}

function printSignedIn(ctx: CliContext, done: SignedIn): void {
  ctx.print({ status: 'signed_in', ...done }, [
    `Signed in to ${done.server} as ${done.email}.`,
    ...(done.mfaSkipped ? ['Two-step code skipped: this device is trusted.'] : []),
    ...(done.deviceTrusted
      ? ['This device is trusted for 30 days: no two-step code until then.']
      : []),
  ]);
}

/** cloud login|status|logout, cloud devices list|revoke, cloud mfa enable|disable. */
export function registerCloudCommands(program: Command, contextOf: ContextFactory): void {
  const cloud = program
    .command('cloud')
    .description('the optional Casike Cloud account (server: --server or CASIKE_CLOUD_URL)');

  cloud
    .command('login')
    .description(
      'sign in: emails a link to EMAIL, then completes with the link or code (paste it, or run again with --code); or --oidc through the browser',
    )
    .argument(
      '[email]',
      'the account address (omit with --code to finish a sign-in, or with --oidc)',
    )
    .option(
      '--server <url>',
      'the sync server (https://, or http:// on loopback); default CASIKE_CLOUD_URL',
    )
    .option('--code <linkOrCode>', 'the link or code from the sign-in email')
    .option('--oidc', "sign in with the server's identity provider in the system browser")
    .option(
      '--mfa-code <code>',
      'the 6-digit authenticator code, if the account uses two-step sign-in',
    )
    .option(
      '--recovery-code <code>',
      'a recovery code instead of the authenticator code (works once)',
    )
    .option('--trust-device', 'after the two-step code, skip it on this device for 30 days')
    .option('--no-wait', 'only send the email; finish later with `casike cloud login --code …`')
    .action(async (email: string | undefined, options: LoginOptions, command: Command) => {
      const ctx = contextOf(command);
      if (options.oidc === true && (email !== undefined || options.code !== undefined))
        throw new CliError('USAGE', '--oidc signs in through the browser: give no EMAIL or --code');
      if (options.oidc !== true && email === undefined && options.code === undefined)
        throw new CliError(
          'USAGE',
          'give the EMAIL to sign in with, --code to finish a sign-in, or --oidc',
        );
      // Checked before anything is sent: a malformed code must not use up the email link.
      const second = secondFactorFrom(options);
      await ctx.withVault(async (vault) => {
        if (options.oidc === true) {
          const server = serverFrom(options.server);
          const done = await signInWithOidc(vault, server, {
            ...second,
            openBrowser: systemBrowserOpener(),
            onAuthorizationUrl: (url) =>
              process.stderr.write(
                `Opening your browser to sign in. If it does not open, visit:\n  ${url}\n`,
              ),
          });
          printSignedIn(ctx, done);
          return;
        }
        let code = options.code;
        if (email !== undefined) {
          const server = serverFrom(options.server);
          const sent = await requestSignIn(vault, server, email);
          const minutes = Math.round(sent.expiresInSeconds / 60);
          process.stderr.write(
            `Check your email (${email}): we sent a sign-in link. It works once, for ${minutes} minutes, on this device only.\n`,
          );
          if (code === undefined) {
            if (!options.wait || !process.stdin.isTTY) {
              ctx.print(
                { status: 'email_sent', email, server: server.origin },
                'Then run: casike cloud login --code <the link or code from the email>',
              );
              return;
            }
            code = await askLine('Paste the link or code from the email: ');
          }
        }
        const done = await completeSignIn(vault, code ?? '', second);
        printSignedIn(ctx, done);
      });
    });

  const devices = cloud
    .command('devices')
    .description('devices trusted to skip the two-step code (30 days each)');
  devices
    .command('list')
    .description('every trusted device of the account, newest first')
    .action(async (_options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const list = await ctx.withVault((vault) => listTrustedDevices(vault));
      ctx.print(
        list,
        list.length === 0
          ? 'No trusted devices: every sign-in asks for the two-step code.'
          : list.map(
              (d) =>
                `${d.id}  ${d.deviceName}  trusted until ${d.expiresAt}${d.lastUsedAt === null ? '' : `, last used ${d.lastUsedAt}`}`,
            ),
      );
    });
  devices
    .command('revoke')
    .description('stop trusting a device: its next sign-in asks for the two-step code again')
    .argument('<id>', 'the device id, from `casike cloud devices list`')
    .action(async (id: string, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      await ctx.withVault((vault) => revokeTrustedDevice(vault, id.trim()));
      ctx.print({ status: 'revoked', id }, `Revoked trusted device ${id}.`);
    });

  cloud
    .command('status')
    .description('whether this vault is signed in, and as whom (asks the server)')
    .action(async (_options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const status = await ctx.withVault((vault) => cloudStatus(vault));
      if (!status.signedIn) {
        ctx.print(
          status,
          status.pendingSignIn
            ? `Not signed in. A sign-in for ${status.pendingSignIn.email} is waiting for its code: casike cloud login --code …`
            : 'Not signed in to Casike Cloud. Sign in with: casike cloud login EMAIL',
        );
        return;
      }
      ctx.print(status, [
        `Signed in to ${status.server} as ${status.email}`,
        `this device: ${status.me.session.deviceName}, since ${status.me.session.createdAt}`,
      ]);
    });

  cloud
    .command('logout')
    .description('end this device’s session and forget its tokens')
    .action(async (_options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const result = await ctx.withVault((vault) => signOut(vault));
      ctx.print(
        result,
        result.serverConfirmed
          ? 'Signed out.'
          : 'Signed out on this device (the server could not be told; the session ends when it times out).',
      );
    });

  const mfa = cloud.command('mfa').description('two-step sign-in (TOTP) for the cloud account');
  mfa
    .command('enable')
    .description(
      'start: shows the authenticator secret; then confirm with a code (asked, or --code) to get recovery codes',
    )
    .option(
      '--code <code>',
      'a current authenticator code, to confirm an enrolment already started',
    )
    .action(async (options: { code?: string }, command: Command) => {
      const ctx = contextOf(command);
      await ctx.withVault(async (vault) => {
        let code = options.code;
        if (code === undefined) {
          const started = await setMfa(vault, { action: 'start' });
          if (started.action !== 'started') return;
          process.stderr.write(
            `Add this account to your authenticator app:\n  ${started.otpauthUri}\n  (or type the secret: ${started.secret})\n`,
          );
          if (!process.stdin.isTTY) {
            ctx.print(
              {
                status: 'enrolment_started',
                otpauthUri: started.otpauthUri,
                secret: started.secret,
              },
              'Then confirm with: casike cloud mfa enable --code <6 digits>',
            );
            return;
          }
          code = await askLine('Code from the authenticator: ');
        }
        const enabled = await setMfa(vault, { action: 'confirm', code });
        if (enabled.action !== 'enabled') return;
        ctx.print(enabled, [
          'Two-step sign-in is on. Recovery codes (each works once; keep them safe):',
          ...enabled.recoveryCodes.map((c) => `  ${c}`),
        ]);
      });
    });

  mfa
    .command('disable')
    .description('turn two-step sign-in off with a current code or a recovery code')
    .option('--code <code>', 'a current authenticator code')
    .option('--recovery-code <code>', 'one of the recovery codes')
    .action(async (options: { code?: string; recoveryCode?: string }, command: Command) => {
      const ctx = contextOf(command);
      if ((options.code === undefined) === (options.recoveryCode === undefined))
        throw new CliError('USAGE', 'give exactly one of --code and --recovery-code');
      const result = await ctx.withVault((vault) =>
        setMfa(vault, {
          action: 'disable',
          ...(options.code !== undefined ? { code: options.code } : {}),
          ...(options.recoveryCode !== undefined ? { recoveryCode: options.recoveryCode } : {}),
        }),
      );
      ctx.print(result, 'Two-step sign-in is off.');
    });
}
