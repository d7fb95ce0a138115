import type { ReportRange, TopPayees } from '../../../src-shared/contract/reports';
import { shiftMonth, type CurrencyCode } from '../../../src-shared/domain';
import type { SqlDatabase } from '../db/openDatabase';
import { firstRowidOn, MIN_LEDGER_DATE } from '../ledger';

export interface TopPayeesInput extends ReportRange {
  limit: number;
  direction: 'outflow' | 'inflow';
}

/**
 * payee_month_totals is kept by triggers but has no account or currency column, so it
 * answers only when the vault has a single currency. (Keying it by currency too would
 * make this instant for every vault: see the note in the reports index.) Names are
 * looked up afterwards for the few payees shown, not joined to every row.
 */
export const TOP_PAYEES_SQL = `
  SELECT payee_id, sum(inflow) AS inflow, sum(outflow) AS outflow, sum(count) AS count
  FROM payee_month_totals WHERE month BETWEEN ? AND ?
  GROUP BY payee_id`;

/**
 * The several-currency fallback: the same sums straight from the transactions of the
 * range, per account (an account has one currency). Transactions are stored in date
 * order (the rowid encodes the date), so this reads only the range's rows, never the
 * whole table; still, it reads every one of them.
 */
export const TOP_PAYEES_BY_ACCOUNT_SQL = `
  SELECT account_id, payee_id, sum(max(amount, 0)) AS inflow, sum(min(amount, 0)) AS outflow,
         count(*) AS count
  FROM transactions
  WHERE rowid >= ? AND rowid < ? AND payee_id IS NOT NULL AND transfer_id IS NULL
  GROUP BY account_id, payee_id`;

const NAMES_SQL = 'SELECT id, name FROM payees WHERE id IN (SELECT value FROM json_each(?))';

interface Totals {
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
  const byCurrency = payeeTotals(db, input);
  const amountOf = (totals: Totals) =>
    input.direction === 'outflow' ? 0 - totals.outflow : totals.inflow;

  // Per currency: the payees that can make the top `limit`, ties at the edge included
  // (the order among equal amounts needs their names).
  const candidates = [...byCurrency].map(([currency, payees]) => {
    const ranked = [...payees]
      .map(([payeeId, totals]) => ({ payeeId, amount: amountOf(totals), count: totals.count }))
      .filter((payee) => payee.amount > 0)
      .sort((a, b) => b.amount - a.amount);
    const edge = ranked[input.limit - 1]?.amount ?? 0;
    return { currency, payees: ranked.filter((payee) => payee.amount >= edge) };
  });
  const ids = candidates.flatMap((series) => series.payees.map((payee) => payee.payeeId));
  const names = new Map(
    (db.prepare(NAMES_SQL).all(JSON.stringify(ids)) as { id: string; name: string }[]).map(
      (row) => [row.id, row.name],
    ),
  );
  return {
    series: candidates.map(({ currency, payees }) => ({
      currency,
      payees: payees
        .flatMap((payee) => {
          const name = names.get(payee.payeeId);
          return name === undefined ? [] : [{ ...payee, name }];
        })
        .sort(
          (a, b) =>
            b.amount - a.amount ||
            (a.name < b.name ? -1 : a.name > b.name ? 1 : a.payeeId < b.payeeId ? -1 : 1),
        )
        .slice(0, input.limit)
        .map(({ payeeId, name, amount, count }) => ({ payeeId, name, amount, count })),
    })),
  };
}

/** Per currency (every currency the vault has accounts in), per payee: the range's sums. */
function payeeTotals(db: SqlDatabase, range: ReportRange): Map<CurrencyCode, Map<string, Totals>> {
  const currencyOf = new Map(
    (
      db.prepare('SELECT id, currency FROM accounts ORDER BY currency').all() as {
        id: string;
        currency: CurrencyCode;
      }[]
    ).map((row) => [row.id, row.currency]),
  );
  const byCurrency = new Map(
    [...new Set(currencyOf.values())].map((code) => [code, new Map<string, Totals>()]),
  );
  const [only, ...others] = byCurrency.values();
  if (only === undefined) return byCurrency;
  if (others.length === 0) {
    const rows = db.prepare(TOP_PAYEES_SQL).all(range.from, range.to) as (Totals & {
      payee_id: string;
    })[];
    for (const row of rows) only.set(row.payee_id, row);
    return byCurrency;
  }
  const rows = db.prepare(TOP_PAYEES_BY_ACCOUNT_SQL).all(...rowidBounds(range)) as (Totals & {
    account_id: string;
    payee_id: string;
  })[];
  for (const row of rows) {
    const currency = currencyOf.get(row.account_id);
    const payees = currency === undefined ? undefined : byCurrency.get(currency);
    if (!payees) continue;
    const sum = payees.get(row.payee_id) ?? { inflow: 0, outflow: 0, count: 0 };
    payees.set(row.payee_id, {
      inflow: sum.inflow + row.inflow,
      outflow: sum.outflow + row.outflow,
      count: sum.count + row.count,
    });
  }
  return byCurrency;
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
