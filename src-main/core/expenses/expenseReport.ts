import type {
  ExpenseFlags,
  Mileage,
  ReceiptMeta,
  ReimbursementStatus,
  DistanceUnit,
} from '../../../src-shared/contract/expenses';
import type { CurrencyCode, DateString } from '../../../src-shared/domain';
import type { SqlDatabase } from '../db/openDatabase';
import { listReceiptsFor, readReceiptBytes, readReceiptThumbnail } from '../receipts';

/** One category line of an expense: the whole amount, or one split of it. */
export interface ExpenseReportLine {
  categoryId: string | null;
  /** "Group: Category", or null when uncategorized. */
  categoryName: string | null;
  /** What was spent, as a positive count of minor units. */
  amount: number;
}

/** An expense as an expense report shows it; names resolved, receipts listed. */
export interface ExpenseReportRow {
  transactionId: string;
  date: DateString;
  accountName: string;
  currency: CurrencyCode;
  payee: string | null;
  memo: string;
  /** What was spent, positive minor units (a refund shows as negative). */
  amount: number;
  lines: ExpenseReportLine[];
  flags: ExpenseFlags;
  mileage: Mileage | null;
  receipts: ReceiptMeta[];
}

interface ReportRow {
  id: string;
  date: DateString;
  account_name: string;
  currency: CurrencyCode;
  payee: string | null;
  memo: string;
  amount: number;
  category_id: string | null;
  category_name: string | null;
  is_split: number;
  business: number;
  tax_deductible: number;
  reimbursable: number;
  reimbursement_status: ReimbursementStatus | null;
  mileage_distance: number | null;
  mileage_unit: DistanceUnit | null;
  mileage_rate: number | null;
}

const CATEGORY_NAME = `(SELECT g.name || ': ' || c.name FROM categories c
  JOIN category_groups g ON g.id = c.group_id WHERE c.id = %s)`;

/**
 * Every expense booked from `from` to `to` (inclusive), oldest first, with what an
 * expense report prints: account and currency, payee, memo, category lines (splits
 * included), flags, mileage, and receipt metadata. The receipts' bytes are fetched one
 * at a time with `readReceiptThumbnail` / `readReceiptBytes`, so a report over
 * thousands of receipts never holds them all in memory.
 */
export function listExpensesForReport(
  db: SqlDatabase,
  range: { from: DateString; to: DateString },
): ExpenseReportRow[] {
  const rows = db
    .prepare(
      `SELECT t.id, t.date, a.name AS account_name, a.currency,
              (SELECT name FROM payees WHERE id = t.payee_id) AS payee, t.memo, t.amount,
              t.category_id, ${CATEGORY_NAME.replace('%s', 't.category_id')} AS category_name,
              t.is_split, d.business, d.tax_deductible, d.reimbursable, d.reimbursement_status,
              d.mileage_distance, d.mileage_unit, d.mileage_rate
       FROM expense_details d
       JOIN transactions t ON t.id = d.transaction_id
       JOIN accounts a ON a.id = t.account_id
       WHERE t.date >= ? AND t.date <= ?
       ORDER BY t.rowid`,
    )
    .all(range.from, range.to) as ReportRow[];
  const ids = rows.map((row) => row.id);
  const splits = splitLines(db, ids);
  const receipts = listReceiptsFor(db, ids);
  return rows.map((row) => ({
    transactionId: row.id,
    date: row.date,
    accountName: row.account_name,
    currency: row.currency,
    payee: row.payee,
    memo: row.memo,
    amount: -row.amount,
    lines:
      row.is_split === 1
        ? (splits.get(row.id) ?? [])
        : [{ categoryId: row.category_id, categoryName: row.category_name, amount: -row.amount }],
    flags: {
      business: row.business === 1,
      taxDeductible: row.tax_deductible === 1,
      reimbursable: row.reimbursable === 1,
      reimbursementStatus: row.reimbursement_status,
    },
    mileage:
      row.mileage_distance !== null && row.mileage_unit !== null && row.mileage_rate !== null
        ? {
            distanceHundredths: row.mileage_distance,
            unit: row.mileage_unit,
            rateMilliMinor: row.mileage_rate,
          }
        : null,
    receipts: receipts.get(row.id) ?? [],
  }));
}

function splitLines(db: SqlDatabase, ids: readonly string[]): Map<string, ExpenseReportLine[]> {
  const lines = new Map<string, ExpenseReportLine[]>();
  if (ids.length === 0) return lines;
  const rows = db
    .prepare(
      `SELECT s.transaction_id, s.category_id, ${CATEGORY_NAME.replace('%s', 's.category_id')} AS category_name,
              s.amount
       FROM transaction_splits s
       WHERE s.transaction_id IN (SELECT value FROM json_each(?)) ORDER BY s.position`,
    )
    .all(JSON.stringify(ids)) as {
    transaction_id: string;
    category_id: string | null;
    category_name: string | null;
    amount: number;
  }[];
  for (const row of rows) {
    const list = lines.get(row.transaction_id) ?? [];
    list.push({
      categoryId: row.category_id,
      categoryName: row.category_name,
      amount: -row.amount,
    });
    lines.set(row.transaction_id, list);
  }
  return lines;
}

/** Totals per currency and category (never summed across currencies), largest first. */
export function totalsByCategory(
  rows: readonly ExpenseReportRow[],
): { currency: CurrencyCode; categoryName: string | null; amount: number; count: number }[] {
  const totals = new Map<
    string,
    { currency: CurrencyCode; categoryName: string | null; amount: number; count: number }
  >();
  for (const row of rows) {
    for (const line of row.lines) {
      const key = `${row.currency}|${line.categoryId ?? ''}`;
      const total = totals.get(key) ?? {
        currency: row.currency,
        categoryName: line.categoryName,
        amount: 0,
        count: 0,
      };
      total.amount += line.amount;
      total.count += 1;
      totals.set(key, total);
    }
  }
  return [...totals.values()].sort(
    (a, b) => a.currency.localeCompare(b.currency) || b.amount - a.amount,
  );
}

/** The receipt accessors a report uses, re-exported so it needs one door only. */
export { readReceiptBytes, readReceiptThumbnail };
