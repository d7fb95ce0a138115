import type { SqlDatabase } from '../db/openDatabase';
import type { TransactionDraft } from '../ledger';

/** Rewrites a new transaction before it is stored (the rules engine is one). */
export type TransactionDraftTransform = (
  db: SqlDatabase,
  draft: TransactionDraft,
) => TransactionDraft;

export const unchangedDraft: TransactionDraftTransform = (_db, draft) => draft;
