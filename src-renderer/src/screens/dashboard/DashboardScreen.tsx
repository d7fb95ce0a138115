import { useMemo } from 'react';
import { monthOf, todayLocal } from '../../../../src-shared/domain';
import { hasCall } from '../../api/client';
import { useCall } from '../../api/hooks';
import {
  useAccountIndex,
  useAllAccounts,
  useCategories,
  useCategoryIndex,
} from '../../api/ledgerQueries';
import { Amount } from '../../ui/Amount';
import { money, monthName, shortDate } from '../../ui/format';
import { Empty, ErrorNote, Loading } from '../../ui/StateViews';
import { useNavigation } from '../shell/navigation';
import { categoryText } from '../transactions/TransactionRow';
import { BudgetSummary } from './BudgetSummary';
import { InvoicesCard } from './InvoicesCard';
import { SpendingChart } from './SpendingChart';
import './dashboard.css';

/** Net worth per currency, accounts, this month's spending and budget, recent activity. */
export function DashboardScreen() {
  const accounts = useAllAccounts();
  const { navigate } = useNavigation();
  const month = monthOf(todayLocal());
  const open = (accounts.data ?? []).filter((a) => !a.archived);

  // Never sum across currencies: one net worth per currency (DESIGN.md, Multi-currency).
  const netWorth = useMemo(() => {
    const totals = new Map<string, number>();
    for (const account of accounts.data ?? []) {
      totals.set(account.currency, (totals.get(account.currency) ?? 0) + account.balance);
    }
    return [...totals].sort(([a], [b]) => a.localeCompare(b));
  }, [accounts.data]);

  if (accounts.status === 'loading') return <Loading />;
  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen-header">
        <h1 id="screen-title">Dashboard</h1>
        <span className="muted">{monthName(month)}</span>
      </header>
      {accounts.status === 'error' && (
        <ErrorNote error={accounts.error} onRetry={accounts.reload} />
      )}
      {accounts.status === 'success' && accounts.data.length === 0 ? (
        <div className="card">
          <Empty title="Welcome to Casike">
            <p>Start by adding an account: checking, savings, a credit card or cash.</p>
            <button
              type="button"
              className="button button-primary"
              onClick={() => navigate('accounts')}
            >
              Add an account
            </button>
          </Empty>
        </div>
      ) : (
        <div className="dashboard-grid">
          <section className="card net-worth" aria-labelledby="net-worth-title">
            <h2 id="net-worth-title">Net worth</h2>
            <dl className="net-worth-list">
              {netWorth.map(([currency, total]) => (
                <div key={currency} className="net-worth-item">
                  <dt>{currency}</dt>
                  <dd>
                    <Amount minor={total} currency={currency} className="net-worth-amount" />
                  </dd>
                </div>
              ))}
            </dl>
            {netWorth.length > 1 && (
              <p className="muted dashboard-note">
                Currencies are shown separately: no exchange rates are stored yet.
              </p>
            )}
          </section>
          <section className="card" aria-labelledby="accounts-title">
            <div className="card-header">
              <h2 id="accounts-title">Accounts</h2>
              <button type="button" className="button-link" onClick={() => navigate('accounts')}>
                Manage
              </button>
            </div>
            <ul className="account-list">
              {open.map((account) => (
                <li key={account.id}>
                  <button
                    type="button"
                    className="account-link"
                    onClick={() => navigate('transactions', { accountId: account.id })}
                    aria-label={`${account.name}: ${money(account.balance, account.currency)}. Show transactions`}
                  >
                    <span>{account.name}</span>
                    <Amount minor={account.balance} currency={account.currency} />
                  </button>
                </li>
              ))}
            </ul>
          </section>
          {hasCall('budgets.get') && <BudgetSummary month={month} />}
          {hasCall('reports.spendingByCategory') && <SpendingChart month={month} />}
          {hasCall('invoices.metrics') && <InvoicesCard />}
          <RecentTransactions />
        </div>
      )}
    </section>
  );
}

function RecentTransactions() {
  const recent = useCall('transactions.list', { limit: 8, sort: 'date_desc' });
  const accounts = useAllAccounts();
  const categories = useCategories();
  const accountIndex = useAccountIndex(accounts.data);
  const categoryIndex = useCategoryIndex(categories.data);
  const { navigate } = useNavigation();
  const items = recent.data?.items ?? [];
  return (
    <section className="card dashboard-wide" aria-labelledby="recent-title">
      <div className="card-header">
        <h2 id="recent-title">Recent transactions</h2>
        <button type="button" className="button-link" onClick={() => navigate('transactions')}>
          View all
        </button>
      </div>
      {recent.status === 'loading' && <Loading />}
      {recent.status === 'error' && <ErrorNote error={recent.error} onRetry={recent.reload} />}
      {recent.status === 'success' && items.length === 0 && <Empty title="No transactions yet" />}
      {items.length > 0 && (
        <table className="data-table recent-table">
          <caption className="visually-hidden">The latest transactions</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Payee</th>
              <th scope="col">Category</th>
              <th scope="col">Account</th>
              <th scope="col" className="amount">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((tx) => {
              const account = accountIndex.get(tx.accountId);
              return (
                <tr key={tx.id}>
                  <td>{shortDate(tx.date)}</td>
                  <td>{tx.payee ?? <span className="muted">No payee</span>}</td>
                  <td>{categoryText(tx, { accounts: accountIndex, categories: categoryIndex })}</td>
                  <td className="muted">{account?.name}</td>
                  <td className="amount">
                    <Amount minor={tx.amount} currency={account?.currency ?? 'USD'} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
