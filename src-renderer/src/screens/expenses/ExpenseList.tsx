import { useState } from 'react';
import type {
  Account,
  Expense,
  ExpenseQuery,
  ReceiptMeta,
  ReimbursementStatus,
} from '../../../../src-shared/contract';
import { call } from '../../api/client';
import { useAction, useCall } from '../../api/hooks';
import type { CategoryInfo } from '../../api/ledgerQueries';
import { invalidate } from '../../api/queryStore';
import { Amount } from '../../ui/Amount';
import { Dialog, DialogActions } from '../../ui/Dialog';
import { money, shortDate } from '../../ui/format';
import { Empty, ErrorNote, FormError, Loading } from '../../ui/StateViews';
import { ReceiptThumb } from './ReceiptThumb';
import { ReceiptViewer } from './ReceiptViewer';

export const STATUS_LABELS: Record<ReimbursementStatus, string> = {
  to_submit: 'To submit',
  submitted: 'Submitted',
  reimbursed: 'Reimbursed',
};

const PAGE = 200;

/** The expenses matching the filters, newest first, with their receipts and flags. */
export function ExpenseList({
  query,
  filtered,
  accounts,
  categories,
}: {
  query: ExpenseQuery;
  filtered: boolean;
  accounts: Map<string, Account>;
  categories: Map<string, CategoryInfo>;
}) {
  const list = useCall('expenses.list', { ...query, limit: PAGE });
  const [viewing, setViewing] = useState<ReceiptMeta | null>(null);
  const [deleting, setDeleting] = useState<Expense | null>(null);
  const setStatus = useAction(async (transactionId: string, status: ReimbursementStatus) => {
    const updated = await call('expenses.update', {
      transactionId,
      patch: { reimbursementStatus: status },
    });
    invalidate('expenses.');
    return updated;
  });

  if (list.status === 'loading') return <Loading label="Loading expenses…" />;
  if (list.status === 'error') return <ErrorNote error={list.error} onRetry={list.reload} />;
  const items = list.data.items;
  if (items.length === 0) {
    return (
      <Empty title={filtered ? 'No expenses match these filters' : 'No expenses yet'}>
        {!filtered && <p>Type an amount above and press Enter: that is an expense saved.</p>}
      </Empty>
    );
  }

  return (
    <>
      <FormError message={setStatus.error} />
      <table className="data-table expense-table">
        <caption className="visually-hidden">Expenses</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Payee</th>
            <th scope="col">Category</th>
            <th scope="col">Flags</th>
            <th scope="col">Receipts</th>
            <th scope="col">Reimbursement</th>
            <th scope="col" className="amount">
              Amount
            </th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((expense) => {
            const tx = expense.transaction;
            const name = tx.payee ?? 'No payee';
            const category = tx.categoryId ? categories.get(tx.categoryId) : undefined;
            const account = accounts.get(tx.accountId);
            return (
              <tr key={tx.id}>
                <td>{shortDate(tx.date)}</td>
                <td>
                  {tx.payee ?? <span className="muted">No payee</span>}
                  {expense.mileage && (
                    <div className="muted expense-sub">
                      {expense.mileage.distanceHundredths / 100} {expense.mileage.unit}
                    </div>
                  )}
                  {account && <div className="muted expense-sub">{account.name}</div>}
                </td>
                <td>{category?.name ?? <span className="muted">Uncategorized</span>}</td>
                <td>
                  <span className="expense-flags">
                    {expense.flags.business && <span className="badge">Business</span>}
                    {expense.flags.taxDeductible && <span className="badge">Tax</span>}
                    {expense.flags.reimbursable && <span className="badge">Reimbursable</span>}
                  </span>
                </td>
                <td>
                  <span className="receipt-thumbs">
                    <span className="receipt-count">{expense.receipts.length}</span>
                    {expense.receipts.map((receipt) => (
                      <ReceiptThumb
                        key={receipt.id}
                        receipt={receipt}
                        onOpen={() => setViewing(receipt)}
                      />
                    ))}
                  </span>
                </td>
                <td>
                  {expense.flags.reimbursementStatus ? (
                    <select
                      className="input input-compact"
                      aria-label={`Reimbursement of ${name}`}
                      value={expense.flags.reimbursementStatus}
                      disabled={setStatus.pending}
                      onChange={(e) =>
                        void setStatus.run(tx.id, e.target.value as ReimbursementStatus)
                      }
                    >
                      {Object.entries(STATUS_LABELS).map(([value, label]) => (
                        <option key={value} value={value}>
                          {label}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="amount">
                  <Amount minor={tx.amount} currency={expense.currency} />
                </td>
                <td className="row-actions">
                  <button
                    type="button"
                    className="button button-small"
                    aria-label={`Delete expense ${name} ${money(tx.amount, expense.currency)}`}
                    onClick={() => setDeleting(expense)}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {list.data.nextCursor && (
        <p className="muted expense-more">
          Showing the latest {PAGE}. Narrow the dates to see older expenses.
        </p>
      )}
      {viewing && <ReceiptViewer receipt={viewing} onClose={() => setViewing(null)} />}
      {deleting && <DeleteExpense expense={deleting} onClose={() => setDeleting(null)} />}
    </>
  );
}

function DeleteExpense({ expense, onClose }: { expense: Expense; onClose: () => void }) {
  const tx = expense.transaction;
  const remove = useAction(async () => {
    await call('expenses.delete', { transactionId: tx.id });
    invalidate('expenses.', 'transactions.', 'accounts.', 'reports.', 'budgets.');
    return true;
  });
  const receipts = expense.receipts.length;
  return (
    <Dialog
      title="Delete this expense?"
      open
      onClose={onClose}
      onSubmit={() => void remove.run().then((done) => done && onClose())}
    >
      <p>
        {money(tx.amount, expense.currency)} {tx.payee ? `at ${tx.payee} ` : ''}on{' '}
        {shortDate(tx.date)} will be removed from the ledger
        {receipts > 0 ? `, with its ${receipts} receipt${receipts === 1 ? '' : 's'}` : ''}. This
        cannot be undone.
      </p>
      <FormError message={remove.error} />
      <DialogActions>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button button-danger" disabled={remove.pending}>
          Delete expense
        </button>
      </DialogActions>
    </Dialog>
  );
}
