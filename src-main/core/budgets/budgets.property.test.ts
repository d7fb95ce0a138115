import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { monthRange, shiftMonth, type CurrencyCode } from '../../../src-shared/domain';
import { CoreError } from '../coreError';
import type { SqlDatabase } from '../db/openDatabase';
import { _naiveLedger, type NaiveLine } from '../reports/_naiveReports';
import {
  _applyPlan,
  _inRolledBackTransaction,
  _ledgerArbitrary,
  _openVault,
  _sampleCategories,
} from '../reports/_reportsTestSupport';
import { getBudgetMonth, setBudget } from './index';

/**
 * Random ledgers with random budgets (amounts, rollover flags, gaps): every line of
 * every month's budget equals a naive recomputation: actual from the transaction rows,
 * carried-in by walking the months one by one with the documented rule.
 */
let db: SqlDatabase;
let close: () => void;
let categories: { expense: string[]; income: string[] };

beforeAll(async () => {
  ({
    vault: { db },
    close,
  } = await _openVault());
  categories = _sampleCategories(db);
});
afterAll(() => close());

const MONTHS = monthRange('2023-12', '2025-03');
const budgets = fc.array(
  fc.record({
    month: fc.nat(MONTHS.length - 1),
    category: fc.nat(5),
    amount: fc.integer({ min: 0, max: 120_000 }),
    rollover: fc.boolean(),
  }),
  { maxLength: 40 },
);

interface Stored {
  amount: number;
  rollover: boolean;
}

it('budget lines and totals equal a naive recomputation', () => {
  fc.assert(
    fc.property(_ledgerArbitrary, budgets, (plan, wanted) => {
      _inRolledBackTransaction(db, () => {
        _applyPlan(db, plan, categories);
        const pool = [...categories.expense, ...categories.income];
        for (const entry of wanted) {
          try {
            setBudget(db, {
              month: MONTHS[entry.month] ?? '2024-01',
              categoryId: pool[entry.category] ?? '',
              amount: entry.amount,
              rollover: entry.rollover,
            });
          } catch (error) {
            if (!(error instanceof CoreError)) throw error; // a deleted category
          }
        }
        const stored = new Map(
          (
            db.prepare('SELECT month, category_id, amount, rollover FROM budgets').all() as {
              month: string;
              category_id: string;
              amount: number;
              rollover: number;
            }[]
          ).map((row) => [
            `${row.category_id}|${row.month}`,
            { amount: row.amount, rollover: row.rollover === 1 },
          ]),
        );
        const ledger = _naiveLedger(db);
        const currency = (
          db.prepare('SELECT currency FROM accounts ORDER BY rowid LIMIT 1').get() as {
            currency: CurrencyCode;
          }
        ).currency;
        for (const month of MONTHS) {
          const view = getBudgetMonth(db, month);
          expect(view.currency).toBe(currency);
          for (const line of view.lines) {
            const expected = naiveLine(
              ledger.lines,
              stored,
              currency,
              line.categoryId,
              line.kind,
              month,
            );
            expect({ ...line, otherCurrencies: undefined }).toMatchObject(expected);
            expect(line.otherCurrencies).toEqual(
              naiveForeign(ledger.lines, currency, line.categoryId, line.kind, month),
            );
          }
          // Every budgeted category is listed, and every expense category with activity.
          for (const [key] of stored) {
            const [categoryId, budgetMonth] = key.split('|');
            if (budgetMonth === month) {
              expect(view.lines.some((l) => l.categoryId === categoryId)).toBe(true);
            }
          }
          const expenses = view.lines.filter((l) => l.kind === 'expense');
          const uncategorized = ledger.lines
            .filter(
              (l) =>
                l.month === month &&
                l.currency === currency &&
                l.key !== '~transfer' &&
                !ledger.kinds.has(l.key),
            )
            .reduce((total, l) => total + Math.max(0, -l.amount), 0);
          const sum = (pick: (l: (typeof expenses)[number]) => number) =>
            expenses.reduce((total, l) => total + pick(l), 0);
          expect(view.totals).toEqual({
            budgeted: sum((l) => l.budgeted),
            carriedIn: sum((l) => l.carriedIn),
            spent: sum((l) => l.actual),
            uncategorizedSpent: uncategorized,
            leftToSpend:
              sum((l) => l.budgeted) +
              sum((l) => l.carriedIn) -
              sum((l) => l.actual) -
              uncategorized,
          });
        }
      });
    }),
    { numRuns: 40 },
  );
});

/** Net of a category's lines in a month and currency, in the category's direction. */
function naiveActual(
  lines: readonly NaiveLine[],
  currency: CurrencyCode,
  categoryId: string,
  kind: 'income' | 'expense',
  month: string,
): number {
  const net = lines
    .filter((l) => l.key === categoryId && l.month === month && l.currency === currency)
    .reduce((total, l) => total + l.amount, 0);
  return kind === 'expense' ? -net || 0 : net;
}

function naiveLine(
  lines: readonly NaiveLine[],
  stored: ReadonlyMap<string, Stored>,
  currency: CurrencyCode,
  categoryId: string,
  kind: 'income' | 'expense',
  month: string,
) {
  // The rule, month by month: a month passes on max(0, remainder) only if its own
  // budget has rollover on; a month without a budget passes on nothing.
  const carry = (at: string, depth: number): number => {
    if (kind === 'income' || depth > MONTHS.length + 2) return 0;
    const before = shiftMonth(at, -1);
    const row = stored.get(`${categoryId}|${before}`);
    if (!row?.rollover) return 0;
    return Math.max(
      0,
      row.amount +
        carry(before, depth + 1) -
        naiveActual(lines, currency, categoryId, kind, before),
    );
  };
  const row = stored.get(`${categoryId}|${month}`);
  const budgeted = row?.amount ?? 0;
  const carriedIn = carry(month, 0);
  const actual = naiveActual(lines, currency, categoryId, kind, month);
  return {
    budgeted,
    rollover: row?.rollover ?? false,
    carriedIn,
    actual,
    available: budgeted + carriedIn - actual,
  };
}

function naiveForeign(
  lines: readonly NaiveLine[],
  currency: CurrencyCode,
  categoryId: string,
  kind: 'income' | 'expense',
  month: string,
) {
  const currencies = [
    ...new Set(
      lines
        .filter((l) => l.key === categoryId && l.month === month && l.currency !== currency)
        .map((l) => l.currency),
    ),
  ].sort();
  return currencies.map((other) => ({
    currency: other,
    actual: naiveActual(lines, other, categoryId, kind, month),
  }));
}
