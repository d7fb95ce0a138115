import { useCallback, useEffect, useRef, useState } from 'react';
import type { Client, Invoice } from '../../../../src-shared/contract';
import { CURRENCY_CODES } from '../../../../src-shared/domain';
import { call } from '../../api/client';
import { humanMessage } from '../../api/errors';
import { useDebounced } from '../../api/hooks';
import { invalidate } from '../../api/queryStore';
import { Field, SelectField } from '../../ui/Field';
import { FormError } from '../../ui/StateViews';
import { toDraftInput, type InvoiceForm } from './invoiceForm';
import { LineItemsEditor } from './LineItemsEditor';
import { TotalsView } from './TotalsView';

interface Props {
  clients: readonly Client[];
  initialForm: InvoiceForm;
  /** The draft being edited, or null for a new one (created on the first valid change). */
  initial: Invoice | null;
  onDone: (invoiceId: string | null) => void;
}

/**
 * The draft editor. Every valid change is saved as a draft (debounced) and the core answers
 * with the totals, so what the preview shows is exactly what the invoice will say.
 */
export function InvoiceEditor({ clients, initialForm, initial, onDone }: Props) {
  const [form, setForm] = useState<InvoiceForm>(initialForm);
  const [saved, setSaved] = useState<Invoice | null>(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const idRef = useRef<string | null>(initial?.id ?? null);
  // Saves run one after another, so a create is never raced by an update (or a second create).
  const queue = useRef<Promise<void>>(Promise.resolve());
  const lastSent = useRef<string>('');
  const debounced = useDebounced(form, 300);

  const save = useCallback((next: InvoiceForm): Promise<void> => {
    let input;
    try {
      input = toDraftInput(next);
    } catch (error) {
      setProblem(humanMessage(error));
      return queue.current;
    }
    setProblem(null);
    const key = JSON.stringify(input);
    if (key === lastSent.current) return queue.current;
    lastSent.current = key;
    queue.current = queue.current.then(async () => {
      setSaving(true);
      try {
        const id = idRef.current;
        const result = id
          ? await call('invoices.updateDraft', { ...input, id })
          : await call('invoices.createDraft', input);
        idRef.current = result.id;
        setSaved(result);
        setSaveError(null);
        invalidate('invoices.');
      } catch (error) {
        lastSent.current = '';
        setSaveError(humanMessage(error));
      } finally {
        setSaving(false);
      }
    });
    return queue.current;
  }, []);

  useEffect(() => {
    if (debounced !== initialForm) void save(debounced);
  }, [debounced, initialForm, save]);

  const patch = (changes: Partial<InvoiceForm>) =>
    setForm((current) => ({ ...current, ...changes }));
  const finish = async () => {
    await save(form);
    onDone(idRef.current);
  };

  const currency = saved?.currency ?? form.currency;
  return (
    <div className="invoice-editor">
      <div className="card invoice-editor-main">
        <div className="form-grid invoice-editor-fields">
          <SelectField
            label="Client"
            value={form.clientId}
            onChange={(clientId) => patch({ clientId })}
          >
            <option value="">Choose a client…</option>
            {clients.map((client) => (
              <option key={client.id} value={client.id}>
                {client.name}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="Currency"
            value={form.currency}
            onChange={(value) => patch({ currency: value })}
          >
            {CURRENCY_CODES.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </SelectField>
          <Field
            label="Due date"
            type="date"
            value={form.dueDate}
            onChange={(dueDate) => patch({ dueDate })}
          />
          <div className="invoice-discount-fields">
            <SelectField
              label="Invoice discount"
              value={form.discountKind}
              onChange={(value) => patch({ discountKind: value as InvoiceForm['discountKind'] })}
            >
              <option value="none">No discount</option>
              <option value="percent">Percent of subtotal</option>
              <option value="amount">Fixed amount</option>
            </SelectField>
            {form.discountKind !== 'none' && (
              <Field
                label={
                  form.discountKind === 'percent' ? 'Discount %' : `Discount (${form.currency})`
                }
                inputMode="decimal"
                value={form.discount}
                onChange={(discount) => patch({ discount })}
              />
            )}
          </div>
        </div>
        <h2 className="invoice-section-title">Line items</h2>
        <LineItemsEditor
          lines={form.lines}
          currency={currency}
          saved={saved}
          onChange={(lines) => patch({ lines })}
        />
        <div className="form-grid">
          <div className="field">
            <label htmlFor="invoice-terms">Payment terms</label>
            <textarea
              id="invoice-terms"
              className="input"
              rows={3}
              value={form.paymentTerms}
              onChange={(e) => patch({ paymentTerms: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor="invoice-notes">Notes</label>
            <textarea
              id="invoice-notes"
              className="input"
              rows={3}
              value={form.notes}
              onChange={(e) => patch({ notes: e.target.value })}
            />
          </div>
        </div>
      </div>
      <aside className="card invoice-editor-side" aria-labelledby="preview-title">
        <h2 id="preview-title">Totals</h2>
        <p className="field-hint" role="status" aria-live="polite">
          {saving
            ? 'Saving the draft…'
            : problem
              ? problem
              : saved
                ? 'Draft saved. Totals are computed by Casike’s invoice engine.'
                : 'Totals appear as soon as the invoice has a client and a line.'}
        </p>
        {saved && <TotalsView totals={saved.totals} currency={saved.currency} />}
        <FormError message={saveError} />
        <div className="invoice-editor-actions">
          <button type="button" className="button button-primary" onClick={() => void finish()}>
            Done
          </button>
        </div>
      </aside>
    </div>
  );
}
