import type { Transaction } from '../../../src-shared/contract/ledger';
import { newId } from '../../../src-shared/domain/ids';
import { invalid } from '../coreError';
import type { SqlDatabase } from '../db/openDatabase';
import { requireAccount } from './references';
import { getTransaction } from './transactionRead';
import { insertTransaction } from './transactionWrite';

export interface TransferInput {
  fromAccountId: string;
  toAccountId: string;
  date: string;
  amount: number;
  toAmount?: number | undefined;
  memo: string;
}

/**
 * Moves money between two of the user's accounts as a linked pair: the source side
 * negative, the destination positive, each pointing at the other. Between currencies
 * the arriving amount must be given; it is never converted silently.
 */
export function createTransfer(
  db: SqlDatabase,
  input: TransferInput,
): { from: Transaction; to: Transaction } {
  if (input.fromAccountId === input.toAccountId)
    throw invalid('a transfer needs two different accounts');
  return db.transaction(() => {
    const from = requireAccount(db, input.fromAccountId);
    const to = requireAccount(db, input.toAccountId);
    if (from.currency !== to.currency && input.toAmount === undefined) {
      throw invalid(
        `the accounts use ${from.currency} and ${to.currency}: give the amount that arrives (toAmount)`,
      );
    }
    if (
      from.currency === to.currency &&
      input.toAmount !== undefined &&
      input.toAmount !== input.amount
    ) {
      throw invalid('both accounts use the same currency, so the amounts must be equal');
    }
    const fromId = newId();
    const toId = newId();
    const common = {
      date: input.date,
      payee: null,
      memo: input.memo,
      categoryId: null,
      status: 'cleared' as const,
      tags: [],
      splits: [],
      externalId: null,
    };
    insertTransaction(
      db,
      { ...common, accountId: input.fromAccountId, amount: -input.amount },
      { id: fromId, transferId: toId },
    );
    insertTransaction(
      db,
      { ...common, accountId: input.toAccountId, amount: input.toAmount ?? input.amount },
      { id: toId, transferId: fromId },
    );
    return { from: getTransaction(db, fromId), to: getTransaction(db, toId) };
  })();
}
