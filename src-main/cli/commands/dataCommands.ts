import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { exportAllData } from '../../core/exports/allDataJson';
import { deleteVaultFiles, openVault, vaultStatus } from '../../core/vault';
import type { CliContext } from '../cliContext';
import { CliError } from '../cliErrors';

type ContextFactory = (command: Command) => CliContext;

/** `casike export json --out FILE [--force]` and `casike vault delete --confirm`. */
export function registerDataCommands(program: Command, contextOf: ContextFactory): void {
  group(program, 'export', 'export data to a file')
    .command('json')
    .description('export all your data (every table of user data, no secrets) as JSON')
    .requiredOption('--out <file>', 'the file to write')
    .option('--force', 'replace FILE if it exists')
    .action(async (flags: { out: string; force?: boolean }, command: Command) => {
      const ctx = contextOf(command);
      const out = resolve(flags.out);
      if (!flags.force && existsSync(out)) {
        throw new CliError('BAD_INPUT', `${flags.out} already exists; add --force to replace it`);
      }
      const result = await ctx.withVault((vault) =>
        exportAllData(vault, out, { overwrite: flags.force ?? false }),
      );
      ctx.print(
        { ...result, file: out },
        `Exported ${result.rows} rows from ${result.tables} tables to ${flags.out}`,
      );
    });

  group(program, 'vault', 'the vault itself')
    .command('delete')
    .description('delete the vault and everything in it from this device (irreversible)')
    .option('--confirm', 'yes, delete everything')
    .action(async (flags: { confirm?: boolean }, command: Command) => {
      const ctx = contextOf(command);
      if (!flags.confirm) {
        throw new CliError(
          'BAD_INPUT',
          'this deletes every vault file and cannot be undone; add --confirm to go ahead',
        );
      }
      if (vaultStatus(ctx.dataDir).exists) {
        // Always the passphrase, never the keychain: deleting must be a deliberate act.
        const vault = await openVault(ctx.vaultContext, {
          method: 'passphrase',
          passphrase: await ctx.passphrase(),
        });
        vault.lock('user');
      }
      const result = await deleteVaultFiles(ctx.dataDir, ctx.vaultContext.keychain);
      ctx.print(
        result,
        result.deleted
          ? `Deleted the vault in ${ctx.dataDir} (${result.removedFiles} files).`
          : `No vault in ${ctx.dataDir}; nothing to delete.`,
      );
    });
}

function group(program: Command, name: string, description: string): Command {
  return (
    program.commands.find((command) => command.name() === name) ??
    program.command(name).description(description)
  );
}
