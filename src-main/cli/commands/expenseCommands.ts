import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  DISTANCE_UNITS,
  ExpenseQuerySchema,
  REIMBURSEMENT_STATUSES,
  type DistanceUnit,
  type Expense,
  type ReceiptMeta,
  type ReimbursementStatus,
} from '../../../src-shared/contract/expenses';
import { isCurrencyCode, toDecimalString, type CurrencyCode } from '../../../src-shared/domain';
import { isValidDate } from '../../../src-shared/domain/dates';
import { isValidId } from '../../../src-shared/domain/ids';
import {
  deleteExpense,
  formatRate,
  getMileageRate,
  listExpenses,
  parseRate,
  setMileageRate,
  updateExpense,
} from '../../core/expenses';
import {
  attachReceipts,
  deleteReceipt,
  exportReceipt,
  listReceipts,
  readReceiptFile,
  type PreparedReceipt,
} from '../../core/receipts';
import type { CliContext } from '../cliContext';
import { CliError } from '../cliErrors';
import { printable } from './expenseEntryCommands';
import { textTable } from './textTable';

type ContextFactory = (command: Command) => CliContext;

/**
 * `casike expense list|set|delete|rate` and `casike receipt add|list|export|delete`.
 * (`add expense` and `add mileage` live in expenseEntryCommands.ts, under `add`.)
 */
export function registerExpenseCommands(program: Command, contextOf: ContextFactory): void {
  registerExpense(
    program.command('expense').description('expenses: flags, reimbursement, mileage rate'),
    contextOf,
  );
  registerReceipt(
    program.command('receipt').description('receipts stored in the vault'),
    contextOf,
  );
}

function registerExpense(expense: Command, contextOf: ContextFactory): void {
  expense
    .command('list')
    .description('list expenses, newest first')
    .option('--from <date>', 'from YYYY-MM-DD', parseDate)
    .option('--to <date>', 'to YYYY-MM-DD', parseDate)
    .option('--business', 'only business expenses')
    .option('--tax-deductible', 'only tax-deductible expenses')
    .option('--reimbursable', 'only reimbursable expenses')
    .addOption(
      new Option('--status <status>', 'only this reimbursement status').choices(
        REIMBURSEMENT_STATUSES,
      ),
    )
    .option('--limit <n>', 'how many (1-500)', parseLimit, 50)
    .action(
      async (
        flags: {
          from?: string;
          to?: string;
          business?: boolean;
          taxDeductible?: boolean;
          reimbursable?: boolean;
          status?: ReimbursementStatus;
          limit: number;
        },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const page = await ctx.withVault((vault) =>
          listExpenses(
            vault.db,
            ExpenseQuerySchema.parse({
              from: flags.from,
              to: flags.to,
              business: flags.business,
              taxDeductible: flags.taxDeductible,
              reimbursable: flags.reimbursable,
              reimbursementStatus: flags.status,
              limit: flags.limit,
            }),
          ),
        );
        ctx.print(
          page.items.map(printable),
          page.items.length === 0 ? 'No expenses.' : expenseTable(page.items),
        );
      },
    );

  expense
    .command('set')
    .description('change an expense’s flags or status (makes a money-out transaction an expense)')
    .argument('<id>', 'the expense’s transaction id', parseId)
    .option('--business', 'mark as business')
    .option('--no-business', 'not business')
    .option('--tax-deductible', 'mark as tax-deductible')
    .option('--no-tax-deductible', 'not tax-deductible')
    .option('--reimbursable', 'mark as reimbursable')
    .option('--no-reimbursable', 'not reimbursable')
    .addOption(
      new Option('--status <status>', 'reimbursement status').choices(REIMBURSEMENT_STATUSES),
    )
    .action(
      async (
        id: string,
        flags: {
          business?: boolean;
          taxDeductible?: boolean;
          reimbursable?: boolean;
          status?: ReimbursementStatus;
        },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const updated = await ctx.withVault((vault) =>
          updateExpense(vault, id, {
            business: flags.business,
            taxDeductible: flags.taxDeductible,
            reimbursable: flags.reimbursable,
            reimbursementStatus: flags.status,
          }),
        );
        ctx.print(printable(updated), `Updated expense ${id}: ${flagText(updated) || 'no flags'}`);
      },
    );

  expense
    .command('delete')
    .description('delete an expense with its receipts')
    .argument('<id>', 'the expense’s transaction id', parseId)
    .action(async (id: string, _flags: unknown, command: Command) => {
      const ctx = contextOf(command);
      const deleted = await ctx.withVault((vault) => deleteExpense(vault, id));
      ctx.print({ deleted }, `Deleted expense ${id} and its receipts`);
    });

  expense
    .command('rate')
    .description('show or set the default mileage rate')
    .option('--set <rate>', 'the rate per unit, e.g. 0.70')
    .addOption(new Option('--unit <unit>', 'km or mi').choices(DISTANCE_UNITS))
    .option('--currency <code>', 'the rate’s currency, e.g. USD', parseCurrency)
    .action(
      async (
        flags: { set?: string; unit?: DistanceUnit; currency?: CurrencyCode },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        if (flags.set !== undefined && (!flags.unit || !flags.currency))
          throw new CliError('BAD_INPUT', '--set needs --unit km|mi and --currency CODE');
        const setTo = flags.set;
        const rate = await ctx.withVault((vault) =>
          setTo !== undefined && flags.unit && flags.currency
            ? setMileageRate(vault, {
                currency: flags.currency,
                unit: flags.unit,
                rateMilliMinor: parseRate(setTo, flags.currency),
              })
            : getMileageRate(vault.db),
        );
        ctx.print(
          rate,
          rate
            ? `Mileage rate: ${formatRate(rate.rateMilliMinor, rate.currency)} ${rate.currency} per ${rate.unit}`
            : 'No default mileage rate; set one with `casike expense rate --set 0.70 --unit mi --currency USD`',
        );
      },
    );
}

