import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Account, CategoryGroup, DistanceUnit } from '../../../../src-shared/contract';
import { isCurrencyCode, todayLocal } from '../../../../src-shared/domain';
import { call } from '../../api/client';
import { UserInputError } from '../../api/errors';
import { useAction, useCall } from '../../api/hooks';
import { invalidate } from '../../api/queryStore';
import { CategorySelect } from '../../ui/CategorySelect';
import { money, readAmount } from '../../ui/format';
import { FormError } from '../../ui/StateViews';
import { mileageMinor, rateText, readDistance, readRate } from './mileageMath';
import { ReceiptDrop } from './ReceiptDrop';
import { releasePreview, type PendingReceipt } from './receiptFiles';

type Mode = 'expense' | 'mileage';

interface Flags {
  business: boolean;
  taxDeductible: boolean;
  reimbursable: boolean;
}
const NO_FLAGS: Flags = { business: false, taxDeductible: false, reimbursable: false };

/** The vault's category named "Mileage", if it has one: the natural default for a trip. */
function mileageCategory(groups: readonly CategoryGroup[]): string | null {
  for (const group of groups) {
    const found = group.categories.find((c) => !c.hidden && c.name.toLowerCase() === 'mileage');
    if (found) return found.id;
  }
  return null;
}

/**
 * Quick entry, built for the keyboard: the amount has focus, Tab walks payee → category →
 * account → date (today unless changed; after the others because a date input takes three
 * Tabs) → memo → flags, Enter anywhere saves, and focus returns to the
 * amount with the form cleared for the next one (account, date and category stay).
 */
