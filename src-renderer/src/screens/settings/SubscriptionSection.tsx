import { useEffect, useState } from 'react';
import { call } from '../../api/client';
import { useAction, useCall } from '../../api/hooks';
import { invalidate } from '../../api/queryStore';
import { ErrorNote, FormError, Loading } from '../../ui/StateViews';
import { cloudCall, cloudErrorText, planSummary } from '../banks/cloudText';
import '../banks/banks.css';

/** How often to look again after Checkout opened, until the plan turns active. */
const POLL_MS = 3000;
const POLL_FOR_MS = 15 * 60_000;

/**
 * The Casike Cloud plan: status in words, Subscribe (Stripe Checkout) or Manage billing
 * (Customer Portal), both opened in the system browser, and Refresh. After Checkout opens,
 * the status is re-read every few seconds until Stripe's confirmation has arrived.
 */
export function SubscriptionSection() {
  const status = useCall('billing.status', {});
  // Stripe changes the plan behind our back: ask again on every visit.
  useEffect(() => invalidate('billing.status'), []);
  const [waitingSince, setWaitingSince] = useState<number | null>(null);
  const checkout = useAction(async () => {
    const opened = await cloudCall(call('billing.checkout', {}));
    setWaitingSince(Date.now());
    return opened;
  });
  const portal = useAction(() => cloudCall(call('billing.portal', {})));

  const plan = status.data ? planSummary(status.data) : null;
  const entitled = plan?.entitled ?? false;
  useEffect(() => {
    if (waitingSince === null) return;
    if (entitled || Date.now() - waitingSince > POLL_FOR_MS) {
      setWaitingSince(null);
      return;
    }
    const timer = window.setTimeout(() => invalidate('billing.status', 'banks.'), POLL_MS);
    return () => window.clearTimeout(timer);
  }, [waitingSince, entitled, status.data]);

  if (status.status === 'loading' && !status.data) return <Loading label="Checking your plan…" />;
  if (status.status === 'error' && !status.data)
    return <ErrorNote error={cloudErrorText(status.error)} onRetry={status.reload} />;
  if (!status.data || plan === null) return null;
  const view = status.data;
  const online = view.cloud === 'online';

  return (
    <div className="form-stack">
      <div className="plan-status">
        <span className="badge" data-testid="plan-badge">
          {plan.label}
        </span>
        {view.email !== null && <span className="muted">{view.email}</span>}
      </div>
      <p role="status" data-testid="plan-status">
        {plan.text}
      </p>
      {view.cloud === 'signed-out' && (
        <p className="field-hint">
          Sign in from a terminal with <code>casike cloud login you@example.com</code>.
        </p>
      )}
      {waitingSince !== null && (
        <p className="field-hint" role="status">
          Finish in the Stripe page that opened in your browser; this updates by itself.
        </p>
      )}
      <div className="bank-actions">
        {online && plan.canSubscribe && (
          <button
            type="button"
            className="button button-primary"
            disabled={checkout.pending}
            onClick={() => void checkout.run()}
          >
            Subscribe
          </button>
        )}
        {online && !plan.canSubscribe && (
          <button
            type="button"
            className="button"
            disabled={portal.pending}
            onClick={() => void portal.run()}
          >
            Manage billing
          </button>
        )}
        <button
          type="button"
          className="button"
          disabled={status.status === 'loading'}
          onClick={() => invalidate('billing.status', 'banks.')}
        >
          Refresh
        </button>
      </div>
      <p className="field-hint">
        Payments are handled by Stripe in your browser; Casike never sees your card.
      </p>
      <FormError message={checkout.error ?? portal.error} />
    </div>
  );
}