function registerReceipt(receipt: Command, contextOf: ContextFactory): void {
  receipt
    .command('add')
    .description('attach receipts to any transaction')
    .argument('<transaction-id>', 'the transaction', parseId)
    .argument('<files...>', 'JPEG, PNG, HEIC or PDF files, up to 25 MB each')
    .action(async (transactionId: string, files: string[], _flags: unknown, command: Command) => {
      const ctx = contextOf(command);
      const prepared: PreparedReceipt[] = [];
      for (const file of files) prepared.push(await readReceiptFile(file));
      const stored = await ctx.withVault((vault) =>
        attachReceipts(vault.db, transactionId, prepared),
      );
      ctx.print(
        stored,
        stored.map((meta) => `Attached ${meta.fileName} (${describe(meta)}) [${meta.id}]`),
      );
    });

  receipt
    .command('list')
    .description('list a transaction’s receipts')
    .argument('<transaction-id>', 'the transaction', parseId)
    .action(async (transactionId: string, _flags: unknown, command: Command) => {
      const ctx = contextOf(command);
      const receipts = await ctx.withVault((vault) => listReceipts(vault.db, transactionId));
      ctx.print(
        receipts,
        receipts.length === 0
          ? 'No receipts.'
          : textTable(
              ['Id', 'File', 'Type', 'Size'],
              receipts.map((meta) => [meta.id, meta.fileName, meta.mediaType, sizeText(meta.size)]),
              ['left', 'left', 'left', 'right'],
            ),
      );
    });

  receipt
    .command('export')
    .description('write a receipt’s original file where you choose (the only plaintext copy)')
    .argument('<id>', 'the receipt id', parseId)
    .requiredOption('--out <file>', 'the file to write')
    .option('--force', 'replace FILE if it exists')
    .action(async (id: string, flags: { out: string; force?: boolean }, command: Command) => {
      const ctx = contextOf(command);
      // Checked before unlocking so a typo costs no passphrase; the export creates the
      // file exclusively all the same.
      if (!flags.force && existsSync(resolve(flags.out)))
        throw new CliError('BAD_INPUT', `${flags.out} already exists; add --force to replace it`);
      const written = await ctx.withVault((vault) =>
        exportReceipt(vault, id, flags.out, { overwrite: flags.force ?? false }),
      );
      ctx.print({ bytes: written.bytes }, `Wrote ${sizeText(written.bytes)} to ${flags.out}`);
    });

  receipt
    .command('delete')
    .description('delete one receipt')
    .argument('<id>', 'the receipt id', parseId)
    .action(async (id: string, _flags: unknown, command: Command) => {
      const ctx = contextOf(command);
      const deleted = await ctx.withVault((vault) => deleteReceipt(vault.db, id));
      if (deleted === 0) throw new CliError('BAD_INPUT', 'receipt not found');
      ctx.print({ deleted }, `Deleted receipt ${id}`);
    });
}

function expenseTable(items: readonly Expense[]): string[] {
  return textTable(
    ['Date', 'Payee', 'Amount', 'Flags', 'Receipts', 'Id'],
    items.map((item) => [
      item.transaction.date,
      item.transaction.payee ?? '',
      `${toDecimalString(-item.transaction.amount, item.currency)} ${item.currency}`,
      flagText(item),
      String(item.receipts.length),
      item.transaction.id,
    ]),
    ['left', 'left', 'right', 'left', 'right', 'left'],
  );
}

function flagText(expense: Expense): string {
  const { flags, mileage } = expense;
  return [
    flags.business ? 'business' : '',
    flags.taxDeductible ? 'tax-deductible' : '',
    flags.reimbursable ? `reimbursable (${flags.reimbursementStatus ?? ''})` : '',
    mileage ? 'mileage' : '',
  ]
    .filter(Boolean)
    .join(', ');
}

function describe(meta: ReceiptMeta): string {
  return `${meta.mediaType}, ${sizeText(meta.size)}${meta.hasThumbnail ? ', thumbnail' : ''}`;
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function parseId(value: string): string {
  if (!isValidId(value)) throw new InvalidArgumentError('expected an id as printed by casike');
  return value;
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
