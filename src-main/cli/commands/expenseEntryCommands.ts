import { Command, InvalidArgumentError, Option } from 'commander';
import {
  DISTANCE_UNITS,
  ExpenseInputSchema,
  MileageInputSchema,
  REIMBURSEMENT_STATUSES,
  type DistanceUnit,
  type Expense,
  type ReimbursementStatus,
} from '../../../src-shared/contract/expenses';
import { parseAmount, toDecimalString } from '../../../src-shared/domain';
import { isValidDate, todayLocal } from '../../../src-shared/domain/dates';
import {
  createExpense,
  createMileageExpense,
  formatDistance,
  formatRate,
  parseDistance,
  parseRate,
} from '../../core/expenses';
import { findAccountByName, findCategoryByName, listAccounts } from '../../core/ledger';
import { readReceiptFile, type PreparedReceipt } from '../../core/receipts';
import type { SqlDatabase } from '../../core/db/openDatabase';
import type { CliContext } from '../cliContext';
import { CliError } from '../cliErrors';

type ContextFactory = (command: Command) => CliContext;

/** Options `add expense` and `add mileage` share. */
interface EntryFlags {
  payee?: string;
  account?: string;
  category?: string;
  date?: string;
  memo?: string;
  business?: boolean;
  taxDeductible?: boolean;
  reimbursable?: boolean;
  reimbursementStatus?: ReimbursementStatus;
  receipt: string[];
}

/** The options every expense entry takes, added to `command`. */
function entryOptions(command: Command): Command {
  return command
    .option('--payee <payee>', 'who was paid')
    .option('--account <name>', 'account (optional when there is only one)')
    .option('--category <name>', 'category, "Name" or "Group:Name"')
    .option('--date <date>', 'YYYY-MM-DD (default: today)', parseDate)
    .option('--memo <text>', 'a note')
    .option('--business', 'a business expense')
    .option('--tax-deductible', 'tax-deductible')
    .option('--reimbursable', 'to be paid back to you (status starts at to_submit)')
    .addOption(
      new Option('--reimbursement-status <status>', 'with --reimbursable').choices(
        REIMBURSEMENT_STATUSES,
      ),
    )
    .option(
      '--receipt <file>',
      'attach a receipt: JPEG, PNG, HEIC or PDF, up to 25 MB (repeat for more)',
      collect,
      [],
    );
}

/**
 * `add expense` (money out, with flags and receipts) and `add mileage` (distance × rate).
 * Receipts are read and checked before the vault is even unlocked, so a bad file stops
 * the command with nothing stored.
 */
export function registerExpenseEntryCommands(add: Command, contextOf: ContextFactory): void {
  entryOptions(
    add
      .command('expense')
      .description('money that left an account, optionally with flags and receipts')
      .requiredOption('--amount <amount>', 'amount, e.g. 12.34 (always positive)'),
  ).action(async (flags: EntryFlags & { amount: string }, command: Command) => {
    const ctx = contextOf(command);
    const receipts = await readReceipts(flags.receipt);
    const expense = await ctx.withVault((vault) => {
      const fields = entryFields(vault.db, flags);
      const amount = parseAmount(flags.amount, fields.currency);
      if (amount <= 0)
        throw new CliError(
          'BAD_INPUT',
          'the amount must be positive; the command says which way it goes',
        );
      const { receipts: _none, ...input } = ExpenseInputSchema.parse({
        ...fields.input,
        amount,
      });
      return createExpense(vault, input, receipts);
    });
    ctx.print(printable(expense), recordedLine('expense', expense));
  });

  entryOptions(
    add
      .command('mileage')
      .description('a mileage expense: distance × rate (default rate: `casike expense rate`)')
      .requiredOption('--distance <distance>', 'distance, e.g. 42.5')
      .addOption(
        new Option('--unit <unit>', 'km or mi (default: the default rate’s)').choices(
          DISTANCE_UNITS,
        ),
      )
      .option('--rate <rate>', 'per km or mi in the account’s currency, e.g. 0.70'),
  ).action(
    async (
      flags: EntryFlags & { distance: string; unit?: DistanceUnit; rate?: string },
      command: Command,
    ) => {
      const ctx = contextOf(command);
      const receipts = await readReceipts(flags.receipt);
      const expense = await ctx.withVault((vault) => {
        const fields = entryFields(vault.db, flags);
        const { receipts: _none, ...input } = MileageInputSchema.parse({
          ...fields.input,
          distanceHundredths: parseDistance(flags.distance),
          unit: flags.unit,
          rateMilliMinor:
            flags.rate === undefined ? undefined : parseRate(flags.rate, fields.currency),
        });
        return createMileageExpense(vault, input, receipts);
      });
      const trip = expense.mileage
        ? ` (${formatDistance(expense.mileage.distanceHundredths)} ${expense.mileage.unit} × ${formatRate(expense.mileage.rateMilliMinor, expense.currency)})`
        : '';
      ctx.print(printable(expense), `${recordedLine('mileage', expense)}${trip}`);
    },
  );
}

/** The expense as `--json` prints it: the transaction's fields, plus the expense's. */
export function printable(expense: Expense): Record<string, unknown> {
  return {
    ...expense.transaction,
    currency: expense.currency,
    flags: expense.flags,
    mileage: expense.mileage,
    receipts: expense.receipts,
  };
}

function recordedLine(kind: string, expense: Expense): string {
  const amount = toDecimalString(-expense.transaction.amount, expense.currency);
  const receipts = expense.receipts.length;
  const attached = receipts === 0 ? '' : `, ${receipts} receipt${receipts === 1 ? '' : 's'}`;
  return `Recorded ${kind} ${amount} ${expense.currency} on ${expense.transaction.date}${attached} [${expense.transaction.id}]`;
}

async function readReceipts(files: readonly string[]): Promise<PreparedReceipt[]> {
  const prepared: PreparedReceipt[] = [];
  for (const file of files) prepared.push(await readReceiptFile(file));
  return prepared;
}

function entryFields(db: SqlDatabase, flags: EntryFlags) {
  const account = flags.account ? findAccountByName(db, flags.account) : onlyAccount(db);
  if (flags.reimbursementStatus && !flags.reimbursable)
    throw new CliError('BAD_INPUT', '--reimbursement-status needs --reimbursable');
  return {
    currency: account.currency,
    input: {
      accountId: account.id,
      date: flags.date ?? todayLocal(),
      payee: flags.payee ?? null,
      memo: flags.memo ?? '',
      categoryId: flags.category ? findCategoryByName(db, flags.category).id : null,
      business: flags.business ?? false,
      taxDeductible: flags.taxDeductible ?? false,
      reimbursable: flags.reimbursable ?? false,
      reimbursementStatus: flags.reimbursementStatus,
    },
  };
}

function onlyAccount(db: SqlDatabase) {
  const [first, second] = listAccounts(db);
  if (!first)
    throw new CliError('BAD_INPUT', 'no accounts yet; add one with `casike account add NAME`');
  if (second)
    throw new CliError('BAD_INPUT', 'there are several accounts; choose one with --account NAME');
  return first;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseDate(value: string): string {
  if (!isValidDate(value)) throw new InvalidArgumentError('expected a date as YYYY-MM-DD');
  return value;
}
