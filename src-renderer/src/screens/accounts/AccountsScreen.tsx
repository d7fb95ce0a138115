import { useState } from 'react';
import type { Account } from '../../../../src-shared/contract';
import { call } from '../../api/client';
import { useAction } from '../../api/hooks';
import { useAllAccounts } from '../../api/ledgerQueries';
import { invalidate } from '../../api/queryStore';
import { Amount } from '../../ui/Amount';
import { Empty, ErrorNote, FormError, Loading } from '../../ui/StateViews';
import { useNavigation } from '../shell/navigation';
import { AccountDialog } from './AccountDialog';
import { ACCOUNT_TYPE_LABELS, defaultCurrency } from './accountTypes';
import './accounts.css';

/** Accounts with their balances: create, edit (rename, type, opening balance), archive. */
export function AccountsScreen() {
  const accounts = useAllAccounts();
  const [showArchived, setShowArchived] = useState(false);
  const [editing, setEditing] = useState<Account | 'new' | null>(null);
  const { navigate } = useNavigation();
  const archive = useAction(async (account: Account, archived: boolean) => {
    const saved = await call('accounts.update', { id: account.id, archived });
    invalidate('accounts.');
    return saved;
  });

  const all = accounts.data ?? [];
  const shown = all.filter((a) => showArchived || !a.archived);
  const archivedCount = all.filter((a) => a.archived).length;

  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen-header">
        <h1 id="screen-title">Accounts</h1>
        <div className="screen-header-actions">
          {archivedCount > 0 && (
            <label className="checkbox">
              <input
                type="checkbox"
                checked={showArchived}
                onChange={(e) => setShowArchived(e.target.checked)}
              />
              Show archived ({archivedCount})
            </label>
          )}
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            New account
          </button>
        </div>
      </header>
      <FormError message={archive.error} />
      {accounts.status === 'loading' && <Loading />}
      {accounts.status === 'error' && (
        <ErrorNote error={accounts.error} onRetry={accounts.reload} />
      )}
      {accounts.status === 'success' && all.length === 0 && (
        <div className="card">
          <Empty title="No accounts yet">
            <p>Add your checking account, a credit card or cash to start tracking balances.</p>
            <button
              type="button"
              className="button button-primary"
              onClick={() => setEditing('new')}
            >
              Add your first account
            </button>
          </Empty>
        </div>
      )}
      {shown.length > 0 && (
        <div className="card card-flush">
          <table className="data-table">
            <caption className="visually-hidden">Accounts and balances</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Currency</th>
                <th scope="col" className="amount">
                  Balance
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((account) => (
                <tr key={account.id} className={account.archived ? 'row-archived' : undefined}>
                  <th scope="row">
                    {account.name}
                    {account.archived && <span className="badge account-badge">Archived</span>}
                  </th>
                  <td>{ACCOUNT_TYPE_LABELS[account.type]}</td>
                  <td>{account.currency}</td>
                  <td className="amount">
                    <Amount minor={account.balance} currency={account.currency} />
                  </td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => navigate('transactions', { accountId: account.id })}
                      aria-label={`Transactions in ${account.name}`}
                    >
                      Transactions
                    </button>
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => setEditing(account)}
                      aria-label={`Edit ${account.name}`}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      className="button button-small"
                      disabled={archive.pending}
                      onClick={() => void archive.run(account, !account.archived)}
                      aria-label={`${account.archived ? 'Unarchive' : 'Archive'} ${account.name}`}
                    >
                      {account.archived ? 'Unarchive' : 'Archive'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing !== null && (
        <AccountDialog
          account={editing === 'new' ? null : editing}
          suggestedCurrency={defaultCurrency(all)}
          onClose={() => setEditing(null)}
        />
      )}
    </section>
  );
}
