import type { ReportRange, TopPayees } from '../../../src-shared/contract/reports';
import { shiftMonth, type CurrencyCode } from '../../../src-shared/domain';
import type { SqlDatabase } from '../db/openDatabase';
import { firstRowidOn, MIN_LEDGER_DATE } from '../ledger';
import { accountCurrencies } from './reportSeries';

export interface TopPayeesInput extends ReportRange {
  limit: number;
  direction: 'outflow' | 'inflow';
}

/**
 * payee_month_totals is kept by triggers but has no account or currency column, so it
 * answers only when the vault has a single currency. (Keying it by currency too would
 * make this instant for every vault: see the note in the reports index.)
 */
export const TOP_PAYEES_SQL = `
  SELECT p.payee_id, y.name, sum(p.inflow) AS inflow, sum(p.outflow) AS outflow,
         sum(p.count) AS count
  FROM payee_month_totals p JOIN payees y ON y.id = p.payee_id
  WHERE p.month BETWEEN ? AND ?
  GROUP BY p.payee_id`;

/**
 * The several-currency fallback: the same sums straight from the transactions of the
 * range, grouped by currency. Transactions are stored in date order (the rowid encodes
 * the date), so this reads only the range's rows, never the whole table.
 */
export const TOP_PAYEES_BY_CURRENCY_SQL = `
  SELECT a.currency, t.payee_id, y.name, sum(max(t.amount, 0)) AS inflow,
         sum(min(t.amount, 0)) AS outflow, count(*) AS count
  FROM transactions t
  JOIN accounts a ON a.id = t.account_id
  JOIN payees y ON y.id = t.payee_id
  WHERE t.rowid >= ? AND t.rowid < ? AND t.transfer_id IS NULL
  GROUP BY a.currency, t.payee_id`;

interface Row {
  currency?: CurrencyCode;
  payee_id: string;
  name: string;
  inflow: number;
  outflow: number;
  count: number;
}

/**
 * The payees money went to (outflow) or came from (inflow) most in the range, per
 * currency. `amount` sums the transactions in that direction (whole transactions:
 * a split purchase counts in full for its payee); `count` is every transaction with
 * the payee in the range. Transfers have no payee. Ties go by name.
 */
export function topPayees(db: SqlDatabase, input: TopPayeesInput): TopPayees {
  const currencies = accountCurrencies(db);
  const [only] = currencies;
  const rows =
    currencies.length <= 1
      ? (db.prepare(TOP_PAYEES_SQL).all(input.from, input.to) as Row[]).map((row) => ({
          ...row,
          currency: only,
        }))
      : (db.prepare(TOP_PAYEES_BY_CURRENCY_SQL).all(...rowidBounds(input)) as Row[]);
  return {
    series: currencies.map((currency) => ({
      currency,
      payees: rows
        .filter((row) => row.currency === currency)
        .map((row) => ({
          payeeId: row.payee_id,
          name: row.name,
          amount: input.direction === 'outflow' ? 0 - row.outflow : row.inflow,
          count: row.count,
        }))
        .filter((payee) => payee.amount > 0)
        .sort(
          (a, b) =>
            b.amount - a.amount ||
            (a.name < b.name ? -1 : a.name > b.name ? 1 : a.payeeId < b.payeeId ? -1 : 1),
        )
        .slice(0, input.limit),
    })),
  };
}

/** The rowids of the range's first day and of the day after its last. */
function rowidBounds(range: ReportRange): [number, number] {
  const first = `${range.from}-01` < MIN_LEDGER_DATE ? MIN_LEDGER_DATE : `${range.from}-01`;
  if (`${range.to}-01` < MIN_LEDGER_DATE) return [0, 0];
  const end =
    range.to === '9999-12'
      ? Number.MAX_SAFE_INTEGER
      : firstRowidOn(`${shiftMonth(range.to, 1)}-01`);
  return [firstRowidOn(first), end];
}
