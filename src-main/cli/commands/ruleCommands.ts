import { Command, InvalidArgumentError, Option } from 'commander';
import type { RuleAction, RuleCondition, RuleInput } from '../../../src-shared/contract/rules';
import { minorUnits, parseAmount, type CurrencyCode } from '../../../src-shared/domain';
import type { SqlDatabase } from '../../core/db/openDatabase';
import {
  findAccountByName,
  findCategoryByName,
  listAccounts,
  listCategoryGroups,
} from '../../core/ledger';
import { applyRules, createRule, listRules, previewRules } from '../../core/rules';
import type { CliContext } from '../cliContext';
import { CliError } from '../cliErrors';
import { describeChange, describeRule, type RuleNames } from './ruleCommandText';

type ContextFactory = (command: Command) => CliContext;

interface AddOptions {
  name: string;
  payeeIs?: string;
  payeeContains?: string;
  memoContains?: string;
  min?: string;
  max?: string;
  outflow?: boolean;
  inflow?: boolean;
  account?: string;
  setCategory?: string;
  setPayee?: string;
  tag?: string[];
  disabled?: boolean;
}

/** rule add, rule list, rule apply [--dry-run]. */
export function registerRuleCommands(program: Command, contextOf: ContextFactory): void {
  const rule = program
    .command('rule')
    .description('rules that categorize transactions as they arrive, or on demand');

  rule
    .command('add')
    .description(
      'add a rule at the end of the order (later rules win). --min/--max are sizes in the ' +
        "account's currency (with --account), else in the vault's currency",
    )
    .requiredOption('--name <name>', 'a name for the rule')
    .addOption(
      new Option('--payee-is <text>', 'payee equals (any case)').conflicts('payeeContains'),
    )
    .option('--payee-contains <text>', 'payee contains (any case)')
    .option('--memo-contains <text>', 'memo contains (any case)')
    .option('--min <amount>', 'amount is at least this size, e.g. 10.00')
    .option('--max <amount>', 'amount is at most this size, e.g. 99.99')
    .addOption(new Option('--outflow', 'only money leaving the account').conflicts('inflow'))
    .option('--inflow', 'only money coming in')
    .option('--account <name>', 'only transactions in this account')
    .option('--set-category <category>', 'set this category ("Name" or "Group:Name")')
    .option('--set-payee <payee>', 'rename the payee to this')
    .option('--tag <tags...>', 'add these tags')
    .option('--disabled', 'save the rule switched off')
    .action(async (options: AddOptions, command: Command) => {
      const ctx = contextOf(command);
      const created = await ctx.withVault((vault) => ({
        rule: createRule(vault.db, ruleInputFrom(vault.db, options)),
        names: namesIn(vault.db),
      }));
      ctx.print(created.rule, `Added rule ${describeRule(created.rule, created.names)}`);
    });

  rule
    .command('list')
    .description('show the rules in the order they run')
    .action(async (_options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const { rules, names } = await ctx.withVault((vault) => ({
        rules: listRules(vault.db),
        names: namesIn(vault.db),
      }));
      ctx.print(
        rules,
        rules.length === 0
          ? 'No rules. Add one with `casike rule add`.'
          : rules.map((r) => describeRule(r, names)),
      );
    });

  rule
    .command('apply')
    .description('run every enabled rule over all existing transactions, all or nothing')
    .option('--dry-run', 'only show what would change')
    .option('--limit <n>', 'with --dry-run: how many changes to list', parseLimit, 100)
    .action(async (options: { dryRun?: boolean; limit: number }, command: Command) => {
      const ctx = contextOf(command);
      if (options.dryRun) {
        const { preview, names } = await ctx.withVault((vault) => ({
          preview: previewRules(vault.db, {}, options.limit),
          names: namesIn(vault.db),
        }));
        const shown =
          preview.items.length < preview.total
            ? ` (showing the first ${preview.items.length})`
            : '';
        ctx.print(preview, [
          ...preview.items.map((change) => describeChange(change, names)),
          `${preview.total} transaction${preview.total === 1 ? '' : 's'} would change${shown}. Nothing was written.`,
        ]);
        return;
      }
      const changed = await ctx.withVault((vault) => applyRules(vault.db, {}));
      ctx.print({ changed }, `Changed ${changed} transaction${changed === 1 ? '' : 's'}.`);
    });
}

