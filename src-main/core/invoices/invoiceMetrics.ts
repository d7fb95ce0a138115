import type { InvoiceMetrics } from '../../../src-shared/contract/invoices';
import type { CurrencyCode } from '../../../src-shared/domain';
import { todayLocal } from '../../../src-shared/domain/dates';
import type { SqlDatabase } from '../db/openDatabase';

type PerCurrency = { currency: CurrencyCode; amount: number }[];

/**
 * The invoice dashboard figures, each per currency (never added across currencies):
 * - outstanding: still due on sent and partly paid invoices;
 * - overdue: the part of that whose due date is before `today`;
 * - paidThisMonth: payments dated in `today`'s month;
 * - averageDaysToPay: issue date → the payment that settled it, over paid invoices;
 * - revenueByClient: payments received per client (cash basis), largest first.
 * A few aggregate queries over the invoices table; nothing is recomputed per invoice.
 */
export function invoiceMetrics(db: SqlDatabase, today: string = todayLocal()): InvoiceMetrics {
  const open = "status IN ('sent', 'partially_paid')";
  const outstanding = db
    .prepare(
      `SELECT currency, sum(total - paid_total) AS amount FROM invoices WHERE ${open}
       GROUP BY currency ORDER BY currency`,
    )
    .all() as PerCurrency;
  const overdue = db
    .prepare(
      `SELECT currency, sum(total - paid_total) AS amount FROM invoices WHERE ${open} AND due_date < ?
       GROUP BY currency ORDER BY currency`,
    )
    .all(today) as PerCurrency;
  const overdueCount = db
    .prepare(`SELECT count(*) FROM invoices WHERE ${open} AND due_date < ?`)
    .pluck()
    .get(today) as number;
  const month = today.slice(0, 7);
  const paidThisMonth = db
    .prepare(
      `SELECT i.currency, sum(p.amount) AS amount FROM invoice_payments p JOIN invoices i ON i.id = p.invoice_id
       WHERE p.date >= ? AND p.date <= ? GROUP BY i.currency ORDER BY i.currency`,
    )
    .all(`${month}-01`, `${month}-31`) as PerCurrency;
  const average = db
    .prepare(
      `SELECT avg(julianday(paid_date) - julianday(issue_date)) FROM invoices
       WHERE status = 'paid' AND paid_date IS NOT NULL AND issue_date IS NOT NULL`,
    )
    .pluck()
    .get() as number | null;
  const revenueByClient = db
    .prepare(
      `SELECT i.client_id AS clientId, c.name AS clientName, i.currency, sum(i.paid_total) AS amount
       FROM invoices i JOIN invoice_clients c ON c.id = i.client_id
       WHERE i.paid_total > 0 GROUP BY i.client_id, i.currency ORDER BY amount DESC, c.name`,
    )
    .all() as InvoiceMetrics['revenueByClient'];
  return {
    outstanding,
    overdue,
    overdueCount,
    paidThisMonth,
    averageDaysToPay: average === null ? null : Math.round(average * 10) / 10,
    revenueByClient,
  };
}
