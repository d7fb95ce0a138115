import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
import {
  cloudStatus,
  cloudUrlFrom,
  completeSignIn,
  requestSignIn,
  setMfa,
  signOut,
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

/** cloud login|status|logout, cloud mfa enable|disable. */
export function registerCloudCommands(program: Command, contextOf: ContextFactory): void {
  const cloud = program
    .command('cloud')
    .description('the optional Casike Cloud account (server: --server or CASIKE_CLOUD_URL)');

  cloud
    .command('login')
    .description(
      'sign in: emails a link to EMAIL, then completes with the link or code (paste it, or run again with --code)',
    )
    .argument('[email]', 'the account address (omit with --code to finish a sign-in)')
    .option(
      '--server <url>',
      'the sync server (https://, or http:// on loopback); default CASIKE_CLOUD_URL',
    )
    .option('--code <linkOrCode>', 'the link or code from the sign-in email')
    .option(
      '--mfa-code <code>',
      'the authenticator (or recovery) code, if the account uses two-step sign-in',
    )
    .option('--no-wait', 'only send the email; finish later with `casike cloud login --code …`')
    .action(
      async (
        email: string | undefined,
        options: { server?: string; code?: string; mfaCode?: string; wait: boolean },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        if (email === undefined && options.code === undefined)
          throw new CliError(
            'USAGE',
            'give the EMAIL to sign in with, or --code to finish a sign-in',
          );
        await ctx.withVault(async (vault) => {
          let code = options.code;
          if (email !== undefined) {
            const server = cloudUrlFrom(options.server);
            if (server === undefined)
              throw new CliError(
                'USAGE',
                'which server? pass --server URL or set CASIKE_CLOUD_URL',
              );
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
          const mfaCode =
            options.mfaCode !== undefined
              ? () => Promise.resolve(options.mfaCode ?? '')
              : process.stdin.isTTY
                ? () => askLine('Two-step sign-in code (authenticator or recovery code): ')
                : undefined;
          const done = await completeSignIn(vault, code ?? '', mfaCode ? { mfaCode } : {});
          ctx.print(
            { status: 'signed_in', ...done },
            `Signed in to ${done.server} as ${done.email}.`,
          );
        });
      },
    );

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