/** The rule `rule add` describes, with names resolved to ids and amounts to minor units. */
function ruleInputFrom(db: SqlDatabase, options: AddOptions): RuleInput {
  const account = options.account ? findAccountByName(db, options.account) : null;
  const conditions: RuleCondition[] = [];
  if (options.payeeIs !== undefined)
    conditions.push({ field: 'payee', op: 'is', value: options.payeeIs });
  if (options.payeeContains !== undefined)
    conditions.push({ field: 'payee', op: 'contains', value: options.payeeContains });
  if (options.memoContains !== undefined)
    conditions.push({ field: 'memo', op: 'contains', value: options.memoContains });
  const sign = options.outflow ? 'outflow' : options.inflow ? 'inflow' : undefined;
  if (options.min !== undefined || options.max !== undefined || sign) {
    const currency = amountCurrency(db, account?.currency ?? null);
    conditions.push({
      field: 'amount',
      min: options.min === undefined ? undefined : sizeOf('--min', options.min, currency),
      max: options.max === undefined ? undefined : sizeOf('--max', options.max, currency),
      sign,
    });
  }
  if (account) conditions.push({ field: 'account', accountIds: [account.id] });
  if (conditions.length === 0) {
    throw new CliError(
      'USAGE',
      'a rule needs a condition: --payee-is, --payee-contains, --memo-contains, --min, --max, --outflow, --inflow or --account',
    );
  }

  const actions: RuleAction[] = [];
  if (options.setCategory !== undefined) {
    actions.push({
      type: 'set_category',
      categoryId: findCategoryByName(db, options.setCategory).id,
    });
  }
  if (options.setPayee !== undefined) actions.push({ type: 'set_payee', payee: options.setPayee });
  if (options.tag && options.tag.length > 0) actions.push({ type: 'add_tags', tags: options.tag });
  if (actions.length === 0) {
    throw new CliError('USAGE', 'a rule needs an action: --set-category, --set-payee or --tag');
  }
  return { name: options.name, enabled: !options.disabled, conditions, actions };
}

/**
 * Which currency's decimals --min/--max are written in: the --account's; else the
 * vault's only currency (or several with the same number of decimals, e.g. USD and
 * EUR); 2 decimals when there are no accounts yet. Amounts in minor units mean nothing
 * across currencies with different decimals, so that case asks for --account.
 */
function amountCurrency(db: SqlDatabase, accountCurrency: CurrencyCode | null): CurrencyCode {
  if (accountCurrency) return accountCurrency;
  const currencies = [...new Set(listAccounts(db, true).map((a) => a.currency))];
  const [first] = currencies;
  if (!first) return 'USD';
  if (new Set(currencies.map(minorUnits)).size > 1) {
    throw new CliError(
      'BAD_INPUT',
      'your accounts use currencies with different decimals; add --account to say which one --min/--max are in',
    );
  }
  return first;
}

function sizeOf(flag: string, text: string, currency: CurrencyCode): number {
  const minor = parseAmount(text, currency);
  if (minor < 0) {
    throw new CliError(
      'BAD_INPUT',
      `${flag} is a size; use --outflow or --inflow for the direction`,
    );
  }
  return minor;
}

/** Names for human output; a category deleted since the rule was saved shows as such. */
function namesIn(db: SqlDatabase): RuleNames {
  const categories = new Map<string, string>();
  for (const group of listCategoryGroups(db)) {
    for (const category of group.categories)
      categories.set(category.id, `${group.name}:${category.name}`);
  }
  const accounts = new Map(listAccounts(db, true).map((a) => [a.id, a]));
  let defaultCurrency: CurrencyCode = 'USD';
  try {
    defaultCurrency = amountCurrency(db, null);
  } catch {
    // Mixed decimals: bare amounts print with 2 decimals; --account rules use their own.
  }
  return {
    category: (id) => (id === null ? '(none)' : (categories.get(id) ?? '(deleted category)')),
    account: (id) => accounts.get(id),
    defaultCurrency,
  };
}

function parseLimit(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 500) {
    throw new InvalidArgumentError('expected a whole number from 1 to 500');
  }
  return parsed;
}
