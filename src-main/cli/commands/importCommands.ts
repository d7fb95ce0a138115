import { Command, Option } from 'commander';
import { CSV_DATE_FORMATS, type CsvDateFormat } from '../../../src-shared/contract/csvImport';
import { importFile, IMPORT_FORMATS, type ImportFormat } from '../../core/imports';
import { findAccountByName, listAccounts } from '../../core/ledger';
import { loadRuleEngine } from '../../core/rules';
import { autoCategorize } from '../../core/categorize';
import type { SqlDatabase } from '../../core/db/openDatabase';
import type { CliContext } from '../cliContext';
import { CliError } from '../cliErrors';

type ContextFactory = (command: Command) => CliContext;

interface ImportOptions {
  account?: string;
  format?: ImportFormat;
  dateFormat?: CsvDateFormat;
  dryRun?: boolean;
}

/** casike import FILE: one all-or-nothing import, re-runnable without duplicates. */
export function registerImportCommands(program: Command, contextOf: ContextFactory): void {
  program
    .command('import')
    .description('import a bank file (CSV, OFX/QFX, QIF, CAMT.053); all rows or none')
    .argument('<file>', 'the statement file')
    .option('--account <name>', 'target account (optional when there is only one)')
    .addOption(new Option('--format <format>', 'skip detection').choices(IMPORT_FORMATS))
    .addOption(
      new Option('--date-format <format>', 'CSV date format when it is ambiguous').choices(
        CSV_DATE_FORMATS,
      ),
    )
    .option('--dry-run', 'show what would be added, change nothing')
    .action(async (file: string, options: ImportOptions, command: Command) => {
      const ctx = contextOf(command);
      const outcome = await ctx.withVault(async (vault) => {
        const account = accountFor(vault.db, options.account);
        const result = await importFile(vault.db, file, {
          accountId: account,
          format: options.format,
          csv: options.dateFormat ? { dateFormat: options.dateFormat } : undefined,
          dryRun: options.dryRun ?? false,
          transform: loadRuleEngine(vault.db).transformDraft,
        });
        if (!result.dryRun) {
          vault.audit('import.completed', {
            format: result.format,
            added: result.added,
            duplicates: result.duplicates,
          });
          return {
            ...result,
            autoCategorized: autoCategorize(vault, Math.min(result.added, 100_000)),
          };
        }
        return { ...result, autoCategorized: 0 };
      });
      ctx.print(outcome, [
        `${outcome.dryRun ? 'Would add' : 'Added'} ${outcome.added}, skipped ${outcome.duplicates} duplicate${
          outcome.duplicates === 1 ? '' : 's'
        }${outcome.pendingMatched > 0 ? `, matched ${outcome.pendingMatched} pending` : ''} (${outcome.format})`,
        ...(outcome.autoCategorized > 0
          ? [`Categorized ${outcome.autoCategorized} automatically.`]
          : []),
        ...outcome.warnings.map((warning) => `  line ${warning.line}: ${warning.message}`),
      ]);
    });
}

function accountFor(db: SqlDatabase, name: string | undefined): string {
  if (name) return findAccountByName(db, name).id;
  const [first, second] = listAccounts(db);
  if (!first)
    throw new CliError('BAD_INPUT', 'no accounts yet; add one with `casike account add NAME`');
  if (second)
    throw new CliError('BAD_INPUT', 'there are several accounts; choose one with --account NAME');
  return first.id;
}
