import type {
  CashFlow,
  IncomeVsExpense,
  NetWorth,
  ReportRange,
  SpendingByCategory,
  TopPayees,
} from '../../../src-shared/contract/reports';
import { monthRange, type CurrencyCode } from '../../../src-shared/domain';
import type { SqlDatabase } from '../db/openDatabase';

/*
 * Test-only: every report recomputed the slow, obvious way, straight from the
 * `transactions` and `transaction_splits` rows and never from the maintained totals,
 * so a test comparing the two proves the reports and the triggers behind them. The
 * definitions are the ones written in src-shared/contract/reports.ts.
 */

/** One categorized line: a plain transaction, or one split of a split transaction. */
export interface NaiveLine {
  month: string;
  accountId: string;
  currency: CurrencyCode;
  /** '~transfer', '' (uncategorized) or a category id. */
  key: string;
  amount: number;
}

interface Ledger {
  lines: NaiveLine[];
  kinds: Map<string, 'income' | 'expense'>;
  names: Map<string, { name: string; groupName: string }>;
  accounts: { id: string; currency: CurrencyCode; opening: number }[];
  currencies: CurrencyCode[];
}

export function _naiveLedger(db: SqlDatabase): Ledger {
  const accounts = (
    db.prepare('SELECT id, currency, opening_balance FROM accounts').all() as {
      id: string;
      currency: CurrencyCode;
      opening_balance: number;
    }[]
  ).map((row) => ({ id: row.id, currency: row.currency, opening: row.opening_balance }));
  const currencies = new Map(accounts.map((account) => [account.id, account.currency]));
  const currencyOf = (accountId: string): CurrencyCode => {
    const currency = currencies.get(accountId);
    if (!currency) throw new Error('a transaction in an unknown account');
    return currency;
  };
  const transactions = db
    .prepare(
      'SELECT id, account_id, date, amount, category_id, transfer_id, is_split FROM transactions',
    )
    .all() as {
    id: string;
    account_id: string;
    date: string;
    amount: number;
    category_id: string | null;
    transfer_id: string | null;
    is_split: number;
  }[];
  const splits = db
    .prepare('SELECT transaction_id, category_id, amount FROM transaction_splits')
    .all() as { transaction_id: string; category_id: string | null; amount: number }[];
  const parents = new Map(transactions.map((row) => [row.id, row]));
  const lines: NaiveLine[] = [];
  for (const row of transactions) {
    if (row.is_split === 1) continue;
    lines.push({
      month: row.date.slice(0, 7),
      accountId: row.account_id,
      currency: currencyOf(row.account_id),
      key: row.transfer_id !== null ? '~transfer' : (row.category_id ?? ''),
      amount: row.amount,
    });
  }
  for (const split of splits) {
    const parent = parents.get(split.transaction_id);
    if (!parent) throw new Error('orphan split');
    lines.push({
      month: parent.date.slice(0, 7),
      accountId: parent.account_id,
      currency: currencyOf(parent.account_id),
      key: split.category_id ?? '',
      amount: split.amount,
    });
  }
  const categories = db
    .prepare(
      'SELECT c.id, c.name, g.name AS group_name, g.kind FROM categories c JOIN category_groups g ON g.id = c.group_id',
    )
    .all() as { id: string; name: string; group_name: string; kind: 'income' | 'expense' }[];
  return {
    lines,
    kinds: new Map(categories.map((row) => [row.id, row.kind])),
    names: new Map(
      categories.map((row) => [row.id, { name: row.name, groupName: row.group_name }]),
    ),
    accounts,
    currencies: [...new Set(accounts.map((account) => account.currency))].sort(),
  };
}

const inRange = (month: string, range: ReportRange) => month >= range.from && month <= range.to;
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** Income and expense of one line, by the contract's definitions. */
export function _naiveIncomeExpense(
  line: NaiveLine,
  kinds: Map<string, 'income' | 'expense'>,
): { income: number; expense: number } {
  if (line.key === '~transfer') return { income: 0, expense: 0 };
  const kind = kinds.get(line.key);
  if (kind === 'income') return { income: line.amount, expense: 0 };
  if (kind === 'expense') return { income: 0, expense: -line.amount };
  return line.amount > 0
    ? { income: line.amount, expense: 0 }
    : { income: 0, expense: -line.amount };
}

export function _naiveIncomeVsExpense(db: SqlDatabase, range: ReportRange): IncomeVsExpense {
  const ledger = _naiveLedger(db);
  const months = monthRange(range.from, range.to);
  return {
    months,
    series: ledger.currencies.map((currency) => {
      const points = months.map((month) => {
        let income = 0;
        let expense = 0;
        for (const line of ledger.lines) {
          if (line.currency !== currency || line.month !== month) continue;
          const part = _naiveIncomeExpense(line, ledger.kinds);
          income += part.income;
          expense += part.expense;
        }
        return { month, income, expense, net: income - expense };
      });
      const income = sum(points.map((point) => point.income));
      const expense = sum(points.map((point) => point.expense));
      return { currency, points, totals: { income, expense, net: income - expense } };
    }),
  };
}

