import type { IncomeVsExpense, ReportRange } from '../../../src-shared/contract/reports';
import type { CurrencyCode } from '../../../src-shared/domain';
import type { SqlDatabase } from '../db/openDatabase';
import { CLASSIFIED_TOTALS, EXPENSE, INCOME, NOT_TRANSFER } from './classifiedTotals';
import { accountCurrencies, monthAxis, zeros } from './reportSeries';

export const INCOME_VS_EXPENSE_SQL = `
  SELECT a.currency, m.month, sum(${INCOME}) AS income, sum(${EXPENSE}) AS expense
  FROM ${CLASSIFIED_TOTALS}
  WHERE m.month BETWEEN ? AND ? AND ${NOT_TRANSFER}
  GROUP BY a.currency, m.month`;

interface Row {
  currency: CurrencyCode;
  month: string;
  income: number;
  expense: number;
}

/**
 * Income, expense and net per month and currency (definitions in
 * src-shared/contract/reports.ts): uncategorized inflows count as income and
 * uncategorized outflows as expense, so net equals cash flow's net.
 */
export function incomeVsExpense(db: SqlDatabase, range: ReportRange): IncomeVsExpense {
  const axis = monthAxis(range.from, range.to);
  const byCurrency = new Map(
    accountCurrencies(db).map((currency) => [
      currency,
      { income: zeros(axis), expense: zeros(axis) },
    ]),
  );
  for (const row of db.prepare(INCOME_VS_EXPENSE_SQL).all(range.from, range.to) as Row[]) {
    const series = byCurrency.get(row.currency);
    const index = axis.indexOf.get(row.month);
    if (!series || index === undefined) continue;
    series.income[index] = row.income;
    series.expense[index] = row.expense;
  }
  return {
    months: axis.months,
    series: [...byCurrency].map(([currency, { income, expense }]) => {
      const points = axis.months.map((month, index) => {
        const monthIncome = income[index] ?? 0;
        const monthExpense = expense[index] ?? 0;
        return {
          month,
          income: monthIncome,
          expense: monthExpense,
          net: monthIncome - monthExpense,
        };
      });
      const totalIncome = points.reduce((total, point) => total + point.income, 0);
      const totalExpense = points.reduce((total, point) => total + point.expense, 0);
      return {
        currency,
        points,
        totals: { income: totalIncome, expense: totalExpense, net: totalIncome - totalExpense },
      };
    }),
  };
}
