import { useCallback, useMemo, useState } from 'react';
import type { Transaction } from '../../../../src-shared/contract';
import { call } from '../../api/client';
import { useAction, useDebounced } from '../../api/hooks';
import {
  useAccountIndex,
  useAllAccounts,
  useCategories,
  useCategoryIndex,
} from '../../api/ledgerQueries';
import { invalidate } from '../../api/queryStore';
import { Dialog, DialogActions } from '../../ui/Dialog';
import { money } from '../../ui/format';
import { Empty, ErrorNote, FormError, Loading } from '../../ui/StateViews';
import { BulkBar } from './BulkBar';
import { EMPTY_FILTERS, FilterBar, type FilterState } from './FilterBar';
import { filtersToQuery } from './filterQuery';
import { NewTransactionDialog } from './NewTransactionDialog';
import { SplitEditor } from './SplitEditor';
import { SuggestionsDialog } from './SuggestionsDialog';
import { TransactionGrid } from './TransactionGrid';
import type { RowEdit } from './TransactionEditRow';
import { TransferDialog } from './TransferDialog';
import { usePagedRows } from './usePagedRows';
import './transactions.css';

const MAX_BULK = 10_000;

/** The currency most accounts use: what amount filters mean when no account is chosen. */
function commonCurrency(accounts: readonly { currency: string }[]): string {
  const counts = new Map<string, number>();
  for (const a of accounts) counts.set(a.currency, (counts.get(a.currency) ?? 0) + 1);
  let best = 'USD';
  let bestCount = 0;
  for (const [currency, count] of counts) {
    if (count > bestCount) [best, bestCount] = [currency, count];
  }
  return best;
}

/** Gives the keyboard back to the grid after a dialog or an inline edit closes. */
function focusGrid(): void {
  requestAnimationFrame(() =>
    document.querySelector<HTMLElement>('.tx-grid')?.focus({ preventScroll: true }),
  );
}

type Modal =
  | { kind: 'new' }
  | { kind: 'transfer' }
  | { kind: 'suggestions' }
  | { kind: 'split'; tx: Transaction }
  | { kind: 'delete'; tx: Transaction }
  | null;