export function _naiveSpendingByCategory(db: SqlDatabase, range: ReportRange): SpendingByCategory {
  const ledger = _naiveLedger(db);
  const months = monthRange(range.from, range.to);
  return {
    months,
    series: ledger.currencies.map((currency) => {
      const keys = new Set<string>();
      for (const line of ledger.lines) {
        const kind = ledger.kinds.get(line.key);
        if (line.currency !== currency || line.key === '~transfer' || !inRange(line.month, range))
          continue;
        if (kind === undefined) keys.add('');
        else if (kind === 'expense') keys.add(line.key);
      }
      const categories = [...keys]
        .map((key) => {
          const amounts = months.map((month) =>
            sum(
              ledger.lines
                .filter(
                  (line) =>
                    line.currency === currency &&
                    line.month === month &&
                    (key === ''
                      ? line.key !== '~transfer' && !ledger.kinds.has(line.key)
                      : line.key === key),
                )
                .map((line) => (key === '' ? Math.max(0, -line.amount) : -line.amount)),
            ),
          );
          const named = ledger.names.get(key);
          return {
            categoryId: key === '' ? null : key,
            name: named?.name ?? 'Uncategorized',
            groupName: named?.groupName ?? null,
            amounts,
            total: sum(amounts),
          };
        })
        .sort(
          (a, b) =>
            b.total - a.total ||
            (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
            ((a.categoryId ?? '') < (b.categoryId ?? '') ? -1 : 1),
        );
      const totals = months.map((_month, index) =>
        sum(categories.map((category) => category.amounts[index] ?? 0)),
      );
      return { currency, categories, totals, total: sum(totals) };
    }),
  };
}

export function _naiveCashFlow(
  db: SqlDatabase,
  range: ReportRange & { accountId?: string },
): CashFlow {
  const ledger = _naiveLedger(db);
  const months = monthRange(range.from, range.to);
  const account = ledger.accounts.find((candidate) => candidate.id === range.accountId);
  const currencies = range.accountId ? (account ? [account.currency] : []) : ledger.currencies;
  return {
    months,
    series: currencies.map((currency) => {
      const points = months.map((month) => {
        const lines = ledger.lines.filter(
          (line) =>
            line.currency === currency &&
            line.month === month &&
            line.key !== '~transfer' &&
            (range.accountId === undefined || line.accountId === range.accountId),
        );
        const inflow = sum(lines.map((line) => Math.max(0, line.amount)));
        const outflow = sum(lines.map((line) => Math.max(0, -line.amount)));
        return { month, inflow, outflow, net: inflow - outflow };
      });
      const inflow = sum(points.map((point) => point.inflow));
      const outflow = sum(points.map((point) => point.outflow));
      return { currency, points, totals: { inflow, outflow, net: inflow - outflow } };
    }),
  };
}

export function _naiveNetWorth(db: SqlDatabase, range: ReportRange): NetWorth {
  const ledger = _naiveLedger(db);
  const months = monthRange(range.from, range.to);
  return {
    months,
    series: ledger.currencies.map((currency) => ({
      currency,
      points: months.map((month) => {
        let assets = 0;
        let liabilities = 0;
        for (const account of ledger.accounts) {
          if (account.currency !== currency) continue;
          const balance =
            account.opening +
            sum(
              ledger.lines
                .filter((line) => line.accountId === account.id && line.month <= month)
                .map((line) => line.amount),
            );
          if (balance > 0) assets += balance;
          else liabilities -= balance;
        }
        return { month, assets, liabilities, netWorth: assets - liabilities };
      }),
    })),
  };
}

export function _naiveTopPayees(
  db: SqlDatabase,
  input: ReportRange & { limit: number; direction: 'outflow' | 'inflow' },
): TopPayees {
  const ledger = _naiveLedger(db);
  const rows = db
    .prepare(
      `SELECT t.account_id, t.date, t.amount, p.id AS payee_id, p.name
       FROM transactions t JOIN payees p ON p.id = t.payee_id WHERE t.transfer_id IS NULL`,
    )
    .all() as {
    account_id: string;
    date: string;
    amount: number;
    payee_id: string;
    name: string;
  }[];
  const currencyOf = new Map(ledger.accounts.map((account) => [account.id, account.currency]));
  return {
    series: ledger.currencies.map((currency) => {
      const byPayee = new Map<string, { name: string; amount: number; count: number }>();
      for (const row of rows) {
        if (currencyOf.get(row.account_id) !== currency || !inRange(row.date.slice(0, 7), input))
          continue;
        const entry = byPayee.get(row.payee_id) ?? { name: row.name, amount: 0, count: 0 };
        entry.count += 1;
        if (input.direction === 'outflow' && row.amount < 0) entry.amount -= row.amount;
        if (input.direction === 'inflow' && row.amount > 0) entry.amount += row.amount;
        byPayee.set(row.payee_id, entry);
      }
      return {
        currency,
        payees: [...byPayee]
          .map(([payeeId, entry]) => ({ payeeId, ...entry }))
          .filter((payee) => payee.amount > 0)
          .sort(
            (a, b) =>
              b.amount - a.amount ||
              (a.name < b.name ? -1 : a.name > b.name ? 1 : a.payeeId < b.payeeId ? -1 : 1),
          )
          .slice(0, input.limit),
      };
    }),
  };
}
