import { Command } from 'commander';
import {
  billingPortalUrl,
  checkoutUrl,
  checkServiceUrl,
  subscriptionStatus,
  listBankItems,
  startBankLink,
  syncBanks,
  unlinkBank,
  waitForBankLink,
} from '../../core/bank';
import { authorizedClient, CloudError } from '../../core/cloud';
import type { UnlockedVault } from '../../core/vault';
import type { CliContext } from '../cliContext';
import { systemUrlOpener, type UrlOpener } from '../urlOpener';
import { CliError } from '../cliErrors';

type ContextFactory = (command: Command) => CliContext;

/**
 * bank link|list|sync|unlink, and cloud subscribe|billing. Plaid's and Stripe's pages open
 * in the browser through `opener` (the system's by default; tests pass a fake).
 */
export function registerBankCommands(
  program: Command,
  contextOf: ContextFactory,
  opener: UrlOpener = systemUrlOpener(),
): void {
  const bank = program
    .command('bank')
    .description(
      'linked banks (Plaid, through Casike Cloud; needs a subscription to link and sync)',
    );

  bank
    .command('link')
    .description('link a bank: opens Plaid in your browser, then waits until you finish there')
    .option('--reconnect <itemId>', 'sign in to a linked bank again (when it says "reconnect")')
    .option('--no-browser', 'print the link instead of opening the browser')
    .option('--no-wait', 'only open (or print) the link; do not wait for it')
    .option('--poll-seconds <n>', 'how often to check for completion', '2')
    .option('--timeout-minutes <n>', 'how long to wait before giving up', '30')
    .action(
      async (
        options: {
          reconnect?: string;
          wait: boolean;
          browser: boolean;
          pollSeconds: string;
          timeoutMinutes: string;
        },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const seconds = Number(options.pollSeconds);
        if (!Number.isFinite(seconds) || seconds < 0.05 || seconds > 60)
          throw new CliError('USAGE', '--poll-seconds must be between 0.05 and 60');
        const minutes = Number(options.timeoutMinutes);
        if (!Number.isFinite(minutes) || minutes < 0.01 || minutes > 240)
          throw new CliError('USAGE', '--timeout-minutes must be between 0.01 and 240');
        await ctx.withVault(async (vault) => {
          const link = await startBankLink(vault, options.reconnect);
          const shown = await openLink(
            vault,
            link.hostedLinkUrl,
            `connect your bank (the link works until ${link.expiresAt})`,
            options.browser,
            opener,
          );
          if (!options.wait) {
            ctx.print({ status: 'link_started', ...shown, expiresAt: link.expiresAt }, shown.url);
            return;
          }
          process.stderr.write('Waiting for you to finish in the browser…\n');
          const result = await waitForBankLink(vault, link.linkToken, {
            intervalMs: seconds * 1000,
            timeoutMs: minutes * 60_000,
          }).catch((error: unknown) => {
            if (error instanceof CloudError && /not finished in time/.test(error.message))
              throw new CliError(
                'BAD_INPUT',
                `the bank link was not finished within ${options.timeoutMinutes} minutes; nothing was linked (run \`casike bank link\` again)`,
              );
            throw error;
          });
          if (result.status === 'exited') {
            ctx.print(result, 'Linking was cancelled in the browser; nothing was linked.');
            return;
          }
          const items = result.status === 'linked' ? result.items : [result.item];
          ctx.print(
            result,
            items.map(
              (item) =>
                `${result.status === 'linked' ? 'Linked' : 'Reconnected'} ${item.institutionName ?? 'bank'} (${item.id}). Run \`casike bank sync\`.`,
            ),
          );
        });
      },
    );

  bank
    .command('list')
    .description('linked banks, their status and the vault accounts they feed')
    .action(async (_options: unknown, command: Command) => {
      const ctx = contextOf(command);
      await ctx.withVault(async (vault) => {
        const items = await listBankItems(vault);
        ctx.print(
          items,
          items.length === 0
            ? 'No linked banks. Link one with `casike bank link`.'
            : items.flatMap((item) => [
                `${item.id}  ${item.institutionName ?? 'bank'}  ${item.status === 'ok' ? 'ok' : `reconnect needed (${item.statusReason ?? 'sign in again'}): casike bank link --reconnect ${item.id}`}  last sync ${item.lastSyncedAt ?? 'never'}${item.updatesAvailable ? '  (new transactions waiting)' : ''}`,
                ...item.accounts.map((a) => `    ${a.name}`),
              ]),
        );
      });
    });

  bank
    .command('sync')
    .description('pull new, changed and removed transactions and balances from every linked bank')
    .argument('[itemId]', 'only this linked bank')
    .action(async (itemId: string | undefined, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      await ctx.withVault(async (vault) => {
        const results = await syncBanks(vault, itemId);
        ctx.print(
          results,
          results.length === 0
            ? 'No linked banks to sync.'
            : results.map(
                (r) =>
                  `${r.institutionName ?? r.itemId}: ${r.added} added, ${r.modified} modified, ${r.removed} removed, ${r.pendingReplaced} pending posted`,
              ),
        );
      });
    });

  bank
    .command('unlink')
    .description('disconnect a bank (its accounts and transactions stay in the vault)')
    .argument('<itemId>', 'from `casike bank list`')
    .action(async (itemId: string, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      await ctx.withVault(async (vault) => {
        await unlinkBank(vault, itemId);
        ctx.print({ unlinked: itemId }, `Unlinked ${itemId}. Its transactions stay in the vault.`);
      });
    });

  const cloud = program.commands.find((command) => command.name() === 'cloud');
  if (cloud === undefined) throw new Error('register the cloud commands before the bank commands');
  cloud
    .command('subscribe')
    .description(
      'subscribe to Casike Cloud: opens Stripe Checkout in your browser, then waits for the plan to start',
    )
    .option('--no-browser', 'print the link instead of opening the browser')
    .option('--no-wait', 'only open (or print) the link; do not wait for the payment')
    .option('--poll-seconds <n>', 'how often to check whether the plan started', '3')
    .option('--timeout-minutes <n>', 'how long to wait before giving up', '15')
    .action(
      async (
        options: { browser: boolean; wait: boolean; pollSeconds: string; timeoutMinutes: string },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const seconds = Number(options.pollSeconds);
        const minutes = Number(options.timeoutMinutes);
        if (!Number.isFinite(seconds) || seconds < 0.05 || seconds > 60)
          throw new CliError('USAGE', '--poll-seconds must be between 0.05 and 60');
        if (!Number.isFinite(minutes) || minutes < 0.01 || minutes > 240)
          throw new CliError('USAGE', '--timeout-minutes must be between 0.01 and 240');
        await ctx.withVault(async (vault) => {
          const shown = await openLink(
            vault,
            await checkoutUrl(vault),
            'subscribe',
            options.browser,
            opener,
          );
          if (!options.wait) {
            ctx.print(shown, shown.url);
            return;
          }
          process.stderr.write('Waiting for the payment to go through…\n');
          const deadline = Date.now() + minutes * 60_000;
          for (;;) {
            const plan = await subscriptionStatus(vault);
            if (plan.entitled) {
              ctx.print(
                { ...shown, subscription: plan },
                `Subscribed: ${plan.status}${plan.currentPeriodEnd ? `, renews ${plan.currentPeriodEnd}` : ''}.`,
              );
              return;
            }
            if (Date.now() > deadline)
              throw new CliError(
                'BAD_INPUT',
                `the subscription had not started after ${options.timeoutMinutes} minutes (status: ${plan.status}); check \`casike cloud billing\``,
              );
            await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
          }
        });
      },
    );
  cloud
    .command('billing')
    .description('opens the Stripe Customer Portal in your browser (card, invoices, cancel)')
    .option('--no-browser', 'print the link instead of opening the browser')
    .action(async (options: { browser: boolean }, command: Command) => {
      const ctx = contextOf(command);
      await ctx.withVault(async (vault) => {
        const shown = await openLink(
          vault,
          await billingPortalUrl(vault),
          'manage billing',
          options.browser,
          opener,
        );
        ctx.print(shown, shown.url);
      });
    });
}

/**
 * Opens a link from the server in the browser (or only prints it), after checking it is
 * https (loopback http in development). The link is always printed too, on stderr, so a
 * user whose browser did not come up can copy it.
 */
async function openLink(
  vault: UnlockedVault,
  raw: string,
  purpose: string,
  useBrowser: boolean,
  opener: UrlOpener,
): Promise<{ url: string; opened: boolean }> {
  const url = checkServiceUrl(raw, authorizedClient(vault).session.serverUrl);
  if (!useBrowser) {
    process.stderr.write(`Open this link in your browser to ${purpose}:\n${url}\n`);
    return { url, opened: false };
  }
  const result = await opener(url);
  process.stderr.write(
    result.opened
      ? `Opened your browser to ${purpose}. If nothing appeared, open this link:\n${url}\n`
      : `Could not open a browser (${result.reason}). Open this link yourself to ${purpose}:\n${url}\n`,
  );
  return { url, opened: result.opened };
}
