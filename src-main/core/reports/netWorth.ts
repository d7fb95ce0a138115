import type { NetWorth, ReportRange } from '../../../src-shared/contract/reports';
import type { CurrencyCode } from '../../../src-shared/domain';
import type { SqlDatabase } from '../db/openDatabase';
import { monthAxis } from './reportSeries';

const ACCOUNTS_SQL = 'SELECT id, currency, opening_balance FROM accounts ORDER BY currency, id';

/** Every line before the range, per account: where each balance starts. */
export const NET_WORTH_BEFORE_SQL = `
  SELECT account_id, sum(inflow + outflow) AS flow
  FROM monthly_totals WHERE month < ?
  GROUP BY account_id`;

/** Every line in the range (transfers included: they move money between balances). */
export const NET_WORTH_FLOWS_SQL = `
  SELECT month, account_id, sum(inflow + outflow) AS flow
  FROM monthly_totals WHERE month BETWEEN ? AND ?
  GROUP BY month, account_id`;

interface AccountRow {
  id: string;
  currency: CurrencyCode;
  opening_balance: number;
}

/**
 * Month-end balances per currency: each account's opening balance plus every line up
 * to the month's end, transfers included. Accounts with a positive balance add to
 * assets, negative ones to liabilities (shown positive); net worth is the difference.
 * Archived accounts count; opening balances have no date and count from the start.
 */
export function netWorth(db: SqlDatabase, range: ReportRange): NetWorth {
  const axis = monthAxis(range.from, range.to);
  const accounts = db.prepare(ACCOUNTS_SQL).all() as AccountRow[];
  const balance = new Map(accounts.map((account) => [account.id, account.opening_balance]));
  const before = db.prepare(NET_WORTH_BEFORE_SQL).all(range.from) as {
    account_id: string;
    flow: number;
  }[];
  for (const row of before)
    balance.set(row.account_id, (balance.get(row.account_id) ?? 0) + row.flow);

  // flows[monthIndex] = (account → flow in that month)
  const flows = axis.months.map(() => new Map<string, number>());
  const inRange = db.prepare(NET_WORTH_FLOWS_SQL).all(range.from, range.to) as {
    month: string;
    account_id: string;
    flow: number;
  }[];
  for (const row of inRange) {
    const index = axis.indexOf.get(row.month);
    if (index !== undefined) flows[index]?.set(row.account_id, row.flow);
  }

  const currencies = [...new Set(accounts.map((account) => account.currency))];
  const points = new Map(
    currencies.map((currency) => [currency, [] as NetWorth['series'][number]['points']]),
  );
  axis.months.forEach((month, index) => {
    const sums = new Map(currencies.map((currency) => [currency, { assets: 0, liabilities: 0 }]));
    for (const account of accounts) {
      const closing = (balance.get(account.id) ?? 0) + (flows[index]?.get(account.id) ?? 0);
      balance.set(account.id, closing);
      const sum = sums.get(account.currency);
      if (!sum) continue;
      if (closing > 0) sum.assets += closing;
      else sum.liabilities -= closing;
    }
    for (const [currency, sum] of sums) {
      points.get(currency)?.push({ month, ...sum, netWorth: sum.assets - sum.liabilities });
    }
  });
  return {
    months: axis.months,
    series: [...points].map(([currency, series]) => ({ currency, points: series })),
  };
}
