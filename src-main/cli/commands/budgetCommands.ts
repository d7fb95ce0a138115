import type { Command } from 'commander';
import type { BudgetLine, BudgetMonth } from '../../../src-shared/contract/budgets';
import {
  MoneyParseError,
  parseAmount,
  toDecimalString,
  type CurrencyCode,
} from '../../../src-shared/domain';
import {
  copyBudgetsFromPreviousMonth,
  getBudgetMonth,
  requireBudgetCurrency,
  setBudget,
} from '../../core/budgets';
import { findCategoryByName } from '../../core/ledger';
import type { CliContext } from '../cliContext';
import { CliError } from '../cliErrors';
import { monthOption, thisMonth } from './monthOptions';
import { textTable } from './textTable';

type ContextFactory = (command: Command) => CliContext;

/** budget set, budget show, budget copy. */
export function registerBudgetCommands(program: Command, contextOf: ContextFactory): void {
  const budget = program.command('budget').description('monthly budgets per category');

  budget
    .command('set')
    .description("set a category's budget for a month")
    .argument('<category>', 'category, "Name" or "Group:Name"')
    .argument('<amount>', 'amount for the month in the budget currency, e.g. 400.00')
    .option('--month <month>', 'YYYY-MM (default: this month)')
    .option('--rollover', 'carry the unspent remainder into next month')
    .option('--no-rollover', 'do not carry it (default: as before, else as last month)')
    .action(
      async (
        categoryName: string,
        amountText: string,
        options: { month?: string; rollover?: boolean },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const month =
          options.month === undefined ? thisMonth() : monthOption(options.month, '--month');
        const { stored, currency, label } = await ctx.withVault((vault) => {
          const db = vault.db;
          const category = findCategoryByName(db, categoryName);
          const budgetCurrency = requireBudgetCurrency(db);
          return {
            stored: setBudget(db, {
              month,
              categoryId: category.id,
              amount: budgetAmount(amountText, budgetCurrency),
              rollover: options.rollover,
            }),
            currency: budgetCurrency,
            label: category.name,
          };
        });
        ctx.print(
          { ...stored, currency },
          `Budget for ${label} in ${month}: ${toDecimalString(stored.amount, currency)} ${currency}, rollover ${stored.rollover ? 'on' : 'off'}`,
        );
      },
    );

  budget
    .command('show')
    .description('budgeted, spent and available per category for a month')
    .option('--month <month>', 'YYYY-MM (default: this month)')
    .action(async (options: { month?: string }, command: Command) => {
      const ctx = contextOf(command);
      const month =
        options.month === undefined ? thisMonth() : monthOption(options.month, '--month');
      const view = await ctx.withVault((vault) => getBudgetMonth(vault.db, month));
      ctx.print(view, budgetLines(view));
    });

  budget
    .command('copy')
    .description("copy the previous month's budgets into a month")
    .option('--month <month>', 'YYYY-MM to copy into (default: this month)')
    .option('--overwrite', 'replace budgets the month already has')
    .action(async (options: { month?: string; overwrite?: boolean }, command: Command) => {
      const ctx = contextOf(command);
      const month =
        options.month === undefined ? thisMonth() : monthOption(options.month, '--month');
      const copied = await ctx.withVault((vault) =>
        copyBudgetsFromPreviousMonth(vault.db, month, options.overwrite ?? false),
      );
      ctx.print(
        { month, copied },
        `Copied ${copied} budget${copied === 1 ? '' : 's'} into ${month}.`,
      );
    });
}

/** A budget amount typed by a person: a non-negative amount of the budget currency. */
function budgetAmount(text: string, currency: CurrencyCode): number {
  let minor: number;
  try {
    minor = parseAmount(text, currency);
  } catch (error) {
    if (error instanceof MoneyParseError) throw new CliError('BAD_INPUT', error.message);
    throw error;
  }
  if (minor < 0) throw new CliError('BAD_INPUT', 'a budget cannot be negative');
  return minor;
}

/** The month's budget as plain-text tables. */
function budgetLines(view: BudgetMonth): string[] {
  const currency = view.currency;
  if (currency === null) return [`No budget for ${view.month}: add an account first.`];
  const money = (minor: number) => toDecimalString(minor, currency);
  const label = (line: BudgetLine) => `${line.groupName}:${line.name}`;
  // Unused categories would fill a terminal with zero rows; --json still lists them all.
  const idle = (line: BudgetLine) =>
    line.budgeted === 0 && line.carriedIn === 0 && line.actual === 0;
  const expenses = view.lines.filter((line) => line.kind === 'expense' && !idle(line));
  const hidden = view.lines.filter((line) => line.kind === 'expense' && idle(line)).length;
  const income = view.lines.filter((line) => line.kind === 'income');
  const { totals } = view;
  const out = [
    `Budget ${view.month} (${currency})`,
    '',
    ...textTable(
      ['Category', 'Budgeted', 'Carried in', 'Spent', 'Available', ''],
      [
        ...expenses.map((line) => [
          label(line),
          money(line.budgeted),
          money(line.carriedIn),
          money(line.actual),
          money(line.available),
          [line.rollover ? 'rollover' : '', line.available < 0 ? 'overspent' : '']
            .filter(Boolean)
            .join(', '),
        ]),
        ...(totals.uncategorizedSpent !== 0
          ? [['Uncategorized', '', '', money(totals.uncategorizedSpent), '', '']]
          : []),
        [
          'Total',
          money(totals.budgeted),
          money(totals.carriedIn),
          money(totals.spent + totals.uncategorizedSpent),
          money(totals.leftToSpend),
          '',
        ],
      ],
      ['left', 'right', 'right', 'right', 'right', 'left'],
    ),
    ...(hidden > 0
      ? [`(${hidden} categor${hidden === 1 ? 'y' : 'ies'} with no budget or spending not shown)`]
      : []),
    '',
    `Left to spend this month: ${money(totals.leftToSpend)} ${currency}`,
  ];
  if (income.length > 0) {
    out.push(
      '',
      ...textTable(
        ['Income', 'Expected', 'Received', 'Still to come'],
        income.map((line) => [
          label(line),
          money(line.budgeted),
          money(line.actual),
          money(line.available),
        ]),
        ['left', 'right', 'right', 'right'],
      ),
    );
  }
  out.push(
    '',
    ...textTable(
      ['Income vs expenses', 'Income', 'Expenses', 'Net'],
      view.incomeVsExpense.map((row) => [
        row.currency,
        toDecimalString(row.income, row.currency),
        toDecimalString(row.expense, row.currency),
        toDecimalString(row.net, row.currency),
      ]),
      ['left', 'right', 'right', 'right'],
    ),
  );
  const foreign = view.lines.flatMap((line) =>
    line.otherCurrencies.map(
      (other) =>
        `${label(line)} ${toDecimalString(other.actual, other.currency)} ${other.currency}`,
    ),
  );
  if (foreign.length > 0) {
    out.push('', `Not counted against the budget (other currencies): ${foreign.join('; ')}`);
  }
  return out;
}
