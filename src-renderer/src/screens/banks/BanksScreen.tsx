import { useCallback, useEffect, useState } from 'react';
import type { BankItemView, BankList, BillingStatus } from '../../../../src-shared/contract';
import { call } from '../../api/client';
import { useAction, useCall } from '../../api/hooks';
import { invalidate } from '../../api/queryStore';
import { Empty, ErrorNote, FormError, Loading } from '../../ui/StateViews';
import { useNavigation } from '../shell/navigation';
import { BankItemCard } from './BankItemCard';
import { cloudCall, cloudErrorText, planSummary } from './cloudText';
import { UnlinkDialog } from './UnlinkDialog';
import { useBankLink, type LinkState } from './useBankLink';
import './banks.css';

type SyncResults = Awaited<ReturnType<typeof syncAll>>;
const syncAll = (itemId?: string) =>
  cloudCall(call('banks.sync', itemId === undefined ? {} : { itemId })).then((r) => r.results);

function syncSummary(results: SyncResults): string {
  if (results.length === 0) return 'No linked banks to sync.';
  return results
    .map(
      (r) =>
        `${r.institutionName ?? 'Bank'}: ${r.added} new, ${r.modified} changed, ${r.removed} removed${r.pendingReplaced > 0 ? `, ${r.pendingReplaced} pending now posted` : ''}.`,
    )
    .join(' ');
}

/** Signed out, not subscribed or offline: what that means, in plain words. */
function CloudNotice({ list, billing }: { list: BankList; billing: BillingStatus | undefined }) {
  const { navigate } = useNavigation();
  const subscribe = useAction(() => cloudCall(call('billing.checkout', {})));
  if (list.cloud === 'signed-out')
    return (
      <div className="card bank-notice" role="note" aria-label="Casike Cloud">
        <h2>Bank sync needs Casike Cloud</h2>
        <p>
          You are not signed in to Casike Cloud, so banks cannot be linked or synced. Everything
          else in Casike works on this device without an account, and accounts already synced stay
          here.
        </p>
        <p className="field-hint">
          Sign in from a terminal with <code>casike cloud login you@example.com</code>, then come
          back here.
        </p>
      </div>
    );
  if (list.cloud === 'offline')
    return (
      <div className="card bank-notice bank-notice-offline" role="status">
        <h2>Offline</h2>
        <p>
          Casike Cloud cannot be reached right now. Your banks will sync when you are online; the
          balances below are from the last sync.
        </p>
      </div>
    );
  if (billing === undefined || billing.cloud !== 'online') return null;
  const plan = planSummary(billing);
  if (plan.entitled) return null;
  return (
    <div className="card bank-notice" role="note" aria-label="Subscription">
      <h2>{plan.label}</h2>
      <p>
        {plan.text} Linking and syncing banks needs an active Casike Cloud subscription; your
        accounts and transactions stay usable without one.
      </p>
      <div className="bank-actions">
        {plan.canSubscribe && (
          <button
            type="button"
            className="button button-primary"
            disabled={subscribe.pending}
            onClick={() => void subscribe.run()}
          >
            Subscribe
          </button>
        )}
        <button type="button" className="button" onClick={() => navigate('settings')}>
          Subscription settings
        </button>
      </div>
      {subscribe.error === null && subscribe.pending === false && (
        <p className="field-hint">
          Subscribe opens Stripe Checkout in your browser; this screen updates when you come back.
        </p>
      )}
      <FormError message={subscribe.error} />
    </div>
  );
}

