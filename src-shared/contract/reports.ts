import { z } from 'zod';
import { CurrencyCodeSchema, IdSchema, MinorUnitsSchema, MonthStringSchema } from '../domain';
import { call } from './defineCall';

/*
 * Reports. Every figure is per currency: amounts from accounts in different currencies
 * are never added together, so each report returns one series per currency the vault has
 * accounts in (sorted by code). Months are "YYYY-MM", `from` and `to` both included, and
 * every series has one entry per month of the range (zeros where nothing happened).
 *
 * Shared definitions (src-main/core/reports implements them from the maintained
 * monthly totals; its tests recompute them naively from the transactions):
 * - Transfers between the user's own accounts are never income, spending or cash flow;
 *   they only move net worth between accounts.
 * - A split transaction counts through its splits, each under its own category.
 * - income  = net activity of income-category lines + uncategorized inflows.
 * - expense = −(net activity of expense-category lines) + uncategorized outflows
 *   (as a positive amount). A refund booked to an expense category lowers expense.
 *   So income − expense = the net of every non-transfer line, which is cash flow's net.
 * - spending by category = the expense definition split by category (uncategorized
 *   outflows under categoryId null); its per-month totals equal incomeVsExpense.expense.
 * - net worth at a month's end = each account's opening balance + every line booked on
 *   or before the month's last day (transfers included). Opening balances have no date
 *   and count from the beginning. Archived accounts are included.
 */

/** A report's months, both included. At most 100 years, so no call can ask for a huge answer. */
export const MAX_REPORT_MONTHS = 1200;

const monthNumber = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));

/** A range's months must be in order and at most MAX_REPORT_MONTHS apart. */
function checkRange(input: { from: string; to: string }, ctx: z.RefinementCtx): void {
  if (input.from > input.to) {
    ctx.addIssue({ code: 'custom', message: 'from must not be after to', path: ['from'] });
  } else if (monthNumber(input.to) - monthNumber(input.from) >= MAX_REPORT_MONTHS) {
    ctx.addIssue({
      code: 'custom',
      message: `a report covers at most ${MAX_REPORT_MONTHS} months`,
      path: ['to'],
    });
  }
}

const RANGE = { from: MonthStringSchema, to: MonthStringSchema };

export const ReportRangeSchema = z.strictObject(RANGE).superRefine(checkRange);
export type ReportRange = z.infer<typeof ReportRangeSchema>;

const Months = z.array(MonthStringSchema);
const Amounts = z.array(MinorUnitsSchema);

export const SpendingCategorySchema = z.object({
  /** Null: uncategorized outflows. */
  categoryId: IdSchema.nullable(),
  name: z.string(),
  groupName: z.string().nullable(),
  /** Aligned with the report's `months`. */
  amounts: Amounts,
  total: MinorUnitsSchema,
});

export const SpendingByCategorySchema = z.object({
  months: Months,
  series: z.array(
    z.object({
      currency: CurrencyCodeSchema,
      /** Categories with at least one line in the range, largest total first. */
      categories: z.array(SpendingCategorySchema),
      /** Per month, over all categories. */
      totals: Amounts,
      total: MinorUnitsSchema,
    }),
  ),
});
export type SpendingByCategory = z.infer<typeof SpendingByCategorySchema>;

const IncomeExpensePointSchema = z.object({
  month: MonthStringSchema,
  income: MinorUnitsSchema,
  expense: MinorUnitsSchema,
  net: MinorUnitsSchema,
});

export const IncomeVsExpenseSchema = z.object({
  months: Months,
  series: z.array(
    z.object({
      currency: CurrencyCodeSchema,
      points: z.array(IncomeExpensePointSchema),
      totals: z.object({
        income: MinorUnitsSchema,
        expense: MinorUnitsSchema,
        net: MinorUnitsSchema,
      }),
    }),
  ),
});
export type IncomeVsExpense = z.infer<typeof IncomeVsExpenseSchema>;

export const NetWorthSchema = z.object({
  months: Months,
  series: z.array(
    z.object({
      currency: CurrencyCodeSchema,
      points: z.array(
        z.object({
          month: MonthStringSchema,
          /** Sum of the accounts whose balance is positive at the month's end. */
          assets: MinorUnitsSchema,
          /** Sum of the negative balances, as a positive amount. */
          liabilities: MinorUnitsSchema,
          /** assets − liabilities. */
          netWorth: MinorUnitsSchema,
        }),
      ),
    }),
  ),
});
export type NetWorth = z.infer<typeof NetWorthSchema>;

export const CashFlowSchema = z.object({
  months: Months,
  series: z.array(
    z.object({
      currency: CurrencyCodeSchema,
      points: z.array(
        z.object({
          month: MonthStringSchema,
          /** Money in, as a positive amount (split lines counted one by one). */
          inflow: MinorUnitsSchema,
          /** Money out, as a positive amount. */
          outflow: MinorUnitsSchema,
          net: MinorUnitsSchema,
        }),
      ),
      totals: z.object({
        inflow: MinorUnitsSchema,
        outflow: MinorUnitsSchema,
        net: MinorUnitsSchema,
      }),
    }),
  ),
});
export type CashFlow = z.infer<typeof CashFlowSchema>;

export const TopPayeesSchema = z.object({
  series: z.array(
    z.object({
      currency: CurrencyCodeSchema,
      payees: z.array(
        z.object({
          payeeId: IdSchema,
          name: z.string(),
          /** Total in the asked direction, positive (whole transactions, splits not divided). */
          amount: MinorUnitsSchema,
          /** Transactions with this payee in the range, in either direction. */
          count: z.number().int(),
        }),
      ),
    }),
  ),
});
export type TopPayees = z.infer<typeof TopPayeesSchema>;

/** Reports computed from the maintained monthly totals, instant at any ledger size. */
export const reportsCalls = {
  'reports.spendingByCategory': call(ReportRangeSchema, SpendingByCategorySchema),
  'reports.incomeVsExpense': call(ReportRangeSchema, IncomeVsExpenseSchema),
  'reports.netWorth': call(ReportRangeSchema, NetWorthSchema),
  /** Only the account's currency when `accountId` is given. */
  'reports.cashFlow': call(
    z.strictObject({ ...RANGE, accountId: IdSchema.optional() }).superRefine(checkRange),
    CashFlowSchema,
  ),
  /** Payees ranked by money paid to them (outflow) or received from them (inflow). */
  'reports.topPayees': call(
    z
      .strictObject({
        ...RANGE,
        limit: z.number().int().min(1).max(100).default(10),
        direction: z.enum(['outflow', 'inflow']).default('outflow'),
      })
      .superRefine(checkRange),
    TopPayeesSchema,
  ),
} as const;
