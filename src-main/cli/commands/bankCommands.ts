import { Command } from 'commander';
import {
  billingPortalUrl,
  checkoutUrl,
  listBankItems,
  startBankLink,
  syncBanks,
  unlinkBank,
  waitForBankLink,
} from '../../core/bank';
import type { CliContext } from '../cliContext';
import { CliError } from '../cliErrors';

type ContextFactory = (command: Command) => CliContext;

/** bank link|list|sync|unlink, and cloud subscribe|billing (the links Stripe opens). */
export function registerBankCommands(program: Command, contextOf: ContextFactory): void {
  const bank = program
    .command('bank')
    .description(
      'linked banks (Plaid, through Casike Cloud; needs a subscription to link and sync)',
    );

  bank
    .command('link')
    .description('link a bank: prints the Plaid link to open in your browser, then waits for it')
    .option('--reconnect <itemId>', 'sign in to a linked bank again (when it says "reconnect")')
    .option('--no-wait', 'only print the link and its token')
    .option('--poll-seconds <n>', 'how often to check for completion', '2')
    .action(
      async (
        options: { reconnect?: string; wait: boolean; pollSeconds: string },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const seconds = Number(options.pollSeconds);
        if (!Number.isFinite(seconds) || seconds < 0.05 || seconds > 60)
          throw new CliError('USAGE', '--poll-seconds must be between 0.05 and 60');
        await ctx.withVault(async (vault) => {
          const link = await startBankLink(vault, options.reconnect);
          process.stderr.write(
            `Open this link in your browser to connect your bank (valid until ${link.expiresAt}):\n${link.hostedLinkUrl}\n`,
          );
          if (!options.wait) {
            ctx.print(
              { status: 'link_started', url: link.hostedLinkUrl, expiresAt: link.expiresAt },
              link.hostedLinkUrl,
            );
            return;
          }
          process.stderr.write('Waiting for you to finish in the browser…\n');
          const result = await waitForBankLink(vault, link.linkToken, {
            intervalMs: seconds * 1000,
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
    .description('prints the Stripe Checkout link for the Casike Cloud subscription')
    .action(async (_options: unknown, command: Command) => {
      const ctx = contextOf(command);
      await ctx.withVault(async (vault) => {
        const url = await checkoutUrl(vault);
        ctx.print({ url }, ['Open this link in your browser to subscribe:', url]);
      });
    });
  cloud
    .command('billing')
    .description('prints the Stripe Customer Portal link (card, invoices, cancel)')
    .action(async (_options: unknown, command: Command) => {
      const ctx = contextOf(command);
      await ctx.withVault(async (vault) => {
        const url = await billingPortalUrl(vault);
        ctx.print({ url }, ['Open this link in your browser to manage billing:', url]);
      });
    });
}
