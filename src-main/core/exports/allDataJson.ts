import type { SqlDatabase } from '../db/openDatabase';
import type { UnlockedVault } from '../vault';
import { writeFileAtomically, type AtomicWriteOptions } from './atomicFile';

/**
 * "Export all data": every table of user data as one JSON file. An allow-list, not a
 * dump of sqlite_master, so a new table holding a secret is never exported by accident:
 * allDataJson.test.ts fails until each new table is put in one list or the other.
 */
export const EXPORTED_TABLES = [
  'accounts',
  'category_groups',
  'categories',
  'payees',
  'tags',
  'transactions',
  'transaction_splits',
  'transaction_tags',
  'expense_details',
  'rules',
  'budgets',
  'import_batches',
  'import_mappings',
  'invoice_clients',
  'invoices',
  'invoice_lines',
  'invoice_payments',
  'invoice_numbering',
  // Metadata only; the receipt bytes (receipt_chunks) can be exported one by one.
  'receipts',
  'settings',
  // Linked banks (names, sync times) and their accounts' balances.
  'bank_items',
  'bank_accounts',
] as const;

/** Not user data (derived caches, internal state), or secrets (cloud tokens). */
export const NOT_EXPORTED_TABLES = [
  'audit_log',
  'audit_checkpoint',
  'audit_prune_permit',
  'categorize_state',
  'cloud_backup_state',
  'cloud_outgoing_backup',
  'cloud_pending_sign_in',
  'cloud_session',
  'ledger_state',
  'monthly_totals',
  'payee_category_counts',
  'payee_month_totals',
  'receipt_chunks',
] as const;

/** Settings whose values are credentials; the export names none of them. */
const SECRET_SETTING = /api.?key|token|secret|password|passphrase/i;

export const EXPORT_ALL_FORMAT = 'casike-export-all';

export interface ExportAllResult {
  tables: number;
  rows: number;
}

/** Writes the export atomically to `target` and records `export.created` (kind `all`). */
export async function exportAllData(
  vault: UnlockedVault,
  target: string,
  options: AtomicWriteOptions,
): Promise<ExportAllResult> {
  const db = vault.db;
  let rows = 0;
  await writeFileAtomically(
    target,
    async (sink) => {
      const header = {
        format: EXPORT_ALL_FORMAT,
        version: 1,
        exportedAt: new Date().toISOString(),
      };
      await sink.write(`${JSON.stringify(header).slice(0, -1)},"tables":{`);
      let firstTable = true;
      for (const table of EXPORTED_TABLES) {
        await sink.write(`${firstTable ? '' : ','}\n${JSON.stringify(table)}:[`);
        firstTable = false;
        let firstRow = true;
        for (const row of readRows(db, table)) {
          await sink.write(`${firstRow ? '' : ','}\n${JSON.stringify(row)}`);
          firstRow = false;
          rows += 1;
        }
        await sink.write(']');
      }
      await sink.write('\n}}\n');
    },
    options,
  );
  vault.audit('export.created', { kind: 'all', tables: EXPORTED_TABLES.length, rows });
  return { tables: EXPORTED_TABLES.length, rows };
}

function* readRows(db: SqlDatabase, table: string): Generator<Record<string, unknown>> {
  // `table` comes from the constant list above, never from input.
  const statement = db.prepare(`SELECT * FROM "${table}"`);
  for (const raw of statement.iterate()) {
    const row = raw as Record<string, unknown>;
    if (table === 'settings' && SECRET_SETTING.test(String(row.key))) continue;
    yield Object.fromEntries(
      Object.entries(row).map(([column, value]) => [
        column,
        Buffer.isBuffer(value) ? { base64: value.toString('base64') } : value,
      ]),
    );
  }
}
