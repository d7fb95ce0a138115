import type { Rule, RuleAction, RuleCondition } from '../../../../src-shared/contract';
import type { CategoryInfo } from '../../api/ledgerQueries';
import { money } from '../../ui/format';
import { TEXT_OPERATOR_LABELS } from './ruleDraft';

export interface SummaryLookups {
  categories: ReadonlyMap<string, CategoryInfo>;
  accounts: ReadonlyMap<string, { name: string }>;
  currency: string;
}

function condition(c: RuleCondition, lookups: SummaryLookups): string {
  switch (c.field) {
    case 'payee':
    case 'memo':
      return `${c.field === 'payee' ? 'Payee' : 'Memo'} ${TEXT_OPERATOR_LABELS[c.op]} “${c.value}”`;
    case 'amount': {
      const parts = [
        c.sign === 'outflow' ? 'Money out' : c.sign === 'inflow' ? 'Money in' : 'Amount',
      ];
      if (c.min !== undefined) parts.push(`at least ${money(c.min, lookups.currency)}`);
      if (c.max !== undefined) parts.push(`at most ${money(c.max, lookups.currency)}`);
      return parts.join(' ');
    }
    case 'account':
      return `Account is ${c.accountIds
        .map((id) => lookups.accounts.get(id)?.name ?? 'a removed account')
        .join(' or ')}`;
  }
}

export function categoryName(id: string | null, lookups: SummaryLookups): string {
  if (id === null) return 'Uncategorized';
  return lookups.categories.get(id)?.name ?? 'a deleted category';
}

function action(a: RuleAction, lookups: SummaryLookups): string {
  switch (a.type) {
    case 'set_category':
      return `set category to ${categoryName(a.categoryId, lookups)}`;
    case 'set_payee':
      return `rename payee to “${a.payee}”`;
    case 'add_tags':
      return `add tags ${a.tags.join(', ')}`;
    case 'split_percent':
      return `split by percentage into ${a.parts.length} parts`;
    case 'split_fixed':
      return `split into ${a.parts.length} fixed parts and a remainder`;
  }
}

/** "If payee contains “Coffee”, then set category to Dining out." */
export function ruleSummary(rule: Rule, lookups: SummaryLookups): string {
  const when = rule.conditions.map((c) => condition(c, lookups)).join(' and ');
  const then = rule.actions.map((a) => action(a, lookups)).join(', ');
  return `If ${when.charAt(0).toLowerCase()}${when.slice(1)}, then ${then}.`;
}
