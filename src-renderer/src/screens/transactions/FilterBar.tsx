import type { Account, CategoryGroup } from '../../../../src-shared/contract';

export interface FilterState {
  search: string;
  accountId: string;
  /** A category id, '' for any, or UNCATEGORIZED. */
  category: string;
  from: string;
  to: string;
  minAmount: string;
  maxAmount: string;
}

export const UNCATEGORIZED = '__uncategorized__';

export const EMPTY_FILTERS: FilterState = {
  search: '',
  accountId: '',
  category: '',
  from: '',
  to: '',
  minAmount: '',
  maxAmount: '',
};

interface Props {
  value: FilterState;
  onChange: (next: FilterState) => void;
  accounts: readonly Account[];
  groups: readonly CategoryGroup[];
  amountCurrency: string;
  problem: string | null;
}

/** Search plus the list's filters; the search is debounced by the owner. */
export function FilterBar({ value, onChange, accounts, groups, amountCurrency, problem }: Props) {
  const set = (patch: Partial<FilterState>) => onChange({ ...value, ...patch });
  const active = JSON.stringify(value) !== JSON.stringify(EMPTY_FILTERS);
  return (
    <div className="filter-bar" role="search" aria-label="Search and filter transactions">
      <input
        type="search"
        className="input filter-search"
        placeholder="Search…"
        aria-label="Search payee or memo"
        value={value.search}
        maxLength={200}
        onChange={(e) => set({ search: e.target.value })}
      />
      <select
        className="input"
        aria-label="Account"
        value={value.accountId}
        onChange={(e) => set({ accountId: e.target.value })}
      >
        <option value="">All accounts</option>
        {accounts.map((account) => (
          <option key={account.id} value={account.id}>
            {account.name}
            {account.archived ? ' (archived)' : ''}
          </option>
        ))}
      </select>
      <FilterCategory
        groups={groups}
        value={value.category}
        onChange={(category) => set({ category })}
      />
      <input
        type="date"
        className="input filter-date"
        aria-label="From date"
        value={value.from}
        onChange={(e) => set({ from: e.target.value })}
      />
      <input
        type="date"
        className="input filter-date"
        aria-label="To date"
        value={value.to}
        onChange={(e) => set({ to: e.target.value })}
      />
      <input
        className="input filter-amount"
        inputMode="decimal"
        placeholder={`Min ${amountCurrency}`}
        aria-label={`Minimum amount in ${amountCurrency}`}
        aria-invalid={problem !== null && problem.includes('minimum')}
        value={value.minAmount}
        onChange={(e) => set({ minAmount: e.target.value })}
      />
      <input
        className="input filter-amount"
        inputMode="decimal"
        placeholder={`Max ${amountCurrency}`}
        aria-label={`Maximum amount in ${amountCurrency}`}
        aria-invalid={problem !== null && problem.includes('maximum')}
        value={value.maxAmount}
        onChange={(e) => set({ maxAmount: e.target.value })}
      />
      {active && (
        <button
          type="button"
          className="button button-small"
          onClick={() => onChange(EMPTY_FILTERS)}
        >
          Clear filters
        </button>
      )}
    </div>
  );
}

function FilterCategory({
  groups,
  value,
  onChange,
}: {
  groups: readonly CategoryGroup[];
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <select
      className="input"
      aria-label="Category"
      value={value}
      onChange={(e) => onChange(e.target.value)}
    >
      <option value="">All categories</option>
      <option value={UNCATEGORIZED}>Uncategorized only</option>
      {groups.map((group) => (
        <optgroup key={group.id} label={group.name}>
          {group.categories.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}
