import { newId } from '../../src-shared/domain/ids';
import type { SqlDatabase } from '../../src-main/core/db/openDatabase';
import type { GeneratedTransaction } from './dataset';
import { accountId, categoryId, type LedgerRefs } from './ledgerRefs';

/**
 * The floor any bulk write is measured against: one prepared INSERT per row of the
 * same seven values (id, account, date, amount, payee, memo, category) into a plain
 * STRICT table with no index, trigger or FTS, in the same encrypted database, in
 * one transaction. What is left between this and the ledger's rate is the ledger's
 * own cost (indexes, totals, full-text).
 */
export function bareWrite(
  db: SqlDatabase,
  records: Iterable<GeneratedTransaction>,
  refs: LedgerRefs,
): number {
  db.exec(`CREATE TABLE IF NOT EXISTS bench_bare (
    id TEXT NOT NULL, account_id TEXT NOT NULL, date TEXT NOT NULL, amount INTEGER NOT NULL,
    payee TEXT, memo TEXT NOT NULL, category_id TEXT) STRICT`);
  const insert = db.prepare('INSERT INTO bench_bare VALUES (?, ?, ?, ?, ?, ?, ?)');
  return db.transaction(() => {
    let rows = 0;
    for (const record of records) {
      const account = accountId(refs, record.account);
      if (record.transfer) {
        const to = accountId(refs, record.transfer.to);
        insert.run(newId(), account, record.date, record.amount, null, record.memo, null);
        insert.run(newId(), to, record.date, record.transfer.amount, null, record.memo, null);
        rows += 2;
        continue;
      }
      // prettier-ignore
      insert.run(newId(), account, record.date, record.amount, record.payee, record.memo, categoryId(refs, record.category));
      rows += 1;
    }
    return rows;
  })();
}
