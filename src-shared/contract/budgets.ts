import { z } from 'zod';
import { CurrencyCodeSchema, IdSchema, MinorUnitsSchema, MonthStringSchema } from '../domain';
import { call } from './defineCall';

/*
 * Budgets: a monthly amount per category. Definitions the numbers follow (the core
 * implements them in src-main/core/budgets, and its tests recompute them naively):
 *
 * - Budget currency. The budgets table stores bare minor units, so every budget is in
 *   one currency: the currency of the vault's first account (accounts are never
 *   deleted, so it does not change). Only activity in accounts of that currency counts
 *   against a budget; activity in other currencies is listed beside it per currency and
 *   never added in (there are no exchange rates yet).
 * - actual: the category's net activity in the month, sign-normalized to the category's
 *   direction. Expense categories: money spent, net of refunds booked to the category
 *   (positive = spent). Income categories: money received (positive = received).
 *   Split transactions count through their splits; transfers never count.
 * - carriedIn: the unspent remainder rolled over from earlier months. A month's
 *   remainder is `max(0, budgeted + carriedIn − actual)`; it carries into the next month
 *   only when that month's budget has rollover on, so it accumulates over an unbroken run
 *   of rollover months. Overspending does not roll (it is not subtracted next month),
 *   and a month with no budget row breaks the run. Income categories never carry.
 * - available = budgeted + carriedIn − actual. Negative means overspent.
 */

export const BudgetSchema = z.object({
  month: MonthStringSchema,
  categoryId: IdSchema,
  amount: MinorUnitsSchema,
  rollover: z.boolean(),
});
export type Budget = z.infer<typeof BudgetSchema>;

/** Activity in a currency other than the budget currency: shown, never added in. */
export const ForeignActivitySchema = z.object({
  currency: CurrencyCodeSchema,
  actual: MinorUnitsSchema,
});

export const BudgetLineSchema = z.object({
  categoryId: IdSchema,
  name: z.string(),
  groupId: IdSchema,
  groupName: z.string(),
  kind: z.enum(['income', 'expense']),
  hidden: z.boolean(),
  budgeted: MinorUnitsSchema,
  rollover: z.boolean(),
  carriedIn: MinorUnitsSchema,
  actual: MinorUnitsSchema,
  available: MinorUnitsSchema,
  otherCurrencies: z.array(ForeignActivitySchema),
});
export type BudgetLine = z.infer<typeof BudgetLineSchema>;

/** Income vs expenses of the month in one currency (same definition as the reports). */
export const MonthIncomeExpenseSchema = z.object({
  currency: CurrencyCodeSchema,
  income: MinorUnitsSchema,
  expense: MinorUnitsSchema,
  net: MinorUnitsSchema,
});

export const BudgetMonthSchema = z.object({
  month: MonthStringSchema,
  /** Null until the vault has an account (budgets need a currency). */
  currency: CurrencyCodeSchema.nullable(),
  /** Expense categories (hidden ones only when budgeted or active), then budgeted income categories. */
  lines: z.array(BudgetLineSchema),
  /** Over expense categories only, in the budget currency. */
  totals: z.object({
    budgeted: MinorUnitsSchema,
    carriedIn: MinorUnitsSchema,
    spent: MinorUnitsSchema,
    /** Uncategorized outflows in the budget currency: unplanned spending. */
    uncategorizedSpent: MinorUnitsSchema,
    /** budgeted + carriedIn − spent − uncategorizedSpent. */
    leftToSpend: MinorUnitsSchema,
  }),
  /** One entry per currency the vault has accounts in. */
  incomeVsExpense: z.array(MonthIncomeExpenseSchema),
});
export type BudgetMonth = z.infer<typeof BudgetMonthSchema>;

/** Budgeted amounts are never negative. */
const BudgetAmountSchema = MinorUnitsSchema.refine(
  (value) => value >= 0,
  'a budget cannot be negative',
);

/** Budgets per category and month. */
export const budgetsCalls = {
  'budgets.get': call(z.strictObject({ month: MonthStringSchema }), BudgetMonthSchema),
  /**
   * Sets one category's budget for a month. `rollover` omitted keeps the stored flag,
   * or takes the previous month's when the month has no budget for it yet.
   */
  'budgets.set': call(
    z.strictObject({
      month: MonthStringSchema,
      categoryId: IdSchema,
      amount: BudgetAmountSchema,
      rollover: z.boolean().optional(),
    }),
    BudgetSchema,
  ),
  /**
   * Copies the previous month's budgets (amount and rollover) into `month`. Without
   * `overwrite`, categories already budgeted in `month` keep their amounts; with it they
   * take the previous month's. Categories budgeted only in `month` are left alone.
   */
  'budgets.copyFromPreviousMonth': call(
    z.strictObject({ month: MonthStringSchema, overwrite: z.boolean().default(false) }),
    z.object({ copied: z.number().int() }),
  ),
} as const;
