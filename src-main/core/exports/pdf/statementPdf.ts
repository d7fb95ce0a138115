import type { Account } from '../../../../src-shared/contract/ledger';
import { invalid } from '../../coreError';
import type { SqlDatabase } from '../../db/openDatabase';
import { firstRowidAfter, firstRowidOn, getAccount } from '../../ledger';
import type { ExportVault } from '../transactionsCsv';
import { pdfAmount } from './pdfAmounts';
import { drawTotals } from './pdfBlocks';
import { FONT_SIZE, PdfLayout } from './pdfDocument';
import { writePdf } from './pdfFile';
import { drawTable, type PdfColumn } from './pdfTable';

export interface StatementPeriod {
  accountId: string;
  from: string;
  to: string;
}

interface StatementRow {
  date: string;
  payee: string | null;
  memo: string;
  amount: number;
  transfer: number;
  balance: number;
}

/**
 * The balance before `from`: the opening balance plus every row of the account dated
 * earlier. The rowid is date-ordered (ledger/ledgerRowid.ts), so this is a range read of
 * the account index, and the period's rows below come out in date order without a sort.
 */
function openingBalance(db: SqlDatabase, account: Account, from: string): number {
  const before = db
    .prepare('SELECT coalesce(sum(amount), 0) FROM transactions WHERE account_id = ? AND rowid < ?')
    .pluck()
    .get(account.id, firstRowidOn(from)) as number;
  return account.openingBalance + before;
}

function* statementRows(
  db: SqlDatabase,
  period: StatementPeriod,
  opening: number,
): Generator<StatementRow> {
  let balance = opening;
  const rows = db
    .prepare(
      `SELECT t.date, p.name AS payee, t.memo, t.amount, t.transfer_id IS NOT NULL AS transfer
       FROM transactions t LEFT JOIN payees p ON p.id = t.payee_id
       WHERE t.account_id = ? AND t.rowid >= ? AND t.rowid < ? ORDER BY t.rowid`,
    )
    .iterate(period.accountId, firstRowidOn(period.from), firstRowidAfter(period.to)) as Iterable<
    Omit<StatementRow, 'balance'>
  >;
  for (const row of rows) {
    balance += row.amount;
    yield { ...row, balance };
  }
}

function describe(row: StatementRow): string {
  const who = row.payee ?? (row.transfer ? 'Transfer' : '');
  return [who, row.memo].filter(Boolean).join(' - ');
}

/**
 * Lays out a statement of one account for a period: opening balance, every transaction
 * of the period in date order with a running balance, money in and out, and the closing
 * balance. Rows are streamed from the database into the table.
 */
export function layoutStatement(
  db: SqlDatabase,
  period: StatementPeriod,
  options: { onProgress?: (rows: number) => void } = {},
): { layout: PdfLayout; rows: number; opening: number; closing: number } {
  if (period.from > period.to) throw invalid('the period starts after it ends');
  const account = getAccount(db, period.accountId);
  const currency = account.currency;
  const money = (minor: number) => pdfAmount(minor, currency);
  const opening = openingBalance(db, account, period.from);
  const layout = new PdfLayout({
    title: `Statement ${period.from} to ${period.to}`,
    headerRight: account.name,
    footerLeft: `${account.name} - ${period.from} to ${period.to}`,
  });
  layout.textAt('Statement', layout.left, layout.y, { bold: true, size: FONT_SIZE.heading });
  layout.textAt(
    `Account: ${account.name} (${currency})\nPeriod: ${period.from} to ${period.to}\nOpening balance on ${period.from}: ${money(opening)} ${currency}`,
    layout.left,
    layout.doc.y + 4,
    { width: layout.width },
  );
  layout.y = layout.doc.y + 12;

  let moneyIn = 0;
  let moneyOut = 0;
  let closing = opening;
  const columns: PdfColumn<StatementRow>[] = [
    { header: 'Date', width: 1.2, value: (row) => row.date },
    { header: 'Description', width: 5, wrap: true, value: describe },
    {
      header: `Amount (${currency})`,
      width: 1.6,
      align: 'right',
      value: (row) => money(row.amount),
    },
    {
      header: `Balance (${currency})`,
      width: 1.8,
      align: 'right',
      value: (row) => money(row.balance),
    },
  ];
  const counted = (function* () {
    for (const row of statementRows(db, period, opening)) {
      if (row.amount >= 0) moneyIn += row.amount;
      else moneyOut += row.amount;
      closing = row.balance;
      yield row;
    }
  })();
  const rows = drawTable(layout, columns, counted, { zebra: true, onProgress: options.onProgress });

  layout.y += 4;
  drawTotals(
    layout,
    [
      { label: 'Transactions', value: String(rows) },
      { label: `Opening balance ${period.from}`, value: money(opening) },
      { label: 'Money in', value: money(moneyIn) },
      { label: 'Money out', value: money(moneyOut) },
      { label: `Closing balance ${period.to} ${currency}`, value: money(closing), bold: true },
    ],
    { width: 300 },
  );
  return { layout, rows, opening, closing };
}

/**
 * Writes the statement PDF to `target` (atomically; an existing file only with
 * `overwrite`) and records the export in the audit log (kind, rows and pages only).
 */
export async function exportStatementPdf(
  vault: ExportVault,
  period: StatementPeriod,
  target: string,
  options: { overwrite: boolean; onProgress?: (rows: number) => void },
): Promise<{ pages: number; rows: number; opening: number; closing: number }> {
  const { layout, rows, opening, closing } = layoutStatement(vault.db, period, options);
  const { pages } = await writePdf(layout, target, options);
  vault.audit('export.created', { format: 'pdf', kind: 'statement', pages, rows });
  return { pages, rows, opening, closing };
}
