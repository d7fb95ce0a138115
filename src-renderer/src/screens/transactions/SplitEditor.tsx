import { useMemo, useState } from 'react';
import type { CategoryGroup, Transaction } from '../../../../src-shared/contract';
import { isCurrencyCode, toDecimalString } from '../../../../src-shared/domain';
import { call } from '../../api/client';
import { useAction } from '../../api/hooks';
import { UserInputError } from '../../api/errors';
import { CategorySelect } from '../../ui/CategorySelect';
import { Dialog, DialogActions } from '../../ui/Dialog';
import { money, readAmount } from '../../ui/format';
import { FormError } from '../../ui/StateViews';

interface Part {
  key: number;
  categoryId: string | null;
  /** A size in the transaction's direction ("12.50"); a leading minus flips it. */
  amount: string;
  memo: string;
}

interface Props {
  tx: Transaction;
  currency: string;
  groups: readonly CategoryGroup[];
  onClose: () => void;
  onSaved: (tx: Transaction) => void;
}

const direction = (tx: Transaction) => (tx.amount < 0 ? -1 : 1);

function decimal(minor: number, currency: string): string {
  return isCurrencyCode(currency) ? toDecimalString(minor, currency) : String(minor);
}

/** Reads a part's text as signed minor units, or null when it is not (yet) an amount. */
function partMinor(text: string, currency: string, sign: number): number | null {
  if (text.trim() === '') return 0;
  try {
    return readAmount(text, currency) * sign;
  } catch {
    return null;
  }
}

/**
 * Splits one transaction into parts with their own categories. The parts must add up to
 * the transaction exactly; the remainder is shown live, and "Fill remainder" puts it into a
 * part. Saving with no parts turns the transaction back into a plain one.
 */
export function SplitEditor({ tx, currency, groups, onClose, onSaved }: Props) {
  const sign = direction(tx);
  const [parts, setParts] = useState<Part[]>(() =>
    tx.splits.length > 0
      ? tx.splits.map((s, i) => ({
          key: i,
          categoryId: s.categoryId,
          amount: decimal(s.amount * sign, currency),
          memo: s.memo,
        }))
      : [
          {
            key: 0,
            categoryId: tx.categoryId,
            amount: decimal(Math.abs(tx.amount), currency),
            memo: '',
          },
          { key: 1, categoryId: null, amount: '', memo: '' },
        ],
  );
  const [nextKey, setNextKey] = useState(parts.length);

  const amounts = useMemo(
    () => parts.map((p) => partMinor(p.amount, currency, sign)),
    [parts, currency, sign],
  );
  const unreadable = amounts.some((a) => a === null);
  const allocated = amounts.reduce<number>((total, a) => total + (a ?? 0), 0);
  const remainder = tx.amount - allocated;

  const update = (key: number, patch: Partial<Part>) =>
    setParts((list) => list.map((p) => (p.key === key ? { ...p, ...patch } : p)));
  const add = () => {
    setParts((list) => [...list, { key: nextKey, categoryId: null, amount: '', memo: '' }]);
    setNextKey((k) => k + 1);
  };
  const fillRemainder = (key: number, current: number) =>
    update(key, { amount: decimal((current + remainder) * sign, currency) });

  const save = useAction(async (unsplit: boolean) => {
    if (!unsplit) {
      if (unreadable) throw new UserInputError('One of the amounts is not a valid amount.');
      if (remainder !== 0)
        throw new UserInputError('The parts must add up to the transaction amount.');
      if (parts.length < 2) throw new UserInputError('A split needs at least two parts.');
    }
    const splits = unsplit
      ? []
      : parts.map((p, i) => ({
          categoryId: p.categoryId,
          amount: amounts[i] ?? 0,
          memo: p.memo.trim(),
        }));
    return call('transactions.update', { id: tx.id, patch: { splits } });
  });

  const submit = async (unsplit = false) => {
    const saved = await save.run(unsplit);
    if (saved) onSaved(saved);
  };

  return (
    <Dialog title="Split transaction" open wide onClose={onClose} onSubmit={() => void submit()}>
      <p className="split-summary">
        <span>{tx.payee ?? 'Transaction'}</span>
        <span className="amount">{money(tx.amount, currency)}</span>
      </p>
      <p className="muted split-hint">
        Amounts are in the transaction&apos;s direction ({sign < 0 ? 'money out' : 'money in'});
        type a minus sign for a part that goes the other way.
      </p>
      <div className="split-parts">
        {parts.map((part, i) => (
          <fieldset key={part.key} className="split-part">
            <legend className="visually-hidden">Part {i + 1}</legend>
            <CategorySelect
              groups={groups}
              value={part.categoryId}
              onChange={(categoryId) => update(part.key, { categoryId })}
              label={`Category of part ${i + 1}`}
            />
            <input
              className="input split-amount"
              inputMode="decimal"
              aria-label={`Amount of part ${i + 1}`}
              aria-invalid={amounts[i] === null}
              value={part.amount}
              onChange={(e) => update(part.key, { amount: e.target.value })}
            />
            <input
              className="input"
              aria-label={`Memo of part ${i + 1}`}
              placeholder="Memo"
              value={part.memo}
              maxLength={500}
              onChange={(e) => update(part.key, { memo: e.target.value })}
            />
            <button
              type="button"
              className="button button-small"
              disabled={remainder === 0 || amounts[i] === null}
              onClick={() => fillRemainder(part.key, amounts[i] ?? 0)}
              aria-label={`Put the remainder into part ${i + 1}`}
            >
              + Rest
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove part ${i + 1}`}
              onClick={() => setParts((list) => list.filter((p) => p.key !== part.key))}
            >
              <span aria-hidden="true">×</span>
            </button>
          </fieldset>
        ))}
      </div>
      <div className="split-footer">
        <button
          type="button"
          className="button button-small"
          onClick={add}
          disabled={parts.length >= 100}
        >
          Add part
        </button>
        <output
          className={
            remainder === 0 && !unreadable ? 'split-remainder split-ok' : 'split-remainder'
          }
          aria-live="polite"
        >
          {unreadable
            ? 'An amount is not valid'
            : remainder === 0
              ? 'Fully allocated'
              : `Remaining: ${money(remainder * sign, currency)}`}
        </output>
      </div>
      <FormError message={save.error} />
      <DialogActions>
        {tx.splits.length > 0 && (
          <button
            type="button"
            className="button button-danger"
            onClick={() => void submit(true)}
            disabled={save.pending}
          >
            Remove split
          </button>
        )}
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="submit"
          className="button button-primary"
          disabled={save.pending || remainder !== 0 || unreadable || parts.length < 2}
        >
          Save split
        </button>
      </DialogActions>
    </Dialog>
  );
}
