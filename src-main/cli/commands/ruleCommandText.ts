import type { RuleChange, RuleFields } from '../../../src-shared/contract/rules';
import type { Rule, RuleAction, RuleCondition } from '../../../src-shared/contract/rules';
import { toDecimalString, type CurrencyCode } from '../../../src-shared/domain';

/** Names for the ids a rule or a change mentions, and the currency for bare amounts. */
export interface RuleNames {
  category: (id: string | null) => string;
  account: (id: string) => { name: string; currency: CurrencyCode } | undefined;
  /** Amount conditions without an account are shown in this currency's decimals. */
  defaultCurrency: CurrencyCode;
}

/** One line per rule: `1. Coffee: if payee contains "blue bottle" then category Food:Coffee`. */
export function describeRule(rule: Rule, names: RuleNames): string {
  const accountIds = rule.conditions.flatMap((c) => (c.field === 'account' ? c.accountIds : []));
  const currency =
    (accountIds.length === 1 && accountIds[0] && names.account(accountIds[0])?.currency) ||
    names.defaultCurrency;
  const when = rule.conditions.map((c) => describeCondition(c, names, currency)).join(' and ');
  const then = rule.actions.map((a) => describeAction(a, names, currency)).join(', ');
  const off = rule.enabled ? '' : ' (disabled)';
  return `${rule.position}. ${rule.name}${off}: if ${when} then ${then}`;
}

function describeCondition(c: RuleCondition, names: RuleNames, currency: CurrencyCode): string {
  switch (c.field) {
    case 'payee':
    case 'memo':
      return `${c.field} ${c.op.replace('_', ' ')} ${JSON.stringify(c.value)}`;
    case 'amount': {
      const parts = [c.sign ?? 'amount'];
      if (c.min !== undefined) parts.push(`>= ${toDecimalString(c.min, currency)}`);
      if (c.max !== undefined) parts.push(`<= ${toDecimalString(c.max, currency)}`);
      return parts.join(' ');
    }
    case 'account':
      return `account is ${c.accountIds.map((id) => names.account(id)?.name ?? '(unknown)').join(' or ')}`;
  }
}

function describeAction(a: RuleAction, names: RuleNames, currency: CurrencyCode): string {
  switch (a.type) {
    case 'set_category':
      return `category ${names.category(a.categoryId)}`;
    case 'set_payee':
      return `payee ${JSON.stringify(a.payee)}`;
    case 'add_tags':
      return `tags ${a.tags.join(', ')}`;
    case 'split_percent':
      return `split ${a.parts.map((p) => `${names.category(p.categoryId)} ${p.basisPoints / 100}%`).join(' / ')}`;
    case 'split_fixed':
      return `split ${a.parts
        .map((p) => `${names.category(p.categoryId)} ${toDecimalString(p.amount, currency)}`)
        .join(' / ')} / ${names.category(a.remainder.categoryId)} rest`;
  }
}

/** One line per changed transaction: date, payee, amount, then each field's before → after. */
export function describeChange(change: RuleChange, names: RuleNames): string {
  const currency = names.account(change.accountId)?.currency ?? names.defaultCurrency;
  const fields = (['categoryId', 'payee', 'tags', 'splits'] as const)
    .filter((field) => change.after[field] !== undefined)
    .map(
      (field) =>
        `${field === 'categoryId' ? 'category' : field}: ${fieldText(change.before, field, names, currency)} → ${fieldText(change.after, field, names, currency)}`,
    );
  return [
    change.date,
    change.payee ?? '(no payee)',
    toDecimalString(change.amount, currency),
    fields.join('; '),
  ].join('  ');
}

function fieldText(
  fields: RuleFields,
  field: keyof RuleFields,
  names: RuleNames,
  currency: CurrencyCode,
): string {
  switch (field) {
    case 'categoryId':
      return names.category(fields.categoryId ?? null);
    case 'payee':
      return fields.payee ?? '(none)';
    case 'tags':
      return `[${(fields.tags ?? []).join(', ')}]`;
    case 'splits':
      return (fields.splits ?? []).length === 0
        ? '(not split)'
        : (fields.splits ?? [])
            .map((s) => `${names.category(s.categoryId)} ${toDecimalString(s.amount, currency)}`)
            .join(' / ');
  }
}
