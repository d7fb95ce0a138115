import type { BankAccountView, BankItemView, CloudReach } from '../../../../src-shared/contract';
import { Amount } from '../../ui/Amount';
import { instant } from './cloudText';

interface BankItemCardProps {
  item: BankItemView;
  cloud: CloudReach;
  syncing: boolean;
  /** Link and sync need a subscription; listing and unlinking never do. */
  entitled: boolean;
  busy: boolean;
  onSync: () => void;
  onReconnect: () => void;
  onUnlink: () => void;
}

const REASONS: Readonly<Record<string, string>> = {
  ITEM_LOGIN_REQUIRED: 'The bank asks you to sign in again.',
  PENDING_EXPIRATION: 'Access to this bank expires soon; reconnect to keep it syncing.',
  PENDING_DISCONNECT: 'The bank will disconnect soon; reconnect to keep it syncing.',
};

/** Plaid reports what is owed on credit cards and loans as a positive balance. */
const owes = (type: BankAccountView['accountType']) => type === 'credit_card' || type === 'loan';

function statusOf(item: BankItemView, cloud: CloudReach, syncing: boolean) {
  if (syncing) return { tone: 'sync', label: 'Syncing…', detail: null };
  if (cloud === 'offline')
    return { tone: 'offline', label: 'Offline', detail: 'Will sync when you are online.' };
  if (cloud === 'signed-out')
    return { tone: 'offline', label: 'Not signed in', detail: 'Sign in to Casike Cloud to sync.' };
  if (item.status === 'reconnect')
    return {
      tone: 'warn',
      label: 'Reconnect your bank',
      detail: REASONS[item.statusReason ?? ''] ?? 'The bank asks you to sign in again.',
    };
  return {
    tone: 'ok',
    label: 'Connected',
    detail: item.updatesAvailable ? 'New transactions are waiting: sync now.' : null,
  };
}

/** One linked bank: status, last sync, its accounts and balances, and what can be done. */
export function BankItemCard(props: BankItemCardProps) {
  const { item, cloud, syncing, entitled, busy } = props;
  const name = item.institutionName ?? 'Bank';
  const status = statusOf(item, cloud, syncing);
  const titleId = `bank-${item.itemId}`;
  const online = cloud === 'online';
  return (
    <article className="card bank-card" aria-labelledby={titleId}>
      <header className="bank-card-header">
        <div>
          <h2 id={titleId}>{name}</h2>
          <p className="muted bank-meta">
            Last synced {instant(item.lastSyncedAt)} · linked {instant(item.linkedAt)}
          </p>
        </div>
        <span className={`badge bank-status bank-status-${status.tone}`}>{status.label}</span>
      </header>
      {status.detail !== null && (
        <p className="bank-status-detail" role="status">
          {status.detail}
        </p>
      )}
      {item.accounts.length === 0 ? (
        <p className="muted">No accounts yet: they appear after the first sync.</p>
      ) : (
        <table className="data-table bank-accounts">
          <caption className="visually-hidden">Accounts at {name}</caption>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col" className="amount">
                Balance
              </th>
              <th scope="col" className="amount">
                Available
              </th>
            </tr>
          </thead>
          <tbody>
            {item.accounts.map((account) => (
              <tr key={account.accountId}>
                <th scope="row">{account.name}</th>
                <td className="amount">
                  {account.balanceCurrent === null ? (
                    <span className="muted">—</span>
                  ) : (
                    <Amount
                      minor={
                        owes(account.accountType) ? -account.balanceCurrent : account.balanceCurrent
                      }
                      currency={account.currency}
                    />
                  )}
                </td>
                <td className="amount">
                  {account.balanceAvailable === null ? (
                    <span className="muted">—</span>
                  ) : (
                    <Amount minor={account.balanceAvailable} currency={account.currency} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="bank-actions">
        {item.status === 'reconnect' && online && (
          <button
            type="button"
            className="button button-primary"
            disabled={busy || !entitled}
            onClick={props.onReconnect}
            aria-label={`Reconnect ${name}`}
          >
            Reconnect
          </button>
        )}
        <button
          type="button"
          className="button"
          disabled={busy || !online || !entitled || item.status === 'reconnect'}
          onClick={props.onSync}
          aria-label={`Sync ${name} now`}
        >
          Sync now
        </button>
        <button
          type="button"
          className="button button-danger"
          disabled={busy || !online}
          onClick={props.onUnlink}
          aria-label={`Unlink ${name}`}
        >
          Unlink
        </button>
      </div>
    </article>
  );
}
