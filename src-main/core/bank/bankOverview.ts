import type { BankAccountView, BankItemView, BankList } from '../../../src-shared/contract/banks';
import { CloudError } from '../cloud';
import type { UnlockedVault } from '../vault';
import { listBankItems } from './bankSync';

/*
 * What the Banks screen shows: the server's view of each linked bank (status, "reconnect")
 * joined with what this vault holds (accounts, balances, when this device last synced).
 * When the cloud cannot be reached, or the user is signed out, the vault's own record is
 * shown instead, so the screen still lists the banks and their last known balances.
 */

interface LocalItemRow {
  item_id: string;
  institution_name: string | null;
  last_synced_at: string | null;
  linked_at: string;
}

function accountsOf(vault: UnlockedVault, itemId: string): BankAccountView[] {
  return vault.db
    .prepare(
      `SELECT b.account_id AS accountId, a.name, a.currency, a.type AS accountType,
              b.balance_current AS balanceCurrent, b.balance_available AS balanceAvailable,
              b.balances_at AS balancesAt
       FROM bank_accounts b JOIN accounts a ON a.id = b.account_id
       WHERE b.item_id = ? ORDER BY a.name`,
    )
    .all(itemId) as BankAccountView[];
}

function localItems(vault: UnlockedVault): Map<string, LocalItemRow> {
  const rows = vault.db
    .prepare(
      'SELECT item_id, institution_name, last_synced_at, linked_at FROM bank_items ORDER BY linked_at',
    )
    .all() as LocalItemRow[];
  return new Map(rows.map((row) => [row.item_id, row]));
}

function offlineList(vault: UnlockedVault, cloud: BankList['cloud'], message: string): BankList {
  const items = [...localItems(vault).values()].map((row): BankItemView => ({
    itemId: row.item_id,
    institutionName: row.institution_name,
    status: 'unknown',
    statusReason: null,
    updatesAvailable: false,
    linkedAt: row.linked_at,
    lastSyncedAt: row.last_synced_at,
    accounts: accountsOf(vault, row.item_id),
  }));
  return { cloud, message, items };
}

/** The linked banks with their accounts and balances, online or from the vault. */
export async function bankOverview(vault: UnlockedVault): Promise<BankList> {
  let remote: Awaited<ReturnType<typeof listBankItems>>;
  try {
    remote = await listBankItems(vault);
  } catch (error) {
    if (!(error instanceof CloudError)) throw error;
    if (error.failure === 'not_signed_in')
      return offlineList(vault, 'signed-out', 'Not signed in to Casike Cloud.');
    if (error.failure === 'unreachable' || error.failure === 'server_error')
      return offlineList(vault, 'offline', error.message);
    throw error;
  }
  const local = localItems(vault);
  return {
    cloud: 'online',
    message: null,
    items: remote.map((item) => {
      const mine = local.get(item.id);
      return {
        itemId: item.id,
        institutionName: item.institutionName ?? mine?.institution_name ?? null,
        status: item.status,
        statusReason: item.statusReason,
        updatesAvailable: item.updatesAvailable,
        linkedAt: mine?.linked_at ?? item.createdAt,
        lastSyncedAt: mine?.last_synced_at ?? item.lastSyncedAt,
        accounts: accountsOf(vault, item.id),
      };
    }),
  };
}
