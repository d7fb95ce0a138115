import { useState } from 'react';
import type { Invoice } from '../../../../src-shared/contract';
import { isCurrencyCode, toDecimalString } from '../../../../src-shared/domain';
import { call } from '../../api/client';
import { useAction } from '../../api/hooks';
import { useAllAccounts } from '../../api/ledgerQueries';
import { invalidate } from '../../api/queryStore';
import { Dialog, DialogActions } from '../../ui/Dialog';
import { Field, SelectField } from '../../ui/Field';
import { readAmount } from '../../ui/format';
import { FormError } from '../../ui/StateViews';
import { todayIso } from './invoiceLabels';

/** Records money received against an invoice, optionally booking it as income to an account. */
export function PaymentDialog({ invoice, onClose }: { invoice: Invoice; onClose: () => void }) {
  const accounts = useAllAccounts();
  const [amount, setAmount] = useState(
    isCurrencyCode(invoice.currency) ? toDecimalString(invoice.balanceDue, invoice.currency) : '',
  );
  const [date, setDate] = useState(todayIso());
  const [accountId, setAccountId] = useState('');
  const sameCurrency = (accounts.data ?? []).filter(
    (a) => a.currency === invoice.currency && !a.archived,
  );

  const record = useAction(async () => {
    const minor = readAmount(amount, invoice.currency, 'payment amount');
    const result = await call('invoices.recordPayment', {
      invoiceId: invoice.id,
      amount: minor,
      date,
      ledger: accountId === '' ? { mode: 'none' } : { mode: 'create', accountId },
    });
    invalidate('invoices.', 'transactions.', 'accounts.', 'reports.', 'budgets.');
    return result;
  });
  const submit = async () => {
    if ((await record.run()) !== undefined) onClose();
  };

  return (
    <Dialog title="Record a payment" open onClose={onClose} onSubmit={() => void submit()}>
      <div className="form-grid">
        <Field
          label={`Amount received (${invoice.currency})`}
          inputMode="decimal"
          value={amount}
          onChange={setAmount}
          autoFocus
        />
        <Field label="Date received" type="date" value={date} onChange={setDate} />
        <SelectField
          label="Add to account"
          value={accountId}
          onChange={setAccountId}
          className="span-2"
        >
          <option value="">Do not add to the ledger</option>
          {sameCurrency.map((account) => (
            <option key={account.id} value={account.id}>
              {account.name}
            </option>
          ))}
        </SelectField>
      </div>
      <p className="field-hint">
        Choosing an account books the payment there as income. Only {invoice.currency} accounts are
        listed.
      </p>
      <FormError message={record.error} />
      <DialogActions>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={record.pending}>
          Record payment
        </button>
      </DialogActions>
    </Dialog>
  );
}
