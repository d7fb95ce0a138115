import { memo } from 'react';
import type { Account, Transaction } from '../../../../src-shared/contract';
import type { CategoryInfo } from '../../api/ledgerQueries';
import { Amount } from '../../ui/Amount';
import { shortDate } from '../../ui/format';

export interface RowLookups {
  accounts: Map<string, Account>;
  categories: Map<string, CategoryInfo>;
}

interface Props {
  tx: Transaction | undefined;
  index: number;
  top: number;
  active: boolean;
  selected: boolean;
  lookups: RowLookups;
  onActivate: (index: number) => void;
  onToggle: (index: number) => void;
  onEdit: (index: number) => void;
}

export function rowId(index: number): string {
  return `tx-row-${index}`;
}

/** What the category cell says: the category, the split, or the transfer's other side. */
export function categoryText(tx: Transaction, lookups: RowLookups): string {
  if (tx.transfer) {
    const other = lookups.accounts.get(tx.transfer.accountId)?.name ?? 'another account';
    return tx.amount < 0 ? `Transfer to ${other}` : `Transfer from ${other}`;
  }
  if (tx.splits.length > 0) return `Split (${tx.splits.length})`;
  if (tx.categoryId === null) return 'Uncategorized';
  return lookups.categories.get(tx.categoryId)?.name ?? 'Unknown category';
}

/** One read-only row of the transaction grid. Memoized: a scroll re-renders only moved rows. */
export const TransactionRow = memo(function TransactionRow({
  tx,
  index,
  top,
  active,
  selected,
  lookups,
  onActivate,
  onToggle,
  onEdit,
}: Props) {
  const className = ['tx-row', active && 'tx-row-active', selected && 'tx-row-selected']
    .filter(Boolean)
    .join(' ');
  if (!tx) {
    return (
      <div
        role="row"
        id={rowId(index)}
        aria-rowindex={index + 2}
        className={`${className} tx-row-placeholder`}
        style={{ top }}
      >
        <div role="gridcell" className="tx-cell tx-loading-cell">
          <span className="skeleton" aria-hidden="true" />
          <span className="visually-hidden">Loading</span>
        </div>
      </div>
    );
  }
  const account = lookups.accounts.get(tx.accountId);
  const currency = account?.currency ?? 'USD';
  const category = categoryText(tx, lookups);
  return (
    <div
      role="row"
      id={rowId(index)}
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={className}
      style={{ top }}
      onClick={() => onActivate(index)}
      onDoubleClick={() => onEdit(index)}
    >
      <div role="gridcell" className="tx-cell tx-check">
        <input
          type="checkbox"
          tabIndex={-1}
          checked={selected}
          aria-label={`Select ${tx.payee ?? 'transaction'} on ${tx.date}`}
          onClick={(event) => event.stopPropagation()}
          onChange={() => onToggle(index)}
        />
      </div>
      <div role="gridcell" className="tx-cell tx-date">
        {shortDate(tx.date)}
      </div>
      <div role="gridcell" className="tx-cell tx-account">
        {account?.name ?? ''}
      </div>
      <div role="gridcell" className="tx-cell tx-payee">
        {tx.payee ?? <span className="muted">No payee</span>}
        {tx.status === 'pending' && <span className="badge tx-pending">Pending</span>}
      </div>
      <div
        role="gridcell"
        className={
          tx.categoryId === null && tx.splits.length === 0 && !tx.transfer
            ? 'tx-cell tx-category muted'
            : 'tx-cell tx-category'
        }
      >
        {category}
      </div>
      <div role="gridcell" className="tx-cell tx-memo" title={tx.memo}>
        {tx.memo}
      </div>
      <div role="gridcell" className="tx-cell tx-amount">
        <Amount minor={tx.amount} currency={currency} />
      </div>
      <div role="gridcell" className="tx-cell tx-actions">
        <button
          type="button"
          className="icon-button"
          tabIndex={-1}
          aria-label={`Edit ${tx.payee ?? 'transaction'} on ${tx.date}`}
          onClick={(event) => {
            event.stopPropagation();
            onEdit(index);
          }}
        >
          <svg className="nav-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M4 20h4L19 9l-4-4L4 16zM13.5 6.5l4 4" />
          </svg>
        </button>
      </div>
    </div>
  );
});
