import { useId, useState, type KeyboardEvent } from 'react';
import type { CategoryGroup, Transaction } from '../../../../src-shared/contract';
import { useCall, useDebounced } from '../../api/hooks';
import { Amount } from '../../ui/Amount';
import { CategorySelect } from '../../ui/CategorySelect';
import { shortDate } from '../../ui/format';
import { categoryText, rowId, type RowLookups } from './TransactionRow';

export interface RowEdit {
  payee: string | null;
  categoryId: string | null;
  memo: string;
}

interface Props {
  tx: Transaction;
  index: number;
  top: number;
  lookups: RowLookups;
  groups: readonly CategoryGroup[];
  saving: boolean;
  onSave: (edit: RowEdit) => void;
  onCancel: () => void;
  onSplit: () => void;
  onDelete: () => void;
}

/**
 * The row being edited in place: payee (with suggestions), category and memo. Enter saves,
 * Escape cancels; keys never reach the grid while editing.
 */
export function TransactionEditRow({
  tx,
  index,
  top,
  lookups,
  groups,
  saving,
  onSave,
  onCancel,
  onSplit,
  onDelete,
}: Props) {
  const [payee, setPayee] = useState(tx.payee ?? '');
  const [categoryId, setCategoryId] = useState(tx.categoryId);
  const [memo, setMemo] = useState(tx.memo);
  const listId = useId();
  const search = useDebounced(payee.trim(), 200);
  const payees = useCall('payees.list', { search, limit: 12 });
  const currency = lookups.accounts.get(tx.accountId)?.currency ?? 'USD';
  const categoryLocked = tx.transfer !== null || tx.splits.length > 0;
  const label = `${tx.payee ?? 'transaction'} on ${tx.date}`;

  const save = () => onSave({ payee: payee.trim() === '' ? null : payee.trim(), categoryId, memo });

  const onKeyDown = (event: KeyboardEvent) => {
    event.stopPropagation();
    if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
    } else if (event.key === 'Enter' && !(event.target instanceof HTMLButtonElement)) {
      event.preventDefault();
      save();
    }
  };

  return (
    <div
      role="row"
      id={rowId(index)}
      aria-rowindex={index + 2}
      aria-selected={false}
      className="tx-row tx-row-active tx-row-editing"
      style={{ top }}
      onKeyDown={onKeyDown}
    >
      <div role="gridcell" className="tx-cell tx-check" />
      <div role="gridcell" className="tx-cell tx-date">
        {shortDate(tx.date)}
      </div>
      <div role="gridcell" className="tx-cell tx-account">
        {lookups.accounts.get(tx.accountId)?.name ?? ''}
      </div>
      <div role="gridcell" className="tx-cell tx-payee">
        <input
          className="input tx-input"
          aria-label={`Payee of ${label}`}
          value={payee}
          list={listId}
          maxLength={200}
          autoFocus
          onChange={(event) => setPayee(event.target.value)}
        />
        <datalist id={listId}>
          {(payees.data ?? []).map((p) => (
            <option key={p.id} value={p.name} />
          ))}
        </datalist>
      </div>
      <div role="gridcell" className="tx-cell tx-category">
        {categoryLocked ? (
          <button
            type="button"
            className="button button-small tx-split-button"
            onClick={onSplit}
            disabled={tx.transfer !== null}
          >
            {categoryText(tx, lookups)}
          </button>
        ) : (
          <CategorySelect
            className="input tx-input"
            groups={groups}
            value={categoryId}
            onChange={setCategoryId}
            label={`Category of ${label}`}
          />
        )}
      </div>
      <div role="gridcell" className="tx-cell tx-memo">
        <input
          className="input tx-input"
          aria-label={`Memo of ${label}`}
          value={memo}
          maxLength={1000}
          onChange={(event) => setMemo(event.target.value)}
        />
      </div>
      <div role="gridcell" className="tx-cell tx-amount">
        <Amount minor={tx.amount} currency={currency} />
      </div>
      <div role="gridcell" className="tx-cell tx-actions tx-edit-actions">
        <button
          type="button"
          className="icon-button"
          aria-label="Save changes"
          onClick={save}
          disabled={saving}
        >
          <svg className="nav-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M5 12l5 5L20 7" />
          </svg>
        </button>
        {tx.transfer === null && (
          <button
            type="button"
            className="icon-button"
            aria-label="Split transaction"
            onClick={onSplit}
          >
            <svg className="nav-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
              <path d="M6 3v6a6 6 0 0 0 6 6M18 3v6a6 6 0 0 1-6 6v6" />
            </svg>
          </button>
        )}
        <button
          type="button"
          className="icon-button"
          aria-label="Delete transaction"
          onClick={onDelete}
        >
          <svg className="nav-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13" />
          </svg>
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Cancel editing"
          onClick={onCancel}
        >
          <svg className="nav-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M6 6l12 12M18 6L6 18" />
          </svg>
        </button>
      </div>
    </div>
  );
}
