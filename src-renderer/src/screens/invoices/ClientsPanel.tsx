import { useState } from 'react';
import type { Client } from '../../../../src-shared/contract';
import { call } from '../../api/client';
import { useAction, useCall } from '../../api/hooks';
import { invalidate } from '../../api/queryStore';
import { Dialog, DialogActions } from '../../ui/Dialog';
import { Field } from '../../ui/Field';
import { Empty, ErrorNote, FormError, Loading } from '../../ui/StateViews';

function ClientDialog({ client, onClose }: { client: Client | null; onClose: () => void }) {
  const [name, setName] = useState(client?.name ?? '');
  const [email, setEmail] = useState(client?.email ?? '');
  const [address, setAddress] = useState(client?.address ?? '');
  const [taxId, setTaxId] = useState(client?.taxId ?? '');
  const save = useAction(async () => {
    const input = { name, email, address, taxId };
    const saved = client
      ? await call('clients.update', { id: client.id, ...input })
      : await call('clients.create', input);
    invalidate('clients.', 'invoices.');
    return saved;
  });
  const submit = async () => {
    if ((await save.run()) !== undefined) onClose();
  };
  return (
    <Dialog
      title={client ? `Edit ${client.name}` : 'New client'}
      open
      onClose={onClose}
      onSubmit={() => void submit()}
    >
      <div className="form-grid">
        <Field label="Client name" value={name} onChange={setName} required autoFocus />
        <Field label="Email" type="email" value={email} onChange={setEmail} />
        <Field label="Address" value={address} onChange={setAddress} className="span-2" />
        <Field label="Tax ID" value={taxId} onChange={setTaxId} />
      </div>
      <FormError message={save.error} />
      <DialogActions>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={save.pending}>
          {client ? 'Save client' : 'Create client'}
        </button>
      </DialogActions>
    </Dialog>
  );
}

/** The people and businesses you invoice: a list, create and edit. */
export function ClientsPanel() {
  const clients = useCall('clients.list', {});
  const [editing, setEditing] = useState<{ client: Client | null } | null>(null);
  const list = clients.data ?? [];
  return (
    <section className="card invoice-clients" aria-labelledby="clients-title">
      <div className="card-header">
        <h2 id="clients-title">Clients</h2>
        <button
          type="button"
          className="button button-small"
          onClick={() => setEditing({ client: null })}
        >
          New client
        </button>
      </div>
      {clients.status === 'loading' && <Loading label="Loading clients…" />}
      {clients.status === 'error' && <ErrorNote error={clients.error} onRetry={clients.reload} />}
      {clients.status === 'success' && list.length === 0 && (
        <Empty title="No clients yet">
          <p>Add the people or businesses you send invoices to.</p>
        </Empty>
      )}
      {list.length > 0 && (
        <ul className="invoice-client-list">
          {list.map((client) => (
            <li key={client.id}>
              <span>
                <strong>{client.name}</strong>
                {client.email && <span className="muted">{client.email}</span>}
              </span>
              <button
                type="button"
                className="button button-small"
                aria-label={`Edit ${client.name}`}
                onClick={() => setEditing({ client })}
              >
                Edit
              </button>
            </li>
          ))}
        </ul>
      )}
      {editing && <ClientDialog client={editing.client} onClose={() => setEditing(null)} />}
    </section>
  );
}
