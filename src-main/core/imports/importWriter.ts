import type Database from 'better-sqlite3-multiple-ciphers';
import { newId } from '../../../src-shared/domain/ids';
import type { SqlDatabase } from '../db/openDatabase';
import {
  findCategoryByName,
  requireAccount,
  RowidAllocator,
  updateTransaction,
  type TransactionDraft,
} from '../ledger';
import { ImportKeyer } from './importKeys';
import { ImportTotals } from './importTotals';
import { ImportFileError, type ImportedRow, type ImportResult } from './importedRow';
import { liftIndexes, restoreIndexes } from './liftedIndexes';

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
 * Secondary indexes are dropped and rebuilt once an import has this many rows and at
 * least a quarter of the rows already in the ledger: below that, inserting into them
 * costs less than sorting the whole table again.
 */
const LIFT_INDEXES_MIN_ROWS = 20_000;
/** The full-text buffer during an import (see the constructor). */
const IMPORT_FTS_HASH_BYTES = 64 * 1024 * 1024;
/** SQLite's own default (FTS5_DEFAULT_HASHSIZE), for a table that never had the option set. */
const FTS_DEFAULT_HASH_BYTES = 1024 * 1024;

type Statement = Database.Statement<unknown[]>;

/**
 * Writes one import as one database transaction: `begin`, any number of `add(chunk)`
 * calls as the file streams in, then `finish` (commit) or `abort` (rollback).
 *
 * Speed (a 1M-row CSV is the benchmark): statements are prepared once; the per-row FTS
 * and totals triggers are lifted, full-text rows are written directly and the totals
 * summed in memory and upserted once at the end; a large import drops the secondary
 * indexes nothing here reads and rebuilds them with one sort before committing; and
 * dedupe only asks the database when the account already holds imported rows. All of
 * it happens inside the one transaction, so a crash or an error anywhere rolls back
 * the rows, the triggers and the indexes alike. The caller must keep other writers off
 * this connection until finish/abort (the app session serializes calls).
 */
export class ImportWriter {
  private readonly keyer = new ImportKeyer();
  private readonly rowids = new RowidAllocator();
  private readonly totals: ImportTotals;
  private readonly payees = new Map<string, { id: string; name: string }>();
  private readonly categoryIds = new Map<string, string | null>();
  private readonly knownCategories: Set<string>;
  /** Bank ids seen in this file: a repeated one is a duplicate, as it would be on re-import. */
  private readonly externalIdsSeen = new Set<string>();
  private readonly pendingMatches: {
    id: string;
    date: string;
    key: string;
    externalId: string | null;
  }[] = [];
  private readonly savedTriggers: string[];
  private liftedIndexes: string[] | null = null;
  private readonly foreignKeys: boolean;
  private readonly ftsHashSize: number | null;
  private readonly ledgerRows: number;
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
  /**
   * Whether rows already in the account can collide with this file's keys. An account
   * without any imported row or bank id cannot; rows of this file cannot collide with
   * each other (keys carry an occurrence number; repeated bank ids are caught in memory).
   */
  private readonly probeExisting: boolean;
  private readonly sql: {
    keyExists: Statement;
    bankIdExists: Statement;
    findPending: Statement;
    insert: Statement;
    insertFts: Statement;
    insertSplit: Statement;
    tag: Statement;
    findPayee: Statement;
    insertPayee: Statement;
    findTag: Statement;
    insertTag: Statement;
  };
  private readonly now = new Date().toISOString();

