import { Command, InvalidArgumentError } from 'commander';
import { ReportRangeSchema, type ReportRange } from '../../../src-shared/contract/reports';
import type { SqlDatabase } from '../../core/db/openDatabase';
import { findAccountByName } from '../../core/ledger';
import {
  cashFlow,
  incomeVsExpense,
  netWorth,
  spendingByCategory,
  topPayees,
} from '../../core/reports';
import type { CliContext } from '../cliContext';
import { CliError } from '../cliErrors';
import { monthRangeOptions } from './monthOptions';
import {
  cashFlowLines,
  incomeVsExpenseLines,
  netWorthLines,
  spendingLines,
  topPayeesLines,
} from './reportText';

type ContextFactory = (command: Command) => CliContext;

interface RangeOptions {
  from?: string;
  to?: string;
}

/**
 * report spending | income-expense | net-worth | cash-flow | top-payees. Every report
 * prints one table per currency (amounts in different currencies are never added)
 * and takes --from/--to as YYYY-MM or YYYY-MM-DD, by default the last 12 months.
 */
export function registerReportCommands(program: Command, contextOf: ContextFactory): void {
  const report = program.command('report').description('reports per month, one per currency');

  const withRange = (name: string, description: string) =>
    report
      .command(name)
      .description(description)
      .option('--from <month>', 'first month, YYYY-MM or YYYY-MM-DD (default: 11 months ago)')
      .option('--to <month>', 'last month, YYYY-MM or YYYY-MM-DD (default: this month)');

  /** Validates the range before unlocking, runs the report, prints JSON or the table. */
  const run =
    <T, O extends RangeOptions>(
      compute: (db: SqlDatabase, range: ReportRange, options: O) => T,
      lines: (result: T) => string[],
    ) =>
    async (options: O, command: Command) => {
      const ctx = contextOf(command);
      const range = checkedRange(options);
      const result = await ctx.withVault((vault) => compute(vault.db, range, options));
      ctx.print(result, lines(result));
    };

  withRange('spending', 'spending per category and month').action(
    run((db, range) => spendingByCategory(db, range), spendingLines),
  );
  withRange('income-expense', 'income, expense and net per month').action(
    run((db, range) => incomeVsExpense(db, range), incomeVsExpenseLines),
  );
  withRange('net-worth', 'assets, liabilities and net worth at each month end').action(
    run((db, range) => netWorth(db, range), netWorthLines),
  );
  withRange('cash-flow', 'money in and out per month, transfers left out')
    .option('--account <name>', 'only this account')
    .action(
      run(
        (db, range, options: RangeOptions & { account?: string }) =>
          cashFlow(db, {
            ...range,
            accountId: options.account ? findAccountByName(db, options.account).id : undefined,
          }),
        cashFlowLines,
      ),
    );
  withRange('top-payees', 'who the money went to (or came from) most')
    .option('--limit <n>', 'how many payees (1-100)', parseLimit, 10)
    .option('--inflow', 'rank by money received instead of money paid')
    .action(
      run(
        (db, range, options: RangeOptions & { limit: number; inflow?: boolean }) =>
          topPayees(db, {
            ...range,
            limit: options.limit,
            direction: options.inflow ? 'inflow' : 'outflow',
          }),
        topPayeesLines,
      ),
    );
}

/** The range from the options, checked like the IPC contract checks it. */
function checkedRange(options: RangeOptions): ReportRange {
  const parsed = ReportRangeSchema.safeParse(monthRangeOptions(options));
  if (!parsed.success) {
    throw new CliError('BAD_INPUT', parsed.error.issues[0]?.message ?? 'invalid range');
  }
  return parsed.data;
}

function parseLimit(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 100) {
    throw new InvalidArgumentError('expected a whole number from 1 to 100');
  }
  return parsed;
}
