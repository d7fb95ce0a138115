import { Command } from 'commander';
import {
  createBackup,
  deleteBackup,
  listBackups,
  restoreBackup,
  type BackupSecret,
} from '../../core/cloud';
import { openVault } from '../../core/vault';
import type { CliContext } from '../cliContext';
import { secretFrom } from '../secretPrompt';

type ContextFactory = (command: Command) => CliContext;

const mb = (bytes: number) => bytes / (1024 * 1024);
const rate = (bytes: number, ms: number) => (ms <= 0 ? 0 : mb(bytes) / (ms / 1000));

/** backup create|list|restore|delete: encrypted backups in Casike Cloud. */
export function registerBackupCommands(program: Command, contextOf: ContextFactory): void {
  const backup = program
    .command('backup')
    .description('encrypted backups in Casike Cloud (encrypted on this device before upload)');

  backup
    .command('create')
    .description('back the vault up (or finish an upload that was cut off)')
    .action(async (_options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const made = await ctx.withVault((vault) => createBackup(vault));
      const upload = rate(made.sizeBytes, made.timings.uploadMs);
      ctx.print(made, [
        `${made.resumed ? 'Finished' : 'Created'} backup ${made.backupId} (#${made.sequence}, ${mb(made.sizeBytes).toFixed(1)} MiB, upload ${upload.toFixed(1)} MB/s)`,
        ...(made.pruned.length > 0
          ? [`Retention removed ${made.pruned.length} older backup(s).`]
          : []),
      ]);
    });

  backup
    .command('list')
    .description('the account’s backups, newest first')
    .action(async (_options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const backups = await ctx.withVault((vault) => listBackups(vault));
      ctx.print(
        backups,
        backups.length === 0
          ? 'No backups yet. Make one with: casike backup create'
          : backups.map(
              (b) =>
                `${b.id}\t${b.completedAt ?? b.createdAt}\t${mb(b.sizeBytes).toFixed(1)} MiB\t${b.status}`,
            ),
      );
    });

  backup
    .command('restore')
    .description(
      'replace this vault with a backup (ID or "latest"); the current vault is kept until the restored one opens',
    )
    .argument('<id>', 'the backup id, or latest')
    .option('--allow-older', 'restore a backup older than the newest this vault has seen')
    .option(
      '--recovery-key',
      'open a backup of another vault or key with its recovery key (CASIKE_RECOVERY_KEY or a prompt)',
    )
    .action(
      async (
        id: string,
        options: { allowOlder?: boolean; recoveryKey?: boolean },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        // A backup of another vault (a new device) or an older key opens with the passphrase
        // it was made under (CASIKE_BACKUP_PASSPHRASE), or its recovery key.
        let secret: BackupSecret | undefined;
        if (options.recoveryKey === true)
          secret = { recoveryKey: await secretFrom('CASIKE_RECOVERY_KEY', 'Recovery key: ') };
        else if (process.env.CASIKE_BACKUP_PASSPHRASE)
          secret = { passphrase: process.env.CASIKE_BACKUP_PASSPHRASE };
        const vault = await ctx.unlock();
        try {
          const restored = await restoreBackup(vault, id, {
            ...(secret ? { secret } : {}),
            allowOlder: options.allowOlder === true,
            reopen: ({ replacedKeys }) => {
              if (!replacedKeys || secret === undefined) return ctx.unlock();
              return openVault(
                ctx.vaultContext,
                'passphrase' in secret
                  ? { method: 'passphrase', passphrase: secret.passphrase }
                  : { method: 'recovery', recoveryKey: secret.recoveryKey },
              );
            },
          });
          restored.vault.lock('exit');
          const { vault: _open, ...result } = restored;
          void _open;
          ctx.print(result, [
            `Restored backup ${restored.backupId} (#${restored.sequence}, ${mb(restored.bytes).toFixed(1)} MiB, download ${rate(restored.bytes, restored.timings.downloadMs).toFixed(1)} MB/s).`,
            ...(restored.replacedKeys
              ? ['The vault now opens with the passphrase (or recovery key) of the backup.']
              : []),
          ]);
        } finally {
          if (vault.isOpen) vault.lock('exit');
        }
      },
    );

  backup
    .command('delete')
    .description('delete one backup from the server')
    .argument('<id>', 'the backup id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      await ctx.withVault((vault) => deleteBackup(vault, id));
      ctx.print({ deleted: id }, `Deleted backup ${id}.`);
    });
}
