import type { Invoice, ParsedPaymentInput } from '../../../src-shared/contract/invoices';
import { toDecimalString } from '../../../src-shared/domain';
import { todayLocal } from '../../../src-shared/domain/dates';
import { newId } from '../../../src-shared/domain/ids';
import { conflict, invalid } from '../coreError';
import type { SqlDatabase } from '../db/openDatabase';
import { getAccount, getTransaction, insertTransaction } from '../ledger';
import { getInvoice, getInvoiceRow, type InvoiceRow } from './invoiceRead';
import type { InvoiceVault } from './invoiceWrite';
import { takeNextNumber } from './numbering';

/**
 * Sends (issues) a draft: it gets the next number of the series and its issue date.
 * Taking the number, stamping it and advancing the counter are one SQLite transaction,
 * so a crash or an error at any point leaves either all of it or none: the series has
 * no gap and never repeats.
 */
export function sendInvoice(vault: InvoiceVault, id: string, issueDate = todayLocal()): Invoice {
  const db = vault.db;
  db.transaction(() => {
    const row = getInvoiceRow(db, id);
    if (row.status !== 'draft') throw conflict(`invoice ${row.number ?? ''} was already sent`);
    if (row.due_date !== null && row.due_date < issueDate)
      throw invalid('the due date is before the issue date');
    const next = takeNextNumber(db);
    try {
      db.prepare(
        "UPDATE invoices SET status = 'sent', number = ?, issue_date = ?, updated_at = ? WHERE id = ?",
      ).run(next, issueDate, new Date().toISOString(), id);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE')
        throw conflict(`invoice ${next} already exists; change the numbering prefix`);
      throw error;
    }
  })();
  vault.audit('invoice.issued', { invoiceId: id });
  return getInvoice(db, id);
}

/** Voids a sent invoice with no payments. It keeps its number; the series stays whole. */
export function voidInvoice(vault: InvoiceVault, id: string): Invoice {
  const db = vault.db;
  db.transaction(() => {
    const row = getInvoiceRow(db, id);
    if (row.status === 'draft') throw conflict('a draft has no number; delete it instead');
    if (row.status === 'void') throw conflict(`invoice ${row.number ?? ''} is already void`);
    if (row.paid_total > 0)
      throw conflict(`invoice ${row.number ?? ''} has payments recorded; it cannot be voided`);
    db.prepare("UPDATE invoices SET status = 'void', updated_at = ? WHERE id = ?").run(
      new Date().toISOString(),
      id,
    );
  })();
  vault.audit('invoice.voided', { invoiceId: id });
  return getInvoice(db, id);
}

/**
 * Records a payment against a sent invoice, up to what is still due. It can book the
 * matching income in the ledger (a new transaction in an account of the invoice's
 * currency, payee = the client) or link an existing one of exactly that amount. The
 * payment, the ledger row and the new status are one transaction.
 */
export function recordPayment(db: SqlDatabase, input: ParsedPaymentInput): Invoice {
  db.transaction(() => {
    const row = getInvoiceRow(db, input.invoiceId);
    if (row.status !== 'sent' && row.status !== 'partially_paid')
      throw conflict(
        row.status === 'draft'
          ? 'send the invoice before recording a payment'
          : `invoice ${row.number ?? ''} is ${row.status === 'paid' ? 'already paid' : 'void'}`,
      );
    const due = row.total - row.paid_total;
    if (input.amount > due)
      throw invalid(
        `the payment is more than the ${toDecimalString(due, row.currency)} ${row.currency} still due`,
      );
    if (row.issue_date !== null && input.date < row.issue_date)
      throw invalid('the payment date is before the issue date');
    const transactionId = ledgerTransactionFor(db, row, input);
    db.prepare(
      'INSERT INTO invoice_payments (id, invoice_id, date, amount, transaction_id, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(newId(), row.id, input.date, input.amount, transactionId, new Date().toISOString());
    const paid = row.paid_total + input.amount;
    const settled = paid === row.total;
    db.prepare(
      'UPDATE invoices SET paid_total = ?, status = ?, paid_date = ?, updated_at = ? WHERE id = ?',
    ).run(
      paid,
      settled ? 'paid' : 'partially_paid',
      settled ? input.date : null,
      new Date().toISOString(),
      row.id,
    );
  })();
  return getInvoice(db, input.invoiceId);
}

function ledgerTransactionFor(
  db: SqlDatabase,
  invoice: InvoiceRow,
  input: ParsedPaymentInput,
): string | null {
  const ledger = input.ledger;
  if (ledger.mode === 'none') return null;
  if (ledger.mode === 'create') {
    const account = getAccount(db, ledger.accountId);
    if (account.currency !== invoice.currency)
      throw invalid(`the account is in ${account.currency}, the invoice in ${invoice.currency}`);
    return insertTransaction(db, {
      accountId: account.id,
      date: input.date,
      amount: input.amount,
      payee: invoice.client_name,
      memo: `Payment for invoice ${invoice.number ?? ''}`,
      categoryId: ledger.categoryId,
      status: 'cleared',
      tags: [],
      splits: [],
      externalId: null,
    });
  }
  const transaction = getTransaction(db, ledger.transactionId);
  const account = getAccount(db, transaction.accountId);
  if (account.currency !== invoice.currency)
    throw invalid(`the transaction is in ${account.currency}, the invoice in ${invoice.currency}`);
  if (transaction.amount !== input.amount)
    throw invalid('the linked transaction must be money received of exactly the payment amount');
  const linked = db
    .prepare('SELECT 1 FROM invoice_payments WHERE transaction_id = ?')
    .get(transaction.id);
  if (linked) throw conflict('that transaction is already linked to a payment');
  return transaction.id;
}