export function QuickEntry({
  accounts,
  groups,
}: {
  accounts: readonly Account[];
  groups: readonly CategoryGroup[];
}) {
  const open = accounts.filter((a) => !a.archived);
  const [mode, setMode] = useState<Mode>('expense');
  const [amount, setAmount] = useState('');
  const [distance, setDistance] = useState('');
  const [unit, setUnit] = useState<DistanceUnit>('km');
  const [rate, setRate] = useState('');
  const [date, setDate] = useState(todayLocal());
  const [payee, setPayee] = useState('');
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const [accountId, setAccountId] = useState(open[0]?.id ?? '');
  const [memo, setMemo] = useState('');
  const [flags, setFlags] = useState<Flags>(NO_FLAGS);
  const [receipts, setReceipts] = useState<PendingReceipt[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const firstRef = useRef<HTMLInputElement>(null);
  const ids = useId();
  const account = open.find((a) => a.id === accountId) ?? open[0];
  const currency = account && isCurrencyCode(account.currency) ? account.currency : null;

  const vaultRate = useCall('expenses.getMileageRate', {});
  useEffect(() => {
    const stored = vaultRate.data;
    if (stored && rate === '') {
      setUnit(stored.unit);
      setRate(rateText(stored.rateMilliMinor, stored.currency));
    }
    // Only fill the rate once, when the vault's default arrives.
  }, [vaultRate.data]);

  // The amount the core will store, shown while typing.
  const mileageNote = useMemo(() => {
    if (mode !== 'mileage' || !currency || distance.trim() === '' || rate.trim() === '')
      return 'Enter a distance and a rate to see the amount.';
    try {
      return `Amount: ${money(mileageMinor(readDistance(distance), readRate(rate, currency)), currency)}`;
    } catch (error) {
      return error instanceof Error ? error.message : 'Check the distance and the rate.';
    }
  }, [mode, currency, distance, rate]);

  const save = useAction(async () => {
    if (!account || !currency) throw new UserInputError('Choose an account or cash first.');
    const common = {
      accountId: account.id,
      date,
      payee: payee.trim() === '' ? null : payee.trim(),
      memo: memo.trim(),
      categoryId,
      ...flags,
      receipts: receipts.map((r) => ({ fileName: r.fileName, bytes: r.bytes })),
    };
    let created;
    if (mode === 'expense') {
      if (amount.trim() === '') throw new UserInputError('Enter the amount spent.');
      const minor = Math.abs(readAmount(amount, currency));
      if (minor === 0) throw new UserInputError('The amount must be more than zero.');
      created = await call('expenses.create', { ...common, amount: minor });
    } else {
      if (distance.trim() === '') throw new UserInputError('Enter the distance driven.');
      if (rate.trim() === '') throw new UserInputError('Enter the rate per unit of distance.');
      created = await call('expenses.createMileage', {
        ...common,
        distanceHundredths: readDistance(distance),
        unit,
        rateMilliMinor: readRate(rate, currency),
      });
    }
    invalidate('expenses.', 'transactions.', 'accounts.', 'payees.', 'reports.', 'budgets.');
    return created;
  });

  const submit = async () => {
    const created = await save.run();
    if (!created) return;
    const spent = money(-created.transaction.amount, created.currency);
    const attached = created.receipts.length;
    setSaved(
      `Saved ${spent}${created.transaction.payee ? ` at ${created.transaction.payee}` : ''}` +
        (attached > 0 ? ` with ${attached} receipt${attached === 1 ? '' : 's'}.` : '.'),
    );
    receipts.forEach(releasePreview);
    setReceipts([]);
    setAmount('');
    setDistance('');
    setPayee('');
    setMemo('');
    setFlags(NO_FLAGS);
    firstRef.current?.focus();
  };

  if (open.length === 0) {
    return (
      <p className="muted">
        Add an account first (a cash account works for cash): every expense is paid from one.
      </p>
    );
  }

  const flag = (key: keyof Flags, label: string) => (
    <label className="checkbox">
      <input
        type="checkbox"
        checked={flags[key]}
        onChange={(event) => setFlags({ ...flags, [key]: event.target.checked })}
      />
      {label}
    </label>
  );

  return (
    <form
      className="quick-entry"
      aria-label="Quick expense entry"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <fieldset className="segmented quick-mode">
        <legend className="visually-hidden">Kind of expense</legend>
        {(['expense', 'mileage'] as const).map((m) => (
          <label key={m} className={mode === m ? 'segment segment-on' : 'segment'}>
            <input
              type="radio"
              name="expense-mode"
              checked={mode === m}
              onChange={() => {
                setMode(m);
                const trip = mileageCategory(groups);
                if (m === 'mileage') setCategoryId(trip ?? categoryId);
                else if (categoryId === trip) setCategoryId(null);
                queueMicrotask(() => firstRef.current?.focus());
              }}
            />
            {m === 'expense' ? 'Expense' : 'Mileage'}
          </label>
        ))}
      </fieldset>
      <div className="quick-grid">
        {mode === 'expense' ? (
          <div className="field">
            <label htmlFor={`${ids}-amount`}>Amount{currency ? ` (${currency})` : ''}</label>
            <input
              id={`${ids}-amount`}
              ref={firstRef}
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
              inputMode="decimal"
              placeholder="0.00"
              autoFocus
            />
          </div>
        ) : (
          <>
            <div className="field">
              <label htmlFor={`${ids}-distance`}>Distance</label>
              <input
                id={`${ids}-distance`}
                ref={firstRef}
                value={distance}
                onChange={(e) => setDistance(e.target.value)}
                inputMode="decimal"
                placeholder="0"
              />
            </div>
            <div className="field">
              <label htmlFor={`${ids}-unit`}>Unit</label>
              <select
                id={`${ids}-unit`}
                value={unit}
                onChange={(e) => setUnit(e.target.value === 'mi' ? 'mi' : 'km')}
              >
                <option value="km">km</option>
                <option value="mi">miles</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${ids}-rate`}>
                Rate per {unit === 'mi' ? 'mile' : 'km'}
                {currency ? ` (${currency})` : ''}
              </label>
              <input
                id={`${ids}-rate`}
                value={rate}
                onChange={(e) => setRate(e.target.value)}
                inputMode="decimal"
                placeholder="0.00"
              />
            </div>
          </>
        )}
        <div className="field">
          <label htmlFor={`${ids}-payee`}>Payee</label>
          <input
            id={`${ids}-payee`}
            value={payee}
            maxLength={200}
            onChange={(e) => setPayee(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-category`}>Category</label>
          <CategorySelect
            id={`${ids}-category`}
            className=""
            groups={groups}
            value={categoryId}
            onChange={setCategoryId}
            label="Category"
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-account`}>Paid from</label>
          <select
            id={`${ids}-account`}
            value={account?.id ?? ''}
            onChange={(e) => setAccountId(e.target.value)}
          >
            {open.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({a.currency})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-date`}>Date</label>
          <input
            id={`${ids}-date`}
            type="date"
            value={date}
            onChange={(e) => setDate(e.target.value)}
          />
        </div>
        <div className="field quick-memo">
          <label htmlFor={`${ids}-memo`}>Memo</label>
          <input
            id={`${ids}-memo`}
            value={memo}
            maxLength={1000}
            onChange={(e) => setMemo(e.target.value)}
          />
        </div>
      </div>
      {mode === 'mileage' && (
        <p className="quick-computed" aria-live="polite">
          {mileageNote}
        </p>
      )}
      <div className="quick-flags">
        {flag('business', 'Business')}
        {flag('taxDeductible', 'Tax-deductible')}
        {flag('reimbursable', 'Reimbursable')}
      </div>
      <ReceiptDrop pending={receipts} onChange={setReceipts} />
      <FormError message={save.error} />
      <div className="quick-actions">
        <p className="muted quick-saved" role="status" aria-live="polite">
          {saved ?? 'Press Enter to save.'}
        </p>
        <button type="submit" className="button button-primary" disabled={save.pending}>
          {save.pending ? 'Saving…' : 'Save expense'}
        </button>
      </div>
    </form>
  );
}
