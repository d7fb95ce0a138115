import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { isValidDate } from '../../../src-shared/domain/dates';
import {
  exportExpenseReportPdf,
  exportInvoicePdf,
  exportStatementPdf,
} from '../../core/exports/pdf';
import { findAccountByName } from '../../core/ledger';
import type { CliContext } from '../cliContext';
import { CliError } from '../cliErrors';
import { findInvoice } from './invoiceCommands';

type ContextFactory = (command: Command) => CliContext;

/**
 * `casike export pdf invoice NUMBER --out FILE` and `casike export pdf statement
 * --account NAME --from --to --out FILE`, both with `--force` to replace FILE. Adds the
 * `pdf` group under the existing `export` command. `casike export pdf expenses --from
 * --to --out FILE` writes the expense report with its receipt appendix.
 */
export function registerPdfExportCommands(program: Command, contextOf: ContextFactory): void {
  const pdf = pdfExportGroup(program);
  pdf
    .command('invoice')
    .description('an invoice as PDF')
    .argument('<number>', 'the invoice number (or a draft id)')
    .requiredOption('--out <file>', 'the file to write')
    .option('--force', 'replace FILE if it exists')
    .action(async (ref: string, flags: { out: string; force?: boolean }, command: Command) => {
      const out = checkedTarget(flags.out, flags.force);
      const ctx = contextOf(command);
      const result = await ctx.withVault((vault) =>
        exportInvoicePdf(vault, findInvoice(vault.db, ref).id, out, {
          overwrite: flags.force ?? false,
        }),
      );
      ctx.print({ ...result, file: out }, `Wrote ${flags.out} (${plural(result.pages, 'page')})`);
    });
  pdf
    .command('statement')
    .description('an account statement for a period as PDF, with opening and closing balance')
    .requiredOption('--account <name>', 'the account')
    .requiredOption('--from <date>', 'first day YYYY-MM-DD', parseDate)
    .requiredOption('--to <date>', 'last day YYYY-MM-DD', parseDate)
    .requiredOption('--out <file>', 'the file to write')
    .option('--force', 'replace FILE if it exists')
    .action(
      async (
        flags: { account: string; from: string; to: string; out: string; force?: boolean },
        command: Command,
      ) => {
        if (flags.from > flags.to) throw new CliError('BAD_INPUT', '--from is after --to');
        const out = checkedTarget(flags.out, flags.force);
        const ctx = contextOf(command);
        const result = await ctx.withVault((vault) =>
          exportStatementPdf(
            vault,
            {
              accountId: findAccountByName(vault.db, flags.account).id,
              from: flags.from,
              to: flags.to,
            },
            out,
            { overwrite: flags.force ?? false },
          ),
        );
        ctx.print(
          { ...result, file: out },
          `Wrote ${flags.out} (${plural(result.rows, 'transaction')}, ${plural(result.pages, 'page')})`,
        );
      },
    );
  pdf
    .command('expenses')
    .description('an expense report for a period as PDF, with totals and receipts')
    .requiredOption('--from <date>', 'first day YYYY-MM-DD', parseDate)
    .requiredOption('--to <date>', 'last day YYYY-MM-DD', parseDate)
    .requiredOption('--out <file>', 'the file to write')
    .option('--force', 'replace FILE if it exists')
    .action(
      async (
        flags: { from: string; to: string; out: string; force?: boolean },
        command: Command,
      ) => {
        if (flags.from > flags.to) throw new CliError('BAD_INPUT', '--from is after --to');
        const out = checkedTarget(flags.out, flags.force);
        const ctx = contextOf(command);
        const result = await ctx.withVault((vault) =>
          exportExpenseReportPdf(vault, { from: flags.from, to: flags.to }, out, {
            overwrite: flags.force ?? false,
          }),
        );
        ctx.print(
          { ...result, file: out },
          `Wrote ${flags.out} (${plural(result.rows, 'expense')}, ${plural(result.receipts, 'receipt')}, ${plural(result.pages, 'page')})`,
        );
      },
    );
}

/** The `export pdf` command group, created on first use under `export`. */
export function pdfExportGroup(program: Command): Command {
  const exportCommand =
    program.commands.find((command) => command.name() === 'export') ??
    program.command('export').description('export data to a file');
  return (
    exportCommand.commands.find((command) => command.name() === 'pdf') ??
    exportCommand.command('pdf').description('export a PDF document')
  );
}

/** Checked before unlocking so a typo costs no passphrase; the export checks again atomically. */
function checkedTarget(file: string, force: boolean | undefined): string {
  const out = resolve(file);
  if (!force && existsSync(out))
    throw new CliError('BAD_INPUT', `${file} already exists; add --force to replace it`);
  return out;
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

function parseDate(value: string): string {
  if (!isValidDate(value)) throw new InvalidArgumentError('expected a date as YYYY-MM-DD');
  return value;
}
