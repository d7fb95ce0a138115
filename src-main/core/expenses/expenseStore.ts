import type {
  DistanceUnit,
  Expense,
  ExpenseFlags,
  ExpensePatch,
  Mileage,
  ParsedExpenseInput,
  ParsedExpenseQuery,
  ParsedMileageInput,
  ReimbursementStatus,
} from '../../../src-shared/contract/expenses';
import type { CurrencyCode } from '../../../src-shared/domain';
import { invalid, notFound } from '../coreError';
import type { SqlDatabase } from '../db/openDatabase';
import { deleteTransaction, getTransaction, insertTransaction, requireAccount } from '../ledger';
import { insertReceipt, listReceiptsFor, type PreparedReceipt } from '../receipts';
import type { UnlockedVault } from '../vault';
import { mileageAmount } from './mileage';
import { getMileageRate } from './mileageRate';

/** What expense writes need of the vault: the database and the audit log. */
export type ExpenseVault = Pick<UnlockedVault, 'db' | 'audit'>;

/** An expense's entry fields, without how the amount was arrived at. */
type EntryFields = Omit<ParsedExpenseInput, 'amount' | 'receipts'>;

interface DetailsRow {
  transaction_id: string;
  business: number;
  tax_deductible: number;
  reimbursable: number;
  reimbursement_status: ReimbursementStatus | null;
  mileage_distance: number | null;
  mileage_unit: DistanceUnit | null;
  mileage_rate: number | null;
}

/**
 * Records an expense: one ledger transaction (money out of the account), its expense
 * details and its receipts, in one database transaction, then audits it. Receipts are
 * prepared (checked and thumbnailed) before, so a bad file means nothing is stored.
 */
export function createExpense(
  vault: ExpenseVault,
  input: Omit<ParsedExpenseInput, 'receipts'>,
  receipts: readonly PreparedReceipt[] = [],
): Expense {
  const id = storeExpense(vault.db, input, input.amount, null, receipts);
  vault.audit('expense.created', { kind: 'expense', receipts: receipts.length });
  return getExpense(vault.db, id);
}

/**
 * Records a mileage expense: amount = distance × rate, exact (see mileage.ts). The
 * unit and rate default to the vault's mileage rate, which must be in the account's
 * currency; the category defaults to one named "Mileage", if there is exactly one.
 */
export function createMileageExpense(
  vault: ExpenseVault,
  input: Omit<ParsedMileageInput, 'receipts'>,
  receipts: readonly PreparedReceipt[] = [],
): Expense {
  const { distanceHundredths, unit, rateMilliMinor, ...entry } = input;
  const currency = requireAccount(vault.db, entry.accountId).currency;
  const mileage = resolveMileage(vault.db, currency, distanceHundredths, unit, rateMilliMinor);
  const categoryId = entry.categoryId ?? mileageCategory(vault.db);
  const amount = mileageAmount(mileage.distanceHundredths, mileage.rateMilliMinor);
  const id = storeExpense(vault.db, { ...entry, categoryId }, amount, mileage, receipts);
  vault.audit('expense.created', { kind: 'mileage', receipts: receipts.length });
  return getExpense(vault.db, id);
}

