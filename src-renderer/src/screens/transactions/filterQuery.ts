import type { Filters } from './pagedRows';
import { UNCATEGORIZED, type FilterState } from './FilterBar';
import { readAmount } from '../../ui/format';
import { humanMessage } from '../../api/errors';

/**
 * The list query for the filter bar's state. Unreadable amounts or a reversed date range
 * are reported as `problem` and left out of the query rather than sent to the core.
 */
export function filtersToQuery(
  state: FilterState,
  search: string,
  amountCurrency: string,
): { filters: Filters; problem: string | null } {
  const filters: Filters = { sort: 'date_desc' };
  let problem: string | null = null;
  const trimmed = search.trim();
  if (trimmed !== '') filters.search = trimmed;
  if (state.accountId !== '') filters.accountId = state.accountId;
  if (state.category === UNCATEGORIZED) filters.uncategorized = true;
  else if (state.category !== '') filters.categoryId = state.category;
  if (state.from !== '' && state.to !== '' && state.from > state.to) {
    problem = 'The start date is after the end date.';
  } else {
    if (state.from !== '') filters.from = state.from;
    if (state.to !== '') filters.to = state.to;
  }
  const bound = (text: string, what: string): number | undefined => {
    if (text.trim() === '') return undefined;
    try {
      return readAmount(text, amountCurrency, what);
    } catch (error) {
      problem = humanMessage(error);
      return undefined;
    }
  };
  const min = bound(state.minAmount, 'minimum amount');
  const max = bound(state.maxAmount, 'maximum amount');
  if (min !== undefined && max !== undefined && min > max) {
    problem = 'The minimum amount is larger than the maximum amount.';
  } else {
    if (min !== undefined) filters.minAmount = min;
    if (max !== undefined) filters.maxAmount = max;
  }
  return { filters, problem };
}
