import { Command, CommanderError } from 'commander';
import { CliContext, type GlobalOptions } from './cliContext';
import { describeFailure, EXIT } from './cliErrors';
import { registerAuditCommands } from './commands/auditCommands';
import { registerDataCommands } from './commands/dataCommands';
import { registerLedgerCommands } from './commands/ledgerCommands';
import { registerRuleCommands } from './commands/ruleCommands';
import { registerImportCommands } from './commands/importCommands';
import { registerExportCommands } from './commands/exportCommands';
import { registerBudgetCommands } from './commands/budgetCommands';
import { registerReportCommands } from './commands/reportCommands';
import { registerVaultCommands } from './commands/vaultCommands';
import { registerCategorizeCommands } from './commands/categorizeCommands';
import { registerInvoiceCommands } from './commands/invoiceCommands';
import { registerPdfExportCommands } from './commands/pdfExportCommands';
import { registerExpenseCommands } from './commands/expenseCommands';
import { registerCloudCommands } from './commands/cloudCommands';
import { registerBackupCommands } from './commands/backupCommands';
import { registerBankCommands } from './commands/bankCommands';

/** Builds the `casike` program. Every command opens the vault, works, and locks it. */
export function buildProgram(): Command {
  const program = new Command('casike')
    .description('Casike: local-first, encrypted finances')
    .option('--data-dir <dir>', 'where the vault lives (env CASIKE_DATA_DIR)')
    .option('--json', 'machine-readable output')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ outputError: () => undefined });
  const contextOf = (command: Command) => new CliContext(command.optsWithGlobals<GlobalOptions>());
  registerVaultCommands(program, contextOf);
  registerAuditCommands(program, contextOf);
  registerLedgerCommands(program, contextOf);
  registerRuleCommands(program, contextOf);
  registerImportCommands(program, contextOf);
  registerExportCommands(program, contextOf);
  registerBudgetCommands(program, contextOf);
  registerReportCommands(program, contextOf);
  registerCategorizeCommands(program, contextOf);
  registerInvoiceCommands(program, contextOf);
  registerPdfExportCommands(program, contextOf);
  registerExpenseCommands(program, contextOf);
  registerCloudCommands(program, contextOf);
  registerBackupCommands(program, contextOf);
  registerBankCommands(program, contextOf);
  registerDataCommands(program, contextOf);
  return program;
}

/** Runs the CLI and returns the exit code; prints one line on failure, never a stack. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  program.commands.forEach(function override(command: Command): void {
    command.exitOverride().configureOutput({ outputError: () => undefined });
    command.commands.forEach(override);
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT.OK; // --help, --version
      process.stderr.write(`casike: ${error.message.replace(/^error: /, '')}\n`);
      // A value that does not parse (a bad date or amount) is bad input; anything
      // else commander rejects (unknown command, missing argument) is usage.
      return error.code === 'commander.invalidArgument' ? EXIT.BAD_INPUT : EXIT.USAGE;
    }
    const { line, exitCode } = describeFailure(error);
    process.stderr.write(`casike: ${line}\n`);
    return exitCode;
  }
}
