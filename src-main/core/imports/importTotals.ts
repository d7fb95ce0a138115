import type { SqlDatabase } from '../db/openDatabase';

type Sums = [inflow: number, outflow: number, count: number];

/**
 * The `monthly_totals` and `payee_month_totals` contributions of one import, summed in
 * memory while rows are written (the per-row triggers are lifted for the import) and
 * upserted once at the end: a few thousand rows instead of one upsert per row, and no
 * GROUP BY over the new rows. Split parents contribute through their split lines, whose
 * own trigger stays in place, so only plain rows are added here.
 */
export class ImportTotals {
  private readonly monthly = new Map<string, Sums>();
  private readonly payees = new Map<string, Sums>();

  constructor(private readonly accountId: string) {}

  add(
    date: string,
    amount: number,
    categoryId: string | null,
    payeeId: string | null,
    isSplit: boolean,
  ): void {
    const month = date.slice(0, 7);
    if (!isSplit) bump(this.monthly, `${month}|${categoryId ?? ''}`, amount);
    if (payeeId !== null) bump(this.payees, `${month}|${payeeId}`, amount);
  }

  /** Adds the sums to the maintained tables (inside the import's transaction). */
  write(db: SqlDatabase): void {
    const monthly = db.prepare(
      `INSERT INTO monthly_totals (month, account_id, category_key, inflow, outflow, count)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (month, account_id, category_key) DO UPDATE SET
         inflow = inflow + excluded.inflow, outflow = outflow + excluded.outflow, count = count + excluded.count`,
    );
    // In key order: the upserts then walk each primary key b-tree once, front to back.
    for (const [key, [inflow, outflow, count]] of sorted(this.monthly)) {
      const [month, categoryKey] = splitKey(key);
      monthly.run(month, this.accountId, categoryKey, inflow, outflow, count);
    }
    const payee = db.prepare(
      `INSERT INTO payee_month_totals (month, payee_id, inflow, outflow, count) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (month, payee_id) DO UPDATE SET
         inflow = inflow + excluded.inflow, outflow = outflow + excluded.outflow, count = count + excluded.count`,
    );
    for (const [key, [inflow, outflow, count]] of sorted(this.payees)) {
      const [month, payeeId] = splitKey(key);
      payee.run(month, payeeId, inflow, outflow, count);
    }
  }
}

function bump(sums: Map<string, Sums>, key: string, amount: number): void {
  const entry = sums.get(key);
  const inflow = amount > 0 ? amount : 0;
  const outflow = amount < 0 ? amount : 0;
  if (entry) {
    entry[0] += inflow;
    entry[1] += outflow;
    entry[2] += 1;
  } else {
    sums.set(key, [inflow, outflow, 1]);
  }
}

const sorted = (sums: Map<string, Sums>): [string, Sums][] =>
  [...sums].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** "YYYY-MM|rest": the month is fixed-width, so the split needs no search. */
const splitKey = (key: string): [string, string] => [key.slice(0, 7), key.slice(8)];
