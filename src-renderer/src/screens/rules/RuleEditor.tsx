import { useState } from 'react';
import type { Account, CategoryGroup, Rule, TextOperator } from '../../../../src-shared/contract';
import { TEXT_OPERATORS } from '../../../../src-shared/contract';
import { call } from '../../api/client';
import { useAction } from '../../api/hooks';
import { invalidate } from '../../api/queryStore';
import { CategorySelect } from '../../ui/CategorySelect';
import { Dialog, DialogActions } from '../../ui/Dialog';
import { Field } from '../../ui/Field';
import { FormError } from '../../ui/StateViews';
import {
  draftFromRule,
  emptyDraft,
  newAction,
  newCondition,
  ruleInputFromDraft,
  TEXT_OPERATOR_LABELS,
  type ActionDraft,
  type ConditionDraft,
  type RuleDraft,
} from './ruleDraft';

interface Props {
  rule: Rule | null;
  accounts: readonly Account[];
  groups: readonly CategoryGroup[];
  currency: string;
  onClose: () => void;
  onSaved: (rule: Rule) => void;
}

const FIELD_LABELS: Record<ConditionDraft['field'], string> = {
  payee: 'Payee',
  memo: 'Memo',
  amount: 'Amount',
  account: 'Account',
};

/** Create or edit a rule: a name, conditions that must all hold, and actions. */
export function RuleEditor({ rule, accounts, groups, currency, onClose, onSaved }: Props) {
  const [draft, setDraft] = useState<RuleDraft>(() =>
    rule ? draftFromRule(rule, currency) : emptyDraft(),
  );
  const save = useAction(async () => {
    const input = ruleInputFromDraft(draft, currency);
    const saved = rule
      ? await call('rules.update', { id: rule.id, ...input })
      : await call('rules.create', input);
    invalidate('rules.');
    return saved;
  });
  const submit = async () => {
    const saved = await save.run();
    if (saved) onSaved(saved);
  };

  const setCondition = (index: number, next: ConditionDraft) =>
    setDraft({ ...draft, conditions: draft.conditions.map((c, i) => (i === index ? next : c)) });
  const setAction = (index: number, next: ActionDraft) =>
    setDraft({ ...draft, actions: draft.actions.map((a, i) => (i === index ? next : a)) });
  const hasCategorizing = draft.actions.some((a) => a.type === 'set_category' || a.type === 'kept');
  const hasPayee = draft.actions.some((a) => a.type === 'set_payee');

  return (
    <Dialog
      title={rule ? 'Edit rule' : 'New rule'}
      open
      wide
      onClose={onClose}
      onSubmit={() => void submit()}
    >
      <div className="rule-editor">
        <Field
          label="Rule name"
          value={draft.name}
          onChange={(name) => setDraft({ ...draft, name })}
          maxLength={120}
          autoFocus
        />
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.enabled}
            onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })}
          />
          Enabled (runs on new and imported transactions)
        </label>

        <fieldset className="rule-section">
          <legend>When all of these are true</legend>
          {draft.conditions.map((condition, index) => (
            <div className="rule-line" key={condition.key}>
              <select
                className="input"
                aria-label={`Condition ${index + 1}: field`}
                value={condition.field}
                onChange={(e) =>
                  setCondition(index, newCondition(e.target.value as ConditionDraft['field']))
                }
              >
                {Object.entries(FIELD_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
              <ConditionFields
                condition={condition}
                index={index}
                accounts={accounts}
                currency={currency}
                onChange={(next) => setCondition(index, next)}
              />
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove condition ${index + 1}`}
                disabled={draft.conditions.length === 1}
                onClick={() =>
                  setDraft({ ...draft, conditions: draft.conditions.filter((_, i) => i !== index) })
                }
              >
                <span aria-hidden="true">×</span>
              </button>
            </div>
          ))}
          <button
            type="button"
            className="button button-small"
            disabled={draft.conditions.length >= 10}
            onClick={() =>
              setDraft({ ...draft, conditions: [...draft.conditions, newCondition('payee')] })
            }
          >
            Add condition
          </button>
        </fieldset>

        <fieldset className="rule-section">
          <legend>Then</legend>
          {draft.actions.map((action, index) => (
            <div className="rule-line" key={action.key}>
              <ActionFields
                action={action}
                index={index}
                groups={groups}
                onChange={(next) => setAction(index, next)}
              />
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove action ${index + 1}`}
                disabled={draft.actions.length === 1}
                onClick={() =>
                  setDraft({ ...draft, actions: draft.actions.filter((_, i) => i !== index) })
                }
              >
                <span aria-hidden="true">×</span>
              </button>
            </div>
          ))}
          <div className="rule-add-actions">
            {!hasCategorizing && (
              <button
                type="button"
                className="button button-small"
                onClick={() =>
                  setDraft({ ...draft, actions: [...draft.actions, newAction('set_category')] })
                }
              >
                Set category
              </button>
            )}
            {!hasPayee && (
              <button
                type="button"
                className="button button-small"
                onClick={() =>
                  setDraft({ ...draft, actions: [...draft.actions, newAction('set_payee')] })
                }
              >
                Rename payee
              </button>
            )}
            <button
              type="button"
              className="button button-small"
              disabled={draft.actions.length >= 10}
              onClick={() =>
                setDraft({ ...draft, actions: [...draft.actions, newAction('add_tags')] })
              }
            >
              Add tags
            </button>
          </div>
        </fieldset>
      </div>
      <FormError message={save.error} />
      <DialogActions>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={save.pending}>
          {rule ? 'Save rule' : 'Create rule'}
        </button>
      </DialogActions>
    </Dialog>
  );
}

