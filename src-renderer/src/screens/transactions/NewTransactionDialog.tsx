import { useId, useState } from 'react';
import type { Account, CategoryGroup } from '../../../../src-shared/contract';
import { todayLocal } from '../../../../src-shared/domain';
import { call } from '../../api/client';
import { useAction } from '../../api/hooks';
import { UserInputError } from '../../api/errors';
import { invalidate } from '../../api/queryStore';
import { CategorySelect } from '../../ui/CategorySelect';
import { Dialog, DialogActions } from '../../ui/Dialog';
import { Field, SelectField } from '../../ui/Field';
import { readAmount } from '../../ui/format';
import { FormError } from '../../ui/StateViews';

/** Records one transaction by hand: money out (an expense) or money in. */
export function NewTransactionDialog({
  accounts,
  groups,
  defaultAccountId,
  onClose,
  onDone,
}: {
  accounts: readonly Account[];
  groups: readonly CategoryGroup[];
  defaultAccountId: string | undefined;
  onClose: () => void;
  onDone: () => void;
}) {
  const open = accounts.filter((a) => !a.archived);
  const [accountId, setAccountId] = useState(defaultAccountId ?? open[0]?.id ?? '');
  const [date, setDate] = useState(todayLocal());
  const [direction, setDirection] = useState<'out' | 'in'>('out');
  const [amount, setAmount] = useState('');
  const [payee, setPayee] = useState('');
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const [memo, setMemo] = useState('');
  const categoryId_ = useId();
  const account = open.find((a) => a.id === accountId);

  const save = useAction(async () => {
    if (!account) throw new UserInputError('Choose an account.');
    const size = readAmount(amount, account.currency);
    if (size === 0) throw new UserInputError('Enter an amount.');
    const signed = direction === 'out' ? -Math.abs(size) : Math.abs(size);
    const created = await call('transactions.create', {
      accountId: account.id,
      date,
      amount: signed,
      payee: payee.trim() === '' ? null : payee.trim(),
      memo: memo.trim(),
      categoryId,
    });
    invalidate('accounts.', 'payees.', 'reports.', 'budgets.');
    return created;
  });

  const submit = async () => {
    if (await save.run()) onDone();
  };

  return (
    <Dialog title="New transaction" open onClose={onClose} onSubmit={() => void submit()}>
      {open.length === 0 ? (
        <p>Create an account first: every transaction belongs to one.</p>
      ) : (
        <div className="form-grid">
          <SelectField label="Account" value={accountId} onChange={setAccountId}>
            {open.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({a.currency})
              </option>
            ))}
          </SelectField>
          <Field label="Date" type="date" value={date} onChange={setDate} required />
          <fieldset className="segmented span-2">
            <legend className="visually-hidden">Direction</legend>
            <label className={direction === 'out' ? 'segment segment-on' : 'segment'}>
              <input
                type="radio"
                name="direction"
                checked={direction === 'out'}
                onChange={() => setDirection('out')}
              />
              Money out
            </label>
            <label className={direction === 'in' ? 'segment segment-on' : 'segment'}>
              <input
                type="radio"
                name="direction"
                checked={direction === 'in'}
                onChange={() => setDirection('in')}
              />
              Money in
            </label>
          </fieldset>
          <Field
            label={`Amount${account ? ` (${account.currency})` : ''}`}
            value={amount}
            onChange={setAmount}
            inputMode="decimal"
            placeholder="0.00"
            autoFocus
          />
          <Field label="Payee" value={payee} onChange={setPayee} maxLength={200} />
          <div className="field span-2">
            <label htmlFor={categoryId_}>Category</label>
            <CategorySelect
              id={categoryId_}
              groups={groups}
              value={categoryId}
              onChange={setCategoryId}
              label="Category"
            />
          </div>
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
          disabled={save.pending || open.length === 0}
        >
          Add transaction
        </button>
      </DialogActions>
    </Dialog>
  );
}
