import type { PlaidTransaction, SyncResponse } from './bankWire';

/** Test-only: sync answers shaped like the server's relay of real Plaid pages. */

export const _ITEM_ID = '7f0d2c1e-5a41-4e77-9a35-2d6f0b1c9e01';

export function _tx(
  id: string,
  accountId: string,
  plaidAmount: number,
  over: Partial<PlaidTransaction> = {},
): PlaidTransaction {
  return {
    transactionId: id,
    accountId,
    plaidAmount,
    isoCurrencyCode: 'USD',
    unofficialCurrencyCode: null,
    date: '2026-11-02',
    authorizedDate: '2026-11-01',
    name: 'POS DEBIT 1234',
    merchantName: null,
    pending: false,
    pendingTransactionId: null,
    personalFinanceCategory: null,
    paymentChannel: 'in store',
    ...over,
  };
}

export const _pfc = (primary: string, detailed: string) => ({
  primary,
  detailed,
  confidenceLevel: 'VERY_HIGH',
});

export function _syncAnswer(over: Partial<SyncResponse>): SyncResponse {
  return {
    item: {
      id: _ITEM_ID,
      institutionId: 'ins_109508',
      institutionName: 'First Platypus Bank',
      status: 'ok',
      statusReason: null,
      updatesAvailable: false,
      createdAt: '2026-11-01T10:00:00.000Z',
      lastSyncedAt: null,
    },
    added: [],
    modified: [],
    removed: [],
    nextCursor: 'cursor-1',
    hasMore: false,
    pages: 1,
    restarts: 0,
    accounts: [
      {
        accountId: 'acc-checking',
        name: 'Plaid Checking',
        officialName: 'Plaid Gold Standard 0% Interest Checking',
        mask: '0000',
        type: 'depository',
        subtype: 'checking',
        balances: {
          available: 100,
          current: 110.94,
          limit: null,
          isoCurrencyCode: 'USD',
          unofficialCurrencyCode: null,
        },
      },
      {
        accountId: 'acc-credit',
        name: 'Plaid Credit Card',
        officialName: null,
        mask: '3333',
        type: 'credit',
        subtype: 'credit card',
        balances: {
          available: null,
          current: 410.5,
          limit: 2000,
          isoCurrencyCode: 'USD',
          unofficialCurrencyCode: null,
        },
      },
    ],
    ...over,
  };
}