/** The ledger: search, filters, a virtualized grid, inline edit, splits, transfers, bulk. */
export function TransactionsScreen({
  initialAccountId,
}: {
  initialAccountId?: string | undefined;
}) {
  const accounts = useAllAccounts();
  const categories = useCategories();
  const accountIndex = useAccountIndex(accounts.data);
  const categoryIndex = useCategoryIndex(categories.data);
  const groups = useMemo(() => categories.data ?? [], [categories.data]);
  const lookups = useMemo(
    () => ({ accounts: accountIndex, categories: categoryIndex }),
    [accountIndex, categoryIndex],
  );

  const [filterState, setFilterState] = useState<FilterState>({
    ...EMPTY_FILTERS,
    accountId: initialAccountId ?? '',
  });
  const search = useDebounced(filterState.search, 250);
  const amountCurrency =
    accountIndex.get(filterState.accountId)?.currency ?? commonCurrency(accounts.data ?? []);
  const { filters, problem } = filtersToQuery(filterState, search, amountCurrency);
  const [generation, setGeneration] = useState(0);
  const { rows, version } = usePagedRows(filters, generation);

  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [editingId, setEditingId] = useState<string | null>(null);
  const [modal, setModalState] = useState<Modal>(null);
  const setModal = useCallback((next: Modal) => {
    setModalState(next);
    if (next === null) focusGrid();
  }, []);
  const [notice, setNotice] = useState<string | null>(null);

  const restart = useCallback(() => {
    setGeneration((g) => g + 1);
    setSelected(new Set());
    setEditingId(null);
  }, []);

  const toggle = useCallback((id: string) => {
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else if (next.size < MAX_BULK) next.add(id);
      return next;
    });
  }, []);
  const selectAllLoaded = useCallback(() => setSelected(new Set(rows.loadedIds(MAX_BULK))), [rows]);
  const clearSelection = useCallback(() => setSelected(new Set()), []);
  const onEdit = useCallback((tx: Transaction | null) => setEditingId(tx?.id ?? null), []);

  const saveEdit = useAction(async (tx: Transaction, edit: RowEdit) => {
    const patch: { payee?: string | null; categoryId?: string | null; memo?: string } = {};
    if (edit.payee !== tx.payee) patch.payee = edit.payee;
    if (edit.memo !== tx.memo) patch.memo = edit.memo;
    if (edit.categoryId !== tx.categoryId && tx.splits.length === 0 && !tx.transfer) {
      patch.categoryId = edit.categoryId;
    }
    const saved =
      Object.keys(patch).length > 0 ? await call('transactions.update', { id: tx.id, patch }) : tx;
    rows.patch(saved);
    invalidate('payees.', 'reports.', 'budgets.');
    return saved;
  });
  const onSaveEdit = useCallback(
    (tx: Transaction, edit: RowEdit) => {
      void saveEdit.run(tx, edit).then((saved) => {
        if (saved) {
          setEditingId(null);
          focusGrid();
        }
      });
    },
    [saveEdit],
  );

  const bulk = useAction(async (categoryId: string | null) => {
    const ids = [...selected];
    const result = await call('transactions.bulkEdit', { ids, set: { categoryId } });
    const idSet = new Set(ids);
    // Split rows keep their parts' categories; transfers have none.
    rows.patchMany(idSet, (row) =>
      row.splits.length > 0 || row.transfer ? row : { ...row, categoryId },
    );
    invalidate('reports.', 'budgets.');
    return result;
  });
  const onBulk = (categoryId: string | null) => {
    void bulk.run(categoryId).then((result) => {
      if (result) {
        setNotice(`${result.updated.toLocaleString()} transactions updated.`);
        setSelected(new Set());
      }
    });
  };

  const remove = useAction(async (tx: Transaction) => {
    const result = await call('transactions.delete', { id: tx.id });
    invalidate('accounts.', 'reports.', 'budgets.');
    return result;
  });

  const accountsReady = accounts.status === 'success' && categories.status === 'success';
  const hasAccounts = (accounts.data ?? []).length > 0;
  const firstLoad = rows.loading;
  const empty = !firstLoad && rows.done && rows.rowCount === 0;
  const filtered = JSON.stringify(filters) !== JSON.stringify({ sort: 'date_desc' });

  return (
    <section className="screen screen-fill" aria-labelledby="screen-title">
      <header className="screen-header">
        <h1 id="screen-title">Transactions</h1>
        <div className="screen-header-actions">
          <button
            type="button"
            className="button"
            onClick={() => setModal({ kind: 'suggestions' })}
            disabled={!hasAccounts}
          >
            Suggestions
          </button>
          <button
            type="button"
            className="button"
            onClick={() => setModal({ kind: 'transfer' })}
            disabled={!hasAccounts}
          >
            New transfer
          </button>
          <button
            type="button"
            className="button button-primary"
            onClick={() => setModal({ kind: 'new' })}
            disabled={!hasAccounts}
          >
            New transaction
          </button>
        </div>
      </header>
      <FilterBar
        value={filterState}
        onChange={setFilterState}
        accounts={accounts.data ?? []}
        groups={groups}
        amountCurrency={amountCurrency}
        problem={problem}
      />
      <FormError message={problem} />
      {notice && (
        <p className="form-success" role="status">
          {notice}
        </p>
      )}
      <FormError message={saveEdit.error ?? bulk.error} />
      {selected.size > 0 && (
        <BulkBar
          count={selected.size}
          groups={groups}
          pending={bulk.pending}
          onCategorize={onBulk}
          onClear={clearSelection}
        />
      )}
      <div className="tx-panel">
        {!accountsReady && accounts.status !== 'error' && <Loading />}
        {accounts.status === 'error' && (
          <ErrorNote error={accounts.error} onRetry={accounts.reload} />
        )}
        {accountsReady && rows.error !== null && (
          <ErrorNote error={rows.error} onRetry={() => rows.retry()} />
        )}
        {accountsReady && firstLoad && <Loading label="Loading transactions…" />}
        {accountsReady && empty && (
          <Empty title={filtered ? 'No transactions match' : 'No transactions yet'}>
            <p>
              {filtered
                ? 'Try another search or clear the filters.'
                : hasAccounts
                  ? 'Add a transaction by hand, or import a bank statement.'
                  : 'Create an account first, then add transactions to it.'}
            </p>
          </Empty>
        )}
        {accountsReady && !firstLoad && !empty && (
          <TransactionGrid
            rows={rows}
            version={version}
            lookups={lookups}
            groups={groups}
            selected={selected}
            onToggle={toggle}
            onSelectAllLoaded={selectAllLoaded}
            onClearSelection={clearSelection}
            editingId={editingId}
            onEdit={onEdit}
            savingEdit={saveEdit.pending}
            onSaveEdit={onSaveEdit}
            onSplit={(tx) => setModal({ kind: 'split', tx })}
            onDelete={(tx) => setModal({ kind: 'delete', tx })}
          />
        )}
      </div>
      <p className="tx-footer muted" aria-live="polite">
        {rows.done
          ? `${rows.rowCount.toLocaleString()} transaction${rows.rowCount === 1 ? '' : 's'}`
          : rows.rowCount > 0
            ? `${rows.rowCount.toLocaleString()}+ transactions loaded; more load as you scroll`
            : ''}
        {' · '}↑↓ move, Space selects, Enter edits, Esc cancels
      </p>
      {modal?.kind === 'new' && (
        <NewTransactionDialog
          accounts={accounts.data ?? []}
          groups={groups}
          defaultAccountId={filterState.accountId || undefined}
          onClose={() => setModal(null)}
          onDone={() => {
            setModal(null);
            restart();
          }}
        />
      )}
      {modal?.kind === 'suggestions' && (
        <SuggestionsDialog
          currency={commonCurrency(accounts.data ?? [])}
          onApplied={restart}
          onClose={() => setModal(null)}
        />
      )}
      {modal?.kind === 'transfer' && (
        <TransferDialog
          accounts={accounts.data ?? []}
          onClose={() => setModal(null)}
          onDone={() => {
            setModal(null);
            restart();
          }}
        />
      )}
      {modal?.kind === 'split' && (
        <SplitEditor
          tx={modal.tx}
          currency={accountIndex.get(modal.tx.accountId)?.currency ?? 'USD'}
          groups={groups}
          onClose={() => setModal(null)}
          onSaved={(saved) => {
            rows.patch(saved);
            invalidate('reports.', 'budgets.');
            setModal(null);
            setEditingId(null);
          }}
        />
      )}
      {modal?.kind === 'delete' && (
        <Dialog
          title="Delete transaction?"
          open
          onClose={() => setModal(null)}
          onSubmit={() =>
            void remove.run(modal.tx).then((done) => {
              if (done) {
                setModal(null);
                restart();
              }
            })
          }
        >
          <p>
            {modal.tx.payee ?? 'This transaction'} on {modal.tx.date},{' '}
            {money(modal.tx.amount, accountIndex.get(modal.tx.accountId)?.currency ?? 'USD')}, will
            be deleted.
            {modal.tx.transfer ? ' The other side of the transfer is deleted too.' : ''} This cannot
            be undone.
          </p>
          <FormError message={remove.error} />
          <DialogActions>
            <button type="button" className="button" onClick={() => setModal(null)}>
              Cancel
            </button>
            <button
              type="submit"
              className="button button-danger"
              disabled={remove.pending}
              autoFocus
            >
              Delete
            </button>
          </DialogActions>
        </Dialog>
      )}
    </section>
  );
}
