import type { SqlDatabase } from '../../src-main/core/db/openDatabase';
import { createTransfer, insertTransaction } from '../../src-main/core/ledger';
import { accountSpec } from './profiles';
import type { GeneratedTransaction } from './dataset';
import { accountId, categoryId, type LedgerRefs } from './ledgerRefs';

/**
 * Writes records through the ledger API itself (`insertTransaction`, `createTransfer`)
 * in one transaction. It is the reference the bulk writer is checked against, and a
 * scenario of its own: how fast the app's one-row-at-a-time path is.
 */
export function ledgerWrite(
  db: SqlDatabase,
  records: Iterable<GeneratedTransaction>,
  refs: LedgerRefs,
): number {
  return db.transaction(() => {
    let rows = 0;
    for (const record of records) {
      if (record.transfer) {
        const crossCurrency =
          accountSpec(record.account).currency !== accountSpec(record.transfer.to).currency;
        createTransfer(db, {
          fromAccountId: accountId(refs, record.account),
          toAccountId: accountId(refs, record.transfer.to),
          date: record.date,
          amount: -record.amount,
          toAmount: crossCurrency ? record.transfer.amount : undefined,
          memo: record.memo,
        });
        rows += 2;
        continue;
      }
      insertTransaction(db, {
        accountId: accountId(refs, record.account),
        date: record.date,
        amount: record.amount,
        payee: record.payee,
        memo: record.memo,
        categoryId: categoryId(refs, record.category),
        status: 'cleared',
        tags: [],
        splits: record.splits.map((split) => ({
          categoryId: categoryId(refs, split.category),
          amount: split.amount,
          memo: split.memo,
        })),
        externalId: null,
      });
      rows += 1;
    }
    return rows;
  })();
}
