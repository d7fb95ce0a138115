import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SqlDatabase } from '../../src-main/core/db/openDatabase';
import { bulkWrite } from './bulkWrite';
import { generateTransactions, rowsOf, type GeneratedTransaction } from './dataset';
import { prepareLedger } from './ledgerRefs';
import { ledgerWrite } from './ledgerWrite';
import { RARE_TERM } from './profiles';
import { openScratchDatabase, type ScratchDatabase } from './scratch';
import { selfCheck } from './selfCheck';

const ROWS = 2_000;
const take = (count: number, seed: number): GeneratedTransaction[] => {
  const records: GeneratedTransaction[] = [];
  for (const record of generateTransactions({ rows: ROWS, seed })) {
    records.push(record);
    if (records.length === count) break;
  }
  return records;
};

describe('the generator', () => {
  it('gives the same records for the same seed, and others for another seed', () => {
    expect(take(50, 7)).toEqual(take(50, 7));
    expect(take(50, 8)).not.toEqual(take(50, 7));
  });

  it('writes exactly the requested rows, in date order, with transfers and splits', () => {
    const records = [...generateTransactions({ rows: ROWS, seed: 7 })];
    expect(records.reduce((sum, record) => sum + rowsOf(record), 0)).toBe(ROWS);
    const dates = records.map((record) => record.date);
    expect([...dates].sort()).toEqual(dates);
    expect(records.some((record) => record.transfer)).toBe(true);
    for (const record of records.filter((entry) => entry.splits.length > 0)) {
      expect(record.splits.reduce((sum, split) => sum + split.amount, 0)).toBe(record.amount);
    }
  });
});

describe('the bulk writer', () => {
  const scratches: ScratchDatabase[] = [];
  const dir = join(tmpdir(), 'casike-bench-test');
  afterAll(() => scratches.forEach((scratch) => scratch.remove()));

  const write = (how: 'bulk' | 'ledger'): SqlDatabase => {
    const scratch = openScratchDatabase(dir);
    scratches.push(scratch);
    const refs = prepareLedger(scratch.db);
    const records = generateTransactions({ rows: ROWS, seed: 7 });
    if (how === 'bulk') bulkWrite(scratch.db, records, refs, ROWS);
    else ledgerWrite(scratch.db, records, refs);
    return scratch.db;
  };

  it('keeps monthly totals, payee totals and full-text right (the self-check)', () => {
    const rare = [...generateTransactions({ rows: ROWS, seed: 7 })].filter((record) =>
      record.memo.split(' ').includes(RARE_TERM),
    ).length;
    expect(selfCheck(write('bulk'), { rows: ROWS, rareTermRows: rare })).toEqual([]);
  });

  it('stores exactly what insertTransaction and createTransfer store', () => {
    const bulk = write('bulk');
    const api = write('ledger');
    expect(snapshot(bulk)).toHaveLength(ROWS);
    expect(snapshot(bulk)).toEqual(snapshot(api));
    expect(totals(bulk)).toEqual(totals(api));
    for (const term of ['store', 'refund', 'invoice']) {
      expect(matches(bulk, term)).toEqual(matches(api, term));
    }
  });
});

/** Every row by names (ids differ between two vaults), rowids included: they encode date and order. */
function snapshot(db: SqlDatabase): unknown[] {
  return db
    .prepare(
      `SELECT t.rowid, a.name AS account, t.date, t.amount, p.name AS payee, t.memo, c.name AS category,
              t.status, t.is_split, t.external_id,
              (SELECT a2.name FROM transactions o JOIN accounts a2 ON a2.id = o.account_id
               WHERE o.id = t.transfer_id) AS transfer_account,
              (SELECT json_group_array(json_array(sc.name, s.amount, s.memo, s.position) ORDER BY s.position)
               FROM transaction_splits s LEFT JOIN categories sc ON sc.id = s.category_id
               WHERE s.transaction_id = t.id) AS splits
       FROM transactions t JOIN accounts a ON a.id = t.account_id
       LEFT JOIN payees p ON p.id = t.payee_id LEFT JOIN categories c ON c.id = t.category_id
       ORDER BY t.rowid`,
    )
    .all();
}

function totals(db: SqlDatabase): unknown[] {
  return db
    .prepare(
      `SELECT m.month, a.name, coalesce(c.name, m.category_key) AS category, m.inflow, m.outflow, m.count
       FROM monthly_totals m JOIN accounts a ON a.id = m.account_id
       LEFT JOIN categories c ON c.id = m.category_key ORDER BY 1, 2, 3`,
    )
    .all();
}

function matches(db: SqlDatabase, term: string): number[] {
  return (
    db
      .prepare('SELECT rowid FROM transactions_fts WHERE transactions_fts MATCH ? ORDER BY rowid')
      .all(`"${term}"*`) as { rowid: number }[]
  ).map((row) => row.rowid);
}