function storeExpense(
  db: SqlDatabase,
  entry: EntryFields,
  amount: number,
  mileage: Mileage | null,
  receipts: readonly PreparedReceipt[],
): string {
  if (!Number.isSafeInteger(amount) || amount <= 0) throw invalid('the amount must be positive');
  const flags = resolveFlags(entry, null);
  return db.transaction(() => {
    const id = insertTransaction(db, {
      accountId: entry.accountId,
      date: entry.date,
      amount: -amount,
      payee: entry.payee,
      memo: entry.memo,
      categoryId: entry.categoryId,
      status: 'cleared',
      tags: [],
      splits: [],
      externalId: null,
    });
    db.prepare(
      `INSERT INTO expense_details (transaction_id, business, tax_deductible, reimbursable,
         reimbursement_status, mileage_distance, mileage_unit, mileage_rate, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      flags.business ? 1 : 0,
      flags.taxDeductible ? 1 : 0,
      flags.reimbursable ? 1 : 0,
      flags.reimbursementStatus,
      mileage?.distanceHundredths ?? null,
      mileage?.unit ?? null,
      mileage?.rateMilliMinor ?? null,
      new Date().toISOString(),
    );
    for (const receipt of receipts) insertReceipt(db, id, receipt);
    return id;
  })();
}

/**
 * Merges requested flags over the current ones. A reimbursable expense always has a
 * status (new ones start at "to submit"); any other expense never has one.
 */
function resolveFlags(patch: ExpensePatch, current: ExpenseFlags | null): ExpenseFlags {
  const reimbursable = patch.reimbursable ?? current?.reimbursable ?? false;
  if (!reimbursable && patch.reimbursementStatus !== undefined)
    throw invalid('only a reimbursable expense has a reimbursement status');
  return {
    business: patch.business ?? current?.business ?? false,
    taxDeductible: patch.taxDeductible ?? current?.taxDeductible ?? false,
    reimbursable,
    reimbursementStatus: reimbursable
      ? (patch.reimbursementStatus ?? current?.reimbursementStatus ?? 'to_submit')
      : null,
  };
}

function resolveMileage(
  db: SqlDatabase,
  currency: CurrencyCode,
  distanceHundredths: number,
  unit: DistanceUnit | undefined,
  rateMilliMinor: number | undefined,
): Mileage {
  const fallback = getMileageRate(db);
  const chosenUnit = unit ?? fallback?.unit ?? 'km';
  if (rateMilliMinor !== undefined) return { distanceHundredths, unit: chosenUnit, rateMilliMinor };
  if (!fallback)
    throw invalid('no mileage rate is set; give a rate, or set a default mileage rate first');
  if (fallback.currency !== currency)
    throw invalid(
      `the default mileage rate is in ${fallback.currency} but this account is in ${currency}; give a rate`,
    );
  if (fallback.unit !== chosenUnit)
    throw invalid(
      `the default mileage rate is per ${fallback.unit}; give a rate per ${chosenUnit}`,
    );
  return { distanceHundredths, unit: chosenUnit, rateMilliMinor: fallback.rateMilliMinor };
}

/** The id of the one category called "Mileage", or null when there is none or several. */
function mileageCategory(db: SqlDatabase): string | null {
  const rows = db
    .prepare("SELECT id FROM categories WHERE name = 'Mileage' COLLATE NOCASE LIMIT 2")
    .pluck()
    .all() as string[];
  return rows.length === 1 ? (rows[0] ?? null) : null;
}

function detailsRow(db: SqlDatabase, transactionId: string): DetailsRow | undefined {
  return db.prepare('SELECT * FROM expense_details WHERE transaction_id = ?').get(transactionId) as
    DetailsRow | undefined;
}

function toFlags(row: DetailsRow): ExpenseFlags {
  return {
    business: row.business === 1,
    taxDeductible: row.tax_deductible === 1,
    reimbursable: row.reimbursable === 1,
    reimbursementStatus: row.reimbursement_status,
  };
}

function toMileage(row: DetailsRow): Mileage | null {
  if (row.mileage_distance === null || row.mileage_unit === null || row.mileage_rate === null)
    return null;
  return {
    distanceHundredths: row.mileage_distance,
    unit: row.mileage_unit,
    rateMilliMinor: row.mileage_rate,
  };
}

/** True when the transaction is an expense (has expense details). */
export function isExpense(db: SqlDatabase, transactionId: string): boolean {
  return detailsRow(db, transactionId) !== undefined;
}

function assemble(db: SqlDatabase, rows: readonly DetailsRow[]): Expense[] {
  const receipts = listReceiptsFor(
    db,
    rows.map((row) => row.transaction_id),
  );
  return rows.map((row) => {
    const transaction = getTransaction(db, row.transaction_id);
    return {
      transaction,
      currency: requireAccount(db, transaction.accountId).currency,
      flags: toFlags(row),
      mileage: toMileage(row),
      receipts: receipts.get(row.transaction_id) ?? [],
    };
  });
}

/** An expense by its transaction id; NOT_FOUND for a transaction that is not an expense. */
export function getExpense(db: SqlDatabase, transactionId: string): Expense {
  const row = detailsRow(db, transactionId);
  if (!row) throw notFound('expense');
  const [expense] = assemble(db, [row]);
  if (!expense) throw notFound('expense');
  return expense;
}

/**
 * Expenses, newest first, filtered by date and flags, a page at a time. The cursor is
 * the last row's position in the ledger's date order (its rowid).
 */
export function listExpenses(
  db: SqlDatabase,
  query: ParsedExpenseQuery,
): { items: Expense[]; nextCursor: string | null } {
  const cursor = query.cursor === undefined ? null : Number(query.cursor);
  if (cursor !== null && !Number.isSafeInteger(cursor)) throw invalid('cursor: not a valid cursor');
  const flag = (value: boolean | undefined) => (value === undefined ? null : value ? 1 : 0);
  const rows = db
    .prepare(
      `SELECT d.*, t.rowid AS position FROM expense_details d
       JOIN transactions t ON t.id = d.transaction_id
       WHERE (? IS NULL OR t.date >= ?) AND (? IS NULL OR t.date <= ?)
         AND (? IS NULL OR d.business = ?) AND (? IS NULL OR d.tax_deductible = ?)
         AND (? IS NULL OR d.reimbursable = ?) AND (? IS NULL OR d.reimbursement_status = ?)
         AND (? IS NULL OR t.rowid < ?)
       ORDER BY t.rowid DESC LIMIT ?`,
    )
    .all(
      ...[query.from ?? null, query.from ?? null],
      ...[query.to ?? null, query.to ?? null],
      ...[flag(query.business), flag(query.business)],
      ...[flag(query.taxDeductible), flag(query.taxDeductible)],
      ...[flag(query.reimbursable), flag(query.reimbursable)],
      ...[query.reimbursementStatus ?? null, query.reimbursementStatus ?? null],
      ...[cursor, cursor],
      query.limit + 1,
    ) as (DetailsRow & { position: number })[];
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: assemble(db, page),
    nextCursor: rows.length > query.limit && last ? String(last.position) : null,
  };
}

/**
 * Changes an expense's flags or reimbursement status. A plain transaction that is money
 * out (an imported card payment, say) becomes an expense this way; that is recorded as
 * `expense.created`, like any new expense.
 */
export function updateExpense(
  vault: ExpenseVault,
  transactionId: string,
  patch: ExpensePatch,
): Expense {
  const db = vault.db;
  const promoted = db.transaction(() => {
    const row = detailsRow(db, transactionId);
    const flags = resolveFlags(patch, row ? toFlags(row) : null);
    if (!row) {
      const transaction = getTransaction(db, transactionId);
      if (transaction.transfer) throw invalid('a transfer between accounts is not an expense');
      if (transaction.amount >= 0) throw invalid('only money out of an account can be an expense');
      db.prepare(
        'INSERT INTO expense_details (transaction_id, reimbursable, reimbursement_status, created_at) VALUES (?, ?, ?, ?)',
      ).run(
        transactionId,
        flags.reimbursable ? 1 : 0,
        flags.reimbursementStatus,
        new Date().toISOString(),
      );
    }
    db.prepare(
      `UPDATE expense_details SET business = ?, tax_deductible = ?, reimbursable = ?,
         reimbursement_status = ? WHERE transaction_id = ?`,
    ).run(
      flags.business ? 1 : 0,
      flags.taxDeductible ? 1 : 0,
      flags.reimbursable ? 1 : 0,
      flags.reimbursementStatus,
      transactionId,
    );
    return !row;
  })();
  if (promoted) vault.audit('expense.created', { kind: 'transaction', receipts: 0 });
  return getExpense(db, transactionId);
}

/**
 * Deletes an expense: its transaction, and through the schema's cascades its details,
 * receipts and their stored bytes. Audited with the number of receipts removed.
 */
export function deleteExpense(vault: ExpenseVault, transactionId: string): number {
  const db = vault.db;
  if (!isExpense(db, transactionId)) throw notFound('expense');
  const receipts = (
    db
      .prepare('SELECT count(*) AS n FROM receipts WHERE transaction_id = ?')
      .get(transactionId) as {
      n: number;
    }
  ).n;
  const deleted = deleteTransaction(db, transactionId);
  vault.audit('expense.deleted', { receipts });
  return deleted;
}
