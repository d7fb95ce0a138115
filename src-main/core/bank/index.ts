/**
 * Linked banks: Plaid through the sync server, merged into the vault idempotently, and
 * the Casike Cloud subscription's Checkout / Portal links. See docs/banks.md.
 */
export {
  startBankLink,
  exchangeBankLink,
  waitForBankLink,
  listBankItems,
  syncBanks,
  unlinkBank,
  checkoutUrl,
  billingPortalUrl,
  subscriptionStatus,
  type LinkStart,
  type LocalBankItem,
  type ItemSyncResult,
} from './bankSync';
export { mergeSync, type MergeCounts } from './bankMerge';
export { bankOverview } from './bankOverview';
export { billingOverview } from './billingOverview';
export { checkServiceUrl } from './serviceUrl';
export type { BankItem, SyncResponse, Subscription } from './bankWire';