  private constructor(
    private readonly db: SqlDatabase,
    private readonly options: ImportOptions,
  ) {
    requireAccount(db, options.accountId);
    this.totals = new ImportTotals(options.accountId);
    // Foreign keys are checked here instead of per row by SQLite (a probe of three parent
    // tables per row): the account is checked above, payees and tags are found or created
    // by this writer, and category ids are checked against the vault's categories. The
    // pragma is per connection and only changes outside a transaction; finish/abort put it back.
    this.foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
    db.pragma('foreign_keys = OFF');
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      this.restoreForeignKeys();
      throw error;
    }
    const accountId = options.accountId;
    this.pendingPossible =
      db
        .prepare("SELECT 1 FROM transactions WHERE account_id = ? AND status = 'pending' LIMIT 1")
        .get(accountId) !== undefined;
    this.probeExisting =
      db
        .prepare(
          'SELECT 1 FROM transactions WHERE account_id = ? AND import_key IS NOT NULL LIMIT 1',
        )
        .get(accountId) !== undefined ||
      db
        .prepare(
          'SELECT 1 FROM transactions WHERE account_id = ? AND external_id IS NOT NULL LIMIT 1',
        )
        .get(accountId) !== undefined;
    this.ledgerRows = (
      db.prepare('SELECT coalesce(sum(count), 0) AS n FROM monthly_totals').get() as { n: number }
    ).n;
    this.knownCategories = new Set(
      (db.prepare('SELECT id FROM categories').all() as { id: string }[]).map((row) => row.id),
    );
    this.savedTriggers = (
      db
        .prepare(
          `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN (${ROW_TRIGGERS.map(() => '?').join(',')})`,
        )
        .all(...ROW_TRIGGERS) as { sql: string }[]
    ).map((row) => row.sql);
    for (const name of ROW_TRIGGERS) db.exec(`DROP TRIGGER IF EXISTS ${name}`);
    // FTS5 buffers new terms in memory and writes a segment each time the buffer fills
    // (1 MiB by default), merging segments as they pile up. A bigger buffer for the
    // import writes fewer, larger segments. The setting is stored in the FTS config
    // table, so it is put back before the commit (a rollback restores it anyway).
    this.ftsHashSize =
      (
        db.prepare("SELECT v FROM transactions_fts_config WHERE k = 'hashsize'").get() as
          { v: number } | undefined
      )?.v ?? null;
    db.exec(
      `INSERT INTO transactions_fts (transactions_fts, rank) VALUES ('hashsize', ${IMPORT_FTS_HASH_BYTES})`,
    );
    this.sql = {
      // Two plain lookups: each uses its own index (an OR of both costs more per row).
      keyExists: db.prepare(
        'SELECT 1 FROM transactions WHERE account_id = ? AND import_key = ? LIMIT 1',
      ),
      bankIdExists: db.prepare(
        'SELECT 1 FROM transactions WHERE account_id = ? AND external_id = ? LIMIT 1',
      ),
      findPending: db.prepare(
        `SELECT id, date FROM transactions WHERE account_id = ? AND status = 'pending' AND amount = ?
           AND date BETWEEN date(?, '-${PENDING_WINDOW_DAYS} days') AND date(?, '+${PENDING_WINDOW_DAYS} days')
           AND id NOT IN (SELECT value FROM json_each(?)) ORDER BY abs(julianday(date) - julianday(?)) LIMIT 1`,
      ),
      insert: db.prepare(
        `INSERT INTO transactions (rowid, id, account_id, date, amount, payee_id, memo, category_id, status,
                                   external_id, import_key, is_split, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertFts: db.prepare('INSERT INTO transactions_fts (rowid, payee, memo) VALUES (?, ?, ?)'),
      insertSplit: db.prepare(
        'INSERT INTO transaction_splits (id, transaction_id, category_id, amount, memo, position) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      tag: db.prepare(
        'INSERT OR IGNORE INTO transaction_tags (transaction_id, tag_id) VALUES (?, ?)',
      ),
      findPayee: db.prepare('SELECT id, name FROM payees WHERE name = ?'),
      insertPayee: db.prepare('INSERT INTO payees (id, name) VALUES (?, ?)'),
      findTag: db.prepare('SELECT id FROM tags WHERE name = ?'),
      insertTag: db.prepare('INSERT INTO tags (id, name) VALUES (?, ?)'),
    };
  }

  static begin(db: SqlDatabase, options: ImportOptions): ImportWriter {
    const foreignKeys = db.pragma('foreign_keys', { simple: true });
    try {
      return new ImportWriter(db, options);
    } catch (error) {
      // Failed after BEGIN (a missing trigger, a locked table): leave nothing behind.
      if (db.inTransaction) db.exec('ROLLBACK');
      if (foreignKeys === 1) db.pragma('foreign_keys = ON');
      throw error;
    }
  }

  /** Adds a chunk of rows. Throws ImportFileError (naming the line) for a bad row. */
  add(rows: readonly ImportedRow[]): void {
    if (!this.open) throw new Error('import already finished');
    if (rows.length === 0) return;
    this.maybeLiftIndexes(rows.length);
    const { sql, options } = this;
    const accountId = options.accountId;
    this.rowids.reserve(this.db, rows.length);
    /** (rowid, payee, memo) triples, written to the full-text index after the chunk's rows. */
    const fullText: (number | string)[] = [];

    for (const row of rows) {
      const key = this.keyer.keyFor(row);
      if (this.isDuplicate(row, key)) {
        this.result.duplicates += 1;
        continue;
      }
      if (row.pending) this.pendingPossible = true;
      if (!row.pending && this.pendingPossible && this.matchPending(row, key)) continue;

      const draft = options.transform(this.draftFor(row));
      const splits = this.splitsFor(row, draft);
      const isSplit = splits.length > 0;
      const categoryId = isSplit ? null : this.checkedCategory(draft.categoryId, row.line);
      const payee = this.payee(draft.payee);
      const payeeId = payee?.id ?? null;
      const id = newId();
      const rowid = this.rowids.rowidFor(draft.date);
      try {
        sql.insert.run(
          rowid,
          id,
          accountId,
          draft.date,
          draft.amount,
          payeeId,
          draft.memo,
          categoryId,
          draft.status,
          row.externalId,
          key,
          isSplit ? 1 : 0,
          this.now,
          this.now,
        );
      } catch (error) {
        throw new ImportFileError(`could not be stored (${(error as Error).message})`, row.line);
      }
      fullText.push(rowid, payee?.name ?? '', draft.memo);
      this.totals.add(draft.date, draft.amount, categoryId, payeeId, isSplit);
      for (let position = 0; position < splits.length; position += 1) {
        const split = splits[position] as (typeof splits)[number];
        const splitCategory = this.checkedCategory(split.categoryId, row.line);
        sql.insertSplit.run(newId(), id, splitCategory, split.amount, split.memo, position);
      }
      if (draft.tags.length > 0)
        for (const tagId of this.tagIds(draft.tags)) sql.tag.run(id, tagId);
      this.result.added += 1;
    }
    // Alternating a table insert and a full-text insert row by row took nearly twice
    // the CPU of writing the chunk's rows first and then their full-text entries
    // (measured on a 100k-row CSV: 8.1–9.1 s vs 4.6–5.8 s of CPU): each structure's
    // pages and FTS5's pending-terms hash stay hot while one of them is being written.
    for (let index = 0; index < fullText.length; index += 3)
      sql.insertFts.run(fullText[index], fullText[index + 1], fullText[index + 2]);
  }

  /** Does the deferred bulk work, records the batch and commits (or rolls back a dry run). */
  finish(): ImportResult {
    if (!this.open) throw new Error('import already finished');
    const db = this.db;
    try {
      this.totals.write(db);
      if (this.liftedIndexes) restoreIndexes(db, this.liftedIndexes);
      for (const sql of this.savedTriggers) db.exec(sql);
      this.restoreFtsHashSize();
      this.applyPendingMatches();
      this.recordBatch();
      db.exec(this.options.dryRun ? 'ROLLBACK' : 'COMMIT');
      this.open = false;
      this.restoreForeignKeys();
      if (this.options.dryRun) this.result.batchId = null;
      return this.result;
    } catch (error) {
      this.abort();
      throw error;
    }
  }

  /** Rolls everything back: rows, payees, tags, the lifted triggers and indexes. */
  abort(): void {
    if (!this.open) return;
    this.open = false;
    try {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
    } finally {
      this.restoreForeignKeys();
    }
  }

  private restoreForeignKeys(): void {
    if (this.foreignKeys && !this.db.inTransaction) this.db.pragma('foreign_keys = ON');
  }

  private restoreFtsHashSize(): void {
    const bytes = Math.trunc(this.ftsHashSize ?? FTS_DEFAULT_HASH_BYTES);
    this.db.exec(
      `INSERT INTO transactions_fts (transactions_fts, rank) VALUES ('hashsize', ${bytes})`,
    );
  }

  private maybeLiftIndexes(incoming: number): void {
    if (this.liftedIndexes !== null) return;
    const rows = this.result.added + incoming;
    if (rows < LIFT_INDEXES_MIN_ROWS || rows * 4 < this.ledgerRows) return;
    this.liftedIndexes = liftIndexes(this.db);
  }

  private isDuplicate(row: ImportedRow, key: string): boolean {
    if (row.externalId !== null) {
      if (this.externalIdsSeen.has(row.externalId)) return true;
      this.externalIdsSeen.add(row.externalId);
    }
    if (!this.probeExisting) return false;
    const accountId = this.options.accountId;
    return (
      this.sql.keyExists.get(accountId, key) !== undefined ||
      (row.externalId !== null &&
        this.sql.bankIdExists.get(accountId, row.externalId) !== undefined)
    );
  }

  /** A posted row that completes a pending one updates it (at finish) instead of being added. */
  private matchPending(row: ImportedRow, key: string): boolean {
    const claimed = JSON.stringify(this.pendingMatches.map((match) => match.id));
    const pending = this.sql.findPending.get(
      this.options.accountId,
      row.amount,
      row.date,
      row.date,
      claimed,
      row.date,
    ) as { id: string; date: string } | undefined;
    if (!pending) return false;
    this.pendingMatches.push({
      id: pending.id,
      date: row.date,
      key,
      externalId: row.externalId,
    });
    return true;
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
    const payee = row.payee.trim();
    return {
      accountId: this.options.accountId,
      date: row.date,
      amount: row.amount,
      payee: payee === '' ? null : payee.slice(0, 200),
      memo: row.memo.length > 1000 ? row.memo.slice(0, 1000) : row.memo,
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

  /**
   * A category id from the file or a rule, checked against the vault's categories: the
   * foreign key would catch a stale one too, but as an error without the line.
   */
  private checkedCategory(id: string | null, line: number): string | null {
    if (id === null || this.knownCategories.has(id)) return id;
    throw new ImportFileError('refers to a category that is not in this vault', line);
  }

  /** The payee for a name, created on first use; names match like the NOCASE column. */
  private payee(name: string | null): { id: string; name: string } | null {
    if (!name) return null;
    const cacheKey = asciiLower(name);
    const cached = this.payees.get(cacheKey);
    if (cached) return cached;
    let payee = this.sql.findPayee.get(name) as { id: string; name: string } | undefined;
    if (!payee) {
      payee = { id: newId(), name };
      this.sql.insertPayee.run(payee.id, name);
    }
    this.payees.set(cacheKey, payee);
    return payee;
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
    const ids: string[] = [];
    for (const name of names) {
      const existing = this.sql.findTag.get(name) as { id: string } | undefined;
      const id = existing?.id ?? newId();
      if (!existing) this.sql.insertTag.run(id, name);
      ids.push(id);
    }
    return ids;
  }
}

/** SQLite's NOCASE folds ASCII letters only; the payee cache must not fold more. */
const asciiLower = (text: string): string => text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
