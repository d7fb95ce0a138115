import type { PlaidApi } from 'plaid';
import { z } from 'zod';
import { plaidErrorCode } from './plaidClient';
import type { RelayedAccount, RelayedTransaction } from './wire';

/*
 * The /transactions/sync relay. One run pages from the client's cursor until has_more is
 * false and hands back every page's added / modified / removed in order, with the final
 * cursor: the client applies them in one vault transaction and only then stores the
 * cursor, so an interrupted run loses nothing. When Plaid reports that the data changed
 * mid-pagination (TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION), Plaid's rule is to throw
 * the run's pages away and start again from the run's first cursor.
 *
 * Plaid's responses are parsed (a trust boundary) into exactly the fields we relay;
 * nothing is stored.
 */

const PAGE_SIZE = 500;
/** A huge backlog is cut into several runs (hasMore) so one response stays bounded. */
export const MAX_PAGES_PER_RUN = 40;
const MAX_RESTARTS = 3;

const nullableString = z
  .string()
  .nullish()
  .transform((v) => v ?? null);

const PlaidTransaction = z.object({
  transaction_id: z.string(),
  account_id: z.string(),
  amount: z.number(),
  iso_currency_code: nullableString,
  unofficial_currency_code: nullableString,
  date: z.string(),
  authorized_date: nullableString,
  name: z.string().nullish(),
  merchant_name: nullableString,
  pending: z.boolean(),
  pending_transaction_id: nullableString,
  personal_finance_category: z
    .object({ primary: z.string(), detailed: z.string(), confidence_level: nullableString })
    .nullish(),
  payment_channel: nullableString,
});

const PlaidSyncPage = z.object({
  added: z.array(PlaidTransaction),
  modified: z.array(PlaidTransaction),
  removed: z.array(z.object({ transaction_id: z.string(), account_id: nullableString })),
  next_cursor: z.string(),
  has_more: z.boolean(),
});

const PlaidAccount = z.object({
  account_id: z.string(),
  name: z.string(),
  official_name: nullableString,
  mask: nullableString,
  type: z.string(),
  subtype: nullableString,
  balances: z.object({
    available: z.number().nullish(),
    current: z.number().nullish(),
    limit: z.number().nullish(),
    iso_currency_code: nullableString,
    unofficial_currency_code: nullableString,
  }),
});

function relayTransaction(t: z.infer<typeof PlaidTransaction>): RelayedTransaction {
  return {
    transactionId: t.transaction_id,
    accountId: t.account_id,
    plaidAmount: t.amount,
    isoCurrencyCode: t.iso_currency_code,
    unofficialCurrencyCode: t.unofficial_currency_code,
    date: t.date,
    authorizedDate: t.authorized_date,
    name: t.name ?? t.merchant_name ?? '',
    merchantName: t.merchant_name,
    pending: t.pending,
    pendingTransactionId: t.pending_transaction_id,
    personalFinanceCategory:
      t.personal_finance_category == null
        ? null
        : {
            primary: t.personal_finance_category.primary,
            detailed: t.personal_finance_category.detailed,
            confidenceLevel: t.personal_finance_category.confidence_level,
          },
    paymentChannel: t.payment_channel,
  };
}

export interface SyncRun {
  added: RelayedTransaction[];
  modified: RelayedTransaction[];
  removed: { transactionId: string; accountId: string | null }[];
  nextCursor: string;
  hasMore: boolean;
  pages: number;
  restarts: number;
}

export class SyncRestartLimitError extends Error {
  constructor() {
    super('transactions kept changing during pagination');
    this.name = 'SyncRestartLimitError';
  }
}

/** Pages /transactions/sync from `cursor` (undefined = the beginning of history). */
export async function relayTransactionsSync(
  plaid: PlaidApi,
  accessToken: string,
  cursor: string | undefined,
): Promise<SyncRun> {
  for (let restarts = 0; restarts <= MAX_RESTARTS; restarts++) {
    const run: SyncRun = {
      added: [],
      modified: [],
      removed: [],
      nextCursor: cursor ?? '',
      hasMore: true,
      pages: 0,
      restarts,
    };
    try {
      while (run.hasMore && run.pages < MAX_PAGES_PER_RUN) {
        const response = await plaid.transactionsSync({
          access_token: accessToken,
          count: PAGE_SIZE,
          ...(run.nextCursor === '' ? {} : { cursor: run.nextCursor }),
          options: { include_personal_finance_category: true },
        });
        const page = PlaidSyncPage.parse(response.data);
        run.added.push(...page.added.map(relayTransaction));
        run.modified.push(...page.modified.map(relayTransaction));
        run.removed.push(
          ...page.removed.map((r) => ({
            transactionId: r.transaction_id,
            accountId: r.account_id,
          })),
        );
        run.nextCursor = page.next_cursor;
        run.hasMore = page.has_more;
        run.pages += 1;
      }
      return run;
    } catch (error) {
      if (plaidErrorCode(error) !== 'TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION') throw error;
      // Loop: discard this run's pages and start again from the caller's cursor.
    }
  }
  throw new SyncRestartLimitError();
}

/** Fresh balances for every account of the item (/accounts/balance/get). */
export async function fetchBalances(
  plaid: PlaidApi,
  accessToken: string,
): Promise<RelayedAccount[]> {
  const response = await plaid.accountsBalanceGet({ access_token: accessToken });
  const accounts = z.object({ accounts: z.array(PlaidAccount) }).parse(response.data).accounts;
  return accounts.map((a) => ({
    accountId: a.account_id,
    name: a.name,
    officialName: a.official_name,
    mask: a.mask,
    type: a.type,
    subtype: a.subtype,
    balances: {
      available: a.balances.available ?? null,
      current: a.balances.current ?? null,
      limit: a.balances.limit ?? null,
      isoCurrencyCode: a.balances.iso_currency_code,
      unofficialCurrencyCode: a.balances.unofficial_currency_code,
    },
  }));
}
