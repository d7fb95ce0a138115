import { INVOICE_STATUSES, type InvoiceStatus } from '../../../../src-shared/contract';
import { useState } from 'react';
import { useCall } from '../../api/hooks';
import { SelectField } from '../../ui/Field';
import { money, shortDate } from '../../ui/format';
import { Empty, ErrorNote, Loading } from '../../ui/StateViews';
import { invoiceName, statusLabel } from './invoiceLabels';
import { StatusBadge } from './StatusBadge';

/** Every invoice with its status and balance; overdue rows are highlighted. */
export function InvoiceList({
  onOpen,
  onNew,
  canCreate,
}: {
  onOpen: (id: string) => void;
  onNew: () => void;
  canCreate: boolean;
}) {
  const [status, setStatus] = useState<InvoiceStatus | ''>('');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const invoices = useCall('invoices.list', {
    ...(status === '' ? {} : { status }),
    overdueOnly,
  });
  const list = invoices.data ?? [];
  const filtered = status !== '' || overdueOnly;

  return (
    <div className="invoice-list">
      <div className="invoice-filters">
        <SelectField
          label="Status"
          value={status}
          onChange={(value) => setStatus(value as InvoiceStatus | '')}
        >
          <option value="">All invoices</option>
          {INVOICE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
        </SelectField>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={overdueOnly}
            onChange={(event) => setOverdueOnly(event.target.checked)}
          />
          Overdue only
        </label>
      </div>
      {invoices.status === 'loading' && <Loading label="Loading invoices…" />}
      {invoices.status === 'error' && (
        <ErrorNote error={invoices.error} onRetry={invoices.reload} />
      )}
      {invoices.status === 'success' && list.length === 0 && (
        <div className="card">
          <Empty title={filtered ? 'No invoices match' : 'No invoices yet'}>
            {filtered ? (
              <p>Try another status, or clear “Overdue only”.</p>
            ) : canCreate ? (
              <>
                <p>Create an invoice for a client; it stays a draft until you send it.</p>
                <button type="button" className="button button-primary" onClick={onNew}>
                  Create your first invoice
                </button>
              </>
            ) : (
              <p>Add a client first, then create an invoice for them.</p>
            )}
          </Empty>
        </div>
      )}
      {list.length > 0 && (
        <div className="card card-flush">
          <table className="data-table invoice-table">
            <caption className="visually-hidden">Invoices</caption>
            <thead>
              <tr>
                <th scope="col">Invoice</th>
                <th scope="col">Client</th>
                <th scope="col">Status</th>
                <th scope="col">Issued</th>
                <th scope="col">Due</th>
                <th scope="col" className="num">
                  Total
                </th>
                <th scope="col" className="num">
                  Balance due
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((invoice) => (
                <tr
                  key={invoice.id}
                  className={invoice.overdue ? 'invoice-row-overdue' : undefined}
                >
                  <th scope="row">
                    <button
                      type="button"
                      className="button-link"
                      onClick={() => onOpen(invoice.id)}
                    >
                      {invoiceName(invoice)}
                    </button>
                  </th>
                  <td>{invoice.clientName}</td>
                  <td>
                    <StatusBadge invoice={invoice} />
                  </td>
                  <td>{invoice.issueDate ? shortDate(invoice.issueDate) : '—'}</td>
                  <td>{invoice.dueDate ? shortDate(invoice.dueDate) : '—'}</td>
                  <td className="num amount">{money(invoice.total, invoice.currency)}</td>
                  <td className="num amount">{money(invoice.balanceDue, invoice.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
