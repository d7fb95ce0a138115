import { Command, InvalidArgumentError, Option } from 'commander';
import {
  ACCOUNT_TYPES,
  TransactionInputSchema,
  TransactionQuerySchema,
  type Transaction,
} from '../../../src-shared/contract/ledger';
import {
  isCurrencyCode,
  parseAmount,
  toDecimalString,
  type CurrencyCode,
} from '../../../src-shared/domain';
import { isValidDate, todayLocal } from '../../../src-shared/domain/dates';
import {
  createAccount,
  createTransaction,
  findAccountByName,
  findCategoryByName,
  listAccounts,
  listCategoryGroups,
  searchTransactions,
} from '../../core/ledger';
import type { SqlDatabase } from '../../core/db/openDatabase';
import type { CliContext } from '../cliContext';
import { CliError } from '../cliErrors';
import { registerExpenseEntryCommands } from './expenseEntryCommands';

type ContextFactory = (command: Command) => CliContext;

interface EntryOptions {
  amount: string;
  payee?: string;
  account?: string;
  category?: string;
  date?: string;
  memo?: string;
}

/** account add, add expense|mileage|income, list. */
export function registerLedgerCommands(program: Command, contextOf: ContextFactory): void {
  program
    .command('account')
    .description('manage accounts')
    .command('add')
    .description('add an account')
    .argument('<name>', 'account name')
    .addOption(
      new Option('--type <type>', 'account type').choices(ACCOUNT_TYPES).default('checking'),
    )
    .option('--currency <code>', 'ISO 4217 currency code', parseCurrency, 'USD')
    .option('--opening <amount>', 'opening balance, e.g. 100.00', '0')
    .action(
      async (
        name: string,
        options: { type: (typeof ACCOUNT_TYPES)[number]; currency: CurrencyCode; opening: string },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const account = await ctx.withVault((vault) =>
          createAccount(vault.db, {
            name: name.trim(),
            type: options.type,
            currency: options.currency,
            openingBalance: parseAmount(options.opening, options.currency),
          }),
        );
        ctx.print(
          account,
          `Added account "${account.name}" (${account.type}, ${account.currency}), balance ${toDecimalString(account.balance, account.currency)}`,
        );
      },
    );

  const add = program.command('add').description('record a transaction');
  // `add expense` and `add mileage` record expenses (flags, receipts): expenseEntryCommands.ts.
  registerExpenseEntryCommands(add, contextOf);
  add
    .command('income')
    .description('money that came in')
    .requiredOption('--amount <amount>', 'amount, e.g. 12.34 (always positive)')
    .option('--payee <payee>', 'who paid')
    .option('--account <name>', 'account (optional when there is only one)')
    .option('--category <name>', 'category, "Name" or "Group:Name"')
    .option('--date <date>', 'YYYY-MM-DD (default: today)', parseDate)
    .option('--memo <text>', 'a note')
    .action(async (options: EntryOptions, command: Command) => {
      const ctx = contextOf(command);
      const { transaction, currency } = await ctx.withVault((vault) =>
        addEntry(vault.db, 'income', options),
      );
      ctx.print(
        transaction,
        `Recorded income ${toDecimalString(transaction.amount, currency)} ${currency} on ${transaction.date}`,
      );
    });

  program
    .command('list')
    .description('list transactions, newest first')
    .option('--search <text>', 'words in payee or memo')
    .option('--from <date>', 'from YYYY-MM-DD', parseDate)
    .option('--to <date>', 'to YYYY-MM-DD', parseDate)
    .option('--account <name>', 'only this account')
    .option('--category <name>', 'only this category')
    .option('--limit <n>', 'how many (1-500)', parseLimit, 50)
    .action(
      async (
        options: {
          search?: string;
          from?: string;
          to?: string;
          account?: string;
          category?: string;
          limit: number;
        },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const { rows, names } = await ctx.withVault((vault) => {
          const db = vault.db;
          const page = searchTransactions(
            db,
            TransactionQuerySchema.parse({
              search: options.search,
              from: options.from,
              to: options.to,
              accountId: options.account ? findAccountByName(db, options.account).id : undefined,
              categoryId: options.category
                ? findCategoryByName(db, options.category).id
                : undefined,
              limit: options.limit,
            }),
          );
          return { rows: page.items, names: lookups(db) };
        });
        ctx.print(
          rows,
          rows.length === 0 ? 'No transactions.' : rows.map((row) => formatRow(row, names)),
        );
      },
    );
}

function addEntry(
  db: SqlDatabase,
  kind: 'expense' | 'income',
  options: EntryOptions,
): { transaction: Transaction; currency: CurrencyCode } {
  const account = options.account ? findAccountByName(db, options.account) : onlyAccount(db);
  const magnitude = parseAmount(options.amount, account.currency);
  if (magnitude <= 0)
    throw new CliError(
      'BAD_INPUT',
      'the amount must be positive; the command says which way it goes',
    );
  const transaction = createTransaction(
    db,
    TransactionInputSchema.parse({
      accountId: account.id,
      date: options.date ?? todayLocal(),
      amount: kind === 'expense' ? -magnitude : magnitude,
      payee: options.payee ?? null,
      memo: options.memo ?? '',
      categoryId: options.category ? findCategoryByName(db, options.category).id : null,
    }),
  );
  return { transaction, currency: account.currency };
}

function onlyAccount(db: SqlDatabase) {
  const accounts = listAccounts(db);
  const [first, second] = accounts;
  if (!first)
    throw new CliError('BAD_INPUT', 'no accounts yet; add one with `casike account add NAME`');
  if (second)
    throw new CliError('BAD_INPUT', 'there are several accounts; choose one with --account NAME');
  return first;
}

interface Names {
  accounts: Map<string, { name: string; currency: CurrencyCode }>;
  categories: Map<string, string>;
}

function lookups(db: SqlDatabase): Names {
  return {
    accounts: new Map(
      listAccounts(db, true).map((account) => [
        account.id,
        { name: account.name, currency: account.currency },
      ]),
    ),
    categories: new Map(
      listCategoryGroups(db).flatMap((group) =>
        group.categories.map((category) => [category.id, category.name] as const),
      ),
    ),
  };
}

function formatRow(row: Transaction, names: Names): string {
  const account = names.accounts.get(row.accountId);
  const category = row.transfer
    ? `→ ${names.accounts.get(row.transfer.accountId)?.name ?? 'transfer'}`
    : row.splits.length > 0
      ? 'Split'
      : (names.categories.get(row.categoryId ?? '') ?? '');
  const amount = toDecimalString(row.amount, account?.currency ?? 'USD').padStart(12);
  return [
    row.date,
    (account?.name ?? '').padEnd(14),
    (row.payee ?? '').padEnd(24),
    category.padEnd(18),
    amount,
    row.memo,
  ]
    .join('  ')
    .trimEnd();
}

function parseDate(value: string): string {
  if (!isValidDate(value)) throw new InvalidArgumentError('expected a date as YYYY-MM-DD');
  return value;
}

function parseCurrency(value: string): CurrencyCode {
  const code = value.toUpperCase();
  if (!isCurrencyCode(code))
    throw new InvalidArgumentError('expected an ISO 4217 currency code such as USD or EUR');
  return code;
}

function parseLimit(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 500)
    throw new InvalidArgumentError('expected 1 to 500');
  return parsed;
}
