import type {
  CashFlow,
  IncomeVsExpense,
  NetWorth,
  SpendingByCategory,
  TopPayees,
} from '../../../src-shared/contract/reports';
import { toDecimalString, type CurrencyCode } from '../../../src-shared/domain';
import { textTable, type Align } from './textTable';

/*
 * The reports as plain-text tables for `casike report …`: one table per currency,
 * the currency in its title, amounts as exact decimals (toDecimalString), never
 * converted or added across currencies.
 */

const money = (currency: CurrencyCode) => (minor: number) => toDecimalString(minor, currency);
const right = (count: number): Align[] => Array.from({ length: count }, () => 'right');
const span = (months: readonly string[]) =>
  months.length === 1
    ? (months[0] ?? '')
    : `${months[0] ?? ''} to ${months[months.length - 1] ?? ''}`;

/** One block per series, a blank line between blocks; a line saying so when there are none. */
function blocks<S>(series: readonly S[], block: (item: S) => string[]): string[] {
  if (series.length === 0) return ['No accounts yet.'];
  return series.flatMap((item, index) => [...(index > 0 ? [''] : []), ...block(item)]);
}

export function spendingLines(report: SpendingByCategory): string[] {
  return blocks(report.series, (series) => {
    const title = `Spending by category, ${series.currency}, ${span(report.months)}`;
    if (series.categories.length === 0) return [title, 'No spending.'];
    const format = money(series.currency);
    return [
      title,
      ...textTable(
        ['Category', ...report.months, 'Total'],
        [
          ...series.categories.map((category) => [
            category.groupName ? `${category.groupName}:${category.name}` : category.name,
            ...category.amounts.map(format),
            format(category.total),
          ]),
          ['Total', ...series.totals.map(format), format(series.total)],
        ],
        ['left', ...right(report.months.length + 1)],
      ),
    ];
  });
}

export function incomeVsExpenseLines(report: IncomeVsExpense): string[] {
  return blocks(report.series, (series) => {
    const format = money(series.currency);
    return [
      `Income vs expense, ${series.currency}, ${span(report.months)}`,
      ...textTable(
        ['Month', 'Income', 'Expense', 'Net'],
        [
          ...series.points.map((point) => [
            point.month,
            format(point.income),
            format(point.expense),
            format(point.net),
          ]),
          [
            'Total',
            format(series.totals.income),
            format(series.totals.expense),
            format(series.totals.net),
          ],
        ],
        ['left', ...right(3)],
      ),
    ];
  });
}

export function netWorthLines(report: NetWorth): string[] {
  return blocks(report.series, (series) => {
    const format = money(series.currency);
    return [
      `Net worth at month end, ${series.currency}, ${span(report.months)}`,
      ...textTable(
        ['Month', 'Assets', 'Liabilities', 'Net worth'],
        series.points.map((point) => [
          point.month,
          format(point.assets),
          format(point.liabilities),
          format(point.netWorth),
        ]),
        ['left', ...right(3)],
      ),
    ];
  });
}

export function cashFlowLines(report: CashFlow): string[] {
  return blocks(report.series, (series) => {
    const format = money(series.currency);
    return [
      `Cash flow, ${series.currency}, ${span(report.months)} (transfers left out)`,
      ...textTable(
        ['Month', 'Inflow', 'Outflow', 'Net'],
        [
          ...series.points.map((point) => [
            point.month,
            format(point.inflow),
            format(point.outflow),
            format(point.net),
          ]),
          [
            'Total',
            format(series.totals.inflow),
            format(series.totals.outflow),
            format(series.totals.net),
          ],
        ],
        ['left', ...right(3)],
      ),
    ];
  });
}

export function topPayeesLines(report: TopPayees): string[] {
  return blocks(report.series, (series) => {
    const title = `Top payees, ${series.currency}`;
    if (series.payees.length === 0) return [title, 'No payees in this range.'];
    const format = money(series.currency);
    return [
      title,
      ...textTable(
        ['#', 'Payee', 'Amount', 'Transactions'],
        series.payees.map((payee, index) => [
          String(index + 1),
          payee.name,
          format(payee.amount),
          String(payee.count),
        ]),
        ['right', 'left', 'right', 'right'],
      ),
    ];
  });
}
