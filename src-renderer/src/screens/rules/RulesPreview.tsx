import { useState } from 'react';
import type { Account, RulePreview, RuleSelection } from '../../../../src-shared/contract';
import { call } from '../../api/client';
import { useAction } from '../../api/hooks';
import { invalidate } from '../../api/queryStore';
import { Amount } from '../../ui/Amount';
import { shortDate } from '../../ui/format';
import { FormError } from '../../ui/StateViews';
import { categoryName, type SummaryLookups } from './ruleSummary';

/**
 * Runs the enabled rules over transactions already in the ledger: first a preview of
 * what would change (nothing is written), then apply, all or nothing.
 */
export function RulesPreview({
  lookups,
  accounts,
}: {
  lookups: SummaryLookups;
  accounts: readonly Account[];
}) {
  const [onlyUncategorized, setOnlyUncategorized] = useState(true);
  const [preview, setPreview] = useState<RulePreview | null>(null);
  const [applied, setApplied] = useState<string | null>(null);
  const selection: RuleSelection = onlyUncategorized ? { uncategorized: true } : {};
  const currencyOf = (accountId: string) =>
    accounts.find((a) => a.id === accountId)?.currency ?? lookups.currency;

  const load = useAction(async () => {
    setApplied(null);
    const result = await call('rules.preview', { ...selection, limit: 50 });
    setPreview(result);
    return result;
  });
  const apply = useAction(async () => {
    const { changed } = await call('rules.apply', selection);
    invalidate('transactions.', 'budgets.', 'reports.', 'payees.');
    setPreview(null);
    setApplied(
      changed === 0
        ? 'No transaction needed a change.'
        : `${changed.toLocaleString()} transaction${changed === 1 ? ' was' : 's were'} updated.`,
    );
    return true;
  });

  return (
    <section className="card rules-preview" aria-labelledby="rules-preview-title">
      <h2 id="rules-preview-title" className="card-title">
        Run the rules on existing transactions
      </h2>
      <div className="rules-preview-controls">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={onlyUncategorized}
            onChange={(e) => {
              setOnlyUncategorized(e.target.checked);
              setPreview(null);
            }}
          />
          Only transactions without a category
        </label>
        <button
          type="button"
          className="button"
          onClick={() => void load.run()}
          disabled={load.pending}
        >
          {load.pending ? 'Looking…' : 'Preview changes'}
        </button>
      </div>
      <FormError message={load.error ?? apply.error} />
      {applied && (
        <p className="form-success" role="status">
          {applied}
        </p>
      )}
      {preview && preview.total === 0 && (
        <p className="muted" role="status">
          The rules would change nothing.
        </p>
      )}
      {preview && preview.total > 0 && (
        <>
          <p role="status">
            {preview.total.toLocaleString()} transaction{preview.total === 1 ? '' : 's'} would
            change
            {preview.items.length < preview.total
              ? ` (the first ${preview.items.length} are shown)`
              : ''}
            .
          </p>
          <table className="data-table">
            <caption className="visually-hidden">Changes the rules would make</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Payee</th>
                <th scope="col" className="amount">
                  Amount
                </th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {preview.items.map((item) => (
                <tr key={item.transactionId}>
                  <td>{shortDate(item.date)}</td>
                  <td>{item.payee ?? ''}</td>
                  <td className="amount">
                    <Amount minor={item.amount} currency={currencyOf(item.accountId)} />
                  </td>
                  <td>{describeChange(item.before, item.after, lookups)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="import-actions">
            <button
              type="button"
              className="button button-primary"
              onClick={() => void apply.run()}
              disabled={apply.pending}
            >
              {apply.pending
                ? 'Applying…'
                : `Apply to ${preview.total.toLocaleString()} transaction${preview.total === 1 ? '' : 's'}`}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

function describeChange(
  before: RulePreview['items'][number]['before'],
  after: RulePreview['items'][number]['after'],
  lookups: SummaryLookups,
): string {
  const parts: string[] = [];
  if (after.categoryId !== undefined) {
    parts.push(
      `Category: ${categoryName(before.categoryId ?? null, lookups)} → ${categoryName(after.categoryId, lookups)}`,
    );
  }
  if (after.payee !== undefined)
    parts.push(`Payee: ${before.payee ?? '—'} → ${after.payee ?? '—'}`);
  if (after.tags !== undefined) parts.push(`Tags: ${after.tags.join(', ')}`);
  if (after.splits !== undefined) parts.push(`Split into ${after.splits.length} parts`);
  return parts.join('; ');
}
