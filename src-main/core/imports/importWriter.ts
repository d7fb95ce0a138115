import { newId } from '../../../src-shared/domain/ids';
import type { SqlDatabase } from '../db/openDatabase';
import {
  findCategoryByName,
  requireAccount,
  reserveSeqs,
  rowidFor,
  updateTransaction,
  type TransactionDraft,
} from '../ledger';
import { ImportKeyer } from './importKeys';
import { ImportFileError, type ImportedRow, type ImportResult } from './importedRow';

export interface ImportOptions {
  accountId: string;
  fileName: string;
  format: string;
  /** Count what would happen, then roll everything back. */
  dryRun: boolean;
  /** Rewrites each new transaction before it is stored (the rules). */
  transform: (draft: TransactionDraft) => TransactionDraft;
}

/** The AFTER INSERT triggers that maintain FTS and totals row by row; imports do both in bulk. */
const ROW_TRIGGERS = ['transactions_ai', 'transactions_ai_totals'];
const PENDING_WINDOW_DAYS = 5;

/**
 * Writes one import as one database transaction: `begin`, any number of `add(chunk)`
 * calls as the file streams in, then `finish` (commit) or `abort` (rollback).
 *
 * Speed: the per-row FTS and totals triggers are lifted for the import and their work
 * is done once at the end with set-based SQL over the new rows, inside the same
 * transaction — a crash anywhere rolls back the rows and restores the triggers alike.
 * The caller must keep other writers off this connection until finish/abort (the
 * app session serializes calls).
 */
export class ImportWriter {
  private readonly keyer = new ImportKeyer();
  private readonly payeeIds = new Map<string, string>();
  private readonly categoryIds = new Map<string, string | null>();
  private readonly pendingMatches: {
    id: string;
    date: string;
    key: string;
    externalId: string | null;
  }[] = [];
  private readonly savedTriggers: string[];
  private readonly result: ImportResult = {
    added: 0,
    duplicates: 0,
    pendingMatched: 0,
    warnings: [],
    batchId: null,
  };
  private open = true;
  /** Pending matching is skipped outright while neither the account nor the file has pending rows. */
  private pendingPossible: boolean;

  private constructor(
    private readonly db: SqlDatabase,
    private readonly options: ImportOptions,
  ) {
    requireAccount(db, options.accountId);
    db.exec('BEGIN IMMEDIATE');
    this.pendingPossible =
      db
        .prepare("SELECT 1 FROM transactions WHERE account_id = ? AND status = 'pending' LIMIT 1")
        .get(options.accountId) !== undefined;
    this.savedTriggers = (
      db
        .prepare(
          `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN (${ROW_TRIGGERS.map(() => '?').join(',')})`,
        )
        .all(...ROW_TRIGGERS) as { sql: string }[]
    ).map((row) => row.sql);
    for (const name of ROW_TRIGGERS) db.exec(`DROP TRIGGER IF EXISTS ${name}`);
    db.exec('CREATE TEMP TABLE IF NOT EXISTS import_new (rowid INTEGER PRIMARY KEY)');
    db.exec('DELETE FROM temp.import_new');
  }

  static begin(db: SqlDatabase, options: ImportOptions): ImportWriter {
    return new ImportWriter(db, options);
  }

