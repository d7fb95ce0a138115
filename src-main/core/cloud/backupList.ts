import { z } from 'zod';
import {
  BackupListSchema,
  BackupUploadStateSchema,
  type BackupInfo,
  type BackupUploadState,
} from '../../../src-shared/contract/cloud/backupsWire';
import type { UnlockedVault } from '../vault';
import { authorizedClient } from './signIn';

/** The account's backups on the server, newest first. */
export async function listBackups(vault: UnlockedVault): Promise<BackupInfo[]> {
  const client = authorizedClient(vault);
  const { backups } = await client.call((token) =>
    client.http.json('GET', '/v1/backups', BackupListSchema, { token }),
  );
  return backups;
}

export async function backupInfo(
  vault: UnlockedVault,
  backupId: string,
): Promise<BackupUploadState> {
  const client = authorizedClient(vault);
  return client.call((token) =>
    client.http.json(
      'GET',
      `/v1/backups/${encodeURIComponent(backupId)}`,
      BackupUploadStateSchema,
      {
        token,
      },
    ),
  );
}

/** Deletes one backup on the server. */
export async function deleteBackup(vault: UnlockedVault, backupId: string): Promise<void> {
  const client = authorizedClient(vault);
  await client.call((token) =>
    client.http.json(
      'DELETE',
      `/v1/backups/${encodeURIComponent(backupId)}`,
      z.object({ status: z.literal('deleted') }),
      { token },
    ),
  );
  vault.audit('backup.deleted', { backupId });
}
