import { newId } from '../../src-shared/domain/ids';
import type { SqlDatabase } from '../../src-main/core/db/openDatabase';
import { reserveSeqs, rowidFor } from '../../src-main/core/ledger';
import type { GeneratedTransaction } from './dataset';
import { accountId, categoryId, type LedgerRefs } from './ledgerRefs';

export interface WriteStats {
  rows: number;
  splits: number;
  payeesCreated: number;
}

/**
 * Writes generated records the way `insertTransaction` / `createTransfer` would, but
 * with each statement prepared once and one sequence reservation for the whole run:
 * the same rowids (date-ordered, consecutive sequence numbers in record order), the
 * same payee creation, the same columns, and the ledger's own triggers maintaining
 * monthly totals, payee totals and the FTS index row by row. generate.test.ts proves
 * the result equals the ledger API's.
 *
 * `rows` must be the records' row count (a transfer is two rows). One transaction.
 */
export function bulkWrite(
  db: SqlDatabase,
  records: Iterable<GeneratedTransaction>,
  refs: LedgerRefs,
  rows: number,
): WriteStats {
  const insert = db.prepare(
    `INSERT INTO transactions (rowid, id, account_id, date, amount, payee_id, memo, category_id, status,
                               external_id, transfer_id, is_split, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'cleared', NULL, ?, ?, ?, ?)`,
  );
  const insertSplit = db.prepare(
    'INSERT INTO transaction_splits (id, transaction_id, category_id, amount, memo, position) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const payees = new PayeeIds(db);

  return db.transaction(() => {
    const stats: WriteStats = { rows: 0, splits: 0, payeesCreated: 0 };
    let seq = reserveSeqs(db, rows);
    const now = new Date().toISOString();
    for (const record of records) {
      const account = accountId(refs, record.account);
      if (record.transfer) {
        const fromId = newId();
        const toId = newId();
        const to = accountId(refs, record.transfer.to);
        // prettier-ignore
        insert.run(rowidFor(record.date, seq++), fromId, account, record.date, record.amount, null, record.memo, null, toId, 0, now, now);
        // prettier-ignore
        insert.run(rowidFor(record.date, seq++), toId, to, record.date, record.transfer.amount, null, record.memo, null, fromId, 0, now, now);
        stats.rows += 2;
        continue;
      }
      const id = newId();
      const isSplit = record.splits.length > 0;
      // prettier-ignore
      insert.run(rowidFor(record.date, seq++), id, account, record.date, record.amount, payees.idFor(record.payee), record.memo, isSplit ? null : categoryId(refs, record.category), null, isSplit ? 1 : 0, now, now);
      stats.rows += 1;
      // Splits after the parent row: the totals triggers read the parent's month and account.
      record.splits.forEach((split, position) => {
        // prettier-ignore
        insertSplit.run(newId(), id, categoryId(refs, split.category), split.amount, split.memo, position);
        stats.splits += 1;
      });
    }
    if (stats.rows !== rows) throw new Error(`expected ${rows} rows, wrote ${stats.rows}`);
    stats.payeesCreated = payees.created;
    return stats;
  })();
}

/** payeeIdFor's behaviour (trim, case-insensitive, create on first use) with a cache in front. */
class PayeeIds {
  private readonly ids = new Map<string, string>();
  private readonly insert;
  created = 0;

  constructor(db: SqlDatabase) {
    const rows = db.prepare('SELECT id, name FROM payees').all() as { id: string; name: string }[];
    // NOCASE folds ASCII only, and so does this key: generated names are ASCII.
    for (const row of rows) this.ids.set(row.name.toLowerCase(), row.id);
    this.insert = db.prepare('INSERT INTO payees (id, name) VALUES (?, ?)');
  }

  idFor(name: string | null): string | null {
    const trimmed = name?.trim() ?? '';
    if (trimmed === '') return null;
    const key = trimmed.toLowerCase();
    let id = this.ids.get(key);
    if (id === undefined) {
      id = newId();
      this.insert.run(id, trimmed);
      this.ids.set(key, id);
      this.created += 1;
    }
    return id;
  }
}
