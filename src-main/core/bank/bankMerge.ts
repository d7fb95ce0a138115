import type { TransactionPatch } from '../../../src-shared/contract/ledger';
import type { CurrencyCode } from '../../../src-shared/domain/currencies';
import type { SqlDatabase } from '../db/openDatabase';
import {
  createAccount,
  deleteTransaction,
  insertTransaction,
  updateTransaction,
  type TransactionDraft,
} from '../ledger';
import { loadRuleEngine, type RuleEngine } from '../rules';
import type { PlaidAccount, PlaidTransaction, SyncResponse } from './bankWire';
import {
  accountTypeFor,
  balanceToMinor,
  CategoryMapper,
  currencyOf,
  plaidAmountToMinor,
} from './plaidMapping';

/*
 * Merges one sync answer into the vault, idempotently, in ONE database transaction that
 * also stores the item's new cursor: an error anywhere (a bad row, a crash) leaves the
 * vault and the cursor as they were, and the next sync replays the same pages.
 *
 * - Each Plaid transaction is the row with external_id = transaction_id in the vault
 *   account linked to its Plaid account. Seeing it again updates that row (never a
 *   second one), and only when something differs, so a replay changes nothing.
 * - A posted transaction naming a pending one (pendingTransactionId) takes over the
 *   pending row: same id, the user's category and tags kept, now cleared.
 * - New rows get the mapped category, then the vault's rules (like imports).
 * - `modified` updates bank facts (date, amount, payee, status) and leaves what the user
 *   decided (category, splits, tags, memo) alone; `removed` deletes.
 */

export interface MergeCounts {
  added: number;
  modified: number;
  removed: number;
  pendingReplaced: number;
  accountsCreated: number;
}

interface LinkedAccount {
  accountId: string;
  currency: CurrencyCode;
}

interface ExistingRow {
  id: string;
  date: string;
  amount: number;
  payee: string | null;
  status: 'pending' | 'cleared';
  is_split: number;
  transfer_id: string | null;
}

export function mergeSync(
  db: SqlDatabase,
  sync: SyncResponse,
  now: Date = new Date(),
): MergeCounts {
  return db.transaction(() => new SyncMerge(db, sync, now).run())();
}

class SyncMerge {
  private readonly counts: MergeCounts = {
    added: 0,
    modified: 0,
    removed: 0,
    pendingReplaced: 0,
    accountsCreated: 0,
  };
  private readonly linked = new Map<string, LinkedAccount>();
  private readonly categories: CategoryMapper;
  private rules: RuleEngine | undefined;
  private readonly itemId: string;

  constructor(
    private readonly db: SqlDatabase,
    private readonly sync: SyncResponse,
    private readonly now: Date,
  ) {
    this.categories = new CategoryMapper(db);
    this.itemId = sync.item.id;
  }

  run(): MergeCounts {
    const { db, sync } = this;
    db.prepare(
      `INSERT INTO bank_items (item_id, institution_name, linked_at) VALUES (?, ?, ?)
       ON CONFLICT (item_id) DO UPDATE SET institution_name = excluded.institution_name`,
    ).run(this.itemId, sync.item.institutionName, this.now.toISOString());
    for (const account of sync.accounts) this.linkAccount(account);
    for (const transaction of sync.added) this.upsert(transaction);
    for (const transaction of sync.modified) this.upsert(transaction);
    for (const removed of sync.removed) this.remove(removed.transactionId);
    db.prepare('UPDATE bank_items SET cursor = ?, last_synced_at = ? WHERE item_id = ?').run(
      sync.nextCursor,
      this.now.toISOString(),
      this.itemId,
    );
    return this.counts;
  }

  /** The vault account for a Plaid account: found, or created on first sight; balances stored. */
  private linkAccount(account: PlaidAccount): void {
    const found = this.db
      .prepare(
        `SELECT b.account_id AS accountId, a.currency FROM bank_accounts b
         JOIN accounts a ON a.id = b.account_id WHERE b.plaid_account_id = ?`,
      )
      .get(account.accountId) as LinkedAccount | undefined;
    let linked = found;
    if (linked === undefined) {
      const currency = currencyOf(account.balances.isoCurrencyCode);
      const created = createAccount(this.db, {
        name: this.freeAccountName(account),
        type: accountTypeFor(account.type, account.subtype),
        currency,
        openingBalance: 0,
      });
      this.db
        .prepare(
          'INSERT INTO bank_accounts (plaid_account_id, item_id, account_id) VALUES (?, ?, ?)',
        )
        .run(account.accountId, this.itemId, created.id);
      linked = { accountId: created.id, currency };
      this.counts.accountsCreated += 1;
    }
    const { balances } = account;
    this.db
      .prepare(
        `UPDATE bank_accounts SET balance_current = ?, balance_available = ?, balance_limit = ?,
           balances_at = ? WHERE plaid_account_id = ?`,
      )
      .run(
        balanceToMinor(balances.current, linked.currency),
        balanceToMinor(balances.available, linked.currency),
        balanceToMinor(balances.limit, linked.currency),
        this.now.toISOString(),
        account.accountId,
      );
    this.linked.set(account.accountId, linked);
  }

