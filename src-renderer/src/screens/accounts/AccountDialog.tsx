import { useState } from 'react';
import type { Account } from '../../../../src-shared/contract';
import { CURRENCY_CODES, isCurrencyCode, toDecimalString } from '../../../../src-shared/domain';
import { call } from '../../api/client';
import { useAction } from '../../api/hooks';
import { UserInputError } from '../../api/errors';
import { invalidate } from '../../api/queryStore';
import { Dialog, DialogActions } from '../../ui/Dialog';
import { Field, SelectField } from '../../ui/Field';
import { readAmount } from '../../ui/format';
import { FormError } from '../../ui/StateViews';
import { ACCOUNT_TYPE_OPTIONS } from './accountTypes';

interface Props {
  /** The account to edit, or null to create one. */
  account: Account | null;
  suggestedCurrency: string;
  onClose: () => void;
}

/** Create an account, or edit an existing one's name, type and opening balance. */
export function AccountDialog({ account, suggestedCurrency, onClose }: Props) {
  const [name, setName] = useState(account?.name ?? '');
  const [type, setType] = useState<Account['type']>(account?.type ?? 'checking');
  const [currency, setCurrency] = useState(account?.currency ?? suggestedCurrency);
  const [opening, setOpening] = useState(
    account && isCurrencyCode(account.currency)
      ? toDecimalString(account.openingBalance, account.currency)
      : '',
  );

  const save = useAction(async () => {
    if (!isCurrencyCode(currency)) throw new UserInputError('Choose a currency.');
    const openingBalance =
      opening.trim() === '' ? 0 : readAmount(opening, currency, 'opening balance');
    const saved = account
      ? await call('accounts.update', { id: account.id, name, type, openingBalance })
      : await call('accounts.create', { name, type, currency, openingBalance });
    invalidate('accounts.', 'transactions.', 'reports.', 'budgets.');
    return saved;
  });

  const submit = async () => {
    if (await save.run()) onClose();
  };

  return (
    <Dialog
      title={account ? `Edit ${account.name}` : 'New account'}
      open
      onClose={onClose}
      onSubmit={() => void submit()}
    >
      <div className="form-grid">
        <Field
          className="span-2"
          label="Name"
          value={name}
          onChange={setName}
          autoFocus
          maxLength={120}
          required
        />
        <SelectField
          label="Type"
          value={type}
          onChange={(value) => setType(value as Account['type'])}
        >
          {ACCOUNT_TYPE_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Currency"
          value={currency}
          onChange={setCurrency}
          disabled={account !== null}
        >
          {CURRENCY_CODES.map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </SelectField>
        <Field
          className="span-2"
          label="Opening balance"
          value={opening}
          onChange={setOpening}
          inputMode="decimal"
          placeholder="0.00"
          hint={
            account ? undefined : 'What the account held before the first transaction you record.'
          }
        />
      </div>
      <FormError message={save.error} />
      <DialogActions>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={save.pending}>
          {account ? 'Save' : 'Create account'}
        </button>
      </DialogActions>
    </Dialog>
  );
}
