import { useState } from 'react';
import type { Invoice } from '../../../../src-shared/contract';
import { useCall } from '../../api/hooks';
import { useAllAccounts } from '../../api/ledgerQueries';
import { ClientsPanel } from './ClientsPanel';
import { emptyForm, formFromInvoice, type InvoiceForm } from './invoiceForm';
import { InvoiceDetail } from './InvoiceDetail';
import { InvoiceEditor } from './InvoiceEditor';
import { InvoiceList } from './InvoiceList';
import { InvoiceMetrics } from './InvoiceMetrics';
import './invoices.css';

type View =
  | { kind: 'list' }
  | { kind: 'edit'; invoice: Invoice | null; form: InvoiceForm }
  | { kind: 'detail'; id: string };

/** Invoices: metrics, the list, clients, the draft editor and each invoice's page. */
export function InvoicesScreen() {
  const [view, setView] = useState<View>({ kind: 'list' });
  const clients = useCall('clients.list', {});
  const accounts = useAllAccounts();
  const clientList = clients.data ?? [];
  const currency = accounts.data?.[0]?.currency ?? 'USD';

  const startNew = () =>
    setView({
      kind: 'edit',
      invoice: null,
      form: emptyForm(clientList.length === 1 ? (clientList[0]?.id ?? '') : '', currency),
    });

  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen-header">
        <h1 id="screen-title">Invoices</h1>
        <div className="screen-header-actions">
          {view.kind !== 'list' && (
            <button type="button" className="button" onClick={() => setView({ kind: 'list' })}>
              All invoices
            </button>
          )}
          {view.kind === 'list' && (
            <button
              type="button"
              className="button button-primary"
              disabled={clientList.length === 0}
              title={clientList.length === 0 ? 'Add a client first' : undefined}
              onClick={startNew}
            >
              New invoice
            </button>
          )}
        </div>
      </header>
      {view.kind === 'list' && (
        <div className="invoices-layout">
          <div className="invoices-main">
            <InvoiceMetrics />
            <InvoiceList
              canCreate={clientList.length > 0}
              onNew={startNew}
              onOpen={(id) => setView({ kind: 'detail', id })}
            />
          </div>
          <ClientsPanel />
        </div>
      )}
      {view.kind === 'edit' && (
        <>
          <h2 className="invoice-view-title">{view.invoice ? 'Edit draft' : 'New invoice'}</h2>
          <InvoiceEditor
            clients={clientList}
            initial={view.invoice}
            initialForm={view.form}
            onDone={(id) => setView(id ? { kind: 'detail', id } : { kind: 'list' })}
          />
        </>
      )}
      {view.kind === 'detail' && (
        <InvoiceDetail
          invoiceId={view.id}
          onEdit={(invoice) => setView({ kind: 'edit', invoice, form: formFromInvoice(invoice) })}
          onClosed={() => setView({ kind: 'list' })}
        />
      )}
    </section>
  );
}
