import { useEffect, useState } from 'react';
import { call } from '../../api/client';
import { useAction, useCall } from '../../api/hooks';
import { invalidate } from '../../api/queryStore';
import { Dialog, DialogActions } from '../../ui/Dialog';
import { SelectField } from '../../ui/Field';
import { money, shortDate } from '../../ui/format';
import { Empty, ErrorNote, FormError, Loading } from '../../ui/StateViews';
import './suggestions.css';

const THRESHOLDS = [0.5, 0.7, 0.8, 0.9, 0.95];
const SOURCE_LABELS = { rule: 'Rule', model: 'Learned', ai: 'AI' } as const;

function percent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}

/**
 * Category suggestions for uncategorized transactions, each with why; applies every
 * suggestion at or above a chosen confidence in one go.
 */
export function SuggestionsDialog({
  currency,
  onApplied,
  onClose,
}: {
  /** Suggestions carry no account; amounts are shown in the ledger's usual currency. */
  currency: string;
  onApplied: () => void;
  onClose: () => void;
}) {
  const suggestions = useCall('categorize.suggest', { limit: 200 });
  // The ledger may have changed since the last look: always ask afresh when opened.
  useEffect(() => invalidate('categorize.suggest'), []);
  const [threshold, setThreshold] = useState(0.8);
  const [applied, setApplied] = useState<number | null>(null);
  const apply = useAction(async () => {
    const result = await call('categorize.apply', { minConfidence: threshold });
    setApplied(result.applied);
    invalidate('categorize.', 'transactions.', 'reports.', 'budgets.');
    if (result.applied > 0) onApplied();
    return result;
  });
  const list = suggestions.data?.suggestions ?? [];
  const eligible = list.filter((s) => s.confidence >= threshold).length;
  const ai = suggestions.data?.ai;

  return (
    <Dialog title="Category suggestions" open onClose={onClose} wide>
      {suggestions.status === 'loading' && <Loading label="Looking for suggestions…" />}
      {suggestions.status === 'error' && (
        <ErrorNote error={suggestions.error} onRetry={suggestions.reload} />
      )}
      {ai && ai.message && ai.status !== 'off' && ai.status !== 'ok' && (
        <p className="field-hint">AI helper: {ai.message}</p>
      )}
      {suggestions.status === 'success' && list.length === 0 && (
        <Empty title="No suggestions right now">
          <p>
            Casike learns from how you file transactions. Categorize a few, and similar ones will
            get suggestions here.
          </p>
        </Empty>
      )}
      {list.length > 0 && (
        <div className="suggestions-scroll">
          <table className="data-table suggestions-table">
            <caption className="visually-hidden">Suggested categories</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Payee</th>
                <th scope="col">Amount</th>
                <th scope="col">Suggestion</th>
                <th scope="col">Sure</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {list.map((s) => (
                <tr key={s.transactionId}>
                  <td>{shortDate(s.date)}</td>
                  <td>{s.payee ?? s.memo}</td>
                  <td className="amount">{money(s.amount, currency)}</td>
                  <td>
                    {s.categoryName} <span className="badge">{SOURCE_LABELS[s.source]}</span>
                  </td>
                  <td>{percent(s.confidence)}</td>
                  <td className="suggestion-why">{s.explanation}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <FormError message={apply.error} />
      {applied !== null && (
        <p className="form-success" role="status">
          {applied === 1 ? 'Applied 1 suggestion.' : `Applied ${applied} suggestions.`}
        </p>
      )}
      <DialogActions>
        <SelectField
          label="Apply when at least"
          value={String(threshold)}
          onChange={(value) => setThreshold(Number(value))}
        >
          {THRESHOLDS.map((t) => (
            <option key={t} value={String(t)}>
              {percent(t)} sure
            </option>
          ))}
        </SelectField>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={apply.pending || eligible === 0}
          onClick={() => void apply.run()}
        >
          Apply ≥ {percent(threshold)} ({eligible})
        </button>
      </DialogActions>
    </Dialog>
  );
}
