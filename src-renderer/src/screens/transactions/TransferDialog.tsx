import { useState } from 'react';
import type { Account } from '../../../../src-shared/contract';
import { todayLocal } from '../../../../src-shared/domain';
import { call } from '../../api/client';
import { useAction } from '../../api/hooks';
import { UserInputError } from '../../api/errors';
import { invalidate } from '../../api/queryStore';
import { Dialog, DialogActions } from '../../ui/Dialog';
import { Field, SelectField } from '../../ui/Field';
import { readAmount } from '../../ui/format';
import { FormError } from '../../ui/StateViews';

/** Moves money between two of the user's accounts: two linked transactions. */
export function TransferDialog({
  accounts,
  onClose,
  onDone,
}: {
  accounts: readonly Account[];
  onClose: () => void;
  onDone: () => void;
}) {
  const open = accounts.filter((a) => !a.archived);
  const [fromId, setFromId] = useState(open[0]?.id ?? '');
  const [toId, setToId] = useState(open[1]?.id ?? '');
  const [date, setDate] = useState(todayLocal());
  const [amount, setAmount] = useState('');
  const [toAmount, setToAmount] = useState('');
  const [memo, setMemo] = useState('');
  const from = open.find((a) => a.id === fromId);
  const to = open.find((a) => a.id === toId);
  const crossCurrency = from !== undefined && to !== undefined && from.currency !== to.currency;

  const save = useAction(async () => {
    if (!from || !to) throw new UserInputError('Choose both accounts.');
    if (from.id === to.id) throw new UserInputError('Choose two different accounts.');
    const sent = readAmount(amount, from.currency);
    if (sent <= 0) throw new UserInputError('The amount must be more than zero.');
    const received = crossCurrency
      ? readAmount(toAmount, to.currency, 'received amount')
      : undefined;
    const result = await call('transactions.transfer', {
      fromAccountId: from.id,
      toAccountId: to.id,
      date,
      amount: sent,
      ...(received !== undefined ? { toAmount: received } : {}),
      memo: memo.trim(),
    });
    invalidate('accounts.', 'reports.', 'budgets.');
    return result;
  });

  const submit = async () => {
    if (await save.run()) onDone();
  };

  return (
    <Dialog title="New transfer" open onClose={onClose} onSubmit={() => void submit()}>
      {open.length < 2 ? (
        <p>You need at least two open accounts to make a transfer.</p>
      ) : (
        <div className="form-grid">
          <SelectField label="From account" value={fromId} onChange={setFromId}>
            {open.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({a.currency})
              </option>
            ))}
          </SelectField>
          <SelectField label="To account" value={toId} onChange={setToId}>
            {open.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({a.currency})
              </option>
            ))}
          </SelectField>
          <Field label="Date" type="date" value={date} onChange={setDate} required />
          <Field
            label={`Amount sent${from ? ` (${from.currency})` : ''}`}
            value={amount}
            onChange={setAmount}
            inputMode="decimal"
            placeholder="0.00"
            autoFocus
          />
          {crossCurrency && (
            <Field
              label={`Amount received (${to.currency})`}
              value={toAmount}
              onChange={setToAmount}
              inputMode="decimal"
              placeholder="0.00"
            />
          )}
          <Field className="span-2" label="Memo" value={memo} onChange={setMemo} maxLength={1000} />
        </div>
      )}
      <FormError message={save.error} />
      <DialogActions>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="submit"
          className="button button-primary"
          disabled={save.pending || open.length < 2}
        >
          Transfer
        </button>
      </DialogActions>
    </Dialog>
  );
}
