/**
 * The cloud client: sign-in to the sync server, tokens kept in the vault, and encrypted
 * backups (create, list, restore, delete). Every request goes to an https: origin (or
 * loopback in development) and every response is validated. See docs/backups.md.
 */
export { CloudError, type CloudFailure } from './cloudErrors';
export { checkCloudUrl, cloudUrlFrom } from './cloudUrl';
export {
  requestSignIn,
  completeSignIn,
  cloudStatus,
  signOut,
  authorizedClient,
  type CloudStatus,
  type AuthorizedClient,
  type SecondFactor,
  type SecondFactorOptions,
  type SignedIn,
} from './signIn';
export { signInWithOidc, type BrowserOpener, type OidcSignInOptions } from './oidcSignIn';
export { systemBrowserOpener } from './systemBrowser';
export { listTrustedDevices, revokeTrustedDevice } from './trustedDevice';
export { createBackup, type CreatedBackup, type CreateBackupOptions } from './backupCreate';
export { listBackups, deleteBackup, backupInfo } from './backupList';
export { restoreBackup, type RestoreOptions, type RestoredBackup } from './backupRestore';
export type { BackupSecret } from './backupKeys';
export { setMfa, type MfaChange } from './mfa';
export { measureBackupRoundTrip, type BackupThroughput } from './backupThroughput';
