import type { Command } from 'commander';
import { initVault, recoverVault, vaultStatus } from '../../core/vault';
import type { CliContext } from '../cliContext';
import { newSecretFrom, secretFrom } from '../secretPrompt';

type ContextFactory = (command: Command) => CliContext;

/** init, status, passphrase change, key rotate, recover, keychain enable|disable. */
export function registerVaultCommands(program: Command, contextOf: ContextFactory): void {
  program
    .command('init')
    .description('create a new encrypted vault and show its recovery key once')
    .action(async (_options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const passphrase = await newSecretFrom('CASIKE_PASSPHRASE', 'Choose a passphrase: ');
      const { recoveryKey, vaultId } = await initVault(ctx.dataDir, passphrase);
      ctx.print({ vaultId, dataDir: ctx.dataDir, recoveryKey }, [
        `Created vault ${vaultId} in ${ctx.dataDir}`,
        '',
        'Recovery key (shown only now; write it down and keep it somewhere safe):',
        '',
        `  ${recoveryKey}`,
        '',
        'It unlocks the vault if you forget your passphrase. Casike cannot show it again.',
      ]);
    });

  program
    .command('status')
    .description('show whether a vault exists here and how it is set up (no unlock needed)')
    .action((_options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const status = vaultStatus(ctx.dataDir);
      ctx.print(
        { dataDir: ctx.dataDir, ...status },
        status.exists
          ? [
              `Vault ${status.vaultId ?? ''} in ${ctx.dataDir}`,
              `created ${status.createdAt ?? ''}, format ${status.format ?? ''}`,
              `keychain unlock: ${status.keychainEnabled ? 'on' : 'off'}`,
              `failed unlocks since the last unlock: ${status.failedUnlocksSinceLastUnlock}`,
              ...(status.rotationPending
                ? ['a key rotation was interrupted; it completes at the next unlock']
                : []),
            ]
          : `No vault in ${ctx.dataDir}. Create one with \`casike init\`.`,
      );
    });

  const passphrase = program.command('passphrase').description('manage the vault passphrase');
  passphrase
    .command('change')
    .description('change the passphrase (CASIKE_PASSPHRASE = current, CASIKE_NEW_PASSPHRASE = new)')
    .action(async (_options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const current = await ctx.passphrase();
      const next = await newSecretFrom('CASIKE_NEW_PASSPHRASE', 'New passphrase: ');
      await ctx.withVault((vault) => vault.changePassphrase(current, next));
      ctx.print(
        { changed: true },
        'Passphrase changed. The old passphrase no longer opens the vault.',
      );
    });

  program
    .command('key')
    .description('manage the data key')
    .command('rotate')
    .description('replace the data key and re-encrypt the whole database')
    .action(async (_options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const current = await ctx.passphrase();
      await ctx.withVault((vault) => vault.rotateKey(current));
      ctx.print(
        { rotated: true },
        'Data key rotated; the database is re-encrypted under the new key.',
      );
    });

  program
    .command('recover')
    .description(
      'unlock with the recovery key and set a new passphrase (CASIKE_RECOVERY_KEY, CASIKE_NEW_PASSPHRASE)',
    )
    .action(async (_options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const recoveryKey = await secretFrom('CASIKE_RECOVERY_KEY', 'Recovery key: ');
      const next = await newSecretFrom('CASIKE_NEW_PASSPHRASE', 'New passphrase: ');
      const vault = await recoverVault(ctx.vaultContext, recoveryKey, next);
      vault.lock('exit');
      ctx.print({ recovered: true }, 'Vault recovered. Use your new passphrase from now on.');
    });

  const keychain = program.command('keychain').description('unlock automatically on this device');
  keychain
    .command('enable')
    .description(
      'keep the data key in the OS keychain so this device unlocks without the passphrase',
    )
    .action(async (_options: unknown, command: Command) => {
      const ctx = contextOf(command);
      await ctx.withVault((vault) => vault.enableKeychain());
      ctx.print({ keychain: 'enabled' }, 'This device now unlocks the vault from the OS keychain.');
    });
  keychain
    .command('disable')
    .description('remove the data key from the OS keychain')
    .action(async (_options: unknown, command: Command) => {
      const ctx = contextOf(command);
      await ctx.withVault((vault) => vault.disableKeychain());
      ctx.print({ keychain: 'disabled' }, 'The data key was removed from the OS keychain.');
    });
}
