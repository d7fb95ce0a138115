/**
 * Errors a user can cause or fix. `message` is one line meant for people, and never
 * contains a secret, a key, a path inside the vault or SQL.
 */
export type VaultErrorCode =
  | 'NO_VAULT'
  | 'VAULT_EXISTS'
  | 'WRONG_SECRET'
  | 'BAD_INPUT'
  | 'KEYCHAIN_UNAVAILABLE'
  | 'KEYCHAIN_NOT_ENABLED'
  | 'LOCKED'
  | 'BUSY'
  | 'DAMAGED';

export class VaultError extends Error {
  constructor(
    readonly code: VaultErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'VaultError';
  }
}
