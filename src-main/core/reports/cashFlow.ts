import type { CashFlow, ReportRange } from '../../../src-shared/contract/reports';
import type { CurrencyCode } from '../../../src-shared/domain';
import type { SqlDatabase } from '../db/openDatabase';
import { getAccount } from '../ledger';
import { accountCurrencies, monthAxis, zeros } from './reportSeries';

/** Money in and out per month and currency, transfers left out; optionally one account. */
export const CASH_FLOW_SQL = `
  SELECT a.currency, m.month, sum(m.inflow) AS inflow, sum(m.outflow) AS outflow
  FROM monthly_totals m JOIN accounts a ON a.id = m.account_id
  WHERE m.month BETWEEN ? AND ? AND m.category_key != '~transfer'
    AND (? IS NULL OR m.account_id = ?)
  GROUP BY a.currency, m.month`;

interface Row {
  currency: CurrencyCode;
  month: string;
  inflow: number;
  outflow: number;
}

/**
 * Inflow and outflow (both positive) and their net, per month and currency. Lines
 * are counted as the ledger categorizes them: a split transaction's splits one by one,
 * so a purchase split with a cash-back part shows both an outflow and an inflow.
 * Transfers between the user's accounts are left out. With `accountId`, only that
 * account (and so only its currency); an unknown account is NOT_FOUND.
 */
export function cashFlow(
  db: SqlDatabase,
  range: ReportRange & { accountId?: string | undefined },
): CashFlow {
  const axis = monthAxis(range.from, range.to);
  const currencies = range.accountId
    ? [getAccount(db, range.accountId).currency]
    : accountCurrencies(db);
  const byCurrency = new Map(
    currencies.map((currency) => [currency, { inflow: zeros(axis), outflow: zeros(axis) }]),
  );
  const rows = db
    .prepare(CASH_FLOW_SQL)
    .all(range.from, range.to, range.accountId ?? null, range.accountId ?? null) as Row[];
  for (const row of rows) {
    const series = byCurrency.get(row.currency);
    const index = axis.indexOf.get(row.month);
    if (!series || index === undefined) continue;
    series.inflow[index] = row.inflow;
    series.outflow[index] = 0 - row.outflow; // `0 -`: never a negative zero
  }
  return {
    months: axis.months,
    series: [...byCurrency].map(([currency, { inflow, outflow }]) => {
      const points = axis.months.map((month, index) => {
        const monthIn = inflow[index] ?? 0;
        const monthOut = outflow[index] ?? 0;
        return { month, inflow: monthIn, outflow: monthOut, net: monthIn - monthOut };
      });
      const totalIn = points.reduce((total, point) => total + point.inflow, 0);
      const totalOut = points.reduce((total, point) => total + point.outflow, 0);
      return {
        currency,
        points,
        totals: { inflow: totalIn, outflow: totalOut, net: totalIn - totalOut },
      };
    }),
  };
}
