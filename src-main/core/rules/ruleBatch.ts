import type { Transaction, TransactionPatch } from '../../../src-shared/contract/ledger';
import type {
  RuleChange,
  RuleFields,
  RulePreview,
  RuleSelection,
} from '../../../src-shared/contract/rules';
import type { SqlDatabase } from '../db/openDatabase';
import { searchTransactions, updateTransaction } from '../ledger';
import { sameSplits, type RuleTarget } from './ruleActions';
import { loadRuleEngine, type RuleEngine } from './ruleEngine';

/** Transactions read per query while streaming through the ledger. */
const PAGE_SIZE = 500;

interface PendingChange {
  change: RuleChange;
  patch: TransactionPatch;
}

/**
 * What running every enabled rule over the selected transactions would change, without
 * writing anything: the first `limit` changes (oldest first) and how many there are.
 */
export function previewRules(
  db: SqlDatabase,
  selection: RuleSelection,
  limit: number,
): RulePreview {
  const items: RuleChange[] = [];
  let total = 0;
  for (const { change } of pendingChanges(db, selection, loadRuleEngine(db))) {
    if (items.length < limit) items.push(change);
    total += 1;
  }
  return { items, total };
}

/**
 * Runs every enabled rule over the selected transactions and stores the changes, all
 * or nothing, in one database transaction. Edits go through the ledger's
 * updateTransaction so the totals, payee totals and search index stay right.
 * Returns how many transactions changed.
 */
export function applyRules(db: SqlDatabase, selection: RuleSelection): number {
  return db.transaction(() => {
    let changed = 0;
    for (const { change, patch } of pendingChanges(db, selection, loadRuleEngine(db))) {
      updateTransaction(db, change.transactionId, patch);
      changed += 1;
    }
    return changed;
  })();
}

/**
 * Streams through the selection in date order with the ledger's own search (the same
 * filters as transactions.list), a page at a time, so a million rows never sit in memory.
 * Keyset paging by rowid stays correct while applying: rules never change a date, so an
 * edited row keeps its rowid. Transfers are skipped: they have no payee or category.
 */
function* pendingChanges(
  db: SqlDatabase,
  selection: RuleSelection,
  engine: RuleEngine,
): Generator<PendingChange> {
  let cursor: string | undefined;
  do {
    const page = searchTransactions(db, {
      ...selection,
      sort: 'date_asc',
      limit: PAGE_SIZE,
      cursor,
    });
    for (const transaction of page.items) {
      if (transaction.transfer) continue;
      const pending = changeFor(transaction, engine);
      if (pending) yield pending;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
}

function changeFor(transaction: Transaction, engine: RuleEngine): PendingChange | null {
  const before = targetOf(transaction);
  const { target: after, ruleIds } = engine.run(before);
  if (ruleIds.length === 0) return null;
  const diff = fieldDiff(before, after);
  if (!diff) return null;
  return {
    change: {
      transactionId: transaction.id,
      accountId: transaction.accountId,
      date: transaction.date,
      amount: transaction.amount,
      payee: transaction.payee,
      memo: transaction.memo,
      before: diff.before,
      after: diff.after,
      ruleIds,
    },
    patch: patchFor(diff.after),
  };
}

function targetOf(transaction: Transaction): RuleTarget {
  return {
    accountId: transaction.accountId,
    amount: transaction.amount,
    payee: transaction.payee,
    memo: transaction.memo,
    categoryId: transaction.categoryId,
    tags: transaction.tags,
    splits: transaction.splits.map(({ categoryId, amount, memo }) => ({
      categoryId,
      amount,
      memo,
    })),
  };
}

/** Only the fields that differ, on both sides; null when nothing does. */
function fieldDiff(
  before: RuleTarget,
  after: RuleTarget,
): { before: RuleFields; after: RuleFields } | null {
  const was: RuleFields = {};
  const now: RuleFields = {};
  if (before.categoryId !== after.categoryId) {
    was.categoryId = before.categoryId;
    now.categoryId = after.categoryId;
  }
  if (before.payee !== after.payee) {
    was.payee = before.payee;
    now.payee = after.payee;
  }
  if (before.tags.length !== after.tags.length || before.tags.some((t, i) => t !== after.tags[i])) {
    was.tags = [...before.tags];
    now.tags = [...after.tags];
  }
  if (!sameSplits(before.splits, after.splits)) {
    was.splits = [...before.splits];
    now.splits = [...after.splits];
  }
  return Object.keys(now).length === 0 ? null : { before: was, after: now };
}

/** The ledger patch for a diff. New splits replace the old; [] makes it plain again. */
function patchFor(after: RuleFields): TransactionPatch {
  const patch: TransactionPatch = {};
  if (after.splits !== undefined) patch.splits = after.splits;
  if (after.categoryId !== undefined && (after.splits ?? []).length === 0) {
    patch.categoryId = after.categoryId;
  }
  if (after.payee !== undefined) patch.payee = after.payee;
  if (after.tags !== undefined) patch.tags = after.tags;
  return patch;
}
