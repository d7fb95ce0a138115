/**
 * The contract's call and event names as plain strings, without zod, so the preload
 * bundle stays tiny and schema-free. contract.test.ts keeps these equal to CONTRACT's
 * keys and EVENTS' keys.
 */
export const CHANNELS = [
  'vault.status',
  'vault.create',
  'vault.unlock',
  'vault.lock',
  'vault.changePassphrase',
  'vault.rotateKey',
  'vault.setKeychain',
  'vault.setAutoLock',
  'vault.touch',
  'accounts.list',
  'accounts.create',
  'accounts.update',
  'categories.list',
  'categories.createGroup',
  'categories.create',
  'categories.update',
  'categories.delete',
  'payees.list',
  'payees.rename',
  'payees.merge',
  'transactions.list',
  'transactions.get',
  'transactions.create',
  'transactions.update',
  'transactions.delete',
  'transactions.transfer',
  'transactions.bulkEdit',
  'rules.list',
  'rules.create',
  'rules.update',
  'rules.delete',
  'rules.reorder',
  'rules.preview',
  'rules.apply',
  'imports.chooseFile',
  'imports.preview',
  'imports.run',
  'imports.cancel',
] as const;

export const EVENT_NAMES = ['vault.locked', 'task.progress'] as const;
