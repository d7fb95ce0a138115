import { useMemo, useState } from 'react';
import type { Rule } from '../../../../src-shared/contract';
import { call } from '../../api/client';
import { useAction, useCall } from '../../api/hooks';
import {
  useAccountIndex,
  useAllAccounts,
  useCategories,
  useCategoryIndex,
} from '../../api/ledgerQueries';
import { invalidate } from '../../api/queryStore';
import { Dialog, DialogActions } from '../../ui/Dialog';
import { Empty, ErrorNote, FormError, Loading } from '../../ui/StateViews';
import { RuleEditor } from './RuleEditor';
import { RulesPreview } from './RulesPreview';
import { ruleSummary, type SummaryLookups } from './ruleSummary';
import './rules.css';

type Modal = { kind: 'edit'; rule: Rule | null } | { kind: 'delete'; rule: Rule } | null;

/**
 * Rules: an ordered list of "if … then …" that categorize and tidy transactions as they
 * arrive. Create, edit, enable, reorder, delete; preview and apply them to what is
 * already in the ledger.
 */
export function RulesScreen() {
  const rules = useCall('rules.list', {});
  const accounts = useAllAccounts();
  const categories = useCategories();
  const accountIndex = useAccountIndex(accounts.data);
  const categoryIndex = useCategoryIndex(categories.data);
  const currency = accounts.data?.[0]?.currency ?? 'USD';
  const lookups = useMemo<SummaryLookups>(
    () => ({ categories: categoryIndex, accounts: accountIndex, currency }),
    [categoryIndex, accountIndex, currency],
  );
  const [modal, setModal] = useState<Modal>(null);

  const toggle = useAction(async (rule: Rule) => {
    await call('rules.update', { id: rule.id, enabled: !rule.enabled });
    invalidate('rules.');
    return true;
  });
  const move = useAction(async (index: number, by: -1 | 1) => {
    const ids = (rules.data ?? []).map((r) => r.id);
    const other = index + by;
    if (other < 0 || other >= ids.length) return false;
    [ids[index], ids[other]] = [ids[other] ?? '', ids[index] ?? ''];
    await call('rules.reorder', { ids });
    invalidate('rules.');
    return true;
  });
  const remove = useAction(async (rule: Rule) => {
    await call('rules.delete', { id: rule.id });
    invalidate('rules.');
    return true;
  });

  const list = rules.data ?? [];
  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen-header">
        <h1 id="screen-title">Rules</h1>
        <div className="screen-header-actions">
          <button
            type="button"
            className="button button-primary"
            onClick={() => setModal({ kind: 'edit', rule: null })}
          >
            New rule
          </button>
        </div>
      </header>
      <p className="muted rules-lead">
        Rules run in order on every new or imported transaction. The first rule that sets a category
        wins; later rules can still rename the payee or add tags.
      </p>
      <FormError message={toggle.error ?? move.error} />
      {rules.status === 'loading' && <Loading label="Loading rules…" />}
      {rules.status === 'error' && <ErrorNote error={rules.error} onRetry={rules.reload} />}
      {rules.status === 'success' && list.length === 0 && (
        <div className="card">
          <Empty title="No rules yet">
            <p>For example: when the payee contains “Coffee”, set the category to Dining out.</p>
            <button
              type="button"
              className="button button-primary"
              onClick={() => setModal({ kind: 'edit', rule: null })}
            >
              Create your first rule
            </button>
          </Empty>
        </div>
      )}
      {list.length > 0 && (
        <div className="card card-flush">
          <table className="data-table rules-table">
            <caption className="visually-hidden">Rules, in the order they run</caption>
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">On</th>
                <th scope="col">Rule</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((rule, index) => (
                <tr key={rule.id} className={rule.enabled ? undefined : 'rule-disabled'}>
                  <td className="rules-order">
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Move ${rule.name} up`}
                      disabled={index === 0 || move.pending}
                      onClick={() => void move.run(index, -1)}
                    >
                      <span aria-hidden="true">↑</span>
                    </button>
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Move ${rule.name} down`}
                      disabled={index === list.length - 1 || move.pending}
                      onClick={() => void move.run(index, 1)}
                    >
                      <span aria-hidden="true">↓</span>
                    </button>
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${rule.name} enabled`}
                      checked={rule.enabled}
                      disabled={toggle.pending}
                      onChange={() => void toggle.run(rule)}
                    />
                  </td>
                  <td>
                    <div className="rule-name">{rule.name}</div>
                    <div className="muted">{ruleSummary(rule, lookups)}</div>
                  </td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="button button-small"
                      aria-label={`Edit ${rule.name}`}
                      onClick={() => setModal({ kind: 'edit', rule })}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      className="button button-small button-danger"
                      aria-label={`Delete ${rule.name}`}
                      onClick={() => setModal({ kind: 'delete', rule })}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.some((r) => r.enabled) && (
        <RulesPreview lookups={lookups} accounts={accounts.data ?? []} />
      )}
      {modal?.kind === 'edit' && (
        <RuleEditor
          rule={modal.rule}
          accounts={(accounts.data ?? []).filter((a) => !a.archived)}
          groups={categories.data ?? []}
          currency={currency}
          onClose={() => setModal(null)}
          onSaved={() => setModal(null)}
        />
      )}
      {modal?.kind === 'delete' && (
        <Dialog
          title="Delete rule?"
          open
          onClose={() => setModal(null)}
          onSubmit={() =>
            void remove.run(modal.rule).then((done) => {
              if (done) setModal(null);
            })
          }
        >
          <p>
            “{modal.rule.name}” will no longer run. Transactions it already changed keep their
            changes.
          </p>
          <FormError message={remove.error} />
          <DialogActions>
            <button type="button" className="button" onClick={() => setModal(null)}>
              Cancel
            </button>
            <button type="submit" className="button button-danger" disabled={remove.pending}>
              Delete rule
            </button>
          </DialogActions>
        </Dialog>
      )}
    </section>
  );
}
