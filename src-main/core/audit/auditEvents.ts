/**
 * Every event the audit log records. Details attached to an event must never hold a
 * secret, a key, a passphrase or ledger content: only what happened, how, and counts.
 */
export const AUDIT_EVENTS = [
  'vault.created',
  'vault.unlocked',
  'vault.locked',
  'vault.unlock_failed',
  'vault.passphrase_changed',
  'vault.recovered',
  'vault.key_rotated',
  'vault.keychain_enabled',
  'vault.keychain_disabled',
  'settings.changed',
  'account.linked',
  'account.unlinked',
  'import.completed',
  'expense.created',
  'expense.deleted',
  'invoice.created',
  'invoice.deleted',
  'invoice.issued',
  'invoice.voided',
  'export.created',
  'backup.created',
  'backup.restored',
  'backup.deleted',
  'cloud.signed_in',
  'cloud.signed_out',
  'categorize.applied',
  'ai.request',
  // A receipt's original opened for viewing (P000-43, views of sensitive data).
  'receipt.viewed',
  'bank.linked',
  'bank.synced',
  'bank.unlinked',
  // Rows older than the retention deleted; details name the range and the new checkpoint.
  'audit.pruned',
] as const;

export type AuditEventName = (typeof AUDIT_EVENTS)[number];

/** Flat, JSON-safe details: strings, numbers, booleans and null only. */
export type AuditDetails = Readonly<Record<string, string | number | boolean | null>>;
