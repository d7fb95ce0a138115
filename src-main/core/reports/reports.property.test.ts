import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { shiftMonth } from '../../../src-shared/domain';
import type { SqlDatabase } from '../db/openDatabase';
import {
  _naiveCashFlow,
  _naiveIncomeVsExpense,
  _naiveNetWorth,
  _naiveSpendingByCategory,
  _naiveTopPayees,
} from './_naiveReports';
import {
  _applyPlan,
  _inRolledBackTransaction,
  _ledgerArbitrary,
  _openVault,
  _sampleCategories,
} from './_reportsTestSupport';
import { cashFlow, incomeVsExpense, netWorth, spendingByCategory, topPayees } from './index';

/**
 * Random ledgers (1–2 currencies; plain, split, uncategorized and transfer
 * transactions; edits, deletes, category deletions and payee merges through the
 * ledger's API): every report equals a naive recomputation from the transaction rows.
 * The reports read only the trigger-maintained totals, so this proves the triggers too.
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

/** The whole span random ledgers use, with a month of margin on each side. */
const FULL = { from: '2023-12', to: '2025-04' };
const subRange = fc.tuple(fc.nat(16), fc.nat(16)).map(([a, b]) => ({
  from: shiftMonth(FULL.from, Math.min(a, b)),
  to: shiftMonth(FULL.from, Math.max(a, b)),
}));

it('every report equals a naive recomputation from the transactions', () => {
  fc.assert(
    fc.property(
      _ledgerArbitrary,
      subRange,
      fc.integer({ min: 1, max: 8 }),
      (plan, range, limit) => {
        _inRolledBackTransaction(db, () => {
          const { accounts } = _applyPlan(db, plan, categories);
          for (const window of [FULL, range]) {
            expect(incomeVsExpense(db, window)).toEqual(_naiveIncomeVsExpense(db, window));
            expect(spendingByCategory(db, window)).toEqual(_naiveSpendingByCategory(db, window));
            expect(netWorth(db, window)).toEqual(_naiveNetWorth(db, window));
            expect(cashFlow(db, window)).toEqual(_naiveCashFlow(db, window));
            const oneAccount = { ...window, accountId: accounts[0] ?? '' };
            expect(cashFlow(db, oneAccount)).toEqual(_naiveCashFlow(db, oneAccount));
            for (const direction of ['outflow', 'inflow'] as const) {
              const input = { ...window, limit, direction };
              expect(topPayees(db, input)).toEqual(_naiveTopPayees(db, input));
            }
          }
        });
      },
    ),
    { numRuns: 80 },
  );
});

it('spending totals equal expense, and income − expense equals cash flow net', () => {
  fc.assert(
    fc.property(_ledgerArbitrary, (plan) => {
      _inRolledBackTransaction(db, () => {
        _applyPlan(db, plan, categories);
        const spending = spendingByCategory(db, FULL);
        const flows = incomeVsExpense(db, FULL);
        const cash = cashFlow(db, FULL);
        flows.series.forEach((series, index) => {
          expect(spending.series[index]?.totals).toEqual(
            series.points.map((point) => point.expense),
          );
          expect(cash.series[index]?.points.map((point) => point.net)).toEqual(
            series.points.map((point) => point.net),
          );
        });
      });
    }),
    { numRuns: 30 },
  );
});
