import type { Budget } from '../../../src-shared/contract/budgets';
import type { MonthString } from '../../../src-shared/domain';
import type { SqlDatabase } from '../db/openDatabase';
import { requireCategory } from '../ledger';
import { requireBudgetCurrency } from './budgetCurrency';
import { previousMonth } from './rollover';

export interface BudgetInput {
  month: MonthString;
  categoryId: string;
  /** Minor units of the budget currency; never negative (the contract checks it). */
  amount: number;
  /** Omitted: keep the stored flag, else take the previous month's, else off. */
  rollover?: boolean | undefined;
}

const FLAG_SQL = 'SELECT rollover FROM budgets WHERE month = ? AND category_id = ?';

/**
 * Sets a category's budget for a month, in one transaction. The category must exist
 * (NOT_FOUND) and the vault must have an account, whose currency budgets are in.
 */
export function setBudget(db: SqlDatabase, input: BudgetInput): Budget {
  return db.transaction((): Budget => {
    requireCategory(db, input.categoryId);
    requireBudgetCurrency(db);
    const rollover = input.rollover ?? inheritedRollover(db, input.month, input.categoryId);
    db.prepare(
      `INSERT INTO budgets (month, category_id, amount, rollover) VALUES (?, ?, ?, ?)
       ON CONFLICT (month, category_id) DO UPDATE SET amount = excluded.amount, rollover = excluded.rollover`,
    ).run(input.month, input.categoryId, input.amount, rollover ? 1 : 0);
    return { month: input.month, categoryId: input.categoryId, amount: input.amount, rollover };
  })();
}

/** The stored flag, else the previous month's (so rollover stays on as months are budgeted). */
function inheritedRollover(db: SqlDatabase, month: MonthString, categoryId: string): boolean {
  const flag = (at: MonthString | null) =>
    at === null
      ? undefined
      : (db.prepare(FLAG_SQL).get(at, categoryId) as { rollover: number } | undefined)?.rollover;
  return (flag(month) ?? flag(previousMonth(month)) ?? 0) === 1;
}

/**
 * Copies the previous month's budgets (amount and rollover flag) into `month`, in one
 * transaction, and returns how many were written. Without `overwrite`, categories that
 * already have a budget in `month` keep it; with it they take the previous month's.
 * Budgets that exist only in `month` are left alone either way.
 */
export function copyBudgetsFromPreviousMonth(
  db: SqlDatabase,
  month: MonthString,
  overwrite: boolean,
): number {
  const previous = previousMonth(month);
  if (previous === null) return 0;
  // The WHERE clause also keeps SQLite from reading ON CONFLICT as a join constraint.
  const upsert = overwrite
    ? 'DO UPDATE SET amount = excluded.amount, rollover = excluded.rollover'
    : 'DO NOTHING';
  return db.transaction(
    () =>
      db
        .prepare(
          `INSERT INTO budgets (month, category_id, amount, rollover)
           SELECT ?, category_id, amount, rollover FROM budgets WHERE month = ?
           ON CONFLICT (month, category_id) ${upsert}`,
        )
        .run(month, previous).changes,
  )();
}