function LinkProgress({
  state,
  onCancel,
  onDismiss,
}: {
  state: LinkState;
  onCancel: () => void;
  onDismiss: () => void;
}) {
  if (state.kind === 'idle') return null;
  if (state.kind === 'waiting')
    return (
      <div className="card bank-link-progress" role="status" aria-live="polite">
        <span className="spinner" aria-hidden="true" />
        <p>
          {state.reconnect
            ? 'Sign in to your bank again in the browser window that opened. Waiting for you to finish…'
            : 'Choose your bank and sign in in the browser window that opened (Plaid). Waiting for you to finish…'}
        </p>
        <button type="button" className="button button-small" onClick={onCancel}>
          Stop waiting
        </button>
      </div>
    );
  return (
    <div
      className={`card bank-link-progress ${state.kind === 'failed' ? 'bank-link-failed' : ''}`}
      role={state.kind === 'failed' ? 'alert' : 'status'}
    >
      <p>{state.text}</p>
      <button type="button" className="button button-small" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

/**
 * Linked banks (Plaid through Casike Cloud): link one in the system browser, see each
 * bank's accounts, balances and status, sync, reconnect when the bank asks, unlink.
 */
export function BanksScreen() {
  const list = useCall('banks.list', {});
  const billing = useCall('billing.status', {});
  // The cloud changes behind our back (the bank, Stripe): ask again on every visit.
  useEffect(() => invalidate('banks.list', 'billing.status'), []);
  // Which bank is syncing: an item id, or 'all'.
  const [syncing, setSyncing] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [unlinking, setUnlinking] = useState<BankItemView | null>(null);

  const sync = useAction(async (itemId?: string) => {
    setSyncing(itemId ?? 'all');
    setNote(null);
    try {
      const results = await syncAll(itemId);
      setNote(syncSummary(results));
      return results;
    } finally {
      setSyncing(null);
      // New transactions and balances touch every screen's data.
      invalidate('');
    }
  });
  const runSync = sync.run;
  const onLinked = useCallback(() => {
    invalidate('banks.');
    void runSync();
  }, [runSync]);
  const link = useBankLink(onLinked);
  const unlink = useAction(async (item: BankItemView) => {
    await cloudCall(call('banks.unlink', { itemId: item.itemId }));
    setUnlinking(null);
    setNote(
      `Unlinked ${item.institutionName ?? 'the bank'}. Its accounts and transactions stay in your vault.`,
    );
    invalidate('banks.');
    return true;
  });

  const data = list.data;
  const online = data?.cloud === 'online';
  const entitled = billing.data ? planSummary(billing.data).entitled : false;
  const busy = syncing !== null || link.state.kind === 'waiting' || link.start.pending;

  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen-header">
        <h1 id="screen-title">Banks</h1>
        <div className="screen-header-actions">
          <button
            type="button"
            className="button"
            disabled={busy || !online || !entitled || (data?.items.length ?? 0) === 0}
            onClick={() => void sync.run()}
          >
            {syncing === 'all' ? 'Syncing…' : 'Sync all'}
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={busy || !online || !entitled}
            onClick={() => void link.start.run()}
          >
            Link a bank
          </button>
        </div>
      </header>
      <FormError message={sync.error ?? link.start.error} />
      {note !== null && (
        <p className="form-success" role="status">
          {note}
        </p>
      )}
      <LinkProgress state={link.state} onCancel={link.cancel} onDismiss={link.dismiss} />
      {list.status === 'loading' && data === undefined && <Loading label="Loading your banks…" />}
      {list.status === 'error' && data === undefined && (
        <ErrorNote error={cloudErrorText(list.error)} onRetry={list.reload} />
      )}
      {data && <CloudNotice list={data} billing={billing.data} />}
      {data && data.items.length === 0 && (
        <div className="card">
          <Empty title="No linked banks">
            <p>
              Link a bank to bring its accounts, balances and transactions into Casike
              automatically. You sign in to your bank on Plaid&apos;s page in your browser; Casike
              never sees your bank password.
            </p>
          </Empty>
        </div>
      )}
      {data && data.items.length > 0 && (
        <div className="bank-list">
          {data.items.map((item) => (
            <BankItemCard
              key={item.itemId}
              item={item}
              cloud={data.cloud}
              syncing={syncing === 'all' || syncing === item.itemId}
              entitled={entitled}
              busy={busy}
              onSync={() => void sync.run(item.itemId)}
              onReconnect={() => void link.start.run(item.itemId)}
              onUnlink={() => {
                unlink.clearError();
                setUnlinking(item);
              }}
            />
          ))}
        </div>
      )}
      {unlinking !== null && (
        <UnlinkDialog
          item={unlinking}
          pending={unlink.pending}
          error={unlink.error}
          onConfirm={() => void unlink.run(unlinking)}
          onClose={() => setUnlinking(null)}
        />
      )}
    </section>
  );
}
