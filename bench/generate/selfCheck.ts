import type { SqlDatabase } from '../../src-main/core/db/openDatabase';
import {
  _maintainedMonthlyTotals,
  _naiveMonthlyTotals,
} from '../../src-main/core/ledger/_ledgerTestSupport';
import { ftsQuery } from '../../src-main/core/ledger';
import { RARE_TERM } from './profiles';

/**
 * Proves a generated vault is one the app could have written: the trigger-maintained
 * aggregates equal a recomputation from the rows, and the full-text index holds every
 * row. Returns the problems found (empty when all is well).
 */
export function selfCheck(
  db: SqlDatabase,
  expected: { rows: number; rareTermRows: number },
): string[] {
  const problems: string[] = [];
  const rows = (db.prepare('SELECT count(*) AS n FROM transactions').get() as { n: number }).n;
  if (rows !== expected.rows)
    problems.push(`transactions: ${rows} rows, expected ${expected.rows}`);

  const naive = JSON.stringify(_naiveMonthlyTotals(db));
  if (naive !== JSON.stringify(_maintainedMonthlyTotals(db))) {
    problems.push('monthly_totals differ from a recomputation from the transactions');
  }
  if (JSON.stringify(naivePayeeTotals(db)) !== JSON.stringify(maintainedPayeeTotals(db))) {
    problems.push('payee_month_totals differ from a recomputation from the transactions');
  }
  const match = ftsQuery(RARE_TERM);
  const found = (
    db
      .prepare('SELECT count(*) AS n FROM transactions_fts WHERE transactions_fts MATCH ?')
      .get(match) as { n: number }
  ).n;
  if (found !== expected.rareTermRows) {
    problems.push(
      `full-text "${RARE_TERM}": ${found} rows, the generator wrote ${expected.rareTermRows}`,
    );
  }
  return problems;
}

type PayeeTotal = { key: string; inflow: number; outflow: number; count: number };

function naivePayeeTotals(db: SqlDatabase): PayeeTotal[] {
  return db
    .prepare(
      `SELECT substr(date, 1, 7) || '|' || payee_id AS key, sum(max(amount, 0)) AS inflow,
              sum(min(amount, 0)) AS outflow, count(*) AS count
       FROM transactions WHERE payee_id IS NOT NULL AND transfer_id IS NULL
       GROUP BY 1 ORDER BY 1`,
    )
    .all() as PayeeTotal[];
}

function maintainedPayeeTotals(db: SqlDatabase): PayeeTotal[] {
  return db
    .prepare(
      `SELECT month || '|' || payee_id AS key, inflow, outflow, count FROM payee_month_totals
       WHERE count != 0 OR inflow != 0 OR outflow != 0 ORDER BY 1`,
    )
    .all() as PayeeTotal[];
}
