import type { AuditEntry } from '../../../../src-shared/contract';

/** Plain words for each audit event; an unknown (newer) event shows its own name. */
const EVENT_LABELS: Readonly<Record<string, string>> = {
  'vault.created': 'Vault created',
  'vault.unlocked': 'Vault unlocked',
  'vault.locked': 'Vault locked',
  'vault.unlock_failed': 'Failed unlock attempt',
  'vault.passphrase_changed': 'Passphrase changed',
  'vault.recovered': 'Unlocked with the recovery key',
  'vault.key_rotated': 'Encryption key rotated',
  'vault.keychain_enabled': 'Keychain unlock turned on',
  'vault.keychain_disabled': 'Keychain unlock turned off',
  'settings.changed': 'Setting changed',
  'account.linked': 'Bank account linked',
  'account.unlinked': 'Bank account unlinked',
  'import.completed': 'File imported',
  'expense.created': 'Expense added',
  'expense.deleted': 'Expense deleted',
  'invoice.created': 'Invoice created',
  'invoice.deleted': 'Invoice deleted',
  'export.created': 'Data exported',
  'backup.created': 'Backup made',
  'backup.restored': 'Backup restored',
  'cloud.signed_in': 'Signed in to the cloud account',
  'cloud.signed_out': 'Signed out of the cloud account',
  'audit.pruned': 'Old audit entries removed (retention)',
};

export function eventLabel(event: string): string {
  return EVENT_LABELS[event] ?? event;
}

/** "method: passphrase · added: 3" */
export function detailsText(details: AuditEntry['details']): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${value === null ? '—' : String(value)}`)
    .join(' · ');
}

const timeFormatter = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'medium',
});

export function eventTime(at: string): string {
  const parsed = Date.parse(at);
  return Number.isNaN(parsed) ? at : timeFormatter.format(parsed);
}
