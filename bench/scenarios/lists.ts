import type { TransactionQuery } from '../../src-shared/contract/ledger';
import { listAccounts, searchTransactions } from '../../src-main/core/ledger';
import type { Fixtures } from '../harness/fixtures';
import { timeMs } from '../harness/stats';
import type { Scenario } from '../harness/types';
import { longReadIterations, readIterations } from './iterations';
import { listQuery } from './queries';

/** The screen budget: DESIGN.md principle 4, issue 9 ("first search page < 50 ms at 1M"). */
export const SCREEN_GOAL = { value: 50, label: 'goal' };

/** The first page (100 rows, newest first) of the transaction list with a filter. */
function firstPage(
  id: string,
  about: string,
  query: (fixtures: Fixtures) => TransactionQuery,
): Scenario {
  return {
    id,
    about,
    unit: 'ms',
    phase: 'read',
    iterations: readIterations,
    goal: SCREEN_GOAL,
    setup(ctx) {
      const parsed = listQuery(query(ctx.fixtures));
      let shown = 0;
      return {
        sample: () => timeMs(() => (shown = searchTransactions(ctx.db, parsed).items.length)),
        note: () => `${shown} rows`,
      };
    },
  };
}

/**
 * Diagnosis for search.common: the FTS index alone (first 101 rowids, newest first,
 * no join, no hydration). An exact term's doclist streams backwards and stops after
 * 101 rows; a prefix query has FTS5 merge the doclists of every matching term first,
 * which grows with the number of matches.
 */
function ftsOnly(id: string, match: string, what: string): Scenario {
  return {
    id,
    about: `Raw FTS5 MATCH '${match}' (${what}), first 101 rowids newest first: no join, no hydration.`,
    unit: 'ms',
    phase: 'read',
    iterations: readIterations,
    setup(ctx) {
      const statement = ctx.db.prepare(
        'SELECT rowid FROM transactions_fts WHERE transactions_fts MATCH ? ORDER BY rowid DESC LIMIT 101',
      );
      return { sample: () => timeMs(() => statement.all(match)) };
    },
  };
}

export const listScenarios: Scenario[] = [
  {
    id: 'accounts.list',
    about: 'The account list with balances (opening balance + maintained monthly totals).',
    unit: 'ms',
    phase: 'read',
    iterations: readIterations,
    goal: SCREEN_GOAL,
    setup: (ctx) => ({ sample: () => timeMs(() => listAccounts(ctx.db)) }),
  },
  firstPage('list.firstPage', 'First page of the unfiltered list, newest first.', () => ({})),
  firstPage('list.byAccount', 'First page filtered by one account (checking).', (f) => ({
    accountId: f.checkingId,
  })),
  firstPage('list.byCategory', 'First page filtered by a common category (Groceries).', (f) => ({
    categoryId: f.groceriesId,
  })),
  firstPage(
    'list.byRareCategory',
    'First page filtered by a rare category (Income tax, ~1 row in 4,000).',
    (f) => ({ categoryId: f.rareCategoryId }),
  ),
  firstPage(
    'search.common',
    'Full-text first page for a common term ("store", ~45% of rows match).',
    (f) => ({ search: f.commonTerm }),
  ),
  firstPage(
    'search.rare',
    'Full-text first page for a rare term ("warranty", ~1 row in 20,000).',
    (f) => ({ search: f.rareTerm }),
  ),
  ftsOnly('diag.fts.prefix', '"store"*', 'prefix match, the form the app sends'),
  ftsOnly('diag.fts.exact', '"store"', 'exact term'),
  {
    id: 'paging.accountYear',
    about: 'Keyset paging (100 rows a page) to the end of one account over one year.',
    unit: 'rows/s',
    phase: 'read',
    iterations: longReadIterations,
    setup(ctx) {
      const { checkingId, year } = ctx.fixtures;
      let rows = 0;
      let pages = 0;
      return {
        sample() {
          rows = 0;
          pages = 0;
          let cursor: string | undefined;
          const ms = timeMs(() => {
            do {
              // prettier-ignore
              const page = searchTransactions(ctx.db, listQuery({ accountId: checkingId, from: `${year}-01-01`, to: `${year}-12-31`, cursor }));
              rows += page.items.length;
              pages += 1;
              cursor = page.nextCursor ?? undefined;
            } while (cursor);
          });
          return rows / (ms / 1000);
        },
        note: () => `${rows} rows in ${pages} pages`,
      };
    },
  },
];
