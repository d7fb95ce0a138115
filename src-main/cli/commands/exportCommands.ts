import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { isValidDate } from '../../../src-shared/domain/dates';
import { exportTransactionsCsv } from '../../core/exports';
import { findAccountByName } from '../../core/ledger';
import type { CliContext } from '../cliContext';
import { CliError } from '../cliErrors';

type ContextFactory = (command: Command) => CliContext;

interface CsvExportFlags {
  out: string;
  from?: string;
  to?: string;
  account?: string;
  bom?: boolean;
  force?: boolean;
}

/** `casike export csv --out FILE [--from --to --account NAME] [--bom] [--force]`. */
export function registerExportCommands(program: Command, contextOf: ContextFactory): void {
  const exportCommand = program.command('export').description('export data to a file');
  exportCommand
    .command('csv')
    .description('export transactions as CSV (oldest first)')
    .requiredOption('--out <file>', 'the file to write')
    .option('--from <date>', 'from YYYY-MM-DD', parseDate)
    .option('--to <date>', 'to YYYY-MM-DD', parseDate)
    .option('--account <name>', 'only this account')
    .option('--bom', 'start with a byte order mark, for Excel')
    .option('--force', 'replace FILE if it exists')
    .action(async (flags: CsvExportFlags, command: Command) => {
      const ctx = contextOf(command);
      const out = resolve(flags.out);
      // Checked before unlocking so a typo costs no passphrase; the export checks again
      // atomically when it puts the file in place.
      if (!flags.force && existsSync(out)) {
        throw new CliError('BAD_INPUT', `${flags.out} already exists; add --force to replace it`);
      }
      if (flags.from && flags.to && flags.from > flags.to) {
        throw new CliError('BAD_INPUT', '--from is after --to');
      }
      const rows = await ctx.withVault((vault) =>
        exportTransactionsCsv(
          vault,
          {
            from: flags.from,
            to: flags.to,
            accountId: flags.account ? findAccountByName(vault.db, flags.account).id : undefined,
          },
          out,
          { bom: flags.bom ?? false, overwrite: flags.force ?? false },
        ),
      );
      ctx.print(
        { rows, file: out },
        `Exported ${rows} transaction${rows === 1 ? '' : 's'} to ${flags.out}`,
      );
    });
}

function parseDate(value: string): string {
  if (!isValidDate(value)) throw new InvalidArgumentError('expected a date as YYYY-MM-DD');
  return value;
}
