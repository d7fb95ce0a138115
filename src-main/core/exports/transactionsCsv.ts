import type { Writable } from 'node:stream';
import {
  TransactionQuerySchema,
  type Transaction,
  type TransactionQuery,
} from '../../../src-shared/contract/ledger';
import { toDecimalString, type CurrencyCode } from '../../../src-shared/domain';
import type { SqlDatabase } from '../db/openDatabase';
import { listAccounts, listCategoryGroups, searchTransactions } from '../ledger';
import type { UnlockedVault } from '../vault';
import { writeFileAtomically } from './atomicFile';
import { writeCsv, type CsvColumn, type TextSink } from './csvWriter';

/** The same filters as the transaction list, without its paging. */
export type TransactionExportFilters = Omit<TransactionQuery, 'sort' | 'limit' | 'cursor'>;

export interface CsvExportOptions {
  /** Start with a UTF-8 BOM so Excel reads the accents right. */
  bom?: boolean;
  /** Replace an existing file at the path. */
  overwrite?: boolean;
  signal?: AbortSignal;
  onProgress?: (rows: number) => void;
}

/** What an export needs of the vault: the database, and the audit log every export is written to. */
export type ExportVault = Pick<UnlockedVault, 'db' | 'audit'>;

const PAGE = 500;

interface Names {
  accounts: Map<string, { name: string; currency: CurrencyCode }>;
  categories: Map<string, string>;
}

/** The columns, in order. Amounts use the row's own account currency, with a decimal point. */
function transactionColumns(names: Names): CsvColumn<Transaction>[] {
  const account = (row: Transaction) => names.accounts.get(row.accountId);
  return [
    { header: 'Date', value: (row) => row.date },
    { header: 'Account', value: (row) => account(row)?.name ?? '' },
    { header: 'Payee', value: (row) => row.payee ?? '' },
    { header: 'Category', value: (row) => categoryText(row, names) },
    { header: 'Memo', value: (row) => row.memo },
    {
      header: 'Amount',
      value: (row) => toDecimalString(row.amount, account(row)?.currency ?? 'USD'),
      numeric: true,
    },
    { header: 'Currency', value: (row) => account(row)?.currency ?? '' },
    { header: 'Status', value: (row) => row.status },
    { header: 'Tags', value: (row) => row.tags.join(', ') },
    { header: 'Id', value: (row) => row.id },
  ];
}

/**
 * Exports transactions matching `filters` as CSV (see `writeCsv`: RFC 4180, formula
 * injection neutralised, optional BOM), oldest first. Reads the ledger a page at a time
 * by keyset, so a million rows never sit in memory. To a path, the file appears
 * atomically and an existing file is refused unless `overwrite`; to a stream, the
 * caller owns it. The export is written to the audit log (format and row count, never
 * the path or the content), here, so no caller can forget it. Returns the row count.
 *
 * The file re-imports exactly through the CSV importer: dates, amounts, payees, memos
 * and status come back the same (leading and trailing spaces aside, which the importer
 * trims as bank padding).
 */
export async function exportTransactionsCsv(
  vault: ExportVault,
  filters: TransactionExportFilters,
  target: string | Writable,
  options: CsvExportOptions = {},
): Promise<number> {
  const db = vault.db;
  const names = lookups(db);
  const columns = transactionColumns(names);
  const rows = pages(db, filters, options);
  const writeTo = (sink: TextSink) => writeCsv(rows, columns, sink, options);
  let count = 0;
  if (typeof target === 'string') {
    await writeFileAtomically(target, async (sink) => void (count = await writeTo(sink)), {
      overwrite: options.overwrite ?? false,
    });
  } else {
    count = await writeTo(streamSink(target));
  }
  vault.audit('export.created', {
    format: 'csv',
    kind: 'transactions',
    rows: count,
    bom: options.bom ?? false,
  });
  return count;
}

/** Every matching transaction, oldest first, fetched a page at a time after the previous page's key. */
function* pages(
  db: SqlDatabase,
  filters: TransactionExportFilters,
  options: CsvExportOptions,
): Generator<Transaction> {
  let cursor: string | undefined;
  let read = 0;
  do {
    options.signal?.throwIfAborted();
    const page = searchTransactions(
      db,
      TransactionQuerySchema.parse({ ...filters, sort: 'date_asc', limit: PAGE, cursor }),
    );
    yield* page.items;
    read += page.items.length;
    options.onProgress?.(read);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

function lookups(db: SqlDatabase): Names {
  return {
    accounts: new Map(
      listAccounts(db, true).map((a) => [a.id, { name: a.name, currency: a.currency }]),
    ),
    categories: new Map(
      listCategoryGroups(db).flatMap((group) =>
        group.categories.map(
          (category) => [category.id, `${group.name}:${category.name}`] as const,
        ),
      ),
    ),
  };
}

/** "Group:Name" (what `--category` accepts); split parts joined with "; "; transfers name the other account. */
function categoryText(row: Transaction, names: Names): string {
  if (row.transfer) return `Transfer:${names.accounts.get(row.transfer.accountId)?.name ?? ''}`;
  if (row.splits.length > 0) {
    return row.splits
      .map((split) => names.categories.get(split.categoryId ?? '') ?? '')
      .filter((name) => name !== '')
      .join('; ');
  }
  return names.categories.get(row.categoryId ?? '') ?? '';
}

/** A Writable as a sink that waits for 'drain' when the stream's buffer is full. */
function streamSink(stream: Writable): TextSink {
  return {
    write: (text) =>
      new Promise<void>((resolve, reject) => {
        const onError = (error: Error) => reject(error);
        stream.once('error', onError);
        const done = () => {
          stream.off('error', onError);
          resolve();
        };
        if (stream.write(text, 'utf8')) done();
        else stream.once('drain', done);
      }),
  };
}