function ConditionFields({
  condition,
  index,
  accounts,
  currency,
  onChange,
}: {
  condition: ConditionDraft;
  index: number;
  accounts: readonly Account[];
  currency: string;
  onChange: (next: ConditionDraft) => void;
}) {
  const n = index + 1;
  switch (condition.field) {
    case 'payee':
    case 'memo':
      return (
        <>
          <select
            className="input"
            aria-label={`Condition ${n}: how to compare`}
            value={condition.op}
            onChange={(e) => onChange({ ...condition, op: e.target.value as TextOperator })}
          >
            {TEXT_OPERATORS.map((op) => (
              <option key={op} value={op}>
                {TEXT_OPERATOR_LABELS[op]}
              </option>
            ))}
          </select>
          <input
            className="input rule-grow"
            aria-label={`Condition ${n}: text to match`}
            value={condition.value}
            maxLength={200}
            placeholder="e.g. Coffee"
            onChange={(e) => onChange({ ...condition, value: e.target.value })}
          />
        </>
      );
    case 'amount':
      return (
        <>
          <select
            className="input"
            aria-label={`Condition ${n}: direction`}
            value={condition.sign}
            onChange={(e) =>
              onChange({ ...condition, sign: e.target.value as '' | 'outflow' | 'inflow' })
            }
          >
            <option value="outflow">is money out</option>
            <option value="inflow">is money in</option>
            <option value="">either way</option>
          </select>
          <input
            className="input rule-amount"
            aria-label={`Condition ${n}: at least (${currency})`}
            placeholder="at least"
            inputMode="decimal"
            value={condition.min}
            onChange={(e) => onChange({ ...condition, min: e.target.value })}
          />
          <input
            className="input rule-amount"
            aria-label={`Condition ${n}: at most (${currency})`}
            placeholder="at most"
            inputMode="decimal"
            value={condition.max}
            onChange={(e) => onChange({ ...condition, max: e.target.value })}
          />
        </>
      );
    case 'account':
      return (
        <fieldset className="rule-accounts rule-grow">
          <legend className="visually-hidden">Condition {n}: accounts</legend>
          {accounts.map((account) => (
            <label key={account.id} className="checkbox">
              <input
                type="checkbox"
                checked={condition.accountIds.includes(account.id)}
                onChange={(e) =>
                  onChange({
                    ...condition,
                    accountIds: e.target.checked
                      ? [...condition.accountIds, account.id]
                      : condition.accountIds.filter((id) => id !== account.id),
                  })
                }
              />
              {account.name}
            </label>
          ))}
        </fieldset>
      );
  }
}

function ActionFields({
  action,
  index,
  groups,
  onChange,
}: {
  action: ActionDraft;
  index: number;
  groups: readonly CategoryGroup[];
  onChange: (next: ActionDraft) => void;
}) {
  const n = index + 1;
  switch (action.type) {
    case 'set_category':
      return (
        <>
          <span className="rule-verb">Set category to</span>
          <CategorySelect
            groups={groups}
            value={action.categoryId}
            onChange={(categoryId) => onChange({ ...action, categoryId })}
            label={`Action ${n}: category`}
            noneLabel="Choose a category…"
            className="input rule-grow"
          />
        </>
      );
    case 'set_payee':
      return (
        <>
          <span className="rule-verb">Rename payee to</span>
          <input
            className="input rule-grow"
            aria-label={`Action ${n}: new payee name`}
            value={action.payee}
            maxLength={200}
            onChange={(e) => onChange({ ...action, payee: e.target.value })}
          />
        </>
      );
    case 'add_tags':
      return (
        <>
          <span className="rule-verb">Add tags</span>
          <input
            className="input rule-grow"
            aria-label={`Action ${n}: tags, separated by commas`}
            placeholder="e.g. work, travel"
            value={action.tags}
            onChange={(e) => onChange({ ...action, tags: e.target.value })}
          />
        </>
      );
    case 'kept':
      return (
        <span className="rule-verb rule-grow">
          Split the transaction (set up from the command line; kept as it is)
        </span>
      );
  }
}
