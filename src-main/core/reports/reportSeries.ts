import { monthRange, type CurrencyCode, type MonthString } from '../../../src-shared/domain';
import type { SqlDatabase } from '../db/openDatabase';

/**
 * Every currency the vault has an account in (archived ones too), sorted by code.
 * Each report answers one series per currency: amounts in different currencies are
 * never added together.
 */
export function accountCurrencies(db: SqlDatabase): CurrencyCode[] {
  return (
    db.prepare('SELECT DISTINCT currency FROM accounts ORDER BY currency').all() as {
      currency: CurrencyCode;
    }[]
  ).map((row) => row.currency);
}

/** The months of a report and where each one sits in its series. */
export interface MonthAxis {
  months: MonthString[];
  indexOf: Map<MonthString, number>;
}

export function monthAxis(from: MonthString, to: MonthString): MonthAxis {
  const months = monthRange(from, to);
  return { months, indexOf: new Map(months.map((month, index) => [month, index])) };
}

/** A zero for every month of the axis. */
export const zeros = (axis: MonthAxis): number[] => axis.months.map(() => 0);
