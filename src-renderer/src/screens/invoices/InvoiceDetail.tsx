import { useState } from 'react';
import type { Invoice } from '../../../../src-shared/contract';
import { call } from '../../api/client';
import { useAction, useCall } from '../../api/hooks';
import { invalidate } from '../../api/queryStore';
import { Dialog, DialogActions } from '../../ui/Dialog';
import { money, shortDate } from '../../ui/format';
import { ErrorNote, FormError, Loading } from '../../ui/StateViews';
import { invoiceName } from './invoiceLabels';
import { PaymentDialog } from './PaymentDialog';
import { StatusBadge } from './StatusBadge';
import { TotalsView } from './TotalsView';
import { percentText } from './invoiceForm';

type Modal = 'payment' | 'void' | 'delete' | null;

/** In the desktop app the save dialog exists; a null destination there means "cancelled". */
function inDesktopApp(): boolean {
  return navigator.userAgent.includes('Electron');
}

/** One invoice: its lines, totals and payments, and what can be done next. */
export function InvoiceDetail({
  invoiceId,
  onEdit,
  onClosed,
}: {
  invoiceId: string;
  onEdit: (invoice: Invoice) => void;
  onClosed: () => void;
}) {
  const query = useCall('invoices.get', { id: invoiceId });
  const [modal, setModal] = useState<Modal>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const openModal = (next: Modal) => {
    setNotice(null);
    setModal(next);
  };

  const send = useAction(async () => {
    const result = await call('invoices.send', { id: invoiceId });
    invalidate('invoices.');
    setNotice(`Sent as ${result.number ?? 'a numbered invoice'}.`);
    return result;
  });
  const voidIt = useAction(async () => {
    const result = await call('invoices.void', { id: invoiceId });
    invalidate('invoices.');
    return result;
  });
  const remove = useAction(async () => {
    await call('invoices.deleteDraft', { id: invoiceId });
    invalidate('invoices.');
    return true;
  });
  const exportPdf = useAction(async (invoice: Invoice) => {
    setNotice(null);
    const name = `${invoice.number ?? 'draft-invoice'}.pdf`.replace(/[/\\]/g, '-');
    const target = await call('exports.chooseDestination', { suggestedName: name });
    if (!target) {
      setNotice(
        inDesktopApp()
          ? 'No file was saved.'
          : 'Saving files is only available in the desktop app.',
      );
      return false;
    }
    const written = await call('exports.invoicePdf', { invoiceId, fileToken: target.fileToken });
    setNotice(`Saved ${target.name} (${written.pages} ${written.pages === 1 ? 'page' : 'pages'}).`);
    return true;
  });

  if (query.status === 'loading') return <Loading label="Opening the invoice…" />;
  if (query.status === 'error') return <ErrorNote error={query.error} onRetry={query.reload} />;
  const invoice = query.data;
  if (!invoice) return null;
  const open = invoice.status === 'sent' || invoice.status === 'partially_paid';

  return (
    <div className="invoice-detail">
      <div className="card">
        <div className="invoice-detail-header">
          <div>
            <h2 data-testid="invoice-number">{invoiceName(invoice)}</h2>
            <p className="muted">
              {invoice.clientName}
              {invoice.issueDate && ` · issued ${shortDate(invoice.issueDate)}`}
              {invoice.dueDate && ` · due ${shortDate(invoice.dueDate)}`}
            </p>
          </div>
          <StatusBadge invoice={invoice} />
        </div>
        <div className="invoice-detail-actions">
          {invoice.status === 'draft' && (
            <>
              <button type="button" className="button" onClick={() => onEdit(invoice)}>
                Edit draft
              </button>
              <button
                type="button"
                className="button button-primary"
                disabled={send.pending}
                onClick={() => void send.run()}
              >
                Send invoice
              </button>
              <button
                type="button"
                className="button button-danger"
                onClick={() => openModal('delete')}
              >
                Delete draft
              </button>
            </>
          )}
          {open && (
            <>
              <button
                type="button"
                className="button button-primary"
                onClick={() => openModal('payment')}
              >
                Record payment
              </button>
              <button
                type="button"
                className="button button-danger"
                onClick={() => openModal('void')}
              >
                Void invoice
              </button>
            </>
          )}
          <button
            type="button"
            className="button"
            disabled={exportPdf.pending}
            onClick={() => void exportPdf.run(invoice)}
          >
            Export PDF
          </button>
        </div>
        <FormError message={send.error ?? exportPdf.error ?? voidIt.error ?? remove.error} />
        {notice && (
          <p className="form-success" role="status">
            {notice}
          </p>
        )}
      </div>
      <div className="invoice-detail-body">
        <div className="card card-flush">
          <table className="data-table">
            <caption className="visually-hidden">Line items</caption>
            <thead>
              <tr>
                <th scope="col">Description</th>
                <th scope="col" className="num">
                  Quantity
                </th>
                <th scope="col" className="num">
                  Unit price
                </th>
                <th scope="col" className="num">
                  Tax
                </th>
                <th scope="col" className="num">
                  Discount
                </th>
                <th scope="col" className="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {invoice.lines.map((line, index) => (
                <tr key={index}>
                  <td>{line.description}</td>
                  <td className="num">{line.quantity}</td>
                  <td className="num amount">{money(line.unitPrice, invoice.currency)}</td>
                  <td className="num">
                    {line.taxRateBp ? `${percentText(line.taxRateBp)}%` : '—'}
                  </td>
                  <td className="num">
                    {line.discountBp ? `${percentText(line.discountBp)}%` : '—'}
                  </td>
                  <td className="num amount">{money(line.amount, invoice.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {(invoice.paymentTerms || invoice.notes) && (
            <div className="invoice-detail-notes">
              {invoice.paymentTerms && (
                <p>
                  <strong>Terms:</strong> {invoice.paymentTerms}
                </p>
              )}
              {invoice.notes && (
                <p>
                  <strong>Notes:</strong> {invoice.notes}
                </p>
              )}
            </div>
          )}
        </div>
        <aside className="card invoice-detail-side">
          <TotalsView totals={invoice.totals} currency={invoice.currency} />
          <dl className="invoice-totals invoice-balance" aria-label="Payments">
            <div>
              <dt>Paid</dt>
              <dd className="amount" data-testid="invoice-paid">
                {money(invoice.paid, invoice.currency)}
              </dd>
            </div>
            <div className="invoice-total-row">
              <dt>Balance due</dt>
              <dd className="amount" data-testid="invoice-balance">
                {money(invoice.balanceDue, invoice.currency)}
              </dd>
            </div>
          </dl>
          {invoice.payments.length > 0 && (
            <ul className="invoice-payments" aria-label="Payments received">
              {invoice.payments.map((payment) => (
                <li key={payment.id}>
                  {shortDate(payment.date)}: {money(payment.amount, invoice.currency)}
                  {payment.transactionId && <span className="muted"> · in the ledger</span>}
                </li>
              ))}
            </ul>
          )}
        </aside>
      </div>
      {modal === 'payment' && <PaymentDialog invoice={invoice} onClose={() => setModal(null)} />}
      {modal === 'void' && (
        <Dialog title="Void this invoice?" open onClose={() => setModal(null)}>
          <p>
            {invoiceName(invoice)} will be marked void. It keeps its number, so the sequence has no
            gap, but it can no longer be paid. This cannot be undone.
          </p>
          <DialogActions>
            <button type="button" className="button" onClick={() => setModal(null)}>
              Keep it
            </button>
            <button
              type="button"
              className="button button-danger"
              disabled={voidIt.pending}
              onClick={() => void voidIt.run().then(() => setModal(null))}
            >
              Void invoice
            </button>
          </DialogActions>
        </Dialog>
      )}
      {modal === 'delete' && (
        <Dialog title="Delete this draft?" open onClose={() => setModal(null)}>
          <p>The draft has no number yet, so deleting it leaves no gap.</p>
          <DialogActions>
            <button type="button" className="button" onClick={() => setModal(null)}>
              Keep it
            </button>
            <button
              type="button"
              className="button button-danger"
              disabled={remove.pending}
              onClick={() =>
                void remove.run().then((done) => {
                  setModal(null);
                  if (done) onClosed();
                })
              }
            >
              Delete draft
            </button>
          </DialogActions>
        </Dialog>
      )}
    </div>
  );
}