  /** "Bank Checking ••0000", with a number added if the user already has that name. */
  private freeAccountName(account: PlaidAccount): string {
    const bank = this.sync.item.institutionName;
    const base = [bank, account.name, account.mask === null ? null : `••${account.mask}`]
      .filter((part): part is string => part !== null && part.trim() !== '')
      .join(' ')
      .slice(0, 90);
    const taken = this.db.prepare('SELECT 1 FROM accounts WHERE name = ? COLLATE NOCASE');
    for (let n = 1; ; n += 1) {
      const name = n === 1 ? base : `${base} (${n})`;
      if (taken.get(name) === undefined) return name;
    }
  }

  private accountFor(plaidAccountId: string): LinkedAccount {
    const linked = this.linked.get(plaidAccountId);
    if (linked === undefined)
      throw new Error('the bank sent a transaction for an account it did not list; sync again');
    return linked;
  }

  private findByExternalId(accountId: string, externalId: string): ExistingRow | undefined {
    return this.db
      .prepare(
        `SELECT t.id, t.date, t.amount, (SELECT name FROM payees WHERE id = t.payee_id) AS payee,
                t.status, t.is_split, t.transfer_id
         FROM transactions t WHERE t.account_id = ? AND t.external_id = ?`,
      )
      .get(accountId, externalId) as ExistingRow | undefined;
  }

  private upsert(transaction: PlaidTransaction): void {
    const linked = this.accountFor(transaction.accountId);
    const facts = factsOf(transaction, linked.currency);
    const existing = this.findByExternalId(linked.accountId, transaction.transactionId);
    if (existing !== undefined) {
      if (this.update(existing, facts)) this.counts.modified += 1;
      return;
    }
    const pendingId = transaction.pendingTransactionId;
    const pending =
      pendingId === null ? undefined : this.findByExternalId(linked.accountId, pendingId);
    if (pending !== undefined) {
      this.update(pending, facts);
      this.db
        .prepare('UPDATE transactions SET external_id = ? WHERE id = ?')
        .run(transaction.transactionId, pending.id);
      this.counts.pendingReplaced += 1;
      return;
    }
    this.rules ??= loadRuleEngine(this.db);
    const draft: TransactionDraft = {
      accountId: linked.accountId,
      ...facts,
      categoryId: this.categories.idFor(transaction.personalFinanceCategory),
      tags: [],
      splits: [],
      externalId: transaction.transactionId,
    };
    insertTransaction(this.db, this.rules.transformDraft(draft));
    // A `modified` for a row this vault never had (linked elsewhere first) is new here too.
    this.counts.added += 1;
  }

  /** Applies the bank's facts to a row; false when the row already says the same. */
  private update(row: ExistingRow, facts: BankFacts): boolean {
    const patch: TransactionPatch = {};
    if (row.date !== facts.date) patch.date = facts.date;
    if (row.amount !== facts.amount) {
      patch.amount = facts.amount;
      // A split row must be re-split by the user once the bank changes its amount.
      if (row.is_split === 1) patch.splits = [];
    }
    if (row.status !== facts.status) patch.status = facts.status;
    if (row.transfer_id === null && (row.payee ?? null) !== facts.payee) patch.payee = facts.payee;
    if (Object.keys(patch).length === 0) return false;
    updateTransaction(this.db, row.id, patch);
    return true;
  }

  private remove(transactionId: string): void {
    const rows = this.db
      .prepare(
        `SELECT t.id FROM transactions t JOIN bank_accounts b ON b.account_id = t.account_id
         WHERE b.item_id = ? AND t.external_id = ?`,
      )
      .all(this.itemId, transactionId) as { id: string }[];
    for (const row of rows) this.counts.removed += deleteTransaction(this.db, row.id) > 0 ? 1 : 0;
  }
}

interface BankFacts {
  date: string;
  amount: number;
  payee: string | null;
  memo: string;
  status: 'pending' | 'cleared';
}

function factsOf(transaction: PlaidTransaction, currency: CurrencyCode): BankFacts {
  const merchant = transaction.merchantName?.trim() ?? '';
  const name = transaction.name.trim();
  const payee = (merchant !== '' ? merchant : name).slice(0, 200);
  return {
    date: transaction.date,
    // Plaid: positive = money out. Casike: negative = money out. Converted here, once.
    amount: plaidAmountToMinor(transaction.plaidAmount, currency),
    payee: payee === '' ? null : payee,
    // The bank's own description, when the payee shows the cleaner merchant name.
    memo: merchant !== '' && name !== merchant ? name.slice(0, 1000) : '',
    status: transaction.pending ? 'pending' : 'cleared',
  };
}