  /** Adds a chunk of rows. Throws ImportFileError (naming the line) for a bad row. */
  add(rows: readonly ImportedRow[]): void {
    if (!this.open) throw new Error('import already finished');
    const db = this.db;
    // Two plain lookups: each uses its own index (an OR of both costs more per row).
    const keyExists = db.prepare(
      'SELECT 1 FROM transactions WHERE account_id = ? AND import_key = ? LIMIT 1',
    );
    const bankIdExists = db.prepare(
      'SELECT 1 FROM transactions WHERE account_id = ? AND external_id = ? LIMIT 1',
    );
    const findPending = db.prepare(
      `SELECT id, date FROM transactions WHERE account_id = ? AND status = 'pending' AND amount = ?
         AND date BETWEEN date(?, '-${PENDING_WINDOW_DAYS} days') AND date(?, '+${PENDING_WINDOW_DAYS} days')
         AND id NOT IN (SELECT value FROM json_each(?)) ORDER BY abs(julianday(date) - julianday(?)) LIMIT 1`,
    );
    const insert = db.prepare(
      `INSERT INTO transactions (rowid, id, account_id, date, amount, payee_id, memo, category_id, status,
                                 external_id, import_key, is_split, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const remember = db.prepare('INSERT INTO temp.import_new (rowid) VALUES (?)');
    const insertSplit = db.prepare(
      'INSERT INTO transaction_splits (id, transaction_id, category_id, amount, memo, position) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const tag = db.prepare(
      'INSERT OR IGNORE INTO transaction_tags (transaction_id, tag_id) VALUES (?, ?)',
    );
    const now = new Date().toISOString();
    let seq = reserveSeqs(db, rows.length);
    const accountId = this.options.accountId;

    for (const row of rows) {
      const key = this.keyer.keyFor(row);
      if (
        keyExists.get(accountId, key) ||
        (row.externalId !== null && bankIdExists.get(accountId, row.externalId))
      ) {
        this.result.duplicates += 1;
        continue;
      }
      if (row.pending) this.pendingPossible = true;
      if (!row.pending && this.pendingPossible) {
        const claimed = JSON.stringify(this.pendingMatches.map((match) => match.id));
        const pending = findPending.get(
          accountId,
          row.amount,
          row.date,
          row.date,
          claimed,
          row.date,
        ) as { id: string; date: string } | undefined;
        if (pending) {
          this.pendingMatches.push({
            id: pending.id,
            date: row.date,
            key,
            externalId: row.externalId,
          });
          continue;
        }
      }
      const draft = this.options.transform(this.draftFor(row));
      const splits = this.splitsFor(row, draft);
      const id = newId();
      const rowid = rowidFor(draft.date, seq);
      seq += 1;
      try {
        insert.run(
          rowid,
          id,
          accountId,
          draft.date,
          draft.amount,
          this.payeeId(draft.payee),
          draft.memo,
          splits.length > 0 ? null : draft.categoryId,
          draft.status,
          row.externalId,
          key,
          splits.length > 0 ? 1 : 0,
          now,
          now,
        );
      } catch (error) {
        throw new ImportFileError(`could not be stored (${(error as Error).message})`, row.line);
      }
      remember.run(rowid);
      splits.forEach((split, position) =>
        insertSplit.run(newId(), id, split.categoryId, split.amount, split.memo, position),
      );
      for (const tagId of this.tagIds(draft.tags)) tag.run(id, tagId);
      this.result.added += 1;
    }
  }

  /** Does the deferred bulk work, records the batch and commits (or rolls back a dry run). */
  finish(): ImportResult {
    if (!this.open) throw new Error('import already finished');
    const db = this.db;
    try {
      db.exec(`
        INSERT INTO transactions_fts (rowid, payee, memo)
          SELECT t.rowid, coalesce(p.name, ''), t.memo
          FROM temp.import_new n JOIN transactions t ON t.rowid = n.rowid LEFT JOIN payees p ON p.id = t.payee_id;

        INSERT INTO monthly_totals (month, account_id, category_key, inflow, outflow, count)
          SELECT substr(t.date, 1, 7), t.account_id, coalesce(t.category_id, ''),
                 sum(max(t.amount, 0)), sum(min(t.amount, 0)), count(*)
          FROM temp.import_new n JOIN transactions t ON t.rowid = n.rowid
          WHERE t.is_split = 0 GROUP BY 1, 2, 3
          ON CONFLICT (month, account_id, category_key) DO UPDATE SET
            inflow = inflow + excluded.inflow, outflow = outflow + excluded.outflow, count = count + excluded.count;

        INSERT INTO payee_month_totals (month, payee_id, inflow, outflow, count)
          SELECT substr(t.date, 1, 7), t.payee_id, sum(max(t.amount, 0)), sum(min(t.amount, 0)), count(*)
          FROM temp.import_new n JOIN transactions t ON t.rowid = n.rowid
          WHERE t.payee_id IS NOT NULL GROUP BY 1, 2
          ON CONFLICT (month, payee_id) DO UPDATE SET
            inflow = inflow + excluded.inflow, outflow = outflow + excluded.outflow, count = count + excluded.count;
      `);
      for (const sql of this.savedTriggers) db.exec(sql);
      this.applyPendingMatches();
      this.recordBatch();
      db.exec('DELETE FROM temp.import_new');
      db.exec(this.options.dryRun ? 'ROLLBACK' : 'COMMIT');
      this.open = false;
      if (this.options.dryRun) this.result.batchId = null;
      return this.result;
    } catch (error) {
      this.abort();
      throw error;
    }
  }

  /** Rolls everything back: rows, payees, tags and the lifted triggers. */
  abort(): void {
    if (!this.open) return;
    this.open = false;
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }

  private applyPendingMatches(): void {
    const setKey = this.db.prepare(
      'UPDATE transactions SET import_key = ?, external_id = coalesce(?, external_id) WHERE id = ?',
    );
    for (const match of this.pendingMatches) {
      updateTransaction(this.db, match.id, { date: match.date, status: 'cleared' });
      setKey.run(match.key, match.externalId, match.id);
      this.result.pendingMatched += 1;
    }
  }

  private recordBatch(): void {
    const id = newId();
    this.db
      .prepare(
        `INSERT INTO import_batches (id, account_id, file_name, format, added, duplicates, pending_matched, imported_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        this.options.accountId,
        this.options.fileName.slice(0, 255),
        this.options.format,
        this.result.added,
        this.result.duplicates,
        this.result.pendingMatched,
        new Date().toISOString(),
      );
    this.result.batchId = id;
  }

  private draftFor(row: ImportedRow): TransactionDraft {
    return {
      accountId: this.options.accountId,
      date: row.date,
      amount: row.amount,
      payee: row.payee.trim() === '' ? null : row.payee.trim().slice(0, 200),
      memo: row.memo.slice(0, 1000),
      categoryId: row.category ? this.categoryId(row.category, row.line) : null,
      status: row.pending ? 'pending' : 'cleared',
      tags: [],
      splits: [],
      externalId: row.externalId,
    };
  }

  private splitsFor(
    row: ImportedRow,
    draft: TransactionDraft,
  ): { categoryId: string | null; amount: number; memo: string }[] {
    if (draft.splits.length > 0) return draft.splits;
    if (!row.splits || row.splits.length === 0) return [];
    const total = row.splits.reduce((sum, split) => sum + split.amount, 0);
    if (total !== row.amount)
      throw new ImportFileError('the split lines do not add up to the amount', row.line);
    return row.splits.map((split) => ({
      categoryId: split.category ? this.categoryId(split.category, row.line) : null,
      amount: split.amount,
      memo: split.memo,
    }));
  }

  private payeeId(name: string | null): string | null {
    if (!name) return null;
    const cacheKey = name.toLowerCase();
    const cached = this.payeeIds.get(cacheKey);
    if (cached) return cached;
    const existing = this.db.prepare('SELECT id FROM payees WHERE name = ?').get(name) as
      { id: string } | undefined;
    const id = existing?.id ?? newId();
    if (!existing) this.db.prepare('INSERT INTO payees (id, name) VALUES (?, ?)').run(id, name);
    this.payeeIds.set(cacheKey, id);
    return id;
  }

  private categoryId(name: string, line: number): string | null {
    if (this.categoryIds.has(name)) return this.categoryIds.get(name) ?? null;
    let id: string | null = null;
    try {
      id = findCategoryByName(this.db, name).id;
    } catch {
      this.result.warnings.push({
        line,
        message: `category "${name}" is not in this vault; left uncategorized`,
      });
    }
    this.categoryIds.set(name, id);
    return id;
  }

  private tagIds(names: readonly string[]): string[] {
    if (names.length === 0) return [];
    const ids: string[] = [];
    for (const name of names) {
      const existing = this.db.prepare('SELECT id FROM tags WHERE name = ?').get(name) as
        { id: string } | undefined;
      const id = existing?.id ?? newId();
      if (!existing) this.db.prepare('INSERT INTO tags (id, name) VALUES (?, ?)').run(id, name);
      ids.push(id);
    }
    return ids;
  }
}
