import { useMemo, useState } from 'react';
import type { ExpenseQuery, ReimbursementStatus } from '../../../../src-shared/contract';
import {
  useAccountIndex,
  useAllAccounts,
  useCategories,
  useCategoryIndex,
} from '../../api/ledgerQueries';
import { ErrorNote, Loading } from '../../ui/StateViews';
import { ExpenseList, STATUS_LABELS } from './ExpenseList';
import { QuickEntry } from './QuickEntry';
import './expenses.css';

interface Filters {
  from: string;
  to: string;
  flag: '' | 'business' | 'taxDeductible' | 'reimbursable';
  status: '' | ReimbursementStatus;
}
const NO_FILTERS: Filters = { from: '', to: '', flag: '', status: '' };

function toQuery(filters: Filters): ExpenseQuery {
  const query: ExpenseQuery = {};
  if (filters.from) query.from = filters.from;
  if (filters.to) query.to = filters.to;
  if (filters.flag) query[filters.flag] = true;
  if (filters.status) query.reimbursementStatus = filters.status;
  return query;
}

/** Expenses: quick entry at the top (keyboard first, receipts dropped in), the list below. */
export function ExpensesScreen() {
  const accounts = useAllAccounts();
  const categories = useCategories();
  const accountIndex = useAccountIndex(accounts.data);
  const categoryIndex = useCategoryIndex(categories.data);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const query = useMemo(() => toQuery(filters), [filters]);
  const set = (patch: Partial<Filters>) => setFilters({ ...filters, ...patch });
  const filtered = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS);

  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen-header">
        <h1 id="screen-title">Expenses</h1>
      </header>
      <section className="card" aria-labelledby="quick-entry-title">
        <h2 id="quick-entry-title" className="card-title">
          Add an expense
        </h2>
        {accounts.status === 'loading' || categories.status === 'loading' ? (
          <Loading />
        ) : accounts.status === 'error' ? (
          <ErrorNote error={accounts.error} onRetry={accounts.reload} />
        ) : categories.status === 'error' ? (
          <ErrorNote error={categories.error} onRetry={categories.reload} />
        ) : (
          <QuickEntry accounts={accounts.data} groups={categories.data} />
        )}
      </section>
      <section className="card card-flush" aria-labelledby="expense-list-title">
        <div className="expense-list-header">
          <h2 id="expense-list-title">Expenses</h2>
          <div className="filter-bar" role="search" aria-label="Filter expenses">
            <input
              type="date"
              className="input"
              aria-label="From date"
              value={filters.from}
              onChange={(e) => set({ from: e.target.value })}
            />
            <input
              type="date"
              className="input"
              aria-label="To date"
              value={filters.to}
              onChange={(e) => set({ to: e.target.value })}
            />
            <select
              className="input"
              aria-label="Flag"
              value={filters.flag}
              onChange={(e) => set({ flag: e.target.value as Filters['flag'] })}
            >
              <option value="">Any flag</option>
              <option value="business">Business</option>
              <option value="taxDeductible">Tax-deductible</option>
              <option value="reimbursable">Reimbursable</option>
            </select>
            <select
              className="input"
              aria-label="Reimbursement status"
              value={filters.status}
              onChange={(e) => set({ status: e.target.value as Filters['status'] })}
            >
              <option value="">Any status</option>
              {Object.entries(STATUS_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
            {filtered && (
              <button
                type="button"
                className="button button-small"
                onClick={() => setFilters(NO_FILTERS)}
              >
                Clear filters
              </button>
            )}
          </div>
        </div>
        <ExpenseList
          query={query}
          filtered={filtered}
          accounts={accountIndex}
          categories={categoryIndex}
        />
      </section>
    </section>
  );
}
